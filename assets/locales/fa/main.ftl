app-name = Yardstick
app-tagline = خرید پنهان و مقایسه با رقبا
skip-to-content = رفتن به محتوای اصلی
save = ذخیره
cancel = انصراف
saved = تغییرات شما ذخیره شد.
choose = انتخاب کنید…
archive = بایگانی
restore = بازگردانی
archive-title = بایگانی
archived-done = بایگانی شد. در سوابق باقی می‌ماند، اما دیگر در فهرست‌های انتخاب نمایش داده نمی‌شود.
restored-done = بازگردانی شد. دوباره در فهرست‌های انتخاب نمایش داده می‌شود.
show-archived = نمایش بایگانی‌شده‌ها
show-active = نمایش موارد فعال
filter-any = همه
filter-apply = اعمال فیلتر
filter-name = جستجو در نام
pager-label = صفحه‌ها
pager-previous = قبلی
pager-next = بعدی
pager-position = صفحه‌ی { $page } از { $pages }
form-has-errors = برخی از فیلدها نیاز به بررسی دارند. هر مشکل کنار فیلد مربوط به آن نشان داده شده است.

## ناوبری
nav-label = منوی اصلی
nav-home = خانه
nav-brands = برندها
nav-locations = شعبه‌ها
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
field-brand = برند
field-channel = کانال
field-region = منطقه
field-city = شهر
field-address = نشانی
field-url = نشانی وب
field-phone = تلفن
field-latitude = عرض جغرافیایی
field-longitude = طول جغرافیایی
field-timezone = منطقه‌ی زمانی

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
color-invalid = رنگ را به شکل #1d4ed8 وارد کنید.
brand-name-taken = برندی با این نام از قبل وجود دارد.
brand-unknown = یکی از برندهای فهرست را انتخاب کنید.
brand-archived = این برند بایگانی شده است. ابتدا آن را بازگردانی کنید یا برند دیگری انتخاب کنید.
channel-invalid = یکی از این کانال‌ها را انتخاب کنید: فروشگاه (store)، وب‌سایت (website)، تلفن (phone)، ایمیل (email)، اپلیکیشن (app)، ارسال (delivery) یا شبکه‌های اجتماعی (social).
url-invalid = نشانی وبی وارد کنید که با http:// یا https:// شروع شود.
phone-invalid = شماره‌ی تلفنی با ۵ تا ۲۰ رقم وارد کنید؛ فاصله، +، - و پرانتز مجاز است.
coordinate-invalid = عددی بین منفی { $limit } و { $limit } وارد کنید.
coordinates-both = یا هم عرض و هم طول جغرافیایی را وارد کنید، یا هیچ‌کدام را.
timezone-invalid = نام منطقه‌ی زمانی را مانند Asia/Tehran یا Europe/London وارد کنید.
contact-required = برای این کانال لازم است تا خریداران پنهان بتوانند با آن ارتباط بگیرند.
location-name-taken = این برند از قبل شعبه‌ای با همین نام دارد.

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

## کانال‌ها
channel-store = فروشگاه
channel-website = وب‌سایت
channel-phone = تلفن
channel-email = ایمیل
channel-app = اپلیکیشن
channel-delivery = ارسال
channel-social = شبکه‌های اجتماعی

## برندها
brands-new = برند جدید
brands-created = برند ایجاد شد.
brands-none = هنوز برندی ثبت نشده است. ابتدا برند خودتان و سپس برندهای رقیب را اضافه کنید.
brands-none-archived = برند بایگانی‌شده‌ای وجود ندارد.
brand-kind = نوع
brand-own = برند خودی
brand-competitor = رقیب
brand-own-label = این یکی از برندهای خود ماست
brand-own-hint = برندهای خودی با همه‌ی برندهای دیگر، یعنی رقبا، مقایسه می‌شوند.
brand-color = رنگ نمودار
brand-archive-note = با بایگانی کردن، برند از فهرست‌های انتخاب پنهان می‌شود. بازدیدها و امتیازهای آن در سوابق باقی می‌مانند.
brand-archived-note = این برند بایگانی شده است: سوابقش حفظ می‌شود، اما برای شعبه‌ها یا بازدیدهای جدید پیشنهاد نمی‌شود.

## شعبه‌ها
locations-new = شعبه‌ی جدید
locations-import = وارد کردن از CSV
locations-created = شعبه ایجاد شد.
locations-count = { $count } شعبه
location-contact-hint = فروشگاه به نشانی نیاز دارد؛ وب‌سایت، اپلیکیشن یا حساب شبکه‌های اجتماعی به نشانی وب؛ خط تلفن به شماره‌ی تلفن؛ و سرویس ایمیل به نشانی ایمیلی برای نامه‌نگاری.
timezone-hint = منطقه‌ی زمانی شعبه، مانند Asia/Tehran، Asia/Dubai یا Europe/London. زمان بازدیدها بر اساس همین منطقه وارد می‌شود.
location-archive-note = با بایگانی کردن، شعبه از فهرست‌های انتخاب پنهان می‌شود. بازدیدها و امتیازهای آن در سوابق باقی می‌مانند.
location-archived-note = این شعبه بایگانی شده است: سوابقش حفظ می‌شود، اما برای بازدیدهای جدید پیشنهاد نمی‌شود.

## وارد کردن از CSV
import-intro = یک فایل CSV با ردیف عنوان ستون‌ها بارگذاری کنید. ابتدا همه‌ی ردیف‌ها بررسی می‌شوند و تا وقتی همه‌ی آن‌ها درست نباشند، چیزی وارد نمی‌شود.
import-columns-hint = ستون‌های الزامی: brand (نام برند)، name، channel، timezone. ستون‌های اختیاری: region، city، address، url، phone، email، latitude، longitude.
import-file = فایل CSV
import-preview = بررسی فایل
import-preview-title = پیش‌نمایش وارد کردن
import-ready = هر { $count } ردیف درست است.
import-confirm = وارد کردن ردیف‌ها
import-done = { $count } شعبه وارد شد.
import-has-problems = { $count } مشکل پیدا شد و چیزی وارد نشد. فایل را اصلاح و دوباره بارگذاری کنید.
import-again = بارگذاری فایل اصلاح‌شده
import-line = سطر
import-column = ستون
import-problem = مشکل
import-problems = { $list }
import-column-problem = { $column }: { $problem }
import-unknown-column = ستون ناشناخته است. فقط از ستون‌هایی که در بالا آمده‌اند استفاده کنید.
import-missing-column = این ستون الزامی وجود ندارد.
import-unreadable-row = این ردیف خوانده نمی‌شود: علامت‌های نقل‌قول و تعداد ستون‌هایش را بررسی کنید.
import-empty = فایل هیچ ردیفی ندارد.
import-unknown-brand = برندی با نام «{ $brand }» وجود ندارد.
import-duplicate-row = همین برند و نام پیش‌تر در سطر { $line } آمده است.

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
