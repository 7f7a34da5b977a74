"""Quick exit (and anything else that ends a session) locks the vault."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from softlanding.accounts.vault import end_session


def destroy_server_half(sender: object, request: HttpRequest, **kwargs: Any) -> None:
    end_session(request)
