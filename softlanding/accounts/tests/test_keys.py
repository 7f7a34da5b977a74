"""Passphrase change, recovery with the code, and a new recovery code."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from softlanding.accounts import keyring
from softlanding.accounts.models import VaultSession
from softlanding.accounts.vault import Vault
from softlanding.lib import crypto
from softlanding.lib.crypto import CryptoError
from softlanding.test import PASSPHRASE, Personas, api_token, client_for, make_user, unlocked_client, vault_for

NEW = "a brand new passphrase"
ROW = str(uuid.uuid4())


def _saved(user: object) -> bytes:
    vault = vault_for(user)  # type: ignore[arg-type]
    assert isinstance(vault, Vault)
    return vault.seal_json("journal_episode", ROW, "record", {"note": "kept"})


def _opens(user: object, passphrase: str, blob: bytes) -> bool:
    try:
        vault = vault_for(user, passphrase)  # type: ignore[arg-type]
    except CryptoError:
        return False
    return vault.open_json("journal_episode", ROW, "record", blob) == {"note": "kept"}  # type: ignore[attr-defined]


def _unlock_works(username: str, passphrase: str) -> bool:
    response = Client().post("/account/unlock/", {"username": username, "passphrase": passphrase})
    return response.status_code == 302


@pytest.mark.django_db
def test_changing_the_passphrase_rewraps_keeps_data_and_ends_other_sessions(personas: Personas) -> None:
    blob = _saved(personas.alice)
    other_browser = unlocked_client(personas.alice)
    token = api_token(personas.alice)
    client = unlocked_client(personas.alice)
    response = client.post(
        "/account/passphrase/", {"current": PASSPHRASE, "new_passphrase": NEW, "passphrase_again": NEW}
    )
    assert response.status_code == 200
    assert "Other devices were signed out" in response.content.decode()
    assert _opens(personas.alice, NEW, blob)
    assert not _opens(personas.alice, PASSPHRASE, blob)
    assert VaultSession.objects.filter(user=personas.alice).count() == 1
    # This browser stays unlocked; the others are locked.
    assert client.get("/account/").content.decode().count("Lock now") == 1
    assert "Lock now" not in other_browser.get("/account/").content.decode()
    assert Client().get("/api/v1/export", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert _unlock_works("alice", NEW)
    assert not _unlock_works("alice", PASSPHRASE)


@pytest.mark.django_db
def test_a_passphrase_change_rewraps_only_the_passphrase_copy(personas: Personas) -> None:
    """Same data key, same recovery copy, same key pair: nothing else is
    re-encrypted, so the recovery code keeps working."""
    from softlanding.accounts.models import VaultKeys

    before = VaultKeys.objects.get(user=personas.alice)
    dek = vault_for(personas.alice).dek  # type: ignore[attr-defined]
    unlocked_client(personas.alice).post(
        "/account/passphrase/", {"current": PASSPHRASE, "new_passphrase": NEW, "passphrase_again": NEW}
    )
    after = VaultKeys.objects.get(user=personas.alice)
    assert bytes(after.wrapped_dek) != bytes(before.wrapped_dek)
    assert bytes(after.kdf_salt) != bytes(before.kdf_salt)
    for name in ("wrapped_dek_recovery", "recovery_salt", "wrapped_private_key", "public_key"):
        assert bytes(getattr(after, name)) == bytes(getattr(before, name)), name
    assert keyring.open_with_recovery_code(after, personas.alice.recovery_code) == dek  # type: ignore[attr-defined]
    assert keyring.open_with_passphrase(after, NEW) == dek


@pytest.mark.django_db
def test_the_login_verifier_is_not_the_key_derivation(personas: Personas) -> None:
    """Own salt: the stored verifier is not the key that wraps the data key,
    and it cannot stand in for it."""
    import base64

    from softlanding.accounts.models import VaultKeys

    keys = VaultKeys.objects.get(user=personas.alice)
    _algorithm, _passes, _memory, salt, hashed = personas.alice.password.split("$")
    verifier_salt = base64.b64decode(salt + "=" * (-len(salt) % 4))
    verifier = base64.b64decode(hashed + "=" * (-len(hashed) % 4))
    assert verifier_salt not in {bytes(keys.kdf_salt), bytes(keys.recovery_salt)}
    with pytest.raises(CryptoError):
        crypto.open_sealed(verifier, keys.wrapped_dek, keyring._dek_aad(personas.alice.pk, "passphrase", 1))


@pytest.mark.django_db
def test_a_wrong_current_passphrase_changes_nothing(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    response = client.post(
        "/account/passphrase/", {"current": "not it at all", "new_passphrase": NEW, "passphrase_again": NEW}
    )
    assert response.status_code == 400
    assert "do not match" in response.content.decode()
    assert _unlock_works("alice", PASSPHRASE)


@pytest.mark.django_db
def test_the_recovery_code_sets_a_new_passphrase_and_is_then_replaced(client: Client) -> None:
    user = make_user("robin")
    old_code = user.recovery_code  # type: ignore[attr-defined]
    blob = _saved(user)
    elsewhere = unlocked_client(user)
    response = client.post(
        "/account/recover/",
        {
            "username": "robin",
            "recovery_code": old_code.lower().replace("-", " "),
            "new_passphrase": NEW,
            "passphrase_again": NEW,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<code>" in html
    assert old_code not in html
    assert _opens(user, NEW, blob)
    assert "Lock now" not in elsewhere.get("/account/").content.decode()
    # The old code is dead now.
    again = Client().post(
        "/account/recover/",
        {"username": "robin", "recovery_code": old_code, "new_passphrase": NEW + "!", "passphrase_again": NEW + "!"},
    )
    assert again.status_code == 400
    assert "recovery code do not match" in again.content.decode()


@pytest.mark.django_db
def test_recovery_with_a_wrong_code_or_unknown_user_answers_the_same(client: Client) -> None:
    make_user("robin")
    data = {"recovery_code": "AAAA-BBBB", "new_passphrase": NEW, "passphrase_again": NEW}
    wrong = Client().post("/account/recover/", {"username": "robin", **data})
    unknown = Client().post("/account/recover/", {"username": "nobody-here", **data})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.content.decode().count("do not match") == unknown.content.decode().count("do not match") == 1


@pytest.mark.django_db
def test_a_new_recovery_code_replaces_the_old_one(personas: Personas) -> None:
    old_code = personas.alice.recovery_code  # type: ignore[attr-defined]
    client = unlocked_client(personas.alice)
    assert client.post("/account/recovery-code/", {"passphrase": "wrong passphrase"}).status_code == 400
    response = client.post("/account/recovery-code/", {"passphrase": PASSPHRASE})
    assert response.status_code == 200
    keys = type(personas.alice).objects.get(pk=personas.alice.pk).vault_keys
    with pytest.raises(CryptoError):
        keyring.open_with_recovery_code(keys, old_code)
    import re

    new_code = re.search(r"<code>([A-Z0-9-]+)</code>", response.content.decode()).group(1)  # type: ignore[union-attr]
    assert keyring.open_with_recovery_code(keys, new_code) == vault_for(personas.alice).dek  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/account/passphrase/", "/account/recovery-code/", "/account/export/", "/account/import/", "/account/delete/"],
)
def test_key_and_data_pages_need_an_unlocked_vault(url: str, personas: Personas) -> None:
    for client in (Client(), client_for(personas.alice)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/unlock/?next=")
    assert unlocked_client(personas.alice).get(url).status_code == 200
