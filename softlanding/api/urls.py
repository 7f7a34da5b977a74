"""The API's URLs. Every answer under /api/v1/ is JSON with a ``detail``,
including the two Django or django-ninja would give as plain text or HTML:
a path that does not exist (404) and a method an operation does not take
(405)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path

from softlanding.api.api import api

NOT_FOUND = "There is nothing at this address. The API's paths are listed in /api/v1/openapi.json."
NOT_ALLOWED = "This address does not take {method}. It takes: {allowed}."


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)  # keeps csrf_exempt, which django-ninja sets
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        detail = NOT_ALLOWED.format(method=request.method, allowed=allowed)
        answer = JsonResponse({"detail": detail}, status=405)
        answer["Allow"] = allowed
        return answer

    return wrapper


def _with_json_405(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_405(pattern.callback)
    return patterns


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"detail": NOT_FOUND}, status=404)


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path("", include((_with_json_405(_patterns), _app_name), namespace=_namespace)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
