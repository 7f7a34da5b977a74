from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "placeholder.html", {"heading": "Together", "intro": "Agree on signals and aftercare with a partner."}
    )
