from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softlanding.pause.pacing import Pace, PaceError, phase_at, schedule


@pytest.mark.parametrize(
    ("pace", "elapsed", "name", "start"),
    [
        (Pace(), 0, "in", 0),
        (Pace(), 3.99, "in", 0),
        (Pace(), 4, "out", 4),
        (Pace(), 9.99, "out", 4),
        (Pace(), 10, "in", 10),
        (Pace(4, 6, 2), 4, "hold", 4),
        (Pace(4, 6, 2), 6, "out", 6),
        (Pace(4, 6, 2), 12, "in", 12),
        (Pace(2, 2), 599, "out", 598),
    ],
)
def test_the_phase_follows_the_schedule(pace: Pace, elapsed: float, name: str, start: int) -> None:
    phase = phase_at(pace, elapsed)
    assert (phase.name, phase.start) == (name, start)


@pytest.mark.parametrize(
    "kwargs",
    [{"inhale": 1}, {"inhale": 11}, {"exhale": 1}, {"exhale": 11}, {"hold": -1}, {"hold": 11}, {"inhale": True}],
)
def test_a_pace_outside_two_to_ten_seconds_is_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(PaceError):
        Pace(**kwargs)


def test_ten_minutes_at_the_default_pace_is_sixty_breaths() -> None:
    phases = schedule(Pace(), 600)
    assert len(phases) == 120
    assert phases[-1].start == 594


@given(st.integers(2, 10), st.integers(2, 10), st.integers(0, 10), st.floats(0, 3600))
def test_phases_tile_time_without_gaps(inhale: int, exhale: int, hold: int, elapsed: float) -> None:
    pace = Pace(inhale, exhale, hold)
    phase = phase_at(pace, elapsed)
    assert phase.start <= elapsed < phase.start + phase.duration
    assert phase.duration == dict(pace.phases)[phase.name]


def test_a_pace_round_trips_through_a_dict() -> None:
    assert Pace.from_dict(Pace(5, 7, 1).as_dict()) == Pace(5, 7, 1)
    with pytest.raises(PaceError):
        Pace.from_dict({"in": "4"})
