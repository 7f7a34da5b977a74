"""Creating, unwrapping and re-wrapping an account's keys.

Every Argon2id call made here runs inside :func:`kdf_slot`, a process-wide
semaphore: each call takes ``VAULT_KDF_MEMORY_KIB`` of memory, and a burst of
sign-ups or unlocks must queue instead of exhausting memory.

Functions that hold a passphrase, a recovery code or a key are marked with
``sensitive_variables`` so Django's error reports never print their locals.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.views.decorators.debug import sensitive_variables

from softlanding.accounts.models import VaultKeys, VaultSession
from softlanding.lib import crypto

# Crockford-like alphabet without 0/1/I/O, which people misread.
RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECOVERY_GROUPS = 8
RECOVERY_GROUP_LENGTH = 4  # 32 characters of 5 bits: 160 bits


class Busy(Exception):
    """Too many key derivations are running; the caller should retry soon."""


_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore() -> threading.BoundedSemaphore:
    # Built lazily so a changed setting (tests, benchmarks) takes effect.
    global _slots, _slots_size
    size = int(settings.VAULT_KDF_CONCURRENCY)
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


@contextmanager
def kdf_slot() -> Iterator[None]:
    """Hold one of the ``VAULT_KDF_CONCURRENCY`` derivation slots, waiting at
    most ``VAULT_KDF_WAIT_SECONDS``; raise :class:`Busy` when none frees up."""
    semaphore = _semaphore()
    if not semaphore.acquire(timeout=float(settings.VAULT_KDF_WAIT_SECONDS)):
        raise Busy
    try:
        yield
    finally:
        semaphore.release()


# --- Associated data ----------------------------------------------------------


def aad(*parts: object) -> bytes:
    """Unambiguous associated data: each part length-prefixed, so that
    ("ab", "c") and ("a", "bc") never collide."""
    out = bytearray()
    for part in parts:
        raw = str(part).encode("utf-8")
        out += len(raw).to_bytes(4, "big") + raw
    return bytes(out)


def _dek_aad(user_id: int, path: str, version: int) -> bytes:
    return aad("softlanding/dek", path, user_id, version)


def _private_key_aad(user_id: int) -> bytes:
    return aad("softlanding/x25519", user_id)


# --- Recovery codes -------------------------------------------------------------


def new_recovery_code() -> str:
    chars = [secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH)]
    groups = ["".join(chars[i : i + RECOVERY_GROUP_LENGTH]) for i in range(0, len(chars), RECOVERY_GROUP_LENGTH)]
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    """Upper case, without spaces or dashes: how it was typed does not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def last_group(code: str) -> str:
    return normalise_recovery_code(code)[-RECOVERY_GROUP_LENGTH:]


# --- Wrapping -------------------------------------------------------------------


def _params() -> tuple[int, int]:
    return int(settings.VAULT_KDF_PASSES), int(settings.VAULT_KDF_MEMORY_KIB)


@sensitive_variables()
def _derive(secret: str, salt: bytes, passes: int, memory_kib: int) -> bytes:
    return crypto.derive_key(secret, salt, passes, memory_kib * 1024)


@sensitive_variables()
def _wrap_passphrase(keys: VaultKeys, passphrase: str, dek: bytes) -> None:
    passes, memory = _params()
    keys.kdf_salt, keys.kdf_passes, keys.kdf_memory_kib = crypto.random_salt(), passes, memory
    kek = _derive(passphrase, keys.kdf_salt, passes, memory)
    keys.wrapped_dek = crypto.seal(kek, dek, _dek_aad(keys.user_id, "passphrase", keys.key_version), keys.key_version)


@sensitive_variables()
def _wrap_recovery(keys: VaultKeys, code: str, dek: bytes) -> None:
    passes, memory = _params()
    keys.recovery_salt, keys.recovery_passes, keys.recovery_memory_kib = crypto.random_salt(), passes, memory
    kek = _derive(normalise_recovery_code(code), keys.recovery_salt, passes, memory)
    keys.wrapped_dek_recovery = crypto.seal(
        kek, dek, _dek_aad(keys.user_id, "recovery", keys.key_version), keys.key_version
    )


@sensitive_variables()
def open_with_passphrase(keys: VaultKeys, passphrase: str) -> bytes:
    """The data key, or :class:`crypto.CryptoError` for a wrong passphrase."""
    kek = _derive(passphrase, bytes(keys.kdf_salt), keys.kdf_passes, keys.kdf_memory_kib)
    return crypto.open_sealed(kek, keys.wrapped_dek, _dek_aad(keys.user_id, "passphrase", keys.key_version))


