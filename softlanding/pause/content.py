"""The words on the pause screen and the partner view, loaded from
``content/pause/pause.toml`` and checked once when the app starts.

A mistake in the file (a missing title, an empty phrase, a typo in a key)
stops the app at start-up with the file and the place named, instead of
showing a half-empty screen to someone who needs it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

#: Steps the person's own screen must offer (issue 5): any order, all four.
SELF_STEPS = ("breathe", "say", "shift", "decide")
PARTNER_STEPS = ("do", "say", "breathe", "decide")
MAX_TEXT = 200


class ContentError(ValueError):
    """The pause content file is missing something or has a bad value."""


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: str
    items: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Screen:
    heading: str
    lead: str
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


@dataclass(frozen=True)
class Guide:
    start: str
    stop: str
    fallback: str
    inhale: str
    hold: str
    exhale: str


@dataclass(frozen=True)
class Checkin:
    question: str
    intro: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class PauseContent:
    version: int
    self_screen: Screen
    partner: Screen
    guide: Guide
    checkin: Checkin


def _text(data: dict[str, object], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{where}.{key} must be a non-empty string")
    if len(value) > MAX_TEXT:
        raise ContentError(f"{where}.{key} is longer than {MAX_TEXT} characters")
    return value.strip()


def _texts(data: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ContentError(f"{where}.{key} must be a list of strings")
    return tuple(_text({key: item}, key, f"{where}[{i}]") for i, item in enumerate(value))


def _table(data: dict[str, object], key: str, where: str) -> dict[str, object]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ContentError(f"{where}.{key} must be a table")
    return value


def _step(data: object, where: str) -> Step:
    if not isinstance(data, dict):
        raise ContentError(f"{where} must be a table")
    unknown = set(data) - {"id", "title", "intro", "items", "note"}
    if unknown:
        raise ContentError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
    return Step(
        id=_text(data, "id", where),
        title=_text(data, "title", where),
        intro=_text(data, "intro", where),
        items=_texts(data, "items", where),
        note=_text(data, "note", where, required=False),
    )


def _screen(data: dict[str, object], key: str, expected: tuple[str, ...]) -> Screen:
    table = _table(data, key, "")
    raw_steps = table.get("steps")
    if not isinstance(raw_steps, list):
        raise ContentError(f"{key}.steps must be a list of tables")
    steps = tuple(_step(s, f"{key}.steps[{i}]") for i, s in enumerate(raw_steps))
    ids = tuple(s.id for s in steps)
    if sorted(ids) != sorted(expected):
        raise ContentError(f"{key}.steps must be exactly {', '.join(expected)} (found {', '.join(ids)})")
    return Screen(heading=_text(table, "heading", key), lead=_text(table, "lead", key), steps=steps)


def parse(data: dict[str, object]) -> PauseContent:
    if data.get("version") != 1:
        raise ContentError("version must be 1")
    guide = _table(data, "guide", "")
    checkin = _table(data, "checkin", "")
    answers = _texts(checkin, "answers", "checkin")
    if len(answers) != 3:
        raise ContentError("checkin.answers must hold three answers (more, less, stay)")
    return PauseContent(
        version=1,
        self_screen=_screen(data, "self", SELF_STEPS),
        partner=_screen(data, "partner", PARTNER_STEPS),
        guide=Guide(**{k: _text(guide, k, "guide") for k in ("start", "stop", "fallback", "inhale", "hold", "exhale")}),
        checkin=Checkin(
            question=_text(checkin, "question", "checkin"), intro=_text(checkin, "intro", "checkin"), answers=answers
        ),
    )


def content_path() -> Path:
    return Path(settings.CONTENT_DIR) / "pause" / "pause.toml"


def load(path: Path) -> PauseContent:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{path}: {error}") from error
    try:
        return parse(data)
    except ContentError as error:
        raise ContentError(f"{path}: {error}") from error


@cache
def pause_content() -> PauseContent:
    """The checked content, read once per process."""
    return load(content_path())
