/* The pause pages: wires the breathing guide to the screen, vibration, a soft
   tone and the wake lock; phrase cards; choices; gentle check-ins; the
   device-only pause card. (register.js installs the service worker that
   keeps all of it available offline.) Everything here is optional: without JavaScript the
   pages still show every word and a text breathing guide. */
(function () {
  "use strict";
  var breathe = window.softlanding && window.softlanding.breathe;
  var STORE_KEY = "softlanding.pauseCard";
  var MAX_PHRASES = 12;
  var MAX_PHRASE_LENGTH = 160;
  var VIBRATION = { in: [80], hold: [30], out: [60, 120, 60] };
  var TONE = { in: 330, hold: 294, out: 262 };
  window.softlanding = window.softlanding || {};
  var guides = window.softlanding.guides = [];

  function $(root, selector) { return root.querySelector(selector); }
  function $$(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // --- Outputs ---------------------------------------------------------------
  var audio = null;
  function softTone(frequency) {
    if (!audio) return;
    var t = audio.currentTime;
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    // Quiet, with a slow rise and fall so it never clicks or startles.
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.05, t + 0.15);
    gain.gain.linearRampToValueAtTime(0, t + 0.9);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + 1);
  }

  function wakeLock() {
    var lock = null;
    var wanted = false;
    function request() {
      if (!wanted || lock || !navigator.wakeLock || document.visibilityState !== "visible") return;
      navigator.wakeLock.request("screen").then(function (l) {
        lock = l;
        lock.addEventListener("release", function () { lock = null; });
      }).catch(function () { /* not allowed here: the guide works anyway */ });
    }
    document.addEventListener("visibilitychange", request);
    return {
      on: function () { wanted = true; request(); },
      off: function () { wanted = false; if (lock) { lock.release(); lock = null; } }
    };
  }

  // --- The breathing guide ---------------------------------------------------
  function setupGuide(root) {
    var data = root.dataset;
    var labels = { in: data.labelIn, hold: data.labelHold, out: data.labelOut };
    var pacer = breathe.createPacer({ pace: { in: data.in, out: data.out, hold: data.hold } });
    var shape = $(root, ".guide-shape");
    var count = $(root, "[data-count]");
    var said = $(root, "[data-phase]");
    var toggle = $(root, "[data-toggle]");
    var vibrate = $(root, "[data-vibrate]");
    var tone = $(root, "[data-tone]");
    var inputs = $$(root, "[data-pace]");
    var lock = wakeLock();

    $(root, "[data-controls]").hidden = false;
    $(root, "[data-fallback]").hidden = true;
    if (!("vibrate" in navigator)) vibrate.closest("label").hidden = true;
    if (!(window.AudioContext || window.webkitAudioContext)) tone.closest("label").hidden = true;

    pacer.on("phase", function (e) {
      root.classList.remove("phase-in", "phase-hold", "phase-out");
      // CSSOM, not a style attribute: allowed by the strict CSP.
      shape.style.setProperty("--phase-ms", e.duration + "ms");
      root.classList.add("phase-" + e.phase);
      said.textContent = labels[e.phase];
      if (vibrate.checked && navigator.vibrate) navigator.vibrate(VIBRATION[e.phase]);
      if (tone.checked) softTone(TONE[e.phase]);
    });
    pacer.on("tick", function (e) { count.textContent = String(e.remaining); });
    pacer.on("start", function () {
      root.classList.add("running");
      toggle.textContent = data.labelStop;
      lock.on();
    });
    pacer.on("stop", function () {
      root.classList.remove("running", "phase-in", "phase-hold", "phase-out");
      toggle.textContent = data.labelStart;
      count.textContent = "";
      said.textContent = "";
      lock.off();
    });

    toggle.addEventListener("click", function () {
      if (pacer.running) pacer.stop(); else pacer.start();
    });
    tone.addEventListener("change", function () {
      var Context = window.AudioContext || window.webkitAudioContext;
      // Created on a tap, as browsers require; reused afterwards.
      if (tone.checked && !audio) audio = new Context();
      if (audio && audio.state === "suspended") audio.resume();
    });
    function readPace() {
      var pace = {};
      inputs.forEach(function (input) { pace[input.dataset.pace] = input.value; });
      return breathe.normalisePace(pace);
    }
    function showPace(pace) {
      inputs.forEach(function (input) { input.value = pace[input.dataset.pace]; });
    }
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        var pace = readPace();
        showPace(pace);
        pacer.setPace(pace);
      });
    });
    var guide = {
      pacer: pacer,
      on: pacer.on,
      get vibrating() { return vibrate.checked; },
      setPace: function (pace) { pace = breathe.normalisePace(pace); showPace(pace); pacer.setPace(pace); }
    };
    guides.push(guide);
    return guide;
  }

  // --- Phrase cards shown in big letters -------------------------------------
  function setupShowCard() {
    var dialog = document.getElementById("show-card");
    if (!dialog || !dialog.showModal) return;
    var text = document.getElementById("show-text");
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-show]");
      if (button) { text.textContent = button.textContent; dialog.showModal(); }
    });
    $(dialog, "[data-close]").addEventListener("click", function () { dialog.close(); });
  }

  // --- Decide together: one choice at a time, and it can change --------------
  function setupChoices(list) {
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      $$(list, "button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
    });
  }

  // --- Gentle check-ins --------------------------------------------------------
  function setupCheckin(section) {
    var select = $(section, "[data-checkin-every]");
    var ask = $(section, "[data-checkin-ask]");
    var said = $(section, "[data-checkin-said]");
    var question = $(section, ".checkin-q");
    var timer = null;
    var start = 0;
    var rounds = 0;
    section.hidden = false;

    function due() {
      timer = null;
      ask.hidden = false;
      document.body.classList.add("checkin-glow");
      said.textContent = question.textContent;
      if (navigator.vibrate && guides.some(function (g) { return g.vibrating; })) navigator.vibrate([40]);
    }
    function plan() {
      clearTimeout(timer);
      var minutes = Number(select.value);
      if (!minutes) { timer = null; return; }
      rounds += 1;
      // From one start, like the guide: answering late does not shift the rhythm.
      var next = start + rounds * minutes * 60000;
      timer = setTimeout(due, Math.max(0, next - performance.now()));
    }
    select.addEventListener("change", function () {
      start = performance.now();
      rounds = 0;
      ask.hidden = true;
      document.body.classList.remove("checkin-glow");
      said.textContent = Number(select.value) ? "Check-ins are on." : "Check-ins are off.";
      plan();
    });
    $$(ask, "[data-answer]").forEach(function (button) {
      button.addEventListener("click", function () {
        ask.hidden = true;
        document.body.classList.remove("checkin-glow");
        said.textContent = "You chose: " + button.textContent + ".";
        plan();
      });
    });
  }

  // --- Keep my pause card on this device --------------------------------------
  function readCard() {
    try {
      var card = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      if (!card || card.v !== 1 || !Array.isArray(card.phrases)) return null;
      return {
        phrases: card.phrases.filter(function (p) { return typeof p === "string" && p; }).slice(0, MAX_PHRASES),
        pace: breathe.normalisePace(card.pace)
      };
    } catch (error) { return null; }
  }

  function setupDevice(section) {
    var input = $(section, "[data-device-input]");
    var status = $(section, "[data-device-status]");
    var shown = document.querySelector("[data-device-phrases]");
    var list = document.querySelector("[data-device-list]");
    section.hidden = false;

    function render(card) {
      list.textContent = "";
      (card ? card.phrases : []).forEach(function (phrase) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "phrase";
        button.setAttribute("data-show", "");
        button.textContent = phrase;
        li.appendChild(button);
        list.appendChild(li);
      });
      shown.hidden = !card || !card.phrases.length;
    }

    var card = readCard();
    if (card) {
      input.value = card.phrases.join("\n");
      guides.forEach(function (g) { g.setPace(card.pace); });
    }
    render(card);

    $(section, "[data-device-save]").addEventListener("click", function () {
      var phrases = input.value.split("\n").map(function (p) { return p.trim().slice(0, MAX_PHRASE_LENGTH); })
        .filter(Boolean).slice(0, MAX_PHRASES);
      var saved = { v: 1, phrases: phrases, pace: guides.length ? guides[0].pacer.pace : breathe.normalisePace() };
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify(saved));
        status.textContent = "Kept on this device: " + phrases.length + " phrase(s) and your pace.";
      } catch (error) {
        status.textContent = "This browser would not keep it. Nothing was stored.";
      }
      render(readCard());
    });
    $(section, "[data-device-remove]").addEventListener("click", function () {
      try { localStorage.removeItem(STORE_KEY); } catch (error) { /* nothing stored */ }
      input.value = "";
      render(null);
      status.textContent = "Removed from this device.";
    });
  }

  if (breathe) $$(document, "[data-guide]").forEach(setupGuide);
  setupShowCard();
  $$(document, "[data-choices]").forEach(setupChoices);
  $$(document, "[data-checkin]").forEach(setupCheckin);
  $$(document, "[data-device]").forEach(setupDevice);
})();
