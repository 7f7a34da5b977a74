"""The journal's records as plain data: what an episode and an encounter hold.

No Django here. A record is validated when it is built from a dict (a form,
the API or an import file), before it is sealed, so everything downstream
(insights, templates, export) can trust its shape. Answers use the self-check
schema v1 vocabulary (see docs/selfcheck.md); a missing answer means "not
noted", which is different from the self-check's neutral value.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from softlanding.guidance import engine

# --- Vocabulary ----------------------------------------------------------------
# The self-check answers come from the engine's schema v1, the one source of
# truth for their names and values; the journal keeps only the fields that
# describe the episode itself.

#: Self-check fields about the moment the check was taken, not the episode.
MOMENT_ANSWERS = ("safe_now", "frequency")
_EPISODE_FIELDS = [f for name, f in engine.SCHEMA.items() if name not in MOMENT_ANSWERS]
#: Multiple-choice answers: field -> allowed values.
CHOICES: dict[str, tuple[str, ...]] = {
    f.name: f.choices for f in _EPISODE_FIELDS if f.choices and isinstance(f.choices[0], str) and not f.is_list
}
LEVELS = tuple(f.name for f in _EPISODE_FIELDS if f.int_range)  # 0-4
TRUE_FALSE = tuple(f.name for f in _EPISODE_FIELDS if True in f.choices)
FEELINGS = engine.FEELINGS
ANSWER_FIELDS = tuple(f.name for f in _EPISODE_FIELDS)
DRIVERS = engine.DRIVERS

SUBSTANCES = ("none", "some", "a_lot")
#: Context an encounter can note (ticked means it was there).
CONTEXT_TAGS = ("tired", "stressed", "pain", "rushed", "memories")
#: Suggested aftercare items; people can add their own words too.
AFTERCARE = (
    "holding",
    "talking",
    "quiet_time",
    "reassurance",
    "breathing",
    "water_or_food",
    "warmth",
    "space_alone",
    "shower_or_bath",
)
#: Suggested setting tags; people can add their own words too.
SETTING_TAGS = ("home", "partners_place", "away", "new_place", "after_going_out")

MAX_TEXT = 5000
MAX_LABEL = 60
MAX_ITEMS = 30
WHEN_FORMAT = "%Y-%m-%dT%H:%M"


class RecordError(ValueError):
    """A record field has a value we cannot store; the message names the field."""


# --- Records -------------------------------------------------------------------


@dataclass(slots=True)
class Episode:
    id: str
    when: datetime
    answers: dict[str, Any] = field(default_factory=dict)
    partner: str = ""
    settings: list[str] = field(default_factory=list)
    substances: str = ""
    cycle_day: int | None = None
    distress_before: int | None = None
    distress_after: int | None = None
    helped: list[str] = field(default_factory=list)
    notes: str = ""
    #: Driver ids from a saved self-check, most likely first.
    drivers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "when": self.when.strftime(WHEN_FORMAT),
            "answers": dict(self.answers),
            "partner": self.partner,
            "settings": list(self.settings),
            "substances": self.substances,
            "cycle_day": self.cycle_day,
            "distress_before": self.distress_before,
            "distress_after": self.distress_after,
            "helped": list(self.helped),
            "notes": self.notes,
            "drivers": list(self.drivers),
        }


@dataclass(slots=True)
class Encounter:
    id: str
    when: datetime
    tears: bool
    partner: str = ""
    substances: str = ""
    #: Context tags that were there; None when the context was not noted at all.
    context: list[str] | None = None
    #: The episode that describes the tears of this encounter, if any.
    episode: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "when": self.when.strftime(WHEN_FORMAT),
            "tears": self.tears,
            "partner": self.partner,
            "substances": self.substances,
            "context": None if self.context is None else list(self.context),
            "episode": self.episode,
        }


EPISODE_KEYS = frozenset(Episode.__dataclass_fields__)
ENCOUNTER_KEYS = frozenset(Encounter.__dataclass_fields__)


def episode_from_dict(data: object, *, record_id: str | None = None) -> Episode:
    """Build and validate an episode; ``record_id`` overrides ``data['id']``."""
    raw = _mapping(data, EPISODE_KEYS, "episode")
    return Episode(
        id=_record_id(record_id or raw.get("id")),
        when=parse_when(raw.get("when")),
        answers=validate_answers(raw.get("answers", {})),
        partner=_label(raw.get("partner", ""), "partner"),
        settings=_labels(raw.get("settings", []), "settings"),
        substances=_choice(raw.get("substances", ""), ("", *SUBSTANCES), "substances"),
        cycle_day=_optional_int(raw.get("cycle_day"), "cycle_day", 1, 60),
        distress_before=_optional_int(raw.get("distress_before"), "distress_before", 0, 10),
        distress_after=_optional_int(raw.get("distress_after"), "distress_after", 0, 10),
        helped=_labels(raw.get("helped", []), "helped"),
        notes=_text(raw.get("notes", ""), "notes"),
        drivers=_drivers(raw.get("drivers", [])),
    )


def encounter_from_dict(data: object, *, record_id: str | None = None) -> Encounter:
    raw = _mapping(data, ENCOUNTER_KEYS, "encounter")
    tears = raw.get("tears")
    if not isinstance(tears, bool):
        raise RecordError("tears: say true or false")
    context = raw.get("context")
    episode = raw.get("episode")
    if episode not in (None, "") and not tears:
        raise RecordError("episode: only an encounter with tears can point to an episode")
    return Encounter(
        id=_record_id(record_id or raw.get("id")),
        when=parse_when(raw.get("when")),
        tears=tears,
        partner=_label(raw.get("partner", ""), "partner"),
        substances=_choice(raw.get("substances", ""), ("", *SUBSTANCES), "substances"),
        context=None if context is None else _tags(context),
        episode=None if episode in (None, "") else _record_id(episode, "episode"),
    )


def episode_from_stored(data: Any, record_id: str) -> Episode:
    """An episode from its own sealed blob, without validating it again.

    For speed: the blob was validated before it was sealed, and the AEAD
    tag proves it has not changed since. Anything unexpected (an older or
    damaged shape) falls back to full validation.
    """
    try:
        return Episode(
            id=record_id,
            when=datetime.fromisoformat(data["when"]),
            answers=data["answers"],
            partner=data["partner"],
            settings=data["settings"],
            substances=data["substances"],
            cycle_day=data["cycle_day"],
            distress_before=data["distress_before"],
            distress_after=data["distress_after"],
            helped=data["helped"],
            notes=data["notes"],
            drivers=data["drivers"],
        )
    except (KeyError, TypeError, ValueError):
        return episode_from_dict(data, record_id=record_id)


def encounter_from_stored(data: Any, record_id: str) -> Encounter:
    """An encounter from its own sealed blob (see :func:`episode_from_stored`)."""
    try:
        return Encounter(
            id=record_id,
            when=datetime.fromisoformat(data["when"]),
            tears=data["tears"],
            partner=data["partner"],
            substances=data["substances"],
            context=data["context"],
            episode=data["episode"],
        )
    except (KeyError, TypeError, ValueError):
        return encounter_from_dict(data, record_id=record_id)


def validate_answers(data: object) -> dict[str, Any]:
    """Self-check answers as the journal keeps them: only what was noted.

    The engine checks every value against schema v1; a null (or an empty
    string from a form) means "not noted" and is dropped, as are the answers
    about the moment of the check.
    """
    if not isinstance(data, dict):
        raise RecordError("answers: expected an object")
    noted = {k: v for k, v in data.items() if v is not None and v != "" and k not in MOMENT_ANSWERS}
    try:
        engine.validate(noted)
    except engine.AnswerError as exc:
        raise RecordError(f"answers.{exc}") from None
    # Feelings in a fixed order, so the same answers always look the same.
    return {name: [f for f in FEELINGS if f in v] if name == "feelings" else v for name, v in noted.items()}


def parse_when(value: object) -> datetime:
    """A local wall-clock time 'YYYY-MM-DDTHH:MM' (seconds and zones are dropped)."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if not isinstance(value, str):
        raise RecordError("when: give a date and time like 2025-03-01T21:30")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RecordError("when: give a date and time like 2025-03-01T21:30") from None
    return parsed.replace(second=0, microsecond=0, tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


def parse_id(value: object) -> str:
    """A record id in its canonical form, or RecordError."""
    return _record_id(value if value is not None else "")


# --- Field helpers -------------------------------------------------------------


def _mapping(data: object, allowed: frozenset[str], name: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RecordError(f"{name}: expected an object")
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        prefix = "" if name in ("episode", "encounter") else f"{name}."
        raise RecordError(f"{prefix}{unknown[0]}: unknown field")
    return data


def _record_id(value: object, name: str = "id") -> str:
    if value is None:
        return new_id()
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise RecordError(f"{name}: not a valid id") from None


def _choice(value: object, allowed: tuple[str, ...], name: str) -> str:
    if value is None:
        value = ""
    if value not in allowed:
        raise RecordError(f"{name}: choose one of {', '.join(a for a in allowed if a)}")
    return str(value)


def _optional_int(value: object, name: str, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{name}: give a whole number from {low} to {high}")
    if not low <= value <= high:
        raise RecordError(f"{name}: give a whole number from {low} to {high}")
    return value


def _text(value: object, name: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise RecordError(f"{name}: expected text")
    if len(value) > limit:
        raise RecordError(f"{name}: keep it under {limit} characters")
    return value


def _label(value: object, name: str) -> str:
    return " ".join(_text(value, name, MAX_LABEL).split())


def _labels(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise RecordError(f"{name}: expected a list of up to {MAX_ITEMS} short labels")
    labels: list[str] = []
    for item in value:
        label = _label(item, name)
        if label and label not in labels:
            labels.append(label)
    return labels


def _tags(value: object) -> list[str]:
    if not isinstance(value, list) or any(tag not in CONTEXT_TAGS for tag in value):
        raise RecordError(f"context: use only {', '.join(CONTEXT_TAGS)}")
    return [tag for tag in CONTEXT_TAGS if tag in value]


def _drivers(value: object) -> list[str]:
    if not isinstance(value, list) or any(item not in DRIVERS for item in value):
        raise RecordError(f"drivers: use only {', '.join(DRIVERS)}")
    return list(dict.fromkeys(value))
