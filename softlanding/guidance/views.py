from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from softlanding.guidance import checkin
from softlanding.guidance.content import load_guidance, load_library, load_questions
from softlanding.guidance.engine import evaluate, flag_reasons, validate
from softlanding.guidance.render import render as render_page


def index(request: HttpRequest) -> HttpResponse:
    library = load_library()
    return render(request, "guidance/index.html", {"groups": _grouped(library.pages.values())})


def _grouped(pages: Any) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for page in pages:
        groups.setdefault(page.group, []).append(page)
    return list(groups.items())


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    steps = load_questions()
    if request.method == "GET":
        return _step_page(request, 0, {})
    answers = checkin.parse_carried(request.POST.get("carried", ""))
    at = _int(request.POST.get("step"), 0, len(steps) - 1)
    if request.POST.get("shown") == "1":
        for question in steps[at].questions:
            checkin.update(answers, question, request.POST.getlist(question.field))
    go = request.POST.get("go", "next")
    if go == "goto":
        # The browser's Back or Forward button (checkin.js): straight to that
        # step, or to the result, with every answer given so far.
        target = request.POST.get("target", "")
        if target == "result":
            return _result_page(request, answers)
        return _step_page(request, _int(target, 0, len(steps) - 1), answers)
    if go == "result" or (go == "next" and at == len(steps) - 1):
        return _result_page(request, answers)
    if go == "back":
        return _step_page(request, max(at - 1, 0), answers)
    if go == "edit":
        return _step_page(request, 0, answers)
    return _step_page(request, min(at + 1, len(steps) - 1), answers)


def _int(raw: str | None, low: int, high: int) -> int:
    try:
        return min(max(int(raw or low), low), high)
    except ValueError:
        return low


def _step_page(request: HttpRequest, at: int, answers: dict[str, Any]) -> HttpResponse:
    steps = load_questions()
    context = {
        "step": steps[at],
        "at": at,
        "number": at + 1,
        "total": len(steps),
        "is_last": at == len(steps) - 1,
        "questions": checkin.shown(steps[at], answers),
        "carried": json.dumps(answers),
    }
    return render(request, "guidance/check_step.html", context)


def _result_page(request: HttpRequest, answers: dict[str, Any]) -> HttpResponse:
    guidance = load_guidance()
    library = load_library()
    result = evaluate(answers)
    reasons = flag_reasons(validate(answers))
    unwanted = "consent_support" in result["flags"]
    flags = [_flag(f, guidance.flags[f], reasons[f], unwanted) for f in result["flags"]]
    drivers = [
        {**d, "meta": guidance.drivers[d["id"]], "page": library.pages[guidance.drivers[d["id"]]["page"]]}
        for d in result["drivers"]
    ]
    steps = [guidance.steps[s] for s in result["next_steps"]]
    context = {
        "flags": flags,
        "drivers": drivers,
        "next_steps": [{"text": s.text, "href": f"/understand/library/{s.page}/" if s.page else s.link} for s in steps],
        "carried": json.dumps(answers),
        "pages": [library.pages[s] for s in _more_to_read(result["flags"])],
    }
    return render(request, "guidance/check_result.html", context)


def _flag(flag: str, meta: dict[str, Any], reasons: list[str], unwanted: bool) -> dict[str, Any]:
    # After something unwanted, advice about comfort during future sex reads as
    # blame: the flag says the same thing in words for that situation instead.
    options = meta.get("options_if_unwanted") if unwanted else None
    said = [meta["because"][r] for r in reasons]
    return {**meta, "id": flag, "options": options or meta["options"], "said": said}


def _more_to_read(flags: list[str]) -> list[str]:
    """Library pages for after the result; nothing about sex with a partner after something unwanted."""
    if "consent_support" in flags:
        return ["getting-support", "in-the-moment", "reflecting", "a-message"]
    first = ["getting-support"] if flags else []
    return [*first, "in-the-moment", "for-partners", "reflecting", "aftercare"]


def library_index(request: HttpRequest) -> HttpResponse:
    library = load_library()
    return render(request, "guidance/library_index.html", {"groups": _grouped(library.pages.values())})


def library_page(request: HttpRequest, slug: str) -> HttpResponse:
    library = load_library()
    page = library.pages.get(slug)
    if page is None:
        raise Http404("no such page")
    titles = {s: p.title for s, p in library.pages.items()}
    # Safe: render() escapes every piece of content text before adding markup.
    body = mark_safe(render_page(page.body, titles, library.references))  # noqa: S308
    return render(request, "guidance/library_page.html", {"page": page, "body": body})


def references(request: HttpRequest) -> HttpResponse:
    library = load_library()
    refs = sorted(library.references.items(), key=lambda kv: (kv[1]["authors"], kv[1]["year"]))
    return render(request, "guidance/references.html", {"references": refs})
