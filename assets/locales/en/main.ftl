app-name = Yardstick
app-tagline = mystery shopping and competitor benchmarking
skip-to-content = Skip to content
save = Save
cancel = Cancel
form-has-errors = Some fields need your attention. Each problem is shown beside its field.

## Navigation
nav-label = Main
nav-home = Home
nav-users = Users
nav-account = Account
nav-logout = Sign out

## Roles
role-admin = Administrator
role-manager = Manager
role-trainer = Trainer
role-shopper = Shopper

## Fields
field-name = Name
field-email = Email
field-role = Role
field-language = Language
field-password = Password
field-password-confirm = Repeat the password
field-password-current = Current password
field-password-new = New password

## Field problems
field-required = This field is required.
field-too-long = Use at most { $max } characters.
email-invalid = Enter an email address like name@example.com.
email-taken = A user with this email already exists.
role-invalid = Choose one of the roles in the list.
locale-invalid = Choose one of the languages in the list.
password-hint = At least { $min } characters. A few unrelated words make a strong, memorable password.
password-too-short = Use at least { $min } characters.
password-too-weak = This password is too easy to guess. Add more words or characters.
password-mismatch = The two passwords do not match.
password-wrong = This is not your current password.
cannot-demote-self = You cannot remove your own administrator role.
cannot-deactivate-self = You cannot deactivate your own account.

## Sign in
login-title = Sign in
login-submit = Sign in

## First setup
setup-title = Create the first administrator
setup-intro = Welcome to Yardstick. This account will manage users and settings. The setup link works only once.
setup-submit = Create administrator
setup-done = Your administrator account is ready.
setup-link-invalid = This setup link is not valid or has already been used. An administrator may already exist: sign in instead.
setup-link-expired = This setup link has expired. Restart Yardstick to print a new one.

## Home
home-welcome = Welcome, { $name }
home-role-admin = You manage users and settings, and can do everything a manager can.
home-role-manager = You set up brands, locations and checklists, assign visits, review them and compare scorecards.
home-role-trainer = You review photo evidence and failed items to coach staff.
home-role-shopper = You visit stores and services as a customer and report on them.
home-users-text = Add people, change their roles, or deactivate an account.
home-account-text = Change your password or your language.

## Account
account-profile = Profile
account-language = Language
account-password = Password
account-change-password = Change password
account-language-saved = Your language has been saved.
account-password-changed = Your password has been changed. Your other sessions have been signed out.

## Users
users-new = New user
users-create = Create user
users-created = The user has been created.
users-saved = The user has been saved.
users-status = Status
users-created-on = Created
users-active = Active
users-inactive = Deactivated
users-active-label = Active
users-active-hint = A deactivated user cannot sign in, and their sessions and API tokens stop working at once.

## Errors
error-title-not-found = Page not found
error-title-forbidden = Not allowed
error-title-csrf = Form expired
error-title-throttled = Too many attempts
error-title-internal = Something went wrong
error-title-generic = Something is not right
error-not-found = There is nothing here. The link may be old, or the item may not exist.
error-forbidden = Your role does not allow this.
error-unauthenticated = Please sign in to continue.
error-wrong-credentials = The email or password is wrong.
error-bad-request = The request could not be read.
error-validation = Some fields need your attention.
error-conflict = This conflicts with something that already exists.
error-too-large = The upload is too large.
error-unsupported-media = This type of file or content is not accepted.
error-throttled = Too many failed attempts. Try again in { $minutes } minutes.
error-csrf = This form has expired or did not come from Yardstick. Go back, reload the page and try again.
error-internal = Something went wrong on our side. Nothing you did caused it. If it keeps happening, give this reference to your administrator.
error-reference = Reference:
error-go-home = Go to the home page
