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

// A photo of a fix goes as soon as it is taken or chosen; without the
// script the form's own button sends it.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.hasAttribute("data-send-on-choice")
      && input.files && input.files.length) {
    input.form.requestSubmit();
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

// Offline capture (issue 15): the queue (offline.js) keeps what waits for a
// signal, per signed-in user; the service worker keeps the forms.
const Q = self.YardstickQueue;
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || null;
const user = meta("yardstick-user");
const csrf = () => meta("csrf-token");
const queueBox = document.querySelector(".offline-queue");
const useQueue = !!(Q && user && self.indexedDB);
let runAgain = 0;
// Visits with something in the queue, and how the shopper deletes an item
// (drawn by queueView).
const waiting = new Set();
let dropItem = () => {};
// Sends what waits; another page or the worker sending means later.
const runQueue = () => {
  if (!useQueue) return;
  clearTimeout(runAgain);
  Q.run(user, csrf()).then((end) => {
    if (end !== "done") runAgain = setTimeout(runQueue, end === "busy" ? 2000 : 30000);
  }, () => {});
  navigator.serviceWorker?.ready.then((r) => r.sync?.register("yardstick-queue")).catch(() => {});
};
serviceWorker();

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
if (useQueue) {
  // This page's session is the one the queue goes with, now.
  Q.setSession({ user, csrf: csrf(), signedOut: false }).catch(() => {});
  if (queueBox) queueView(queueBox);
}
if (visitForm) autosave(visitForm);
// The report a submit leads to: that visit's copy has done its job.
else if (here?.submitted) store.drop(PREFIX + location.pathname);
if (useQueue) {
  runQueue();
  window.addEventListener("online", runQueue);
}

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

  // A copy the server has not confirmed goes again (the queue may have
  // sent it from another page meanwhile: a second save changes nothing).
  if (copy?.savedToServer === false) {
    if (restore(form, copy.fields)) say("Restored", "Restored");
    schedule();
  }
  // Back on the form after a submit: it had a problem, so keep the copy.
  if (copy?.submitted) store.set(key, { ...copy, submitted: false });

  const visit = () => action.split("/")[2];
  const label = () => [document.querySelector("h1")?.textContent, form.previousElementSibling?.textContent]
    .filter(Boolean).join(" · ");
  let submitQueued = false;
  const saySubmitQueued = () =>
    mark && (mark.textContent = queueBox?.dataset.msgQueuedSubmit || "Submitted on this phone");
  // The draft joins the queue, which sends one thing at a time in order,
  // so an older draft never lands after a newer one.
  async function send() {
    const sent = store.get(key);
    clearTimeout(timer);
    if (sent?.savedToServer !== false) return;
    if (!useQueue) return;
    say("Saving", "Saving…");
    try {
      await Q.draft(user, visit(), action, sent.fields, label(), sent.at);
    } catch { return say("Offline", "Offline: kept on this phone"); }
    runQueue();
  }
  // What became of it, said by whichever page or worker sent it.
  if (useQueue) Q.on((m) => {
    const mine = m.item && m.item.visit === visit();
    if (m.type === "sent" && mine && m.item.kind === "draft") {
      const now = store.get(key);
      if (now?.at === m.item.at) store.set(key, { ...now, savedToServer: true });
      say("Saved", "Saved");
    } else if (m.type === "sent" && mine && m.item.kind === "submit" && m.to) {
      store.set(key, { ...store.get(key), submitted: true });
      location.assign(m.to);
    } else if (m.type === "held" && mine && m.item.kind !== "photo") {
      if (m.status === 409) say("Locked", "Not saved: this visit has been submitted");
      else if (m.message && mark) mark.textContent = m.message;
      else say("Invalid", "Not saved: check the answers");
    } else if (m.type === "stopped" && store.get(key)?.savedToServer === false) {
      if (m.why === "signed-out") say("SignedOut", "Not saved: you are signed out");
      else if (submitQueued) saySubmitQueued();
      else say("Offline", "Offline: kept on this phone");
    }
  });

  const changed = () => { leaving = false; keep(false); schedule(); };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    const what = event.submitter?.value;
    // No signal, or photos of this visit still on their way: the save or
    // submit waits in the queue, after them, instead of failing.
    if (useQueue && (what === "submit" || what === "save") &&
        (!navigator.onLine || waiting.has(visit()))) {
      event.preventDefault();
      keep(false);
      const fields = store.get(key).fields;
      (async () => {
        await Q.draft(user, visit(), action, fields, label(), store.get(key).at);
        if (what === "submit") {
          await Q.submit(user, visit(), action, fields, label());
          submitQueued = true;
          saySubmitQueued();
        } else say("Offline", "Offline: kept on this phone");
        runQueue();
      })();
      return;
    }
    // The form posts itself: no autosave races it.
    clearTimeout(timer);
    leaving = true;
    keep(what === "submit");
  });
  window.addEventListener("online", () => send());
  photos(form, () => action, async () => {
    keep(false);
    const copy = store.get(key);
    await Q.draft(user, visit(), action, copy.fields, label(), copy.at);
  }, label);
  // The phone locked or the tab is closing: send what is pending now.
  const flush = () => leaving || send();
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

