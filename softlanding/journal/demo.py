"""Made-up but plausible journal data, for trying the app and for benchmarks.

Pure and seeded: the same seed gives the same journal. Tears come less often
as the months pass and more often when tired or rushed, so the insights page
has something real to find (and something it should call too early to tell).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from softlanding.journal import records
from softlanding.journal.records import Encounter, Episode

PARTNERS = ["Sam", "Robin", "Kit"]
NOTES = [
    "Felt close. The tears surprised me.",
    "Talked for a while after. That helped.",
    "Long week. Needed the quiet.",
    "We slowed down when I asked.",
    "",
    "",
]
DAYS = 400


def generate(
    episodes: int, encounters: int, seed: int = 1, today: date | None = None
) -> tuple[list[Episode], list[Encounter]]:
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    today = today or date.today()
    made_encounters = [_encounter(rng, today) for _ in range(encounters)]
    made_episodes: list[Episode] = []
    for encounter in made_encounters:
        if encounter.tears and len(made_episodes) < episodes:
            episode = _episode(rng, encounter.when, encounter.partner)
            encounter.episode = episode.id
            made_episodes.append(episode)
    while len(made_episodes) < episodes:
        made_episodes.append(_episode(rng, _when(rng, today), rng.choice(PARTNERS)))
    return made_episodes, made_encounters


def _when(rng: random.Random, today: date) -> datetime:
    day = today - timedelta(days=rng.randrange(DAYS))
    return datetime(day.year, day.month, day.day, rng.choice([7, 13, 20, 21, 22, 23, 0, 1]), rng.randrange(60))


def _encounter(rng: random.Random, today: date) -> Encounter:
    when = _when(rng, today)
    tired, rushed = rng.random() < 0.3, rng.random() < 0.15
    age = (today - when.date()).days / DAYS  # 1 = long ago, 0 = now
    chance = 0.08 + 0.17 * age + 0.2 * tired + 0.25 * rushed
    noted = rng.random() < 0.6
    context = [tag for tag, on in (("tired", tired), ("rushed", rushed)) if on] if noted else None
    return Encounter(
        id=records.new_id(),
        when=when,
        tears=rng.random() < chance,
        partner=rng.choice(PARTNERS) if rng.random() < 0.8 else "",
        substances=rng.choice(["", "none", "none", "some"]),
        context=context,
    )


def _episode(rng: random.Random, when: datetime, partner: str) -> Episode:
    before = rng.randint(3, 9)
    helped = rng.sample(list(records.AFTERCARE), k=rng.randint(0, 3))
    answers = {
        "timing": rng.choice(records.CHOICES["timing"]),
        "feelings": sorted(rng.sample(list(records.FEELINGS), k=rng.randint(1, 3)), key=records.FEELINGS.index),
        "pain": rng.choices(records.CHOICES["pain"], weights=[8, 2, 1])[0],
        "memories": rng.choices(records.CHOICES["memories"], weights=[10, 2, 1])[0],
        "stress": rng.randint(0, 4),
        "tiredness": rng.randint(0, 4),
        "pace": rng.choices(records.CHOICES["pace"], weights=[4, 1])[0],
        "heard": rng.random() < 0.85,
    }
    return Episode(
        id=records.new_id(),
        when=when,
        answers=answers,
        partner=partner,
        settings=[rng.choice(records.SETTING_TAGS)],
        substances=rng.choice(["", "none", "some"]),
        cycle_day=rng.randint(1, 30) if rng.random() < 0.3 else None,
        distress_before=before,
        distress_after=max(0, before - rng.randint(0, 5) - len(helped)),
        helped=helped,
        notes=rng.choice(NOTES),
        drivers=[rng.choice(records.DRIVERS)] if rng.random() < 0.4 else [],
    )
