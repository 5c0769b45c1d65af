// Hall's service worker: the citizen's booking confirmation and ticket page open with no
// network, showing the last state this browser saw, marked as such.
//
// - The pages of a booking and a ticket, and the API answers they read (the bookings,
//   a ticket, their QR codes), go to the network first; each answer is kept, and when the
//   network fails the kept one is served and the page is told (a `hall:offline` message, shown
//   by prefs.js as a banner with the time it was saved).
// - Build files whose names carry a content hash never change: served from the cache once kept;
//   the few site files without one (prefs.js, the icon, the manifest) go to the network first.
// - Nothing else is cached. Signing out deletes the kept answers.
const VERSION = 'hall-1';
const PAGES = `${VERSION}-pages`;
const DATA = `${VERSION}-data`;
const FILES = `${VERSION}-files`;
const SAVED = 'x-hall-saved-at';

const OFFLINE_PAGES = [/^\/bookings\/[^/]+$/, /^\/ticket\/[^/]+$/];
const OFFLINE_DATA = [
  /^\/api\/v1\/bookings$/,
  /^\/api\/v1\/bookings\/[^/]+\/qr\.svg$/,
  /^\/api\/v1\/tickets\/[^/]+$/,
  /^\/api\/v1\/tickets\/[^/]+\/qr\.svg$/,
];
// Trunk's content hash: a 64-bit number in hex, without leading zeros.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;
// Site files without a hash in their names: network first, kept for offline use.
const SITE_FILES = ['/prefs.js', '/favicon.svg', '/manifest.webmanifest'];

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (!name.startsWith(`${VERSION}-`)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function tellOffline(saved) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage({ type: 'hall:offline', savedAt: saved });
  }
}

/** The network's answer, kept; or, when the network fails, the kept one. */
async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const key = request.url;
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      const headers = new Headers(response.headers);
      headers.set(SAVED, String(Date.now()));
      const body = await response.clone().arrayBuffer();
      await cache.put(key, new Response(body, { status: 200, statusText: 'OK', headers }));
    }
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (!kept) throw error;
    await tellOffline(Number(kept.headers.get(SAVED)) || null);
    return kept;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(FILES);
  const kept = await cache.match(request.url);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request.url, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (url.pathname === '/api/v1/auth/sign-out' || url.pathname === '/api/v1/me/sign-out-all') {
      event.waitUntil(caches.delete(DATA));
    }
    return;
  }
  if (request.mode === 'navigate') {
    if (OFFLINE_PAGES.some((p) => p.test(url.pathname))) event.respondWith(networkFirst(request, PAGES));
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    if (OFFLINE_DATA.some((p) => p.test(url.pathname))) event.respondWith(networkFirst(request, DATA));
    return;
  }
  if (HASHED.test(url.pathname)) event.respondWith(cacheFirst(request));
  else if (SITE_FILES.includes(url.pathname)) event.respondWith(networkFirst(request, FILES));
});
