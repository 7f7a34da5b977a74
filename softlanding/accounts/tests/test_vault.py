"""The Django-side vault: sealing records, sessions, and the test helpers."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from softlanding.accounts.models import VaultKeys, VaultSession
from softlanding.accounts.vault import (
    COOKIE_NAME,
    CryptoError,
    Vault,
    VaultLocked,
    get_vault,
    vault_required,
)
from softlanding.lib import crypto
from softlanding.test import PASSPHRASE, Personas, api_token, make_user, unlocked_client, vault_for

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
ROW = str(uuid.UUID(int=1))


def _vaults() -> tuple[Vault, Vault]:
    key_a, key_b = crypto.random_key(), crypto.random_key()
    return Vault(user_id=1, dek=key_a), Vault(user_id=2, dek=key_b)


@settings(max_examples=60, deadline=None)
@given(value=JSON)
def test_any_json_value_round_trips(value: object) -> None:
    vault, _ = _vaults()
    blob = vault.seal_json("journal_episode", ROW, "record", value)
    assert vault.open_json("journal_episode", ROW, "record", blob) == value


MOVES = [
    ("another table", dict(table="journal_other")),
    ("another row", dict(row_id=str(uuid.UUID(int=2)))),
    ("another field", dict(field="notes")),
    ("another schema version", dict(schema=2)),
]


@pytest.mark.parametrize(("label", "change"), MOVES, ids=[m[0] for m in MOVES])
def test_a_blob_moved_elsewhere_fails_to_open(label: str, change: dict[str, object]) -> None:
    vault, _ = _vaults()
    blob = vault.seal_json("journal_episode", ROW, "record", {"mood": "calm"})
    args: dict[str, object] = {"table": "journal_episode", "row_id": ROW, "field": "record", **change}
    schema = args.pop("schema", 1)
    with pytest.raises(CryptoError):
        vault.open_json(str(args["table"]), args["row_id"], str(args["field"]), blob, schema=int(schema))  # type: ignore[call-overload]


def test_a_blob_moved_to_another_user_fails_even_with_the_same_key() -> None:
    key = crypto.random_key()
    alice, bob = Vault(user_id=1, dek=key), Vault(user_id=2, dek=key)
    blob = alice.seal_json("t", ROW, "f", "secret")
    with pytest.raises(CryptoError):
        bob.open_json("t", ROW, "f", blob)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_flipped_byte_of_a_record_fails_to_open(data: st.DataObject) -> None:
    vault, _ = _vaults()
    blob = bytearray(vault.seal_json("t", ROW, "f", {"note": "x"}))
    index = data.draw(st.integers(0, len(blob) - 1))
    blob[index] ^= data.draw(st.integers(1, 255))
    with pytest.raises(CryptoError):
        vault.open_json("t", ROW, "f", bytes(blob))


def test_similar_records_seal_to_the_same_length() -> None:
    vault, _ = _vaults()
    short = vault.seal_json("t", ROW, "f", {"note": "ok"})
    longer = vault.seal_json("t", ROW, "f", {"note": "a somewhat longer note"})
    assert len(short) == len(longer)


@pytest.mark.django_db
def test_make_user_creates_real_wrapped_keys() -> None:
    user = make_user("erin")
    keys = VaultKeys.objects.get(user=user)
    assert user.check_password(PASSPHRASE)
    assert len(bytes(keys.wrapped_dek)) == crypto.OVERHEAD + 32
    assert bytes(keys.kdf_salt) != bytes(keys.recovery_salt)
    vault = vault_for(user)
    assert isinstance(vault, Vault)
    assert vault.user_id == user.pk
    assert len(vault.private_key()) == 32


@pytest.mark.django_db
def test_personas_are_real_vault_users(personas: Personas) -> None:
    assert (
        VaultKeys.objects.filter(user__in=[personas.alice, personas.bob, personas.charlie, personas.dave]).count() == 4
    )


@pytest.mark.django_db
def test_two_users_get_different_data_keys(personas: Personas) -> None:
    alice, bob = vault_for(personas.alice), vault_for(personas.bob)
    assert isinstance(alice, Vault)
    assert isinstance(bob, Vault)
    assert alice.dek != bob.dek


@pytest.mark.django_db
def test_partners_can_seal_to_each_others_public_key(personas: Personas) -> None:
    from softlanding.accounts.vault import public_key_for

    blob = crypto.seal_to(public_key_for(personas.bob), b"document key")
    bob, charlie = vault_for(personas.bob), vault_for(personas.charlie)
    assert bob.open_from_partner(blob) == b"document key"  # type: ignore[attr-defined]
    with pytest.raises(CryptoError):
        charlie.open_from_partner(blob)  # type: ignore[attr-defined]


def _request_from(client: Client, path: str = "/journal/") -> HttpRequest:
    """Replay the client's cookies through the real middleware stack state."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    request = RequestFactory().get(path)
    request.COOKIES.update({k: v.value for k, v in client.cookies.items()})
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


