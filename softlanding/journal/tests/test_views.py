"""Journal pages: what the owner can do, and that nobody else sees anything."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from softlanding.journal import records, store
from softlanding.test import Personas, client_for, unlocked_client, vault_for

SECRET = "a private word only alice wrote"


@pytest.fixture
def alice_data(personas: Personas) -> dict[str, str]:
    vault = vault_for(personas.alice)
    episode = records.episode_from_dict(
        {
            "when": "2025-05-01T22:15",
            "notes": SECRET,
            "partner": "Sam",
            "answers": {"pain": "mild"},
            "helped": ["holding"],
        }
    )
    store.save_episode(vault, episode)  # type: ignore[arg-type]
    encounter = records.encounter_from_dict(
        {"when": "2025-05-01T22:00", "tears": True, "partner": "Sam", "episode": episode.id}
    )
    store.save_encounter(vault, encounter)  # type: ignore[arg-type]
    return {"episode": episode.id, "encounter": encounter.id}


def client_as(personas: Personas, who: str) -> Client:
    if who == "anonymous":
        return Client()
    return unlocked_client(getattr(personas, who))


OBJECT_PAGES = [
    ("get", "/journal/episodes/{episode}/"),
    ("get", "/journal/episodes/{episode}/delete/"),
    ("post", "/journal/episodes/{episode}/delete/"),
    ("post", "/journal/episodes/{episode}/"),
    ("get", "/journal/encounters/{encounter}/"),
    ("get", "/journal/encounters/{encounter}/delete/"),
    ("post", "/journal/encounters/{encounter}/delete/"),
    ("get", "/journal/episodes/new/?encounter={encounter}"),
    ("post", "/journal/encounters/{encounter}/"),
    ("post", "/journal/episodes/new/?encounter={encounter}"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), OBJECT_PAGES)
@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_nobody_but_the_owner_reaches_an_entry(
    personas: Personas, alice_data: dict[str, str], method: str, url: str, who: str
) -> None:
    client = client_as(personas, who)
    target = url.format(**alice_data)
    response = client.post(target, {"when": "2025-01-01T10:00"}) if method == "post" else client.get(target)
    assert response.status_code == 404
    assert SECRET.encode() not in response.content
    # ... and nothing changed for alice.
    assert store.episode_or_404(vault_for(personas.alice), alice_data["episode"]).notes == SECRET  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), OBJECT_PAGES)
def test_an_anonymous_visitor_is_sent_to_unlock(
    personas: Personas, alice_data: dict[str, str], method: str, url: str
) -> None:
    response = getattr(Client(), method)(url.format(**alice_data))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/unlock/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/journal/episodes/{episode}/", "/journal/episodes/{episode}/delete/", "/journal/encounters/{encounter}/"]
)
def test_a_signed_in_but_locked_owner_is_sent_to_unlock(
    personas: Personas, alice_data: dict[str, str], url: str
) -> None:
    response = client_for(personas.alice).get(url.format(**alice_data))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/unlock/")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), OBJECT_PAGES[:2] + OBJECT_PAGES[4:6] + OBJECT_PAGES[7:])
def test_the_owner_opens_her_entries(personas: Personas, alice_data: dict[str, str], method: str, url: str) -> None:
    response = unlocked_client(personas.alice).get(url.format(**alice_data))
    assert response.status_code == 200


LIST_PAGES = [
    "/journal/",
    "/journal/insights/",
    "/journal/encounters/",
    "/journal/export/episodes.csv",
    "/journal/export/encounters.csv",
    "/journal/nicknames/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_show_the_owner_her_own_data_only(personas: Personas, alice_data: dict[str, str], url: str) -> None:
    mine = unlocked_client(personas.alice).get(url)
    assert mine.status_code == 200
    assert mine["Cache-Control"].startswith("max-age=0") or "no-store" in mine["Cache-Control"]
    for who in ("bob", "charlie", "dave"):
        theirs = client_as(personas, who).get(url)
        assert theirs.status_code == 200
        assert b"Sam" not in theirs.content
        assert SECRET.encode() not in theirs.content
        assert alice_data["episode"].encode() not in theirs.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES[1:])
def test_list_pages_send_anonymous_visitors_to_unlock(personas: Personas, alice_data: dict[str, str], url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/unlock/")


@pytest.mark.django_db
def test_the_journal_home_shows_only_an_invitation_when_locked(personas: Personas, alice_data: dict[str, str]) -> None:
    for client in (Client(), client_for(personas.alice)):
        response = client.get("/journal/")
        assert response.status_code == 200
        assert b"Unlock" in response.content
        assert SECRET.encode() not in response.content


@pytest.mark.django_db
def test_the_owner_sees_her_entry_in_the_list(personas: Personas, alice_data: dict[str, str]) -> None:
    html = unlocked_client(personas.alice).get("/journal/").content.decode()
    assert SECRET in html
    assert f"/journal/episodes/{alice_data['episode']}/" in html


def episode_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "when": "2025-06-01T21:30",
        "notes": "hello",
        "pain": "mild",
        "feelings": ["relief", "joy"],
        "stress": "3",
        "heard": "yes",
        "distress_before": "7",
        "distress_after": "2",
        "helped": ["holding", "talking"],
        "own_helped": "tea, music",
        "new_partner": "Robin",
        "settings": ["home"],
        "own_settings": "candles",
        "substances": "some",
        "cycle_day": "12",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_an_owner_creates_edits_and_deletes_an_episode(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    response = client.post("/journal/episodes/new/", episode_post())
    assert response.status_code == 302
    vault = vault_for(personas.alice)
    (episode,) = store.load_episodes(vault)  # type: ignore[arg-type]
    assert episode.answers == {"pain": "mild", "feelings": ["relief", "joy"], "stress": 3, "heard": True}
    assert episode.helped == ["holding", "talking", "tea", "music"]
    assert (episode.partner, episode.cycle_day, episode.distress_before, episode.distress_after) == ("Robin", 12, 7, 2)
    assert store.load_profile(vault).partners == ["Robin"]  # type: ignore[arg-type]
    # The edit form shows what was saved, and saving it unchanged keeps it.
    form = client.get(f"/journal/episodes/{episode.id}/").content.decode()
    assert "tea, music" in form
    client.post(f"/journal/episodes/{episode.id}/", episode_post(new_partner="", partner="Robin", notes="changed"))
    (edited,) = store.load_episodes(vault)  # type: ignore[arg-type]
    assert edited.notes == "changed"
    assert edited.helped == episode.helped
    client.post(f"/journal/episodes/{episode.id}/delete/")
    assert store.load_episodes(vault) == []  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_bad_form_keeps_what_was_typed(personas: Personas) -> None:
    response = unlocked_client(personas.alice).post(
        "/journal/episodes/new/", episode_post(when="soon", distress_before="12")
    )
    assert response.status_code == 200
    assert b"hello" in response.content
    assert store.load_episodes(vault_for(personas.alice)) == []  # type: ignore[arg-type]


@pytest.mark.django_db
def test_one_tap_logs_an_encounter_and_offers_details(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    without = client.post("/journal/encounters/log/", {"tears": "no"})["Location"]
    response = client.post("/journal/encounters/log/", {"tears": "yes"})
    encounter_id = response["Location"].rsplit("=", 1)[1]
    # The address says nothing about tears: both are the journal and a random id.
    assert response["Location"] == f"/journal/?logged={encounter_id}"
    assert without.startswith("/journal/?logged=")
    assert len(without) == len(response["Location"])
    page = client.get(response["Location"]).content.decode()
    assert "Noted. Thank you." in page
    assert f"/journal/episodes/new/?encounter={encounter_id}" in page
    assert "/journal/episodes/new/?encounter=" not in client.get(without).content.decode()
    client.post(f"/journal/episodes/new/?encounter={encounter_id}", episode_post())
    vault = vault_for(personas.alice)
    (episode,) = store.load_episodes(vault)  # type: ignore[arg-type]
    linked = store.encounter_or_404(vault, encounter_id)  # type: ignore[arg-type]
    assert (linked.tears, linked.episode, linked.context) == (True, episode.id, None)
    # Once the details are added, the offer goes away.
    assert "Add details" not in client.get(response["Location"]).content.decode()
    assert client.post("/journal/encounters/log/", {"tears": "maybe"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("logged", ["nonsense", "7d1e8c9a-58b4-4c56-9d0e-4f1b2a3c4d5e", "{encounter}"])
def test_a_logged_id_that_is_not_yours_shows_nothing(
    personas: Personas, alice_data: dict[str, str], logged: str
) -> None:
    for who in ("bob", "charlie", "dave"):
        page = client_as(personas, who).get(f"/journal/?logged={logged.format(**alice_data)}")
        assert page.status_code == 200
        assert b"Noted." not in page.content
        assert b"Add details" not in page.content


@pytest.mark.django_db
def test_an_encounter_with_details_notes_its_context(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    client.post(
        "/journal/encounters/new/",
        {"when": "2025-06-01T21:30", "tears": "no", "context": ["tired"], "new_partner": "Kim"},
    )
    (encounter,) = store.load_encounters(vault_for(personas.alice))  # type: ignore[arg-type]
    assert (encounter.tears, encounter.context, encounter.partner) == (False, ["tired"], "Kim")
    client.post(f"/journal/encounters/{encounter.id}/", {"when": "2025-06-01T21:30", "tears": "yes", "partner": "Kim"})
    (edited,) = store.load_encounters(vault_for(personas.alice))  # type: ignore[arg-type]
    assert (edited.tears, edited.context) == (True, [])


@pytest.mark.django_db
def test_a_finished_check_in_becomes_an_episode_in_one_step(personas: Personas) -> None:
    answers = {"timing": "during", "pain": "strong", "memories": "none", "safe_now": True, "feelings": ["fear"]}
    response = unlocked_client(personas.alice).post("/journal/episodes/from-check/", {"answers": json.dumps(answers)})
    assert response.status_code == 302
    (episode,) = store.load_episodes(vault_for(personas.alice))  # type: ignore[arg-type]
    assert response["Location"] == f"/journal/episodes/{episode.id}/"
    assert episode.answers == {"timing": "during", "pain": "strong", "memories": "none", "feelings": ["fear"]}
    assert episode.drivers[0] == "pain"


@pytest.mark.django_db
@pytest.mark.parametrize("answers", ["", "not json", json.dumps({"pain": "lots"}), json.dumps({"colour": 1}), "[]"])
def test_a_bad_check_in_is_refused_and_nothing_is_saved(personas: Personas, answers: str) -> None:
    response = unlocked_client(personas.alice).post("/journal/episodes/from-check/", {"answers": answers})
    assert response.status_code == 400
    assert store.load_episodes(vault_for(personas.alice)) == []  # type: ignore[arg-type]


@pytest.mark.django_db
def test_from_check_needs_an_unlocked_vault_and_a_post(personas: Personas) -> None:
    assert Client().post("/journal/episodes/from-check/", {"answers": "{}"})["Location"].startswith("/account/unlock/")
    # Unlocking sends the browser back here with a GET, without the answers: say so kindly.
    after_unlock = unlocked_client(personas.alice).get("/journal/episodes/from-check/")
    assert after_unlock.status_code == 200
    assert b"Nothing was saved" in after_unlock.content


@pytest.mark.django_db
def test_a_nudge_can_be_dismissed_until_there_is_new_evidence(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    vault = vault_for(personas.alice)
    for day in ("2025-06-01T21:00", "2025-06-02T21:00"):
        store.save_episode(vault, records.episode_from_dict({"when": day, "answers": {"pain": "mild"}}))  # type: ignore[arg-type]
    page = client.get("/journal/").content.decode()
    assert "Pain keeps coming up" in page
    newest = store.load_episodes(vault)[0]  # type: ignore[arg-type]
    client.post("/journal/nudges/dismiss/", {"key": "pain", "evidence": newest.id})
    assert "Pain keeps coming up" not in client.get("/journal/").content.decode()
    store.save_episode(vault, records.episode_from_dict({"when": "2025-06-03T21:00", "answers": {"pain": "mild"}}))  # type: ignore[arg-type]
    assert "Pain keeps coming up" in client.get("/journal/insights/").content.decode()


@pytest.mark.django_db
def test_nicknames_are_kept_sealed_and_can_be_removed(personas: Personas) -> None:
    client = unlocked_client(personas.alice)
    client.post("/journal/nicknames/", {"name": "  Jo  "})
    client.post("/journal/nicknames/", {"name": "jo"})  # the same name in other case
    assert store.load_profile(vault_for(personas.alice)).partners == ["Jo"]  # type: ignore[arg-type]
    client.post("/journal/nicknames/", {"remove": "Jo"})
    assert store.load_profile(vault_for(personas.alice)).partners == []  # type: ignore[arg-type]


@pytest.mark.django_db
def test_csv_export_is_not_cached_and_defuses_formulas(personas: Personas) -> None:
    store.save_episode(
        vault_for(personas.alice), records.episode_from_dict({"when": "2025-06-01T21:00", "notes": "=SUM(A1)"})
    )  # type: ignore[arg-type]
    response = unlocked_client(personas.alice).get("/journal/export/episodes.csv")
    assert "no-store" in response["Cache-Control"]
    assert "'=SUM(A1)" in response.content.decode()
    assert unlocked_client(personas.alice).get("/journal/export/other.csv").status_code == 404


@pytest.mark.django_db
def test_pages_use_no_inline_styles(personas: Personas, alice_data: dict[str, str]) -> None:
    client = unlocked_client(personas.alice)
    for url in (
        "/journal/",
        "/journal/insights/",
        f"/journal/episodes/{alice_data['episode']}/",
        "/journal/encounters/new/",
    ):
        html = client.get(url).content.decode()
        assert "style=" not in html
        assert "<script>" not in html


@pytest.mark.django_db
def test_deleting_an_episode_unlinks_its_encounter(personas: Personas, alice_data: dict[str, str]) -> None:
    unlocked_client(personas.alice).post(f"/journal/episodes/{alice_data['episode']}/delete/")
    encounter = store.encounter_or_404(vault_for(personas.alice), alice_data["encounter"])  # type: ignore[arg-type]
    assert (encounter.tears, encounter.episode) == (True, None)


@pytest.mark.django_db
def test_one_damaged_row_does_not_hide_the_whole_journal(personas: Personas, alice_data: dict[str, str]) -> None:
    from softlanding.journal import models

    vault = vault_for(personas.alice)
    store.save_episode(vault, records.episode_from_dict({"when": "2025-05-02T10:00", "notes": "still here"}))  # type: ignore[arg-type]
    # A blob moved to another row no longer opens (its row id is bound into it).
    other = models.Episode.objects.exclude(pk=alice_data["episode"]).get()
    models.Episode.objects.filter(pk=alice_data["episode"]).update(sealed=other.sealed)
    client = unlocked_client(personas.alice)
    page = client.get("/journal/")
    assert b"still here" in page.content
    assert client.get(f"/journal/episodes/{alice_data['episode']}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/journal/episodes/new/",
        "/journal/episodes/from-check/",
        "/journal/encounters/new/",
        "/journal/encounters/log/",
        "/journal/nicknames/",
        "/journal/nudges/dismiss/",
    ],
)
def test_every_form_sends_anonymous_visitors_to_unlock_and_writes_nothing(personas: Personas, url: str) -> None:
    from softlanding.journal import models

    response = Client().post(url, {"tears": "yes", "name": "x", "when": "2025-01-01T10:00", "answers": "{}"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/unlock/")
    assert not models.Episode.objects.exists()
    assert not models.Encounter.objects.exists()
    assert not models.JournalProfile.objects.exists()


@pytest.mark.django_db
def test_htmx_requests_are_sent_to_unlock_with_a_header(personas: Personas, alice_data: dict[str, str]) -> None:
    response = Client().get(f"/journal/episodes/{alice_data['episode']}/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/account/unlock/")


@pytest.mark.django_db
def test_the_list_pages_through_many_entries_newest_first(personas: Personas) -> None:
    vault = vault_for(personas.alice)
    made = [
        records.episode_from_dict({"when": f"2025-03-{day:02d}T{hour:02d}:00", "notes": f"n{day}-{hour}"})
        for day in range(1, 29)
        for hour in (9, 21)
    ]
    store.add_many(vault, made, [], partners=[])  # type: ignore[arg-type]
    client = unlocked_client(personas.alice)
    first = client.get("/journal/").content.decode()
    assert "n28-21" in first
    assert "Page 1 of 2" in first
    second = client.get("/journal/?page=2").content.decode()
    assert "n1-9" in second
    assert "n28-21" not in second
    assert client.get("/journal/?page=nonsense").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_nobody_can_attach_an_entry_to_alices_encounter(
    personas: Personas, alice_data: dict[str, str], who: str
) -> None:
    from softlanding.journal import models

    before = models.Episode.objects.count()
    response = client_as(personas, who).post(
        "/journal/episodes/new/", {"when": "2025-01-01T10:00", "encounter": alice_data["encounter"]}
    )
    assert response.status_code == 404
    assert models.Episode.objects.count() == before
    assert store.encounter_or_404(vault_for(personas.alice), alice_data["encounter"]).episode == alice_data["episode"]  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_dismissing_with_alices_evidence_touches_only_your_own_notes(
    personas: Personas, alice_data: dict[str, str], who: str
) -> None:
    vault = vault_for(personas.alice)
    store.save_episode(vault, records.episode_from_dict({"when": "2025-05-02T10:00", "answers": {"pain": "strong"}}))  # type: ignore[arg-type]
    newest = store.load_episodes(vault)[0]  # type: ignore[arg-type]
    client_as(personas, who).post("/journal/nudges/dismiss/", {"key": "pain", "evidence": newest.id})
    assert store.load_profile(vault).dismissed == {}  # type: ignore[arg-type]
    assert "Pain keeps coming up" in unlocked_client(personas.alice).get("/journal/").content.decode()


@pytest.mark.django_db
def test_nudges_come_first_and_link_to_the_support_page_of_the_library(personas: Personas) -> None:
    vault = vault_for(personas.alice)
    for day, answers in (
        ("2025-06-01T21:00", {"pain": "mild"}),
        ("2025-06-02T21:00", {"pain": "mild", "wanted": "no"}),
    ):
        store.save_episode(vault, records.episode_from_dict({"when": day, "answers": answers}))  # type: ignore[arg-type]
    client = unlocked_client(personas.alice)
    for url, first_section in (("/journal/", "quick-log-title"), ("/journal/insights/", "trend-title")):
        html = client.get(url).content.decode()
        assert html.index("What happened was not your fault") < html.index("Pain keeps coming up")
        assert html.index("Pain keeps coming up") < html.index(first_section)
        assert 'href="/understand/library/getting-support/"' in html
    assert client.get("/understand/library/getting-support/").status_code == 200
    newest = store.load_episodes(vault)[0]  # type: ignore[arg-type]
    client.post("/journal/nudges/dismiss/", {"key": "not_wanted", "evidence": newest.id})
    assert "What happened was not your fault" not in client.get("/journal/").content.decode()


@pytest.mark.django_db
def test_the_patterns_page_shows_comparisons_with_their_ranges(personas: Personas) -> None:
    vault = vault_for(personas.alice)
    made = [
        records.encounter_from_dict(
            {"when": f"2025-05-{day:02d}T21:00", "tears": day <= 6, "context": ["tired"] if day <= 8 else []}
        )
        for day in range(1, 21)
    ]
    store.add_many(vault, [], made, partners=[])  # type: ignore[arg-type]
    html = unlocked_client(personas.alice).get("/journal/insights/").content.decode()
    assert "Tears seem more likely when you were tired" in html
    assert "Times with tears, with and without each thing, with 95% ranges" in html
    assert "6 of 8 (" in html
    assert "0 of 12 (0–" in html
