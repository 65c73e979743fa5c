/**
 * The app shell, offline. The web client is one page (index.html) plus hashed assets; this
 * worker keeps them so a board opens with no network (its content comes from IndexedDB, see
 * collab/offline-copy.ts). Pages are fetched from the network first, so a deploy is picked up
 * at once online; assets, whose names change with their content, from the cache first.
 * The API, metrics and WebSockets are never touched.
 */
declare const self: ServiceWorkerGlobalScope;
export {};

const CACHE = 'whiteboard-shell-v1';
const SHELL_URL = '/';

function isPage(url: URL): boolean {
  return url.pathname === '/' || /^\/r\/[^/]+\/?$/.test(url.pathname);
}

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1] as string);
}

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL_URL, { cache: 'no-store' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SHELL_URL, response);
  await cache.addAll(assetsOf(html));
}

/**
 * Keeps the shell a fresh page brought, and forgets assets it no longer uses: their names
 * carry a content hash, so each deploy brings new ones, and this worker (unchanged by most
 * deploys) would otherwise keep every old one for ever.
 */
async function storeShell(response: Response): Promise<void> {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(SHELL_URL, response);
  const current = new Set(assetsOf(html));
  for (const request of await cache.keys()) {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/assets/') && !current.has(pathname)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function pageFromNetwork(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await storeShell(response.clone());
    return response;
  } catch {
    const cached = await caches.match(SHELL_URL);
    return cached ?? new Response('Offline, and this board was never opened on this device.', { status: 503, headers: { 'content-type': 'text/plain' } });
  }
}

async function assetFromCache(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (event.request.mode === 'navigate' && isPage(url)) event.respondWith(pageFromNetwork(event.request));
  else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') event.respondWith(assetFromCache(event.request));
});
