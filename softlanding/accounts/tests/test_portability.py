"""Export, import and delete through the pages, with a test section that
stores sealed rows in the database like a real app would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from softlanding.accounts import portability
from softlanding.accounts.models import UnlockThrottle, VaultKeys, VaultSession
from softlanding.accounts.vault import Vault
from softlanding.test import PASSPHRASE, Personas, unlocked_client

# The test section keeps sealed notes in throttle rows: a real table, so
# "nothing changed" is checked against the database, not a Python dict.
PREFIX = "test-notes-"


def _rows(vault: Vault) -> list[UnlockThrottle]:
    return list(UnlockThrottle.objects.filter(key__startswith=f"{PREFIX}{vault.user_id}-").order_by("key"))


NOTES: dict[str, object] = {}


def _export(vault: Vault) -> object:
    return [NOTES[row.key] for row in _rows(vault)]


def _import(vault: Vault, data: object) -> None:
    assert isinstance(data, list)
    for i, item in enumerate(data):
        key = f"{PREFIX}{vault.user_id}-{i:03}"
        UnlockThrottle.objects.create(key=key, last_failure=timezone.now())
        NOTES[key] = item


def _validate(data: object) -> None:
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise ValueError("expected a list of notes")


def _broken_import(vault: Vault, data: object) -> None:
    raise ValueError("this part cannot be written")


@pytest.fixture
def sections() -> Iterator[None]:
    saved = portability.sections()
    portability.register("notes", _export, _import, _validate)
    yield
    portability._sections.clear()
    portability._sections.update(saved)
    NOTES.clear()


def _file(payload: object | bytes, name: str = "export.json") -> SimpleUploadedFile:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return SimpleUploadedFile(name, raw, content_type="application/json")


def _envelope(**sections: object) -> dict[str, object]:
    return {"_meta": {"format": "softlanding-export", "version": 1}, **sections}


@pytest.mark.django_db
def test_export_needs_the_passphrase_again_and_gives_one_json_file(personas: Personas, sections: None) -> None:
    client = unlocked_client(personas.alice)
    wrong = client.post("/account/export/", {"passphrase": "not the passphrase"})
    assert wrong.status_code == 400
    assert "do not match" in wrong.content.decode()
    response = client.post("/account/export/", {"passphrase": PASSPHRASE})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="soft-landing-export.json"'
    data = json.loads(response.content)
    assert data["_meta"]["format"] == "softlanding-export"
    assert data["notes"] == []


@pytest.mark.django_db
def test_import_then_export_round_trips(personas: Personas, sections: None) -> None:
    client = unlocked_client(personas.alice)
    response = client.post("/account/import/", {"file": _file(_envelope(notes=["one", "two"]))})
    assert response.status_code == 200
    assert "Done" in response.content.decode()
    exported = json.loads(client.post("/account/export/", {"passphrase": PASSPHRASE}).content)
    assert exported["notes"] == ["one", "two"]


BAD_FILES = [
    ("malformed", b"{not json", "could not be read"),
    ("truncated", json.dumps(_envelope(notes=["one"])).encode()[:-7], "cut short"),
    ("empty", b"", "empty"),
    ("not text", b"\xff\xfe\x00binary", "not text"),
    ("foreign", json.dumps({"entries": [1, 2]}).encode(), "not a Soft Landing export"),
    ("other program", json.dumps({"_meta": {"format": "other"}}).encode(), "not a Soft Landing export"),
    ("future version", json.dumps({"_meta": {"format": "softlanding-export", "version": 99}}).encode(), "cannot read"),
    ("unknown part", json.dumps(_envelope(secrets=[1])).encode(), "does not know: secrets"),
    ("invalid part", json.dumps(_envelope(notes=[1, 2])).encode(), "expected a list of notes"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "raw", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    personas: Personas, sections: None, label: str, raw: bytes, message: str
) -> None:
    client = unlocked_client(personas.alice)
    before = UnlockThrottle.objects.count()
    response = client.post("/account/import/", {"file": _file(raw)})
    assert response.status_code == 400, label
    assert message in response.content.decode().replace("&#x27;", "'")
    assert UnlockThrottle.objects.count() == before


@pytest.mark.django_db
def test_a_too_large_file_is_refused(personas: Personas, sections: None, settings: object) -> None:
    settings.VAULT_IMPORT_MAX_BYTES = 1024  # type: ignore[attr-defined]
    client = unlocked_client(personas.alice)
    response = client.post("/account/import/", {"file": _file(_envelope(notes=["x" * 2000]))})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not UnlockThrottle.objects.exists()


@pytest.mark.django_db
def test_a_section_that_fails_midway_rolls_everything_back(personas: Personas, sections: None) -> None:
    portability.register("zzz_broken", _export_nothing, _broken_import, lambda data: None)
    client = unlocked_client(personas.alice)
    response = client.post("/account/import/", {"file": _file(_envelope(notes=["one"], zzz_broken=[]))})
    assert response.status_code == 400
    assert "could not be imported" in response.content.decode()
    assert not UnlockThrottle.objects.exists()


def _export_nothing(vault: Vault) -> object:
    return []


@pytest.mark.django_db
def test_import_only_goes_into_an_empty_account(personas: Personas, sections: None) -> None:
    client = unlocked_client(personas.alice)
    client.post("/account/import/", {"file": _file(_envelope(notes=["one"]))})
    response = client.post("/account/import/", {"file": _file(_envelope(notes=["two"]))})
    assert response.status_code == 409
    assert "only into an empty account" in response.content.decode()
    assert UnlockThrottle.objects.filter(key__startswith=PREFIX).count() == 1


@pytest.mark.django_db
def test_deleting_needs_the_passphrase_and_the_word(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    assert client.post("/account/delete/", {"passphrase": PASSPHRASE, "confirm": "yes"}).status_code == 400
    wrong = client.post("/account/delete/", {"passphrase": "not the passphrase", "confirm": "delete"})
    assert wrong.status_code == 400
    assert VaultKeys.objects.filter(user=personas.alice).exists()
    response = client.post("/account/delete/", {"passphrase": PASSPHRASE, "confirm": "Delete"})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not VaultKeys.objects.filter(user__username="alice").exists()
    assert not VaultSession.objects.filter(user__username="alice").exists()
    assert not type(personas.alice).objects.filter(username="alice").exists()
    # The other personas are untouched.
    assert VaultKeys.objects.count() == 3


@pytest.mark.django_db
def test_keys_are_destroyed_before_rows(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from softlanding.accounts import keyring

    with CaptureQueriesContext(connection) as queries:
        keyring.destroy_account(personas.alice)
    sql = [q["sql"] for q in queries.captured_queries]
    first_key = next(i for i, s in enumerate(sql) if "accounts_vaultkeys" in s)
    first_user = next(i for i, s in enumerate(sql) if s.startswith("DELETE") and "auth_user" in s)
    assert first_key < first_user


@pytest.mark.slow
def test_a_deleted_account_leaves_no_key_in_the_sqlite_file_or_its_wal(tmp_path: Path) -> None:
    """Production database settings in a separate process; the files are
    copied before the connection closes, as a crash or a backup would."""
    run = subprocess.run(
        [sys.executable, "-m", "softlanding.accounts.tests.deletion_run", str(tmp_path)],
        env={**os.environ, "SOFTLANDING_DATA_DIR": str(tmp_path), "SOFTLANDING_DATABASE_URL": ""},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    blobs = [bytes.fromhex(b) for b in json.loads(run.stdout.decode().strip().splitlines()[-1])["blobs"]]
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("snapshot-")}
    assert "snapshot-softlanding.sqlite3" in files, sorted(files)
    assert len(blobs) == 6
    assert [(i, name) for i, blob in enumerate(blobs) for name, data in files.items() if blob in data] == []


def test_section_names_cannot_clash_with_the_envelope() -> None:
    with pytest.raises(ValueError, match="must not"):
        portability.register("_meta", _export_nothing, _broken_import, lambda d: None)


@pytest.fixture
def temp_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every temporary file Django's upload handling creates."""
    from django.core.files import temp

    made: list[str] = []
    real = temp.NamedTemporaryFile

    def recording(*args: object, **kwargs: object) -> object:
        made.append("temp file")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(temp, "NamedTemporaryFile", recording)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3000, 50_000], ids=["fits", "too large"])
def test_an_import_file_never_touches_the_disk(
    personas: Personas, sections: None, settings: object, temp_files: list[str], size: int
) -> None:
    """An export is everything in the clear: Django would spool a big upload
    to /tmp before the view could refuse it."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    settings.VAULT_IMPORT_MAX_BYTES = 10_000  # type: ignore[attr-defined]
    note = "x" * (size - 100)
    response = unlocked_client(personas.alice).post("/account/import/", {"file": _file(_envelope(notes=[note]))})
    assert temp_files == []
    if size < 10_000:
        assert response.status_code == 200
        assert list(NOTES.values()) == [note]
    else:
        assert response.status_code == 413
        assert "too large" in response.content.decode()
        assert not UnlockThrottle.objects.exists()


@pytest.mark.django_db
def test_the_import_page_still_checks_csrf(personas: Personas, sections: None) -> None:
    client = unlocked_client(personas.alice)
    client.handler.enforce_csrf_checks = True
    response = client.post("/account/import/", {"file": _file(_envelope(notes=["one"]))})
    assert response.status_code == 403
    assert not UnlockThrottle.objects.exists()
