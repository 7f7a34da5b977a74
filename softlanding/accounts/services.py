"""Account actions shared by the web pages and the API.

Each function answers the same way for an unknown user and a wrong
passphrase, and does the same expensive work in both cases (a full Argon2id
verification against a dummy hash), so neither the answer nor its timing
says whether an account exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.views.decorators.debug import sensitive_variables

from softlanding.accounts import keyring, throttle
from softlanding.accounts.keyring import Busy, NewAccount
from softlanding.accounts.models import VaultKeys, VaultSession
from softlanding.accounts.throttle import LockedOut
from softlanding.lib import passwords
from softlanding.lib.crypto import CryptoError

__all__ = ["BadCredentials", "Busy", "InvalidInput", "LockedOut", "sign_up", "unlock"]

WRONG = "That username and passphrase do not match. Check them and try again."
WRONG_CODE = "That username and recovery code do not match. Check them and try again."


class BadCredentials(Exception):
    def __init__(self, message: str = WRONG) -> None:
        super().__init__(message)


class InvalidInput(Exception):
    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(" ".join(p for items in problems.values() for p in items))
        self.problems = problems


@lru_cache(maxsize=4)
def _dummy_hash(_params: tuple[int, int]) -> str:
    # Same algorithm and cost as a real verifier, so checking against it
    # takes as long as a real check.
    return make_password("not a real passphrase, only for timing")


@sensitive_variables()
def _dummy_check(passphrase: str) -> None:
    from django.conf import settings

    if not passwords.is_usable_text(passphrase):
        passphrase = passphrase.encode("utf-8", "replace").decode("utf-8")

    check_password(passphrase, _dummy_hash((settings.VAULT_KDF_PASSES, settings.VAULT_KDF_MEMORY_KIB)))


def _find(username: str) -> User | None:
    if passwords.username_problems(username):
        return None  # could not exist; and a NUL would upset PostgreSQL
    return (
        User.objects.filter(username=passwords.normalise_username(username), is_active=True)
        .select_related("vault_keys")
        .first()
    )


@sensitive_variables()
def sign_up(username: str, passphrase: str) -> NewAccount:
    name = passwords.normalise_username(username)
    problems = {
        "username": passwords.username_problems(name),
        "passphrase": passwords.passphrase_problems(passphrase, name),
    }
    if not any(problems.values()) and User.objects.filter(username=name).exists():
        problems["username"] = ["That username is taken. Please pick another one."]
    if any(problems.values()):
        raise InvalidInput({k: v for k, v in problems.items() if v})
    with keyring.kdf_slot():
        try:
            return keyring.create_account(name, passphrase)
        except IntegrityError:
            raise InvalidInput({"username": ["That username is taken. Please pick another one."]}) from None


@sensitive_variables()
def _open_dek(user: User | None, passphrase: str) -> tuple[User, bytes]:
    """Inside a kdf slot: verify, then derive. Unknown users cost the same."""
    if user is None or not hasattr(user, "vault_keys") or not passwords.is_usable_text(passphrase):
        _dummy_check(passphrase)
        raise BadCredentials
    if not user.check_password(passphrase):  # also upgrades an old verifier's cost
        raise BadCredentials
    keys: VaultKeys = user.vault_keys
    try:
        dek = keyring.open_with_passphrase(keys, passphrase)
    except CryptoError:
        raise BadCredentials from None
    if keyring.needs_rewrap(keys):
        keyring.rewrap_passphrase(keys, passphrase, dek)
    return user, dek


@sensitive_variables()
def unlock(username: str, passphrase: str, address: str) -> tuple[User, bytes]:
    """The user and their data key, or BadCredentials / LockedOut / Busy."""
    subjects = throttle.subjects("unlock", username, address)
    throttle.check(subjects)
    try:
        with keyring.kdf_slot():
            user, dek = _open_dek(_find(username), passphrase)
    except BadCredentials:
        throttle.record_failure(subjects)
        raise
    throttle.clear(subjects[0])
    return user, dek


@sensitive_variables()
def confirm_passphrase(user: User, passphrase: str, address: str) -> bytes:
    """Re-entering the passphrase (export, delete, changes): the data key or
    BadCredentials. Counts towards the same lockout as unlocking."""
    subjects = throttle.subjects("unlock", user.username, address)
    throttle.check(subjects)
    try:
        with keyring.kdf_slot():
            _, dek = _open_dek(user, passphrase)
    except BadCredentials:
        throttle.record_failure(subjects)
        raise
    return dek


@sensitive_variables()
def change_passphrase(
    user: User, current: str, new: str, address: str, keep_session: VaultSession | None = None
) -> None:
    problems = passwords.passphrase_problems(new, user.username)
    if problems:
        raise InvalidInput({"new_passphrase": problems})
    dek = confirm_passphrase(user, current, address)
    with keyring.kdf_slot():
        keyring.change_passphrase(user, dek, new, keep_session)


@sensitive_variables()
def regenerate_code(user: User, passphrase: str, address: str) -> str:
    dek = confirm_passphrase(user, passphrase, address)
    with keyring.kdf_slot():
        return keyring.regenerate_recovery_code(user, dek)


@dataclass
class Recovered:
    user: User
    recovery_code: str
    dek: bytes = field(repr=False)


@sensitive_variables()
def recover(username: str, code: str, new_passphrase: str, address: str) -> Recovered:
    """Set a new passphrase with the recovery code; a new code replaces it."""
    problems = passwords.passphrase_problems(new_passphrase, username)
    if problems:
        raise InvalidInput({"new_passphrase": problems})
    subjects = throttle.subjects("recover", username, address)
    throttle.check(subjects)
    user = _find(username)
    try:
        with keyring.kdf_slot():
            if user is None or not hasattr(user, "vault_keys") or not passwords.is_usable_text(code):
                _dummy_check(code)
                raise BadCredentials(WRONG_CODE)
            try:
                dek = keyring.open_with_recovery_code(user.vault_keys, code)
            except CryptoError:
                raise BadCredentials(WRONG_CODE) from None
            new_code = keyring.recover(user, dek, new_passphrase)
    except BadCredentials:
        throttle.record_failure(subjects)
        raise
    throttle.clear(subjects[0])
    assert user is not None  # an unknown user raised BadCredentials above
    return Recovered(user=user, recovery_code=new_code, dek=dek)
