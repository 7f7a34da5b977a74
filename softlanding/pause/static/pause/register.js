/* Install the pause pages' service worker from any page, so the pause screen
   opens offline even if it was never visited. Its scope is /pause/ only; it
   stores the generic pause pages and their files, nothing personal. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.sw || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(script.dataset.sw).catch(function () { /* offline copy is a bonus */ });
})();
