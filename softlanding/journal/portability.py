"""The journal's section of the account export, and its import.

The section is ``{"episodes": [...], "encounters": [...], "partners": [...]}``
with records in the same shape as the API. Import gives every record a new
id (ids are global, and the old account may still exist on this server) and
keeps encounter-to-episode links by mapping the old ids to the new ones.
"""

from __future__ import annotations

from typing import Any

from softlanding.accounts.vault import Vault
from softlanding.journal import records, store

KEYS = ("episodes", "encounters", "partners")


def export(vault: Vault) -> dict[str, Any]:
    episodes = [e.to_dict() for e in store.load_episodes(vault)]
    encounters = [e.to_dict() for e in store.load_encounters(vault)]
    partners = store.load_profile(vault).partners
    if not (episodes or encounters or partners):
        return {}  # "nothing stored", so an import into this account is allowed
    return {"episodes": episodes, "encounters": encounters, "partners": partners}


def validate(data: object) -> None:
    parse(data)


def parse(data: object) -> tuple[list[records.Episode], list[records.Encounter], list[str]]:
    if data in (None, {}):
        return [], [], []
    if not isinstance(data, dict):
        raise ValueError("expected an object with episodes, encounters and partners")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ValueError(f"unknown part: {unknown[0]}")
    episodes = [
        _record(records.episode_from_dict, item, "episodes", i) for i, item in enumerate(_list(data, "episodes"))
    ]
    encounters = [
        _record(records.encounter_from_dict, item, "encounters", i) for i, item in enumerate(_list(data, "encounters"))
    ]
    for name, items in (("episodes", episodes), ("encounters", encounters)):
        if len({r.id for r in items}) != len(items):
            raise ValueError(f"{name}: the same id appears twice")
    partners = store.profile_from_dict({"partners": _list(data, "partners")}).partners
    return episodes, encounters, partners


def import_(vault: Vault, data: object) -> None:
    episodes, encounters, partners = parse(data)
    new_ids = {e.id: records.new_id() for e in episodes}
    for episode in episodes:
        episode.id = new_ids[episode.id]
        store.save_episode(vault, episode)
    for encounter in encounters:
        encounter.id = records.new_id()
        # A link to an episode that is not in the file is dropped, not kept dangling.
        encounter.episode = new_ids.get(encounter.episode or "")
        store.save_encounter(vault, encounter)
    if partners:
        profile = store.load_profile(vault)
        for name in partners:
            profile.add_partner(name)
        store.save_profile(vault, profile)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key}: expected a list")
    return value


def _record(build: Any, item: object, name: str, index: int) -> Any:
    try:
        return build(item)
    except records.RecordError as exc:
        raise ValueError(f"{name} item {index + 1}: {exc}") from None
