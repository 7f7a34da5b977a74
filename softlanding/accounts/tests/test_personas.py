"""No token or session of one user reads or changes anything of another."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.test import Client

from softlanding.accounts import portability
from softlanding.accounts.models import VaultKeys, VaultSession
from softlanding.test import PASSPHRASE, Personas, api_token, client_for, unlocked_client


@pytest.fixture
def whoami() -> Iterator[None]:
    """A section that exports whose vault opened it, to see which user an
    export or import really reached."""
    saved = portability.sections()
    portability.register("whoami", lambda vault: {"user": vault.user_id}, lambda v, d: None, lambda d: None)
    yield
    portability._sections.clear()
    portability._sections.update(saved)


def _export_user(client: Client, **headers: str) -> object:
    response = client.get("/api/v1/export", headers=headers)
    return json.loads(response.content)["whoami"]["user"] if response.status_code == 200 else response.status_code


@pytest.mark.django_db
def test_each_token_reaches_only_its_own_vault(personas: Personas, whoami: object) -> None:
    for user in (personas.alice, personas.bob, personas.charlie, personas.dave):
        token = api_token(user)
        assert _export_user(Client(), Authorization=f"Bearer {token}") == user.pk


@pytest.mark.django_db
def test_an_anonymous_visitor_and_a_locked_login_reach_nothing(personas: Personas, whoami: object) -> None:
    assert _export_user(Client()) == 401
    assert _export_user(client_for(personas.alice)) == 401
    assert client_for(personas.alice).get("/account/export/").status_code == 302


@pytest.mark.django_db
def test_locking_one_users_session_leaves_the_others_alone(personas: Personas) -> None:
    alice, bob = api_token(personas.alice), api_token(personas.bob)
    Client().delete("/api/v1/session", headers={"Authorization": f"Bearer {alice}"})
    assert Client().get("/api/v1/export", headers={"Authorization": f"Bearer {bob}"}).status_code == 200
    assert VaultSession.objects.filter(user=personas.bob).count() == 1


@pytest.mark.django_db
def test_a_browser_with_one_users_cookie_and_another_users_login_is_locked(personas: Personas) -> None:
    """Mixing halves (bob's login, alice's session row and cookie) opens nothing."""
    from softlanding.accounts.vault import COOKIE_NAME, SESSION_KEY

    alice = unlocked_client(personas.alice)
    mixed = client_for(personas.bob)
    session = mixed.session
    session[SESSION_KEY] = alice.session[SESSION_KEY]
    session.save()
    mixed.cookies[COOKIE_NAME] = alice.cookies[COOKIE_NAME].value
    assert mixed.get("/account/passphrase/").status_code == 302


@pytest.mark.django_db
def test_charlie_cannot_change_or_delete_alices_keys(personas: Personas) -> None:
    before = bytes(VaultKeys.objects.get(user=personas.alice).wrapped_dek)
    charlie = unlocked_client(personas.charlie)
    charlie.post(
        "/account/passphrase/", {"current": PASSPHRASE, "new_passphrase": "x" * 20, "passphrase_again": "x" * 20}
    )
    charlie.post("/account/delete/", {"passphrase": PASSPHRASE, "confirm": "delete"})
    assert bytes(VaultKeys.objects.get(user=personas.alice).wrapped_dek) == before
    assert Client().post("/account/unlock/", {"username": "alice", "passphrase": PASSPHRASE}).status_code == 302


@pytest.mark.django_db
def test_an_import_lands_in_the_token_owners_account_only(personas: Personas) -> None:
    seen: list[int] = []
    saved = portability.sections()
    portability.register("seen", lambda v: [], lambda vault, data: seen.append(vault.user_id), lambda d: None)
    try:
        body = json.dumps({"_meta": {"format": "softlanding-export", "version": 1}, "seen": []})
        token = api_token(personas.dave)
        response = Client().post(
            "/api/v1/import", body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
        )
    finally:
        portability._sections.clear()
        portability._sections.update(saved)
    assert response.status_code == 201
    assert seen == [personas.dave.pk]
