## اعلان‌ها
nav-notifications = اعلان‌ها
notify-title = اعلان‌ها
notify-unread = اعلان‌های خوانده‌نشده
notify-none = خبر تازه‌ای نیست. مأموریت‌های تازه، موعدها و بازدیدهای برگشتی این‌جا به شما خبر داده می‌شوند.
notify-new = تازه
notify-mark-read = خوانده شد
notify-mark-all-read = همه خوانده شد
notify-marked-read = خوانده‌شده: { $count }
notify-preferences = تنظیمات اعلان‌ها
notify-preferences-saved = تنظیمات اعلان‌های شما ذخیره شد.
notify-kind = اعلان
notify-in-app = در برنامه
notify-email = با ایمیل
notify-mail-off = ایمیل روی این سرور راه‌اندازی نشده است: اعلان‌ها فقط در برنامه دیده می‌شوند.
notify-mail-problems = مشکلات ارسال ایمیل
notify-mail-problems-none = هیچ ایمیلی ناموفق نبوده است.
notify-mail-problems-hint = ایمیل‌های ناموفق رد شدند یا پس از چند بار تلاش فرستاده نشدند. ایمیل‌های نامعلوم شاید رسیده باشند و شاید نه (فرستنده در میانه کار متوقف شد)؛ هرگز خودبه‌خود دوباره فرستاده نمی‌شوند.
notify-status-failed = ناموفق
notify-status-uncertain = نامعلوم

notify-kind-action-assigned = اقدامی برای شما
notify-kind-assignment-new = مأموریت تازه
notify-kind-assignment-due = مأموریتی که دو روز دیگر موعد آن است
notify-kind-assignment-overdue = مأموریت عقب‌افتاده
notify-kind-visit-returned = بازدیدی که به من برگشت داده شد
notify-kind-review-digest = خلاصه روزانه بازدیدهای در انتظار بررسی
notify-kind-weekly-summary = خلاصه هفتگی

notify-action-assigned-title = اقدام لازم: { $location }
notify-action-assigned-body = تا { $due } در { $location } اصلاح شود: { $what }
notify-assignment-new-title = مأموریت تازه: { $location }
notify-assignment-new-body = از شما خواسته شده تا { $due } از { $location } بازدید کنید.
notify-assignment-due-title = دو روز تا موعد: { $location }
notify-assignment-due-body = موعد بازدید شما از { $location } روز { $due } است.
notify-assignment-overdue-title = عقب‌افتاده: { $location }
notify-assignment-overdue-body = موعد بازدید شما از { $location } روز { $due } بود و هنوز انجام نشده است.
notify-visit-returned-title = بازدید برگشت داده شد: { $location }
notify-visit-returned-body = بررسی‌کننده بازدید شما از { $location } را با این یادداشت برگرداند: { $note }
notify-review-digest-title = بازدیدهای در انتظار بررسی: { $count }
notify-review-digest-body = این بازدیدها منتظر تصمیم هستند.
notify-weekly-summary-title = خلاصه هفتگی
notify-weekly-summary-body = بازدیدهای تأییدشده در هفت روز گذشته: { $count }. میانگین امتیاز: { $score } (هفت روز پیش از آن: { $previous }). مأموریت‌های عقب‌افتاده: { $overdue }.

notify-mail-greeting = سلام { $name }،
notify-mail-open = باز کردن در Yardstick
notify-mail-why = این ایمیل را به این دلیل دریافت می‌کنید: { $kind }.
notify-mail-unsubscribe = لغو دریافت این ایمیل‌ها
notify-mail-preferences = تنظیمات اعلان‌ها

notify-unsubscribe-title = لغو اشتراک
notify-unsubscribe-confirm = ایمیل‌های «{ $kind }» دیگر فرستاده نشوند؟ همچنان آن‌ها را در برنامه خواهید دید.
notify-unsubscribe-button = لغو اشتراک
notify-unsubscribe-done = انجام شد: دیگر ایمیلی برای «{ $kind }» فرستاده نمی‌شود. می‌توانید در تنظیمات اعلان‌ها دوباره آن را روشن کنید.
notify-unsubscribe-invalid = این پیوند لغو اشتراک معتبر نیست: شاید تغییر کرده یا ناقص شده باشد. آن را دوباره از ایمیل باز کنید، یا پس از ورود تنظیمات اعلان‌ها را تغییر دهید.
