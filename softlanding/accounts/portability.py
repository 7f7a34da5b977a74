"""Export and import of everything personal, section by section.

Each app that stores personal data registers one section::

    portability.register("journal", export=..., import_=..., validate=...)

- ``export(vault) -> object``: the section's data as plain JSON values. An
  empty value (``[]``, ``{}``, ``None``) means "nothing stored": an import is
  only accepted into an account whose every section exports empty.
- ``validate(data) -> None``: raise ``ValueError`` (with a sentence a person
  can read) if ``data`` is not a valid section. Must not write anything.
- ``import_(vault, data) -> None``: write the (validated) section.

The file is ``{"_meta": {"format": "softlanding-export", "version": 1,
"exported_at": ...}, "<section>": <data>, ...}``: one key per registered
section. An import validates every section first and then writes them all in
one transaction, so a bad file changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from softlanding.accounts.vault import Vault

FORMAT = "softlanding-export"
VERSION = 1
META = "_meta"


@dataclass(frozen=True)
class Section:
    export: Callable[[Vault], object]
    import_: Callable[[Vault, object], None]
    validate: Callable[[object], None]


_sections: dict[str, Section] = {}


class ImportRejected(Exception):
    """The file cannot be imported. ``status`` suits an HTTP answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def register(
    section: str,
    export: Callable[[Vault], object],
    import_: Callable[[Vault, object], None],
    validate: Callable[[object], None],
) -> None:
    if not section or section.startswith("_"):
        raise ValueError("a section name must not be empty or start with '_'")
    _sections[section] = Section(export=export, import_=import_, validate=validate)


def sections() -> dict[str, Section]:
    return dict(_sections)


def export_all(vault: Vault) -> dict[str, object]:
    data: dict[str, object] = {
        META: {"format": FORMAT, "version": VERSION, "exported_at": timezone.now().isoformat(timespec="seconds")}
    }
    for name, section in sorted(_sections.items()):
        data[name] = section.export(vault)
    return data


def export_bytes(vault: Vault) -> bytes:
    return json.dumps(export_all(vault), ensure_ascii=False, indent=2).encode("utf-8")


def is_empty(vault: Vault) -> bool:
    return not any(section.export(vault) for section in _sections.values())


def too_large_message(max_bytes: int) -> str:
    return f"This file is too large. The limit is {max_bytes // 1024:,} KB. Nothing was changed."


def parse(raw: bytes, max_bytes: int) -> dict[str, object]:
    """Decode and check the envelope of an export file (no writes)."""
    if len(raw) > max_bytes:
        raise ImportRejected(too_large_message(max_bytes), status=413)
    if not raw.strip():
        raise ImportRejected("This file is empty.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportRejected("This is not a Soft Landing export file: it is not text.") from None
    except ValueError:
        raise ImportRejected(
            "This file could not be read. It may be cut short or damaged. Try exporting again."
        ) from None
    return check_envelope(data)


def check_envelope(data: object) -> dict[str, object]:
    if not isinstance(data, dict) or not isinstance(data.get(META), dict):
        raise ImportRejected("This is not a Soft Landing export file.")
    meta = data[META]
    if meta.get("format") != FORMAT:
        raise ImportRejected("This is not a Soft Landing export file.")
    if meta.get("version") != VERSION:
        raise ImportRejected("This export comes from a version of Soft Landing this one cannot read.")
    unknown = sorted(k for k in data if k != META and k not in _sections)
    if unknown:
        raise ImportRejected(f"This file has parts this version does not know: {', '.join(unknown)}.")
    return data


def import_all(vault: Vault, data: dict[str, object]) -> list[str]:
    """Validate every section, then write all of them in one transaction.
    Returns the names of the sections imported."""
    present = [name for name in sorted(_sections) if name in data]
    for name in present:
        try:
            _sections[name].validate(data[name])
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportRejected(f"The part '{name}' of this file is not valid: {exc}") from None
    with transaction.atomic():
        if not is_empty(vault):
            raise ImportRejected(
                "Import works only into an empty account, so nothing is mixed up or overwritten. "
                "This account already has data.",
                status=409,
            )
        for name in present:
            try:
                _sections[name].import_(vault, data[name])
            except (ValueError, TypeError, KeyError) as exc:
                transaction.set_rollback(True)
                raise ImportRejected(f"The part '{name}' could not be imported: {exc}") from None
    return present