@pytest.mark.django_db
def test_an_unlocked_browser_session_opens_the_users_vault(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    vault = get_vault(_request_from(client))
    assert vault.user_id == personas.alice.pk
    blob = vault.seal_json("t", ROW, "f", 1)
    assert vault_for(personas.alice).open_json("t", ROW, "f", blob) == 1  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_session_store_holds_neither_the_data_key_nor_the_client_half(personas: Personas) -> None:
    from django.contrib.sessions.models import Session

    client = unlocked_client(personas.alice)
    dek = vault_for(personas.alice).dek  # type: ignore[attr-defined]
    cookie = client.cookies[COOKIE_NAME].value
    for session in Session.objects.all():
        decoded = repr(session.get_decoded()) + session.session_data
        assert cookie not in decoded
        assert dek.hex() not in decoded
    for row in VaultSession.objects.all():
        assert dek not in bytes(row.sealed_dek)


@pytest.mark.django_db
def test_a_session_without_the_cookie_is_locked(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    del client.cookies[COOKIE_NAME]
    with pytest.raises(VaultLocked):
        get_vault(_request_from(client))


@pytest.mark.django_db
def test_a_forged_cookie_is_locked(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    client.cookies[COOKIE_NAME] = "A" * 43
    with pytest.raises(VaultLocked):
        get_vault(_request_from(client))


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["idle", "absolute"])
def test_an_expired_session_is_destroyed_and_says_so(personas: Personas, which: str) -> None:
    client = unlocked_client(personas.alice)
    row = VaultSession.objects.get(user=personas.alice)
    long_ago = timezone.now() - timedelta(minutes=31)
    if which == "idle":
        VaultSession.objects.filter(pk=row.pk).update(last_seen=long_ago)
    else:
        VaultSession.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(VaultLocked) as info:
        get_vault(_request_from(client))
    assert info.value.reason == "expired"
    assert "Nothing you saved is lost" in info.value.message
    assert not VaultSession.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_a_bearer_token_opens_the_vault_and_only_its_owners(personas: Personas) -> None:
    token = api_token(personas.bob)
    request = RequestFactory().get("/api/v1/export", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert get_vault(request).user_id == personas.bob.pk
    row_hex = token.partition(".")[0]
    other = api_token(personas.charlie)
    spliced = f"{row_hex}.{other.partition('.')[2]}"
    request = RequestFactory().get("/api/v1/export", HTTP_AUTHORIZATION=f"Bearer {spliced}")
    with pytest.raises(VaultLocked):
        get_vault(request)


@pytest.mark.django_db
def test_the_decorator_sends_a_locked_browser_to_the_unlock_page() -> None:
    @vault_required
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(request.vault.user_id))  # type: ignore[attr-defined]

    request = _request_from(Client(), "/journal/?x=1")
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == "/account/unlock/?next=%2Fjournal%2F%3Fx%3D1"

    request = _request_from(Client(), "/journal/")
    request.htmx = True  # type: ignore[attr-defined]
    assert view(request)["HX-Redirect"].startswith("/account/unlock/")

    request = RequestFactory().get("/journal/data", HTTP_ACCEPT="application/json")
    response = view(request)
    assert response.status_code == 401
    assert "locked" in json.loads(response.content)["detail"]


@pytest.mark.django_db
def test_the_decorator_passes_the_vault_to_the_view(personas: Personas) -> None:
    @vault_required
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(request.vault.user_id))  # type: ignore[attr-defined]

    response = view(_request_from(unlocked_client(personas.dave)))
    assert response.content.decode() == str(personas.dave.pk)


@pytest.mark.django_db
def test_quick_exit_destroys_the_server_half(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    assert VaultSession.objects.filter(user=personas.alice).count() == 1
    client.get("/exit/")
    assert VaultSession.objects.filter(user=personas.alice).count() == 0


@pytest.mark.django_db
def test_deleting_an_account_destroys_keys_then_rows() -> None:
    from softlanding.accounts import keyring

    user = make_user("frank")
    unlocked_client(user)
    keyring.destroy_account(user)
    assert not User.objects.filter(username="frank").exists()
    assert not VaultKeys.objects.exists()
    assert not VaultSession.objects.exists()


@pytest.mark.django_db
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=1, max_size=30))
def test_a_record_sealed_for_one_persona_never_opens_for_another(personas: Personas, value: str) -> None:
    alice, charlie = vault_for(personas.alice), vault_for(personas.charlie)
    blob = alice.seal_json("t", ROW, "f", value)  # type: ignore[attr-defined]
    with pytest.raises(CryptoError):
        charlie.open_json("t", ROW, "f", blob)  # type: ignore[attr-defined]


