/* The breathing pacer: timing and events only, no page markup.
   window.softlanding.breathe = { emitter, Pace helpers, createPacer }.

   Every phase boundary is computed from ONE start time taken from
   performance.now() (monotonic). Each timer is set for the next whole second
   after that start, so a late timer never pushes later phases back: the
   guide cannot drift. Phases last whole seconds (in/out 2-10 s, hold 0-10 s),
   the same rules as softlanding/pause/pacing.py.

   Events (subscribe with pacer.on(type, fn), which returns an unsubscribe):
     "phase": {phase: "in"|"hold"|"out", duration: ms, cycle, scheduledAt, at}
     "tick":  {phase, remaining: whole seconds left in the phase, at}
     "start", "stop"
   Any output (the shape, vibration, a tone, a haptic device later) is just
   another subscriber. */
(function (root) {
  "use strict";

  var LIMITS = { phaseMin: 2, phaseMax: 10, holdMin: 0, holdMax: 10 };

  function report(error) {
    if (typeof root.reportError === "function") root.reportError(error);
    else setTimeout(function () { throw error; });
  }

  function emitter() {
    var handlers = {};
    return {
      on: function (type, fn) {
        (handlers[type] = handlers[type] || []).push(fn);
        return function () { handlers[type] = (handlers[type] || []).filter(function (h) { return h !== fn; }); };
      },
      emit: function (type, detail) {
        (handlers[type] || []).slice().forEach(function (fn) {
          // One broken output (an add-on, a device) must not stop the others
          // or the guide: report its error and carry on.
          try { fn(detail); } catch (error) { report(error); }
        });
      }
    };
  }

  function clamp(value, low, high, fallback) {
    var n = Math.round(Number(value));
    if (!isFinite(n)) return fallback;
    return Math.min(high, Math.max(low, n));
  }

  function normalisePace(pace) {
    pace = pace || {};
    return {
      in: clamp(pace.in, LIMITS.phaseMin, LIMITS.phaseMax, 4),
      out: clamp(pace.out, LIMITS.phaseMin, LIMITS.phaseMax, 6),
      hold: clamp(pace.hold, LIMITS.holdMin, LIMITS.holdMax, 0)
    };
  }

  function phases(pace) {
    return [["in", pace.in], ["hold", pace.hold], ["out", pace.out]].filter(function (p) { return p[1] > 0; });
  }

  /* The phase running `second` whole seconds after the start. */
  function phaseAt(pace, second) {
    var list = phases(pace);
    var cycleLength = pace.in + pace.hold + pace.out;
    var cycle = Math.floor(second / cycleLength);
    var offset = second - cycle * cycleLength;
    var begin = 0;
    for (var i = 0; i < list.length; i++) {
      if (offset < begin + list[i][1]) {
        return { phase: list[i][0], begin: cycle * cycleLength + begin, duration: list[i][1], cycle: cycle };
      }
      begin += list[i][1];
    }
    return null;
  }

  function createPacer(options) {
    options = options || {};
    var now = options.now || function () { return performance.now(); };
    var events = emitter();
    var pace = normalisePace(options.pace);
    var start = null;
    var second = -1;
    var timer = null;
    var current = null;

    function step() {
      timer = null;
      var t = now();
      // Catch up in one go if the page was asleep: announce only where we are.
      var due = Math.floor((t - start) / 1000 + 1e-6);
      if (due <= second) { schedule(); return; }
      second = due;
      var p = phaseAt(pace, second);
      if (!current || p.begin !== current.begin) {
        current = p;
        events.emit("phase", {
          phase: p.phase, duration: p.duration * 1000, cycle: p.cycle,
          scheduledAt: start + p.begin * 1000, at: t
        });
      }
      events.emit("tick", { phase: p.phase, remaining: p.begin + p.duration - second, at: t });
      schedule();
    }

    function schedule() {
      var next = start + (second + 1) * 1000;
      timer = setTimeout(step, Math.max(0, next - now()));
    }

    return {
      on: events.on,
      get running() { return start !== null; },
      get pace() { return { in: pace.in, out: pace.out, hold: pace.hold }; },
      get startedAt() { return start; },
      start: function () {
        if (start !== null) return;
        start = now();
        second = -1;
        current = null;
        events.emit("start", { at: start, pace: this.pace });
        step();
      },
      stop: function () {
        if (start === null) return;
        clearTimeout(timer);
        timer = null;
        start = null;
        current = null;
        events.emit("stop", {});
      },
      /* A new pace starts a fresh schedule from now. */
      setPace: function (next) {
        pace = normalisePace(next);
        if (start !== null) { this.stop(); this.start(); }
      }
    };
  }

  root.softlanding = root.softlanding || {};
  root.softlanding.breathe = {
    LIMITS: LIMITS, emitter: emitter, normalisePace: normalisePace, phaseAt: phaseAt, createPacer: createPacer
  };
})(window);
