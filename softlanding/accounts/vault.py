"""The Django side of the vault: sealing personal data, and unlocked sessions.

Other apps use four names from here::

    vault = get_vault(request)          # or @vault_required -> request.vault
    blob = vault.seal_json("journal_episode", str(row.id), "record", {...})
    value = vault.open_json("journal_episode", str(row.id), "record", blob)
    raise VaultLocked                   # when there is no unlocked vault

An unlocked session is a :class:`VaultSession` row holding the data key
sealed under a random client key. The browser keeps that key in an HttpOnly,
SameSite=Strict cookie and its Django session holds only the row id; an API
client gets both in its bearer token. Neither the data key nor the client key
is ever written to the session store, the cache, a log or a file.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from softlanding.accounts import keyring
from softlanding.accounts.models import VaultKeys, VaultSession
from softlanding.lib import crypto
from softlanding.lib.crypto import CryptoError

__all__ = [
    "COOKIE_NAME",
    "CryptoError",
    "Vault",
    "VaultLocked",
    "get_vault",
    "lock",
    "start_session",
    "vault_required",
]

#: The cookie holding the browser's client half.
COOKIE_NAME = "sl_vault"
#: Django session key holding the VaultSession id (never a key).
SESSION_KEY = "vault_session"
#: Bound into every record's associated data; bump if the record encoding changes.
SCHEMA_VERSION = 1
#: last_seen is written at most this often, so reading pages does not write
#: to the database on every request.
TOUCH_EVERY = timedelta(seconds=30)

MESSAGES = {
    "locked": "Your private space is locked. Unlock it to go on.",
    "expired": "Your session ended after a quiet spell or a long day, so your private space locked itself. "
    "Nothing you saved is lost. Unlock it to go on.",
}


class VaultLocked(Exception):
    """There is no unlocked vault for this request. ``reason`` is "locked" or
    "expired" (an idle or absolute timeout ended the session)."""

    def __init__(self, reason: str = "locked") -> None:
        super().__init__(MESSAGES.get(reason, MESSAGES["locked"]))
        self.reason = reason

    @property
    def message(self) -> str:
        return str(self)


@dataclass
class Vault:
    """An unlocked vault: seals and opens one user's personal data."""

    user_id: int
    dek: bytes = field(repr=False)
    key_version: int = 1
    session_id: uuid.UUID | None = None

    def _aad(self, table: str, row_id: object, field_name: str, schema: int) -> bytes:
        return keyring.aad("softlanding/record", schema, self.user_id, table, str(row_id), field_name)

    def seal_bytes(
        self, table: str, row_id: object, field_name: str, data: bytes, schema: int = SCHEMA_VERSION
    ) -> bytes:
        aad = self._aad(table, row_id, field_name, schema)
        return crypto.seal(self.dek, crypto.pad(data), aad, self.key_version)

    def open_bytes(
        self, table: str, row_id: object, field_name: str, blob: bytes, schema: int = SCHEMA_VERSION
    ) -> bytes:
        if blob is None:
            raise CryptoError("there is no sealed value")
        blob = bytes(blob)
        if crypto.blob_version(blob) != self.key_version:
            raise CryptoError("this value was sealed with a key this vault does not hold")
        return crypto.unpad(crypto.open_sealed(self.dek, blob, self._aad(table, row_id, field_name, schema)))

    def seal_json(self, table: str, row_id: object, field: str, value: object, schema: int = SCHEMA_VERSION) -> bytes:
        """JSON-serialise ``value`` (dates, UUIDs and decimals become strings),
        pad it and seal it, bound to this user, table, row, field and schema."""
        data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
        return self.seal_bytes(table, row_id, field, data.encode("utf-8"), schema)

    def open_json(self, table: str, row_id: object, field: str, blob: bytes, schema: int = SCHEMA_VERSION) -> object:
        """The value sealed by :meth:`seal_json`; :class:`CryptoError` if the blob
        was tampered with, moved to another row, field or user, or is not ours."""
        data = self.open_bytes(table, row_id, field, blob, schema)
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise CryptoError("the sealed value is not JSON") from None

    # --- Partners: the user's X25519 key pair -----------------------------

    def public_key(self) -> bytes:
        return bytes(VaultKeys.objects.get(user_id=self.user_id).public_key)

    def private_key(self) -> bytes:
        return keyring.open_private_key(VaultKeys.objects.get(user_id=self.user_id), self.dek)

    def open_from_partner(self, blob: bytes) -> bytes:
        """Open a sealed box addressed to this user's public key (see
        :func:`softlanding.lib.crypto.seal_to` and :func:`public_key_for`)."""
        return crypto.open_from(self.private_key(), blob)


