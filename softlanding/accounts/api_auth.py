"""django-ninja authentication with a vault session token.

Use ``auth=VaultBearer()`` on a router or operation. On success
``request.auth`` is the user and ``request.vault`` the unlocked :class:`Vault`.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from softlanding.accounts.vault import VaultLocked, get_vault, vault_user


class VaultBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        try:
            request.vault = get_vault(request)  # type: ignore[attr-defined]
        except VaultLocked as exc:
            if exc.reason == "expired":
                # Say why, so a client knows to unlock again rather than
                # suspect its token was mangled.
                raise HttpError(401, exc.message) from None
            return None
        return vault_user(request)
