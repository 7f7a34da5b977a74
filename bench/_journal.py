"""Shared set-up for the journal benchmarks: a throwaway database and a demo account."""

from __future__ import annotations

import os
import tempfile
from typing import Any


def prepare_django(pages: bool = False) -> None:
    # Never touch the user's real data: a throwaway data directory.
    os.environ.setdefault("SOFTLANDING_DATA_DIR", tempfile.mkdtemp(prefix="softlanding-bench-"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if pages:  # rendering pages needs the static manifest
        call_command("collectstatic", interactive=False, verbosity=0)


def demo_account(episodes: int, encounters: int) -> tuple[Any, Any]:
    """A fresh account (passphrase: softlanding.test.PASSPHRASE) holding generated data; returns (user, vault)."""
    import secrets

    from softlanding.accounts import keyring
    from softlanding.accounts.vault import Vault
    from softlanding.journal import demo, store
    from softlanding.test import PASSPHRASE

    account = keyring.create_account(f"bench-{secrets.token_hex(3)}", PASSPHRASE)
    vault = Vault(user_id=account.user.pk, dek=account.dek, key_version=account.user.vault_keys.key_version)
    made_episodes, made_encounters = demo.generate(episodes, encounters, seed=42)
    store.add_many(vault, made_episodes, made_encounters, partners=demo.PARTNERS)
    return account.user, vault
