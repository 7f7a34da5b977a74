"""Every journal field, written through the pages and the API, is absent from the stored bytes."""

from __future__ import annotations

import logging

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
def test_no_journal_field_is_stored_in_the_clear(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
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
    logs = "\n".join(r.getMessage() for r in caplog.records).encode()
    assert scan_for_canaries([*CANARIES.values(), *CLEAR_VALUES, "flashbacks"], extra={"captured logs": logs}) == []
    assert scan_for_canaries(["alice"]) != []


@pytest.mark.django_db(transaction=True)
def test_the_vault_canary_test_reaches_every_journal_field() -> None:
    """The canary test of the vault (accounts/tests/test_canaries.py) writes through
    every form and API operation it finds. This checks that it really fills every
    journal field: every text field holds one of its canaries, every date its
    canary date, every choice a value, so its scan of the stored bytes covers the
    whole journal."""
    from django.contrib.auth.models import User

    from softlanding.accounts.tests.canaries import CANARY_DATE, write_everything
    from softlanding.journal import records, store
    from softlanding.test import vault_for

    canaries = write_everything()
    vault = vault_for(User.objects.get(username="canary-user"), canaries[0])

    def canary(value: str) -> bool:
        return value in canaries

    episodes = store.load_episodes(vault)  # type: ignore[arg-type]
    encounters = store.load_encounters(vault)  # type: ignore[arg-type]
    profile = store.load_profile(vault)  # type: ignore[arg-type]
    assert episodes
    assert encounters
    for episode in episodes:
        assert episode.when.date().isoformat() == CANARY_DATE
        assert canary(episode.notes)
        assert canary(episode.partner)
        assert any(canary(s) for s in episode.settings)
        assert any(canary(h) for h in episode.helped)
    # The form-filled entry has every question answered.
    assert any(set(e.answers) == set(records.ANSWER_FIELDS) for e in episodes)
    assert any(e.substances and e.cycle_day and e.distress_before is not None for e in episodes)
    for encounter in encounters:
        assert encounter.when.date().isoformat() == CANARY_DATE
        assert canary(encounter.partner) or encounter.partner == ""
    assert any(canary(e.partner) for e in encounters)
    assert any(e.context for e in encounters)
    assert any(canary(name) for name in profile.partners)
    assert profile.dismissed, "a nudge was dismissed, so that is stored (sealed) too"
