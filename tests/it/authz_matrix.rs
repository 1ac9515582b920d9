//! Every route against every role: allowed, sent to sign in, 403 (an action
//! the role may never take) or 404 (a thing that is not there).
use reqwest::{Method, StatusCode};

use crate::support::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Ok,
    Created,
    NoContent,
    Login,
    Redirect,
    Unauthorized,
    Forbidden,
    NotFound,
    /// 422: allowed, and the form re-rendered with its errors.
    Invalid,
    /// 409: allowed, but not in the object's present state.
    Conflict,
    /// Anything else: always a failure of this test.
    Other(u16),
}

use Expect::*;

/// The location manager last: like a shopper on every route but its own
/// locations' visits (none here) and actions.
const ROLES: [&str; 6] =
    ["anonymous", "shopper", "trainer", "manager", "admin", "location_manager"];

struct Case {
    method: Method,
    path: &'static str,
    /// For anonymous, shopper, trainer, manager, admin, location manager.
    expect: [Expect; 6],
}

fn page_cases() -> Vec<Case> {
    let all_signed_in = [Login, Ok, Ok, Ok, Ok, Ok];
    let admin_only = [Login, Forbidden, Forbidden, Forbidden, Ok, Forbidden];
    let managers = [Login, Forbidden, Forbidden, Ok, Ok, Forbidden];
    let managers_redirect = [Login, Forbidden, Forbidden, Redirect, Redirect, Forbidden];
    let managers_not_found = [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden];
    let readers = [Login, Forbidden, Ok, Ok, Ok, Forbidden];
    vec![
        Case { method: Method::GET, path: "/", expect: all_signed_in },
        Case {
            method: Method::GET,
            path: "/login",
            expect: [Ok, Redirect, Redirect, Redirect, Redirect, Redirect],
        },
        Case { method: Method::GET, path: "/account", expect: all_signed_in },
        Case { method: Method::GET, path: "/admin/users", expect: admin_only },
        Case { method: Method::GET, path: "/admin/users/new", expect: admin_only },
        Case { method: Method::GET, path: "/admin/users/{target}", expect: admin_only },
        Case {
            method: Method::GET,
            path: "/admin/users/999999",
            expect: [Login, Forbidden, Forbidden, Forbidden, NotFound, Forbidden],
        },
        Case {
            method: Method::POST,
            path: "/admin/users/new",
            expect: [Login, Forbidden, Forbidden, Forbidden, Invalid, Forbidden],
        },
        Case {
            method: Method::POST,
            path: "/admin/users/{target}",
            expect: [Login, Forbidden, Forbidden, Forbidden, Redirect, Forbidden],
        },
        Case {
            method: Method::POST,
            path: "/account/language",
            expect: [Login, Redirect, Redirect, Redirect, Redirect, Redirect],
        },
        Case { method: Method::GET, path: "/brands", expect: managers },
        Case { method: Method::GET, path: "/brands/new", expect: managers },
        Case { method: Method::GET, path: "/brands/{brand}", expect: managers },
        Case { method: Method::GET, path: "/brands/999999", expect: managers_not_found },
        Case { method: Method::POST, path: "/brands/{brand}", expect: managers_redirect },
        Case { method: Method::POST, path: "/brands/{brand}/archive", expect: managers_redirect },
        Case { method: Method::GET, path: "/locations", expect: managers },
        Case { method: Method::GET, path: "/locations/new", expect: managers },
        Case { method: Method::GET, path: "/locations/{location}", expect: managers },
        Case { method: Method::GET, path: "/locations/999999", expect: managers_not_found },
        Case {
            method: Method::POST,
            path: "/locations/{location}/archive",
            expect: managers_redirect,
        },
        Case { method: Method::GET, path: "/locations/import", expect: managers },
        Case { method: Method::GET, path: "/checklists", expect: managers },
        Case { method: Method::GET, path: "/checklists/{checklist}", expect: managers_redirect },
        Case { method: Method::GET, path: "/checklists/{checklist}/versions/1", expect: managers },
        Case {
            method: Method::GET,
            path: "/checklists/{checklist}/versions/1/export",
            expect: managers,
        },
        Case {
            method: Method::GET,
            path: "/checklists/999999/versions/1",
            expect: managers_not_found,
        },
        Case { method: Method::POST, path: "/checklists/new", expect: managers_redirect },
        Case { method: Method::GET, path: "/review", expect: managers },
        Case { method: Method::GET, path: "/scorecard", expect: readers },
        Case {
            method: Method::GET,
            path: "/scorecard?range=decade",
            expect: [Login, Forbidden, Invalid, Invalid, Invalid, Forbidden],
        },
        // A location manager lists their locations' visits (none here).
        Case {
            method: Method::GET,
            path: "/visits?status=approved",
            expect: [Login, Forbidden, Ok, Ok, Ok, Ok],
        },
        Case { method: Method::GET, path: "/actions", expect: all_signed_in },
        Case {
            method: Method::GET,
            path: "/actions?status=lost",
            expect: [Login, Invalid, Invalid, Invalid, Invalid, Invalid],
        },
        Case { method: Method::GET, path: "/actions/new", expect: managers },
        Case { method: Method::GET, path: "/actions/rule", expect: managers },
        Case {
            method: Method::GET,
            path: "/actions/{action}",
            expect: [Login, NotFound, Ok, Ok, Ok, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/actions/999999",
            expect: [Login, NotFound, NotFound, NotFound, NotFound, NotFound],
        },
        // Verifying an open action: the state is wrong, once the role may.
        Case {
            method: Method::POST,
            path: "/actions/{action}/verify",
            expect: [Login, NotFound, Forbidden, Conflict, Conflict, NotFound],
        },
        Case {
            method: Method::POST,
            path: "/actions/{action}/done",
            expect: [Login, NotFound, Forbidden, Forbidden, Forbidden, NotFound],
        },
        Case {
            method: Method::POST,
            path: "/admin/users/{target}/locations",
            expect: [Login, Forbidden, Forbidden, Forbidden, Redirect, Forbidden],
        },
        Case { method: Method::GET, path: "/assignments", expect: managers },
        Case { method: Method::GET, path: "/assignments/new", expect: managers },
        Case { method: Method::GET, path: "/visits/new", expect: all_signed_in },
        Case {
            method: Method::GET,
            path: "/visits/{visit}",
            expect: [Login, NotFound, Ok, Ok, Ok, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/visits/{visit}/edit",
            expect: [Login, NotFound, NotFound, NotFound, NotFound, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/photos/{photo}/thumb",
            expect: [Login, NotFound, Ok, Ok, Ok, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/photos/{photo}/original",
            expect: [Login, NotFound, NotFound, NotFound, NotFound, NotFound],
        },
        Case {
            method: Method::POST,
            path: "/visits/{visit}",
            expect: [Login, NotFound, NotFound, NotFound, NotFound, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/gallery",
            expect: [Login, Forbidden, Ok, Ok, Ok, Forbidden],
        },
        // A draft's photo is not in the gallery yet.
        Case {
            method: Method::GET,
            path: "/gallery/{photo}",
            expect: [Login, Forbidden, NotFound, NotFound, NotFound, Forbidden],
        },
        Case {
            method: Method::POST,
            path: "/gallery/{photo}/tags",
            expect: [Login, Forbidden, NotFound, NotFound, NotFound, Forbidden],
        },
        Case {
            method: Method::POST,
            path: "/gallery/{photo}/comments",
            expect: [Login, Forbidden, NotFound, NotFound, NotFound, Forbidden],
        },
        Case { method: Method::GET, path: "/healthz", expect: [Ok; 6] },
        Case { method: Method::GET, path: "/metrics", expect: [Ok; 6] },
        Case { method: Method::GET, path: "/no-such-page", expect: [NotFound; 6] },
    ]
}

fn api_cases() -> Vec<Case> {
    let admin_only = [Unauthorized, Forbidden, Forbidden, Forbidden, Ok, Forbidden];
    let managers = [Unauthorized, Forbidden, Forbidden, Ok, Ok, Forbidden];
    let managers_created = [Unauthorized, Forbidden, Forbidden, Created, Created, Forbidden];
    // Scorecards: everyone who reads every visit; never shoppers.
    let readers = [Unauthorized, Forbidden, Ok, Ok, Ok, Forbidden];
    vec![
        Case { method: Method::GET, path: "/api/v1/brands", expect: managers },
        Case { method: Method::PATCH, path: "/api/v1/brands/{brand}", expect: managers },
        Case { method: Method::GET, path: "/api/v1/locations", expect: managers },
        Case { method: Method::GET, path: "/api/v1/locations/{location}", expect: managers },
        Case {
            method: Method::GET,
            path: "/api/v1/locations/999999",
            expect: [Unauthorized, Forbidden, Forbidden, NotFound, NotFound, Forbidden],
        },
        Case { method: Method::GET, path: "/api/v1/checklists", expect: managers },
        Case {
            method: Method::GET,
            path: "/api/v1/assignments",
            expect: [Unauthorized, Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            method: Method::GET,
            path: "/api/v1/visits",
            expect: [Unauthorized, Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            method: Method::GET,
            path: "/api/v1/visits/{visit}",
            expect: [Unauthorized, NotFound, Ok, Ok, Ok, NotFound],
        },
        Case {
            method: Method::POST,
            path: "/api/v1/visits/{visit}/review",
            expect: [Unauthorized, NotFound, Forbidden, Conflict, Conflict, NotFound],
        },
        Case {
            method: Method::PUT,
            path: "/api/v1/visits/{visit}",
            expect: [Unauthorized, NotFound, Forbidden, Forbidden, Forbidden, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/api/v1/visits/00000000-0000-0000-0000-000000000000",
            expect: [Unauthorized, NotFound, NotFound, NotFound, NotFound, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/api/v1/checklists/{checklist}/versions/1",
            expect: managers,
        },
        Case { method: Method::POST, path: "/api/v1/checklists", expect: managers_created },
        Case {
            method: Method::GET,
            path: "/api/v1/me",
            expect: [Unauthorized, Ok, Ok, Ok, Ok, Ok],
        },
        Case { method: Method::GET, path: "/api/v1/scorecard", expect: readers },
        Case { method: Method::GET, path: "/api/v1/scorecard/trend", expect: readers },
        Case { method: Method::GET, path: "/api/v1/exports/scorecard.csv", expect: readers },
        Case { method: Method::GET, path: "/api/v1/exports/answers.csv", expect: readers },
        Case { method: Method::GET, path: "/api/v1/users", expect: admin_only },
        Case { method: Method::GET, path: "/api/v1/users/{target}", expect: admin_only },
        Case {
            method: Method::GET,
            path: "/api/v1/users/999999",
            expect: [Unauthorized, Forbidden, Forbidden, Forbidden, NotFound, Forbidden],
        },
        Case { method: Method::PATCH, path: "/api/v1/users/{target}", expect: admin_only },
        Case {
            method: Method::POST,
            path: "/api/v1/users",
            expect: [Unauthorized, Forbidden, Forbidden, Forbidden, Created, Forbidden],
        },
        Case {
            method: Method::DELETE,
            path: "/api/v1/auth/token",
            expect: [Unauthorized, NoContent, NoContent, NoContent, NoContent, NoContent],
        },
        Case {
            method: Method::POST,
            path: "/api/v1/visits/{visit}/photos",
            expect: [Unauthorized, NotFound, NotFound, NotFound, NotFound, NotFound],
        },
        Case {
            method: Method::DELETE,
            path: "/api/v1/photos/{photo}",
            expect: [Unauthorized, NotFound, Forbidden, Forbidden, Forbidden, NotFound],
        },
        Case {
            method: Method::GET,
            path: "/api/v1/actions",
            expect: [Unauthorized, Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            method: Method::POST,
            path: "/api/v1/actions",
            expect: [Unauthorized, Forbidden, Forbidden, Invalid, Invalid, Forbidden],
        },
        Case {
            method: Method::GET,
            path: "/api/v1/actions/{action}",
            expect: [Unauthorized, NotFound, Ok, Ok, Ok, NotFound],
        },
        Case {
            method: Method::POST,
            path: "/api/v1/actions/{action}/verify",
            expect: [Unauthorized, NotFound, Forbidden, Conflict, Conflict, NotFound],
        },
        Case {
            method: Method::POST,
            path: "/api/v1/actions/{action}/comments",
            expect: [Unauthorized, NotFound, Created, Created, Created, NotFound],
        },
        Case { method: Method::GET, path: "/api/v1/actions/rule", expect: managers },
        Case {
            method: Method::PUT,
            path: "/api/v1/users/{target}/locations",
            expect: [Unauthorized, Forbidden, Forbidden, Forbidden, Ok, Forbidden],
        },
        Case { method: Method::GET, path: "/api/v1/no-such-thing", expect: [NotFound; 6] },
    ]
}

fn body_for(method: &Method, path: &str, n: usize) -> serde_json::Value {
    use serde_json::json;
    match (method.as_str(), path) {
        ("POST", "/api/v1/checklists") => {
            let doc = yardstick::checklists::store::builtin_standard(yardstick::i18n::Locale::En);
            serde_json::to_value(doc).unwrap()
        }
        // Approving a draft is a state conflict, once the role may review.
        ("POST", "/api/v1/visits/{visit}/review") => json!({"decision": "approve"}),
        ("POST", "/api/v1/actions/{action}/verify" | "/api/v1/actions/{action}/comments") => {
            json!({"note": "Seen"})
        }
        ("PUT", "/api/v1/users/{target}/locations") => json!({"location_ids": []}),
        ("POST", _) => {
            json!({"email": format!("api{n}@example.com"), "name": "Api", "role": "shopper", "password": PASSWORD})
        }
        ("PATCH", "/api/v1/brands/{brand}") => json!({"color": "#123456"}),
        ("PUT", _) => json!({"narrative": "not mine"}),
        ("PATCH", _) => json!({"name": "Target"}),
        _ => serde_json::Value::Null,
    }
}

/// Things for the paths to name.
struct Ids {
    target: i32,
    brand: i32,
    location: i32,
    checklist: i32,
    /// A draft visit of another shopper.
    visit: String,
    /// A photo in that visit.
    photo: String,
    /// A free action at the location, an admin responsible.
    action: i32,
}

impl Ids {
    async fn make(app: &TestApp) -> Ids {
        let db = &app.app.db;
        let target = app.create_user("shopper").await.id;
        let admin = app.create_user("admin").await.id;
        let input = yardstick::places::brands::BrandInput {
            name: "B".into(),
            own: true,
            color: String::new(),
        };
        let brand = yardstick::places::brands::create(db, admin, &input).await.unwrap().id;
        let loc = yardstick::places::locations::LocationInput {
            brand_id: brand.to_string(),
            name: "L".into(),
            channel: "phone".into(),
            phone: "+98 21 5555 5555".into(),
            timezone: "UTC".into(),
            ..Default::default()
        };
        let location = yardstick::places::locations::create(db, admin, &loc).await.unwrap().id;
        let doc = yardstick::checklists::store::builtin_standard(yardstick::i18n::Locale::En);
        let checklist =
            yardstick::checklists::store::create(db, admin, &doc).await.unwrap().checklist_id;
        yardstick::checklists::store::publish(db, admin, checklist, 1).await.unwrap();
        let owner = app.create_user("shopper").await;
        let owner = yardstick::accounts::Actor::from_user(owner, None).unwrap();
        let visit = uuid::Uuid::new_v4();
        let draft = yardstick::visits::draft::DraftInput {
            location_id: Some(location),
            checklist_id: Some(checklist),
            ..Default::default()
        };
        let v = yardstick::visits::draft::save_draft(db, &app.app.scoring, &owner, visit, &draft)
            .await
            .unwrap();
        let upload = yardstick::evidence::photos::NewPhoto {
            bytes: yardstick::evidence::sample::jpeg(64, 48, None, |_, _| [10, 120, 30]),
            criterion: None,
            caption: String::new(),
            client_id: None,
        };
        let photo =
            yardstick::evidence::photos::add(db, &app.app.evidence, &owner, &v.visit, upload)
                .await
                .unwrap()
                .photo()
                .id
                .clone();
        let admin = app.create_user("admin").await;
        let admin = yardstick::accounts::Actor::from_user(admin, None).unwrap();
        let input = yardstick::actions::ActionInput {
            location_id: Some(location),
            description: "Fix the phone line".into(),
            responsible_id: Some(admin.id()),
            due_on: "2099-01-01".into(),
            ..Default::default()
        };
        let action = yardstick::actions::create(db, &admin, &input).await.unwrap().id;
        Ids { target, brand, location, checklist, visit: visit.to_string(), photo, action }
    }
}

fn fill(path: &str, ids: &Ids) -> String {
    path.replace("{target}", &ids.target.to_string())
        .replace("{brand}", &ids.brand.to_string())
        .replace("{location}", &ids.location.to_string())
        .replace("{checklist}", &ids.checklist.to_string())
        .replace("{visit}", &ids.visit)
        .replace("{photo}", &ids.photo)
        .replace("{action}", &ids.action.to_string())
}

fn classify(status: StatusCode, location: &str) -> Expect {
    match status {
        StatusCode::OK => Ok,
        StatusCode::CREATED => Created,
        StatusCode::NO_CONTENT => NoContent,
        StatusCode::SEE_OTHER if location.starts_with("/login") => Login,
        StatusCode::SEE_OTHER => Redirect,
        StatusCode::UNAUTHORIZED => Unauthorized,
        StatusCode::FORBIDDEN => Forbidden,
        StatusCode::NOT_FOUND => NotFound,
        StatusCode::UNPROCESSABLE_ENTITY => Invalid,
        StatusCode::CONFLICT => Conflict,
        other => Other(other.as_u16()),
    }
}

fn form_for(path: &str, n: usize) -> Vec<(String, String)> {
    match path {
        "/admin/users/new" => vec![
            ("name".into(), "Matrix".into()),
            ("email".into(), format!("m{n}@example.com")),
            ("role".into(), "shopper".into()),
            ("locale".into(), "en".into()),
            // A weak password: the form re-renders (422) without creating.
            ("password".into(), "short".into()),
            ("password_confirm".into(), "short".into()),
        ],
        "/admin/users/{target}" => vec![
            ("name".into(), "Target".into()),
            ("role".into(), "shopper".into()),
            ("locale".into(), "en".into()),
            ("active".into(), "on".into()),
        ],
        "/brands/{brand}" => vec![("name".into(), "B".into()), ("own".into(), "on".into())],
        "/brands/{brand}/archive" | "/locations/{location}/archive" => {
            vec![("archived".into(), "false".into())]
        }
        "/checklists/new" => vec![("name".into(), format!("Checklist {n}"))],
        _ => vec![("locale".into(), "en".into())],
    }
}

#[tokio::test]
async fn pages_answer_each_role_as_the_rules_say() {
    let app = TestApp::spawn().await;
    let ids = Ids::make(&app).await;
    let mut failures = Vec::new();
    for (i, role) in ROLES.iter().enumerate() {
        let b = if *role == "anonymous" { app.browser() } else { app.signed_in(role).await.0 };
        for (n, case) in page_cases().iter().enumerate() {
            let path = fill(case.path, &ids);
            let res = if case.method == Method::GET {
                b.get(&path).await
            } else {
                let fields = form_for(case.path, n * 10 + i);
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                b.post_form(&path, &fields).await
            };
            let got = classify(res.status(), &location(&res));
            if got != case.expect[i] {
                failures.push(format!(
                    "{role} {} {path}: got {got:?}, want {:?}",
                    case.method, case.expect[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn the_api_answers_each_role_as_the_rules_say() {
    let app = TestApp::spawn().await;
    let ids = Ids::make(&app).await;
    let c = reqwest::Client::new();
    let mut failures = Vec::new();
    for (n, case) in api_cases().iter().enumerate() {
        for (i, role) in ROLES.iter().enumerate() {
            // A fresh token per call: the revocation case spends it.
            let token = if *role == "anonymous" { None } else { Some(app.token_for(role).await.0) };
            let path = fill(case.path, &ids);
            let mut req = c.request(case.method.clone(), app.url(&path));
            if let Some(t) = &token {
                req = req.bearer_auth(t);
            }
            let body = body_for(&case.method, case.path, n * 10 + i);
            if !body.is_null() {
                req = req.json(&body);
            }
            let res = req.send().await.unwrap();
            let got = classify(res.status(), &location(&res));
            if got != case.expect[i] {
                failures.push(format!(
                    "{role} {} {path}: got {got:?}, want {:?}",
                    case.method, case.expect[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn navigation_offers_only_what_the_role_may_open() {
    let app = TestApp::spawn().await;
    for role in ["shopper", "trainer", "manager", "admin", "location_manager"] {
        let (b, _) = app.signed_in(role).await;
        let (_, html) = b.get_html("/").await;
        let links: Vec<String> = select_all(&html, "nav.nav a");
        assert_eq!(links.contains(&"Users".to_owned()), role == "admin", "{role}: {links:?}");
        let manages = matches!(role, "manager" | "admin");
        for section in ["Review", "Assignments", "Locations", "Brands", "Checklists"] {
            assert_eq!(links.contains(&section.to_owned()), manages, "{role}: {links:?}");
        }
        assert!(links.contains(&"Account".to_owned()), "{role}: {links:?}");
        let reads_all = !matches!(role, "shopper" | "location_manager");
        assert_eq!(links.contains(&"Gallery".to_owned()), reads_all, "{role}: {links:?}");
        assert_eq!(links.contains(&"Scorecard".to_owned()), reads_all, "{role}: {links:?}");
        assert_eq!(links.contains(&"Actions".to_owned()), role != "shopper", "{role}: {links:?}");
    }
}
