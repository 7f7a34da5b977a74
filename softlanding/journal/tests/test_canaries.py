"""Every journal field, written through the pages and the API, is absent from the stored bytes."""

from __future__ import annotations

import pytest

from softlanding.test import api_client, make_user, scan_for_canaries, unlocked_client

CANARIES = {
    "partner": "CanaryNickOne",
    "new_partner": "CanaryNickTwo",
    "own_settings": "CanarySettingWord",
    "own_helped": "CanaryHelpedWord",
    "notes": "CanaryNotesSentence about the night",
    "api_partner": "CanaryApiNick",
    "api_note": "CanaryApiNote",
    "encounter_partner": "CanaryEncounterNick",
}
# Dates and chosen values are personal too: none may show in the clear.
CLEAR_VALUES = [
    "2019-07-23",
    "2019-07-24",
    "2019-07-25",
    "right_after_orgasm",
    "flashback",
    "most_days_two_weeks",
    "a_lot",
    "hormonal_shift",
    "shower_or_bath",
    "partners_place",
]


@pytest.mark.django_db(transaction=True)
def test_no_journal_field_is_stored_in_the_clear() -> None:
    alice = make_user("alice")
    client = unlocked_client(alice)
    client.post("/journal/nicknames/", {"name": CANARIES["partner"]})
    response = client.post(
        "/journal/episodes/new/",
        {
            "when": "2019-07-23T04:56",
            "partner": CANARIES["partner"],
            "new_partner": CANARIES["new_partner"],
            "timing": "right_after_orgasm",
            "feelings": ["sadness", "numbness"],
            "pain": "strong",
            "memories": "flashback",
            "stress": "4",
            "tiredness": "3",
            "connection": "0",
            "pace": "rushed",
            "heard": "no",
            "body_ready": "no",
            "felt_safe": "unsure",
            "wanted": "unsure",
            "satisfying": "no",
            "low_mood_days": "most_days_two_weeks",
            "settings": ["partners_place"],
            "own_settings": CANARIES["own_settings"],
            "substances": "a_lot",
            "cycle_day": "27",
            "distress_before": "9",
            "distress_after": "4",
            "helped": ["shower_or_bath"],
            "own_helped": CANARIES["own_helped"],
            "notes": CANARIES["notes"],
        },
    )
    assert response.status_code == 302
    api = api_client(alice)
    episode = api.post(
        "/api/v1/episodes",
        {
            "when": "2019-07-24T05:07",
            "partner": CANARIES["api_partner"],
            "notes": CANARIES["api_note"],
            "drivers": ["hormonal_shift"],
        },
        content_type="application/json",
    )
    assert episode.status_code == 201
    encounter = api.post(
        "/api/v1/encounters",
        {
            "when": "2019-07-25T03:33",
            "tears": True,
            "partner": CANARIES["encounter_partner"],
            "substances": "a_lot",
            "context": ["memories", "pain"],
            "episode": episode.json()["id"],
        },
        content_type="application/json",
    )
    assert encounter.status_code == 201
    # A dismissal is personal too (it says a nudge was shown).
    client.post("/journal/nudges/dismiss/", {"key": "flashbacks", "evidence": episode.json()["id"]})

    # The values really were saved (so the scan is meaningful) ...
    page = client.get("/journal/").content.decode()
    assert CANARIES["notes"] in page
    # ... and none of them is readable in the database, though the scan does
    # find what is stored in the clear (the username), so it is looking.
    assert scan_for_canaries([*CANARIES.values(), *CLEAR_VALUES, "flashbacks"]) == []
    assert scan_for_canaries(["alice"]) != []
