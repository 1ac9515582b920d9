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

// A Persian date's Gregorian day, in the small print under it, follows
// the typing; the server reads the date itself (src/i18n/dates.rs).
for (const input of document.querySelectorAll("input.date-entry")) {
  const hint = document.getElementById(input.id + "-hint");
  if (hint?.dataset.gregorian) input.addEventListener("input", () => gregorianHint(input, hint));
}

const visitForm = document.querySelector("form.visit-form[data-autosave]");
if (visitForm) progress(visitForm);
openTarget();
window.addEventListener("hashchange", openTarget);
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
    fields: textFields(form).filter(([k]) => k !== "csrf_token"),
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
    const body = new URLSearchParams(textFields(form));
    body.set("action", "autosave");
    let status = 0, signedOut = false;
    say("Saving", "Saving…");
    try {
      const res = await fetch(action, {
        method: "POST", body, credentials: "same-origin", keepalive: !!keepalive,
        redirect: "manual", headers: { "X-CSRF-Token": form.elements.csrf_token.value },
      });
      status = res.status;
      // The session ended: its CSRF token is refused, or the sign-in page
      // answers.
      signedOut = res.type === "opaqueredirect" || res.status === 401 || res.status === 403;
    } catch { /* no signal: retried when it returns or on a change */ }
    busy = false;
    const now = store.get(key);
    // Sent, unless it changed while on its way.
    if (status === 204 && now?.at === sent?.at) store.set(key, { ...now, savedToServer: true });
    if (status === 204) say("Saved", "Saved");
    else if (status === 422) say("Invalid", "Not saved: check the answers");
    else if (status === 409) say("Locked", "Not saved: this visit has been submitted");
    else if (signedOut) say("SignedOut", "Not saved: you are signed out");
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
  photos(form, () => action);
  // The phone locked or the tab is closing: send what is pending now.
  const flush = () => leaving || send(true);
  document.addEventListener("visibilitychange", () => document.hidden && flush());
  window.addEventListener("pagehide", flush);
}

// Puts a stored copy back into the form; true when anything changed.
function restore(form, fields) {
  let changed = false;
  for (const el of form.elements) {
    if (!el.name || /hidden|submit|file/.test(el.type)) continue;
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

// The form's fields without its files (those go through the photo API).
function textFields(form) {
  return [...new FormData(form)].filter(([, v]) => typeof v === "string");
}

// Photos upload as soon as they are chosen, each with a preview, progress
// and a remove button; a failed one says why and can be tried again.
function photos(form, actionOf) {
  const api = form.dataset.photoApi;
  const token = () => form.elements.csrf_token.value;
  if (!api) return;
  // The visit must exist before its photos: store the draft first.
  const saveDraft = () => {
    const body = new URLSearchParams(textFields(form));
    body.set("action", "autosave");
    return fetch(actionOf(), {
      method: "POST", body, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRF-Token": token() },
    }).catch(() => null);
  };
  const remove = async (button) => {
    button.disabled = true;
    const res = await fetch(button.dataset.photoDelete, {
      method: "DELETE", credentials: "same-origin", headers: { "X-CSRF-Token": token() },
    }).catch(() => null);
    if (res && (res.ok || res.status === 404)) button.closest("li").remove();
    else button.disabled = false;
  };
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-photo-delete]");
    if (!button) return;
    event.preventDefault();
    remove(button);
  });
  const upload = (input, file, item) => {
    const box = input.closest(".photos");
    const msg = form.dataset;
    item.replaceChildren();
    const img = document.createElement("img");
    img.src = URL.createObjectURL(file);
    img.alt = msg.msgPhotoAlt || "";
    const bar = document.createElement("progress");
    bar.max = 100;
    item.append(img, bar);
    const data = new FormData();
    data.append("file", file);
    if (box.dataset.criterion) data.append("criterion", box.dataset.criterion);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", api);
    xhr.setRequestHeader("X-CSRF-Token", token());
    xhr.upload.onprogress = (e) => e.lengthComputable && (bar.value = (100 * e.loaded) / e.total);
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 201 && body) {
        img.src = body.urls.thumb;
        const del = document.createElement("button");
        del.type = "button";
        del.className = "btn btn-secondary photo-remove";
        del.dataset.photoDelete = "/api/v1/photos/" + body.id;
        del.textContent = msg.msgPhotoRemove || "Remove";
        bar.replaceWith(del);
      } else {
        failed(body?.error?.fields?.criterion || body?.error?.message);
      }
    };
    xhr.onerror = () => failed();
    const failed = (why) => {
      const p = document.createElement("p");
      p.className = "field-error";
      p.setAttribute("role", "alert");
      p.textContent = why || msg.msgPhotoFailed || "The photo could not be sent.";
      const again = document.createElement("button");
      again.type = "button";
      again.className = "btn btn-secondary";
      again.textContent = msg.msgPhotoRetry || "Try again";
      again.addEventListener("click", () => upload(input, file, item));
      bar.replaceWith(p, again);
    };
    xhr.send(data);
  };
  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (input.type !== "file" || !input.files.length) return;
    const files = [...input.files];
    // Sent here: the form's own post must not send them again.
    input.value = "";
    await saveDraft();
    const list = input.closest(".photos").querySelector(".photo-list");
    for (const file of files) {
      const item = document.createElement("li");
      item.className = "photo";
      list.append(item);
      upload(input, file, item);
    }
  });
}

