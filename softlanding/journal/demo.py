"""Made-up but plausible journal data, for trying the app and for benchmarks.

Pure and seeded: the same seed gives the same journal. Tears come less often
as the months pass and more often when tired or rushed, and no more or less
often with stress, pain or old memories, so the insights page has something
real to find and something it must not invent. An episode's answers agree
with the context of the time it describes.
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
    made = [_encounter(rng, today) for _ in range(encounters)]
    made_encounters = [encounter for encounter, _ in made]
    made_episodes: list[Episode] = []
    for encounter, present in made:
        if encounter.tears and len(made_episodes) < episodes:
            episode = _episode(rng, encounter.when, encounter.partner, present)
            encounter.episode = episode.id
            made_episodes.append(episode)
    while len(made_episodes) < episodes:
        made_episodes.append(_episode(rng, _when(rng, today), rng.choice(PARTNERS)))
    return made_episodes, made_encounters


def _when(rng: random.Random, today: date) -> datetime:
    day = today - timedelta(days=rng.randrange(DAYS))
    return datetime(day.year, day.month, day.day, rng.choice([7, 13, 20, 21, 22, 23, 0, 1]), rng.randrange(60))


#: Context an encounter can have, with how often it comes up.
CONTEXT_ODDS = {"tired": 0.3, "stressed": 0.25, "pain": 0.1, "rushed": 0.15, "memories": 0.08}


def _encounter(rng: random.Random, today: date) -> tuple[Encounter, list[str]]:
    """An encounter, and the context that was really there (noted or not)."""
    when = _when(rng, today)
    present = [tag for tag, odds in CONTEXT_ODDS.items() if rng.random() < odds]
    age = (today - when.date()).days / DAYS  # 1 = long ago, 0 = now
    # Only tiredness and a rushed pace change the odds of tears here, so the
    # insights have two real patterns to find, and three they must not invent.
    chance = 0.08 + 0.17 * age + 0.2 * ("tired" in present) + 0.25 * ("rushed" in present)
    noted = rng.random() < 0.6
    encounter = Encounter(
        id=records.new_id(),
        when=when,
        tears=rng.random() < chance,
        partner=rng.choice(PARTNERS) if rng.random() < 0.8 else "",
        substances=rng.choice(["", "none", "none", "some"]),
        context=list(present) if noted else None,
    )
    return encounter, present


def _episode(rng: random.Random, when: datetime, partner: str, present: list[str] | None = None) -> Episode:
    """An episode; its answers agree with the context of its encounter, when there is one."""
    if present is None:
        present = [tag for tag, odds in CONTEXT_ODDS.items() if rng.random() < odds]
    before = rng.randint(3, 9)
    helped = rng.sample(list(records.AFTERCARE), k=rng.randint(0, 3))
    answers = {
        "timing": rng.choice(records.CHOICES["timing"]),
        "feelings": sorted(rng.sample(list(records.FEELINGS), k=rng.randint(1, 3)), key=records.FEELINGS.index),
        "pain": rng.choices(["mild", "strong"], weights=[3, 1])[0] if "pain" in present else "none",
        "memories": rng.choices(["echo", "flashback"], weights=[3, 1])[0] if "memories" in present else "none",
        "stress": rng.randint(3, 4) if "stressed" in present else rng.randint(0, 2),
        "tiredness": rng.randint(3, 4) if "tired" in present else rng.randint(0, 2),
        "pace": "rushed" if "rushed" in present else "ok",
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
