from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from softlanding.front.signals import session_ending


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "front/about.html")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "front/home.html")


@csrf_exempt
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End everything and leave for an ordinary page.

    Any method works and no CSRF token is needed: this must work from a plain
    link without JavaScript, as fast as possible. The worst a forged request
    can do is lock the user's vault, which is harmless.
    """
    session_ending.send(sender=quick_exit, request=request)
    request.session.flush()
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    # Cookies, storage (including a cached pause card and the service worker)
    # and the HTTP cache for this site are wiped by the browser.
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: a neutral name and icon, so an installed app
    looks like any other calm utility on a home screen."""
    data = {
        "name": "Soft Landing",
        "short_name": "Landing",
        "description": "A calm, private companion.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#1d2333",
        "theme_color": "#1d2333",
        "icons": [
            {"src": static("front/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": static("front/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("front/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
        "shortcuts": [{"name": "Pause", "url": "/pause/", "description": "Open the pause screen"}],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: no context processor may touch the
    # database or the session, since those may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
