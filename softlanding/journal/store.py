"""Reading and writing journal records through the owner's vault.

Access checks live here, once per object type: ``episode_or_404`` and
``encounter_or_404`` return the owner's record or raise Http404, whoever
asks. Nothing else in the journal filters by owner.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import Http404

from softlanding.accounts.vault import CryptoError, Vault
from softlanding.journal import insights, models, records
from softlanding.journal.records import Encounter, Episode

log = logging.getLogger(__name__)


# --- Episodes ---------------------------------------------------------------------


def load_episodes(vault: Vault) -> list[Episode]:
    """All of the owner's episodes, newest first (one query)."""
    return _load_all(models.Episode, vault, _open_episode)


def episode_or_404(vault: Vault, episode_id: UUID | str) -> Episode:
    blob = _blob_or_404(models.Episode, vault, episode_id)
    return _open_episode(vault, str(episode_id), blob)


def owns_episode(vault: Vault, episode_id: str) -> bool:
    return models.Episode.objects.filter(pk=episode_id, owner_id=vault.user_id).exists()


def save_episode(vault: Vault, episode: Episode) -> None:
    blob = vault.seal_json(models.EPISODE_TABLE, episode.id, models.FIELD, episode.to_dict())
    _save(models.Episode, vault, episode.id, blob)


def delete_episode(vault: Vault, episode_id: str) -> None:
    """Delete an episode; encounters that pointed to it keep their tears but lose the link."""
    with transaction.atomic():
        models.Episode.objects.filter(pk=episode_id, owner_id=vault.user_id).delete()
        for encounter in load_encounters(vault):
            if encounter.episode == episode_id:
                encounter.episode = None
                save_encounter(vault, encounter)


def _open_episode(vault: Vault, pk: str, blob: bytes | memoryview) -> Episode:
    data = _open(vault, models.EPISODE_TABLE, pk, blob)
    return records.episode_from_stored(data, pk)


# --- Encounters ---------------------------------------------------------------------


def load_encounters(vault: Vault) -> list[Encounter]:
    """All of the owner's encounters, newest first (one query)."""
    return _load_all(models.Encounter, vault, _open_encounter)


def encounter_or_404(vault: Vault, encounter_id: UUID | str) -> Encounter:
    blob = _blob_or_404(models.Encounter, vault, encounter_id)
    return _open_encounter(vault, str(encounter_id), blob)


def save_encounter(vault: Vault, encounter: Encounter) -> None:
    blob = vault.seal_json(models.ENCOUNTER_TABLE, encounter.id, models.FIELD, encounter.to_dict())
    _save(models.Encounter, vault, encounter.id, blob)


def delete_encounter(vault: Vault, encounter_id: str) -> None:
    models.Encounter.objects.filter(pk=encounter_id, owner_id=vault.user_id).delete()


def _open_encounter(vault: Vault, pk: str, blob: bytes | memoryview) -> Encounter:
    data = _open(vault, models.ENCOUNTER_TABLE, pk, blob)
    return records.encounter_from_stored(data, pk)


# --- Profile: partner nicknames and dismissed nudges ----------------------------------


@dataclass
class Profile:
    partners: list[str] = field(default_factory=list)
    #: nudge key -> id of the newest evidence when it was dismissed
    dismissed: dict[str, str] = field(default_factory=dict)

    def add_partner(self, name: str) -> str:
        name = " ".join(name.split())[: records.MAX_LABEL]
        if name and name.casefold() not in {p.casefold() for p in self.partners}:
            self.partners.append(name)
        return name


def load_profile(vault: Vault) -> Profile:
    blob = models.JournalProfile.objects.filter(owner_id=vault.user_id).values_list("sealed", flat=True).first()
    if blob is None:
        return Profile()
    data = _open(vault, models.PROFILE_TABLE, str(vault.user_id), blob)
    return profile_from_dict(data)


def profile_from_dict(data: object) -> Profile:
    if not isinstance(data, dict) or set(data) - {"partners", "dismissed"}:
        raise records.RecordError("partners: expected an object with a list of nicknames")
    partners = data.get("partners", [])
    dismissed = data.get("dismissed", {})
    if not isinstance(dismissed, dict) or not all(isinstance(v, str) for v in dismissed.values()):
        raise records.RecordError("dismissed: expected an object")
    profile = Profile(dismissed={str(k): v for k, v in dismissed.items()})
    for name in records._labels(partners, "partners"):
        profile.add_partner(name)
    return profile


