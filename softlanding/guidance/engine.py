"""The self-check engine (schema v1): answers in, drivers, flags and next steps out.

A pure module: no Django, no database, no network, so the ``softlanding check``
command can run it a thousand times a second and the API, the web pages and the
command line all give the same answer for the same input.

How scoring works, in short: each answer adds *evidence points* to the drivers
it points to (``_evidence``). A driver's score is ``points / (points + 2)``: it
grows with the evidence, stays between 0 and 1, and is not a probability. The
words shown to the user for each piece of evidence ("because you said …") live
in content/guidance/drivers.json, keyed by the evidence ids used here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = 1

DRIVERS: tuple[str, ...] = (
    "emotional_overflow",
    "catharsis",
    "pain",
    "memories",
    "stress_release",
    "hormonal_shift",
    "unmet_needs",
)

#: Flags in the order they are shown: danger now first.
FLAGS: tuple[str, ...] = ("crisis", "consent_support", "pause_for_pain", "health_provider", "counselor", "mood_screen")

#: When two drivers have the same evidence, the one that needs attention sooner goes first.
TIE_ORDER: tuple[str, ...] = (
    "pain",
    "memories",
    "unmet_needs",
    "stress_release",
    "emotional_overflow",
    "catharsis",
    "hormonal_shift",
)

FEELINGS: tuple[str, ...] = (
    "relief",
    "tenderness",
    "joy",
    "overwhelm",
    "sadness",
    "emptiness",
    "fear",
    "shame",
    "irritability",
    "numbness",
    "confusion",
)


@dataclass(frozen=True)
class Field:
    """One answer of schema v1: its allowed values (first = neutral) or an int range."""

    name: str
    choices: tuple[Any, ...] = ()
    int_range: tuple[int, int] | None = None
    neutral: Any = None
    is_list: bool = False


def _choice(name: str, *values: Any) -> Field:
    return Field(name=name, choices=values, neutral=values[0])


def _scale(name: str, neutral: int) -> Field:
    return Field(name=name, int_range=(0, 4), neutral=neutral)


SCHEMA: dict[str, Field] = {
    f.name: f
    for f in (
        _choice("timing", "unsure", "during", "right_after_orgasm", "afterwards"),
        Field(name="feelings", choices=FEELINGS, neutral=(), is_list=True),
        _choice("pain", "none", "mild", "strong"),
        _choice("memories", "none", "echo", "flashback"),
        _scale("stress", 1),
        _scale("tiredness", 1),
        _scale("connection", 2),
        _choice("pace", "ok", "rushed"),
        _choice("heard", True, False),
        _choice("body_ready", "yes", "unsure", "no"),
        _choice("felt_safe", "yes", "unsure", "no"),
        _choice("wanted", "yes", "unsure", "no"),
        _choice("safe_now", True, False),
        _choice("low_mood_days", "no", "some_days", "most_days_two_weeks"),
        _choice("frequency", "sometimes", "first_time", "most_times"),
        _choice("satisfying", None, True, False),
    )
}


class AnswerError(ValueError):
    """An answers object that does not fit schema v1. ``field`` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _same(value: Any, allowed: Any) -> bool:
    # JSON true must not pass for 1, nor 1 for true: compare types as well as values.
    return type(value) is type(allowed) and value == allowed


def _check_choice(field: Field, value: Any) -> Any:
    if any(_same(value, allowed) for allowed in field.choices):
        return value
    allowed_text = ", ".join(_json(v) for v in field.choices)
    raise AnswerError(field.name, f"must be one of {allowed_text}, not {_json(value)}")


