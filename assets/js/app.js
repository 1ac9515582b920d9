// Small, optional enhancements; every page works without this file.
"use strict";

// Buttons that change something hard to undo ask first.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// The visit form saves itself: to this browser on every change (a reload or
// a locked phone loses nothing), to the server soon after (retried).
const PREFIX = "yardstick.visit:";
// Storage may be refused (private mode, full disk): the server still saves.
const quiet = (f) => { try { return f(); } catch { return null; } };
const store = {
  get: (k) => quiet(() => JSON.parse(localStorage.getItem(k))),
  set: (k, v) => quiet(() => localStorage.setItem(k, JSON.stringify(v))),
  drop: (k) => quiet(() => localStorage.removeItem(k)),
  keys: () => quiet(() => Object.keys(localStorage)) || [],
};

const visitForm = document.querySelector("form.visit-form[data-autosave]");
const here = store.get(PREFIX + location.pathname);
if (visitForm) autosave(visitForm);
// The report a submit leads to: that visit's copy has done its job.
else if (here?.submitted) store.drop(PREFIX + location.pathname);

function autosave(form) {
  const page = location.pathname + location.search;
  let action = form.getAttribute("action");
  let copy = store.get(PREFIX + action);
  // A new visit gets a new id with each page: an unsent copy is found by its
  // page instead and keeps its id, so it stays one visit.
  for (const k of copy ? [] : store.keys()) {
    const c = k.startsWith(PREFIX) && store.get(k);
    if (c && c.page === page && !c.savedToServer) {
      copy = c;
      action = c.action;
      form.setAttribute("action", action);
    }
  }
  const key = PREFIX + action;
  const mark = form.querySelector(".save-state");
  // Messages come from the page, in the shopper's language.
  const say = (n, en) => mark && (mark.textContent = form.dataset["msg" + n] || en);
  let timer = 0, busy = false, leaving = false;

  const keep = (submitted) => store.set(key, {
    at: Date.now(), page, action, savedToServer: false, submitted,
    fields: [...new FormData(form)].filter(([k]) => k !== "csrf_token"),
  });
  const schedule = () => { clearTimeout(timer); timer = setTimeout(send, 1500); };

  if (copy?.savedToServer === false && restore(form, copy.fields)) {
    say("Restored", "Restored");
    schedule();
  }
  // Back on the form after a submit: it had a problem, so keep the copy.
  if (copy?.submitted) store.set(key, { ...copy, submitted: false });

  // One request at a time, so an older draft never lands after a newer one.
  async function send(keepalive) {
    const sent = store.get(key);
    if (busy) return schedule();
    clearTimeout(timer);
    if (sent?.savedToServer !== false) return;
    busy = true;
    const body = new URLSearchParams(new FormData(form));
    body.set("action", "autosave");
    let status = 0;
    say("Saving", "Saving…");
    try {
      status = (await fetch(action, {
        method: "POST", body, credentials: "same-origin", keepalive: !!keepalive,
        redirect: "manual", headers: { "X-CSRF-Token": form.elements.csrf_token.value },
      })).status;
    } catch { /* no signal: retried when it returns or on a change */ }
    busy = false;
    const now = store.get(key);
    // Sent, unless it changed while on its way.
    if (status === 204 && now?.at === sent.at) store.set(key, { ...now, savedToServer: true });
    if (status === 204) say("Saved", "Saved");
    else if (status === 422) say("Invalid", "Not saved: check the answers");
    else say("Offline", "Offline: kept on this phone");
  }

  const changed = () => { leaving = false; keep(false); schedule(); };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    // The form posts itself: no autosave races it.
    clearTimeout(timer);
    leaving = true;
    keep(event.submitter?.value === "submit");
  });
  window.addEventListener("online", () => send());
  // The phone locked or the tab is closing: send what is pending now.
  const flush = () => leaving || send(true);
  document.addEventListener("visibilitychange", () => document.hidden && flush());
  window.addEventListener("pagehide", flush);
}

// Puts a stored copy back into the form; true when anything changed.
function restore(form, fields) {
  let changed = false;
  for (const el of form.elements) {
    if (!el.name || /hidden|submit/.test(el.type)) continue;
    const tick = /radio|checkbox/.test(el.type);
    const found = fields.find(([k, v]) => k === el.name && (!tick || v === el.value));
    if (tick) {
      if (el.checked !== !!found) { el.checked = !!found; changed = true; }
    } else if (found && el.value !== found[1]) {
      el.value = found[1];
      changed = true;
      // A restored comment is shown, not left folded away.
      (el.closest("details") || {}).open = true;
    }
  }
  return changed;
}