// Photos join the queue as soon as they are chosen, each with a preview
// and progress; with no signal they wait, marked so, and come back after a
// reload. A refused one says why and can be tried again or deleted.
function photos(form, actionOf, saveDraft, label) {
  const token = () => form.elements.csrf_token.value;
  if (!form.dataset.photoApi || !useQueue) return;
  const visit = () => actionOf().split("/")[2];
  const api = () => `/api/v1/visits/${visit()}/photos`;
  const msg = form.dataset;
  const waitingText = queueBox?.dataset.msgWaiting || "Waiting for signal";
  const shrinkBox = form.querySelector("#photo-shrink");
  const SHRINK = "yardstick.shrinkPhotos";
  if (shrinkBox) {
    shrinkBox.closest(".photo-shrink").hidden = false;
    shrinkBox.checked = store.get(SHRINK) === true;
    shrinkBox.addEventListener("change", () => store.set(SHRINK, shrinkBox.checked));
  }
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
  const listOf = (criterion) =>
    form.querySelector(`.photos[data-criterion="${CSS.escape(criterion || "")}"] .photo-list`);
  const button = (text, cls, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-secondary " + cls;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  };
  // A photo still on the phone: its own picture, "waiting for signal", a
  // progress bar while it goes.
  const queued = (item) => {
    const list = listOf(item.criterion);
    if (!list) return;
    let li = list.querySelector(`li[data-client-id="${item.clientId}"]`);
    if (!li) {
      li = document.createElement("li");
      li.className = "photo photo-queued";
      li.dataset.clientId = item.clientId;
      list.append(li);
    }
    const img = document.createElement("img");
    img.src = URL.createObjectURL(Q.blobOf(item));
    img.alt = msg.msgPhotoAlt || "";
    const badge = document.createElement("span");
    badge.className = "badge badge-waiting";
    badge.textContent = waitingText;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.hidden = true;
    li.replaceChildren(img, badge, bar);
    if (item.held) held(li, item);
  };
  const held = (li, item) => {
    const p = document.createElement("p");
    p.className = "field-error";
    p.setAttribute("role", "alert");
    p.textContent = item.held.message || msg.msgPhotoFailed || "The photo could not be sent.";
    const again = button(msg.msgPhotoRetry || "Try again", "", async () => {
      await Q.retry(user, item.seq);
      queued({ ...item, held: null });
      runQueue();
    });
    const drop = button(queueBox?.dataset.msgDelete || "Delete", "", () => dropItem(item));
    li.querySelector(".badge-waiting")?.remove();
    li.querySelector("progress")?.replaceWith(p, again, drop);
  };
  const byId = (id) => form.querySelector(`li[data-client-id="${id}"]`);
  Q.on((m) => {
    if (m.type === "progress") {
      const li = byId(m.clientId);
      const bar = li?.querySelector("progress");
      if (!bar) return;
      bar.hidden = false;
      li.querySelector(".badge-waiting")?.setAttribute("hidden", "");
      bar.value = 100 * m.share;
      return;
    }
    if (!m.item || m.item.kind !== "photo" || m.item.visit !== visit()) {
      if (m.type === "stopped") {
        for (const li of form.querySelectorAll("li.photo-queued")) {
          li.querySelector(".badge-waiting")?.removeAttribute("hidden");
          const bar = li.querySelector("progress");
          if (bar) bar.hidden = true;
        }
      }
      return;
    }
    const li = byId(m.item.clientId);
    if (m.type === "sent" && li && m.body) {
      const img = document.createElement("img");
      img.src = m.body.urls.thumb;
      img.alt = msg.msgPhotoAlt || "";
      const del = button(msg.msgPhotoRemove || "Remove", "photo-remove", () => {});
      del.dataset.photoDelete = "/api/v1/photos/" + m.body.id;
      li.classList.remove("photo-queued");
      li.replaceChildren(img, del);
    } else if (m.type === "held" && li) {
      Q.get(m.item.seq).then((item) => item && held(li, item));
    } else if (m.type === "dropped" && li) {
      li.remove();
    }
  });
  // After a reload (or offline, from the worker's copy of the form).
  Q.items(user).then((all) => {
    for (const item of all) if (item.kind === "photo" && item.visit === visit()) queued(item);
  });
  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (input.type !== "file" || !input.files.length) return;
    const files = [...input.files];
    // Kept here: the form's own post must not send them again.
    input.value = "";
    const criterion = input.closest(".photos").dataset.criterion || null;
    // The visit must exist before its photos: its draft goes first.
    await saveDraft();
    // Photos on the phone are the only copy: ask the browser not to clear
    // them when space runs short (it may still say no).
    navigator.storage?.persist?.().catch(() => {});
    for (const file of files) {
      const blob = shrinkBox?.checked ? await shrink(file) : file;
      const item = { clientId: crypto.randomUUID(), criterion, caption: "", blob,
        name: file.name, label: label() };
      queued({ ...item, visit: visit() });
      item.seq = await Q.photo(user, visit(), api(), item);
    }
    runQueue();
  });
}

