"""The journal in a real browser: unlock, log an entry, see it listed, see the patterns page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from softlanding.test import PASSPHRASE, make_user

pytestmark = pytest.mark.browser


def test_unlock_log_an_entry_and_see_it_in_the_list_and_patterns(
    page: Page, live_server: object, transactional_db: None
) -> None:
    make_user("erin")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/journal/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Unlock your journal").click()
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_label("Passphrase").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")

    page.get_by_role("link", name="New entry").click()
    page.get_by_label("Any pain or discomfort?").select_option("mild")
    page.get_by_label("How upset were you at first?").select_option("7")
    page.get_by_label("And later, after some care?").select_option("3")
    page.get_by_label("Being held").check()
    page.get_by_label("Or add a nickname").first.fill("Robin")
    page.get_by_label("Notes").fill("Quiet evening, then it all came out.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Quiet evening, then it all came out.")).to_be_visible()
    expect(page.get_by_text("1 entry, newest first.")).to_be_visible()
    page.get_by_role("button", name="Without tears").click()
    expect(page.get_by_role("status")).to_contain_text("Noted.")

    page.get_by_role("link", name="Patterns").click()
    expect(page.get_by_role("heading", name="Is it changing?")).to_be_visible()
    expect(page.get_by_text("Too early to tell if this is changing.")).to_be_visible()
    expect(page.get_by_role("table", name="Average drop per kind of care")).to_contain_text("Being held")
    assert page.locator("svg.chart").count() >= 2
    assert page.title().startswith("Patterns")
    assert violations == []


def _unlock(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/journal/")
    page.get_by_role("link", name="Unlock your journal").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_label("Passphrase").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")


def test_save_a_check_in_then_log_edit_and_delete_through_the_pages(
    page: Page, live_server: object, transactional_db: None
) -> None:
    make_user("fern")
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _unlock(page, base, "fern")

    # A finished check-in becomes an entry in one step.
    page.goto(f"{base}/understand/check/")
    page.get_by_label("During", exact=True).check()
    page.get_by_label("Fear", exact=True).check()
    page.get_by_role("button", name="Skip to the result").click()
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit entry")
    expect(page.get_by_text("Saved from a check-in.")).to_be_visible()
    expect(page.get_by_label("Fear", exact=True)).to_be_checked()
    page.get_by_label("Notes").fill("From the check-in.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("From the check-in.")).to_be_visible()

    # One tap with tears, then details for that time.
    page.get_by_role("button", name="With tears").click()
    expect(page.get_by_role("status")).to_contain_text("Noted.")
    assert "tears" not in page.url
    page.get_by_role("link", name="Add details").click()
    page.get_by_label("Notes").fill("The quick one.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("2 entries, newest first.")).to_be_visible()

    # Edit, then delete, the check-in entry.
    page.get_by_role("listitem").filter(has_text="From the check-in.").get_by_role("link").first.click()
    page.get_by_label("Notes").fill("Changed my words.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Changed my words.")).to_be_visible()
    page.get_by_role("listitem").filter(has_text="Changed my words.").get_by_role("link").first.click()
    page.get_by_role("link", name="Delete this entry").click()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("1 entry, newest first.")).to_be_visible()
    expect(page.get_by_text("Changed my words.")).to_have_count(0)

    page.get_by_role("link", name="All times noted").click()
    expect(page.get_by_role("table")).to_contain_text("Yes")
    assert violations == []
