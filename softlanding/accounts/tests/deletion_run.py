"""Run as ``python -m softlanding.accounts.tests.deletion_run DIR``: with the
production SQLite settings (file, WAL, secure_delete) in DIR, create an
account, unlock it, delete it, and copy the database file and its -wal while
the connection is still open (closing it would checkpoint the WAL and hide
what a crash or a copy at that moment would leave behind). Prints, as JSON,
the hex of every stored key blob the deletion must have destroyed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(data_dir: str) -> int:
    os.environ["SOFTLANDING_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from softlanding.accounts import keyring
    from softlanding.accounts.models import VaultKeys, VaultSession
    from softlanding.accounts.vault import start_session
    from softlanding.test import stored_bytes

    call_command("migrate", verbosity=0)
    account = keyring.create_account("leaving", "a passphrase for leaving only")
    start_session(account.user, account.dek, VaultSession.WEB)
    keys = VaultKeys.objects.get(user=account.user)
    blobs = [
        bytes(keys.wrapped_dek),
        bytes(keys.wrapped_dek_recovery),
        bytes(keys.wrapped_private_key),
        bytes(keys.kdf_salt),
        bytes(keys.recovery_salt),
        *(bytes(row.sealed_dek) for row in VaultSession.objects.all()),
    ]
    keyring.destroy_account(account.user)
    for name, data in stored_bytes().items():
        (Path(data_dir) / f"snapshot-{name}").write_bytes(data)
    print(json.dumps({"blobs": [blob.hex() for blob in blobs]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
