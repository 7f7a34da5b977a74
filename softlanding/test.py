"""Shared test helpers: the personas every personal view is tested against.

- alice is the owner of the data under test;
- bob is alice's linked partner (sees only what alice shares);
- charlie is a stranger and must get a 404 for anything of alice's;
- dave is alice's ex-partner: the link has ended and he sees nothing new;
- an anonymous visitor has no session at all.

Every persona is a real vault account (keys wrapped under ``PASSPHRASE``),
so tests exercise the real cryptography. Test settings make Argon2id cheap
(see softlanding/pytest_env.py).

- ``unlocked_client(user)``: a browser-like client with an unlocked vault;
- ``client_for(user)``: signed in but with the vault locked;
- ``api_token(user)``: a bearer token for the JSON API;
- ``vault_for(user)``: a :class:`Vault` to seal and open data directly;
- ``scan_for_canaries(canaries)``: which canaries appear in the stored
  database bytes (SQLite file and WAL, or a dump on PostgreSQL).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

PASSPHRASE = "correct horse battery staple"  # noqa: S105 (a test persona)


@dataclass
class Personas:
    alice: User
    bob: User
    charlie: User
    dave: User


def make_user(username: str, passphrase: str = PASSPHRASE) -> User:
    """A real vault account. Returns the user; the recovery code is kept on
    ``user.recovery_code`` for tests of recovery."""
    from softlanding.accounts import keyring

    account = keyring.create_account(username, passphrase)
    account.user.recovery_code = account.recovery_code  # type: ignore[attr-defined]
    return account.user


def make_personas() -> Personas:
    from softlanding.together.models import PartnerLink

    alice, bob, charlie, dave = (make_user(name) for name in ("alice", "bob", "charlie", "dave"))
    PartnerLink.objects.create(owner=alice, partner=bob, active=True)
    PartnerLink.objects.create(owner=alice, partner=dave, active=False)
    return Personas(alice=alice, bob=bob, charlie=charlie, dave=dave)


def client_for(user: User | None) -> Client:
    """A test client signed in as ``user`` (or anonymous for None), with the
    vault still locked. Use ``unlocked_client`` to reach personal data."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _dek(user: User, passphrase: str = PASSPHRASE) -> bytes:
    from softlanding.accounts import keyring

    return keyring.open_with_passphrase(User.objects.get(pk=user.pk).vault_keys, passphrase)


def vault_for(user: User, passphrase: str = PASSPHRASE) -> object:
    """The unlocked vault of ``user`` (a ``softlanding.accounts.vault.Vault``)."""
    from softlanding.accounts.vault import Vault

    keys = User.objects.get(pk=user.pk).vault_keys
    return Vault(user_id=user.pk, dek=_dek(user, passphrase), key_version=keys.key_version)


def unlocked_client(user: User, passphrase: str = PASSPHRASE, client: Client | None = None) -> Client:
    """A client whose browser session has unlocked ``user``'s vault, exactly
    as the unlock page leaves it (session row id + client-half cookie)."""
    from softlanding.accounts.models import VaultSession
    from softlanding.accounts.vault import COOKIE_NAME, SESSION_KEY, _b64, start_session

    client = client or Client()
    client.force_login(user)
    new = start_session(user, _dek(user, passphrase), VaultSession.WEB)
    session = client.session
    session[SESSION_KEY] = str(new.row.pk)
    session.save()
    client.cookies[COOKIE_NAME] = _b64(new.client_key)
    return client


def api_token(user: User, passphrase: str = PASSPHRASE) -> str:
    from softlanding.accounts.models import VaultSession
    from softlanding.accounts.vault import start_session

    return start_session(user, _dek(user, passphrase), VaultSession.API).token


def api_client(user: User) -> Client:
    """A client that sends ``user``'s bearer token on every request."""
    return Client(headers={"Authorization": f"Bearer {api_token(user)}"})


# --- Canaries -----------------------------------------------------------------


def _forms(canary: str) -> list[bytes]:
    raw = canary.encode("utf-8")
    # Plain text, UTF-16 (some drivers), and hex (how PostgreSQL dumps bytea,
    # in case plaintext ever lands in a binary column).
    return [raw, canary.encode("utf-16-le"), raw.hex().encode("ascii")]


def stored_bytes() -> dict[str, bytes]:
    """Everything the database has written, by source name.

    SQLite: the database file, its -wal and -journal (or, for an in-memory
    test database, the serialised image, which is what a file would hold).
    PostgreSQL: a data-only pg_dump of the whole test database. Only committed
    data is visible to a file or a dump: use ``transactional_db``.
    """
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if connection.creation.is_in_memory_db(name):  # type: ignore[attr-defined]
            return {"sqlite image": bytes(connection.connection.serialize())}
        found = {}
        for suffix in ("", "-wal", "-journal"):
            path = Path(name + suffix)
            if path.exists():
                found[path.name] = path.read_bytes()
        return found
    if connection.vendor == "postgresql":
        return {"pg_dump": _pg_dump()}
    raise RuntimeError(f"no canary scan for {connection.vendor}")


def _pg_dump() -> bytes:
    params = connection.settings_dict
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    command = ["pg_dump", "--data-only", "--no-owner", "-d", str(params["NAME"])]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if params.get(key):
            command += [flag, str(params[key])]
    return subprocess.run(command, env=env, check=True, capture_output=True, timeout=60).stdout  # noqa: S603


def scan_for_canaries(canaries: list[str], extra: dict[str, bytes] | None = None) -> list[str]:
    """The canaries found anywhere in the stored database bytes (and in
    ``extra``, e.g. captured logs). A test asserts the result is empty."""
    sources = stored_bytes()
    if not sources or not any(sources.values()):
        raise RuntimeError("found no database bytes to scan")
    sources.update(extra or {})
    found = []
    for canary in canaries:
        for name, data in sources.items():
            if any(form in data for form in _forms(canary)):
                found.append(f"{canary} in {name}")
    return found
