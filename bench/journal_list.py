"""The journal list page with 1,000 episodes (``python -m bench journal_list``).

Requests go through the whole Django stack (middleware, session, vault
unlock, decrypting every entry, sorting, rendering one page of 50) with the
test client. Reported: median and 95th percentile, and the same figures for
the locked journal page (no data), as a ratio, so the number means
something on any machine.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

EPISODES = 1_000
REQUESTS = 200


def latencies(client: Any, url: str, count: int) -> list[float]:
    found = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        found.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run() -> None:
    from bench._journal import demo_account, prepare_django

    prepare_django(pages=True)
    from django.test import Client

    from softlanding.test import unlocked_client

    # A host the default settings allow, instead of setup_test_environment():
    # that would instrument template rendering (and keep every rendered
    # context alive), which production does not do.
    user, _ = demo_account(EPISODES, 0)
    client = unlocked_client(user, client=Client(HTTP_HOST="localhost"))
    # The numbers mean something only if this really is the unlocked list.
    assert f"{EPISODES} entries".encode() in client.get("/journal/").content, "the journal did not unlock"
    latencies(client, "/journal/", 10)  # warm up templates and caches
    full = latencies(client, "/journal/", REQUESTS)
    empty = latencies(Client(HTTP_HOST="localhost"), "/journal/", REQUESTS)
    print(
        f"   /journal/ with {EPISODES:,} episodes: median {statistics.median(full) * 1000:.1f} ms, p95 {p95(full) * 1000:.1f} ms"
    )
    print(
        f"   locked /journal/ (no data):        median {statistics.median(empty) * 1000:.1f} ms, p95 {p95(empty) * 1000:.1f} ms"
    )
    print(f"   ratio p95 full / locked: {p95(full) / p95(empty):.1f}")
