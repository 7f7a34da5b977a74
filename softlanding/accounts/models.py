"""Key material and unlock state. Nothing here is readable without a secret
the user holds: every key is stored wrapped (sealed) under another key.

Key hierarchy (see docs/privacy.md)::

    passphrase --Argon2id(kdf_salt)------> KEK --wraps--> DEK (wrapped_dek)
    recovery code --Argon2id(recovery_salt)--> KEK' --wraps--> DEK (wrapped_dek_recovery)
    DEK --wraps--> X25519 private key (wrapped_private_key)
    DEK --seals--> every personal record (other apps, through Vault)
    client half (cookie / bearer token) --seals--> DEK (VaultSession.sealed_dek)
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class VaultKeys(models.Model):
    """One row per account: the wrapped data key and how to unwrap it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vault_keys")
    #: The generation of the data key; also the first byte of every blob it seals.
    key_version = models.PositiveSmallIntegerField(default=1)
    # Argon2id parameters are stored per user so they can be raised later.
    kdf_salt = models.BinaryField()
    kdf_passes = models.PositiveIntegerField()
    kdf_memory_kib = models.PositiveIntegerField()
    wrapped_dek = models.BinaryField()
    recovery_salt = models.BinaryField()
    recovery_passes = models.PositiveIntegerField()
    recovery_memory_kib = models.PositiveIntegerField()
    wrapped_dek_recovery = models.BinaryField()
    #: Not secret: partners seal shared keys to it.
    public_key = models.BinaryField()
    wrapped_private_key = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"vault keys {self.pk}"


class VaultSession(models.Model):
    """The server half of an unlocked session: the data key sealed under a
    random key that only the client holds (cookie or bearer token). Deleting
    the row locks the session for good, whatever the client still has."""

    WEB = "web"
    API = "api"
    KINDS = [(WEB, "browser"), (API, "API token")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vault_sessions")
    kind = models.CharField(max_length=3, choices=KINDS)
    sealed_dek = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"]), models.Index(fields=["last_seen"])]

    def __str__(self) -> str:
        return f"vault session {self.pk}"


class UnlockThrottle(models.Model):
    """Failed unlock attempts for one username or one address.

    The key is an HMAC of the name or address under the server secret, so the
    table does not list who tried to unlock from where. Rows are removed once
    their cool-off has long passed.
    """

    key = models.CharField(max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "unlock throttle"
