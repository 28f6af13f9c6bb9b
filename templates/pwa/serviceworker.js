/* SNOBISTIC service worker {{ version }}: app shell precached, API network-first,
   images stale-while-revalidate, product pages cached as they are visited, offline page. */
const VERSION = "{{ version }}";
const SHELL = "shell-" + VERSION;
const PAGES = "pages-v1";
const IMAGES = "images-v1";
const API = "api-v1";
const SHELL_URLS = {{ shell_json|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const MAX_IMAGES = 300;
const MAX_PAGES = 100;
// Personal pages and data are never stored on the phone: they go to the network only.
const PRIVATE = ["/admin/", "/vendors/", "/accounts/", "/customers/", "/cart/", "/i18n/"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function trim(cacheName, max) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(key);
}

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function staleWhileRevalidate(event, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(event.request);
  const refresh = fetch(event.request).then((response) => {
    if (response.ok || response.type === "opaque") {
      cache.put(event.request, response.clone()).then(() => trim(cacheName, MAX_IMAGES));
    }
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

async function page(request) {
  try {
    const response = await networkFirst(request, PAGES);
    trim(PAGES, MAX_PAGES);
    return response;
  } catch (error) {
    return (await caches.match(request)) || (await caches.match(OFFLINE_URL));
  }
}

async function privatePage(request) {
  try {
    return await fetch(request);
  } catch (error) {
    return caches.match(OFFLINE_URL);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const isPrivate = PRIVATE.some((prefix) => url.pathname.startsWith(prefix));
  if (url.pathname.startsWith("/admin/") || url.pathname.startsWith("/vendors/")) return;
  if (url.pathname.startsWith("/pwa/api/")) {
    // Catalogue data: network first, the last answer when offline. The buyer's own data: network only.
    if (url.pathname.startsWith("/pwa/api/catalog/")) event.respondWith(networkFirst(request, API));
  } else if (request.destination === "image" || url.pathname.startsWith("/media/")) {
    event.respondWith(staleWhileRevalidate(event, IMAGES));
  } else if (SHELL_URLS.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(isPrivate ? privatePage(request) : page(request));
  }
});

// Web Push: outbid, auction won, price drop (sent by the notifications jobs, VAPID-signed).
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = { title: event.data && event.data.text() }; }
  const title = data.title || "SNOBISTIC";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    icon: "/static/pwa/icons/icon-192.png",
    badge: "/static/pwa/icons/icon-192.png",
    tag: data.tag || data.url || undefined,
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === target.href);
      return open ? open.focus() : self.clients.openWindow(target.href);
    })
  );
});