def public_key_for(user: User | int) -> bytes:
    """Another user's public key, to seal a shared document key to them."""
    user_id = user if isinstance(user, int) else user.pk
    return bytes(VaultKeys.objects.get(user_id=user_id).public_key)


# --- Sessions ---------------------------------------------------------------------


def _session_aad(session_id: uuid.UUID, user_id: int) -> bytes:
    return keyring.aad("softlanding/session", session_id, user_id)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise CryptoError("malformed key") from None


def _idle() -> timedelta:
    return timedelta(minutes=int(settings.IDLE_TIMEOUT_MINUTES))


def _absolute() -> timedelta:
    return timedelta(seconds=int(settings.SESSION_COOKIE_AGE))


def sweep_expired(now: datetime | None = None) -> int:
    """Delete every session half past its idle or absolute timeout."""
    now = now or timezone.now()
    deleted, _ = VaultSession.objects.filter(Q(expires_at__lte=now) | Q(last_seen__lte=now - _idle())).delete()
    return deleted


@dataclass
class NewSession:
    row: VaultSession
    client_key: bytes = field(repr=False)

    @property
    def token(self) -> str:
        """The bearer token: the row id and the client half, together."""
        return f"{self.row.pk.hex}.{_b64(self.client_key)}"


def start_session(user: User, dek: bytes, kind: str) -> NewSession:
    """Seal ``dek`` under a fresh client key and keep only the sealed copy."""
    sweep_expired()
    now = timezone.now()
    client_key = crypto.random_key()
    row = VaultSession(user=user, kind=kind, last_seen=now, expires_at=now + _absolute())
    row.sealed_dek = crypto.seal(client_key, dek, _session_aad(row.pk, user.pk))
    row.save()
    return NewSession(row=row, client_key=client_key)


def open_browser_session(request: HttpRequest, user: User, dek: bytes) -> NewSession:
    """Log the browser in and keep the server half. The caller must hand the
    client half over with :func:`set_cookie`. Call this before rendering a
    page: logging in rotates the CSRF token."""
    login(request, user)  # rotates the Django session id and the CSRF token
    new = start_session(user, dek, VaultSession.WEB)
    request.session[SESSION_KEY] = str(new.row.pk)
    return new


def start_browser_session(request: HttpRequest, response: HttpResponse, user: User, dek: bytes) -> NewSession:
    """Log the browser in and hand it the client half in a cookie."""
    new = open_browser_session(request, user, dek)
    set_cookie(response, new.client_key)
    return new


def set_cookie(response: HttpResponse, client_key: bytes) -> None:
    # No max_age: a browser-session cookie, like Django's own session cookie
    # here, so the client half is not kept in the browser's cookie file on
    # disk. The absolute timeout is enforced on the server either way.
    response.set_cookie(
        COOKIE_NAME,
        _b64(client_key),
        path="/",
        secure=bool(settings.SESSION_COOKIE_SECURE),
        httponly=True,
        samesite="Strict",
    )


def parse_token(token: str) -> tuple[uuid.UUID, bytes]:
    row_hex, _, key_text = token.strip().partition(".")
    try:
        row_id = uuid.UUID(hex=row_hex)
    except ValueError:
        raise CryptoError("malformed token") from None
    key = _unb64(key_text)
    if len(key) != crypto.KEY_BYTES:
        raise CryptoError("malformed token")
    return row_id, key