// A link to a question or section in a folded part opens it.
function openTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id && document.getElementById(id);
  if (!el) return;
  for (let d = el.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  const jump = document.querySelector("details.jump");
  if (jump) jump.open = false;
  el.scrollIntoView();
}

// The answered counters follow the shopper's taps. A value the server
// refused counts only once it is changed, as the page said when drawn.
function progress(form) {
  const digits = form.dataset.digits || "0123456789";
  const num = (n) => String(n).replace(/[0-9]/g, (d) => digits[d]);
  const fill = (text, a, t) => (text || "{a}/{t}").replace("{a}", num(a)).replace("{t}", num(t));
  const refused = new Set(form.querySelectorAll("fieldset.question.has-error"));
  const answered = (q) => {
    if (refused.has(q)) return false;
    if (q.querySelector("input[name^='na:']:checked, input[type=radio]:checked")) return true;
    if (q.dataset.kind === "photo") return !!q.querySelector(".photo-list .photo-remove");
    return [...q.querySelectorAll("[name^='v:']:not([type=radio])")].some((el) => el.value.trim() !== "");
  };
  const update = () => {
    let all = 0, total = 0;
    for (const section of form.querySelectorAll("details.visit-section")) {
      const questions = [...section.querySelectorAll("fieldset.question")];
      const done = questions.filter(answered).length;
      all += done;
      total += questions.length;
      for (const count of form.querySelectorAll(`.count[data-section="${section.id}"]`)) {
        count.textContent = fill(form.dataset.msgSection, done, questions.length);
        (count.closest("li") || count).classList.toggle("done", done === questions.length);
      }
    }
    const count = form.querySelector(".progress-count");
    if (count) count.textContent = fill(form.dataset.msgProgress, all, total);
  };
  const touched = (event) => {
    refused.delete(event.target.closest && event.target.closest("fieldset.question"));
    update();
  };
  form.addEventListener("input", touched);
  form.addEventListener("change", touched);
  // Photos arrive and go without an input event.
  const watch = new MutationObserver(update);
  for (const list of form.querySelectorAll(".photo-list")) watch.observe(list, { childList: true, subtree: true });
  form.addEventListener("click", (event) => {
    if (event.target.closest("details.jump a")) event.target.closest("details.jump").open = false;
  });
}

// A new location's form: the channel moves the required mark to the
// contact field it needs, and a brand suggests its usual time zone until
// the zone is typed over.
const placeForm = document.querySelector("form.location-form");
if (placeForm) locationForm(placeForm);
function locationForm(form) {
  const { channel, brand_id: brand, timezone } = form.elements;
  const zones = JSON.parse(form.dataset.brandZones || "null");
  channel.addEventListener("change", () => {
    for (const field of form.querySelectorAll("[data-required-for]")) {
      const needed = field.dataset.requiredFor.split(" ").includes(channel.value);
      field.querySelector("input").required = needed;
      field.querySelector(".required-mark").hidden = !needed;
    }
  });
  let suggested = timezone.value;
  if (zones) brand.addEventListener("change", () => {
    const zone = zones[brand.value];
    if (zone && timezone.value === suggested) timezone.value = suggested = zone;
  });
}

function gregorianHint(input, hint) {
  const text = input.value.trim()
    .replace(/[۰-۹]/g, (c) => c.charCodeAt(0) - 0x6f0)
    .replace(/[٠-٩]/g, (c) => c.charCodeAt(0) - 0x660);
  const m = /^(\d{4})[-/.٫](\d{1,2})[-/.٫](\d{1,2})$/.exec(text) || /^(\d{4})(\d\d)(\d\d)$/.exec(text);
  const day = m && fromSolarHijri(+m[1], +m[2], +m[3]);
  const words = (t) => new Intl.DateTimeFormat(document.documentElement.lang + "-u-ca-gregory",
    { dateStyle: "medium", timeZone: "UTC" }).format(t);
  hint.textContent = day ? hint.dataset.gregorian.replace("{date}", words(day)) : hint.dataset.entry;
}

// The day of a Solar Hijri date by the browser's own Persian calendar
// (years from 1700 are Gregorian, as on the server); null if there is none.
function fromSolarHijri(y, m, d) {
  if (y >= 1700) {
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? t : null;
  }
  const persian = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn",
    { year: "numeric", month: "numeric", day: "numeric", timeZone: "UTC" });
  const ord = (y, m, d) => y * 366 + (m <= 6 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d;
  let t = Date.UTC(y + 621, 2, 21);
  // Steps by the distance left; a day the month lacks never lands.
  for (let i = 0; i < 4; i++) {
    const p = {};
    for (const x of persian.formatToParts(t)) p[x.type] = parseInt(x.value, 10);
    const gap = ord(y, m, d) - ord(p.year, p.month, p.day);
    if (!gap) return new Date(t);
    t += gap * 86400000;
  }
  return null;
}
