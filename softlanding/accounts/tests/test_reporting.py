"""Error reports (the DEBUG page, mailed or logged reports) show nothing personal."""

from __future__ import annotations

import sys

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from softlanding.accounts.reporting import PrivateExceptionReporterFilter


def _canary(kind: str) -> str:
    # Built at run time: the HTML report quotes source lines around each
    # frame, and a literal canary there would be found in the code itself.
    return "".join(["Canary", kind, "Qz"])


PASS, NOTE, COOKIE, TOKEN, LOCAL = (_canary(k) for k in ("Pass", "Note", "Cookie", "Token", "Local"))


def _fail_with_a_secret_in_a_local() -> None:
    data_key = LOCAL  # noqa: F841 (a local an error page would show)
    raise ValueError("something broke")


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("as_html", [True, False])
def test_a_report_hides_post_fields_cookies_the_token_and_locals(settings: object, debug: bool, as_html: bool) -> None:
    settings.DEBUG = debug  # type: ignore[attr-defined]
    request = RequestFactory().post(
        "/account/unlock/?x=1",
        {"passphrase": PASS, "note": NOTE},
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    request.COOKIES["sl_vault"] = COOKIE
    try:
        _fail_with_a_secret_in_a_local()
    except ValueError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    reporter.filter = PrivateExceptionReporterFilter()
    report = reporter.get_traceback_html() if as_html else reporter.get_traceback_text()
    assert "ValueError" in report
    assert "_fail_with_a_secret_in_a_local" in report  # still useful for finding the bug
    assert [secret for secret in (PASS, NOTE, COOKIE, TOKEN, LOCAL) if secret in report] == []