@sensitive_variables()
def open_with_recovery_code(keys: VaultKeys, code: str) -> bytes:
    kek = _derive(
        normalise_recovery_code(code), bytes(keys.recovery_salt), keys.recovery_passes, keys.recovery_memory_kib
    )
    return crypto.open_sealed(kek, keys.wrapped_dek_recovery, _dek_aad(keys.user_id, "recovery", keys.key_version))


def needs_rewrap(keys: VaultKeys) -> bool:
    """True when the settings ask for a stronger derivation than this user's."""
    return (keys.kdf_passes, keys.kdf_memory_kib) != _params()


def open_private_key(keys: VaultKeys, dek: bytes) -> bytes:
    return crypto.open_sealed(dek, keys.wrapped_private_key, _private_key_aad(keys.user_id))


# --- Account operations -----------------------------------------------------------


@dataclass
class NewAccount:
    user: User
    recovery_code: str
    dek: bytes = field(repr=False)


@sensitive_variables()
def create_account(username: str, passphrase: str) -> NewAccount:
    """A user with fresh keys. The caller has validated name and passphrase
    and holds a :func:`kdf_slot`. The recovery code is returned once and never
    stored."""
    dek = crypto.random_key()
    code = new_recovery_code()
    public, private = crypto.generate_keypair()
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=passphrase)
        keys = VaultKeys(user=user, public_key=public)
        keys.wrapped_private_key = crypto.seal(dek, private, _private_key_aad(user.pk), keys.key_version)
        _wrap_passphrase(keys, passphrase, dek)
        _wrap_recovery(keys, code, dek)
        keys.save()
    return NewAccount(user=user, recovery_code=code, dek=dek)


@sensitive_variables()
def rewrap_passphrase(keys: VaultKeys, passphrase: str, dek: bytes) -> None:
    """Wrap the same data key under a (new) passphrase; nothing else changes."""
    _wrap_passphrase(keys, passphrase, dek)
    keys.save(update_fields=["kdf_salt", "kdf_passes", "kdf_memory_kib", "wrapped_dek"])


@sensitive_variables()
def change_passphrase(user: User, dek: bytes, new_passphrase: str, keep_session: VaultSession | None) -> None:
    """Re-wrap the data key, replace the login verifier, end other sessions."""
    keys = user.vault_keys
    with transaction.atomic():
        rewrap_passphrase(keys, new_passphrase, dek)
        user.set_password(new_passphrase)
        user.save(update_fields=["password"])
        others = VaultSession.objects.filter(user=user)
        if keep_session is not None:
            others = others.exclude(pk=keep_session.pk)
        others.delete()


@sensitive_variables()
def regenerate_recovery_code(user: User, dek: bytes) -> str:
    """A new code; the old one stops working (its wrapped copy is replaced)."""
    keys = user.vault_keys
    code = new_recovery_code()
    _wrap_recovery(keys, code, dek)
    keys.save(update_fields=["recovery_salt", "recovery_passes", "recovery_memory_kib", "wrapped_dek_recovery"])
    return code


@sensitive_variables()
def recover(user: User, dek: bytes, new_passphrase: str) -> str:
    """After the recovery code opened ``dek``: new passphrase, new code, every
    session ended. Returns the new code."""
    keys = user.vault_keys
    with transaction.atomic():
        rewrap_passphrase(keys, new_passphrase, dek)
        code = regenerate_recovery_code(user, dek)
        user.set_password(new_passphrase)
        user.save(update_fields=["password"])
        VaultSession.objects.filter(user=user).delete()
    return code


def destroy_account(user: User) -> None:
    """Delete an account: keys first, then rows.

    The wrapped keys are overwritten and deleted, and every session half
    removed, in their own committed transaction. From then on the sealed
    records are unreadable noise, even if deleting the rows fails or a backup
    of them survives.
    """
    with transaction.atomic():
        junk = crypto.random_key()
        VaultKeys.objects.filter(user=user).update(
            wrapped_dek=junk, wrapped_dek_recovery=junk, wrapped_private_key=junk, kdf_salt=junk[:16]
        )
        VaultKeys.objects.filter(user=user).delete()
        VaultSession.objects.filter(user=user).delete()
    with transaction.atomic():
        user.delete()
    _flush_sqlite_wal()


def _flush_sqlite_wal() -> None:
    """SQLite keeps old page images in the -wal file until a checkpoint, and
    one of them may still hold the wrapped keys. Copy the WAL into the main
    file (where secure_delete has zeroed the freed pages) and truncate it."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return  # inside an outer transaction the checkpoint would be refused
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