PLACES = st.tuples(
    st.integers(1, 10**6),  # user
    st.sampled_from(["journal_episode", "journal_encounter", "together_agreement"]),  # table
    st.uuids().map(str),  # row
    st.sampled_from(["record", "note", "when"]),  # field
    st.integers(1, 3),  # schema version
)


@settings(max_examples=80, deadline=None)
@given(value=JSON, here=PLACES, there=PLACES, moved=st.sets(st.integers(0, 4), min_size=1))
def test_a_blob_moved_anywhere_else_fails_to_open(
    value: object,
    here: tuple[int, str, str, str, int],
    there: tuple[int, str, str, str, int],
    moved: set[int],
) -> None:
    """Change any mix of user, table, row, field and schema version: the blob
    fails to open, even when both users' vaults hold the same key."""
    target = tuple(there[i] if i in moved else here[i] for i in range(5))
    assume(target != here)
    key = crypto.random_key()
    user, table, row, field_name, schema = here
    blob = Vault(user_id=user, dek=key).seal_json(table, row, field_name, value, schema=schema)
    assert Vault(user_id=user, dek=key).open_json(table, row, field_name, blob, schema=schema) == value
    other_user, other_table, other_row, other_field, other_schema = target
    with pytest.raises(CryptoError):
        Vault(user_id=other_user, dek=key).open_json(other_table, other_row, other_field, blob, schema=other_schema)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_cache_holds_neither_the_data_key_nor_the_client_half(personas: Personas) -> None:
    from django.core.cache import caches

    client = unlocked_client(personas.alice)
    for path in ("/", "/account/", "/journal/", "/account/passphrase/"):
        client.get(path)
    dek = vault_for(personas.alice).dek  # type: ignore[attr-defined]
    cookie = client.cookies[COOKIE_NAME].value
    for alias in caches:
        stored = repr(getattr(caches[alias], "_cache", {})).encode()
        assert dek not in stored
        assert dek.hex().encode() not in stored
        assert cookie.encode() not in stored
