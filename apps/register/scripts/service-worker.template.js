// Tillpoint register service worker (generated at build from scripts/service-worker.template.js).
// The app shell is precached; navigations are answered from the cache so the register opens
// with or without a network; the API is never cached here (sales go through the IndexedDB outbox).
const VERSION = __VERSION__;
const SHELL = __SHELL__;
const BASE = __BASE__;
const CACHE = `tillpoint-register-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('tillpoint-register-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === 'navigate') {
    // Any register route is the SPA's index.html.
    event.respondWith(
      caches.match(BASE, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)),
  );
});
