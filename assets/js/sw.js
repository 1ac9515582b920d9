// Yardstick's service worker (issue 15), served at /sw.js for the whole
// site. It keeps the app shell (styles, scripts, font, the offline page) and
// the signed-in shopper's visit forms, so they open with no signal, and
// sends the offline queue by Background Sync. It never keeps API answers,
// and keeps pages only of the user the pages say is signed in: another
// user's, or a sign-out, empties them.
"use strict";

// The queue's code, shared with the pages (served under its plain name).
importScripts("/assets/offline.js");

const SHELL = "yardstick-shell-v1";
const PAGES = "yardstick-pages-";
const OFFLINE = "/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.add(OFFLINE)).catch(() => null)
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

// The user whose pages are kept: the last one a page named (null after a
// sign-out, when nothing is kept).
const owner = async () => (await YardstickQueue.session()).user || null;

async function forgetPagesBut(user) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== PAGES + user) await caches.delete(name);
  }
}

// A page worth keeping: home, a visit's form or report, the form of an
// assignment. Not the API, not managers' lists.
const keeps = (url) => url.origin === self.location.origin &&
  (url.pathname === "/" || /^\/visits\/(new|[0-9a-f-]{36}(\/edit)?)$/.test(url.pathname));

async function keep(user, request, response) {
  if (!user || !response.ok || response.type.startsWith("opaque")) return;
  const cache = await caches.open(PAGES + user);
  await cache.put(request, response);
}

// Fetches a page for later and keeps it under the asked URL, and under the
// one it led to (an assignment leads to its draft once there is one).
async function fetchForLater(user, url) {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok || new URL(res.url).pathname === "/login") return;
  const body = await res.blob();
  const copy = () => new Response(body, { status: 200, headers: res.headers });
  if (user !== (await owner())) return;
  await keep(user, new Request(url), copy());
  if (res.redirected) await keep(user, new Request(res.url), copy());
}

// The stylesheet names its font: kept too.
async function keepShell(urls) {
  const cache = await caches.open(SHELL);
  for (const url of [...urls, OFFLINE]) {
    if (url !== OFFLINE && (await cache.match(url))) continue;
    const res = await fetch(url, { credentials: "same-origin" }).catch(() => null);
    if (!res || !res.ok) continue;
    await cache.put(url, res.clone());
    if (url.endsWith(".css")) {
      const fonts = [...(await res.text()).matchAll(/url\("?(\/assets\/[^")]+)"?\)/g)].map((m) => m[1]);
      for (const f of fonts) {
        if (!(await cache.match(f))) await cache.add(f).catch(() => null);
      }
    }
  }
}

// A page says who is signed in (null: nobody), the shell it uses, and on
// home the forms to keep for the day's visits.
// One message at a time, in the order they came: a sign-out page's word
// must not land in the middle of the next user's.
let turn = Promise.resolve();
self.addEventListener("message", (event) => {
  const m = event.data || {};
  const work = turn = turn.then(async () => {
    if (m.type === "signout") {
      await YardstickQueue.setSession({ user: null });
      await forgetPagesBut(null);
      return;
    }
    if (m.type !== "hello") return;
    const user = m.user || null;
    const was = await YardstickQueue.session();
    if (was.user !== user || (m.csrf && was.csrf !== m.csrf)) {
      await YardstickQueue.setSession({ user, csrf: m.csrf || null, signedOut: false });
    }
    await forgetPagesBut(user);
    if (m.shell) await keepShell(m.shell);
    if (user && m.forms) {
      for (const url of m.forms) await fetchForLater(user, url).catch(() => null);
    }
    if (event.source) event.source.postMessage({ type: "kept", forms: (m.forms || []).length });
  }).catch(() => null);
  event.waitUntil(work);
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(caches.match(req, { cacheName: SHELL }).then((hit) => hit || fetch(req)));
    return;
  }
  if (req.mode !== "navigate") return;
  event.respondWith((async () => {
    const user = await owner();
    try {
      const res = await fetch(req);
      if (user && keeps(url) && !res.redirected) await keep(user, req, res.clone());
      return res;
    } catch (e) {
      const hit = user && await (await caches.open(PAGES + user)).match(req, { ignoreVary: true });
      return hit || (await caches.match(OFFLINE, { cacheName: SHELL })) || Response.error();
    }
  })());
});

// The signal is back while no page of the site is open: send the queue.
self.addEventListener("sync", (event) => {
  if (event.tag !== "yardstick-queue") return;
  event.waitUntil((async () => {
    const s = await YardstickQueue.session();
    if (!s.user || !s.csrf || s.signedOut) return;
    const end = await YardstickQueue.run(s.user, s.csrf);
    // Still no signal: the browser tries the sync again later.
    if (end === "offline" || end === "error") throw new Error(end);
  })());
});
