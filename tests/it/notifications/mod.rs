//! Notifications (issue 16) over HTTP, with mail sent through a real SMTP
//! server (aiosmtpd, tests/smtp_sink.py) and read back as it arrived.
mod smtp;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use yardstick::entities::{notification, outbox as ob, user};
use yardstick::i18n::{Locale, format_date};
use yardstick::notifications::outbox::{self, Options};

use crate::photo_pages::{HERE, World};
use crate::support::*;
pub use smtp::Smtp;

const PUBLIC: &str = "https://yardstick.example.com";

async fn with_mail(smtp: &Smtp) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |c| {
        c.smtp_url = Some(url);
        c.public_url = PUBLIC.into();
    })
    .await
}

/// A mail server, an app that sends to it, and a manager's world there:
/// how most tests here begin.
struct Mailed {
    smtp: Smtp,
    app: TestApp,
    w: World,
}

impl Mailed {
    async fn start() -> Mailed {
        let smtp = Smtp::start();
        let app = with_mail(&smtp).await;
        let w = World::new(&app).await;
        Mailed { smtp, app, w }
    }
}

/// Sends what is due, as the server's worker does.
async fn send(app: &TestApp) -> outbox::Round {
    let mailer = app.app.mailer.as_ref().expect("mail is on");
    outbox::drain(&app.app.db, mailer, &Options::default()).await.unwrap()
}

fn day(offset: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(offset)
}

/// A manager's world with a location, and an assignment of it to `shopper`
/// due `due`: (world, location id, assignment id).
async fn assign(app: &TestApp, w: &World, shopper: &user::Model, due: NaiveDate) -> (i64, i64) {
    let (_, loc) = w.place("Tajrish", "store").await;
    let a = w
        .call(
            "POST",
            "/assignments",
            &w.manager.clone(),
            json!({"location_id": loc, "checklist_id": w.checklist, "shopper_id": shopper.id,
                "opens_on": day(-1).to_string(), "due_on": due.to_string(), "brief": "Ask for help"}),
        )
        .await;
    let _ = app;
    (loc, a["id"].as_i64().unwrap())
}

