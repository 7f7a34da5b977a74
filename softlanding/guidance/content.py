"""Loading and validating the guidance content in content/guidance/.

Pure Python (no Django) so the command line can use it. Every file is checked
when it is loaded: a missing driver, an evidence id without words, a step that
does not exist, a library page citing an unknown source or linking to a page
that is not there all fail loudly with the file and the problem named.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from softlanding.guidance import engine
from softlanding.lib.env import envstr


class ContentError(ValueError):
    """A guidance content file is missing, malformed or inconsistent."""


def content_dir() -> Path:
    # The same rule as settings.CONTENT_DIR, without importing Django.
    configured = envstr("CONTENT_DIR")
    base = Path(configured) if configured else Path(__file__).resolve().parents[2] / "content"
    return base / "guidance"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ContentError(f"{path}: cannot be read as JSON: {exc}") from exc


def _require(condition: bool, where: Path, problem: str) -> None:
    if not condition:
        raise ContentError(f"{where}: {problem}")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# --- Drivers, flags, steps ----------------------------------------------------


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    page: str | None
    link: str | None
    hide_if_unwanted: bool = False


@dataclass(frozen=True)
class Guidance:
    drivers: dict[str, dict[str, Any]]
    flags: dict[str, dict[str, Any]]
    steps: dict[str, Step]
    texts: engine.Texts


def _check_steps(raw: Any, path: Path) -> dict[str, Step]:
    _require(isinstance(raw, dict) and bool(raw), path, "must be a non-empty object of steps")
    steps: dict[str, Step] = {}
    for step_id, step in raw.items():
        _require(isinstance(step, dict) and _text(step.get("text")), path, f"step {step_id!r} needs a text")
        _require(("page" in step) != ("link" in step), path, f"step {step_id!r} needs exactly one of page or link")
        hide = step.get("hide_if_unwanted", False)
        _require(isinstance(hide, bool), path, f"step {step_id!r}: hide_if_unwanted must be true or false")
        steps[step_id] = Step(step_id, step["text"], step.get("page"), step.get("link"), hide)
    return steps


def _check_drivers(raw: Any, path: Path, steps: dict[str, Step]) -> None:
    _require(isinstance(raw, dict), path, "must be an object keyed by driver id")
    _require(set(raw) == set(engine.DRIVERS), path, f"must describe exactly the drivers {sorted(engine.DRIVERS)}")
    for driver, meta in raw.items():
        for key in ("title", "summary", "page"):
            _require(_text(meta.get(key)), path, f"{driver}: {key} is missing or empty")
        because = meta.get("because")
        _require(isinstance(because, dict), path, f"{driver}: because must be an object")
        missing = engine.EVIDENCE_IDS[driver] - set(because)
        _require(not missing, path, f"{driver}: no words for evidence {sorted(missing)}")
        _require(all(_text(v) for v in because.values()), path, f"{driver}: every because phrase needs words")
        _check_step_ids(meta.get("steps"), path, driver, steps)


def _check_flags(raw: Any, path: Path, steps: dict[str, Step]) -> None:
    _require(isinstance(raw, dict), path, "must be an object keyed by flag id")
    _require(set(raw) == set(engine.FLAGS), path, f"must describe exactly the flags {list(engine.FLAGS)}")
    for flag, meta in raw.items():
        _require(_text(meta.get("title")) and _text(meta.get("body")), path, f"{flag}: title and body are required")
        because = meta.get("because")
        _require(isinstance(because, dict), path, f"{flag}: because must be an object")
        missing = engine.FLAG_REASON_IDS[flag] - set(because)
        _require(not missing, path, f"{flag}: no words for reasons {sorted(missing)}")
        _require(all(_text(v) for v in because.values()), path, f"{flag}: every because phrase needs words")
        options = meta.get("options")
        _require(isinstance(options, list) and len(options) >= 2, path, f"{flag}: give at least two options")
        _require(all(_text(o) for o in options), path, f"{flag}: every option needs words")
        _require(isinstance(meta.get("support_link"), bool), path, f"{flag}: support_link must be true or false")
        unwanted = meta.get("options_if_unwanted", [])
        _require(
            isinstance(unwanted, list) and all(_text(o) for o in unwanted), path, f"{flag}: bad options_if_unwanted"
        )
        _check_step_ids(meta.get("steps"), path, flag, steps)


def _check_step_ids(ids: Any, path: Path, owner: str, steps: dict[str, Step]) -> None:
    _require(isinstance(ids, list) and bool(ids), path, f"{owner}: steps must be a non-empty list")
    unknown = [s for s in ids if s not in steps]
    _require(not unknown, path, f"{owner}: unknown steps {unknown}")


@cache
def load_guidance(base: Path | None = None) -> Guidance:
    base = base or content_dir()
    steps = _check_steps(_read_json(base / "steps.json"), base / "steps.json")
    drivers = _read_json(base / "drivers.json")
    _check_drivers(drivers, base / "drivers.json", steps)
    flags = _read_json(base / "flags.json")
    _check_flags(flags, base / "flags.json", steps)
    texts = engine.Texts(
        because={d: meta["because"] for d, meta in drivers.items()},
        driver_steps={d: meta["steps"] for d, meta in drivers.items()},
        flag_steps={f: meta["steps"] for f, meta in flags.items()},
        hide_if_unwanted=frozenset(s.id for s in steps.values() if s.hide_if_unwanted),
    )
    return Guidance(drivers=drivers, flags=flags, steps=steps, texts=texts)


def load_texts() -> engine.Texts:
    return load_guidance().texts


# --- Library and references -----------------------------------------------------

CITATION = re.compile(r"\[([a-z][a-z0-9_-]*\d{4}[a-z]?)\]")
PAGE_LINK = re.compile(r"\[\[([a-z0-9-]+)\]\]")
SLUG = re.compile(r"^[a-z0-9-]+$")
#: Slugs show in the address bar and history, so they must stay discreet.
INDISCREET = ("sex", "cry", "cries", "tear", "trauma", "orgasm", "intimate")


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    group: str
    body: str


@dataclass(frozen=True)
class Library:
    pages: dict[str, Page]
    groups: list[str]
    references: dict[str, dict[str, Any]]


def _check_references(raw: Any, path: Path) -> dict[str, dict[str, Any]]:
    _require(isinstance(raw, dict) and bool(raw), path, "must be an object keyed by source key")
    for key, ref in raw.items():
        for field in ("authors", "about", "source"):
            _require(_text(ref.get(field)), path, f"{key}: {field} is missing")
        _require(isinstance(ref.get("year"), int), path, f"{key}: year must be a number")
    return raw


def _load_page(base: Path, entry: Any, index_path: Path) -> Page:
    _require(isinstance(entry, dict), index_path, "every page entry must be an object")
    slug = entry.get("slug", "")
    _require(isinstance(slug, str) and bool(SLUG.match(slug)), index_path, f"bad slug {slug!r}")
    _require(not any(w in slug for w in INDISCREET), index_path, f"slug {slug!r} is not discreet")
    for key in ("title", "summary", "group"):
        _require(_text(entry.get(key)), index_path, f"{slug}: {key} is missing")
    page_path = base / "library" / f"{slug}.md"
    try:
        body = page_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{page_path}: cannot be read: {exc}") from exc
    return Page(slug, entry["title"], entry["summary"], entry["group"], body)


def _check_links(pages: dict[str, Page], references: dict[str, dict[str, Any]], base: Path) -> None:
    for page in pages.values():
        where = base / "library" / f"{page.slug}.md"
        unknown = sorted(set(CITATION.findall(page.body)) - set(references))
        _require(not unknown, where, f"cites unknown sources {unknown}")
        broken = sorted(set(PAGE_LINK.findall(page.body)) - set(pages))
        _require(not broken, where, f"links to missing pages {broken}")


@cache
def load_library(base: Path | None = None) -> Library:
    base = base or content_dir()
    references = _check_references(_read_json(base / "references.json"), base / "references.json")
    index_path = base / "library.json"
    index = _read_json(index_path)
    _require(isinstance(index, list) and bool(index), index_path, "must be a non-empty list of pages")
    pages: dict[str, Page] = {}
    for entry in index:
        page = _load_page(base, entry, index_path)
        _require(page.slug not in pages, index_path, f"slug {page.slug!r} appears twice")
        pages[page.slug] = page
    _check_links(pages, references, base)
    guidance = load_guidance(base)
    for owner, meta in guidance.drivers.items():
        _require(meta["page"] in pages, base / "drivers.json", f"{owner}: page {meta['page']!r} is not in the library")
    for step in guidance.steps.values():
        _require(step.page is None or step.page in pages, base / "steps.json", f"{step.id}: unknown page {step.page!r}")
    groups = list(dict.fromkeys(p.group for p in pages.values()))
    return Library(pages=pages, groups=groups, references=references)


# --- Questions of the step-by-step check-in -------------------------------------


@dataclass(frozen=True)
class Question:
    field: str
    label: str
    options: list[tuple[Any, str]]
    multiple: bool


@dataclass(frozen=True)
class QuestionStep:
    title: str
    intro: str
    questions: list[Question]


def _check_question(raw: Any, path: Path) -> Question:
    _require(isinstance(raw, dict), path, "every question must be an object")
    field = raw.get("field")
    _require(field in engine.SCHEMA, path, f"unknown field {field!r}")
    _require(_text(raw.get("label")), path, f"{field}: label is missing")
    options = raw.get("options")
    _require(isinstance(options, list) and len(options) >= 2, path, f"{field}: give at least two options")
    parsed: list[tuple[Any, str]] = []
    for option in options:
        _require(isinstance(option, dict) and _text(option.get("label")), path, f"{field}: an option has no label")
        value = option.get("value")
        try:
            engine.validate({field: [value] if engine.SCHEMA[field].is_list else value})
        except engine.AnswerError as exc:
            raise ContentError(f"{path}: {exc}") from exc
        parsed.append((value, option["label"]))
    return Question(field, raw["label"], parsed, engine.SCHEMA[field].is_list)


@cache
def load_questions(base: Path | None = None) -> list[QuestionStep]:
    path = (base or content_dir()) / "questions.json"
    raw = _read_json(path)
    _require(isinstance(raw, list) and bool(raw), path, "must be a non-empty list of steps")
    steps: list[QuestionStep] = []
    for step in raw:
        _require(isinstance(step, dict) and _text(step.get("title")), path, "every step needs a title")
        questions = [_check_question(q, path) for q in step.get("questions", [])]
        _require(bool(questions), path, f"step {step['title']!r} has no questions")
        steps.append(QuestionStep(step["title"], step.get("intro", ""), questions))
    fields = [q.field for s in steps for q in s.questions]
    _require(sorted(fields) == sorted(engine.SCHEMA), path, "every field of schema v1 must be asked exactly once")
    return steps


def load_all(base: Path | None = None) -> None:
    """Load and check every guidance file (at start-up: broken content fails loudly)."""
    load_guidance(base)
    load_library(base)
    load_questions(base)
