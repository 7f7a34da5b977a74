"""Insights over a big journal against the floor of just opening it (``python -m bench insights``).

One account with 10,000 episodes and 20,000 encounters. The floor is what
any insight must pay: read every row and decrypt and parse every record
(``Vault.open_json``). The measured path is the whole insights computation
as the page and the API run it (``store.compute_insights``): load (read,
decrypt, parse, build the records, sort), compute, and read the dismissed
nudges. Both are timed in the same run, alternating, median of several
rounds; the target is a ratio of at most 2.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

EPISODES = 10_000
ENCOUNTERS = 20_000
ROUNDS = 7


def floor(vault: Any) -> int:
    from softlanding.journal import models

    opened = 0
    for model, table in ((models.Episode, models.EPISODE_TABLE), (models.Encounter, models.ENCOUNTER_TABLE)):
        for pk, blob in model.objects.filter(owner_id=vault.user_id).values_list("id", "sealed"):
            vault.open_json(table, str(pk), models.FIELD, bytes(blob))
            opened += 1
    return opened


def full(vault: Any) -> Any:
    from softlanding.journal import store

    # Exactly what the patterns page and GET /api/v1/insights call.
    return store.compute_insights(vault, date.today())


def compute_only(vault: Any) -> Callable[[], Any]:
    from softlanding.journal import insights, store

    episodes, encounters = store.load_episodes(vault), store.load_encounters(vault)
    return lambda: insights.compute(episodes, encounters, date.today())


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run() -> None:
    from bench._journal import demo_account, prepare_django

    prepare_django()
    started = time.perf_counter()
    _, vault = demo_account(EPISODES, ENCOUNTERS)
    print(
        f"   set-up: {EPISODES:,} episodes + {ENCOUNTERS:,} encounters sealed in {time.perf_counter() - started:.1f} s"
    )
    assert floor(vault) == EPISODES + ENCOUNTERS
    floors, fulls = [], []
    for _ in range(ROUNDS):
        floors.append(timed(lambda: floor(vault)))
        fulls.append(timed(lambda: full(vault)))
    compute = compute_only(vault)
    computes = [timed(compute) for _ in range(ROUNDS)]
    f, t, c = statistics.median(floors), statistics.median(fulls), statistics.median(computes)
    print(f"   floor (read + decrypt + parse every record): {f * 1000:.0f} ms")
    print(f"   insights (load + compute):                   {t * 1000:.0f} ms  (compute alone {c * 1000:.0f} ms)")
    print(f"   ratio insights / floor: {t / f:.2f}  (target <= 2)")
