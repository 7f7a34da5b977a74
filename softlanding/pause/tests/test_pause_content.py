from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest
import textstat

from softlanding.pause.content import ContentError, content_path, load, parse, pause_content


def raw() -> dict[str, object]:
    with content_path().open("rb") as handle:
        return tomllib.load(handle)


def test_the_shipped_content_loads() -> None:
    content = pause_content()
    assert [s.id for s in content.self_screen.steps] == ["breathe", "say", "shift", "decide"]
    assert content.checkin.question == "More, less, or stay?"


def _drop_title(d: dict) -> None:
    del d["self"]["steps"][0]["title"]


def _empty_phrase(d: dict) -> None:
    d["self"]["steps"][1]["items"].append("  ")


def _unknown_key(d: dict) -> None:
    d["partner"]["steps"][0]["colour"] = "red"


def _missing_step(d: dict) -> None:
    d["self"]["steps"].pop()


def _bad_version(d: dict) -> None:
    d["version"] = 2


def _two_answers(d: dict) -> None:
    d["checkin"]["answers"] = ["More", "Less"]


def _too_long(d: dict) -> None:
    d["self"]["lead"] = "x" * 500


def _no_guide(d: dict) -> None:
    del d["guide"]


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (_drop_title, "self.steps[0].title"),
        (_empty_phrase, "self.steps[1]"),
        (_unknown_key, "unknown keys: colour"),
        (_missing_step, "must be exactly breathe, say, shift, decide"),
        (_bad_version, "version must be 1"),
        (_two_answers, "three answers"),
        (_too_long, "longer than"),
        (_no_guide, "guide must be a table"),
    ],
)
def test_a_broken_content_file_fails_loudly(break_it: object, message: str) -> None:
    data = copy.deepcopy(raw())
    break_it(data)  # type: ignore[operator]
    with pytest.raises(ContentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(data)


def test_a_file_that_is_not_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pause.toml"
    path.write_text("version = ")
    with pytest.raises(ContentError, match=r"pause\.toml"):
        load(path)


def all_text() -> list[str]:
    content = pause_content()
    texts: list[str] = []
    for screen in (content.self_screen, content.partner):
        texts += [screen.heading, screen.lead]
        for step in screen.steps:
            texts += [step.title, step.intro, *step.items, step.note]
    return [t for t in texts if t]


def test_the_words_read_at_grade_eight_or_lower(monkeypatch: pytest.MonkeyPatch) -> None:
    # textstat would download the CMU dictionary through nltk; nothing may
    # download at run time, so count syllables with its bundled Pyphen rules.
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
    grade = textstat.flesch_kincaid_grade(" ".join(t if t.endswith((".", "?", "!")) else t + "." for t in all_text()))
    assert grade <= 8, grade


@pytest.mark.parametrize("word", ["should", "must", "calm down", "overreact", "his", "her", "he", "she", "him"])
def test_the_words_do_not_blame_or_assume_gender(word: str) -> None:
    assert not [t for t in all_text() if re.search(rf"\b{word}\b", t, re.IGNORECASE)]
