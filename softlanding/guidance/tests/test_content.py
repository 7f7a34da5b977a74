"""Guidance content: loaded and validated, readable, cited, rendered safely."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from softlanding.guidance.content import (
    CITATION,
    PAGE_LINK,
    ContentError,
    content_dir,
    load_all,
    load_guidance,
    load_library,
    load_questions,
)
from softlanding.guidance.engine import DRIVERS
from softlanding.guidance.render import prose, render

MAX_GRADE = 8.0


def fk_grade(text: str) -> float:
    """Flesch–Kincaid grade from textstat, fully offline.

    textstat looks English words up in NLTK's CMU dictionary, which it would
    download on first use; nothing here may download at run time, so syllables
    come from textstat's own fallback, the pyphen hyphenation dictionary (with
    the edge limits lowered so short syllables at the ends of words count).
    """
    import textstat
    import textstat.backend.counts._count_syllables as syllables
    from pyphen import Pyphen

    hyphenator = Pyphen(lang="en_US", left=1, right=1)
    syllables.get_cmudict = lambda lang: None
    syllables.get_pyphen = lambda lang: hyphenator
    return float(textstat.flesch_kincaid_grade(text))


def _copy(tmp_path: Path) -> Path:
    base = tmp_path / "guidance"
    shutil.copytree(content_dir(), base)
    return base


def _edit_json(path: Path, change: Callable[[object], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_shipped_content_loads_and_validates() -> None:
    load_all()
    assert set(load_guidance().drivers) == set(DRIVERS)


BREAKAGES: list[tuple[str, Callable[[Path], None], str]] = [
    ("not JSON", lambda b: (b / "drivers.json").write_text("{oops", encoding="utf-8"), "cannot be read as JSON"),
    ("a driver missing", lambda b: _edit_json(b / "drivers.json", lambda d: d.pop("pain")), "exactly the drivers"),  # type: ignore[attr-defined]
    (
        "an evidence id without words",
        lambda b: _edit_json(b / "drivers.json", lambda d: d["pain"]["because"].pop("strong_pain")),  # type: ignore[index]
        "no words for evidence",
    ),
    (
        "a step that does not exist",
        lambda b: _edit_json(b / "flags.json", lambda d: d["crisis"]["steps"].append("fly_away")),  # type: ignore[index]
        "unknown steps",
    ),
    (
        "a flag reason without words",
        lambda b: _edit_json(b / "flags.json", lambda d: d["counselor"]["because"].pop("flashback")),  # type: ignore[index]
        "no words for reasons",
    ),
    (
        "a flag with one option only",
        lambda b: _edit_json(b / "flags.json", lambda d: d["crisis"].__setitem__("options", ["call"])),  # type: ignore[index]
        "at least two options",
    ),
    (
        "an unknown citation key",
        lambda b: (b / "library" / "stress.md").write_text("Stress is bad [nobody2024].", encoding="utf-8"),
        "unknown sources",
    ),
    (
        "a link to a missing page",
        lambda b: (b / "library" / "stress.md").write_text("See [[nowhere]].", encoding="utf-8"),
        "missing pages",
    ),
    (
        "an indiscreet slug",
        lambda b: _edit_json(b / "library.json", lambda d: d[0].__setitem__("slug", "sex-tips")),  # type: ignore[index]
        "not discreet",
    ),
    (
        "a question about an unknown field",
        lambda b: _edit_json(b / "questions.json", lambda d: d[0]["questions"][0].__setitem__("field", "mood")),  # type: ignore[index]
        "unknown field",
    ),
    (
        "an option outside the schema",
        lambda b: _edit_json(
            b / "questions.json",
            lambda d: d[0]["questions"][0]["options"][0].__setitem__("value", "before"),  # type: ignore[index]
        ),
        "timing",
    ),
]


@pytest.mark.parametrize(("what", "breakage", "message"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_validation_catches_a_broken_content_file(
    tmp_path: Path, what: str, breakage: Callable[[Path], None], message: str
) -> None:
    base = _copy(tmp_path)
    breakage(base)
    with pytest.raises(ContentError, match=message):
        load_all(base)


def _sentences(*parts: str) -> str:
    return "\n".join(p if p.rstrip()[-1:] in ".!?" else p + "." for p in parts)


def _user_facing_texts() -> list[tuple[str, str]]:
    """Every text a person reads, one entry per page or block, as they read it."""
    texts = [
        (f"library/{slug}", prose(f"## {page.title}\n{page.summary}\n{page.body}"))
        for slug, page in load_library().pages.items()
    ]
    guidance = load_guidance()
    for flag, meta in guidance.flags.items():
        options = [*meta["options"], *meta.get("options_if_unwanted", [])]
        said = [f"You said {phrase}." for phrase in meta["because"].values()]
        texts.append((f"flag/{flag}", _sentences(meta["title"], *said, meta["body"], *options)))
    for driver, meta in guidance.drivers.items():
        said = [f"Because you said {phrase}." for phrase in meta["because"].values()]
        texts.append((f"driver/{driver}", _sentences(meta["title"], meta["summary"], *said)))
    texts.append(("steps", "\n".join(s.text for s in guidance.steps.values())))
    questions = [q.label for step in load_questions() for q in step.questions]
    texts.append(("questions", "\n".join(questions)))
    return texts


@pytest.mark.parametrize(("name", "text"), _user_facing_texts(), ids=lambda v: v if "/" in str(v) else None)
def test_every_content_text_reads_at_grade_8_or_below(name: str, text: str) -> None:
    grade = fk_grade(text)
    assert grade <= MAX_GRADE, f"{name} reads at grade {grade:.1f}"


def test_reading_level_measures_prose_not_markup() -> None:
    assert prose("## A heading\n- an item [bird2011] [[stress]]\nA line.") == "A heading.\nan item.\nA line."
    assert fk_grade("The cat sat on the mat. It was warm.") < 3
    assert (
        fk_grade(
            "Notwithstanding considerable methodological heterogeneity, epidemiological investigations "
            "consistently demonstrate substantial prevalence of postcoital dysphoria among university populations."
        )
        > MAX_GRADE
    )


def test_every_library_page_cites_only_known_sources_and_most_cite_one() -> None:
    library = load_library()
    cited: set[str] = set()
    for page in library.pages.values():
        keys = set(CITATION.findall(page.body))
        assert keys <= set(library.references), page.slug
        cited |= keys
    assert cited == set(library.references), "every listed source is cited somewhere"
    for slug in ("a-message", "hormones", "memories", "for-partners", "getting-support"):
        assert CITATION.search(library.pages[slug].body), f"{slug} makes claims without a source"


#: Words that mark a line as reporting a finding rather than giving advice.
FINDING = re.compile(
    r"\b(stud(y|ies)|research\w*|found|surveys?|per ?cent|%|\d+ in \d+|in (ten|a hundred|100)|"
    r"a third|half of|hormones?|prolactin|oxytocin|endorphins?|genes?|families)\b",
    re.IGNORECASE,
)


def test_every_line_that_reports_a_finding_cites_a_source() -> None:
    """A heuristic for "every factual claim cites a source key": a paragraph or
    list item that mentions studies, figures or body chemistry must carry a key."""
    uncited = [
        f"{slug}: {line.strip()}"
        for slug, page in load_library().pages.items()
        for line in page.body.splitlines()
        if FINDING.search(PAGE_LINK.sub("", line)) and not CITATION.search(line) and not line.startswith("## ")
    ]
    assert uncited == []


def test_the_finding_heuristic_catches_an_uncited_figure() -> None:
    assert FINDING.search("About 4 in 10 people have had it.")
    assert FINDING.search("One study found it in half of the group.")
    assert not FINDING.search("Breathe in for 4, and out for 6.")


def test_the_hormonal_explanation_is_labelled_a_hypothesis() -> None:
    library = load_library()
    assert "hypothesis" in library.pages["hormones"].title.lower()
    assert "not a proven cause" in library.pages["hormones"].body
    assert "hypothesis" in load_guidance().drivers["hormonal_shift"]["title"].lower()


def test_the_library_covers_every_driver_and_topic() -> None:
    pages = load_library().pages
    for meta in load_guidance().drivers.values():
        assert meta["page"] in pages
    for topic in (
        "in-the-moment",
        "for-partners",
        "preparing",
        "reflecting",
        "aftercare",
        "getting-support",
        "a-message",
    ):
        assert topic in pages
    preparing = pages["preparing"].body.lower()
    for part in ("wind down", "warm up slowly", "lubrication", "safety language"):
        assert part in preparing


def test_rendering_escapes_html_and_links_citations_and_pages() -> None:
    refs = {"bird2011": {"authors": "Bird, Schweitzer & Strassberg", "year": 2011}}
    html = render("<script>x</script> & [bird2011]\n\n- see [[stress]]", {"stress": "Stress"}, refs)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a class="cite" href="/understand/references/#ref-bird2011">[Bird 2011]</a>' in html
    assert '<li>see (see <a href="/understand/library/stress/">Stress</a>)</li>' in html
    assert re.search(r"<p>.*&amp;.*</p>", html)