// A large photo made at most 2048 px on its long side, as a JPEG: fewer
// bytes on a weak signal. The canvas drops the photo's EXIF (capture time,
// place), which the setting's label says; the orientation is applied first.
async function shrink(file) {
  const LONG = 2048;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = LONG / Math.max(bitmap.width, bitmap.height);
    if (scale >= 1) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.85));
    return blob ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg",
      { type: "image/jpeg", lastModified: file.lastModified }) : file;
  } catch {
    // Not a picture the browser can draw: the server says what it is.
    return file;
  }
}

// What waits for a signal, on the form and on home: one line, and the list
// behind it with a delete button each (after a confirm).
function queueView(box) {
  const d = box.dataset;
  const lang = document.documentElement.lang;
  const digits = d.digits || "0123456789";
  const num = (n) => String(n).replace(/[0-9]/g, (x) => digits[x]);
  const rules = new Intl.PluralRules(lang);
  const plural = (forms, n) => {
    const all = JSON.parse(forms || "{}");
    return (all[rules.select(n)] || all.other || "{n}").replace("{n}", num(n));
  };
  const list = box.querySelector(".offline-queue-items");
  const line = box.querySelector(".offline-queue-line");
  let signedOut = false;
  dropItem = async (item) => {
    if (!window.confirm(d.msgConfirm || "Delete?")) return;
    await Q.drop(user, item.seq);
    // Its answers are not brought back from this browser's copy either.
    if (item.kind === "draft") store.drop(PREFIX + item.url);
    draw();
  };
  const draw = async () => {
    const all = await Q.items(user).catch(() => []);
    const shown = all.filter((i) => i.kind !== "expect");
    waiting.clear();
    for (const i of all) waiting.add(i.visit);
    box.hidden = shown.length === 0;
    const photos = shown.filter((i) => i.kind === "photo").length;
    const visits = new Set(shown.filter((i) => i.kind !== "photo").map((i) => i.visit)).size;
    const parts = [];
    if (photos) parts.push(plural(d.msgPhotos, photos));
    if (visits) parts.push(plural(d.msgVisits, visits));
    const what = Intl.ListFormat ? new Intl.ListFormat(lang).format(parts) : parts.join(", ");
    line.textContent = (d.msgLine || "{what}").replace("{what}", what);
    if (signedOut) line.textContent += " · " + (d.msgSignedOut || "Sign in again");
    list.replaceChildren(...shown.map((item) => {
      const li = document.createElement("li");
      li.dataset.seq = item.seq;
      const key = { draft: "msgAnswers", photo: "msgPhoto", submit: "msgSubmit" }[item.kind];
      const text = document.createElement("span");
      // A photo says its question's code too.
      const what = [item.label || item.visit, item.criterion].filter(Boolean).join(" · ");
      text.textContent = (d[key] || "{visit}").replace("{visit}", what);
      li.append(text);
      if (item.held?.message) {
        const p = document.createElement("p");
        p.className = "field-error";
        p.textContent = item.held.message;
        li.append(p);
      }
      if (item.held) {
        li.append(button(d.msgRetry || "Try again", async () => {
          await Q.retry(user, item.seq);
          runQueue();
        }));
      }
      li.append(button(d.msgDelete || "Delete", () => dropItem(item)));
      return li;
    }));
  };
  const button = (text, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-secondary";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  };
  Q.on((m) => {
    if (m.type === "stopped") signedOut = m.why === "signed-out";
    if (m.type === "sent") signedOut = false;
    // While the signal holds, the line is drawn when the sending ends.
    if (m.type === "changed" && navigator.onLine) return queueCount();
    if (["stopped", "idle", "changed", "held", "dropped"].includes(m.type)) draw();
  });
  // Which visits have something waiting (the form's submit waits behind it).
  const queueCount = async () => {
    const all = await Q.items(user).catch(() => []);
    waiting.clear();
    for (const i of all) waiting.add(i.visit);
  };
  draw();
}

// The service worker: registered on every page, told who is signed in (no
// one: it forgets the pages it kept) and, on home, which forms to keep.
function serviceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js").catch(() => {});
  const shell = [...document.querySelectorAll("link[rel=stylesheet][href^='/assets/'], script[src^='/assets/']")]
    .map((e) => e.getAttribute("href") || e.getAttribute("src"));
  // Home itself too, where there are forms to keep.
  const links = [...document.querySelectorAll("[data-offline-form]")].map((a) => a.dataset.offlineForm);
  const forms = links.length ? ["/", ...links] : [];
  navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({
    type: "hello", user, csrf: csrf(), shell, forms: user ? forms : [],
  })).catch(() => {});
  // Signing out: the kept pages go at once.
  document.addEventListener("submit", (event) => {
    if (event.target.getAttribute("action") !== "/logout") return;
    navigator.serviceWorker.controller?.postMessage({ type: "signout" });
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
    if (q.dataset.kind === "photo") return !!q.querySelector(".photo-list .photo-remove, .photo-list .photo-queued");
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
