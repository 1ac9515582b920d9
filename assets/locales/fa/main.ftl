app-name = Yardstick
app-tagline = خرید پنهان و مقایسه با رقبا
skip-to-content = رفتن به محتوای اصلی
save = ذخیره
cancel = انصراف
form-has-errors = برخی از فیلدها نیاز به بررسی دارند. هر مشکل کنار فیلد مربوط به آن نشان داده شده است.

## ناوبری
nav-label = منوی اصلی
nav-home = خانه
nav-users = کاربران
nav-account = حساب کاربری
nav-logout = خروج

## نقش‌ها
role-admin = مدیر سیستم
role-manager = مدیر
role-trainer = مربی
role-shopper = خریدار پنهان

## فیلدها
field-name = نام
field-email = ایمیل
field-role = نقش
field-language = زبان
field-password = رمز عبور
field-password-confirm = تکرار رمز عبور
field-password-current = رمز عبور فعلی
field-password-new = رمز عبور جدید

## خطاهای فیلدها
field-required = پر کردن این فیلد الزامی است.
field-too-long = حداکثر { $max } نویسه مجاز است.
email-invalid = نشانی ایمیل را به شکل name@example.com وارد کنید.
email-taken = کاربری با این ایمیل از قبل وجود دارد.
role-invalid = یکی از نقش‌های فهرست را انتخاب کنید.
locale-invalid = یکی از زبان‌های فهرست را انتخاب کنید.
password-hint = دست‌کم { $min } نویسه. چند کلمه‌ی بی‌ربط در کنار هم، رمز عبوری قوی و به‌یادماندنی می‌سازند.
password-too-short = رمز عبور باید دست‌کم { $min } نویسه باشد.
password-too-weak = حدس زدن این رمز عبور خیلی آسان است. کلمه‌ها یا نویسه‌های بیشتری اضافه کنید.
password-mismatch = دو رمز عبور با هم یکسان نیستند.
password-wrong = رمز عبور فعلی درست نیست.
cannot-demote-self = نمی‌توانید نقش مدیر سیستم را از خودتان بگیرید.
cannot-deactivate-self = نمی‌توانید حساب کاربری خودتان را غیرفعال کنید.

## ورود
login-title = ورود
login-submit = ورود

## راه‌اندازی اولیه
setup-title = ایجاد نخستین مدیر سیستم
setup-intro = به Yardstick خوش آمدید. این حساب، کاربران و تنظیمات را مدیریت می‌کند. پیوند راه‌اندازی فقط یک بار کار می‌کند.
setup-submit = ایجاد مدیر سیستم
setup-done = حساب مدیر سیستم شما آماده است.
setup-link-invalid = این پیوند راه‌اندازی معتبر نیست یا پیش‌تر استفاده شده است. شاید مدیر سیستم از قبل ایجاد شده باشد؛ در این صورت وارد شوید.
setup-link-expired = این پیوند راه‌اندازی منقضی شده است. Yardstick را دوباره اجرا کنید تا پیوند تازه‌ای چاپ شود.

## خانه
home-welcome = خوش آمدید، { $name }
home-role-admin = شما کاربران و تنظیمات را مدیریت می‌کنید و هر کاری را هم که از یک مدیر برمی‌آید، می‌توانید انجام دهید.
home-role-manager = شما برندها، شعبه‌ها و چک‌لیست‌ها را تعریف می‌کنید، بازدیدها را به افراد می‌سپارید و بررسی می‌کنید و کارنامه‌ها را با هم مقایسه می‌کنید.
home-role-trainer = شما مستندات تصویری و موارد مردود را بررسی می‌کنید تا کارکنان را راهنمایی و آموزش دهید.
home-role-shopper = شما در نقش مشتری به فروشگاه‌ها و مراکز خدماتی سر می‌زنید و درباره‌ی آن‌ها گزارش می‌دهید.
home-users-text = افراد جدید اضافه کنید، نقششان را تغییر دهید یا حساب کاربری را غیرفعال کنید.
home-account-text = رمز عبور یا زبان خود را تغییر دهید.

## حساب کاربری
account-profile = نمایه
account-language = زبان
account-password = رمز عبور
account-change-password = تغییر رمز عبور
account-language-saved = زبان شما ذخیره شد.
account-password-changed = رمز عبور شما تغییر کرد و از نشست‌های دیگرتان خارج شدید.

## کاربران
users-new = کاربر جدید
users-create = ایجاد کاربر
users-created = کاربر ایجاد شد.
users-saved = تغییرات کاربر ذخیره شد.
users-status = وضعیت
users-created-on = تاریخ ایجاد
users-active = فعال
users-inactive = غیرفعال
users-active-label = فعال
users-active-hint = کاربر غیرفعال نمی‌تواند وارد شود و نشست‌ها و توکن‌های API او بی‌درنگ از کار می‌افتند.

## خطاها
error-title-not-found = صفحه پیدا نشد
error-title-forbidden = دسترسی مجاز نیست
error-title-csrf = فرم منقضی شده است
error-title-throttled = تلاش‌های بیش از حد
error-title-internal = مشکلی پیش آمد
error-title-generic = مشکلی وجود دارد
error-not-found = اینجا چیزی نیست. شاید پیوند قدیمی باشد یا این مورد وجود نداشته باشد.
error-forbidden = نقش شما اجازه‌ی این کار را نمی‌دهد.
error-unauthenticated = برای ادامه، لطفاً وارد شوید.
error-wrong-credentials = ایمیل یا رمز عبور نادرست است.
error-bad-request = درخواست قابل خواندن نبود.
error-validation = برخی از فیلدها نیاز به بررسی دارند.
error-conflict = این مورد با چیزی که از قبل وجود دارد تداخل دارد.
error-too-large = حجم فایل بارگذاری‌شده بیش از حد مجاز است.
error-unsupported-media = این نوع فایل یا محتوا پذیرفته نمی‌شود.
error-throttled = تلاش‌های ناموفق بیش از حد بوده است. { $minutes } دقیقه‌ی دیگر دوباره امتحان کنید.
error-csrf = این فرم منقضی شده یا از Yardstick نیامده است. به صفحه‌ی قبل برگردید، صفحه را تازه کنید و دوباره امتحان کنید.
error-internal = مشکلی در سمت ما پیش آمد و ربطی به کار شما ندارد. اگر این مشکل تکرار شد، این شناسه‌ی پیگیری را به مدیر سیستم بدهید.
error-reference = شناسه‌ی پیگیری:
error-go-home = رفتن به صفحه‌ی اصلی
