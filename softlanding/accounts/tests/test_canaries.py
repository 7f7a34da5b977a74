"""The promise: a copied database file, WAL, dump or log reveals nothing
personal. Canaries go in through every input that exists (see canaries.py);
then the stored bytes and the logs are scanned for them."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from softlanding.accounts.tests.canaries import decoded_sessions, write_everything
from softlanding.test import _forms, scan_for_canaries


def _hits(canaries: list[str], sources: dict[str, bytes]) -> list[str]:
    return [f"{c} in {name}" for c in canaries for name, data in sources.items() if any(f in data for f in _forms(c))]


@pytest.mark.slow
def test_a_real_sqlite_file_and_its_wal_hold_no_canaries(tmp_path: Path) -> None:
    """Production database settings (file, WAL, secure_delete) in a separate
    process; its log output at DEBUG is scanned too."""
    from django.conf import settings

    # Reuse the static files collected for this test run.
    (tmp_path / "static").symlink_to(Path(settings.STATIC_ROOT), target_is_directory=True)
    env = {
        **os.environ,
        "SOFTLANDING_DATA_DIR": str(tmp_path),
        "SOFTLANDING_LOG_LEVEL": "DEBUG",
        "SOFTLANDING_DATABASE_URL": "",
    }
    run = subprocess.run(
        [sys.executable, "-m", "softlanding.accounts.tests.canaries", str(tmp_path)],
        env=env,
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    canaries = json.loads(run.stdout.decode().strip().splitlines()[-1])["canaries"]
    assert len(canaries) > 10, "canaries went in through the API and the forms"
    sources = {
        p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(("snapshot-", "softlanding.sqlite3"))
    }
    assert any(name.endswith("-wal") for name in sources), sorted(sources)
    assert "snapshot-sessions-decoded" in sources, sorted(sources)
    # Everything the process printed except its last line (the canary list).
    sources["log output"] = run.stderr + b"\n".join(run.stdout.strip().splitlines()[:-1])
    assert _hits(canaries, sources) == []


@pytest.mark.django_db(transaction=True)
def test_the_test_database_or_a_pg_dump_holds_no_canaries(caplog: pytest.LogCaptureFixture) -> None:
    """On PostgreSQL this scans a pg_dump of every table; on SQLite the
    database image. Captured logs are scanned as well."""
    with caplog.at_level(logging.DEBUG):
        canaries = write_everything()
    logs = "\n".join(r.getMessage() for r in caplog.records).encode()
    assert _sealed_rows_outside_accounts() > 0, "canaries reached the personal tables"
    extra = {"captured logs": logs, "decoded sessions": decoded_sessions()}
    assert b"_auth_user_id" in extra["decoded sessions"], "the sessions were decoded"
    assert scan_for_canaries(canaries, extra=extra) == []
    assert connection.vendor in {"sqlite", "postgresql"}


def _sealed_rows_outside_accounts() -> int:
    from django.apps import apps
    from django.db import models

    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label != "accounts" and any(isinstance(f, models.BinaryField) for f in model._meta.fields)
    )


@pytest.mark.django_db(transaction=True)
def test_the_scan_would_find_a_plaintext_leak() -> None:
    """The scanner itself works: plaintext written to a real table is found."""
    from django.contrib.auth.models import User

    User.objects.create(username="leaky", first_name="CanaryPlainQz")
    assert scan_for_canaries(["CanaryPlainQz"]) != []
