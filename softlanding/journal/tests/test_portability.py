"""The journal travels in the account export and comes back on import."""

from __future__ import annotations

from typing import Any

import pytest

from softlanding.journal import portability, records, store
from softlanding.test import Personas, api_client, make_user, vault_for


def fill(vault: Any) -> None:
    episode = records.episode_from_dict(
        {"when": "2025-05-01T22:15", "notes": "n", "partner": "Sam", "answers": {"pain": "mild"}, "drivers": ["pain"]}
    )
    store.save_episode(vault, episode)
    store.save_encounter(
        vault, records.encounter_from_dict({"when": "2025-05-01T22:00", "tears": True, "episode": episode.id})
    )
    store.save_encounter(
        vault, records.encounter_from_dict({"when": "2025-05-03T22:00", "tears": False, "context": []})
    )
    profile = store.load_profile(vault)
    profile.add_partner("Sam")
    profile.add_partner("Kim")
    profile.dismissed["pain"] = episode.id
    store.save_profile(vault, profile)


def comparable(section: dict[str, Any]) -> dict[str, Any]:
    """The section without ids (an import gives new ones), links as booleans."""
    return {
        "episodes": [{k: v for k, v in e.items() if k != "id"} for e in section["episodes"]],
        "encounters": [
            {**{k: v for k, v in e.items() if k not in ("id", "episode")}, "linked": bool(e["episode"])}
            for e in section["encounters"]
        ],
        "partners": section["partners"],
        "dismissed": sorted(section["dismissed"]),
    }


@pytest.mark.django_db
def test_an_empty_journal_exports_as_empty() -> None:
    assert portability.export(vault_for(make_user("erin"))) == {}  # type: ignore[arg-type]


@pytest.mark.django_db
def test_export_and_import_through_the_account_api_round_trip(personas: Personas) -> None:
    fill(vault_for(personas.alice))
    exported = api_client(personas.alice).get("/api/v1/export").json()
    assert len(exported["journal"]["episodes"]) == 1
    fresh = make_user("erin")
    response = api_client(fresh).post("/api/v1/import", exported, content_type="application/json")
    assert response.status_code == 201, response.content
    again = portability.export(vault_for(fresh))  # type: ignore[arg-type]
    assert comparable(again) == comparable(exported["journal"])
    # New ids, and the link between the encounter and its episode survives.
    assert again["episodes"][0]["id"] != exported["journal"]["episodes"][0]["id"]
    linked = next(e for e in again["encounters"] if e["episode"])
    assert linked["episode"] == again["episodes"][0]["id"]
    # A hidden nudge stays hidden: the dismissal follows its episode's new id.
    assert again["dismissed"] == {"pain": again["episodes"][0]["id"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object"),
        ({"diary": []}, "unknown part: diary"),
        ({"episodes": {}}, "episodes: expected a list"),
        ({"episodes": [{"when": "never"}]}, "episodes item 1: when:"),
        ({"encounters": [{"when": "2025-01-01T10:00"}]}, "encounters item 1: tears:"),
        ({"partners": ["x" * 61]}, "partners:"),
        (
            {"episodes": [{"id": "2b0f6b4e-8d5c-4f0a-9a51-1f2d3c4b5a69", "when": "2025-01-01T10:00"}] * 2},
            "the same id appears twice",
        ),
        ({"dismissed": []}, "dismissed: expected an object"),
        ({"dismissed": {"weather": "2b0f6b4e-8d5c-4f0a-9a51-1f2d3c4b5a69"}}, "dismissed: unknown note 'weather'"),
        ({"dismissed": {"pain": "yesterday"}}, "dismissed.pain: not a valid id"),
    ],
)
def test_a_bad_section_is_refused_with_a_reason(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        portability.validate(data)


@pytest.mark.django_db
def test_a_bad_journal_section_changes_nothing(personas: Personas) -> None:
    fresh = make_user("erin")
    body = {
        "_meta": {"format": "softlanding-export", "version": 1},
        "journal": {"episodes": [{"when": "2025-01-01T10:00"}, {"when": "bad"}]},
    }
    response = api_client(fresh).post("/api/v1/import", body, content_type="application/json")
    assert response.status_code == 400
    assert "journal" in response.json()["detail"]
    assert store.load_episodes(vault_for(fresh)) == []  # type: ignore[arg-type]


@pytest.mark.django_db
def test_everything_the_pages_and_api_can_write_survives_export_and_import(personas: Personas) -> None:
    """Every field of every record, through the account export file, into a fresh account."""
    from softlanding.journal import demo

    episodes, encounters = demo.generate(40, 120, seed=3)
    vault = vault_for(personas.alice)
    store.add_many(vault, episodes, encounters, partners=demo.PARTNERS)  # type: ignore[arg-type]
    exported = api_client(personas.alice).get("/api/v1/export").json()
    fresh = make_user("erin")
    assert api_client(fresh).post("/api/v1/import", exported, content_type="application/json").status_code == 201
    again = portability.export(vault_for(fresh))  # type: ignore[arg-type]
    assert with_linked_episodes(again) == with_linked_episodes(exported["journal"])
    assert again["partners"] == exported["journal"]["partners"]


def with_linked_episodes(section: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Episodes and encounters without ids, each encounter with its episode's content
    in place of the link; sorted, so entries at the same minute compare in any order."""
    import json

    def plain(record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in ("id", "episode")}

    by_id = {e["id"]: plain(e) for e in section["episodes"]}
    episodes = sorted(json.dumps(plain(e), sort_keys=True) for e in section["episodes"])
    encounters = sorted(
        json.dumps({**plain(e), "episode": by_id[e["episode"]] if e["episode"] else None}, sort_keys=True)
        for e in section["encounters"]
    )
    return episodes, encounters


@pytest.mark.django_db
def test_an_import_into_an_account_with_a_journal_is_refused(personas: Personas) -> None:
    fill(vault_for(personas.alice))
    exported = api_client(personas.alice).get("/api/v1/export").json()
    response = api_client(personas.alice).post("/api/v1/import", exported, content_type="application/json")
    assert response.status_code == 409
    assert len(store.load_episodes(vault_for(personas.alice))) == 1  # type: ignore[arg-type]
