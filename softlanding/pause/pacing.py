"""Breathing pace and its phase schedule, with no framework attached.

The browser guide (static/pause/breathe.js) and ``softlanding breathe`` use
the same rules: each phase lasts a whole number of seconds, and every phase
boundary is computed from ONE monotonic start time, so timer lateness never
adds up into drift.
"""

from __future__ import annotations

from dataclasses import dataclass

PHASE_MIN, PHASE_MAX = 2, 10
HOLD_MIN, HOLD_MAX = 0, 10
DEFAULT_IN, DEFAULT_OUT, DEFAULT_HOLD = 4, 6, 0


class PaceError(ValueError):
    """A pace outside the allowed range."""


@dataclass(frozen=True)
class Phase:
    name: str  # "in", "hold" or "out"
    start: float  # seconds from the start of the session
    duration: int
    cycle: int


@dataclass(frozen=True)
class Pace:
    inhale: int = DEFAULT_IN
    exhale: int = DEFAULT_OUT
    hold: int = DEFAULT_HOLD

    def __post_init__(self) -> None:
        for name, value, low, high in (
            ("in", self.inhale, PHASE_MIN, PHASE_MAX),
            ("out", self.exhale, PHASE_MIN, PHASE_MAX),
            ("hold", self.hold, HOLD_MIN, HOLD_MAX),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise PaceError(f"{name} must be a whole number of seconds from {low} to {high}")

    @property
    def phases(self) -> tuple[tuple[str, int], ...]:
        """One breath: in, the optional hold, then out."""
        parts = (("in", self.inhale), ("hold", self.hold), ("out", self.exhale))
        return tuple(p for p in parts if p[1] > 0)

    @property
    def cycle_seconds(self) -> int:
        return self.inhale + self.hold + self.exhale

    def as_dict(self) -> dict[str, int]:
        return {"in": self.inhale, "out": self.exhale, "hold": self.hold}

    @classmethod
    def from_dict(cls, data: object) -> Pace:
        if not isinstance(data, dict):
            raise PaceError("a pace is an object with in, out and hold")
        return cls(inhale=data.get("in", DEFAULT_IN), exhale=data.get("out", DEFAULT_OUT), hold=data.get("hold", 0))


def phase_at(pace: Pace, elapsed: float) -> Phase:
    """The phase running ``elapsed`` seconds after the start."""
    if elapsed < 0:
        raise ValueError("elapsed must not be negative")
    cycle, offset = divmod(elapsed, pace.cycle_seconds)
    begin = 0
    for name, duration in pace.phases:
        if offset < begin + duration:
            return Phase(name, cycle * pace.cycle_seconds + begin, duration, int(cycle))
        begin += duration
    raise AssertionError("unreachable: offset is below the cycle length")


def schedule(pace: Pace, total_seconds: float) -> list[Phase]:
    """Every phase that starts before ``total_seconds``."""
    phases: list[Phase] = []
    start = 0.0
    while start < total_seconds:
        phase = phase_at(pace, start)
        phases.append(phase)
        start = phase.start + phase.duration
    return phases
