// The offline queue (issue 15): what the shopper did with no signal, kept in
// IndexedDB until the server confirms it. Loaded by every page (before
// app.js) and by the service worker (importScripts), so it touches no DOM:
// the page draws the queue, this file keeps and sends it.
//
// Items, in order, each tied to the signed-in user (the page's
// `yardstick-user` meta tag), so a second person on the phone neither sees
// nor sends them:
//   draft   the visit form's fields, posted as the autosave does
//   expect  the photos of a visit still on the phone, announced to the
//           server (PUT expected-photos) so it refuses a submit without them
//   photo   one photo (a Blob), its criterion, caption and client_id
//   submit  the form's fields with action=submit, sent once every photo of
//           its visit has arrived
// An item leaves the queue only on a confirmed answer. Signed out: the queue
// stops until the shopper signs in again. A refusal (4xx) holds that item
// with its message until the shopper retries or deletes it.
"use strict";

(() => {
  const DB = "yardstick-offline";
  const ITEMS = "queue";
  const SESSION = "session";
  const EVENTS = "yardstick-queue";

  let opened = null;
  const db = () => opened || (opened = new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const d = req.result;
      d.createObjectStore(ITEMS, { keyPath: "seq", autoIncrement: true }).createIndex("user", "user");
      d.createObjectStore(SESSION);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => { opened = null; reject(req.error); };
  }));

  // One transaction; `work` gets the store and returns a request or nothing.
  const tx = async (store, mode, work) => {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(store, mode);
      const req = work(t.objectStore(store));
      t.oncomplete = () => resolve(req && req.result);
      t.onerror = t.onabort = () => reject(t.error);
    });
  };

  const events = typeof BroadcastChannel === "function" ? new BroadcastChannel(EVENTS) : null;
  const listeners = new Set();
  // Said to this page and to every other page and the service worker.
  const tell = (message) => {
    for (const f of listeners) f(message);
    if (events) events.postMessage(message);
  };
  if (events) events.onmessage = (e) => { for (const f of listeners) f(e.data); };

  // The items of one user, oldest first (the key is a counter).
  const items = async (user) =>
    (await tx(ITEMS, "readonly", (s) => s.index("user").getAll(user))) || [];
  const get = (seq) => tx(ITEMS, "readonly", (s) => s.get(seq));
  const remove = (seq) => tx(ITEMS, "readwrite", (s) => { s.delete(seq); });
  const put = (item) => tx(ITEMS, "readwrite", (s) => s.put(item));

  // Some browsers (older Safari in private mode) refuse to keep a Blob in
  // IndexedDB: the photo is then kept as its bytes (an ArrayBuffer) with its
  // type, and made a Blob again when sent.
  const add = async (item) => {
    try {
      return await put(item);
    } catch (e) {
      if (!item.blob || e.name !== "DataCloneError") throw e;
      const { blob, ...rest } = item;
      return put({ ...rest, bytes: await blob.arrayBuffer(), type: blob.type });
    }
  };
  const blobOf = (item) => item.blob || new Blob([item.bytes], { type: item.type || "image/jpeg" });

  // Who is signed in on this browser and the session's CSRF token, so the
  // service worker can send the queue with no page open (Background Sync).
  const session = () => tx(SESSION, "readonly", (s) => s.get("current")).then((v) => v || {});
  const setSession = (value) => tx(SESSION, "readwrite", (s) => { s.put(value, "current"); });

  // Changes to the queue one after another (photos chosen together would
  // otherwise each add the visit's announcement).
  let line = Promise.resolve();
  const serial = (f) => (...args) => {
    const done = line.then(() => f(...args));
    line = done.catch(() => null);
    return done;
  };

  async function announce(user, visit) {
    for (const i of await items(user)) {
      if (i.visit === visit && i.kind === "expect") await remove(i.seq);
    }
    const api = `/api/v1/visits/${visit}/expected-photos`;
    await add({ user, visit, kind: "expect", api });
    tell({ type: "changed" });
  }

  const Queue = {
    on: (f) => listeners.add(f),
    items,
    get,
    blobOf,
    session,
    setSession,

    // The visit's answers: one draft item while none has gone, updated in
    // place (the newest answers are what counts, and going before the
    // visit's photos is what a draft is for); a held one is freed, as the
    // shopper changed something.
    draft: serial(async (user, visit, url, fields, label, at) => {
      const mine = (await items(user)).filter((i) => i.visit === visit);
      const first = mine.find((i) => i.kind === "draft");
      if (first) {
        await put({ ...first, fields, label, at, held: null });
      } else {
        await add({ user, visit, kind: "draft", url, fields, label, at });
      }
      for (const i of mine) if (i.held && i.kind !== "photo") await put({ ...i, held: null });
      tell({ type: "changed" });
    }),

    // A photo, then the visit's announcement after it (one per visit: any
    // older one is dropped, the new one names every photo still here).
    photo: serial(async (user, visit, api, fields) => {
      const seq = await add({ user, visit, kind: "photo", api, ...fields });
      await announce(user, visit);
      return seq;
    }),

    announce: serial((user, visit) => announce(user, visit)),

    // The submit replaces any earlier one of the visit.
    submit: serial(async (user, visit, url, fields, label) => {
      for (const i of await items(user)) {
        if (i.visit === visit && i.kind === "submit") await remove(i.seq);
      }
      await add({ user, visit, kind: "submit", url, fields, label, at: Date.now() });
      tell({ type: "changed" });
    }),

    // The shopper's own decision (after a confirm on the page).
    drop: serial(async (user, seq) => {
      const item = await get(seq);
      if (!item || item.user !== user) return;
      await remove(seq);
      if (item.kind === "photo") await announce(user, item.visit);
      tell({ type: "dropped", item: plain(item) });
      tell({ type: "changed" });
    }),

    retry: serial(async (user, seq) => {
      const item = await get(seq);
      if (item && item.user === user) await put({ ...item, held: null });
      tell({ type: "changed" });
    }),

    // Sends what can go, in order; one sender at a time across the pages
    // and the service worker. Says how it ended: "done", "offline",
    // "signed-out", "busy" or "error".
    run(user, csrf) {
      if (!user) return Promise.resolve("done");
      const go = () => send(user, csrf);
      if (self.navigator && navigator.locks) {
        return navigator.locks.request("yardstick-queue", { ifAvailable: true },
          (lock) => (lock ? go() : "busy"));
      }
      return go();
    },
  };

  // An item without its photo's bytes, for messages.
  const plain = ({ blob, bytes, ...rest }) => rest;

  async function send(user, csrf) {
    tell({ type: "running" });
    for (;;) {
      const all = await items(user);
      // A held draft or submit holds its visit; a held photo holds only the
      // visit's submit, and so does a photo not yet sent.
      const blocked = new Set(all.filter((i) => i.held && i.kind !== "photo").map((i) => i.visit));
      const next = all.find((i) => !i.held && !blocked.has(i.visit) &&
        !(i.kind === "submit" && all.some((p) => p.visit === i.visit && p.kind === "photo")));
      if (!next) {
        tell({ type: "idle", waiting: all.length });
        return "done";
      }
      let out;
      try {
        out = await sendOne(next, csrf, all);
      } catch {
        out = { end: "offline" };
      }
      if (out.ok) {
        // Changed while on its way (a newer draft): it goes again.
        const now = await get(next.seq);
        if (now && now.at === next.at) await remove(next.seq);
        tell({ type: "sent", item: plain(next), body: out.body, to: out.to });
      } else if ("held" in out) {
        const now = await get(next.seq);
        if (now) await put({ ...now, held: { status: out.status, message: out.held } });
        tell({ type: "held", item: plain(next), status: out.status, message: out.held });
      } else {
        if (out.end === "signed-out") await setSession({ ...(await session()), signedOut: true });
        tell({ type: "stopped", why: out.end, waiting: all.length });
        return out.end;
      }
    }
  }

  const signedOut = (res) => res.status === 401 || res.status === 403 ||
    (res.redirected && new URL(res.url).pathname === "/login");

  // One item to the server: {ok, body, to} | {held, status} | {end}.
  async function sendOne(item, csrf, all) {
    const headers = { "X-CSRF-Token": csrf };
    if (item.kind === "draft" || item.kind === "submit") {
      const body = new URLSearchParams(item.fields);
      body.set("action", item.kind === "draft" ? "autosave" : "submit");
      const res = await fetch(item.url, { method: "POST", body, headers, credentials: "same-origin" });
      if (signedOut(res)) return { end: "signed-out" };
      if (item.kind === "draft" && res.status === 204) return { ok: true };
      // A submit ends on the visit's report.
      if (item.kind === "submit" && res.ok && res.redirected &&
          new URL(res.url).pathname === item.url) return { ok: true, to: res.url };
      if (res.status >= 400 && res.status < 500) {
        return { held: await pageMessage(res, item.kind), status: res.status };
      }
      return { end: "error" };
    }
    if (item.kind === "expect") {
      const photos = all.filter((i) => i.visit === item.visit && i.kind === "photo")
        .map((i) => ({ client_id: i.clientId, criterion: i.criterion || null, caption: i.caption || "" }));
      const res = await fetch(item.api, {
        method: "PUT", credentials: "same-origin",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ photos }),
      });
      return answer(res, await json(res));
    }
    const data = new FormData();
    // The id first, so the server knows the photo before its bytes.
    data.append("client_id", item.clientId);
    if (item.criterion) data.append("criterion", item.criterion);
    if (item.caption) data.append("caption", item.caption);
    data.append("file", blobOf(item), item.name || "photo.jpg");
    const res = await (self.XMLHttpRequest ? xhr(item, data, csrf) : fetch(item.api, {
      method: "POST", body: data, headers, credentials: "same-origin",
    }));
    return answer(res, await json(res));
  }

  const json = async (res) => { try { return await res.json(); } catch { return null; } };

  function answer(res, body) {
    if (res.status === 0) return { end: "offline" };
    if (signedOut(res)) return { end: "signed-out" };
    if (res.ok) return { ok: true, body };
    if (res.status >= 400 && res.status < 500) {
      const e = body && body.error;
      return { held: (e && ((e.fields && Object.values(e.fields)[0]) || e.message)) || "", status: res.status };
    }
    return { end: "error" };
  }

  // The page's own error list (a refused submit shows the form again).
  async function pageMessage(res, kind) {
    const text = await res.text().catch(() => "");
    if (kind === "draft" || typeof DOMParser !== "function") return "";
    const doc = new DOMParser().parseFromString(text, "text/html");
    const list = doc.querySelector(".error-summary");
    return list ? [...list.querySelectorAll("li")].map((li) => li.textContent.trim()).join("; ") : "";
  }

  // In a page, photos go by XMLHttpRequest so the form can show progress.
  function xhr(item, data, csrf) {
    return new Promise((resolve) => {
      const r = new XMLHttpRequest();
      r.open("POST", item.api);
      r.setRequestHeader("X-CSRF-Token", csrf);
      r.upload.onprogress = (e) => e.lengthComputable &&
        tell({ type: "progress", clientId: item.clientId, share: e.loaded / e.total });
      const done = () => {
        const text = r.responseText;
        resolve({
          status: r.status, ok: r.status >= 200 && r.status < 300, redirected: false, url: item.api,
          json: async () => JSON.parse(text),
        });
      };
      r.onload = done;
      r.onerror = r.onabort = r.ontimeout = () => resolve({ status: 0, ok: false, json: async () => null });
      r.send(data);
    });
  }

  self.YardstickQueue = Queue;
})();
