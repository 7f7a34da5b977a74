"""The foundation in a real browser: no foreign requests, no CSP errors,
quick exit by button and by Shift ×3, keyboard order, small screens, dark
mode and automated accessibility checks."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page

from e2e.conftest import RequestLog

pytestmark = pytest.mark.browser

PAGES = ["/", "/about/", "/understand/", "/together/", "/journal/", "/support/"]


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    return errors


class WeatherPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>Weather</title><p>Sunny</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def weather_url() -> Iterator[str]:
    """A stand-in for the neutral site on another origin of this machine
    (request interception does not follow the cross-site redirect reliably)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), WeatherPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture
def neutral_site(weather_url: str, request_log: RequestLog, settings: object) -> str:
    settings.QUICK_EXIT_URL = weather_url  # type: ignore[attr-defined]
    request_log.allowed_hosts.add(weather_url.split("/")[2])
    return weather_url


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_only_from_their_own_host_without_csp_errors(
    page: Page, console_errors: list[str], url: str
) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.locator("#quick-exit").is_visible()
    assert page.locator(".pause-button").is_visible()
    assert console_errors == []


def test_the_quick_exit_button_leaves_and_back_does_not_return(page: Page, neutral_site: str) -> None:
    page.goto("/about/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    assert "Sunny" in page.content()
    page.go_back()
    # The page that was left was replaced in history, so Back goes to where
    # the browser was before (here an empty tab), not to the app.
    assert "Soft Landing" not in page.content()


def test_shift_three_times_leaves_and_clears_the_session(page: Page, neutral_site: str) -> None:
    page.goto("/")
    page.click("text=Privacy")
    page.wait_for_url("**/about/")
    page.context.add_cookies([{"name": "marker", "value": "1", "url": page.url}])
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    # Clear-Site-Data removed every cookie of the app's origin.
    assert [c for c in page.context.cookies() if c["domain"] in {"localhost", "127.0.0.1"}] == []
    page.go_back()
    assert "/about/" not in page.url


def test_slow_shift_presses_do_not_trigger_quick_exit(page: Page, neutral_site: str) -> None:
    page.clock.install()
    page.goto("/")
    for _ in range(3):
        page.keyboard.press("Shift")
        page.clock.run_for(1000)
    page.wait_for_timeout(200)
    assert page.url.endswith("/")


def test_quick_exit_works_without_javascript(browser: Browser, live_server: object, neutral_site: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=str(live_server.url))  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    assert "Sunny" in page.content()
    context.close()


def test_keyboard_reaches_skip_link_then_quick_exit(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("url", PAGES)
def test_nothing_scrolls_sideways_at_320_px(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", ["/", "/support/", "/about/"])
def test_axe_finds_no_violations(page: Page, scheme: str, url: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(url)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]})
    assert results.violations_count == 0, results.generate_report()


def test_dark_mode_follows_the_system(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto("/")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="light")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
