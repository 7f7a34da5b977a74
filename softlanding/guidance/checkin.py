"""The step-by-step check-in form, without Django forms and without a session.

Answers travel from step to step in a hidden field of a POST form (never in the
URL, never in the session store, which would keep them unencrypted in the
database). Each step updates the answers with what was picked on screen; "I'd
rather not say" removes the field, so the engine uses its neutral value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from softlanding.guidance.content import Question, QuestionStep
from softlanding.guidance.engine import AnswerError, validate

SKIP = ""


def encode(value: Any) -> str:
    """The form value for an answer: strings as they are, others as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


def parse_carried(raw: str) -> dict[str, Any]:
    """Answers from the hidden field; anything malformed starts afresh (it can only be tampering)."""
    try:
        answers = json.loads(raw) if raw else {}
        validate(answers)
    except (ValueError, AnswerError):
        return {}
    return dict(answers)


def update(answers: dict[str, Any], question: Question, values: list[str]) -> None:
    """Apply what the person picked for one question on screen."""
    known = {encode(value): value for value, _ in question.options}
    picked = [known[v] for v in values if v in known]
    if question.multiple and picked:
        answers[question.field] = list(dict.fromkeys(picked))
    elif not question.multiple and picked:
        answers[question.field] = picked[0]
    else:
        answers.pop(question.field, None)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class ShownQuestion:
    field: str
    label: str
    multiple: bool
    choices: list[Choice]
    skipped: bool


def shown(step: QuestionStep, answers: Mapping[str, Any]) -> list[ShownQuestion]:
    out = []
    for q in step.questions:
        current = answers.get(q.field)
        chosen = (
            {encode(v) for v in current}
            if q.multiple and current
            else {encode(current)}
            if q.field in answers
            else set()
        )
        choices = [Choice(encode(v), label, encode(v) in chosen) for v, label in q.options]
        out.append(ShownQuestion(q.field, q.label, q.multiple, choices, skipped=q.field not in answers))
    return out
