"""The primitives in softlanding.lib.crypto: pinned vectors and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softlanding.lib import crypto
from softlanding.lib.crypto import CryptoError

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))

# draft-irtf-cfrg-xchacha-03, appendix A.3.1: the raw AEAD we build on.
DRAFT_KEY = bytes(range(0x80, 0xA0))
DRAFT_NONCE = bytes(range(0x40, 0x58))
DRAFT_AAD = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
DRAFT_PLAINTEXT = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
DRAFT_CIPHERTEXT = bytes.fromhex(
    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216"
    "cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13"
    "b52ec0875924c1c7987947deafd8780acf49"
)


def test_the_aead_matches_the_published_xchacha20_poly1305_vector() -> None:
    import nacl.bindings as sodium

    out = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(DRAFT_PLAINTEXT, DRAFT_AAD, DRAFT_NONCE, DRAFT_KEY)
    assert out == DRAFT_CIPHERTEXT


def test_our_blob_format_is_pinned() -> None:
    # version byte || nonce || ciphertext+tag, with the version byte bound into the AAD.
    blob = crypto.seal_with_nonce(KEY, b"soft landing", b"aad", bytes(range(24)))
    assert blob.hex() == (
        "01000102030405060708090a0b0c0d0e0f1011121314151617edad690bb0beecc0572d48a920f60dc45dfd8cd44e32afb6076e5f56"
    )
    assert crypto.open_sealed(KEY, blob, b"aad") == b"soft landing"


def test_key_derivation_is_pinned_argon2id() -> None:
    key = crypto.derive_key("correct horse battery staple", bytes(range(16)), 1, 8192)
    assert key.hex() == "d17ea6341ca93da6079ea2f64dc4aa31dd1aaf9caa67fb42ac4afd0714706f26"


def test_key_derivation_normalises_unicode_so_keyboards_agree() -> None:
    salt = bytes(16)
    composed = crypto.derive_key("caf\u00e9 au lait, s'il vous pla\u00eet", salt, 1, 8192)
    decomposed = crypto.derive_key("cafe\u0301 au lait, s'il vous plai\u0302t", salt, 1, 8192)
    assert composed == decomposed


@pytest.mark.parametrize(
    ("salt", "ops", "mem"),
    [(b"short", 1, 8192), (bytes(16), 0, 8192), (bytes(16), 1, 1024)],
)
def test_key_derivation_refuses_unusable_parameters(salt: bytes, ops: int, mem: int) -> None:
    with pytest.raises(CryptoError):
        crypto.derive_key("a passphrase", salt, ops, mem)


def test_every_seal_uses_a_fresh_nonce() -> None:
    assert crypto.seal(KEY, b"same", b"aad") != crypto.seal(KEY, b"same", b"aad")


def test_random_keys_are_32_bytes_and_differ() -> None:
    assert len(crypto.random_key()) == 32
    assert crypto.random_key() != crypto.random_key()


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=2048), aad=st.binary(max_size=64), version=st.integers(1, 255))
def test_every_round_trip_works(plaintext: bytes, aad: bytes, version: int) -> None:
    blob = crypto.seal(KEY, plaintext, aad, version)
    assert crypto.blob_version(blob) == version
    assert crypto.open_sealed(KEY, blob, aad) == plaintext


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=300), data=st.data())
def test_any_flipped_bit_fails_to_open(plaintext: bytes, data: st.DataObject) -> None:
    blob = bytearray(crypto.seal(KEY, plaintext, b"aad"))
    index = data.draw(st.integers(0, len(blob) - 1))
    bit = data.draw(st.integers(0, 7))
    blob[index] ^= 1 << bit
    with pytest.raises(CryptoError):
        crypto.open_sealed(KEY, bytes(blob), b"aad")


@settings(max_examples=40, deadline=None)
@given(plaintext=st.binary(max_size=300), aad=st.binary(max_size=32), other=st.binary(max_size=32))
def test_other_associated_data_fails_to_open(plaintext: bytes, aad: bytes, other: bytes) -> None:
    blob = crypto.seal(KEY, plaintext, aad)
    if other != aad:
        with pytest.raises(CryptoError):
            crypto.open_sealed(KEY, blob, other)


@settings(max_examples=40, deadline=None)
@given(plaintext=st.binary(max_size=300), cut=st.integers(0, 400))
def test_truncated_blobs_fail_to_open(plaintext: bytes, cut: int) -> None:
    blob = crypto.seal(KEY, plaintext, b"aad")
    cut = min(cut, len(blob) - 1)
    with pytest.raises(CryptoError):
        crypto.open_sealed(KEY, blob[:cut], b"aad")


def test_a_wrong_key_fails_to_open() -> None:
    with pytest.raises(CryptoError):
        crypto.open_sealed(OTHER_KEY, crypto.seal(KEY, b"x", b""), b"")


@pytest.mark.parametrize("bad_key", [b"", b"x" * 31, b"x" * 33])
def test_a_key_of_the_wrong_size_is_refused(bad_key: bytes) -> None:
    with pytest.raises(CryptoError):
        crypto.seal(bad_key, b"x", b"")
    with pytest.raises(CryptoError):
        crypto.open_sealed(bad_key, crypto.seal(KEY, b"x", b""), b"")


def test_changing_the_version_byte_fails_to_open() -> None:
    blob = bytearray(crypto.seal(KEY, b"x", b"aad", version=1))
    blob[0] = 2
    with pytest.raises(CryptoError):
        crypto.open_sealed(KEY, bytes(blob), b"aad")


@pytest.mark.parametrize(
    ("length", "bucket"),
    [(0, 64), (62, 64), (63, 64), (64, 128), (127, 128), (128, 192), (299, 320), (999, 1024), (4999, 5120)],
)
def test_padding_rounds_lengths_up_to_buckets(length: int, bucket: int) -> None:
    assert len(crypto.pad(b"a" * length)) == bucket


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=5000))
def test_padding_round_trips_and_overhead_stays_small(data: bytes) -> None:
    padded = crypto.pad(data)
    assert crypto.unpad(padded) == data
    assert len(padded) <= max(64 * 2, int(len(data) * 1.13) + 64)


@pytest.mark.parametrize("damaged", [b"", b"\x00" * 64, b"abc\x80\x01" + b"\x00" * 59])
def test_damaged_padding_is_an_error(damaged: bytes) -> None:
    with pytest.raises(CryptoError):
        crypto.unpad(damaged)


def test_sealed_boxes_open_only_with_the_matching_private_key() -> None:
    public, private = crypto.generate_keypair()
    _other_public, other_private = crypto.generate_keypair()
    blob = crypto.seal_to(public, b"shared document key")
    assert crypto.open_from(private, blob) == b"shared document key"
    assert crypto.public_key_of(private) == public
    with pytest.raises(CryptoError):
        crypto.open_from(other_private, blob)


@pytest.mark.django_db
def test_the_login_verifier_uses_the_vault_cost_and_its_own_salt(settings: object) -> None:
    from django.contrib.auth.hashers import check_password, identify_hasher, make_password

    settings.VAULT_KDF_PASSES, settings.VAULT_KDF_MEMORY_KIB = 2, 16  # type: ignore[attr-defined]
    encoded = make_password("caf\u00e9 and a long passphrase")
    algorithm, passes, memory, _salt, _hash = encoded.split("$")
    assert (algorithm, passes, memory) == ("sodium_argon2id", "2", "16")
    assert check_password("cafe\u0301 and a long passphrase", encoded)  # normalised like the key
    assert not check_password("cafe and a long passphrase", encoded)
    assert make_password("caf\u00e9 and a long passphrase") != encoded  # a fresh salt each time
    settings.VAULT_KDF_MEMORY_KIB = 32  # type: ignore[attr-defined]
    assert identify_hasher(encoded).must_update(encoded)
