## الإشعارات
nav-notifications = الإشعارات
notify-title = الإشعارات
notify-unread = إشعارات غير مقروءة
notify-none = لا جديد. ستُبلَّغ هنا بالمهام الجديدة ومواعيد التسليم والزيارات المُعادة.
notify-new = جديد
notify-mark-read = تعليم كمقروء
notify-mark-all-read = تعليم الكل كمقروء
notify-marked-read = عُلِّم كمقروء: { $count }
notify-preferences = إعدادات الإشعارات
notify-preferences-saved = حُفظت إعدادات الإشعارات.
notify-kind = الإشعار
notify-in-app = في التطبيق
notify-email = بالبريد الإلكتروني
notify-mail-off = البريد الإلكتروني غير مُعَدّ على هذا الخادم: تظهر الإشعارات في التطبيق فقط.
notify-mail-problems = مشكلات البريد
notify-mail-problems-none = لم تفشل أي رسالة.
notify-mail-problems-hint = الرسائل الفاشلة رُفضت أو تعذّر إرسالها بعد عدة محاولات. الرسائل غير المؤكدة ربما وصلت وربما لا (توقف المُرسِل في منتصف العمل)؛ ولا يُعاد إرسالها تلقائيًا أبدًا.
notify-status-failed = فشل
notify-status-uncertain = غير مؤكد

notify-kind-action-assigned = إجراء مطلوب منك
notify-kind-assignment-new = مهمة جديدة
notify-kind-assignment-due = مهمة يحين موعدها بعد يومين
notify-kind-assignment-overdue = مهمة متأخرة
notify-kind-visit-returned = زيارة أُعيدت إليّ
notify-kind-review-digest = ملخص يومي للزيارات التي تنتظر المراجعة
notify-kind-weekly-summary = الملخص الأسبوعي

notify-action-assigned-title = إجراء مطلوب: { $location }
notify-action-assigned-body = أصلحه قبل { $due } في { $location }: { $what }
notify-assignment-new-title = مهمة جديدة: { $location }
notify-assignment-new-body = طُلب منك زيارة { $location } قبل { $due }.
notify-assignment-due-title = يحين موعدها بعد يومين: { $location }
notify-assignment-due-body = موعد زيارتك إلى { $location } هو { $due }.
notify-assignment-overdue-title = متأخرة: { $location }
notify-assignment-overdue-body = كان موعد زيارتك إلى { $location } في { $due } ولم تُنجز بعد.
notify-visit-returned-title = أُعيدت الزيارة: { $location }
notify-visit-returned-body = أعاد المراجع زيارتك إلى { $location } مع هذه الملاحظة: { $note }
notify-review-digest-title = زيارات تنتظر المراجعة: { $count }
notify-review-digest-body = هذه الزيارات تنتظر قرارًا.
notify-weekly-summary-title = الملخص الأسبوعي
notify-weekly-summary-body = الزيارات المعتمدة في الأيام السبعة الماضية: { $count }. متوسط الدرجة: { $score } (الأيام السبعة التي قبلها: { $previous }). المهام المتأخرة: { $overdue }.

notify-mail-greeting = مرحبًا { $name }،
notify-mail-open = افتح في Yardstick
notify-mail-why = تصلك هذه الرسالة من أجل: { $kind }.
notify-mail-unsubscribe = إلغاء الاشتراك في هذه الرسائل
notify-mail-preferences = إعدادات الإشعارات

notify-unsubscribe-title = إلغاء الاشتراك
notify-unsubscribe-confirm = إيقاف رسائل البريد لـ«{ $kind }»؟ ستبقى تراها في التطبيق.
notify-unsubscribe-button = إلغاء الاشتراك
notify-unsubscribe-done = تم: لا مزيد من رسائل البريد لـ«{ $kind }». يمكنك تفعيلها مجددًا من إعدادات الإشعارات.
notify-unsubscribe-invalid = رابط إلغاء الاشتراك هذا غير صالح: ربما غُيّر أو اقتُطع. افتحه مجددًا من الرسالة، أو غيّر إعدادات الإشعارات بعد تسجيل الدخول.
