"""The login verifier's hasher: Argon2id from libsodium at the vault's cost.

Why not Django's Argon2 hasher as it comes:

- its default cost (100 MiB, 8 lanes) differs from the key derivation. An
  attacker with a copy of the database attacks whichever is cheaper, so the
  verifier uses exactly the vault's memory and passes (one lane);
- libsodium's Argon2id is the same one the key derivation uses, and it is
  about twice as fast here as the argon2-cffi build, which matters because
  every unlock runs both (measured with ``python -m bench unlock``);
- the passphrase is NFC-normalised, as for the key derivation, so the check
  and the key never disagree about what was typed.

Format: ``sodium_argon2id$<passes>$<memory KiB>$<salt b64>$<hash b64>``.
Parameters live in each hash, so raising the settings re-hashes at the next
successful unlock (Django calls ``must_update``).
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare

from softlanding.lib import crypto


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


class SodiumArgon2idPasswordHasher(BasePasswordHasher):
    algorithm = "sodium_argon2id"

    def salt(self) -> str:
        return _b64(secrets.token_bytes(crypto.SALT_BYTES))

    @staticmethod
    def _params() -> tuple[int, int]:
        return int(settings.VAULT_KDF_PASSES), int(settings.VAULT_KDF_MEMORY_KIB)

    @staticmethod
    def _hash(password: str, salt: str, passes: int, memory_kib: int) -> str:
        return _b64(crypto.derive_key(password, _unb64(salt), passes, memory_kib * 1024))

    def encode(self, password: str, salt: str) -> str:
        passes, memory = self._params()
        return f"{self.algorithm}${passes}${memory}${salt}${self._hash(password, salt, passes, memory)}"

    def decode(self, encoded: str) -> dict[str, Any]:
        algorithm, passes, memory, salt, hashed = encoded.split("$", 4)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "passes": int(passes), "memory_kib": int(memory), "salt": salt, "hash": hashed}

    def verify(self, password: str, encoded: str) -> bool:
        try:
            decoded = self.decode(encoded)
            expected = self._hash(password, decoded["salt"], decoded["passes"], decoded["memory_kib"])
        except (ValueError, crypto.CryptoError):
            return False
        return constant_time_compare(expected, decoded["hash"])

    def must_update(self, encoded: str) -> bool:
        decoded = self.decode(encoded)
        return (decoded["passes"], decoded["memory_kib"]) != self._params()

    def harden_runtime(self, password: str, encoded: str) -> None:
        # Every hash is already at the current cost or is upgraded at once.
        return None

    def safe_summary(self, encoded: str) -> dict[Any, Any]:
        decoded = self.decode(encoded)
        return {
            "algorithm": decoded["algorithm"],
            "passes": decoded["passes"],
            "memory (KiB)": decoded["memory_kib"],
            "salt": mask_hash(decoded["salt"]),
            "hash": mask_hash(decoded["hash"]),
        }
