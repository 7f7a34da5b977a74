"""Error reports that show no personal data, whatever DEBUG says.

Django's default filter hides only what views mark as sensitive, and only
when DEBUG is off; it also shows cookie values and the Authorization header.
Here every POST field, every cookie, the bearer token and every local
variable of every frame is replaced, in the DEBUG page and in any mailed or
logged report: a passphrase, a note, a client half or a data key can sit in
any of them. Tracebacks keep file names, line numbers and code, which is
what finding a bug needs.

Enable with ``DEFAULT_EXCEPTION_REPORTER_FILTER =
"softlanding.accounts.reporting.PrivateExceptionReporterFilter"``.
"""

from __future__ import annotations

from collections.abc import ItemsView
from types import FrameType
from typing import Any

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

#: Request headers that carry secrets but that Django's name pattern misses.
HIDDEN_META = {"HTTP_AUTHORIZATION", "HTTP_COOKIE", "HTTP_X_CSRFTOKEN"}


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request: HttpRequest | None) -> bool:
        return True  # also with DEBUG on: a developer's own data is personal too

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_safe_cookies(self, request: HttpRequest | None) -> dict[str, Any]:
        cookies = getattr(request, "COOKIES", {})
        return {name: self.cleansed_substitute for name in cookies}

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        return {k: self.cleansed_substitute if k in HIDDEN_META else v for k, v in meta.items()}

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: FrameType) -> ItemsView[str, Any]:
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()
