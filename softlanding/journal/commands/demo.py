"""``softlanding demo``: a clearly named demo account full of made-up journal data."""

from __future__ import annotations

import argparse
import secrets


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--episodes", type=int, default=40, help="journal entries to create (default 40)")
    parser.add_argument("--encounters", type=int, default=150, help="times together to note (default 150)")
    parser.add_argument("--seed", type=int, default=None, help="make the same data again (default: random)")


def run(args: argparse.Namespace) -> int:
    if args.episodes < 0 or args.encounters < 0:
        print("--episodes and --encounters must be 0 or more")
        return 2
    from softlanding.cli import setup_django

    setup_django()
    from django.core.management import call_command

    from softlanding.accounts import keyring
    from softlanding.accounts.vault import Vault
    from softlanding.journal import demo, store

    call_command("migrate", verbosity=0)
    username = f"demo-{secrets.token_hex(3)}"
    passphrase = "-".join(secrets.token_hex(3) for _ in range(4))
    with keyring.kdf_slot():
        account = keyring.create_account(username, passphrase)
    vault = Vault(user_id=account.user.pk, dek=account.dek, key_version=account.user.vault_keys.key_version)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    episodes, encounters = demo.generate(args.episodes, args.encounters, seed=seed)
    store.add_many(vault, episodes, encounters, partners=demo.PARTNERS)
    print("A demo account is ready. Everything in it is made up.")
    print(f"  username:   {username}")
    print(f"  passphrase: {passphrase}")
    print(f"  {len(episodes)} journal entries and {len(encounters)} times noted (seed {seed})")
    print("Delete it from the account page when you are done.")
    return 0
