app-name = Yardstick
app-tagline = التسوّق الخفي ومقارنة الأداء بالمنافسين
skip-to-content = الانتقال إلى المحتوى
save = حفظ
cancel = إلغاء
saved = تم حفظ التغييرات.
choose = اختر…
archive = أرشفة
restore = استعادة
archive-title = الأرشفة
archived-done = تمت الأرشفة. يبقى العنصر في السجل، لكنه لن يظهر بعد الآن في قوائم الاختيار.
restored-done = تمت الاستعادة. سيظهر العنصر مجددًا في قوائم الاختيار.
show-archived = عرض المؤرشفة
show-active = عرض النشطة
filter-any = الكل
filter-apply = تصفية
filter-name = الاسم يحتوي على
pager-label = الصفحات
pager-previous = السابق
pager-next = التالي
pager-position = الصفحة { $page } من { $pages }
form-has-errors = بعض الحقول تحتاج إلى مراجعتك. تظهر كل مشكلة بجانب الحقل الخاص بها.

## التنقّل
nav-label = القائمة الرئيسية
nav-home = الرئيسية
nav-brands = العلامات التجارية
nav-locations = الفروع
nav-users = المستخدمون
nav-account = الحساب
nav-logout = تسجيل الخروج

## الأدوار
role-admin = مسؤول النظام
role-manager = مدير
role-trainer = مدرّب
role-shopper = متسوّق خفي

## الحقول
field-name = الاسم
field-email = البريد الإلكتروني
field-role = الدور
field-language = اللغة
field-password = كلمة المرور
field-password-confirm = تأكيد كلمة المرور
field-password-current = كلمة المرور الحالية
field-password-new = كلمة المرور الجديدة
field-brand = العلامة التجارية
field-channel = القناة
field-region = المنطقة
field-city = المدينة
field-address = العنوان
field-url = عنوان الويب
field-phone = الهاتف
field-latitude = خط العرض
field-longitude = خط الطول
field-timezone = المنطقة الزمنية

## مشكلات الحقول
field-required = هذا الحقل مطلوب.
field-too-long = الحد الأقصى لعدد الأحرف هو { $max }.
email-invalid = أدخل عنوان بريد إلكتروني مثل name@example.com.
email-taken = يوجد مستخدم بهذا البريد الإلكتروني بالفعل.
role-invalid = اختر أحد الأدوار الواردة في القائمة.
locale-invalid = اختر إحدى اللغات الواردة في القائمة.
password-hint = { $min } أحرف على الأقل. بضع كلمات لا رابط بينها تصنع كلمة مرور قوية يسهل تذكّرها.
password-too-short = الحد الأدنى لعدد الأحرف هو { $min }.
password-too-weak = كلمة المرور هذه سهلة التخمين. أضف مزيدًا من الكلمات أو الأحرف.
password-mismatch = كلمتا المرور غير متطابقتين.
password-wrong = كلمة المرور الحالية غير صحيحة.
cannot-demote-self = لا يمكنك سحب دور مسؤول النظام من حسابك.
cannot-deactivate-self = لا يمكنك تعطيل حسابك الخاص.
color-invalid = استخدم لونًا مثل #1d4ed8.
brand-name-taken = توجد علامة تجارية بهذا الاسم بالفعل.
brand-unknown = اختر إحدى العلامات التجارية الواردة في القائمة.
brand-archived = هذه العلامة التجارية مؤرشفة. استعِدها أولًا، أو اختر علامة تجارية أخرى.
channel-invalid = اختر إحدى القنوات التالية: متجر (store)، موقع إلكتروني (website)، هاتف (phone)، بريد إلكتروني (email)، تطبيق (app)، توصيل (delivery) أو وسائل التواصل الاجتماعي (social).
url-invalid = أدخل عنوان ويب يبدأ بـ http:// أو https://.
phone-invalid = أدخل رقم هاتف من ٥ إلى ٢٠ رقمًا؛ يُسمح بالمسافات و+ و- والأقواس.
coordinate-invalid = أدخل رقمًا بين سالب { $limit } و{ $limit }.
coordinates-both = أدخل خط العرض وخط الطول معًا، أو اترك كليهما فارغًا.
timezone-invalid = استخدم اسم منطقة زمنية مثل Asia/Tehran أو Europe/London.
contact-required = مطلوب لهذه القناة، ليتمكن المتسوّقون من الوصول إليها.
location-name-taken = لدى هذه العلامة التجارية فرع بهذا الاسم بالفعل.

