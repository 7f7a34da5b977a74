"""The cryptographic primitives of the vault: a thin, tested wrapper over PyNaCl.

Nothing here is home-made: key derivation is libsodium's Argon2id, sealing is
XChaCha20-Poly1305 (IETF AEAD), key pairs are X25519 with libsodium sealed
boxes. This module only fixes the formats, so every caller gets them right.

Blob format (everything :func:`seal` returns)::

    version (1 byte) || nonce (24 bytes) || ciphertext || tag (16 bytes)

The version byte names the key generation the blob was sealed with (so keys
can be rotated later: an opener picks the key by this byte) and is itself
authenticated: it is prepended to the associated data, so changing it makes
the blob fail to open. Nonces are random; 24 bytes make collisions negligible
for any number of blobs one key will ever seal.

No Django imports: this module is usable (and tested) on its own.
"""

from __future__ import annotations

import unicodedata

import nacl.bindings as sodium
import nacl.exceptions
import nacl.public
import nacl.pwhash.argon2id as argon2id
import nacl.utils

#: What a database driver may hand back for a binary column.
Blob = bytes | bytearray | memoryview

KEY_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES  # 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24
TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES  # 16
SALT_BYTES = argon2id.SALTBYTES  # 16
#: The version byte of blobs sealed today. Versions 1..255 are valid.
CURRENT_VERSION = 1
OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES
#: Smallest padded size and step: every short value (a mood, a yes/no) looks alike.
MIN_PADDED = 64

# Argon2id limits libsodium accepts; checked here so a bad setting fails with
# a readable message instead of a bare libsodium error.
OPSLIMIT_MIN = argon2id.OPSLIMIT_MIN
MEMLIMIT_MIN = argon2id.MEMLIMIT_MIN


class CryptoError(Exception):
    """A blob could not be opened (wrong key, tampered, moved, truncated) or
    an input was unusable. The message never contains key material."""


def random_key() -> bytes:
    """A fresh 32-byte secret key from the operating system's CSPRNG."""
    return nacl.utils.random(KEY_BYTES)


def random_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


def normalise_secret(secret: str) -> bytes:
    """The bytes a passphrase or recovery code is derived from.

    NFC normalisation: the same passphrase typed on two keyboards (composed
    "é" versus "e" + combining accent) must give the same key.
    """
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def derive_key(secret: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    """Argon2id (libsodium, parallelism 1): ``memlimit`` bytes, ``opslimit`` passes."""
    if len(salt) != SALT_BYTES:
        raise CryptoError(f"the salt must be {SALT_BYTES} bytes")
    if opslimit < OPSLIMIT_MIN or memlimit < MEMLIMIT_MIN:
        raise CryptoError(f"Argon2id needs at least {OPSLIMIT_MIN} pass(es) and {MEMLIMIT_MIN} bytes of memory")
    try:
        return argon2id.kdf(KEY_BYTES, normalise_secret(secret), salt, opslimit=opslimit, memlimit=memlimit)
    except (nacl.exceptions.CryptoError, MemoryError) as exc:
        raise CryptoError("key derivation failed") from exc


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise CryptoError(f"a key must be {KEY_BYTES} bytes")


def _full_aad(version: int, aad: bytes) -> bytes:
    return bytes([version]) + aad


def seal_with_nonce(key: bytes, plaintext: bytes, aad: bytes, nonce: bytes, version: int = CURRENT_VERSION) -> bytes:
    """:func:`seal` with a caller-chosen nonce. Only for pinned test vectors:
    reusing a nonce with the same key breaks confidentiality."""
    _check_key(key)
    if not 1 <= version <= 255:
        raise CryptoError("the version must be between 1 and 255")
    if len(nonce) != NONCE_BYTES:
        raise CryptoError(f"the nonce must be {NONCE_BYTES} bytes")
    ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes(plaintext), _full_aad(version, bytes(aad)), nonce, key
    )
    return bytes([version]) + nonce + ciphertext


def seal(key: bytes, plaintext: bytes, aad: bytes, version: int = CURRENT_VERSION) -> bytes:
    """Encrypt and authenticate ``plaintext``; ``aad`` is authenticated, not stored."""
    return seal_with_nonce(key, plaintext, aad, nacl.utils.random(NONCE_BYTES), version)


def blob_version(blob: Blob) -> int:
    """The key version a blob was sealed with (its first byte)."""
    if len(blob) < OVERHEAD:
        raise CryptoError("the sealed value is truncated")
    return blob[0]


def open_sealed(key: bytes, blob: Blob, aad: bytes) -> bytes:
    """Open a blob from :func:`seal`. Raises :class:`CryptoError` on any
    mismatch: wrong key, other associated data, a flipped bit, truncation."""
    _check_key(key)
    blob = bytes(blob)  # memoryview from some database drivers
    version = blob_version(blob)
    if version == 0:
        raise CryptoError("unknown sealed format")
    nonce, ciphertext = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, _full_aad(version, bytes(aad)), nonce, key)
    except nacl.exceptions.CryptoError:
        raise CryptoError("the sealed value could not be opened") from None


# --- Padding ----------------------------------------------------------------
# Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
# Communication with PURBs", 2019): a length L is rounded up so that only
# about log2(log2(L)) bits of it remain, at most ~12% overhead. A 0x80 marker
# followed by zeros (ISO/IEC 7816-4) makes the padding removable.


def padded_length(length: int) -> int:
    """The bucket a plaintext of ``length`` bytes (marker included) is padded to.

    Short values first round up to a multiple of ``MIN_PADDED`` (Padmé alone
    is too fine-grained below a few hundred bytes), then Padmé applies.
    """
    length = max(MIN_PADDED, -(-length // MIN_PADDED) * MIN_PADDED)
    exponent = length.bit_length() - 1
    size_bits = exponent.bit_length()
    mask = (1 << (exponent - size_bits)) - 1 if exponent > size_bits else 0
    return (length + mask) & ~mask


def pad(data: bytes) -> bytes:
    data = bytes(data)
    target = padded_length(len(data) + 1)
    return data + b"\x80" + b"\x00" * (target - len(data) - 1)


def unpad(data: Blob) -> bytes:
    data = bytes(data)
    end = data.rfind(b"\x80")
    if end < 0 or data[end + 1 :].strip(b"\x00") != b"":
        raise CryptoError("the padding is damaged")
    return data[:end]


# --- Key pairs (partners) ---------------------------------------------------


def generate_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as ``(public_key, private_key)``, 32 bytes each."""
    private = nacl.public.PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def seal_to(public_key: bytes, plaintext: bytes) -> bytes:
    """Anonymous sealed box: only the holder of the matching private key can
    open it (used to hand a shared document's key to each member)."""
    try:
        return bytes(nacl.public.SealedBox(nacl.public.PublicKey(bytes(public_key))).encrypt(bytes(plaintext)))
    except (nacl.exceptions.CryptoError, TypeError, ValueError) as exc:
        raise CryptoError("could not seal to that public key") from exc


def open_from(private_key: bytes, blob: Blob) -> bytes:
    try:
        return bytes(nacl.public.SealedBox(nacl.public.PrivateKey(bytes(private_key))).decrypt(bytes(blob)))
    except (nacl.exceptions.CryptoError, TypeError, ValueError):
        raise CryptoError("the sealed box could not be opened") from None


def public_key_of(private_key: bytes) -> bytes:
    return bytes(nacl.public.PrivateKey(bytes(private_key)).public_key)
