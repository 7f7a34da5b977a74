from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def headers(client: Client, db: None) -> dict[str, str]:
    return dict(client.get("/").headers)


def test_the_csp_is_strict_and_uses_nonces(headers: dict[str, str]) -> None:
    csp = headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ")}
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert any(token.startswith("'nonce-") for token in directives["script-src"])
    assert directives["default-src"] == ["'self'"]


def test_scripts_carry_the_nonce(client: Client, db: None) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')


def test_no_referrer_and_no_store(headers: dict[str, str]) -> None:
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_permissions_policy_allows_only_the_wake_lock(headers: dict[str, str]) -> None:
    policy = headers["Permissions-Policy"]
    allowed = [item for item in policy.split(", ") if not item.endswith("=()")]
    assert allowed == ["screen-wake-lock=(self)"]
    assert "camera=()" in policy
    assert "geolocation=()" in policy
