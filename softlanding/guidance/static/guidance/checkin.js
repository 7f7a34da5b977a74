// The check-in with the browser's own Back and Forward buttons.
//
// Without this script every step is a plain form POST: the page works, but the
// browser's Back button then asks to send the form again. With it, each step is
// fetched and shown in place, and gets a history entry that holds only where
// the person is ("2", "result"). The answers stay in the page's hidden field:
// never in the address, the history state or any storage.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main || !main.querySelector("[data-checkin-step]") || !window.fetch || !window.DOMParser) return;
  var ACTION = main.querySelector("[data-checkin-step]").getAttribute("data-checkin-action");

  function where() {
    return main.querySelector("[data-checkin-step]").getAttribute("data-checkin-step");
  }

  function checkinForm() {
    return main.querySelector('form[action="' + ACTION + '"]');
  }

  function show(html, push) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var next = doc.getElementById("main");
    if (!next || !next.querySelector("[data-checkin-step]")) return false;
    main.replaceChildren.apply(main, Array.prototype.map.call(next.childNodes, function (node) {
      return document.importNode(node, true);
    }));
    document.title = doc.title;
    if (push) history.pushState({ checkin: where() }, "");
    window.scrollTo(0, 0);
    // Tell screen readers where they are now: the new heading takes focus.
    var heading = main.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    return true;
  }

  var latest = 0;

  function send(data, push) {
    // Back pressed twice quickly sends two requests: only the last one counts.
    var mine = ++latest;
    return fetch(ACTION, { method: "POST", body: data, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (mine !== latest) return;
        if (!show(html, push)) throw new Error("not a check-in page");
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!main.contains(form) || form.getAttribute("action") !== ACTION) return;
    event.preventDefault();
    var button = event.submitter;
    var data = new FormData(form);
    if (button && button.name) data.set(button.name, button.value);
    send(data, true).catch(function () {
      // Something went wrong: fall back to the plain form, which always works.
      if (button && button.name) {
        var go = document.createElement("input");
        go.type = "hidden";
        go.name = button.name;
        go.value = button.value;
        form.appendChild(go);
      }
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  window.addEventListener("popstate", function (event) {
    if (!event.state || !("checkin" in event.state)) return;
    var form = checkinForm();
    if (!form) return;
    // Go to the step in history with every answer given so far, including
    // the ones on screen that were not sent yet.
    var data = new FormData(form);
    data.set("go", "goto");
    data.set("target", event.state.checkin);
    send(data, false).catch(function () {
      window.location.reload();
    });
  });

  history.replaceState({ checkin: where() }, "");
})();
