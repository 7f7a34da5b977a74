"""Small helpers for the account tests."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.test import Client

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"|"X-CSRFToken": "[^"]+"')


def page_text(response: HttpResponse) -> str:
    """The page without its per-request tokens (CSRF, CSP nonce), for comparing answers."""
    return CSRF.sub("", response.content.decode())


def sign_up(client: Client, username: str, passphrase: str = "a long enough passphrase") -> str:  # noqa: S107
    """Sign up through the page; return the recovery code shown."""
    response = client.post(
        "/account/new/",
        {"username": username, "passphrase": passphrase, "passphrase_again": passphrase, "understood": "on"},
    )
    assert response.status_code == 200, response.content
    match = re.search(r"<code>([A-Z0-9-]+)</code>", response.content.decode())
    assert match, "the recovery code is shown"
    return match.group(1)