def _bearer(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _client_half(request: HttpRequest) -> tuple[uuid.UUID, bytes, str] | None:
    """(row id, client key, kind) presented by this request, if any."""
    token = _bearer(request)
    if token is not None:
        try:
            row_id, key = parse_token(token)
        except CryptoError:
            return None
        return row_id, key, VaultSession.API
    session = getattr(request, "session", None)
    raw_id = session.get(SESSION_KEY) if session is not None else None
    cookie = request.COOKIES.get(COOKIE_NAME)
    if not raw_id or not cookie:
        return None
    try:
        return uuid.UUID(str(raw_id)), _unb64(cookie), VaultSession.WEB
    except (ValueError, CryptoError):
        return None


def browser_client_key(request: HttpRequest) -> bytes | None:
    """The client half in this browser's cookie (None without a usable one)."""
    cookie = request.COOKIES.get(COOKIE_NAME)
    if not cookie:
        return None
    try:
        key = _unb64(cookie)
    except CryptoError:
        return None
    return key if len(key) == crypto.KEY_BYTES else None


def _expired(row: VaultSession, now: datetime) -> bool:
    return row.expires_at <= now or row.last_seen <= now - _idle()


def _open_session(request: HttpRequest) -> tuple[VaultSession, Vault]:
    presented = _client_half(request)
    if presented is None:
        raise VaultLocked("locked")
    row_id, client_key, kind = presented
    row = VaultSession.objects.filter(pk=row_id, kind=kind).select_related("user", "user__vault_keys").first()
    if row is None:
        raise VaultLocked("expired" if kind == VaultSession.WEB else "locked")
    now = timezone.now()
    if _expired(row, now):
        row.delete()
        raise VaultLocked("expired")
    if kind == VaultSession.WEB and getattr(request, "user", None) is not None and request.user.pk != row.user_id:
        raise VaultLocked("locked")
    try:
        dek = crypto.open_sealed(client_key, row.sealed_dek, _session_aad(row.pk, row.user_id))
    except CryptoError:
        raise VaultLocked("locked") from None
    if now - row.last_seen >= TOUCH_EVERY:
        VaultSession.objects.filter(pk=row.pk).update(last_seen=now)
        sweep_expired(now)
    version = row.user.vault_keys.key_version
    return row, Vault(user_id=row.user_id, dek=dek, key_version=version, session_id=row.pk)


def get_vault(request: HttpRequest) -> Vault:
    """The unlocked vault for this browser session or bearer token, or
    :class:`VaultLocked`. Cached on the request."""
    cached = getattr(request, "_softlanding_vault", None)
    if cached is not None:
        return cast(Vault, cached)
    try:
        row, vault = _open_session(request)
    except VaultLocked as exc:
        if exc.reason == "expired" and _bearer(request) is None:
            _end_browser_login(request)
        raise
    request._softlanding_vault = vault  # type: ignore[attr-defined]
    request._softlanding_vault_user = row.user  # type: ignore[attr-defined]
    return vault


def vault_user(request: HttpRequest) -> User:
    """The user whose vault :func:`get_vault` opened for this request."""
    get_vault(request)
    return cast(User, request._softlanding_vault_user)  # type: ignore[attr-defined]


def _end_browser_login(request: HttpRequest) -> None:
    if getattr(request, "session", None) is not None and getattr(request, "user", None) is not None:
        logout(request)


def end_session(request: HttpRequest) -> None:
    """Destroy the server half this request presents (cookie or token)."""
    presented = _client_half(request)
    if presented is not None:
        VaultSession.objects.filter(pk=presented[0]).delete()


def lock(request: HttpRequest, response: HttpResponse | None = None) -> None:
    """Lock: delete the server half, log the browser out, drop the cookie."""
    end_session(request)
    if _bearer(request) is None:
        _end_browser_login(request)
        if response is not None:
            response.delete_cookie(COOKIE_NAME, path="/", samesite="Strict")


def end_all_sessions(user: User) -> None:
    VaultSession.objects.filter(user=user).delete()


def current_session(request: HttpRequest) -> VaultSession | None:
    vault = get_vault(request)
    if vault.session_id is None:
        return None
    return VaultSession.objects.filter(pk=vault.session_id).first()


# --- The decorator ------------------------------------------------------------------


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept)


def safe_next(request: HttpRequest, candidate: str | None, default: str = "/") -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def unlock_url(next_path: str, reason: str = "locked") -> str:
    query = {"next": next_path}
    if reason == "expired":
        query["ended"] = "1"
    return f"{settings.LOGIN_URL}?{urlencode(query)}"


def locked_response(request: HttpRequest, exc: VaultLocked) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": exc.message}, status=401)
    url = unlock_url(request.get_full_path(), exc.reason)
    if getattr(request, "htmx", False):
        # htmx follows HX-Redirect instead of swapping this (empty) body.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
    else:
        response = HttpResponseRedirect(url)
    if COOKIE_NAME in request.COOKIES:
        # The half it paired with is gone; a stale cookie only confuses.
        response.delete_cookie(COOKIE_NAME, path="/", samesite="Strict")
    return response


def vault_required[ViewFunc: Callable[..., HttpResponse]](view: ViewFunc) -> ViewFunc:
    """Run ``view`` only with an unlocked vault, available as ``request.vault``.

    Otherwise a browser goes to the unlock page (htmx: ``HX-Redirect``) and
    a JSON client gets 401 ``{"detail": ...}``.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            request.vault = get_vault(request)  # type: ignore[attr-defined]
        except VaultLocked as exc:
            return locked_response(request, exc)
        return view(request, *args, **kwargs)

    return cast(ViewFunc, wrapper)
