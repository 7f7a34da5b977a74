"""The account endpoints are a contract (issue 3); these tests pin it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from softlanding.accounts.models import VaultSession
from softlanding.test import PASSPHRASE, Personas, api_token

GOOD = "a long enough passphrase"


def _post(path: str, body: object, token: str | None = None) -> object:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().post(path, json.dumps(body), content_type="application/json", headers=headers)


def _json(response: object) -> dict[str, object]:
    return json.loads(response.content)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_creating_an_account_answers_201_with_the_recovery_code_only() -> None:
    response = _post("/api/v1/account", {"username": "robin", "passphrase": GOOD})
    assert response.status_code == 201  # type: ignore[attr-defined]
    body = _json(response)
    assert list(body) == ["recovery_code"]
    assert len(str(body["recovery_code"]).replace("-", "")) == 32


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"username": "robin", "passphrase": "short"}, 422, "at least 10 characters"),
        ({"username": "robin", "passphrase": "1234567890"}, 422, "easy to guess"),
        ({"username": "a b", "passphrase": GOOD}, 422, "3 to 40 letters"),
        ({"username": "robin"}, 422, "passphrase"),
        ({"username": "robin", "passphrase": "x\u0000" * 6}, 422, "cannot be used"),
    ],
)
def test_bad_sign_ups_get_a_readable_detail(body: dict[str, str], status: int, message: str) -> None:
    response = _post("/api/v1/account", body)
    assert response.status_code == status  # type: ignore[attr-defined]
    assert message in str(_json(response)["detail"])


@pytest.mark.django_db
def test_a_taken_username_is_a_409() -> None:
    _post("/api/v1/account", {"username": "robin", "passphrase": GOOD})
    response = _post("/api/v1/account", {"username": "Robin", "passphrase": GOOD})
    assert response.status_code == 409  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_session_gives_a_token_and_its_absolute_end(personas: Personas) -> None:
    response = _post("/api/v1/session", {"username": "alice", "passphrase": PASSPHRASE})
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = _json(response)
    assert set(body) == {"token", "expires_at"}
    expires = datetime.fromisoformat(str(body["expires_at"]).replace("Z", "+00:00"))
    assert timedelta(hours=11) < expires - timezone.now() <= timedelta(hours=12)
    export = Client().get("/api/v1/export", headers={"Authorization": f"Bearer {body['token']}"})
    assert export.status_code == 200
    assert _json(export)["_meta"]["format"] == "softlanding-export"  # type: ignore[index]


@pytest.mark.django_db
def test_wrong_passphrase_and_unknown_user_get_the_same_401(personas: Personas) -> None:
    wrong = _post("/api/v1/session", {"username": "alice", "passphrase": "not the passphrase"})
    unknown = _post("/api/v1/session", {"username": "nobody", "passphrase": "not the passphrase"})
    assert wrong.status_code == unknown.status_code == 401  # type: ignore[attr-defined]
    assert (
        _json(wrong)
        == _json(unknown)
        == {"detail": "That username and passphrase do not match. Check them and try again."}
    )


@pytest.mark.django_db
def test_too_many_tries_is_a_429_with_retry_after(personas: Personas) -> None:
    for _ in range(5):
        _post("/api/v1/session", {"username": "alice", "passphrase": "not the passphrase"})
    response = _post("/api/v1/session", {"username": "alice", "passphrase": PASSPHRASE})
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert int(response["Retry-After"]) > 0  # type: ignore[index]
    assert "Too many tries" in str(_json(response)["detail"])


@pytest.mark.django_db
def test_deleting_the_session_locks_the_token(personas: Personas) -> None:
    token = api_token(personas.alice)
    auth = {"Authorization": f"Bearer {token}"}
    assert Client().delete("/api/v1/session", headers=auth).status_code == 204
    response = Client().get("/api/v1/export", headers=auth)
    assert response.status_code == 401
    assert "detail" in _json(response)
    assert not VaultSession.objects.exists()


@pytest.mark.django_db
def test_an_expired_token_says_the_session_ended(personas: Personas) -> None:
    token = api_token(personas.alice)
    VaultSession.objects.update(last_seen=timezone.now() - timedelta(hours=1))
    response = Client().get("/api/v1/export", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "Nothing you saved is lost" in str(_json(response)["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Bearer abc.def", "Basic YWxpY2U6eA=="])
def test_missing_or_malformed_tokens_are_401_json(header: str) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client().get("/api/v1/export", headers=headers)
    assert response.status_code == 401
    assert "detail" in _json(response)


@pytest.mark.django_db
def test_a_browser_cookie_is_not_a_bearer_token(personas: Personas) -> None:
    from softlanding.test import unlocked_client

    browser = unlocked_client(personas.alice)
    assert browser.get("/api/v1/export").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "status", "message"),
    [
        (b"{", 400, "could not be read"),
        (b'{"entries": []}', 400, "not a Soft Landing export"),
        (b'{"_meta": {"format": "softlanding-export", "version": 1}, "mystery": 1}', 400, "does not know"),
    ],
)
def test_import_answers_bad_files_with_a_clear_4xx(personas: Personas, raw: bytes, status: int, message: str) -> None:
    token = api_token(personas.alice)
    response = Client().post(
        "/api/v1/import", raw, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == status
    assert message in str(_json(response)["detail"])


@pytest.mark.django_db
def test_import_refuses_a_too_large_body(personas: Personas, settings: object) -> None:
    settings.VAULT_IMPORT_MAX_BYTES = 100  # type: ignore[attr-defined]
    token = api_token(personas.alice)
    body = json.dumps({"_meta": {"format": "softlanding-export", "version": 1}, "pad": "x" * 200})
    response = Client().post(
        "/api/v1/import", body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_an_export_imports_into_a_fresh_account(personas: Personas) -> None:
    exported = Client().get("/api/v1/export", headers={"Authorization": f"Bearer {api_token(personas.alice)}"})
    response = Client().post(
        "/api/v1/import",
        exported.content,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token(personas.charlie)}"},
    )
    assert response.status_code == 201
    assert "imported" in _json(response)


@pytest.mark.django_db
def test_the_schema_documents_the_contract() -> None:
    spec = _json(Client().get("/api/v1/openapi.json"))
    paths = spec["paths"]
    assert set(paths["/api/v1/account"]) >= {"post"}  # type: ignore[index]
    assert set(paths["/api/v1/session"]) >= {"post", "delete"}  # type: ignore[index]
    assert "get" in paths["/api/v1/export"]  # type: ignore[index]
    assert "post" in paths["/api/v1/import"]  # type: ignore[index]
    assert "201" in paths["/api/v1/account"]["post"]["responses"]  # type: ignore[index]


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404() -> None:
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "openapi.json" in str(_json(response)["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), [("put", "/api/v1/session"), ("get", "/api/v1/account")])
def test_a_method_an_operation_does_not_take_is_a_json_405(method: str, path: str) -> None:
    response = getattr(Client(), method)(path)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "POST" in response["Allow"]
    assert "does not take" in str(_json(response)["detail"])


@pytest.mark.django_db
def test_an_unexpected_error_is_json_and_logs_no_personal_input(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    from softlanding.accounts import services

    settings.DEBUG = True  # type: ignore[attr-defined]  # django-ninja would answer with a traceback

    def broken(username: str, passphrase: str, address: str) -> None:
        raise RuntimeError(f"could not handle {passphrase}")

    monkeypatch.setattr(services, "unlock", broken)
    response = _post("/api/v1/session", {"username": "alice", "passphrase": "CanaryPassphraseQz"})
    assert response.status_code == 500  # type: ignore[attr-defined]
    assert _json(response) == {"detail": "Something went wrong on our side. Please try again in a moment."}
    assert "RuntimeError" in caplog.text
    assert "CanaryPassphraseQz" not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/account", "/api/v1/session"])
def test_a_body_over_djangos_limit_is_a_declared_json_413(path: str, settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    response = _post(path, {"username": "robin", "passphrase": "x" * 2000})
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "too large" in str(_json(response)["detail"])
    spec = _json(Client().get("/api/v1/openapi.json"))
    assert "413" in spec["paths"][path]["post"]["responses"]  # type: ignore[index]
