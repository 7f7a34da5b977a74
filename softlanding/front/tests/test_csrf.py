"""Form posts work under ``Referrer-Policy: no-referrer`` without weakening CSRF."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

from softlanding.front.csrf import SameOriginNullOriginMiddleware


def view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def post(headers: dict[str, str], with_token: bool = True, secure: bool = False) -> int:
    factory = RequestFactory()
    request = factory.get("/")
    token = get_token(request)
    data = {"csrfmiddlewaretoken": token} if with_token else {}
    posted = factory.post("/form/", data, headers=headers, secure=secure)
    posted.COOKIES["sl_csrf"] = request.META["CSRF_COOKIE"]
    csrf = CsrfViewMiddleware(view)

    def checked(request: HttpRequest) -> HttpResponse:
        # The order of settings.MIDDLEWARE: ours first, then Django's check.
        return csrf.process_view(request, view, (), {}) or view(request)

    return SameOriginNullOriginMiddleware(checked)(posted).status_code


@pytest.mark.parametrize("secure", [False, True])
def test_a_null_origin_from_our_own_page_is_accepted(secure: bool) -> None:
    assert post({"Origin": "null", "Sec-Fetch-Site": "same-origin"}, secure=secure) == 200


@pytest.mark.parametrize("site", ["cross-site", "same-site", "none"])
def test_a_null_origin_from_elsewhere_is_refused(site: str) -> None:
    assert post({"Origin": "null", "Sec-Fetch-Site": site}) == 403


def test_a_null_origin_without_fetch_metadata_is_refused() -> None:
    assert post({"Origin": "null"}) == 403


def test_the_token_is_still_required() -> None:
    assert post({"Origin": "null", "Sec-Fetch-Site": "same-origin"}, with_token=False) == 403


def test_a_foreign_origin_is_refused() -> None:
    assert post({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}) == 403
