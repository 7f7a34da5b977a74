/* Service worker for the pause pages (scope /pause/), rendered by Django so it
   knows the hashed static names and a cache version.
   - Install: fetch a fresh copy of both pause pages and their files into a
     cache named after this version. The pages are fetched WITHOUT cookies, so
     the stored copy is the generic page and never holds anything personal.
   - Activate: delete the caches of older versions, then take over.
   - Fetch: pause pages go to the network first (so a new version and an
     unlocked person's own words show when online) and fall back to the stored
     copy when the network is gone or slow, or the server answers with an
     error; their files come from the cache.
   - Updating is safe for an open page: it already holds everything it runs
     on (scripts loaded, styles inside the page), so a new worker can take
     over and delete the old cache while the breathing guide keeps going. */
"use strict";
var VERSION = "{{ version }}";
var CACHE = "pause-" + VERSION;
var PAGES = {{ pages_json|safe }};
var ASSETS = {{ assets_json|safe }};
var NETWORK_TIMEOUT_MS = 2500;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      var pages = PAGES.map(function (url) {
        return new Request(url, { credentials: "omit", cache: "reload" });
      });
      return cache.addAll(pages.concat(ASSETS));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("pause-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true });
  });
}

function networkFirst(request) {
  return new Promise(function (resolve, reject) {
    var settled = false;
    function fallback(error) {
      if (settled) return;
      fromCache(request).then(function (cached) {
        if (settled) return;
        if (cached) { settled = true; resolve(cached); }
        else if (error) { settled = true; reject(error); }
      });
    }
    var timer = setTimeout(function () { fallback(null); }, NETWORK_TIMEOUT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      if (settled) return;
      // A server in trouble (5xx, or a proxy's error page) is no better than
      // no network: the stored copy, if there is one, is what helps.
      if (response.status >= 500) {
        fromCache(request).then(function (cached) {
          if (!settled) { settled = true; resolve(cached || response); }
        });
        return;
      }
      settled = true;
      resolve(response);
    }, function (error) {
      clearTimeout(timer);
      fallback(error);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PAGES.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(request));
  } else if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(fromCache(request).then(function (cached) { return cached || fetch(request); }));
  }
});
