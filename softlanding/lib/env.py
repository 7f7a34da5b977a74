"""Reading configuration from the environment, loudly.

Every variable the project reads goes through these helpers so that a typo in a
value fails at start-up with a message naming the variable, and so that a test
can list every name that was read (see ``READ``) and compare it with
docs/configuration.md.
"""

from __future__ import annotations

import os
from pathlib import Path

PREFIX = "SOFTLANDING_"

#: Every setting name read so far, for the documentation test.
READ: set[str] = set()


class ConfigError(ValueError):
    """A setting has a value we cannot use."""


def _raw(name: str) -> str | None:
    full = PREFIX + name
    READ.add(full)
    value = os.environ.get(full)
    file_name = os.environ.get(full + "_FILE")
    if value is None and file_name:
        # Secrets may come from a file (Docker / systemd credentials) so they
        # never appear in the process environment or a shell history.
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{full}_FILE points to {file_name!r}, which cannot be read: {exc}") from exc
    return value


def envstr(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def envbool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{PREFIX}{name} must be true or false, not {value!r}")


def envint(name: str, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{PREFIX}{name} must be at least {minimum}, not {number}")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded database and the generated secret key live.

    Follows the XDG base directory spec so a desktop user finds it where their
    other applications keep data; ``SOFTLANDING_DATA_DIR`` overrides it.
    """
    override = envstr("DATA_DIR")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "softlanding"
