"""Every setting the code reads is documented (an idea from datasette)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from softlanding.lib import env

SOURCE = Path(settings.BASE_DIR)
DOCS = Path(settings.REPO_DIR) / "docs" / "configuration.md"
CALL = re.compile(r"\benv(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"")


def settings_in_code() -> set[str]:
    names = set(env.READ)
    for path in SOURCE.rglob("*.py"):
        names.update(env.PREFIX + name for name in CALL.findall(path.read_text(encoding="utf-8")))
    return names


def settings_in_docs() -> set[str]:
    return set(re.findall(r"`(SOFTLANDING_[A-Z0-9_]+)`", DOCS.read_text(encoding="utf-8")))


def test_every_setting_is_documented() -> None:
    missing = settings_in_code() - settings_in_docs()
    assert not missing, f"add these to docs/configuration.md: {sorted(missing)}"


def test_the_scan_finds_settings() -> None:
    # Guards the test above against a regex that silently matches nothing.
    assert "SOFTLANDING_DATABASE_URL" in settings_in_code()
    assert len(settings_in_code()) >= 10
