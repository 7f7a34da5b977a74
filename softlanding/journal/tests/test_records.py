"""Records are validated once, when built from a dict; errors name the field."""

from __future__ import annotations

from typing import Any

import pytest

from softlanding.journal import records

ID = "2b0f6b4e-8d5c-4f0a-9a51-1f2d3c4b5a69"


def test_an_episode_round_trips_through_a_dict() -> None:
    data = {
        "id": ID,
        "when": "2025-03-01T21:30",
        "answers": {"timing": "during", "feelings": ["joy", "relief"], "stress": 3, "heard": True, "satisfying": None},
        "partner": "  Sam  ",
        "settings": ["home", "home", "somewhere new"],
        "substances": "some",
        "cycle_day": 14,
        "distress_before": 7,
        "distress_after": 2,
        "helped": ["holding", "my playlist"],
        "notes": "words",
        "drivers": ["emotional_overflow"],
    }
    episode = records.episode_from_dict(data)
    assert episode.partner == "Sam"
    assert episode.settings == ["home", "somewhere new"]
    assert episode.answers == {"timing": "during", "feelings": ["relief", "joy"], "stress": 3, "heard": True}
    assert records.episode_from_dict(episode.to_dict()) == episode


def test_self_check_extras_about_the_moment_are_dropped() -> None:
    answers = records.validate_answers({"pain": "none", "safe_now": True, "frequency": "sometimes"})
    assert answers == {"pain": "none"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"when": "yesterday"}, "when:"),
        ({"when": None}, "when:"),
        ({"answers": {"pain": "a bit"}}, "answers.pain:"),
        ({"answers": {"stress": 5}}, "answers.stress:"),
        ({"answers": {"heard": "yes"}}, "answers.heard:"),
        ({"answers": {"feelings": ["angst"]}}, "answers.feelings:"),
        ({"answers": {"colour": "blue"}}, "answers.colour: is not a field"),
        ({"substances": "lots"}, "substances:"),
        ({"cycle_day": 0}, "cycle_day:"),
        ({"distress_before": 11}, "distress_before:"),
        ({"distress_after": True}, "distress_after:"),
        ({"helped": "holding"}, "helped:"),
        ({"helped": ["x" * 61]}, "helped:"),
        ({"notes": "x" * 5001}, "notes:"),
        ({"drivers": ["fate"]}, "drivers:"),
        ({"mood": 3}, "mood: unknown field"),
        ({"id": "not-a-uuid"}, "id:"),
    ],
)
def test_a_bad_episode_field_is_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(records.RecordError, match=message.replace(".", r"\.")):
        records.episode_from_dict({"when": "2025-03-01T21:30", **change})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tears": "yes"}, "tears:"),
        ({"context": ["sleepy"]}, "context:"),
        ({"episode": "nope", "tears": True}, "episode:"),
        ({"episode": ID, "tears": False}, "episode: only an encounter with tears"),
        ({"extra": 1}, "extra: unknown field"),
    ],
)
def test_a_bad_encounter_field_is_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(records.RecordError, match=message):
        records.encounter_from_dict({"when": "2025-03-01T21:30", "tears": False, **change})


def test_an_encounter_keeps_unnoted_context_apart_from_none_of_these() -> None:
    unnoted = records.encounter_from_dict({"when": "2025-03-01T21:30", "tears": False})
    noted = records.encounter_from_dict({"when": "2025-03-01T21:30", "tears": False, "context": []})
    assert unnoted.context is None
    assert noted.context == []
    assert records.encounter_from_dict(noted.to_dict(), record_id=ID).id == ID
