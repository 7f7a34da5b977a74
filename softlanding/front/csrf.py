from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SameOriginNullOriginMiddleware:
    """Let Django's CSRF check work under ``Referrer-Policy: no-referrer``.

    Under that policy browsers send ``Origin: null`` with every form POST (the
    Fetch standard serialises the origin as null when no referrer may be
    sent), and Django's ``CsrfViewMiddleware`` rejects a null origin. Browsers
    also send ``Sec-Fetch-Site``, which page scripts cannot set: when it says
    the request came from our own origin, the null ``Origin`` is ours, so we
    write our own origin in its place. Everything else about CSRF stays
    Django's: the token is still required and every other origin is checked
    as usual. This sits just before ``CsrfViewMiddleware`` (rather than
    subclassing it) so the stock middleware, and its deploy check, stay in use.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            scheme = "https" if request.is_secure() else "http"
            request.META["HTTP_ORIGIN"] = f"{scheme}://{request.get_host()}"
        return self.get_response(request)
