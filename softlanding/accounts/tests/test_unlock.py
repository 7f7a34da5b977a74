"""Unlock and lock: messages, lockout with cool-off, equal answers, the
derivation limit, and what is (not) logged."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from softlanding.accounts import keyring
from softlanding.accounts.models import UnlockThrottle, VaultSession
from softlanding.accounts.tests.helpers import page_text
from softlanding.test import PASSPHRASE, Personas, make_user, unlocked_client


def _unlock(client: Client, username: str, passphrase: str, next_url: str = "", **extra: str):  # type: ignore[no-untyped-def]
    data = {"username": username, "passphrase": passphrase}
    if next_url:
        data["next"] = next_url
    return client.post("/account/unlock/", data, **extra)


@pytest.mark.django_db
def test_unlocking_opens_the_vault_and_goes_where_the_user_was_going(personas: Personas) -> None:
    client = Client()
    response = _unlock(client, "alice", PASSPHRASE, "/journal/")
    assert response.status_code == 302
    assert response["Location"] == "/journal/"
    cookie = response.cookies["sl_vault"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    # A browser-session cookie: the client half is not kept in a cookie file.
    assert cookie["max-age"] == cookie["expires"] == ""
    assert VaultSession.objects.filter(user=personas.alice).count() == 1
    assert "Your private space is unlocked" in client.get("/account/").content.decode()


@pytest.mark.django_db
def test_the_next_address_cannot_leave_the_site(personas: Personas) -> None:
    response = _unlock(Client(), "alice", PASSPHRASE, "https://elsewhere.example/")
    assert response["Location"] == "/account/"


@pytest.mark.django_db
def test_usernames_are_not_case_sensitive(personas: Personas) -> None:
    assert _unlock(Client(), "  Alice ", PASSPHRASE).status_code == 302


@pytest.mark.django_db
def test_a_wrong_passphrase_and_an_unknown_user_get_the_same_answer(personas: Personas) -> None:
    wrong = _unlock(Client(), "alice", "not the passphrase")
    unknown = _unlock(Client(), "nobody-here", "not the passphrase")
    assert wrong.status_code == unknown.status_code == 400
    assert "That username and passphrase do not match" in page_text(wrong)
    assert page_text(wrong).replace("alice", "X") == page_text(unknown).replace("nobody-here", "X")
    assert not VaultSession.objects.exists()


@pytest.mark.django_db
def test_a_wrong_passphrase_and_an_unknown_user_take_similar_time(personas: Personas, settings: object) -> None:
    # A cost where Argon2id dominates the request, so a skipped hash would show.
    settings.VAULT_KDF_MEMORY_KIB = 4096  # type: ignore[attr-defined]
    settings.VAULT_LOCKOUT_ATTEMPTS = 1000  # type: ignore[attr-defined]
    make_user("timed")

    def once(username: str) -> float:
        started = time.perf_counter()
        _unlock(Client(), username, "not the passphrase")
        return time.perf_counter() - started

    # Interleaved, and the fastest of each: other work on a busy machine only
    # ever adds time, so minimums compare the work each path really does.
    pairs = [(once("timed"), once("nobody-here")) for _ in range(9)]
    known, unknown = min(p[0] for p in pairs), min(p[1] for p in pairs)
    assert 0.6 < known / unknown < 1.6, (known, unknown)


@pytest.mark.django_db
def test_the_fifth_failure_starts_a_cool_off_with_a_clear_message(personas: Personas) -> None:
    client = Client()
    for _ in range(5):
        assert _unlock(client, "alice", "wrong passphrase!").status_code == 400
    response = _unlock(client, "alice", PASSPHRASE)
    assert response.status_code == 429
    assert "unlocking is paused for about 1 minute" in response.content.decode()
    assert "Nothing you saved is affected" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not VaultSession.objects.exists()


@pytest.mark.django_db
def test_the_cool_off_ends_and_is_never_permanent(personas: Personas) -> None:
    client = Client()
    for _ in range(12):
        _unlock(client, "alice", "wrong passphrase!")
    longest = max(row.locked_until for row in UnlockThrottle.objects.all() if row.locked_until)
    assert longest - timezone.now() <= timedelta(minutes=15, seconds=5)
    UnlockThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _unlock(client, "alice", PASSPHRASE).status_code == 302


@pytest.mark.django_db
def test_unknown_usernames_lock_out_exactly_like_real_ones(personas: Personas) -> None:
    for name in ("alice", "nobody-here"):
        for _ in range(5):
            _unlock(Client(), name, "wrong passphrase!", REMOTE_ADDR=f"10.0.0.{len(name)}")
    real = _unlock(Client(), "alice", "x" * 12, REMOTE_ADDR="10.0.1.1")
    fake = _unlock(Client(), "nobody-here", "x" * 12, REMOTE_ADDR="10.0.1.2")
    assert real.status_code == fake.status_code == 429


@pytest.mark.django_db
def test_one_address_trying_many_names_is_slowed_down(personas: Personas) -> None:
    for i in range(20):
        _unlock(Client(), f"name-{i}", "wrong passphrase!", REMOTE_ADDR="192.0.2.7")
    assert _unlock(Client(), "alice", PASSPHRASE, REMOTE_ADDR="192.0.2.7").status_code == 429
    assert _unlock(Client(), "alice", PASSPHRASE, REMOTE_ADDR="192.0.2.8").status_code == 302


@pytest.mark.django_db
def test_the_throttle_table_stores_neither_names_nor_addresses(personas: Personas) -> None:
    _unlock(Client(), "alice", "wrong passphrase!", REMOTE_ADDR="203.0.113.9")
    keys = " ".join(UnlockThrottle.objects.values_list("key", flat=True))
    assert "alice" not in keys
    assert "203.0.113" not in keys


@pytest.mark.django_db
def test_a_burst_beyond_the_derivation_limit_gets_a_clear_busy_answer(personas: Personas, settings: object) -> None:
    settings.VAULT_KDF_CONCURRENCY = 1  # type: ignore[attr-defined]
    settings.VAULT_KDF_WAIT_SECONDS = 0  # type: ignore[attr-defined]
    holding, release = threading.Event(), threading.Event()

    def occupy() -> None:
        with keyring.kdf_slot():
            holding.set()
            release.wait(5)

    worker = threading.Thread(target=occupy)
    worker.start()
    holding.wait(5)
    try:
        response = _unlock(Client(), "alice", PASSPHRASE)
        api = Client().post(
            "/api/v1/session", {"username": "alice", "passphrase": PASSPHRASE}, content_type="application/json"
        )
    finally:
        release.set()
        worker.join()
    assert response.status_code == 503
    assert "wait a moment" in response.content.decode()
    assert api.status_code == 503
    assert api["Retry-After"] == "5"
    # Once the slot is free again, unlocking works.
    assert _unlock(Client(), "alice", PASSPHRASE).status_code == 302


def test_the_derivation_limit_holds_under_a_real_burst(settings: object) -> None:
    settings.VAULT_KDF_CONCURRENCY = 2  # type: ignore[attr-defined]
    settings.VAULT_KDF_WAIT_SECONDS = 5  # type: ignore[attr-defined]
    running, peak, lock = [0], [0], threading.Lock()

    def one() -> None:
        with keyring.kdf_slot():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.02)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=one) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 2


@pytest.mark.django_db
def test_a_successful_unlock_logs_no_address_or_browser(personas: Personas, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        _unlock(Client(), "alice", PASSPHRASE, REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="CanaryBrowser/9.9")
    assert "198.51.100.23" not in caplog.text
    assert "CanaryBrowser" not in caplog.text
    assert PASSPHRASE not in caplog.text


@pytest.mark.django_db
def test_locking_destroys_the_server_half_and_signs_out(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    assert client.get("/account/lock/").status_code == 405  # a link cannot lock, only a form
    response = client.post("/account/lock/")
    assert response.status_code == 302
    assert not VaultSession.objects.exists()
    assert response.cookies["sl_vault"].value == ""
    assert "Locked. Your data is safe" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_an_expired_session_sends_the_browser_to_unlock_with_a_kind_message(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    VaultSession.objects.update(last_seen=timezone.now() - timedelta(minutes=31))
    response = client.get("/account/passphrase/")
    assert response.status_code == 302
    assert "ended=1" in response["Location"]
    assert response.cookies["sl_vault"].value == ""  # the stale client half is dropped
    html = client.get(response["Location"]).content.decode()
    assert "Nothing you saved is lost" in html
    assert not VaultSession.objects.exists()


@pytest.mark.django_db
def test_the_nav_offers_unlock_or_a_lock_button(personas: Personas) -> None:
    assert 'href="/account/unlock/"' in Client().get("/").content.decode()
    html = unlocked_client(personas.alice).get("/").content.decode()
    assert 'action="/account/lock/"' in html


@pytest.mark.django_db
def test_raising_the_cost_rewraps_the_key_at_the_next_unlock(personas: Personas, settings: object) -> None:
    settings.VAULT_KDF_MEMORY_KIB = 16  # type: ignore[attr-defined]
    assert _unlock(Client(), "alice", PASSPHRASE).status_code == 302
    keys = User.objects.get(username="alice").vault_keys
    assert keys.kdf_memory_kib == 16
    assert _unlock(Client(), "alice", PASSPHRASE).status_code == 302


@pytest.mark.django_db
def test_wrong_passphrases_a_lockout_and_an_expiry_lose_nothing_saved(personas: Personas) -> None:
    import uuid

    from softlanding.test import vault_for

    row = str(uuid.uuid4())
    blob = vault_for(personas.alice).seal_json("journal_episode", row, "record", {"note": "still here"})  # type: ignore[attr-defined]
    client = unlocked_client(personas.alice)
    VaultSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.get("/account/passphrase/")
    for _ in range(6):
        _unlock(Client(), "alice", "wrong passphrase!")
    UnlockThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _unlock(Client(), "alice", PASSPHRASE).status_code == 302
    assert vault_for(personas.alice).open_json("journal_episode", row, "record", blob) == {"note": "still here"}  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_unlocking_runs_the_login_check_before_any_key_derivation(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong passphrase costs one Argon2id (the login verifier); only a
    right one goes on to derive the key that unwraps the data key."""
    from softlanding.lib import crypto

    calls: list[int] = []
    real = crypto.derive_key

    def counting(*args: Any) -> bytes:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(crypto, "derive_key", counting)
    _unlock(Client(), "alice", "not the passphrase")
    wrong = len(calls)
    calls.clear()
    _unlock(Client(), "alice", PASSPHRASE)
    assert (wrong, len(calls)) == (1, 2)


@pytest.mark.django_db
def test_behind_the_local_proxy_each_client_address_is_counted_on_its_own(personas: Personas) -> None:
    """Every request through the documented proxy comes from 127.0.0.1; one
    client's failures must not lock out everyone else."""
    for i in range(20):
        _unlock(Client(), f"name-{i}", "wrong passphrase!", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    through_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert _unlock(Client(), "alice", PASSPHRASE, HTTP_X_FORWARDED_FOR="192.0.2.7", **through_proxy).status_code == 429
    assert _unlock(Client(), "alice", PASSPHRASE, HTTP_X_FORWARDED_FOR="192.0.2.8", **through_proxy).status_code == 302


def test_a_forwarded_address_counts_only_from_the_local_proxy() -> None:
    from django.test import RequestFactory

    from softlanding.accounts.throttle import client_address

    def address(peer: str, forwarded: str) -> str:
        return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded))

    assert address("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    assert address("::1", "10.0.0.1, 203.0.113.5") == "203.0.113.5"  # the proxy's own entry is last
    assert address("::1", "2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address("198.51.100.1", "203.0.113.5") == "198.51.100.1"  # anyone else could write anything
    assert address("127.0.0.1", "not an address") == "127.0.0.1"