def _check_list(field: Field, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise AnswerError(field.name, f"must be a list, not {_json(value)}")
    for item in value:
        _check_choice(field, item)
    # Order and repeats carry no meaning; keep the first of each.
    return tuple(dict.fromkeys(value))


def _check_int(field: Field, value: Any) -> int:
    low, high = field.int_range or (0, 0)
    if type(value) is not int or not low <= value <= high:
        raise AnswerError(field.name, f"must be a whole number from {low} to {high}, not {_json(value)}")
    return value


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def validate(answers: Any) -> dict[str, Any]:
    """Return the complete answers (missing fields take their neutral value) or raise AnswerError."""
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", "must be a JSON object")
    for name in answers:
        if name not in SCHEMA:
            raise AnswerError(str(name), "is not a field of the self-check (schema v1)")
    complete: dict[str, Any] = {}
    for name, field in SCHEMA.items():
        if name not in answers:
            complete[name] = field.neutral
        elif field.is_list:
            complete[name] = _check_list(field, answers[name])
        elif field.int_range:
            complete[name] = _check_int(field, answers[name])
        else:
            complete[name] = _check_choice(field, answers[name])
    return complete


# --- Flags: the rules, word for word ---------------------------------


def flag_reasons(a: Mapping[str, Any]) -> dict[str, list[str]]:
    """Why each flag is raised: flag -> the ids of the rule parts that hold.

    A flag is raised exactly when at least one part of its rule holds; the
    parts let the result page say which answer raised it ("you said …").
    """
    pain, memories, often = a["pain"], a["memories"], a["frequency"] == "most_times"
    low_mood = a["low_mood_days"]
    parts: dict[str, list[tuple[bool, str]]] = {
        "crisis": [(a["safe_now"] is False, "not_safe_now")],
        "consent_support": [(a["wanted"] == "no", "not_wanted")],
        "pause_for_pain": [(pain == "strong", "strong_pain"), (pain == "mild", "mild_pain")],
        "health_provider": [(pain == "strong", "strong_pain"), (pain == "mild" and often, "pain_most_times")],
        "counselor": [
            (memories == "flashback", "flashback"),
            (memories == "echo" and often, "echo_most_times"),
            (low_mood == "most_days_two_weeks", "low_mood_two_weeks"),
        ],
        "mood_screen": [
            (low_mood == "some_days", "low_mood_some_days"),
            (low_mood == "most_days_two_weeks", "low_mood_two_weeks"),
        ],
    }
    return {flag: [reason for holds, reason in parts[flag] if holds] for flag in FLAGS}


#: Every reason id a flag can give; the content loader checks each has words.
FLAG_REASON_IDS: dict[str, frozenset[str]] = {
    "crisis": frozenset({"not_safe_now"}),
    "consent_support": frozenset({"not_wanted"}),
    "pause_for_pain": frozenset({"strong_pain", "mild_pain"}),
    "health_provider": frozenset({"strong_pain", "pain_most_times"}),
    "counselor": frozenset({"flashback", "echo_most_times", "low_mood_two_weeks"}),
    "mood_screen": frozenset({"low_mood_some_days", "low_mood_two_weeks"}),
}


def flags_for(a: Mapping[str, Any]) -> list[str]:
    """Safety flags for complete (validated) answers, in display order."""
    reasons = flag_reasons(a)
    return [flag for flag in FLAGS if reasons[flag]]


# --- Drivers: evidence points -----------------------------------------------

Evidence = dict[str, list[tuple[float, str]]]


def _add(evidence: Evidence, driver: str, points: float, because: str) -> None:
    evidence[driver].append((points, because))


def _pain(a: Mapping[str, Any], e: Evidence) -> None:
    # Strong pain outweighs every other single sign: it needs attention first.
    if a["pain"] == "strong":
        _add(e, "pain", 5.0, "strong_pain")
    elif a["pain"] == "mild":
        # Some pain also needs attention first, unless something else is
        # clearly stronger (a flashback, several unmet needs, a flood of feeling):
        # it outweighs an old memory with fear, or two signs of an unmet need.
        _add(e, "pain", 3.6, "mild_pain")
    if a["pain"] != "none" and a["frequency"] == "most_times":
        _add(e, "pain", 0.5, "pain_often")


def _memories(a: Mapping[str, Any], e: Evidence) -> None:
    if a["memories"] == "flashback":
        _add(e, "memories", 4.5, "flashback")
    elif a["memories"] == "echo":
        # A memory surfacing is specific, and it is the thing to look after:
        # it outweighs one warm feeling with closeness (about 2.6 points).
        _add(e, "memories", 3.0, "echo")
    # Fear, numbness and shame are typical of a memory surfacing, but each is
    # weak evidence on its own (fear also goes with pain, for one).
    for feeling in ("fear", "numbness", "shame"):
        if feeling in a["feelings"]:
            _add(e, "memories", 0.5, feeling)


def _unmet_needs(a: Mapping[str, Any], e: Evidence) -> None:
    signs: list[tuple[bool, float, str]] = [
        (a["pace"] == "rushed", 1.5, "rushed"),
        (a["heard"] is False, 1.5, "not_heard"),
        (a["body_ready"] == "no", 1.5, "body_not_ready"),
        (a["body_ready"] == "unsure", 0.75, "body_unsure"),
        (a["felt_safe"] == "no", 1.5, "not_safe"),
        (a["felt_safe"] == "unsure", 0.75, "unsure_safe"),
        (a["wanted"] == "no", 2.5, "not_wanted"),
        (a["wanted"] == "unsure", 1.0, "unsure_wanted"),
        (a["satisfying"] is False, 0.5, "not_satisfying"),
    ]
    for holds, points, because in signs:
        if holds:
            _add(e, "unmet_needs", points, because)


#: Feelings that a release after pleasure does not explain: when one of them
#: is there and relief is not, "right after orgasm" points elsewhere
#: (hormonal_shift, memories, unmet_needs), not to catharsis.
HEAVY_FEELINGS = frozenset({"sadness", "emptiness", "fear", "shame", "irritability", "numbness"})


def _catharsis(a: Mapping[str, Any], e: Evidence) -> None:
    after_orgasm = a["timing"] == "right_after_orgasm"
    relief = "relief" in a["feelings"]
    heavy_only = not relief and bool(HEAVY_FEELINGS & set(a["feelings"]))
    # A release after *pleasure*: if it was not satisfying, it fits half as well.
    weight = 0.5 if a["satisfying"] is False else 1.0
    if after_orgasm and not heavy_only:
        _add(e, "catharsis", (1.0 if relief else 0.8) * weight, "right_after_orgasm")
    if relief:
        # Relief at another time is a release too, but less clearly one after a peak.
        _add(e, "catharsis", (1.0 if after_orgasm else 0.8) * weight, "relief")
    if after_orgasm and relief:
        _add(e, "catharsis", 1.5 * weight, "relief_after_orgasm")
    if (relief or (after_orgasm and not heavy_only)) and a["satisfying"] is True:
        _add(e, "catharsis", 0.3, "satisfying")


def _stress_release(a: Mapping[str, Any], e: Evidence) -> None:
    stress, tired = a["stress"], a["tiredness"]
    if stress >= 3:
        _add(e, "stress_release", 0.8 * (stress - 1), "high_stress")
    elif stress == 2:
        _add(e, "stress_release", 0.6, "some_stress")
    if tired >= 3:
        _add(e, "stress_release", 0.5 * (tired - 1), "very_tired")
    elif tired == 2:
        _add(e, "stress_release", 0.4, "tired")
    if "relief" in a["feelings"]:
        # Relief after a heavy stretch is the signature of letting go; after a
        # moderately busy one (some stress or tiredness), a weaker one.
        if max(stress, tired) >= 3:
            _add(e, "stress_release", 1.2, "relief_under_load")
        elif max(stress, tired) == 2:
            _add(e, "stress_release", 0.6, "relief_after_busy_days")


def _emotional_overflow(a: Mapping[str, Any], e: Evidence) -> None:
    felt = [f for f in ("tenderness", "joy", "overwhelm") if f in a["feelings"]]
    for feeling in felt:
        _add(e, "emotional_overflow", 1.0, feeling)
    if a["connection"] == 4:
        _add(e, "emotional_overflow", 1.2 if felt else 0.6, "high_connection")
    elif a["connection"] == 3:
        _add(e, "emotional_overflow", 0.6 if felt else 0.3, "some_connection")
    if felt and a["connection"] >= 3:
        _add(e, "emotional_overflow", 1.0, "feeling_with_closeness")


def _other_reason(a: Mapping[str, Any]) -> bool:
    """True when another answer explains low feelings better than body chemistry."""
    return (
        a["pain"] != "none"
        or a["memories"] != "none"
        or a["pace"] == "rushed"
        or a["heard"] is False
        or a["body_ready"] == "no"
        or a["felt_safe"] == "no"
        or a["wanted"] != "yes"
        or a["satisfying"] is False
    )


def _hormonal_shift(a: Mapping[str, Any], e: Evidence) -> None:
    low = [f for f in ("sadness", "emptiness", "irritability") if f in a["feelings"]]
    # The hypothesis is about low feelings after wanted, otherwise good sex
    # with nothing else to explain them; anything else takes precedence.
    if not low or _other_reason(a):
        return
    # Two weeks of low mood, or a heavy week, are likelier reasons: weigh less.
    weight = 0.5 if a["low_mood_days"] == "most_days_two_weeks" else 1.0
    if max(a["stress"], a["tiredness"]) >= 3:
        weight *= 0.4
    # Half-sure answers about the body or safety are half a reason.
    if a["body_ready"] == "unsure" or a["felt_safe"] == "unsure":
        weight *= 0.5
    # Only say "nothing else explains it" when nothing else half-explains it either.
    nothing_else = weight == 1.0
    # The shift follows orgasm: tears during sex fit it less well.
    if a["timing"] == "during":
        weight *= 0.5
    for feeling in low[:2]:
        _add(e, "hormonal_shift", 1.0 * weight, feeling)
    if a["timing"] == "right_after_orgasm":
        _add(e, "hormonal_shift", 1.0 * weight, "after_orgasm")
    elif a["timing"] == "afterwards":
        _add(e, "hormonal_shift", 0.8 * weight, "afterwards")
    if a["satisfying"] is True:
        _add(e, "hormonal_shift", 1.0 * weight, "satisfying_and_wanted")
    if nothing_else:
        _add(e, "hormonal_shift", 0.3 * weight, "no_other_reason")


RULES = (_pain, _memories, _unmet_needs, _catharsis, _stress_release, _emotional_overflow, _hormonal_shift)

#: Every evidence id a driver can produce; the content loader checks each has words.
EVIDENCE_IDS: dict[str, frozenset[str]] = {
    "emotional_overflow": frozenset(
        {"tenderness", "joy", "overwhelm", "high_connection", "some_connection", "feeling_with_closeness"}
    ),
    "catharsis": frozenset({"right_after_orgasm", "relief", "relief_after_orgasm", "satisfying"}),
    "pain": frozenset({"strong_pain", "mild_pain", "pain_often"}),
    "memories": frozenset({"flashback", "echo", "fear", "numbness", "shame"}),
    "stress_release": frozenset(
        {"high_stress", "some_stress", "very_tired", "tired", "relief_under_load", "relief_after_busy_days"}
    ),
    "hormonal_shift": frozenset(
        {
            "sadness",
            "emptiness",
            "irritability",
            "after_orgasm",
            "afterwards",
            "satisfying_and_wanted",
            "no_other_reason",
        }
    ),
    "unmet_needs": frozenset(
        {
            "rushed",
            "not_heard",
            "body_not_ready",
            "body_unsure",
            "not_safe",
            "unsure_safe",
            "not_wanted",
            "unsure_wanted",
            "not_satisfying",
        }
    ),
}


def evidence_for(a: Mapping[str, Any]) -> Evidence:
    evidence: Evidence = {driver: [] for driver in DRIVERS}
    for rule in RULES:
        rule(a, evidence)
    return evidence


def score(points: float) -> float:
    """Map evidence points to (0, 1): more evidence, higher score, never 1."""
    return round(points / (points + 2.0), 3) if points > 0 else 0.0


def ranked_drivers(a: Mapping[str, Any]) -> list[tuple[str, float, list[str]]]:
    """(driver, points, evidence ids) for every driver with evidence, most likely first."""
    found = [
        (driver, sum(p for p, _ in items), [because for _, because in sorted(items, key=lambda i: -i[0])])
        for driver, items in evidence_for(a).items()
        if items
    ]
    # Strong pain comes first whatever else was said: it needs attention
    # before anything else, so it outranks the strongest other driver.
    if a["pain"] == "strong":
        strongest_other = max((points for driver, points, _ in found if driver != "pain"), default=0.0)
        found = [
            (d, max(points, strongest_other + 0.5) if d == "pain" else points, because) for d, points, because in found
        ]
    # Deterministic: more points first, then the fixed attention order.
    found.sort(key=lambda d: (-d[1], TIE_ORDER.index(d[0])))
    return found


# --- The result -----------------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """The words the result needs: because-phrases per driver, steps per flag and driver."""

    because: Mapping[str, Mapping[str, str]]
    driver_steps: Mapping[str, list[str]]
    flag_steps: Mapping[str, list[str]]
    #: Steps about future sex with a partner (lubrication, pacing, signals):
    #: left out when something was not wanted, where they would read as blame.
    hide_if_unwanted: frozenset[str] = frozenset()


def evaluate(answers: Any, texts: Texts | None = None) -> dict[str, Any]:
    """Check answers against schema v1 and return the result object.

    Raises AnswerError (naming the field) for unknown fields or values.
    """
    if texts is None:
        from softlanding.guidance.content import load_texts

        texts = load_texts()
    a = validate(answers)
    flags = flags_for(a)
    ranked = ranked_drivers(a)
    drivers = [
        {"id": driver, "score": score(points), "because": [texts.because[driver][b] for b in because]}
        for driver, points, because in ranked
    ]
    # Flags' steps first (safety before insight), then each driver's in rank order.
    candidates = [s for f in flags for s in texts.flag_steps[f]]
    candidates += [s for driver, _, _ in ranked for s in texts.driver_steps[driver]]
    if "consent_support" in flags:
        candidates = [s for s in candidates if s not in texts.hide_if_unwanted]
    steps = list(dict.fromkeys(candidates))
    return {"schema": SCHEMA_VERSION, "drivers": drivers, "flags": flags, "next_steps": steps}
