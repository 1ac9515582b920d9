## Notifications (src/notifications, src/web/pages/notifications)
nav-notifications = Notifications
notify-title = Notifications
notify-unread = Unread notifications
notify-none = Nothing new. You will be told here of new assignments, due dates and returned visits.
notify-new = New
notify-mark-read = Mark as read
notify-mark-all-read = Mark all as read
notify-marked-read = Marked as read: { $count }
notify-preferences = Notification settings
notify-preferences-saved = Your notification settings have been saved.
notify-kind = Notification
notify-in-app = In the app
notify-email = By e-mail
notify-mail-off = E-mail is not set up on this server: notifications appear in the app only.
notify-mail-problems = Mail problems
notify-mail-problems-none = No mail has failed.
notify-mail-problems-hint = Failed mails were refused or could not be sent after several tries. Uncertain mails may or may not have arrived (the sender stopped midway); they are never resent by themselves.
notify-status-failed = Failed
notify-status-uncertain = Uncertain

notify-kind-action-assigned = An action for you
notify-kind-assignment-new = A new assignment
notify-kind-assignment-due = An assignment due in two days
notify-kind-assignment-overdue = An overdue assignment
notify-kind-visit-returned = A visit returned to me
notify-kind-review-digest = Daily digest of visits waiting for review
notify-kind-weekly-summary = Weekly summary

notify-action-assigned-title = Action to take: { $location }
notify-action-assigned-body = Fix by { $due } at { $location }: { $what }
notify-assignment-new-title = New assignment: { $location }
notify-assignment-new-body = You have been asked to visit { $location } by { $due }.
notify-assignment-due-title = Due in two days: { $location }
notify-assignment-due-body = Your visit to { $location } is due on { $due }.
notify-assignment-overdue-title = Overdue: { $location }
notify-assignment-overdue-body = Your visit to { $location } was due on { $due } and is not done yet.
notify-visit-returned-title = Visit returned: { $location }
notify-visit-returned-body = The reviewer returned your visit to { $location } with this note: { $note }
notify-review-digest-title = Visits waiting for review: { $count }
notify-review-digest-body = These visits are waiting for a decision.
notify-weekly-summary-title = Weekly summary
notify-weekly-summary-body = Visits approved in the last seven days: { $count }. Average score: { $score } (the seven days before: { $previous }). Overdue assignments: { $overdue }.

notify-mail-greeting = Hello { $name },
notify-mail-open = Open in Yardstick
notify-mail-why = You receive this mail for: { $kind }.
notify-mail-unsubscribe = Unsubscribe from these mails
notify-mail-preferences = Notification settings

notify-unsubscribe-title = Unsubscribe
notify-unsubscribe-confirm = Stop e-mails for “{ $kind }”? You will still see them in the app.
notify-unsubscribe-button = Unsubscribe
notify-unsubscribe-done = Done: no more e-mails for “{ $kind }”. You can turn them on again in your notification settings.
notify-unsubscribe-invalid = This unsubscribe link is not valid: it may have been changed or cut short. Open it again from the mail, or change your notification settings after signing in.