## تسجيل الدخول
login-title = تسجيل الدخول
login-submit = تسجيل الدخول

## الإعداد الأولي
setup-title = إنشاء أول حساب لمسؤول النظام
setup-intro = مرحبًا بك في Yardstick. سيتولى هذا الحساب إدارة المستخدمين والإعدادات. لا يعمل رابط الإعداد إلا مرة واحدة.
setup-submit = إنشاء حساب المسؤول
setup-done = أصبح حساب مسؤول النظام الخاص بك جاهزًا.
setup-link-invalid = رابط الإعداد هذا غير صالح أو سبق استخدامه. ربما يوجد مسؤول للنظام بالفعل، لذا سجّل الدخول بدلًا من ذلك.
setup-link-expired = انتهت صلاحية رابط الإعداد هذا. أعد تشغيل Yardstick ليطبع رابطًا جديدًا.

## الرئيسية
home-welcome = مرحبًا، { $name }
home-role-admin = تتولى إدارة المستخدمين والإعدادات، ويمكنك القيام بكل ما يستطيع المدير القيام به.
home-role-manager = تُعِدّ العلامات التجارية والفروع وقوائم التحقق، وتُسند الزيارات وتراجعها، وتقارن بطاقات التقييم.
home-role-trainer = تراجع الأدلة المصوّرة والبنود غير المستوفاة لتوجيه الموظفين وتدريبهم.
home-role-shopper = تزور المتاجر ومراكز الخدمة بصفتك عميلًا، وتقدّم تقارير عنها.
home-users-text = أضف أشخاصًا، أو غيّر أدوارهم، أو عطّل حسابًا.
home-account-text = غيّر كلمة المرور أو اللغة.

## الحساب
account-profile = الملف الشخصي
account-language = اللغة
account-password = كلمة المرور
account-change-password = تغيير كلمة المرور
account-language-saved = تم حفظ اللغة.
account-password-changed = تم تغيير كلمة المرور، وسُجّل خروجك من جلساتك الأخرى.

## القنوات
channel-store = متجر
channel-website = موقع إلكتروني
channel-phone = هاتف
channel-email = بريد إلكتروني
channel-app = تطبيق
channel-delivery = توصيل
channel-social = وسائل التواصل الاجتماعي

## العلامات التجارية
brands-new = علامة تجارية جديدة
brands-created = تم إنشاء العلامة التجارية.
brands-none = لا توجد علامات تجارية بعد. أضف علامتك التجارية أولًا، ثم علامات منافسيك.
brands-none-archived = لا توجد علامات تجارية مؤرشفة.
brand-kind = النوع
brand-own = علامتنا التجارية
brand-competitor = منافس
brand-own-label = هذه إحدى علاماتنا التجارية
brand-own-hint = تُقارَن علاماتنا التجارية بكل العلامات التجارية الأخرى، أي المنافسين.
brand-color = لون الرسم البياني
brand-archive-note = تؤدي الأرشفة إلى إخفاء العلامة التجارية من قوائم الاختيار. تبقى زياراتها ودرجاتها في السجل.
brand-archived-note = هذه العلامة التجارية مؤرشفة: يُحتفظ بسجلها، لكنها لا تُعرض عند إضافة فروع أو زيارات جديدة.

## الفروع
locations-new = فرع جديد
locations-import = استيراد من CSV
locations-created = تم إنشاء الفرع.
locations-count = عدد الفروع: { $count }
location-contact-hint = يحتاج المتجر إلى عنوان، والموقع الإلكتروني أو التطبيق أو حساب التواصل الاجتماعي إلى عنوان ويب، وخط الهاتف إلى رقم، وخدمة البريد الإلكتروني إلى عنوان للمراسلة.
timezone-hint = المنطقة الزمنية للفرع، مثل Asia/Tehran أو Asia/Dubai أو Europe/London. تُدخَل أوقات الزيارات بحسبها.
location-archive-note = تؤدي الأرشفة إلى إخفاء الفرع من قوائم الاختيار. تبقى زياراته ودرجاته في السجل.
location-archived-note = هذا الفرع مؤرشف: يُحتفظ بسجله، لكنه لا يُعرض عند إضافة زيارات جديدة.

