"""The journal API: the owner can do everything, nobody else learns anything."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from softlanding.journal import records, store
from softlanding.test import Personas, api_client, vault_for

SECRET = "only alice knows this"


@pytest.fixture
def alice_ids(personas: Personas) -> dict[str, str]:
    vault = vault_for(personas.alice)
    episode = records.episode_from_dict({"when": "2025-05-01T22:15", "notes": SECRET})
    store.save_episode(vault, episode)  # type: ignore[arg-type]
    encounter = records.encounter_from_dict({"when": "2025-05-01T22:00", "tears": True, "episode": episode.id})
    store.save_encounter(vault, encounter)  # type: ignore[arg-type]
    return {"episodes": episode.id, "encounters": encounter.id}


def call(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    kwargs: dict[str, Any] = (
        {"content_type": "application/json", "data": body or {}} if method in ("post", "patch") else {}
    )
    return getattr(client, method)(url, **kwargs)


OBJECT_CALLS = [("get", None), ("patch", {"partner": "Mallory"}), ("delete", None)]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["episodes", "encounters"])
@pytest.mark.parametrize(("method", "body"), OBJECT_CALLS)
@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_other_peoples_ids_are_404(
    personas: Personas, alice_ids: dict[str, str], table: str, method: str, body: Any, who: str
) -> None:
    response = call(api_client(getattr(personas, who)), method, f"/api/v1/{table}/{alice_ids[table]}", body)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert SECRET not in response.content.decode()
    assert store.episode_or_404(vault_for(personas.alice), alice_ids["episodes"]).notes == SECRET  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["episodes", "encounters"])
@pytest.mark.parametrize(
    ("method", "body"), [*OBJECT_CALLS, ("list", None), ("post", {"when": "2025-01-01T10:00", "tears": False})]
)
def test_anonymous_calls_get_401(
    personas: Personas, alice_ids: dict[str, str], table: str, method: str, body: Any
) -> None:
    url = f"/api/v1/{table}" if method in ("list", "post") else f"/api/v1/{table}/{alice_ids[table]}"
    response = call(Client(), "get" if method == "list" else method, url, body)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_insights_need_a_token_and_show_only_your_own(personas: Personas, alice_ids: dict[str, str]) -> None:
    assert Client().get("/api/v1/insights").status_code == 401
    assert api_client(personas.alice).get("/api/v1/insights").json()["episode_count"] == 1
    for who in ("bob", "charlie", "dave"):
        data = api_client(getattr(personas, who)).get("/api/v1/insights").json()
        assert (data["episode_count"], data["encounter_count"]) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["episodes", "encounters"])
@pytest.mark.parametrize("bad_id", ["7d1e8c9a-58b4-4c56-9d0e-4f1b2a3c4d5e", "not-an-id", "1"])
def test_unknown_or_malformed_ids_are_404(personas: Personas, table: str, bad_id: str) -> None:
    assert api_client(personas.alice).get(f"/api/v1/{table}/{bad_id}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_lists_never_include_someone_elses_entries(personas: Personas, alice_ids: dict[str, str], who: str) -> None:
    client = api_client(getattr(personas, who))
    assert client.get("/api/v1/episodes").json() == []
    assert client.get("/api/v1/encounters").json() == []


@pytest.mark.django_db
def test_the_owner_creates_reads_patches_and_deletes_an_episode(personas: Personas) -> None:
    client = api_client(personas.alice)
    created = call(
        client,
        "post",
        "/api/v1/episodes",
        {"when": "2025-06-01T21:30", "answers": {"pain": "mild"}, "partner": "Sam", "cycle_day": 3},
    )
    assert created.status_code == 201
    episode = created.json()
    assert episode["answers"] == {"pain": "mild"}
    assert client.get(f"/api/v1/episodes/{episode['id']}").json() == episode
    patched = call(client, "patch", f"/api/v1/episodes/{episode['id']}", {"notes": "later", "cycle_day": None})
    assert patched.status_code == 200
    assert (patched.json()["notes"], patched.json()["cycle_day"], patched.json()["partner"]) == ("later", None, "Sam")
    assert [e["id"] for e in client.get("/api/v1/episodes").json()] == [episode["id"]]
    assert client.delete(f"/api/v1/episodes/{episode['id']}").status_code == 204
    assert client.get(f"/api/v1/episodes/{episode['id']}").status_code == 404
    assert store.load_profile(vault_for(personas.alice)).partners == ["Sam"]  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_owner_notes_and_links_an_encounter(personas: Personas, alice_ids: dict[str, str]) -> None:
    client = api_client(personas.alice)
    created = call(
        client, "post", "/api/v1/encounters", {"when": "2025-06-01T21:30", "tears": False, "context": ["tired"]}
    )
    assert created.status_code == 201
    encounter = created.json()
    linked = call(
        client, "patch", f"/api/v1/encounters/{encounter['id']}", {"tears": True, "episode": alice_ids["episodes"]}
    )
    assert linked.json()["episode"] == alice_ids["episodes"]
    assert client.delete(f"/api/v1/encounters/{encounter['id']}").status_code == 204


@pytest.mark.django_db
def test_an_encounter_cannot_point_at_someone_elses_episode(personas: Personas, alice_ids: dict[str, str]) -> None:
    response = call(
        api_client(personas.charlie),
        "post",
        "/api/v1/encounters",
        {"when": "2025-06-01T21:30", "tears": True, "episode": alice_ids["episodes"]},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "episode: no such entry"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "body", "field"),
    [
        ("episodes", {"when": "soon"}, "when"),
        ("episodes", {"when": "2025-06-01T21:30", "answers": {"pain": "lots"}}, "answers.pain"),
        ("episodes", {"when": "2025-06-01T21:30", "distress_after": 11}, "distress_after"),
        ("episodes", {"when": "2025-06-01T21:30", "substances": "plenty"}, "substances"),
        ("encounters", {"when": "2025-06-01T21:30", "tears": False, "context": ["bored"]}, "context"),
        ("encounters", {"when": "2025-06-01T21:30"}, "tears"),
    ],
)
def test_bad_input_is_422_and_names_the_field(personas: Personas, table: str, body: dict[str, Any], field: str) -> None:
    response = call(api_client(personas.alice), "post", f"/api/v1/{table}", body)
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert api_client(personas.alice).get(f"/api/v1/{table}").json() == []


@pytest.mark.django_db
def test_every_journal_operation_declares_its_answers() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = {p: ops for p, ops in schema["paths"].items() if p.split("/")[3] in {"episodes", "encounters", "insights"}}
    assert set(paths) == {
        "/api/v1/episodes",
        "/api/v1/episodes/{episode_id}",
        "/api/v1/encounters",
        "/api/v1/encounters/{encounter_id}",
        "/api/v1/insights",
    }
    for ops in paths.values():
        for method, op in ops.items():
            assert "401" in op["responses"], (method, op)
            if method in ("patch", "post"):
                assert {"400", "422"} <= set(op["responses"])


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "body"), [("episodes", {}), ("encounters", {"tears": True})])
def test_when_defaults_to_now(personas: Personas, table: str, body: dict[str, Any]) -> None:
    from softlanding.journal import forms

    before = forms.now_local()
    created = call(api_client(personas.alice), "post", f"/api/v1/{table}", body)
    assert created.status_code == 201, created.content
    when = records.parse_when(created.json()["when"])
    assert before <= when <= forms.now_local()


@pytest.mark.django_db
def test_several_episodes_a_day_are_fine(personas: Personas) -> None:
    client = api_client(personas.alice)
    for time in ("2025-06-01T08:00", "2025-06-01T08:00", "2025-06-01T23:59"):
        assert call(client, "post", "/api/v1/episodes", {"when": time}).status_code == 201
    assert len(client.get("/api/v1/episodes").json()) == 3


@pytest.mark.django_db
def test_insights_answer_with_a_declared_schema(personas: Personas, alice_ids: dict[str, str]) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/insights"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    name = ok["$ref"].rsplit("/", 1)[-1]
    declared = schema["components"]["schemas"][name]["properties"]
    data = api_client(personas.alice).get("/api/v1/insights").json()
    assert set(data) == set(declared)
    assert {"trend", "months", "factors", "helped", "drivers", "nudges"} <= set(declared)
    assert len(data["months"]) == 12


@pytest.mark.django_db
def test_insights_leave_out_nudges_the_owner_dismissed(personas: Personas) -> None:
    client = api_client(personas.alice)
    for day in ("2025-06-01T21:00", "2025-06-02T21:00"):
        call(client, "post", "/api/v1/episodes", {"when": day, "answers": {"pain": "mild"}})
    (nudge,) = client.get("/api/v1/insights").json()["nudges"]
    assert (nudge["key"], nudge["link_page"]) == ("pain", "getting-support")
    store_profile = store.load_profile(vault_for(personas.alice))  # type: ignore[arg-type]
    store_profile.dismissed["pain"] = nudge["evidence"]
    store.save_profile(vault_for(personas.alice), store_profile)  # type: ignore[arg-type]
    assert client.get("/api/v1/insights").json()["nudges"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_other_peoples_insights_never_include_alices_nicknames(
    personas: Personas, alice_ids: dict[str, str], who: str
) -> None:
    vault = vault_for(personas.alice)
    for name in ("Sam", "Kim"):
        for day in range(1, 5):
            store.save_encounter(  # type: ignore[arg-type]
                vault, records.encounter_from_dict({"when": f"2025-05-0{day}T22:00", "tears": False, "partner": name})
            )
    assert "partner:Sam" in api_client(personas.alice).get("/api/v1/insights").content.decode()
    theirs = api_client(getattr(personas, who)).get("/api/v1/insights").content.decode()
    assert "Sam" not in theirs
    assert SECRET not in theirs
