"""Reading and writing the person's own pause card through the vault.

A card is ``{"phrases": [...], "aftercare": [...], "pace": {"in", "out",
"hold"}}``. :func:`validate` is the one gate for every way in (the form, an
import file), so a card in the database always has this shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from softlanding.accounts.vault import Vault
from softlanding.pause.models import CARD_FIELD, CARD_TABLE, PauseCard
from softlanding.pause.pacing import Pace, PaceError

MAX_ITEMS = 12
MAX_LENGTH = 160


@dataclass(frozen=True)
class Card:
    phrases: tuple[str, ...] = ()
    aftercare: tuple[str, ...] = ()
    pace: Pace = field(default_factory=Pace)

    def as_dict(self) -> dict[str, object]:
        return {"phrases": list(self.phrases), "aftercare": list(self.aftercare), "pace": self.pace.as_dict()}


def _lines(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of short texts")
    items = tuple(v.strip() for v in value if v.strip())
    if len(items) > MAX_ITEMS:
        raise ValueError(f"Keep {name} to {MAX_ITEMS} lines or fewer.")
    if any(len(v) > MAX_LENGTH for v in items):
        raise ValueError(f"Each line of {name} can be up to {MAX_LENGTH} characters.")
    return items


def validate(data: object) -> Card:
    """The card ``data`` describes, or ``ValueError`` with a readable reason."""
    if not isinstance(data, dict) or set(data) - {"phrases", "aftercare", "pace"}:
        raise ValueError("A pause card has phrases, aftercare and pace, and nothing else.")
    try:
        pace = Pace.from_dict(data.get("pace", {}))
    except PaceError as error:
        raise ValueError(f"Breathing pace: {error}.") from None
    return Card(
        phrases=_lines(data.get("phrases", []), "phrases"),
        aftercare=_lines(data.get("aftercare", []), "aftercare"),
        pace=pace,
    )


def _row(vault: Vault) -> PauseCard | None:
    # Only ever the vault owner's own row: there is no way to name another's.
    return PauseCard.objects.filter(owner_id=vault.user_id).first()


def load(vault: Vault) -> Card | None:
    row = _row(vault)
    if row is None:
        return None
    return validate(vault.open_json(CARD_TABLE, str(row.pk), CARD_FIELD, bytes(row.sealed)))


def save(vault: Vault, card: Card) -> None:
    row = _row(vault) or PauseCard(owner_id=vault.user_id)
    row.sealed = vault.seal_json(CARD_TABLE, str(row.pk), CARD_FIELD, card.as_dict())
    row.save()


def delete(vault: Vault) -> None:
    PauseCard.objects.filter(owner_id=vault.user_id).delete()


# --- Export and import (softlanding.accounts.portability) ----------------------


def export(vault: Vault) -> object:
    card = load(vault)
    return card.as_dict() if card else None


def check(data: object) -> None:
    if data is not None:
        validate(data)


def import_(vault: Vault, data: object) -> None:
    if data is not None:
        save(vault, validate(data))