## الاستيراد
import-intro = ارفع ملف CSV يتضمن صفًّا لعناوين الأعمدة. يُفحص كل صف أولًا، ولن يُستورد أي شيء حتى تكون جميع الصفوف سليمة.
import-columns-hint = الأعمدة المطلوبة: brand (باسم العلامة التجارية)، name، channel، timezone. الأعمدة الاختيارية: region، city، address، url، phone، email، latitude، longitude.
import-file = ملف CSV
import-preview = فحص الملف
import-preview-title = معاينة الاستيراد
import-ready = جميع الصفوف سليمة، وعددها { $count }.
import-confirm = استيراد الصفوف
import-done = عدد الفروع المستوردة: { $count }.
import-has-problems = عدد المشكلات المكتشفة: { $count }. لم يُستورد أي شيء. صحّح الملف وارفعه مرة أخرى.
import-again = رفع الملف المصحَّح
import-line = السطر
import-column = العمود
import-problem = المشكلة
import-problems = { $list }
import-column-problem = { $column }: { $problem }
import-unknown-column = عمود غير معروف. استخدم الأعمدة المذكورة أعلاه فقط.
import-missing-column = هذا العمود المطلوب غير موجود.
import-unreadable-row = تتعذّر قراءة هذا الصف: تحقّق من علامات الاقتباس فيه ومن عدد أعمدته.
import-empty = لا يحتوي الملف على أي صفوف.
import-unknown-brand = لا توجد علامة تجارية باسم «{ $brand }».
import-duplicate-row = وردت العلامة التجارية نفسها بالاسم نفسه في السطر { $line }.

## المستخدمون
users-new = مستخدم جديد
users-create = إنشاء المستخدم
users-created = تم إنشاء المستخدم.
users-saved = تم حفظ بيانات المستخدم.
users-status = الحالة
users-created-on = تاريخ الإنشاء
users-active = نشط
users-inactive = معطّل
users-active-label = نشط
users-active-hint = لا يستطيع المستخدم المعطّل تسجيل الدخول، وتتوقف جلساته ورموز API الخاصة به عن العمل فورًا.

## الأخطاء
error-title-not-found = الصفحة غير موجودة
error-title-forbidden = غير مسموح
error-title-csrf = انتهت صلاحية النموذج
error-title-throttled = محاولات كثيرة جدًا
error-title-internal = حدث خطأ ما
error-title-generic = ثمة مشكلة
error-not-found = لا يوجد شيء هنا. قد يكون الرابط قديمًا، أو قد يكون العنصر غير موجود.
error-forbidden = لا يسمح دورك بهذا الإجراء.
error-unauthenticated = يُرجى تسجيل الدخول للمتابعة.
error-wrong-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
error-bad-request = تعذّرت قراءة الطلب.
error-validation = بعض الحقول تحتاج إلى مراجعتك.
error-conflict = يتعارض هذا مع عنصر موجود بالفعل.
error-too-large = الملف المرفوع كبير جدًا.
error-unsupported-media = هذا النوع من الملفات أو المحتوى غير مقبول.
error-throttled = محاولات فاشلة كثيرة جدًا. حاول مرة أخرى بعد { $minutes } دقيقة.
error-csrf = انتهت صلاحية هذا النموذج أو أنه لم يصدر عن Yardstick. ارجع إلى الصفحة السابقة، وأعد تحميلها، ثم حاول مرة أخرى.
error-internal = حدث خطأ من جانبنا، ولا علاقة له بأي شيء قمت به. إذا تكرر الأمر، فقدّم هذا المرجع إلى مسؤول النظام.
error-reference = المرجع:
error-go-home = الانتقال إلى الصفحة الرئيسية
