from __future__ import annotations

import hashlib
import json
import logging
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from softlanding.accounts.vault import CryptoError, VaultLocked, get_vault, vault_required
from softlanding.pause import card as cards
from softlanding.pause import pacing
from softlanding.pause.content import content_path, pause_content
from softlanding.pause.forms import CardForm

log = logging.getLogger(__name__)

#: Static files the pause pages need, precached by the service worker.
ASSETS = (
    "pause/pause.css",
    "pause/breathe.js",
    "pause/pause.js",
    "pause/register.js",
    "front/app.js",
    "front/icon.svg",
)
LIMITS = {
    "phase_min": pacing.PHASE_MIN,
    "phase_max": pacing.PHASE_MAX,
    "hold_min": pacing.HOLD_MIN,
    "hold_max": pacing.HOLD_MAX,
}


def _own_card(request: HttpRequest) -> cards.Card | None:
    """The unlocked person's card, or None. The pause screen must open
    whatever happens, so a locked vault or an unreadable card is not an error
    here."""
    try:
        return cards.load(get_vault(request))
    except VaultLocked:
        return None
    except (CryptoError, ValueError) as error:
        log.warning("pause card could not be opened: %s", type(error).__name__)
        return None


def _context(request: HttpRequest, screen_name: str) -> dict[str, object]:
    content = pause_content()
    own = _own_card(request)
    is_self = screen_name == "self"
    return {
        "screen": content.self_screen if is_self else content.partner,
        "is_self": is_self,
        "guide": content.guide,
        "checkin": content.checkin,
        "pace": own.pace if own else pacing.Pace(),
        "limits": LIMITS,
        "own_phrases": own.phrases if own and is_self else (),
        "aftercare": own.aftercare if own and is_self else (),
        "has_card": own is not None,
    }


def _render_fast(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    response = render(request, template, context)
    # For speed: the stylesheet is the only thing the first paint waits for.
    # Named in a header, the browser fetches it as soon as the headers
    # arrive, before it has even started to read the page.
    response["Link"] = f"<{static('pause/pause.css')}>; rel=preload; as=style"
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _render_fast(request, "pause/index.html", _context(request, "self"))


@require_GET
def partner(request: HttpRequest) -> HttpResponse:
    return _render_fast(request, "pause/partner.html", _context(request, "partner"))


@require_http_methods(["GET", "POST"])
@vault_required
def card(request: HttpRequest) -> HttpResponse:
    """The person's own phrases, aftercare wishes and pace, sealed in their vault."""
    vault = request.vault  # type: ignore[attr-defined]
    if request.method == "POST":
        form = CardForm(request.POST)
        if form.is_valid():
            cards.save(vault, form.card)
            return HttpResponseRedirect(reverse("pause:card") + "?saved=1")
    else:
        existing = cards.load(vault)
        form = CardForm.for_card(existing) if existing else CardForm()
    return render(
        request,
        "pause/card.html",
        {"form": form, "saved": "saved" in request.GET, "removed": "removed" in request.GET},
    )


@require_POST
@vault_required
def card_delete(request: HttpRequest) -> HttpResponse:
    cards.delete(request.vault)  # type: ignore[attr-defined]
    return HttpResponseRedirect(reverse("pause:card") + "?removed=1")


@cache
def cache_version() -> str:
    """Changes whenever anything the offline copy is built from changes:
    the hashed asset names (which carry their content hash), the words, and
    the page templates. A new version makes the worker fetch a fresh copy."""
    digest = hashlib.sha256()
    for asset in ASSETS:
        digest.update(static(asset).encode())
    digest.update(content_path().read_bytes())
    templates = settings.BASE_DIR / "pause" / "templates" / "pause"
    for template in sorted(templates.glob("*.html")):
        digest.update(template.read_bytes())
    return digest.hexdigest()[:16]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    body = render_to_string(
        "pause/sw.js",
        {
            "version": cache_version(),
            # JSON is valid JavaScript; the values are our own URLs.
            "pages_json": json.dumps([reverse("pause:index"), reverse("pause:partner")]),
            "assets_json": json.dumps([static(a) for a in ASSETS]),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser must check for a new worker on every visit. (The privacy
    # middleware then tightens this to no-store, which is just as good.)
    response["Cache-Control"] = "no-cache"
    return response
