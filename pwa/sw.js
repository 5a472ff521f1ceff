/*
 * Zaoshai service worker: the app opens offline (start page, the questionnaire in progress,
 * the last result, the advice library once opened) and a submission made without signal is
 * sent when the network is back.
 *
 * A classic script, not a module: module service workers are missing from the browsers many
 * residents use (older Safari, WeChat's in-app browser), so the outbox replay at the bottom
 * repeats the few lines of js/outbox.js and js/store.js it needs, on the same IndexedDB.
 */

// Bump with every change to a file in SHELL: tests/browser/test_contract.py computes the value
// from the files and fails with the one to write here, so a stale shell cannot ship.
const VERSION = "shell-c853eb6bf7";
const SHELL_CACHE = `zaoshai-${VERSION}`;
const DATA_CACHE = "zaoshai-data-v1";

// The app shell: everything needed to draw any screen. Cached at install, served cache-first;
// a new VERSION installs a fresh copy and activate deletes the old one. "/" is the page
// (a navigation to /index.html is answered with it). Of the icons only those the page links:
// the manifest's 192 and 512 px icons are fetched by the browser itself when a resident adds
// the app to the home screen, and are never drawn offline; precaching them would add 45 KB to
// every first visit.
const SHELL = [
  "/", "/manifest.webmanifest", "/css/app.css", "/css/print.css",
  "/icons/icon-32.png", "/icons/apple-touch-icon.png",
  "/js/app.js", "/js/outbox.js", "/js/store.js",
  "/js/common/about.js", "/js/common/api.js", "/js/common/confirm.js", "/js/common/dom.js",
  "/js/common/i18n.js", "/js/common/idb.js", "/js/common/speech.js", "/js/library/html.js",
  "/js/questionnaire/clear.js", "/js/questionnaire/field.js", "/js/questionnaire/logic.js", "/js/questionnaire/number.js",
  "/js/questionnaire/pages.js", "/js/questionnaire/registry.js", "/js/review/summary.js",
  "/js/result/articles.js", "/js/result/cancer.js", "/js/result/carry.js", "/js/result/chart.js",
  "/js/result/picture.js", "/js/result/qr.js", "/js/result/sharing.js", "/js/result/summary.js",
  "/js/screens/article.js", "/js/screens/library.js",
  "/js/screens/message.js", "/js/screens/open.js", "/js/screens/privacy.js", "/js/screens/question.js", "/js/screens/result.js",
  "/js/screens/review.js", "/js/screens/sending.js", "/js/screens/start.js",
  "/js/types/birth_year.js", "/js/types/choice.js", "/js/types/decimal.js",
  "/js/types/display.js", "/js/types/group.js", "/js/types/integer.js", "/js/types/string.js",
  "/js/types/tel.js",
];

