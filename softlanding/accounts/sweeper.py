"""Destroy expired session halves on time, even when no request comes in.

Requests already delete an expired half when it is presented, and sweep the
table now and then. But on a computer where nobody uses the app after the
idle timeout, no request ever comes: the sealed data key would stay in the
database (and the client half in the browser) until the next visit. This
thread deletes every half past its idle or absolute timeout once a minute,
so a timeout means "destroyed within a minute", not "refused when used".

``softlanding serve`` starts it. Tests do not: a thread writing to the test
database behind a test's back would make other tests flaky.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection

from softlanding.accounts.vault import sweep_expired

logger = logging.getLogger(__name__)

#: Seconds between two sweeps: how long an expired half may outlive its timeout.
SWEEP_EVERY = 60.0

_lock = threading.Lock()
_running: tuple[threading.Thread, threading.Event] | None = None


def sweep_once() -> int:
    """One sweep in this thread, on its own connection. Never raises: a
    database that is briefly busy is tried again at the next tick, and a
    thread that died would never sweep again."""
    try:
        return sweep_expired()
    except Exception as exc:  # see the docstring
        # The type is enough to diagnose; the message could quote values.
        level = logging.WARNING if isinstance(exc, DatabaseError) else logging.ERROR
        logger.log(level, "session sweep failed: %s", type(exc).__name__)
        return 0
    finally:
        connection.close()


def _run(stop: threading.Event, every: float) -> None:
    sweep_once()  # halves that expired while the server was stopped
    while not stop.wait(every):
        sweep_once()


def start_sweeper(every: float = SWEEP_EVERY) -> threading.Thread | None:
    """Start the sweeper thread once per process (None if already running)."""
    global _running
    with _lock:
        if _running is not None:
            return None
        stop = threading.Event()
        thread = threading.Thread(target=_run, args=(stop, every), name="vault-sweeper", daemon=True)
        _running = (thread, stop)
        thread.start()
        return thread


def stop_sweeper(timeout: float = 10.0) -> None:
    """Stop the thread and wait for a sweep in progress to finish."""
    global _running
    with _lock:
        running, _running = _running, None
    if running is not None:
        thread, stop = running
        stop.set()
        thread.join(timeout)
