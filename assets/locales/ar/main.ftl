app-name = Yardstick
app-tagline = التسوّق الخفي ومقارنة الأداء بالمنافسين
skip-to-content = الانتقال إلى المحتوى
save = حفظ
cancel = إلغاء
form-has-errors = بعض الحقول تحتاج إلى مراجعتك. تظهر كل مشكلة بجانب الحقل الخاص بها.

## التنقّل
nav-label = القائمة الرئيسية
nav-home = الرئيسية
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
