app-name = Yardstick
app-tagline = mystery shopping and competitor benchmarking
skip-to-content = Skip to content
save = Save
cancel = Cancel
saved = Your changes have been saved.
choose = Choose…
archive = Archive
restore = Restore
archive-title = Archive
archived-done = Archived. It stays in history and no longer appears in pickers.
restored-done = Restored. It appears in pickers again.
show-archived = Show archived
show-active = Show active
filter-any = Any
filter-apply = Filter
filter-name = Name contains
pager-label = Pages
pager-previous = Previous
pager-next = Next
pager-position = Page { $page } of { $pages }
form-has-errors = Some fields need your attention. Each problem is shown beside its field.

## Navigation
nav-label = Main
nav-home = Home
nav-brands = Brands
nav-locations = Locations
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
field-brand = Brand
field-channel = Channel
field-region = Region
field-city = City
field-address = Address
field-url = Web address
field-phone = Phone
field-latitude = Latitude
field-longitude = Longitude
field-timezone = Time zone

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
color-invalid = Use a colour like #1d4ed8.
brand-name-taken = A brand with this name already exists.
brand-unknown = Choose one of the brands in the list.
brand-archived = This brand is archived. Restore it first, or choose another.
channel-invalid = Choose one of the channels: store, website, phone, email, app, delivery or social.
url-invalid = Enter a web address starting with http:// or https://.
phone-invalid = Enter a phone number of 5 to 20 digits; spaces, +, - and brackets are fine.
coordinate-invalid = Enter a number between -{ $limit } and { $limit }.
coordinates-both = Give both latitude and longitude, or neither.
timezone-invalid = Use a time zone name such as Asia/Tehran or Europe/London.
contact-required = Needed for this channel, so shoppers can reach it.
location-name-taken = This brand already has a location with this name.

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

## Channels
channel-store = Store
channel-website = Website
channel-phone = Phone
channel-email = Email
channel-app = App
channel-delivery = Delivery
channel-social = Social media

## Brands
brands-new = New brand
brands-created = The brand has been created.
brands-none = No brands yet. Add your own brand first, then your competitors.
brands-none-archived = No archived brands.
brand-kind = Kind
brand-own = Own brand
brand-competitor = Competitor
brand-own-label = This is one of our own brands
brand-own-hint = Own brands are compared against every other brand, the competitors.
brand-color = Chart colour
brand-archive-note = Archiving hides the brand from pickers. Its visits and scores stay in history.
brand-archived-note = This brand is archived: it keeps its history but is not offered for new locations or visits.

## Locations
locations-new = New location
locations-import = Import from CSV
locations-created = The location has been created.
locations-count = { $count } locations
location-contact-hint = A store needs an address, a website, app or social account a web address, a phone line a number, an email service an address to write to.
timezone-hint = The location's time zone, such as Asia/Tehran, Asia/Dubai or Europe/London. Visit times are entered in it.
location-archive-note = Archiving hides the location from pickers. Its visits and scores stay in history.
location-archived-note = This location is archived: it keeps its history but is not offered for new visits.

## Import
import-intro = Upload a CSV file with a header row. Every row is checked first; nothing is imported until all rows are good.
import-columns-hint = Required columns: brand (by name), name, channel, timezone. Optional: region, city, address, url, phone, email, latitude, longitude.
import-file = CSV file
import-preview = Check the file
import-preview-title = Import preview
import-ready = All { $count } rows are good.
import-confirm = Import them
import-done = { $count } locations imported.
import-has-problems = { $count } problems found. Nothing has been imported. Correct the file and upload it again.
import-again = Upload the corrected file
import-line = Line
import-column = Column
import-problem = Problem
import-problems = { $list }
import-column-problem = { $column }: { $problem }
import-unknown-column = Unknown column. Use only the columns listed above.
import-missing-column = This required column is missing.
import-unreadable-row = This row cannot be read: check its quotes and the number of columns.
import-empty = The file has no rows.
import-unknown-brand = There is no brand called “{ $brand }”.
import-duplicate-row = The same brand and name already appear on line { $line }.

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
