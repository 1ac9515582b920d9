//! A shopper's visit form on a phone: answers by tapping, autosave through
//! reloads and a dropped signal, submitting, and a photo under a question.
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_accessible, assert_all_tall_enough,
    assert_no_horizontal_overflow, axe_source, js, path_of, press, reload, set_offline, sign_in,
    start_phone, tap, texts, type_into,
};
use crate::support::{Api, TestApp, expect};

/// The autosave mark's text, and what it says once the server has the draft.
async fn save_mark(d: &WebDriver) -> (String, String) {
    let v = js(
        d,
        "const f = document.querySelector('form.visit-form');
         return [f.querySelector('.save-state').textContent, f.dataset.msgSaved || 'Saved'];",
        vec![],
    )
    .await;
    (v[0].as_str().unwrap().to_owned(), v[1].as_str().unwrap().to_owned())
}

/// Waits until the mark says saved and the browser's copy of the form is
/// the one the server has (no change still waiting to go).
async fn wait_until_saved(d: &WebDriver) {
    let sent = "const f = document.querySelector('form.visit-form');
        const copy = JSON.parse(localStorage.getItem('yardstick.visit:' + f.getAttribute('action').split('?')[0]));
        return Boolean(copy && copy.savedToServer);";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (now, saved) = save_mark(d).await;
        if now == saved && js(d, sent, vec![]).await == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "the save mark says {now:?}, never {saved:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the autosave mark says `key`'s message (or its English).
async fn wait_for_mark(d: &WebDriver, key: &str, english: &str) {
    let script = "const f = document.querySelector('form.visit-form');
        return [f.querySelector('.save-state').textContent, f.dataset[arguments[0]] || arguments[1]];";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = js(d, script, vec![json!(key), json!(english)]).await;
        if v[0] == v[1] {
            return;
        }
        assert!(Instant::now() < deadline, "the save mark says {}, never {}", v[0], v[1]);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Which of the visit's answers the form shows chosen.
async fn chosen(d: &WebDriver) -> Value {
    js(
        d,
        "const on = (css) => document.querySelector(css).checked;
         return [on(\"input[name='v:STF-01'][value=yes]\"), on(\"input[name='v:STF-02'][value='4']\"),
                 on(\"input[name='na:STF-03']\")];",
        vec![],
    )
    .await
}

/// A manager's programme through the API: one store, a small published
/// checklist and an assignment for the shopper with this email.
pub(super) async fn programme_for(app: &TestApp, shopper: &str) {
    programme_in(app, shopper, "en").await;
}

/// The same, for a shopper who reads `locale`.
pub(super) async fn programme_in(app: &TestApp, shopper: &str, locale: &str) {
    let (manager, _) = Api::new(app, "manager").await;
    let shopper = app.create_user_with("shopper", shopper, locale).await;
    let brand = json!({"name": "Ours", "own": true});
    let brand = expect(StatusCode::CREATED, manager.post("/api/v1/brands", brand).await);
    let loc = json!({"brand_id": brand["id"], "name": "Downtown",
        "channel": "store", "address": "1 Valiasr St", "city": "Tehran", "latitude": 35.7,
        "longitude": 51.4, "timezone": "Asia/Tehran"});
    let loc = expect(StatusCode::CREATED, manager.post("/api/v1/locations", loc).await);
    let list = json!({"name": "Store check", "sections": [
    {"category": "staff", "title": "Staff", "weight": 1, "criteria": [
        {"code": "STF-01", "prompt": "Greeted within 30 seconds?", "kind": "yes_no", "weight": 2},
        {"code": "STF-02", "prompt": "Product knowledge", "kind": "scale", "min": 1, "max": 5},
        {"code": "STF-03", "prompt": "Minutes queued", "kind": "number", "target": 5,
         "direction": "at_most", "unit": "minutes", "allow_na": true}
    ]}]});
    let list = expect(StatusCode::CREATED, manager.post("/api/v1/checklists", list).await);
    let id = list["id"].as_i64().unwrap();
    let publish = format!("/api/v1/checklists/{id}/versions/1/publish");
    expect(StatusCode::OK, manager.post(&publish, json!({})).await);
    let assignment = json!({"location_id": loc["id"], "checklist_id": id,
        "shopper_id": shopper.id, "opens_on": "2026-01-01", "due_on": "2099-01-01",
        "brief": "Ask for the blue jacket in size M"});
    expect(StatusCode::CREATED, manager.post("/api/v1/assignments", assignment).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_fills_and_submits_a_visit_by_tapping() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let axe = axe_source();
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    programme_for(&app, "shopper@example.com").await;
    sign_in(d, &app, "shopper@example.com").await;

    press(d, ".assignment a.btn-primary").await;
    assert_eq!(path_of(d).await, "/visits/new");
    assert_all_tall_enough(d, "form.visit-form label.choice").await;
    assert_all_tall_enough(d, "form.visit-form label.na").await;
    tap(d, "//fieldset[@id='q-STF-01']//label[normalize-space()='Yes']").await;
    tap(d, "//fieldset[@id='q-STF-02']//label[normalize-space()='4']").await;
    tap(d, "//fieldset[@id='q-STF-03']//label[contains(@class, 'na')]").await;
    wait_until_saved(d).await;
    assert_no_horizontal_overflow(d).await;

    // The server has the draft: the assignment now leads to it.
    reload(d).await;
    let edit = path_of(d).await;
    assert!(edit.starts_with("/visits/") && edit.ends_with("/edit"), "{edit}");
    assert_eq!(chosen(d).await, json!([true, true, true]), "answers kept over a reload");
    assert_eq!(save_mark(d).await.0, "", "nothing to restore: the server had it all");

    // Typed where the signal dropped: the browser's copy comes back on
    // reload, and is sent.
    let unsent = "const f = document.querySelector('form.visit-form');
        const key = 'yardstick.visit:' + f.getAttribute('action').split('?')[0];
        const copy = JSON.parse(localStorage.getItem(key));
        copy.fields = copy.fields.filter(([k]) => k !== 'narrative').concat([['narrative', arguments[0]]]);
        localStorage.setItem(key, JSON.stringify({ ...copy, at: Date.now(), savedToServer: false }));";
    js(d, unsent, vec![json!("Typed with no signal")]).await;
    reload(d).await;
    let narrative = "return document.querySelector('#narrative').value;";
    assert_eq!(js(d, narrative, vec![]).await, json!("Typed with no signal"));
    // "Restored" until the autosave 1.5 s later says "Saving…", then "Saved".
    let (mark, _) = save_mark(d).await;
    assert!(!mark.is_empty(), "the mark says what became of the copy");
    wait_until_saved(d).await;
    reload(d).await;
    assert_eq!(js(d, narrative, vec![]).await, json!("Typed with no signal"), "sent to the server");
    assert_eq!(chosen(d).await, json!([true, true, true]));

    // The signal drops while typing: the mark says so, and the draft goes
    // as soon as the signal is back.
    set_offline(&phone, true).await;
    let field = d.find(By::Css("#narrative")).await.unwrap();
    d.execute("arguments[0].scrollIntoView({ block: 'center' });", vec![field.to_json().unwrap()])
        .await
        .unwrap();
    field.send_keys(" Then a queue.").await.unwrap();
    wait_for_mark(d, "msgOffline", "Offline: kept on this phone").await;
    set_offline(&phone, false).await;
    wait_until_saved(d).await;
    reload(d).await;
    let typed = "Typed with no signal Then a queue.";
    assert_eq!(js(d, narrative, vec![]).await, json!(typed), "sent when the signal came back");

    if let Some(axe) = &axe {
        assert_accessible(d, axe).await;
    }

    press(d, "button[name=action][value=submit]").await;
    assert_eq!(format!("{}/edit", path_of(d).await), edit, "the visit's report");
    assert_eq!(texts(d, ".badge-submitted").await, ["Awaiting review"]);
    let left = "return Object.keys(localStorage).filter((k) => k.startsWith('yardstick.visit:'));";
    assert_eq!(js(d, left, vec![]).await, json!([]), "the submitted visit's copy is dropped");

    phone.driver.quit().await.unwrap();
}

/// Posts the open visit form from "another tab" with `extra` fields set,
/// and says how the request ended (`opaqueredirect 0` for a redirect).
async fn post_from_elsewhere(d: &WebDriver, path: &str, extra: Value) -> Value {
    let script = "const f = document.querySelector('form.visit-form');
        const body = new URLSearchParams(new FormData(f));
        for (const [k, v] of Object.entries(arguments[1])) body.set(k, v);
        return fetch(arguments[0] || f.getAttribute('action'), {
            method: 'POST', body, credentials: 'same-origin', redirect: 'manual',
            headers: { 'X-CSRF-Token': f.elements.csrf_token.value },
        }).then((r) => r.type + ' ' + r.status);";
    js(d, script, vec![json!(path), extra]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_says_when_its_visit_was_submitted_elsewhere_or_the_session_ended() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    programme_for(&app, "shopper@example.com").await;
    sign_in(d, &app, "shopper@example.com").await;
    press(d, ".assignment a.btn-primary").await;
    tap(d, "//fieldset[@id='q-STF-01']//label[normalize-space()='Yes']").await;
    tap(d, "//fieldset[@id='q-STF-02']//label[normalize-space()='4']").await;
    tap(d, "//fieldset[@id='q-STF-03']//label[contains(@class, 'na')]").await;
    wait_until_saved(d).await;
    reload(d).await;

    let edit = path_of(d).await;

    // Signed out from another tab: the mark says so, not "offline", and
    // what was typed stays on the phone until the shopper is back.
    let out = post_from_elsewhere(d, "/logout", json!({})).await;
    assert_eq!(out, json!("opaqueredirect 0"), "signed out");
    type_into(d, "#narrative", "Typed after the session ended").await;
    wait_for_mark(d, "msgSignedOut", "Not saved: you are signed out").await;
    sign_in(d, &app, "shopper@example.com").await;
    d.goto(app.url(&edit)).await.unwrap();
    wait_until_saved(d).await;
    reload(d).await;
    let narrative = "return document.querySelector('#narrative').value;";
    assert_eq!(js(d, narrative, vec![]).await, json!("Typed after the session ended"));

    // Submitted from another tab: what is typed here can no longer go.
    let sent = post_from_elsewhere(d, "", json!({"action": "submit"})).await;
    assert_eq!(sent, json!("opaqueredirect 0"), "submitted and sent to the report");
    type_into(d, "#narrative", "One more thing").await;
    wait_for_mark(d, "msgLocked", "Not saved: this visit has been submitted").await;

    phone.driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_attaches_a_photo_to_a_question_and_sees_its_thumbnail() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let axe = axe_source();
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    programme_for(&app, "snapper@example.com").await;
    sign_in(d, &app, "snapper@example.com").await;
    press(d, ".assignment a.btn-primary").await;
    tap(d, "//fieldset[@id='q-STF-01']//label[normalize-space()='Yes']").await;
    // Two buttons, not the browser's raw file input: the camera, or photos
    // already taken.
    assert_all_tall_enough(d, "#q-STF-01 .photo-add").await;
    let buttons = "return [...document.querySelectorAll('#q-STF-01 .photo-add')].map((l) =>
        [l.textContent.trim(), l.querySelector('input').getAttribute('capture')]);";
    assert_eq!(
        js(d, buttons, vec![]).await,
        json!([["Take photo", "environment"], ["Add from gallery", null]])
    );

    // A small camera picture, chosen as the phone's camera would hand it over.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("IMG_0001.jpg");
    let bytes = yardstick::evidence::sample::jpeg(
        64,
        48,
        None,
        yardstick::evidence::sample::detailed_pixel,
    );
    std::fs::write(&file, bytes).unwrap();
    // Not a picture: the refusal is shown beside the question, with a retry.
    let note = dir.path().join("note.txt");
    std::fs::write(&note, "not a photo").unwrap();
    d.find(By::Css("#photo-STF-02-gallery"))
        .await
        .unwrap()
        .send_keys(note.to_str().unwrap())
        .await
        .unwrap();
    let refused = "const e = document.querySelector('#q-STF-02 .photo-list .field-error');
        return e && [e.textContent, e.nextElementSibling.textContent];";
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, refused, vec![]).await.is_null() {
        assert!(Instant::now() < deadline, "no message for the refused file");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        js(d, refused, vec![]).await,
        json!(["This type of file or content is not accepted.", "Try again"])
    );
    let input = d.find(By::Css("#photo-STF-01-camera")).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    let uploaded = "return [...document.querySelectorAll('#q-STF-01 .photo-list img')]
        .filter((i) => i.getAttribute('src').endsWith('/thumb') && i.complete && i.naturalWidth > 0).length;";
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, uploaded, vec![]).await != json!(1) {
        assert!(Instant::now() < deadline, "no thumbnail under STF-01");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        js(d, "return document.querySelector('#photo-STF-01-camera').value;", vec![]).await,
        json!(""),
        "sent by the script, so the form's own post does not send it again"
    );
    assert_all_tall_enough(d, "#q-STF-01 .photo-remove").await;
    assert_no_horizontal_overflow(d).await;
    if let Some(axe) = &axe {
        assert_accessible(d, axe).await;
    }
    // The server has it: after a reload the thumbnail is still there.
    wait_until_saved(d).await;
    reload(d).await;
    let edit = path_of(d).await;
    assert!(edit.ends_with("/edit"), "{edit}");
    assert_eq!(js(d, uploaded, vec![]).await, json!(1));
    // Removing it: the script deletes it through the API, in place.
    tap(d, "//fieldset[@id='q-STF-01']//button[contains(@class, 'photo-remove')]").await;
    let left = "return document.querySelectorAll('#q-STF-01 .photo-list li').length;";
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, left, vec![]).await != json!(0) {
        assert!(Instant::now() < deadline, "the photo stayed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(path_of(d).await, edit, "removed without leaving the form");
    reload(d).await;
    assert_eq!(js(d, left, vec![]).await, json!(0), "gone from the server too");
    phone.driver.quit().await.unwrap();
}
