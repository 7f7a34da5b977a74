"""The check-in in a real browser: answer, see flags first then drivers, open a library page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import RequestLog

pytestmark = pytest.mark.browser


def _next(page: Page) -> None:
    page.get_by_role("button", name="Next").click()


def test_a_check_in_with_strong_pain_and_a_flashback_shows_flags_first(page: Page, live_server: object) -> None:
    page.goto(f"{live_server.url}/understand/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Start the check-in").click()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    page.get_by_label("During", exact=True).check()
    page.get_by_label("Fear", exact=True).check()
    _next(page)
    page.get_by_label("Yes, strong").check()
    _next(page)
    _next(page)  # feeling safe: every question left at "I'd rather not say"
    page.get_by_label("Yes, it felt like reliving something").check()
    # Back and forward again: the answer from step 4 is still there.
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    _next(page)
    expect(page.get_by_label("Yes, it felt like reliving something")).to_be_checked()
    _next(page)
    page.get_by_role("button", name="See what it may mean").click()

    expect(page.get_by_role("heading", name="What the tears may be saying")).to_be_visible()
    order = page.eval_on_selector_all(
        "[data-flag], [data-driver]", "els => els.map(e => e.dataset.flag || e.dataset.driver)"
    )
    assert order[:3] == ["pause_for_pain", "health_provider", "counselor"]
    assert order[3:5] == ["pain", "memories"]
    expect(page.get_by_text("Because you said you felt strong pain")).to_be_visible()
    assert page.title().startswith("Check-in")

    page.get_by_role("link", name="Read more: Pain or discomfort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pain or discomfort")
    assert page.url.endswith("/understand/library/discomfort/")
    assert page.title().startswith("Library")


def test_the_browsers_back_and_forward_buttons_move_between_steps_and_keep_every_answer(page: Page) -> None:
    page.goto("/understand/check/")
    page.get_by_label("Right after orgasm").check()
    page.get_by_label("Relief", exact=True).check()
    _next(page)
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.get_by_label("Some", exact=True).check()
    _next(page)
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    # An answer on screen, not sent yet, survives the browser's Back button too.
    page.get_by_role("group", name="Are you safe right now?").get_by_label("No", exact=True).check()

    page.go_back()
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    expect(page.get_by_label("Some", exact=True)).to_be_checked()
    page.go_back()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    expect(page.get_by_label("Right after orgasm")).to_be_checked()
    expect(page.get_by_label("Relief", exact=True)).to_be_checked()
    page.go_forward()
    page.go_forward()
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    safe_now = page.get_by_role("group", name="Are you safe right now?")
    expect(safe_now.get_by_label("No", exact=True)).to_be_checked()

    page.get_by_role("button", name="Skip to the result").click()
    expect(page.locator('[data-flag="crisis"]')).to_be_visible()
    page.go_back()
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    page.go_forward()
    expect(page.locator('[data-flag="crisis"]')).to_be_visible()
    flags = page.eval_on_selector_all("[data-flag]", "els => els.map(e => e.dataset.flag)")
    assert flags == ["crisis", "pause_for_pain"]
    drivers = page.eval_on_selector_all("[data-driver]", "els => els.map(e => e.dataset.driver)")
    assert set(drivers[:2]) == {"pain", "catharsis"}
    # Nothing about the answers went into the address bar.
    assert page.url.endswith("/understand/check/")


@pytest.fixture
def no_js_context(browser: Browser, live_server: object) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=str(live_server.url), java_script_enabled=False)  # type: ignore[attr-defined]
    yield context
    context.close()


def test_the_check_in_works_without_javascript(no_js_context: BrowserContext, request_log: RequestLog) -> None:
    page = no_js_context.new_page()
    page.on("request", lambda r: request_log.urls.append(r.url))
    page.goto("/understand/check/")
    page.get_by_label("Right after orgasm").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    page.get_by_role("group", name="Are you safe right now?").get_by_label("No", exact=True).check()
    # The page's own Back and Next buttons keep every answer, without JavaScript.
    page.get_by_role("button", name="Back").click()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    expect(page.get_by_label("Right after orgasm")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    safe_now = page.get_by_role("group", name="Are you safe right now?")
    expect(safe_now.get_by_label("No", exact=True)).to_be_checked()
    page.get_by_role("button", name="Skip to the result").click()
    crisis = page.locator('[data-flag="crisis"]')
    expect(crisis).to_be_visible()
    expect(crisis.get_by_role("link", name="See support options")).to_have_attribute("href", "/support/")
    assert not request_log.foreign(), request_log.foreign()


def test_the_check_in_result_and_library_pass_axe_fit_320_px_and_break_no_csp_rule(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 320, "height": 640})
    axe = Axe()
    options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]}

    def audit(where: str) -> None:
        results = axe.run(page, options=options)
        assert results.violations_count == 0, f"{where}: {results.generate_report()}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, where

    page.goto("/understand/check/")
    audit("check-in step")
    page.get_by_label("Some time afterwards").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Some", exact=True).check()
    page.get_by_role("button", name="Skip to the result").click()
    expect(page.locator('[data-flag="pause_for_pain"]')).to_be_visible()
    audit("result")
    page.goto("/understand/library/a-message/")
    audit("library page")
    page.goto("/understand/references/")
    audit("sources")
    assert errors == []
