"""Timeouts destroy the server half on time, even when no request comes in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from softlanding.accounts import sweeper
from softlanding.accounts.models import VaultSession
from softlanding.test import make_user, unlocked_client


@pytest.fixture
def swept(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """An event set after each sweep; the sweeper is stopped at the end. Tests
    wait for it instead of polling the table: on SQLite's shared in-memory
    test database, reading while the sweeper writes fails ("table is locked")."""
    done = threading.Event()
    real = sweeper.sweep_once

    def sweep_and_tell() -> int:
        count = real()
        done.set()
        return count

    monkeypatch.setattr(sweeper, "sweep_once", sweep_and_tell)
    yield done
    sweeper.stop_sweeper()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("which", ["idle", "absolute"])
def test_an_expired_half_is_destroyed_without_any_request(which: str, swept: threading.Event) -> None:
    fresh, stale = make_user("fresh"), make_user("stale")
    unlocked_client(fresh)
    unlocked_client(stale)
    if which == "idle":
        change = {"last_seen": timezone.now() - timedelta(minutes=31)}
    else:
        change = {"expires_at": timezone.now() - timedelta(seconds=1)}
    VaultSession.objects.filter(user=stale).update(**change)
    assert sweeper.start_sweeper(every=3600) is not None
    assert swept.wait(10), "the sweeper swept"
    sweeper.stop_sweeper()
    assert not VaultSession.objects.filter(user=stale).exists()
    assert VaultSession.objects.filter(user=fresh).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_sweeps_again_every_interval(swept: threading.Event) -> None:
    assert sweeper.start_sweeper(every=0.01) is not None
    assert swept.wait(10)
    swept.clear()
    assert swept.wait(10), "a second sweep followed"


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_starts_once_per_process() -> None:
    first = sweeper.start_sweeper(every=3600)
    try:
        assert first is not None
        assert sweeper.start_sweeper(every=3600) is None
    finally:
        sweeper.stop_sweeper()
    assert not first.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_failing_sweep_never_raises_so_the_thread_lives_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    calls: list[int] = []

    def busy() -> int:
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(sweeper, "sweep_expired", busy)
    assert sweeper.sweep_once() == 0
    monkeypatch.setattr(sweeper, "sweep_expired", lambda: 1 // 0)
    assert sweeper.sweep_once() == 0
    assert calls == [1]


@pytest.mark.django_db
def test_the_management_command_sweeps_for_hosts_that_run_another_server() -> None:
    from io import StringIO

    from django.core.management import call_command

    fresh, stale = make_user("fresh"), make_user("stale")
    unlocked_client(fresh)
    unlocked_client(stale)
    VaultSession.objects.filter(user=stale).update(last_seen=timezone.now() - timedelta(minutes=31))
    out = StringIO()
    call_command("sweepvaultsessions", stdout=out)
    assert "Deleted 1 expired" in out.getvalue()
    assert not VaultSession.objects.filter(user=stale).exists()
    assert VaultSession.objects.filter(user=fresh).count() == 1