async fn sign_in(app: &TestApp, u: &user::Model) -> Browser {
    let b = app.browser();
    assert_eq!(b.login(&u.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    b
}

async fn mails_in_outbox(app: &TestApp) -> u64 {
    ob::Entity::find().count(app.app.db.read()).await.unwrap()
}

#[tokio::test]
async fn a_new_assignment_is_told_in_the_app_and_by_mail_in_the_shoppers_language() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user_with("shopper", "shirin@example.com", "fa").await;
    let due = day(10);
    assign(&app, &w, &shopper, due).await;

    // In the app: the header's count, and the list in Persian.
    let b = sign_in(&app, &shopper).await;
    let (_, home) = b.get_html("/").await;
    assert_eq!(text(&home, "summary .unread-count").unwrap(), "اعلان‌های خوانده‌نشده: ۱");
    let (status, page) = b.get_html("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    let title = text(&page, ".notification-title a").unwrap();
    assert_eq!(title, "مأموریت تازه: Tajrish");
    assert_eq!(attr(&page, ".notification-title a", "href").unwrap(), "/");
    let body = text(&page, ".notification-body").unwrap();
    assert!(body.contains(&format_date(Locale::Fa, due)), "Solar Hijri due date: {body}");

    // By mail: one, in Persian, both parts, right to left, absolute links.
    let r = send(&app).await;
    assert_eq!((r.sent, r.retry, r.uncertain), (1, 0, 0));
    let mails = smtp.mails_to("shirin@example.com");
    assert_eq!(mails.len(), 1, "{mails:?}");
    let m = &mails[0];
    assert_eq!(m["headers"]["Subject"], "مأموریت تازه: Tajrish");
    assert_eq!(m["headers"]["Content-Language"], "fa");
    assert_eq!(m["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    let unsubscribe = m["headers"]["List-Unsubscribe"].as_str().unwrap();
    assert!(
        unsubscribe
            .starts_with(&format!("<{PUBLIC}/unsubscribe?u={}&k=assignment_new&s=", shopper.id)),
        "{unsubscribe}"
    );
    let text_part = m["text"].as_str().unwrap();
    let html_part = m["html"].as_str().unwrap();
    assert!(text_part.contains(&format_date(Locale::Fa, due)), "{text_part}");
    assert!(text_part.contains(&format!("{PUBLIC}/")), "{text_part}");
    assert!(!text_part.contains(&due.to_string()), "no Gregorian ISO date: {text_part}");
    assert!(html_part.contains(r#"<html lang="fa" dir="rtl">"#), "{html_part}");
    assert!(html_part.contains(&format!(r#"href="{PUBLIC}/unsubscribe?u="#)), "{html_part}");

    // Sending again sends nothing more.
    assert_eq!(send(&app).await.sent, 0);
    assert_eq!(smtp.mails().len(), 1);
}

#[tokio::test]
async fn the_unsubscribe_link_works_without_a_session_and_a_changed_one_is_refused() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user("shopper").await;
    assign(&app, &w, &shopper, day(10)).await;
    send(&app).await;
    let m = &smtp.mails_to(&shopper.email)[0];
    let link = m["headers"]["List-Unsubscribe"].as_str().unwrap().trim_matches(['<', '>']);
    let path = link.strip_prefix(PUBLIC).unwrap();

    // A stranger's browser (no session): a page with a button, nothing done yet.
    let anyone = app.browser();
    let (status, page) = anyone.get_html(path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page, "#unsubscribe p").unwrap().contains("A new assignment"));
    let action = attr(&page, "#unsubscribe form", "action").unwrap();
    assert_eq!(action, path);

    // A changed signature gets a clear error, and changes nothing.
    let tampered = format!("{}0", &path[..path.len() - 1]);
    let tampered =
        if tampered == path { format!("{}1", &path[..path.len() - 1]) } else { tampered };
    let res = app.browser().post_form_raw(&tampered, &[("List-Unsubscribe", "One-Click")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(body.contains("This unsubscribe link is not valid"), "{body}");
    let other_kind = path.replace("k=assignment_new", "k=assignment_due");
    let res = app.browser().get(&other_kind).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The mail client's one-click POST: no cookie, no CSRF token.
    let res = reqwest::Client::new()
        .post(app.url(path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("no more e-mails for “A new assignment”"));

    // The next assignment shows in the app but sends no mail.
    assign(&app, &w, &shopper, day(12)).await;
    assert_eq!(send(&app).await.sent, 0);
    assert_eq!(smtp.mails_to(&shopper.email).len(), 1);
    let b = sign_in(&app, &shopper).await;
    let (_, page) = b.get_html("/notifications").await;
    assert_eq!(select_all(&page, ".notification").len(), 2);
    let (_, prefs) = b.get_html("/notifications/preferences").await;
    assert!(attr(&prefs, "input[name='assignment_new.email']", "checked").is_none());
    assert!(attr(&prefs, "input[name='assignment_new.in_app']", "checked").is_some());
}

#[tokio::test]
async fn a_returned_visits_mail_carries_the_reviewers_note() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let (token, shopper) = app.token_for("shopper").await;
    let (_, loc) = w.place("Vanak", "store").await;
    let (visit, _) =
        w.visit(&token, loc, Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap(), true, HERE).await;
    let note = "The entrance photo is blurred; please retake it.";
    w.call(
        "POST",
        &format!("/visits/{visit}/review"),
        &w.manager.clone(),
        json!({"decision": "return", "note": note}),
    )
    .await;

    send(&app).await;
    let mails = smtp.mails_to(&shopper.email);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["headers"]["Subject"], "Visit returned: Vanak");
    assert!(mails[0]["text"].as_str().unwrap().contains(note));
    assert!(mails[0]["html"].as_str().unwrap().contains("please retake it"));
    assert!(mails[0]["text"].as_str().unwrap().contains(&format!("{PUBLIC}/visits/{visit}")));
    let api = Api::with_token(&app, token);
    let list = expect(StatusCode::OK, api.get("/api/v1/notifications").await);
    assert_eq!(list["unread"], 1);
    assert_eq!(list["items"][0]["kind"], "visit_returned");
    assert_eq!(list["items"][0]["link"], format!("/visits/{visit}"));
}

#[tokio::test]
async fn reviewers_get_one_digest_a_day_for_all_visits_waiting() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let reviewer = app.create_user("manager").await;
    let (token, _) = app.token_for("shopper").await;
    let (_, a) = w.place("Azadi", "store").await;
    let (_, b) = w.place("Enghelab", "store").await;
    let jan = Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap();
    w.visit(&token, a, jan, true, HERE).await;
    w.visit(&token, b, jan, true, HERE).await;

    let now = Utc::now();
    yardstick::notifications::schedule::run(&app.app.db, now).await.unwrap();
    // Hourly runs the same (UTC) day make nothing more. An hour later may
    // be the next day (a run after 23:00), whose digest is due: then an
    // hour earlier.
    let hour = Duration::minutes(60);
    let same_day =
        if (now + hour).date_naive() == now.date_naive() { now + hour } else { now - hour };
    yardstick::notifications::schedule::run(&app.app.db, same_day).await.unwrap();
    send(&app).await;
    let digests: Vec<Value> = smtp
        .mails_to(&reviewer.email)
        .into_iter()
        .filter(|m| m["headers"]["Subject"] == "Visits waiting for review: 2")
        .collect();
    assert_eq!(digests.len(), 1, "{:?}", smtp.mails_to(&reviewer.email));
    let text_part = digests[0]["text"].as_str().unwrap();
    let submitted = format_date(Locale::En, Utc::now().date_naive());
    assert!(text_part.contains(&format!("Azadi ({submitted})")), "{text_part}");
    assert!(text_part.contains("Enghelab"), "{text_part}");
    assert!(text_part.contains(&format!("{PUBLIC}/review")), "{text_part}");
    // A shopper gets no digest.
    assert!(
        smtp.mails().iter().all(|m| m["headers"]["Subject"] != "Visits waiting for review: 2"
            || m["rcpt"][0] != "shopper")
    );
    let in_app = notification::Entity::find()
        .filter(notification::Column::UserId.eq(reviewer.id))
        .filter(notification::Column::Kind.eq("review_digest"))
        .count(app.app.db.read())
        .await
        .unwrap();
    assert_eq!(in_app, 1);
}

#[tokio::test]
async fn due_soon_and_overdue_reminders_come_once() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user("shopper").await;
    assign(&app, &w, &shopper, day(2)).await;
    assign(&app, &w, &shopper, day(-1)).await;
    for _ in 0..2 {
        yardstick::notifications::schedule::run(&app.app.db, Utc::now()).await.unwrap();
    }
    send(&app).await;
    let mut subjects: Vec<String> = smtp
        .mails_to(&shopper.email)
        .iter()
        .map(|m| m["headers"]["Subject"].as_str().unwrap().to_owned())
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "Due in two days: Tajrish",
            "New assignment: Tajrish",
            "New assignment: Tajrish",
            "Overdue: Tajrish"
        ]
    );
}

#[tokio::test]
async fn preferences_choose_in_app_and_mail_per_kind() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user("shopper").await;
    let b = sign_in(&app, &shopper).await;
    let (_, page) = b.get_html("/notifications/preferences").await;
    // A shopper is offered the shopper's kinds only, all on by default.
    assert_eq!(select_all(&page, "tbody th").len(), 4);
    assert_eq!(select_all(&page, "input[type=checkbox][checked]").len(), 8);
    // Everything on except new assignments, which are off altogether.
    let mut fields = Vec::new();
    for kind in ["assignment_due", "assignment_overdue", "visit_returned"] {
        fields.push((format!("{kind}.in_app"), "on".to_owned()));
        fields.push((format!("{kind}.email"), "on".to_owned()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = b.post_form("/notifications/preferences", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assign(&app, &w, &shopper, day(10)).await;
    assert_eq!(send(&app).await.sent, 0);
    assert!(smtp.mails_to(&shopper.email).is_empty());
    let (_, page) = b.get_html("/notifications").await;
    assert!(text(&page, "#no-notifications").is_some());
    // The API reads the same choices.
    let (token, api_user) = app.token_for("manager").await;
    let api = Api::with_token(&app, token);
    let prefs = expect(StatusCode::OK, api.get("/api/v1/notifications/preferences").await);
    assert_eq!(prefs.as_array().unwrap().len(), 7, "a manager also has the digests and actions");
    let set = json!({"prefs": [{"kind": "weekly_summary", "in_app": true, "email": false}]});
    let prefs = expect(StatusCode::OK, api.put("/api/v1/notifications/preferences", set).await);
    let weekly = prefs.as_array().unwrap().iter().find(|p| p["kind"] == "weekly_summary").unwrap();
    assert_eq!(weekly["email"], false);
    let _ = api_user;
}

#[tokio::test]
async fn a_mail_is_retried_with_back_off_after_the_server_was_down() {
    let Mailed { mut smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user("shopper").await;
    smtp.down();
    assign(&app, &w, &shopper, day(10)).await;
    let mailer = app.app.mailer.as_ref().unwrap();
    let o = Options::default();
    let now = Utc::now();
    let r = outbox::run_once(&app.app.db, mailer, &o, now).await.unwrap();
    assert_eq!((r.claimed, r.retry, r.sent), (1, 1, 0));
    let row = ob::Entity::find().one(app.app.db.read()).await.unwrap().unwrap();
    assert_eq!(row.status, "pending");
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.is_some());
    assert!(row.next_attempt_at > now, "backs off");
    // Not yet due: nothing is tried.
    smtp.up();
    let r = outbox::run_once(&app.app.db, mailer, &o, now + Duration::seconds(10)).await.unwrap();
    assert_eq!(r.claimed, 0);
    // Once due, it goes, once.
    let r = outbox::run_once(&app.app.db, mailer, &o, now + Duration::minutes(2)).await.unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(smtp.mails_to(&shopper.email).len(), 1);
    let row = ob::Entity::find().one(app.app.db.read()).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));
}

#[tokio::test]
async fn a_claim_that_ran_out_is_uncertain_never_resent_and_shown_to_admins() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user("shopper").await;
    assign(&app, &w, &shopper, day(10)).await;
    let o = Options::default();
    // A worker claims the mail, starts sending it and dies before it
    // marks the outcome.
    let claimed = outbox::claim(&app.app.db, &o, Utc::now()).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(outbox::start(&app.app.db, &claimed[0]).await.unwrap());
    let later = Utc::now() + Duration::hours(1);
    let r =
        outbox::run_once(&app.app.db, app.app.mailer.as_ref().unwrap(), &o, later).await.unwrap();
    assert_eq!((r.expired, r.claimed, r.sent), (1, 0, 0));
    assert!(smtp.mails().is_empty(), "not resent blindly");
    let row = ob::Entity::find().one(app.app.db.read()).await.unwrap().unwrap();
    assert_eq!(row.status, "uncertain");

    let (admin, _) = app.signed_in("admin").await;
    let (_, page) = admin.get_html("/notifications").await;
    let problems = text(&page, "#mail-problems ul").unwrap();
    assert!(problems.contains("Uncertain") && problems.contains(&shopper.email), "{problems}");
    let (manager, _) = app.signed_in("manager").await;
    let (_, page) = manager.get_html("/notifications").await;
    assert!(text(&page, "#mail-problems").is_none());
}

#[tokio::test]
async fn a_claim_that_ran_out_before_its_mail_was_started_is_sent_by_the_next_worker() {
    let Mailed { smtp, app, w } = Mailed::start().await;
    let shopper = app.create_user("shopper").await;
    assign(&app, &w, &shopper, day(10)).await;
    let o = Options::default();
    // Claimed, then the worker died before it began this mail.
    assert_eq!(outbox::claim(&app.app.db, &o, Utc::now()).await.unwrap().len(), 1);
    let mailer = app.app.mailer.as_ref().unwrap();
    // Within the lease nobody else takes it.
    let r = outbox::run_once(&app.app.db, mailer, &o, Utc::now()).await.unwrap();
    assert_eq!((r.claimed, r.expired), (0, 0));
    let later = Utc::now() + Duration::hours(1);
    let r = outbox::run_once(&app.app.db, mailer, &o, later).await.unwrap();
    assert_eq!((r.expired, r.sent), (0, 1));
    assert_eq!(smtp.mails_to(&shopper.email).len(), 1);
    let row = ob::Entity::find().one(app.app.db.read()).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 1));
}

/// Several instances share one PostgreSQL database: each row is claimed
/// by one worker only (SKIP LOCKED). On SQLite the one writer serialises
/// the claims; the test runs there too.
#[tokio::test]
async fn two_workers_never_send_the_same_mail_twice() {
    let smtp = Smtp::start();
    let app = with_mail(&smtp).await;
    let users: Vec<user::Model> = {
        let mut v = Vec::new();
        for _ in 0..4 {
            v.push(app.create_user("shopper").await);
        }
        v
    };
    let db = &app.app.db;
    let n = 120;
    let now = Utc::now();
    for i in 0..n {
        let u = &users[i % users.len()];
        let row = ob::ActiveModel {
            user_id: sea_orm::Set(u.id),
            recipient: sea_orm::Set(u.email.clone()),
            locale: sea_orm::Set("en".into()),
            kind: sea_orm::Set("assignment_new".into()),
            subject: sea_orm::Set(format!("Mail {i}")),
            text_body: sea_orm::Set("text".into()),
            html_body: sea_orm::Set("<p>html</p>".into()),
            unsubscribe: sea_orm::Set(format!("{PUBLIC}/unsubscribe")),
            dedupe_key: sea_orm::Set(format!("test:{i}")),
            status: sea_orm::Set("pending".into()),
            attempts: sea_orm::Set(0),
            next_attempt_at: sea_orm::Set(now),
            claimed_until: sea_orm::Set(None),
            claimed_by: sea_orm::Set(None),
            sent_at: sea_orm::Set(None),
            last_error: sea_orm::Set(None),
            created_at: sea_orm::Set(now),
            ..Default::default()
        };
        yardstick::db::insert_row(db, row).await.unwrap();
    }
    // A second instance: its own connections to the same database.
    let other = yardstick::db::Db::open(&app.app.config.database_url).await.unwrap();
    let mailer = app.app.mailer.clone().unwrap();
    let o = Options { batch: 10, ..Options::default() };
    // Each works until nothing is left to send.
    let work = |db: yardstick::db::Db| {
        let (mailer, o) = (mailer.clone(), o.clone());
        async move {
            let mut total = outbox::Round::default();
            loop {
                let r = outbox::run_once(&db, &mailer, &o, Utc::now()).await.unwrap();
                total.claimed += r.claimed;
                total.sent += r.sent;
                let left = ob::Entity::find()
                    .filter(ob::Column::Status.is_in(["pending", "claimed", "sending"]))
                    .count(db.read())
                    .await
                    .unwrap();
                if left == 0 {
                    return total;
                }
                if r.claimed == 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
            }
        }
    };
    let (a, b) = tokio::join!(work(db.clone()), work(other.clone()));
    assert_eq!(a.sent + b.sent, n);
    let mails = smtp.mails();
    assert_eq!(mails.len(), n);
    let mut ids: Vec<String> = mails
        .iter()
        .map(|m| m["headers"]["X-Yardstick-Outbox"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicates");
    if std::env::var("YARDSTICK_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        assert!(a.sent > 0 && b.sent > 0, "both workers took a share: {a:?} {b:?}");
    }
}

#[tokio::test]
async fn without_smtp_notifications_stay_in_the_app_and_no_mail_is_queued() {
    let app = TestApp::spawn().await;
    assert!(app.app.mailer.is_none());
    let w = World::new(&app).await;
    let shopper = app.create_user("shopper").await;
    assign(&app, &w, &shopper, day(10)).await;
    assert_eq!(mails_in_outbox(&app).await, 0);
    let b = sign_in(&app, &shopper).await;
    let (_, page) = b.get_html("/notifications/preferences").await;
    assert!(text(&page, "#mail-off").is_some());
    let (_, page) = b.get_html("/notifications").await;
    assert_eq!(select_all(&page, ".notification.unread").len(), 1);
}

#[tokio::test]
async fn marking_read_one_or_all_and_anothers_is_not_found() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let shopper = app.create_user("shopper").await;
    assign(&app, &w, &shopper, day(10)).await;
    assign(&app, &w, &shopper, day(11)).await;
    assign(&app, &w, &shopper, day(12)).await;
    let b = sign_in(&app, &shopper).await;
    let (_, page) = b.get_html("/notifications").await;
    assert_eq!(text(&page, "summary .unread-count").unwrap(), "Unread notifications: 3");
    let forms = select_all(&page, ".notification form");
    assert_eq!(forms.len(), 3);
    let first = attr(&page, ".notification form", "action").unwrap();
    let res = b.post_form(&first, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = b.get_html("/notifications").await;
    assert_eq!(select_all(&page, ".notification.unread").len(), 2);

    // Someone else cannot mark it, by page or API.
    let (other, _) = app.signed_in("shopper").await;
    assert_eq!(other.post_form(&first, &[]).await.status(), StatusCode::NOT_FOUND);
    let (token, _) = app.token_for("shopper").await;
    let api = Api::with_token(&app, token);
    let id = first.trim_start_matches("/notifications/").trim_end_matches("/read");
    let (status, body) = api.post(&format!("/api/v1/notifications/{id}/read"), json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let res = b.post_form("/notifications/read-all", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = b.get_html("/notifications").await;
    assert!(select_all(&page, ".notification.unread").is_empty());
    assert!(text(&page, "summary .unread-count").is_none());
    assert_eq!(text(&page, ".flash").unwrap(), "Marked as read: 2");
}
