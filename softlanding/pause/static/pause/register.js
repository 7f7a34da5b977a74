/* Install the pause pages' service worker from any page, so the pause screen
   opens offline even if it was never visited. Its scope is /pause/ only; it
   stores the generic pause pages and their files, nothing personal.
   For speed: it starts after the page has loaded, so installing the offline
   copy (a worker, two page fetches) never competes with the first paint. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.sw || !("serviceWorker" in navigator)) return;
  var url = script.dataset.sw;
  function register() {
    navigator.serviceWorker.register(url).catch(function () { /* offline copy is a bonus */ });
  }
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
})();
