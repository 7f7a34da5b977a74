"""Accounts in a real browser: sign up, save the code, lock, a wrong
passphrase, unlock again, and quick exit locking the vault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from softlanding.accounts.models import VaultSession

pytestmark = pytest.mark.browser
PASSPHRASE = "river stones and warm tea"


def test_sign_up_confirm_the_code_lock_and_unlock(page: Page, live_server: object, transactional_db: None) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{base}/account/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_text("your data is gone")).to_be_visible()
    page.get_by_label("Username").fill("sky")
    page.get_by_label("Passphrase", exact=False).first.fill(PASSPHRASE)
    page.get_by_label("Passphrase again").fill(PASSPHRASE)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Create account").click()

    code = page.locator(".recovery-code code").inner_text()
    assert re.fullmatch(r"([A-Z2-9]{4}-){7}[A-Z2-9]{4}", code)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sl_vault"]["httpOnly"]
    assert cookies["sl_vault"]["sameSite"] == "Strict"

    page.get_by_label("The last group").fill(code.split("-")[-1].lower())
    page.get_by_role("button", name="I saved it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All set")

    page.get_by_role("button", name="Lock").first.click()
    expect(page.get_by_role("status")).to_contain_text("Locked")
    assert VaultSession.objects.count() == 0

    page.get_by_role("link", name="Unlock").first.click()
    page.get_by_label("Username").fill("sky")
    page.get_by_label("Passphrase").fill("not my passphrase at all")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")

    page.get_by_label("Username").fill("sky")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_label("Passphrase").press("Enter")
    expect(page.get_by_text("Your private space is unlocked")).to_be_visible()
    assert VaultSession.objects.count() == 1
    assert violations == []


def test_quick_exit_locks_the_vault(page: Page, live_server: object, transactional_db: None, settings: object) -> None:
    from softlanding.test import make_user, unlocked_client

    settings.QUICK_EXIT_URL = f"{live_server.url}/about/"  # type: ignore[attr-defined]
    user = make_user("rain")
    client = unlocked_client(user)
    base = str(live_server.url)  # type: ignore[attr-defined]
    host = base.split("//")[1].split(":")[0]
    page.context.add_cookies(
        [{"name": name, "value": morsel.value, "domain": host, "path": "/"} for name, morsel in client.cookies.items()]
    )
    page.goto(f"{base}/account/")
    expect(page.get_by_text("Your private space is unlocked")).to_be_visible()
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(re.compile(r"/about/$"))
    assert VaultSession.objects.count() == 0


def _sign_in_as(page: Page, base: str, user: object) -> None:
    """Give the browser an unlocked session made the way the unlock page makes one."""
    from softlanding.test import unlocked_client

    client = unlocked_client(user)  # type: ignore[arg-type]
    host = base.split("//")[1].split(":")[0]
    page.context.add_cookies(
        [{"name": name, "value": morsel.value, "domain": host, "path": "/"} for name, morsel in client.cookies.items()]
    )


def test_recover_change_the_passphrase_export_and_delete(
    page: Page, live_server: object, transactional_db: None
) -> None:
    import json

    from django.contrib.auth.models import User

    from softlanding.accounts.models import VaultKeys
    from softlanding.test import make_user

    base = str(live_server.url)  # type: ignore[attr-defined]
    old_code = make_user("dawn").recovery_code  # type: ignore[attr-defined]

    page.goto(f"{base}/account/recover/")
    page.get_by_label("Username").fill("dawn")
    page.get_by_label("Recovery code").fill(old_code.lower())
    page.get_by_label(re.compile(r"^New passphrase:?$")).fill("morning light on the water")
    page.get_by_label("New passphrase again").fill("morning light on the water")
    page.get_by_role("button", name="Set new passphrase").click()
    new_code = page.locator(".recovery-code code").inner_text()
    assert new_code != old_code
    page.get_by_label("The last group").fill(new_code[-4:])
    page.get_by_role("button", name="I saved it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All set")

    page.goto(f"{base}/account/passphrase/")
    page.get_by_label("Current passphrase").fill("morning light on the water")
    page.get_by_label(re.compile(r"^New passphrase:?$")).fill("evening rain on the roof")
    page.get_by_label("New passphrase again").fill("evening rain on the roof")
    page.get_by_role("button", name="Change passphrase").click()
    expect(page.get_by_role("status")).to_contain_text("Your new passphrase works now")

    page.goto(f"{base}/account/export/")
    page.get_by_label("Your passphrase").fill("evening rain on the roof")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["_meta"]["format"] == "softlanding-export"

    page.goto(f"{base}/account/delete/")
    page.get_by_label("Your passphrase").fill("evening rain on the roof")
    page.get_by_label('Type "delete" to confirm').fill("delete")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    assert not User.objects.filter(username="dawn").exists()
    assert not VaultKeys.objects.exists()


def test_an_expired_session_says_so_kindly_and_unlocking_again_works(
    page: Page, live_server: object, transactional_db: None
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from softlanding.test import PASSPHRASE as TEST_PASSPHRASE
    from softlanding.test import make_user

    base = str(live_server.url)  # type: ignore[attr-defined]
    _sign_in_as(page, base, make_user("moss"))
    VaultSession.objects.update(last_seen=timezone.now() - timedelta(minutes=31))
    page.goto(f"{base}/account/passphrase/")
    expect(page.get_by_role("status")).to_contain_text("Nothing you saved is lost")
    assert VaultSession.objects.count() == 0
    assert "sl_vault" not in {c["name"] for c in page.context.cookies()}
    page.get_by_label("Username").fill("moss")
    page.get_by_label("Passphrase").fill(TEST_PASSPHRASE)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your passphrase")
