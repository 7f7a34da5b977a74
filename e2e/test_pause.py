"""The pause screen in a real Chromium, served like production (waitress and
WhiteNoise, see bench/pause.py): size, speed, offline use, timing,
accessibility, and the device-only pause card."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.pause import Server, first_paint_ratio, first_visit_transfer, measure_drift, wait_for_offline_copy

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


def test_with_the_network_gone_both_pages_reload_and_the_guide_runs(ctx: BrowserContext, server: Server) -> None:
    page = ctx.new_page()
    page.goto("/pause/")
    assert wait_for_offline_copy(page) >= 2 + 5
    # Cut the network for the browser, and stop the server as well, so a
    # request the emulation might let through cannot succeed either.
    ctx.set_offline(True)
    server.stop()
    page.reload()
    expect(page.locator("h1")).to_have_text("Pause")
    page.get_by_role("button", name="Start breathing").click()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")
    page.goto("/pause/partner/")
    expect(page.locator("h1")).to_have_text("When your partner cries")
    page.get_by_role("button", name="Start breathing").click()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(ctx: BrowserContext, server: Server, path: str) -> None:
    page = ctx.new_page()
    requests: list[str] = []
    page.goto(path)
    page.get_by_role("button", name="Start breathing").click()  # check the running state too
    page.on("request", lambda r: requests.append(r.url))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert requests == [], "axe-core must run from the bundled copy, without the network"
    assert page.evaluate("() => window.__csp") == []


def test_the_keyboard_alone_reaches_everything(pause: Page, server: Server) -> None:
    pause.goto(server.url + "/pause/")
    pause.keyboard.press("Tab")
    expect(pause.locator(".skip-link")).to_be_focused()
    pause.keyboard.press("Tab")
    expect(pause.locator("#quick-exit")).to_be_focused()
    start = pause.locator("[data-toggle]")
    expect(start).to_have_text("Start breathing")
    for _ in range(12):
        if start.evaluate("b => b === document.activeElement"):
            break
        pause.keyboard.press("Tab")
    expect(start).to_be_focused()
    pause.keyboard.press("Enter")
    expect(pause.locator("[data-phase]")).to_have_text("Breathe in")
    expect(start).to_have_attribute("aria-pressed", "true")
    expect(start).to_have_text("Stop")
    pause.keyboard.press("Enter")
    expect(start).to_have_attribute("aria-pressed", "false")
    card = pause.get_by_role("button", name="Can you hold me?")
    card.focus()
    pause.keyboard.press("Enter")
    expect(pause.locator("#show-card")).to_be_visible()
    expect(pause.locator("#show-text")).to_have_text("Can you hold me?")
    pause.keyboard.press("Escape")
    expect(pause.locator("#show-card")).to_be_hidden()
    expect(card).to_be_focused()


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
