"""Passphrase and username rules, framework-free.

Length is what makes a passphrase strong, so there are no composition rules
(NIST SP 800-63B): at least 10 characters, at most 4,096, and not on the list
of common passwords that ships with Django (about 20,000 entries, read from
the installed package; nothing is downloaded).
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 4096
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    spec = importlib.util.find_spec("django.contrib.auth")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Django's common password list was not found")
    path = Path(next(iter(spec.submodule_search_locations))) / "common-passwords.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def is_usable_text(text: str) -> bool:
    """False for text no database or hash can take: NUL characters or lone
    surrogates (which a JSON body can carry)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _squashed(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).lower().split())


def passphrase_problems(passphrase: str, username: str = "") -> list[str]:
    """Plain-language reasons a passphrase cannot be used (empty when fine)."""
    if not is_usable_text(passphrase):
        return ["That passphrase has characters that cannot be used. Please use ordinary letters, digits and symbols."]
    length = len(unicodedata.normalize("NFC", passphrase))
    if length < MIN_LENGTH:
        return [f"Use at least {MIN_LENGTH} characters. A few ordinary words in a row work well."]
    if length > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH:,} characters."]
    squashed = _squashed(passphrase)
    if squashed in common_passwords() or passphrase.strip().lower() in common_passwords():
        return [
            "That one is on a list of passwords people use a lot, so it is easy to guess. Try a few words only you would put together."
        ]
    if username and squashed == _squashed(username):
        return ["Please pick something other than your username."]
    if len(set(squashed)) < 3:
        return ["That is easy to guess. Try a few words only you would put together."]
    return []


def normalise_username(username: str) -> str:
    return username.strip().lower()


def username_problems(username: str) -> list[str]:
    name = normalise_username(username)
    if not is_usable_text(name) or not USERNAME_RE.fullmatch(name):
        return ["Use 3 to 40 letters (a to z), digits, dots, dashes or underscores, starting with a letter or digit."]
    return []
