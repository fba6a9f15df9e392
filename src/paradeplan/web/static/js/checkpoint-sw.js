// The checkpoint page's service worker: it keeps the page and its scripts and styles, so that a marshal's
// phone without network can open the page again and keep recording (the records wait in localStorage,
// static/js/checkqueue.js). Network first: what the server answers is used and kept; the kept copy only
// when the server cannot be reached. The API is never answered from here.

const KEPT = "paradeplan-checkpoint-1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// the page asks to keep what it loaded: {keep: [url, ...]}; it is answered on the message's port
self.addEventListener("message", (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : null;
  if (!urls) return;
  const port = event.ports[0];
  event.waitUntil(caches.open(KEPT).then((cache) => cache.addAll(urls)).then(
    () => port.postMessage({ kept: urls.length }),
    (error) => port.postMessage({ error: String(error) })));
});

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(KEPT)).put(request, response.clone());
    return response;
  } catch (error) {
    const kept = (await caches.match(request))
      || (request.mode === "navigate" ? await caches.match(request, { ignoreSearch: true }) : undefined);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  event.respondWith(networkFirst(event.request));
});
