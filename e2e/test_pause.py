"""The pause screen in a real Chromium, served like production (waitress and
WhiteNoise, see bench/pause.py): size, speed, offline use, timing,
accessibility, and the device-only pause card."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from bench.pause import (
    Server,
    add_timer_lateness,
    first_paint_ratio,
    first_visit_transfer,
    measure_drift,
    wait_for_offline_copy,
)

pytestmark = pytest.mark.browser
PAGES = ["/pause/", "/pause/partner/"]
# Any CSP violation in the page is recorded here (init scripts are not
# subject to the page's CSP, the page's own code is).
CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def server(transactional_db: None) -> Iterator[Server]:
    from django.db import connections

    overrides = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in overrides.values():
        connection.inc_thread_sharing()
    server = Server(connections_override=overrides)
    yield server
    server.stop()
    for connection in overrides.values():
        connection.dec_thread_sharing()


@pytest.fixture
def ctx(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=server.url)
    context.add_init_script(CSP_WATCH)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    yield context
    context.close()
    own = urlsplit(server.url).netloc
    foreign = [
        u for u in requests if urlsplit(u).scheme in {"http", "https", "ws", "wss"} and urlsplit(u).netloc != own
    ]
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture
def pause(ctx: BrowserContext) -> Iterator[Page]:
    page = ctx.new_page()
    yield page
    assert page.evaluate("() => window.__csp") == [], "the page broke its Content Security Policy"


def test_a_first_visit_moves_at_most_40_kb_including_the_offline_copy(ctx: BrowserContext, server: Server) -> None:
    transfer = first_visit_transfer(ctx, server)
    paths = [r.path for r in transfer.rows]
    assert "/pause/" in paths
    assert "/pause/partner/" in paths  # the offline copy was fetched, and counted
    static = [r for r in transfer.rows if r.path.startswith("/static/") and r.path.endswith((".css", ".js"))]
    assert static
    assert all(r.encoding == "gzip" for r in static), "static files must go out pre-compressed"
    pages = [r for r in transfer.rows if r.path in PAGES]
    assert all(r.encoding == "gzip" for r in pages), "the pause pages must go out compressed"
    assert transfer.total_bytes <= 40 * 1024, transfer.total_bytes


@pytest.mark.slow
def test_the_first_paint_is_within_one_and_a_half_times_a_static_page(browser: Browser, server: Server) -> None:
    paint = first_paint_ratio(browser, server, repetitions=7)
    assert paint.ratio <= 1.5, paint


def test_every_phase_lands_within_50_ms_over_ten_simulated_minutes(pause: Page, server: Server) -> None:
    pause.clock.install()
    pause.goto(server.url + "/pause/")
    drift = measure_drift(pause, 600, lambda s: pause.clock.run_for(int(s * 1000) + 1000), (4, 6, 0))
    assert drift.phases == 120
    assert drift.names_match
    assert drift.worst_ms <= 50, drift


def test_a_hold_adds_its_own_phase_to_the_schedule(pause: Page, server: Server) -> None:
    pause.clock.install()
    pause.goto(server.url + "/pause/")
    drift = measure_drift(pause, 120, lambda s: pause.clock.run_for(int(s * 1000) + 1000), (5, 7, 3))
    assert drift.phases == 24  # 120 s / 15 s a breath = 8 breaths, three phases each
    assert drift.names_match
    assert drift.worst_ms <= 50, drift


def _guide_runs(page: Page) -> None:
    """The guide is running and moves on to the next phase by itself."""
    phase = page.locator("[data-phase]")
    expect(phase).to_have_text("Breathe in")
    expect(phase).to_have_text("Breathe out", timeout=4_000 + 3_000)


def test_with_the_network_gone_both_pages_reload_and_the_guide_runs(ctx: BrowserContext, server: Server) -> None:
    page = ctx.new_page()
    page.goto("/pause/")
    page.get_by_role("button", name="Start breathing").click()  # in use when the network goes
    assert wait_for_offline_copy(page) >= 2 + 4
    expect(page.locator("[data-phase]")).not_to_be_empty()
    # Cut the network for the browser, and stop the server as well, so a
    # request the emulation might let through cannot succeed either.
    ctx.set_offline(True)
    server.stop()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.reload()
    expect(page.locator("h1")).to_have_text("Pause")
    page.get_by_role("button", name="Start breathing").click()
    _guide_runs(page)
    page.goto("/pause/partner/")
    expect(page.locator("h1")).to_have_text("When your partner cries")
    page.get_by_role("button", name="Start breathing").click()
    _guide_runs(page)
    # Everything the pages run on came from the offline copy. (The manifest
    # is the browser's business, not the page's, and is not kept.)
    assert [u for u in failed if "manifest" not in u] == []


def test_a_server_error_shows_the_stored_copy(
    ctx: BrowserContext, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = ctx.new_page()
    page.goto("/pause/")
    wait_for_offline_copy(page)
    from softlanding.pause import views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the server is in trouble")

    monkeypatch.setattr(views, "_context", broken)
    page.reload()
    expect(page.locator("h1")).to_have_text("Pause")
    page.get_by_role("button", name="Start breathing").click()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")


def test_a_new_version_takes_over_without_breaking_the_open_page(
    ctx: BrowserContext, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from softlanding.pause import views

    page = ctx.new_page()
    page.goto("/pause/")
    wait_for_offline_copy(page)
    old = page.evaluate("() => caches.keys()")
    assert old == [f"pause-{views.cache_version()}"]
    page.get_by_role("button", name="Start breathing").click()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")
    page.evaluate(
        "() => { window.__phases = []; window.softlanding.guides[0].on('phase', e => window.__phases.push(e.phase)); }"
    )

    # A new release: the worker script changes, so the browser installs it.
    monkeypatch.setattr(views, "cache_version", lambda: "v2-of-the-pause-pages")
    page.evaluate("() => navigator.serviceWorker.getRegistration('/pause/').then(r => r.update())")
    page.wait_for_function(
        """async () => (await caches.keys()).join() === "pause-v2-of-the-pause-pages"
          && navigator.serviceWorker.controller
          && (await navigator.serviceWorker.getRegistration("/pause/")).active.scriptURL.endsWith("/pause/sw.js")
          && !(await navigator.serviceWorker.getRegistration("/pause/")).waiting""",
        polling=100,
        timeout=15_000,
    )
    # The open page was never reloaded and its guide kept breathing.
    page.wait_for_function("() => window.__phases.length >= 1", timeout=12_000)
    expect(page.get_by_role("button", name="Stop", exact=True)).to_be_visible()
    # The old copy is gone and the new one works on its own.
    ctx.set_offline(True)
    server.stop()
    page.reload()
    expect(page.locator("h1")).to_have_text("Pause")
    page.get_by_role("button", name="Start breathing").click()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(ctx: BrowserContext, server: Server, path: str) -> None:
    page = ctx.new_page()
    requests: list[str] = []
    page.clock.install()
    page.goto(path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # And with everything showing: the guide running, its settings open, a
    # check-in asking, the device card section.
    page.get_by_role("button", name="Start breathing").click()
    page.get_by_text("Pace and feel", exact=True).click()
    page.get_by_label("every").select_option("3")
    page.clock.run_for(181_000)
    expect(page.locator("[data-checkin-ask]")).to_be_visible()
    page.on("request", lambda r: requests.append(r.url))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert requests == [], "axe-core must run from the bundled copy, without the network"
    assert page.evaluate("() => window.__csp") == []


def _tab_to(page: Page, locator: Locator, limit: int = 60) -> None:
    """Press Tab until ``locator`` has the focus (fails after ``limit`` presses)."""
    for _ in range(limit):
        if locator.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(locator).to_be_focused()


def test_the_keyboard_alone_reaches_everything(pause: Page, server: Server) -> None:
    pause.goto(server.url + "/pause/")
    pause.keyboard.press("Tab")
    expect(pause.locator(".skip-link")).to_be_focused()
    pause.keyboard.press("Tab")
    expect(pause.locator("#quick-exit")).to_be_focused()
    # The steps, in the person's own order: jump straight to "Say it".
    _tab_to(pause, pause.locator(".steps-nav a[href='#say']"))
    pause.keyboard.press("Enter")
    card = pause.get_by_role("button", name="I'm okay. I just need a moment.")
    pause.keyboard.press("Tab")
    expect(card).to_be_focused()
    pause.keyboard.press("Enter")
    expect(pause.locator("#show-card")).to_be_visible()
    expect(pause.locator("#show-text")).to_have_text("I'm okay. I just need a moment.")
    pause.keyboard.press("Escape")
    expect(pause.locator("#show-card")).to_be_hidden()
    expect(card).to_be_focused()
    # Then the breathing guide: its name says what it will do.
    start = pause.locator("[data-toggle]")
    expect(start).to_have_text("Start breathing")
    pause.keyboard.press("Shift+Tab")
    _tab_to(pause, start)
    pause.keyboard.press("Enter")
    expect(pause.locator("[data-phase]")).to_have_text("Breathe in")
    expect(start).to_have_text("Stop")
    expect(start).not_to_have_attribute("aria-pressed", re.compile(".*"))
    pause.keyboard.press("Enter")
    expect(start).to_have_text("Start breathing")
    # Pace and feel opens and changes from the keyboard.
    _tab_to(pause, pause.locator(".guide-settings summary"))
    pause.keyboard.press("Enter")
    pause.keyboard.press("Tab")
    expect(pause.get_by_label("In (seconds)")).to_be_focused()
    pause.keyboard.press("ArrowUp")
    pause.keyboard.press("Tab")
    assert pause.evaluate("() => window.softlanding.guides[0].pacer.pace") == {"in": 5, "out": 6, "hold": 0}
    # A choice, made and changed with Space.
    slow = pause.get_by_role("button", name="Slow down", exact=True)
    stop = pause.get_by_role("button", name="Stop for tonight", exact=True)
    _tab_to(pause, slow)
    pause.keyboard.press("Space")
    expect(slow).to_have_attribute("aria-pressed", "true")
    pause.keyboard.press("Tab")
    expect(stop).to_be_focused()
    pause.keyboard.press("Space")
    expect(stop).to_have_attribute("aria-pressed", "true")
    expect(slow).to_have_attribute("aria-pressed", "false")
    # Check-ins are set from the keyboard too.
    _tab_to(pause, pause.locator("#checkin-every"))
    pause.keyboard.press("ArrowDown")
    expect(pause.locator("[data-checkin-said]")).to_have_text("Check-ins are on.")


def test_the_partner_view_works_from_the_keyboard(pause: Page, server: Server) -> None:
    pause.goto(server.url + "/pause/partner/")
    phrase = pause.get_by_role("button", name="I'm here. Take all the time you need.")
    _tab_to(pause, phrase)
    pause.keyboard.press("Enter")
    expect(pause.locator("#show-text")).to_have_text("I'm here. Take all the time you need.")
    pause.keyboard.press("Escape")
    expect(phrase).to_be_focused()
    _tab_to(pause, pause.locator("[data-toggle]"))
    pause.keyboard.press("Enter")
    expect(pause.locator("[data-phase]")).to_have_text("Breathe in")


def test_the_phase_is_announced_once_politely(pause: Page, server: Server) -> None:
    pause.clock.install()
    pause.goto(server.url + "/pause/")
    live = pause.locator("[aria-live='polite'][data-phase]")
    expect(live).to_have_count(1)
    pause.evaluate(
        """() => { window.__said = [];
        new MutationObserver(() => window.__said.push(document.querySelector("[data-phase]").textContent))
          .observe(document.querySelector("[data-phase]"), {childList: true, characterData: true, subtree: true}); }"""
    )
    pause.get_by_role("button", name="Start breathing").click()
    pause.clock.run_for(20_500)  # phases begin at 0, 4, 10, 14 and 20 s
    assert pause.evaluate("() => window.__said") == ["Breathe in", "Breathe out"] * 2 + ["Breathe in"]
    # The second-by-second count stays out of the screen reader's way.
    expect(pause.locator(".guide-shape")).to_have_attribute("aria-hidden", "true")


def test_vibration_is_opt_in_with_distinct_patterns(ctx: BrowserContext, server: Server) -> None:
    ctx.add_init_script("window.__buzz = []; navigator.vibrate = p => { window.__buzz.push(p); return true; };")
    page = ctx.new_page()
    page.clock.install()
    page.goto("/pause/")
    page.get_by_role("button", name="Start breathing").click()
    page.clock.run_for(11_000)
    assert page.evaluate("() => window.__buzz") == []  # nothing until asked for
    page.locator("[data-toggle]").click()
    page.get_by_text("Pace and feel", exact=True).click()
    page.get_by_label("Vibrate at each change").check()
    page.get_by_role("button", name="Start breathing").click()
    page.clock.run_for(10_500)
    assert page.evaluate("() => window.__buzz") == [[80], [60, 120, 60], [80]]


def test_without_motion_the_shape_stays_still_and_a_count_shows(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.url, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.clock.install()
        page.goto("/pause/")
        page.get_by_role("button", name="Start breathing").click()
        page.clock.run_for(1_500)
        expect(page.locator("[data-count]")).to_have_text("3")
        assert page.locator(".guide-shape").evaluate("e => getComputedStyle(e).transform") == "none"
    finally:
        context.close()


def test_without_javascript_the_guide_is_plain_text(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/pause/")
        expect(page.get_by_text("Breathe in slowly while you count to 4")).to_be_visible()
        expect(page.get_by_role("button", name="Start breathing")).to_be_hidden()
        expect(page.get_by_text("That hurt. Can we stop?")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_it_fits_a_320_px_screen_with_large_targets(browser: Browser, server: Server, path: str) -> None:
    context = browser.new_context(base_url=server.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        small = page.evaluate(
            """() => [...document.querySelectorAll("main button, main a, main select, .quick-exit")]
              .filter(e => e.offsetParent !== null && !(e.tagName === "A" && e.closest("p")))  // links in a sentence are exempt (WCAG 2.5.8)
              .map(e => e.getBoundingClientRect())
              .filter(r => r.height < 44 || r.width < 44).length"""
        )
        assert small == 0
    finally:
        context.close()


def test_a_check_in_asks_gently_after_the_chosen_minutes(pause: Page, server: Server) -> None:
    pause.clock.install()
    pause.goto(server.url + "/pause/")
    pause.get_by_label("every").select_option("3")
    ask = pause.locator("[data-checkin-ask]")
    pause.clock.run_for(179_000)
    expect(ask).to_be_hidden()
    pause.clock.run_for(2_000)
    expect(ask).to_be_visible()
    expect(pause.locator("body")).to_have_class("pause checkin-glow")
    ask.get_by_role("button", name="Less").click()
    expect(ask).to_be_hidden()
    expect(pause.locator("[data-checkin-said]")).to_have_text("You chose: Less.")
    pause.clock.run_for(181_000)
    expect(ask).to_be_visible()


def test_the_device_card_keeps_only_phrases_and_pace_and_can_be_removed(pause: Page, server: Server) -> None:
    pause.goto(server.url + "/pause/")
    pause.get_by_text("Pace and feel", exact=True).click()
    pause.get_by_label("Out (seconds)").fill("8")
    pause.get_by_label("Out (seconds)").dispatch_event("change")
    pause.get_by_label("My phrases").fill("Red means stop\n\nI need my blanket")
    pause.get_by_role("button", name="Keep on this device").click()
    stored = json.loads(pause.evaluate("() => localStorage.getItem('softlanding.pauseCard')"))
    assert stored == {
        "v": 1,
        "phrases": ["Red means stop", "I need my blanket"],
        "pace": {"in": 4, "out": 8, "hold": 0},
    }
    assert pause.evaluate("() => Object.keys(localStorage)") == ["softlanding.pauseCard"]
    pause.reload()
    expect(pause.get_by_role("button", name="I need my blanket")).to_be_visible()
    expect(pause.get_by_label("Out (seconds)")).to_have_value("8")
    pause.get_by_role("button", name="Remove from this device").click()
    assert pause.evaluate("() => localStorage.length") == 0
    expect(pause.get_by_role("button", name="I need my blanket")).to_have_count(0)


def test_any_page_installs_the_offline_pause_screen(ctx: BrowserContext, server: Server) -> None:
    page = ctx.new_page()
    page.goto("/about/")
    assert wait_for_offline_copy(page) >= 2
    scope = page.evaluate("() => navigator.serviceWorker.getRegistration('/pause/').then(r => r.scope)")
    assert scope == server.url + "/pause/"
    ctx.set_offline(True)
    server.stop()
    page.goto("/pause/")
    expect(page.locator("h1")).to_have_text("Pause")


def test_the_offline_copy_never_holds_the_unlocked_persons_words(ctx: BrowserContext, server: Server) -> None:
    from softlanding.pause import card as cards
    from softlanding.test import make_user, unlocked_client, vault_for

    erin = make_user("erin")
    cards.save(vault_for(erin), cards.Card(phrases=("CanaryOfflinePhrase",)))  # type: ignore[arg-type]
    client = unlocked_client(erin)
    host = urlsplit(server.url).hostname
    ctx.add_cookies([{"name": k, "value": v.value, "domain": host, "path": "/"} for k, v in client.cookies.items()])
    page = ctx.new_page()
    page.goto("/pause/")
    expect(page.get_by_role("button", name="CanaryOfflinePhrase")).to_be_visible()  # shown while online
    wait_for_offline_copy(page)
    stored = page.evaluate(
        """async () => {
          const cache = await caches.open((await caches.keys()).find(k => k.startsWith("pause-")));
          const pages = await Promise.all(["/pause/", "/pause/partner/"].map(u => cache.match(u)));
          return Promise.all(pages.map(r => r.text()));
        }"""
    )
    assert len(stored) == 2
    assert all("<h1>" in html and "CanaryOfflinePhrase" not in html for html in stored)


def test_the_screen_stays_awake_while_the_guide_runs(ctx: BrowserContext, server: Server) -> None:
    ctx.add_init_script(
        """window.__locks = [];
        if (navigator.wakeLock) {
          const request = navigator.wakeLock.request.bind(navigator.wakeLock);
          navigator.wakeLock.request = type => request(type).then(lock => {
            window.__locks.push(lock);
            return lock;
          });
        }"""
    )
    page = ctx.new_page()
    page.goto("/pause/")
    held = "() => window.__locks.filter(l => !l.released).length"
    assert page.evaluate("() => !!navigator.wakeLock")
    assert page.evaluate(held) == 0  # nothing until the guide starts
    page.get_by_role("button", name="Start breathing").click()
    page.wait_for_function(f"({held})() === 1")
    assert page.evaluate("() => window.__locks[0].type") == "screen"
    # The system takes the lock away (the page was hidden): it comes back
    # when the page is seen again.
    page.evaluate("() => window.__locks[0].release()")
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function(f"({held})() === 1 && window.__locks.length === 2")
    page.get_by_role("button", name="Stop", exact=True).click()
    page.wait_for_function(f"({held})() === 0")
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__locks.length") == 2  # not taken again once stopped


def test_the_tone_is_opt_in_soft_and_different_for_in_and_out(ctx: BrowserContext, server: Server) -> None:
    ctx.add_init_script(
        """window.__tones = []; window.__levels = [];
        const Real = window.AudioContext;
        window.AudioContext = class extends Real {
          createOscillator() {
            const osc = super.createOscillator();
            const start = osc.start.bind(osc);
            osc.start = t => { window.__tones.push({type: osc.type, hz: osc.frequency.value}); start(t); };
            return osc;
          }
          createGain() {
            const gain = super.createGain();
            const ramp = gain.gain.linearRampToValueAtTime.bind(gain.gain);
            gain.gain.linearRampToValueAtTime = (v, t) => { window.__levels.push(v); return ramp(v, t); };
            return gain;
          }
        };"""
    )
    page = ctx.new_page()
    page.clock.install()
    page.goto("/pause/")
    page.get_by_role("button", name="Start breathing").click()
    page.clock.run_for(11_000)
    assert page.evaluate("() => window.__tones") == []  # silent unless asked for
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_text("Pace and feel", exact=True).click()
    page.get_by_label("A soft tone at each change").check()
    page.get_by_role("button", name="Start breathing").click()
    page.clock.run_for(10_500)
    tones = page.evaluate("() => window.__tones")
    assert [t["type"] for t in tones] == ["sine"] * 3
    hz = [t["hz"] for t in tones]
    assert hz[0] == hz[2] != hz[1]  # in, out, in
    assert hz[1] < hz[0]  # lower on the way out
    assert 0 < max(page.evaluate("() => window.__levels")) <= 0.05  # quiet, and fades in and out
    assert page.evaluate("() => window.__levels").count(0) >= 3


def test_other_outputs_can_subscribe_to_the_phases(pause: Page, server: Server) -> None:
    pause.clock.install()
    pause.goto(server.url + "/pause/")
    pause.evaluate(
        """() => {
          const guide = window.softlanding.guides[0];
          window.__device = []; window.__other = [];
          window.__unsubscribe = guide.on("phase", e => window.__device.push(e));
          guide.on("phase", () => { throw new Error("a broken add-on"); });
          guide.on("phase", e => window.__other.push(e.phase));
        }"""
    )
    errors: list[str] = []
    pause.on("pageerror", lambda e: errors.append(str(e)))
    pause.get_by_role("button", name="Start breathing").click()
    started = pause.evaluate("() => window.softlanding.guides[0].pacer.startedAt")
    pause.clock.run_for(10_500)
    device = pause.evaluate("() => window.__device")
    assert [(e["phase"], e["duration"], e["cycle"], e["scheduledAt"] - started) for e in device] == [
        ("in", 4000, 0, 0),
        ("out", 6000, 0, 4000),
        ("in", 4000, 1, 10000),
    ]
    pause.evaluate("() => window.__unsubscribe()")
    pause.clock.run_for(10_000)
    assert len(pause.evaluate("() => window.__device")) == 3  # unsubscribed
    # A subscriber that throws does not stop the others, or the guide.
    assert pause.evaluate("() => window.__other") == ["in", "out", "in", "out", "in"]
    assert errors
    assert all("a broken add-on" in e for e in errors)


def test_late_timers_do_not_add_up_to_drift(pause: Page, server: Server) -> None:
    # A busy phone runs timers late. Each one here fires up to 44 ms late;
    # a guide that timed each phase from the last one would be seconds off
    # after ten minutes.
    pause.clock.install()
    pause.goto(server.url + "/pause/")
    add_timer_lateness(pause, max_ms=44)
    drift = measure_drift(pause, 600, lambda s: pause.clock.run_for(int(s * 1000) + 1000), (4, 6, 0))
    assert drift.phases == 120
    assert drift.names_match
    assert drift.worst_ms <= 50, drift


def test_quick_exit_removes_the_device_card_and_the_offline_copy(
    ctx: BrowserContext, server: Server, settings: object
) -> None:
    # The screen promises "Quick exit removes them": hold it to that.
    settings.QUICK_EXIT_URL = server.url + "/about/"  # type: ignore[attr-defined]
    page = ctx.new_page()
    page.goto("/pause/")
    page.get_by_label("My phrases").fill("Red means stop")
    page.get_by_role("button", name="Keep on this device").click()
    wait_for_offline_copy(page)
    page.click("#quick-exit")
    page.wait_for_url("**/about/")
    assert page.evaluate("() => localStorage.getItem('softlanding.pauseCard')") is None
    # (about/ registers a fresh, generic worker again; the kept card is gone.)
    page.goto("/pause/")
    expect(page.get_by_role("button", name="Red means stop")).to_have_count(0)
