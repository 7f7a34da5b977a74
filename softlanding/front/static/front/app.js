// Quick exit: the button, and the Shift key pressed three times.
// Leaving uses location.replace so the page being left gets no history entry;
// /exit/ ends the session, clears site data and redirects to a neutral page.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var leaving = false;
  function leave() {
    if (leaving) return;
    leaving = true;
    document.body.classList.add("leaving");
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
