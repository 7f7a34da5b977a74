"""The account endpoints of the JSON API. They are a public contract (issue 3).

- ``POST /api/v1/account`` ``{"username", "passphrase"}`` -> 201 ``{"recovery_code"}``
- ``POST /api/v1/session`` ``{"username", "passphrase"}`` -> 200 ``{"token", "expires_at"}``
- ``DELETE /api/v1/session`` -> 204 (lock; the token stops working)
- ``GET /api/v1/export`` -> the export JSON
- ``POST /api/v1/import`` (an export JSON as the body) -> 201 or a clear 4xx
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from softlanding.accounts import keyring, portability, services
from softlanding.accounts.api_auth import VaultBearer
from softlanding.accounts.models import VaultSession
from softlanding.accounts.throttle import LockedOut, client_address
from softlanding.accounts.vault import end_session, start_session
from softlanding.lib import passwords

router = Router(tags=["account"])


class Problem(Schema):
    detail: str


class Credentials(Schema):
    username: str = Field(max_length=200, description="3 to 40 letters, digits, dots, dashes or underscores")
    passphrase: str = Field(max_length=passwords.MAX_LENGTH, description="at least 10 characters")


class AccountCreated(Schema):
    recovery_code: str = Field(description="Shown once. The only way in if the passphrase is lost.")


class SessionOut(Schema):
    token: str = Field(description="Send as 'Authorization: Bearer <token>'")
    expires_at: datetime = Field(description="The absolute end; an idle session ends sooner")


class Imported(Schema):
    imported: list[str]


def _fail(request: HttpRequest, status: int, message: str, retry_after: int | None = None) -> HttpResponse:
    from softlanding.api.api import api

    response = api.create_response(request, {"detail": message}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


BUSY = "Many unlocks are running right now. Please wait a moment and try again."


def _problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, LockedOut):
        message = f"Too many tries. Unlocking is paused for about {exc.minutes} minute(s). Nothing saved is affected."
        return _fail(request, 429, message, exc.retry_after)
    if isinstance(exc, keyring.Busy):
        return _fail(request, 503, BUSY, 5)
    return _fail(request, 401, str(exc))


@router.post(
    "/account",
    response={201: AccountCreated, 400: Problem, 409: Problem, 413: Problem, 422: Problem, 503: Problem},
    summary="Create an account",
    description="No email needed. The recovery code in the answer is never shown again.",
)
def create_account(request: HttpRequest, payload: Credentials) -> Any:
    try:
        account = services.sign_up(payload.username, payload.passphrase)
    except services.InvalidInput as exc:
        taken = any("taken" in p for p in exc.problems.get("username", []))
        return _fail(request, 409 if taken else 422, str(exc))
    except keyring.Busy as exc:
        return _problem(request, exc)
    return Status(201, {"recovery_code": account.recovery_code})


@router.post(
    "/session",
    response={200: SessionOut, 400: Problem, 401: Problem, 413: Problem, 422: Problem, 429: Problem, 503: Problem},
    summary="Unlock: get a session token",
)
def create_session(request: HttpRequest, payload: Credentials) -> Any:
    try:
        user, dek = services.unlock(payload.username, payload.passphrase, client_address(request))
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem(request, exc)
    new = start_session(user, dek, VaultSession.API)
    return Status(200, {"token": new.token, "expires_at": new.row.expires_at})


@router.delete(
    "/session",
    response={204: None, 401: Problem},
    auth=VaultBearer(),
    summary="Lock: end this session",
)
def delete_session(request: HttpRequest) -> Any:
    end_session(request)
    return Status(204, None)


@router.get(
    "/export",
    response={200: dict[str, Any], 401: Problem},
    auth=VaultBearer(),
    summary="Everything of this account, as one JSON document",
)
def export(request: HttpRequest) -> Any:
    return Status(200, portability.export_all(request.vault))  # type: ignore[attr-defined]


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
    }
}


@router.post(
    "/import",
    response={201: Imported, 400: Problem, 401: Problem, 409: Problem, 413: Problem},
    auth=VaultBearer(),
    openapi_extra=IMPORT_BODY,
    summary="Import an export document into this (empty) account",
)
def import_(request: HttpRequest) -> Any:
    limit = int(settings.VAULT_IMPORT_MAX_BYTES)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return _fail(request, 413, portability.too_large_message(limit))
    try:
        # Read at most one byte past our own limit, straight from the stream:
        # memory stays bounded even without a Content-Length, and Django's
        # general body limit does not override the import limit.
        raw = request.read(limit + 1)
    except (RawPostDataException, RequestDataTooBig, OSError):
        return _fail(request, 400, "The body could not be read.")
    try:
        data = portability.parse(raw, limit)
        imported = portability.import_all(request.vault, data)  # type: ignore[attr-defined]
    except portability.ImportRejected as exc:
        return _fail(request, exc.status, str(exc))
    return Status(201, {"imported": imported})