def save_profile(vault: Vault, profile: Profile) -> None:
    data = {"partners": profile.partners, "dismissed": profile.dismissed}
    blob = vault.seal_json(models.PROFILE_TABLE, str(vault.user_id), models.FIELD, data)
    models.JournalProfile.objects.update_or_create(owner_id=vault.user_id, defaults={"sealed": blob})


def add_many(vault: Vault, episodes: list[Episode], encounters: list[Encounter], partners: list[str]) -> None:
    """Insert many new records at once (demo data, benchmarks): one transaction, bulk inserts."""
    with transaction.atomic():
        _bulk_insert(models.Episode, models.EPISODE_TABLE, vault, episodes)
        _bulk_insert(models.Encounter, models.ENCOUNTER_TABLE, vault, encounters)
        profile = load_profile(vault)
        for name in partners:
            profile.add_partner(name)
        save_profile(vault, profile)


# --- Insights ----------------------------------------------------------------------------


def compute_insights(vault: Vault, today: date) -> insights.Insights:
    """The owner's insights, nudges they dismissed left out: what the page and the API show.

    The records live only inside this call. For speed the cyclic collector
    stays paused while they are loaded and worked on (see ``_cyclic_gc_paused``):
    otherwise it would rescan every fresh record as soon as it is back on, in
    the middle of the computation.
    """
    with _cyclic_gc_paused():
        result = insights.compute(load_episodes(vault), load_encounters(vault), today)
    result.nudges = insights.undismissed(result.nudges, load_profile(vault).dismissed)
    return result


# --- Shared plumbing -------------------------------------------------------------------


Row = models.Episode | models.Encounter


def _load_all[R: (Episode, Encounter)](
    model: type[Row], vault: Vault, opener: Callable[[Vault, str, bytes | memoryview], R]
) -> list[R]:
    rows = model.objects.filter(owner_id=vault.user_id).values_list("id", "sealed")
    with _cyclic_gc_paused():
        found = [r for pk, blob in rows if (r := _readable(opener, vault, str(pk), blob)) is not None]
    return sorted(found, key=lambda r: r.when, reverse=True)


def _bulk_insert(model: type[Row], table: str, vault: Vault, items: list[Episode] | list[Encounter]) -> None:
    rows = [
        model(id=r.id, owner_id=vault.user_id, sealed=vault.seal_json(table, r.id, models.FIELD, r.to_dict()))
        for r in items
    ]
    model.objects.bulk_create(rows, batch_size=500)  # type: ignore[arg-type]


def _readable[T](
    opener: Callable[[Vault, str, bytes | memoryview], T], vault: Vault, pk: str, blob: bytes | memoryview
) -> T | None:
    # One damaged row must not hide the whole journal: lists skip it (and
    # _open logs it); opening that one entry directly still answers 404.
    try:
        return opener(vault, pk, blob)
    except Http404:
        return None


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    # For speed: opening thousands of records makes hundreds of thousands of
    # small dicts and lists, none in a reference cycle, and the cyclic
    # collector would rescan all of them again and again while they pile up
    # (about a third of the load time at 30,000 records). Reference counting
    # still frees everything as usual; the pause lasts one load (or one
    # insights computation). Nested pauses leave the outer one in charge.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _blob_or_404(model: type[Row], vault: Vault, pk: UUID | str) -> bytes:
    blob = model.objects.filter(pk=pk, owner_id=vault.user_id).values_list("sealed", flat=True).first()
    if blob is None:
        raise Http404("No such entry.")
    return bytes(blob)


def _save(model: type[Row], vault: Vault, pk: str, blob: bytes) -> None:
    # update_or_create filtered by owner: an id that belongs to someone else
    # is never overwritten (the insert fails on the primary key instead).
    updated = model.objects.filter(pk=pk, owner_id=vault.user_id).update(sealed=blob)
    if not updated:
        model.objects.create(pk=pk, owner_id=vault.user_id, sealed=blob)


def _open(vault: Vault, table: str, pk: str, blob: bytes | memoryview) -> Any:
    try:
        return vault.open_json(table, pk, models.FIELD, bytes(blob))
    except CryptoError:
        # Say which kind of row, never what it held; the owner sees a 404.
        log.warning("a %s row failed to open", table)
        raise Http404("This entry could not be opened.") from None
