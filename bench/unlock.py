"""Unlock cost (``python -m bench unlock``): latency and peak memory.

One unlock is the full path a person waits for: throttle check, the Argon2id
login verifier, the Argon2id key derivation, unwrapping the data key. It runs
at the configured cost (default 64 MiB, 3 passes; override with
SOFTLANDING_KDF_MEMORY_KIB / SOFTLANDING_KDF_PASSES).

Figures:
- 1 at a time: median and 95th percentile latency, peak extra memory;
- 10 at once (a burst), with the derivation limit as configured
  (SOFTLANDING_KDF_CONCURRENCY, default 2): latency, peak extra memory;
- the same burst with the limit lifted to 10, to show what the limit saves:
  the peak memory ratio is measured in this run;
- one bare Argon2id derivation, for the ratio unlock / derivation.

Peak memory is the process's resident set size sampled every 2 ms, minus
its size before the phase.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ROUNDS_SINGLE = 15
BURST = 10
BURST_ROUNDS = 3
ADDRESS = "192.0.2.1"  # documentation range; the throttle keys are hashed anyway


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    """Yields a one-item list that holds the peak extra RSS when the block ends."""
    result = [0]
    base = _rss_bytes()
    stop = threading.Event()
    peak = [base]

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _rss_bytes())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield result
    finally:
        stop.set()
        sampler.join()
        result[0] = max(0, peak[0] - base)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _prepare() -> tuple[str, str]:
    # Never touch the user's real data: a throwaway data directory.
    os.environ.setdefault("SOFTLANDING_DATA_DIR", tempfile.mkdtemp(prefix="softlanding-bench-"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    import secrets

    from softlanding.accounts import keyring

    username = f"bench-{secrets.token_hex(3)}"
    passphrase = "a passphrase for the benchmark only"  # noqa: S105 (throwaway account)
    keyring.create_account(username, passphrase)
    return username, passphrase


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


BUSY: list[float] = []


def _burst(unlock: Callable[[], object], size: int) -> list[float]:
    """Latencies of unlocks that succeeded; those answered "busy" (they
    waited SOFTLANDING_KDF_WAIT_SECONDS for a slot) go to BUSY."""
    from django.db import connection

    from softlanding.accounts.keyring import Busy

    barrier = threading.Barrier(size)
    times: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            unlock()
        except Busy:
            with lock:
                BUSY.append(time.perf_counter() - started)
        else:
            with lock:
                times.append(time.perf_counter() - started)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=worker) for _ in range(size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def _line(label: str, times: list[float], memory: int) -> None:
    print(
        f"   {label:<34} median {statistics.median(times) * 1000:7.0f} ms   p95 {p95(times) * 1000:7.0f} ms"
        f"   peak +{memory / 2**20:6.0f} MiB"
    )


def run() -> None:
    username, passphrase = _prepare()
    from django.conf import settings

    from softlanding.accounts import services
    from softlanding.lib import crypto

    memory_kib, passes = int(settings.VAULT_KDF_MEMORY_KIB), int(settings.VAULT_KDF_PASSES)
    limit = int(settings.VAULT_KDF_CONCURRENCY)
    print(f"   Argon2id {memory_kib // 1024} MiB, {passes} passes; derivation limit {limit}; {os.cpu_count()} CPUs")

    def unlock() -> object:
        return services.unlock(username, passphrase, ADDRESS)

    unlock()  # warm up imports and the database

    derive = [_timed(lambda: crypto.derive_key(passphrase, bytes(16), passes, memory_kib * 1024)) for _ in range(5)]
    with peak_memory() as single_memory:
        single = [_timed(unlock) for _ in range(ROUNDS_SINGLE)]
    with peak_memory() as burst_memory:
        burst = [t for _ in range(BURST_ROUNDS) for t in _burst(unlock, BURST)]
    busy = len(BUSY)
    original_limit = settings.VAULT_KDF_CONCURRENCY
    settings.VAULT_KDF_CONCURRENCY = BURST
    try:
        with peak_memory() as open_memory:
            unlimited = [t for _ in range(BURST_ROUNDS) for t in _burst(unlock, BURST)]
    finally:
        settings.VAULT_KDF_CONCURRENCY = original_limit

    print(f"   one bare Argon2id derivation: median {statistics.median(derive) * 1000:.0f} ms")
    _line("1 unlock at a time", single, single_memory[0])
    _line(f"{BURST} at once, limit {limit}", burst, burst_memory[0])
    if busy:
        wait = int(settings.VAULT_KDF_WAIT_SECONDS)
        print(
            f"     ({busy} of {BURST * BURST_ROUNDS} got the 503 'busy, retry' answer after waiting {wait} s for a slot)"
        )
    _line(f"{BURST} at once, limit lifted to {BURST}", unlimited, open_memory[0])
    print(
        f"   ratio unlock / bare derivation (1 at a time): {statistics.median(single) / statistics.median(derive):.2f}"
    )
    if open_memory[0]:
        print(f"   ratio peak memory, limit {limit} / no limit: {burst_memory[0] / open_memory[0]:.2f}")
