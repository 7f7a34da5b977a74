"""The self-check engine: schema v1 validation, drivers, flags and next steps.

Pure tests: no database. The case files in tests/data/ run always: the dev
cases, selfcheck_extra.jsonl, cases of the same form written from the
meanings in RESEARCH.md (not from the engine's output) to check its judgement
beyond the dev set, and selfcheck_blind.jsonl, written by a reviewer who had
not read the engine or its weights. Case files in ../shared/eval/ run too when that folder
exists beside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softlanding.guidance.content import load_guidance
from softlanding.guidance.engine import (
    DRIVERS,
    FLAG_REASON_IDS,
    FLAGS,
    SCHEMA,
    AnswerError,
    evaluate,
    flag_reasons,
    validate,
)

HERE = Path(__file__).parent
SHARED_EVAL = HERE.parents[2].parent / "shared" / "eval"


def _case_files() -> list[Path]:
    files = [HERE / "data" / f"selfcheck_{name}.jsonl" for name in ("dev", "extra", "blind")]
    if SHARED_EVAL.is_dir():
        files += sorted(SHARED_EVAL.glob("selfcheck*.jsonl"))
    return files


def _cases() -> list[Any]:
    cases = []
    for path in _case_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                cases.append(pytest.param(case, id=f"{path.parent.name}/{path.stem}/{case['id']}"))
    return cases


@pytest.mark.parametrize("case", _cases())
def test_every_eval_case_gets_the_expected_drivers_and_flags(case: dict[str, Any]) -> None:
    result = evaluate(case["answers"])
    expect = case["expect"]
    ids = [d["id"] for d in result["drivers"]]
    if expect.get("top1"):
        assert ids, "no driver at all"
        assert ids[0] in expect["top1"], ids
    for driver in expect.get("top2", []):
        assert driver in ids[:2], ids
    for flag in expect.get("required", []):
        assert flag in result["flags"]
    for flag in expect.get("forbidden", []):
        assert flag not in result["flags"]


MEANINGS = [
    # (what the answers say, expected first driver)
    ({"pain": "strong", "memories": "flashback", "feelings": ["fear", "numbness", "shame"]}, "pain"),
    (
        {"pain": "strong", "pace": "rushed", "heard": False, "body_ready": "no", "felt_safe": "no", "wanted": "no"},
        "pain",
    ),
    ({"memories": "flashback", "feelings": ["fear"]}, "memories"),
    ({"memories": "echo", "feelings": ["numbness"], "timing": "during"}, "memories"),
    ({"pace": "rushed", "body_ready": "no"}, "unmet_needs"),
    ({"felt_safe": "no", "heard": False, "feelings": ["sadness"]}, "unmet_needs"),
    ({"timing": "right_after_orgasm", "feelings": ["relief"], "satisfying": True}, "catharsis"),
    (
        {"timing": "afterwards", "feelings": ["emptiness", "irritability"], "satisfying": True, "wanted": "yes"},
        "hormonal_shift",
    ),
    ({"feelings": ["joy", "tenderness"], "connection": 4}, "emotional_overflow"),
    ({"feelings": ["overwhelm"], "connection": 3, "timing": "during"}, "emotional_overflow"),
    ({"stress": 4, "tiredness": 4, "feelings": ["relief"]}, "stress_release"),
    ({"stress": 3, "tiredness": 3}, "stress_release"),
    ({"stress": 3, "feelings": ["sadness"], "timing": "afterwards", "satisfying": True}, "stress_release"),
    ({"pain": "mild", "pace": "rushed"}, "pain"),
]


@pytest.mark.parametrize(("answers", "first"), MEANINGS)
def test_the_first_driver_follows_the_meaning_of_the_answers(answers: dict[str, Any], first: str) -> None:
    assert evaluate(answers)["drivers"][0]["id"] == first


@pytest.mark.parametrize(
    "other_reason",
    [{"pace": "rushed"}, {"pain": "mild"}, {"memories": "echo"}, {"wanted": "unsure"}, {"satisfying": False}],
)
def test_low_feelings_with_another_reason_are_not_put_down_to_hormones(other_reason: dict[str, Any]) -> None:
    answers = {"feelings": ["sadness", "emptiness"], "timing": "afterwards", "satisfying": True, **other_reason}
    assert "hormonal_shift" not in [d["id"] for d in evaluate(answers)["drivers"]]


@pytest.mark.parametrize("heavy", ["sadness", "emptiness", "irritability", "fear", "numbness", "shame"])
def test_heavy_feelings_right_after_orgasm_without_relief_do_not_point_to_a_release(heavy: str) -> None:
    answers = {"timing": "right_after_orgasm", "feelings": [heavy], "satisfying": True}
    assert "catharsis" not in [d["id"] for d in evaluate(answers)["drivers"]]


def test_relief_right_after_orgasm_fits_a_release_less_when_it_was_not_satisfying() -> None:
    def catharsis(satisfying: bool | None) -> float:
        answers = {"timing": "right_after_orgasm", "feelings": ["relief"], "satisfying": satisfying}
        return next(d["score"] for d in evaluate(answers)["drivers"] if d["id"] == "catharsis")

    assert catharsis(True) > catharsis(None) > catharsis(False) > 0


def test_when_something_half_explains_low_feelings_the_result_does_not_say_nothing_else_does() -> None:
    answers = {"timing": "right_after_orgasm", "feelings": ["sadness"], "satisfying": True, "tiredness": 3}
    hormonal = next(d for d in evaluate(answers)["drivers"] if d["id"] == "hormonal_shift")
    assert load_guidance().drivers["hormonal_shift"]["because"]["no_other_reason"] not in hormonal["because"]


def test_sadness_after_rushed_sex_is_not_put_down_to_hormones() -> None:
    ids = [d["id"] for d in evaluate({"feelings": ["sadness"], "pace": "rushed", "satisfying": True})["drivers"]]
    assert "hormonal_shift" not in ids


def test_neutral_answers_point_to_no_driver_and_raise_no_flag() -> None:
    assert evaluate({}) == {"schema": 1, "drivers": [], "flags": [], "next_steps": []}


def test_after_something_unwanted_no_step_suggests_preparing_for_more_sex() -> None:
    result = evaluate({"wanted": "no", "pain": "mild", "pace": "rushed", "stress": 4})
    hidden = {s.id for s in load_guidance().steps.values() if s.hide_if_unwanted}
    assert hidden
    assert not hidden & set(result["next_steps"])
    assert result["next_steps"][0] == "talk_to_support_service"


def test_because_phrases_come_from_the_content_files() -> None:
    result = evaluate({"pain": "strong"})
    words = load_guidance().drivers["pain"]["because"]["strong_pain"]
    assert result["drivers"][0]["because"] == [words]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"pain": "big"}, "pain"),
        ({"stress": 5}, "stress"),
        ({"stress": -1}, "stress"),
        ({"stress": 2.5}, "stress"),
        ({"stress": True}, "stress"),
        ({"connection": "3"}, "connection"),
        ({"heard": "yes"}, "heard"),
        ({"heard": 1}, "heard"),
        ({"safe_now": None}, "safe_now"),
        ({"satisfying": "yes"}, "satisfying"),
        ({"feelings": "joy"}, "feelings"),
        ({"feelings": ["joy", "bliss"]}, "feelings"),
        ({"timing": None}, "timing"),
        (["pain"], "answers"),
    ],
)
def test_unknown_fields_and_values_are_errors_that_name_the_field(answers: Any, field: str) -> None:
    with pytest.raises(AnswerError) as caught:
        evaluate(answers)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}:")


def test_missing_fields_take_their_neutral_value() -> None:
    complete = validate({})
    expected = {"stress": 1, "tiredness": 1, "connection": 2, "satisfying": None, "safe_now": True, "wanted": "yes"}
    assert {k: complete[k] for k in expected} == expected
    assert complete["feelings"] == ()


# --- Property tests over generated answers ----------------------------------------


def _field_strategy(name: str) -> st.SearchStrategy[Any]:
    field = SCHEMA[name]
    if field.is_list:
        return st.lists(st.sampled_from(field.choices), max_size=5)
    if field.int_range:
        return st.integers(*field.int_range)
    return st.sampled_from(field.choices)


answers_strategy = st.fixed_dictionaries({}, optional={name: _field_strategy(name) for name in SCHEMA})


def _get(a: dict[str, Any], name: str) -> Any:
    return a.get(name, SCHEMA[name].neutral)


def _expected_flags(a: dict[str, Any]) -> set[str]:
    pain, memories, frequency = _get(a, "pain"), _get(a, "memories"), _get(a, "frequency")
    low_mood = _get(a, "low_mood_days")
    rules = {
        "crisis": _get(a, "safe_now") is False,
        "consent_support": _get(a, "wanted") == "no",
        "pause_for_pain": pain != "none",
        "health_provider": pain == "strong" or (pain == "mild" and frequency == "most_times"),
        "counselor": memories == "flashback"
        or (memories == "echo" and frequency == "most_times")
        or low_mood == "most_days_two_weeks",
        "mood_screen": low_mood != "no",
    }
    return {flag for flag, holds in rules.items() if holds}


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_each_flag_is_raised_exactly_when_its_rule_holds(answers: dict[str, Any]) -> None:
    result = evaluate(answers)
    assert set(result["flags"]) == _expected_flags(answers)
    assert result["flags"] == [f for f in FLAGS if f in result["flags"]]


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_drivers_have_scores_in_range_most_likely_first(answers: dict[str, Any]) -> None:
    result = evaluate(answers)
    scores = [d["score"] for d in result["drivers"]]
    assert all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert {d["id"] for d in result["drivers"]} <= set(DRIVERS)
    assert all(d["because"] for d in result["drivers"])
    assert result == evaluate(dict(reversed(list(answers.items()))))


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_next_steps_start_with_the_flags_steps(answers: dict[str, Any]) -> None:
    result = evaluate(answers)
    guidance = load_guidance()
    flag_steps = list(dict.fromkeys(s for f in result["flags"] for s in guidance.flags[f]["steps"]))
    if "consent_support" in result["flags"]:
        flag_steps = [s for s in flag_steps if not guidance.steps[s].hide_if_unwanted]
    assert result["next_steps"][: len(flag_steps)] == flag_steps
    assert len(result["next_steps"]) == len(set(result["next_steps"]))


@settings(max_examples=200, deadline=None)
@given(answers_strategy)
def test_strong_pain_always_comes_first(answers: dict[str, Any]) -> None:
    answers["pain"] = "strong"
    assert evaluate(answers)["drivers"][0]["id"] == "pain"


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_flag_reasons_name_the_parts_of_each_rule_that_hold(answers: dict[str, Any]) -> None:
    reasons = flag_reasons(validate(answers))
    assert [f for f in FLAGS if reasons[f]] == evaluate(answers)["flags"]
    for flag, ids in reasons.items():
        assert set(ids) <= FLAG_REASON_IDS[flag]
    low_mood = _get(answers, "low_mood_days")
    assert ("low_mood_two_weeks" in reasons["counselor"]) == (low_mood == "most_days_two_weeks")
    assert ("flashback" in reasons["counselor"]) == (_get(answers, "memories") == "flashback")


# --- Meaning: more of a sign never makes its driver less likely --------------------

#: field -> its values from "no sign" to "strongest sign", and the driver they point to.
LADDERS: list[tuple[str, list[Any], str]] = [
    ("pain", ["none", "mild", "strong"], "pain"),
    ("memories", ["none", "echo", "flashback"], "memories"),
    ("stress", [0, 1, 2, 3, 4], "stress_release"),
    ("tiredness", [0, 1, 2, 3, 4], "stress_release"),
    ("connection", [0, 1, 2, 3, 4], "emotional_overflow"),
    ("pace", ["ok", "rushed"], "unmet_needs"),
    ("heard", [True, False], "unmet_needs"),
    ("body_ready", ["yes", "unsure", "no"], "unmet_needs"),
    ("felt_safe", ["yes", "unsure", "no"], "unmet_needs"),
    ("wanted", ["yes", "unsure", "no"], "unmet_needs"),
]


def _score(result: dict[str, Any], driver: str) -> float:
    return next((d["score"] for d in result["drivers"] if d["id"] == driver), 0.0)


@settings(max_examples=200, deadline=None)
@given(answers_strategy, st.sampled_from(LADDERS))
def test_a_stronger_sign_never_lowers_the_score_of_its_driver(
    answers: dict[str, Any], ladder: tuple[str, list[Any], str]
) -> None:
    field, values, driver = ladder
    scores = [_score(evaluate({**answers, field: value}), driver) for value in values]
    assert scores == sorted(scores), (field, scores)


@settings(max_examples=200, deadline=None)
@given(
    answers_strategy,
    st.sampled_from(
        [
            ("relief", "catharsis"),
            ("tenderness", "emotional_overflow"),
            ("joy", "emotional_overflow"),
            ("overwhelm", "emotional_overflow"),
            ("fear", "memories"),
            ("numbness", "memories"),
        ]
    ),
)
def test_adding_a_feeling_never_lowers_the_score_of_the_driver_it_points_to(
    answers: dict[str, Any], sign: tuple[str, str]
) -> None:
    feeling, driver = sign
    without = [f for f in answers.get("feelings", []) if f != feeling]
    before = _score(evaluate({**answers, "feelings": without}), driver)
    after = _score(evaluate({**answers, "feelings": [*without, feeling]}), driver)
    assert after >= before
