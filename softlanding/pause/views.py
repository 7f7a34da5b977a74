from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csp import csp_override
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from softlanding.accounts.vault import CryptoError, VaultLocked, get_vault, vault_required
from softlanding.pause import card as cards
from softlanding.pause import pacing
from softlanding.pause.content import content_path, pause_content
from softlanding.pause.forms import CardForm

log = logging.getLogger(__name__)

#: Static files the pause pages need, precached by the service worker.
ASSETS = (
    "pause/breathe.js",
    "pause/pause.js",
    "pause/register.js",
    "front/app.js",
    "front/icon.svg",
)
TEMPLATES = Path(__file__).resolve().parent / "templates" / "pause"
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
    except (CryptoError, ValueError, DatabaseError) as error:
        # Only the kind of error is logged: never a value from the card.
        log.warning("pause card could not be opened: %s", type(error).__name__)
        return None


@cache
def stylesheet() -> tuple[SafeString, str]:
    """The pause pages' CSS and the CSP source that allows exactly that text.

    For speed: the CSS goes inside the page, so the first paint waits for
    the page alone, as it would for a static file, and not for a second
    request. It is allowed by its hash, so the policy stays as strict as
    before: no 'unsafe-inline', and no other inline style can run."""
    source = (TEMPLATES / "pause.css").read_text(encoding="utf-8")
    # Comments and indentation are for us, not for every page load.
    css = "\n".join(line.strip() for line in re.sub(r"/\*.*?\*/", "", source, flags=re.S).splitlines() if line.strip())
    if "</" in css:
        raise ValueError("pause.css must not contain '</'")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    # Our own file, checked above: safe to place inside <style> unescaped.
    return mark_safe(css), f"'sha256-{digest}'"  # noqa: S308


def page_csp() -> dict[str, Collection[str] | str]:
    """The site's policy, with the pause stylesheet's hash added to style-src."""
    policy: dict[str, Collection[str] | str] = dict(settings.SECURE_CSP)
    styles = policy.get("style-src", [CSP.SELF])
    policy["style-src"] = [*([styles] if isinstance(styles, str) else styles), stylesheet()[1]]
    return policy


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
        "stylesheet": stylesheet()[0],
    }


# The two pages go out compressed (at most 40 KB for a first visit, issue 5),
# which is safe here though not on the rest of the site: they carry no CSRF
# token and echo nothing from the request, so there is no secret for a
# BREACH-style attack to guess at (and Django pads the gzip header anyway).
@require_GET
@gzip_page
@csp_override(page_csp())
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "pause/index.html", _context(request, "self"))


@require_GET
@gzip_page
@csp_override(page_csp())
def partner(request: HttpRequest) -> HttpResponse:
    return render(request, "pause/partner.html", _context(request, "partner"))


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
    # Every page template, the stylesheet inside them, and this worker.
    for template in sorted(TEMPLATES.iterdir()):
        digest.update(template.name.encode() + b"\0" + template.read_bytes())
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