// Public, the same for everyone, and needed to start offline: the questionnaire and the
// translations. Fetched at install so a resident who opened the app once can begin offline.
const DATA = [
  "/api/v1/i18n/zh-CN", "/api/v1/i18n/en",
  "/api/v1/questionnaires/cancer-risk?lang=zh-CN", "/api/v1/questionnaires/cancer-risk?lang=en",
  "/api/v1/about?lang=zh-CN", "/api/v1/about?lang=en",
];
// The advice library (the list and each article read) is public and the same for everyone
// too, and it is what a resident wants to read again on the bus: stale-while-revalidate, so
// it opens at once (offline as well) and a corrected or newly published article replaces the
// kept copy in the background for the next visit. The list carries every article's body, so
// once the library was opened every article can be read offline (screens/article.js falls
// back to it). Not fetched at install: ~85 KB per language would double every first visit.
const STALE_WHILE_REVALIDATE = [/^\/api\/v1\/i18n\/[^/]+$/, /^\/api\/v1\/questionnaires\/[^/]+$/,
  /^\/api\/v1\/about$/,
  /^\/api\/v1\/content\/published(\/[^/]+)?$/];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL_CACHE);
    // no-cache: ask the server about every file, so a new version never caches an old one;
    // a file the page has just loaded comes back as a 304 of a few hundred bytes and is
    // taken from the HTTP cache, instead of being downloaded a second time (cache: "reload")
    await shell.addAll(SHELL.map((url) => new Request(url, { cache: "no-cache" })));
    const data = await caches.open(DATA_CACHE);
    await Promise.all(DATA.map((url) => fetch(url).then((r) => r.ok && data.put(url, r)).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL_CACHE, DATA_CACHE]);
    for (const name of await caches.keys()) {
      if (name.startsWith("zaoshai-") && !keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
    await replayOutbox();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Writes, other origins: untouched (the app makes no requests to other origins anyway).
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) {
    // Questionnaire and translations: answer at once from the cache, refresh it behind.
    if (STALE_WHILE_REVALIDATE.some((rule) => rule.test(url.pathname))) {
      event.respondWith(staleWhileRevalidate(event));
    }
    // Everything else of the API is personal (results, tokens) or live: network only, never
    // cached, so nothing about a resident is left in a cache another person could read.
    return;
  }
  if (request.mode === "navigate" && (url.pathname === "/" || url.pathname === "/index.html")) {
    event.respondWith(fromShell("/", request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  }
});

async function fromShell(path, request) {
  const cached = await caches.match(path, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

async function staleWhileRevalidate(event) {
  const { request } = event;
  const cache = await caches.open(DATA_CACHE);
  // The URL carries the language, so Vary: Accept-Language need not split the cache.
  const cached = await cache.match(request, { ignoreVary: true });
  const network = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  // cache: "reload" is the app asking for the newest copy (after a 409 "questionnaire updated")
  if (!cached || request.cache === "reload" || request.cache === "no-cache") {
    return network.catch(() => cached || Response.error());
  }
  event.waitUntil(network.catch(() => {}));
  return cached;
}

// ---- the outbox: submissions waiting on the device (see js/outbox.js for the whole story) --

self.addEventListener("sync", (event) => {
  // A rejected promise tells the browser the sync failed, so it tries again later with its
  // own back-off (while offline, or while the server answers 5xx/408/429).
  if (event.tag === "outbox") event.waitUntil(replayOutbox());
});

function idb(mode, makeRequest) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("zaoshai", 1);  // js/common/idb.js: same name and version
    open.onupgradeneeded = () => open.result.createObjectStore("kv");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("kv", mode);
      const request = makeRequest(tx.objectStore("kv"));
      tx.oncomplete = () => { db.close(); resolve(request.result); };
      tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
    };
  });
}

/** Keep the result as js/store.js saveResult does: token apart, one copy per language; marked
 * unseen, so that the app opens on it at the resident's next visit. Read and write are one
 * transaction, so a page writing the result meanwhile is not overwritten with a stale copy. */
function saveResult(result, lang) {
  const { access_token: token, ...body } = result;
  return idb("readwrite", (store) => {
    const reading = store.get("result");
    reading.onsuccess = () => {
      const previous = reading.result;
      const same = previous && previous.assessment_id === result.assessment_id;
      store.put({ assessment_id: result.assessment_id,
        access_token: token || (same ? previous.access_token : null), unseen: true,
        byLang: { ...(same ? previous.byLang : {}), [lang]: body } }, "result");
    };
    return reading;
  });
}

/** Send what waits; a retry of a client_id the server already has returns the same result. */
async function replayOutbox() {
  let entries;
  try {
    entries = await idb("readonly", (store) => store.getAll(IDBKeyRange.bound("outbox:", "outbox:\uffff")));
  } catch { return; }
  for (const { body, error } of entries) {
    if (error) continue;  // refused by the server: the page shows why
    let response;
    try {
      response = await fetch(`/api/v1/assessments?lang=${encodeURIComponent(body.language)}`, {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body) });
    } catch { throw new Error("offline: the outbox waits"); }
    if ([408, 429].includes(response.status) || response.status >= 500) {
      throw new Error(`server busy (${response.status}): the outbox waits`);
    }
    if (!response.ok) continue;  // refused: left for the page to show why
    await saveResult(await response.json(), body.language);
    await idb("readwrite", (store) => store.delete(`outbox:${body.client_id}`));
    for (const client of await self.clients.matchAll()) client.postMessage({ type: "outbox-sent" });
  }
}

// The worker has just started (a page opened, or the browser woke it): try the outbox now too;
// if it cannot be sent yet, the page and Background Sync try again.
replayOutbox().catch(() => {});
