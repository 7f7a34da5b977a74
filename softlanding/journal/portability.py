"""The journal's section of the account export, and its import.

The section is ``{"episodes": [...], "encounters": [...], "partners": [...],
"dismissed": {...}}`` with records in the same shape as the API, and
``dismissed`` mapping a support nudge to the episode it was hidden at. Import
gives every record a new id (ids are global, and the old account may still
exist on this server) and keeps encounter-to-episode links and dismissals by
mapping the old ids to the new ones.
"""

from __future__ import annotations

from typing import Any

from softlanding.accounts.vault import Vault
from softlanding.journal import insights, records, store

KEYS = ("episodes", "encounters", "partners", "dismissed")


def export(vault: Vault) -> dict[str, Any]:
    episodes = [e.to_dict() for e in store.load_episodes(vault)]
    encounters = [e.to_dict() for e in store.load_encounters(vault)]
    profile = store.load_profile(vault)
    if not (episodes or encounters or profile.partners):
        return {}  # "nothing stored", so an import into this account is allowed
    return {
        "episodes": episodes,
        "encounters": encounters,
        "partners": profile.partners,
        "dismissed": dict(profile.dismissed),
    }


def validate(data: object) -> None:
    parse(data)


def parse(data: object) -> tuple[list[records.Episode], list[records.Encounter], store.Profile]:
    if data in (None, {}):
        return [], [], store.Profile()
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
    profile = store.profile_from_dict({"partners": _list(data, "partners"), "dismissed": _dismissed(data)})
    return episodes, encounters, profile


def _dismissed(data: dict[str, Any]) -> dict[str, str]:
    value = data.get("dismissed", {})
    if not isinstance(value, dict):
        raise ValueError("dismissed: expected an object")
    for key, episode_id in value.items():
        if key not in insights.NUDGE_KEYS:
            raise ValueError(f"dismissed: unknown note {key!r}")
        try:
            records.parse_id(episode_id)
        except records.RecordError:
            raise ValueError(f"dismissed.{key}: not a valid id") from None
    return value


def import_(vault: Vault, data: object) -> None:
    episodes, encounters, imported = parse(data)
    new_ids = {e.id: records.new_id() for e in episodes}
    for episode in episodes:
        episode.id = new_ids[episode.id]
        store.save_episode(vault, episode)
    for encounter in encounters:
        encounter.id = records.new_id()
        # A link to an episode that is not in the file is dropped, not kept dangling.
        encounter.episode = new_ids.get(encounter.episode or "")
        store.save_encounter(vault, encounter)
    # A dismissal holds until newer evidence, so it must point at the new id;
    # one whose episode is not in the file is dropped (the nudge shows again).
    dismissed = {key: new_ids[old] for key, old in imported.dismissed.items() if old in new_ids}
    if imported.partners or dismissed:
        profile = store.load_profile(vault)
        for name in imported.partners:
            profile.add_partner(name)
        profile.dismissed.update(dismissed)
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
