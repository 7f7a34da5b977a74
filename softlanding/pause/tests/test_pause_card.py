"""The person's own pause card: sealed in the vault, shown only to its owner."""

from __future__ import annotations

import pytest
from django.test import Client

from softlanding.accounts.vault import CryptoError
from softlanding.pause import card as cards
from softlanding.pause.models import CARD_FIELD, CARD_TABLE, PauseCard
from softlanding.test import Personas, client_for, make_user, scan_for_canaries, unlocked_client, vault_for

PHRASE = "CanaryPhrase red means stop"
AFTERCARE = "CanaryAftercare the green blanket"
FORM = {"phrases": f"{PHRASE}\n\n  Hold my hand  ", "aftercare": AFTERCARE, "inhale": "5", "hold": "2", "exhale": "8"}


def save_alice(personas: Personas) -> Client:
    client = unlocked_client(personas.alice)
    response = client.post("/pause/card/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/pause/card/?saved=1"
    return client


def test_it_asks_a_visitor_to_unlock_first(personas: Personas) -> None:
    for client in (Client(), client_for(personas.alice)):
        response = client.get("/pause/card/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/unlock/")


def test_the_owner_sees_her_words_and_pace_on_the_pause_screen(personas: Personas) -> None:
    client = save_alice(personas)
    page = client.get("/pause/").content.decode()
    assert PHRASE in page
    assert "Hold my hand" in page
    assert AFTERCARE in page
    assert 'data-in="5" data-out="8" data-hold="2"' in page
    assert client.get("/pause/").headers["Cache-Control"] == "no-store"
    form = client.get("/pause/card/").content.decode()
    assert PHRASE in form


def test_the_partner_view_uses_her_pace_but_not_her_words(personas: Personas) -> None:
    client = save_alice(personas)
    page = client.get("/pause/partner/").content.decode()
    assert 'data-in="5" data-out="8" data-hold="2"' in page
    assert PHRASE not in page


@pytest.mark.parametrize("who", ["bob", "charlie", "dave", None])
def test_nobody_else_sees_her_card(personas: Personas, who: str | None) -> None:
    save_alice(personas)
    client = unlocked_client(getattr(personas, who)) if who else Client()
    for url in ("/pause/", "/pause/partner/", "/pause/card/"):
        body = client.get(url, follow=True).content.decode()
        assert PHRASE not in body
        assert AFTERCARE not in body


def test_a_stranger_cannot_delete_her_card(personas: Personas) -> None:
    save_alice(personas)
    assert unlocked_client(personas.charlie).post("/pause/card/delete/").status_code == 302
    assert PauseCard.objects.filter(owner=personas.alice).exists()


def test_a_stranger_cannot_open_her_sealed_card_even_moved_into_his_row(personas: Personas) -> None:
    save_alice(personas)
    row = PauseCard.objects.get(owner=personas.alice)
    with pytest.raises(CryptoError):
        vault_for(personas.charlie).open_json(CARD_TABLE, str(row.pk), CARD_FIELD, bytes(row.sealed))  # type: ignore[attr-defined]
    PauseCard.objects.create(owner=personas.charlie, sealed=bytes(row.sealed))
    # The pause screen still opens for him, without her words.
    response = unlocked_client(personas.charlie).get("/pause/")
    assert response.status_code == 200
    assert PHRASE not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_nothing_on_the_card_is_stored_in_the_clear() -> None:
    erin = make_user("erin")
    client = unlocked_client(erin)
    assert client.post("/pause/card/", FORM).status_code == 302
    assert PHRASE in client.get("/pause/").content.decode()
    assert scan_for_canaries([PHRASE, AFTERCARE]) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phrases": "\n".join(f"line {i}" for i in range(13))}, "12 lines or fewer"),
        ({"aftercare": "x" * 161}, "up to 160 characters"),
        ({"inhale": "1"}, "greater than or equal to 2"),
        ({"exhale": "11"}, "less than or equal to 10"),
        ({"hold": ""}, "This field is required"),
    ],
)
def test_a_bad_card_is_refused_and_nothing_is_saved(personas: Personas, change: dict[str, str], message: str) -> None:
    client = unlocked_client(personas.alice)
    response = client.post("/pause/card/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PauseCard.objects.filter(owner=personas.alice).exists()


def test_the_owner_can_remove_her_card(personas: Personas) -> None:
    client = save_alice(personas)
    response = client.post("/pause/card/delete/")
    assert response["Location"] == "/pause/card/?removed=1"
    assert not PauseCard.objects.filter(owner=personas.alice).exists()
    assert PHRASE not in client.get("/pause/").content.decode()


def test_the_card_travels_in_the_account_export(personas: Personas) -> None:
    save_alice(personas)
    exported = cards.export(vault_for(personas.alice))  # type: ignore[arg-type]
    assert exported == {
        "phrases": [PHRASE, "Hold my hand"],
        "aftercare": [AFTERCARE],
        "pace": {"in": 5, "out": 8, "hold": 2},
    }
    fresh = make_user("frank")
    cards.check(exported)
    cards.import_(vault_for(fresh), exported)  # type: ignore[arg-type]
    assert cards.export(vault_for(fresh)) == exported  # type: ignore[arg-type]
    assert cards.export(vault_for(personas.charlie)) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"phrases": "not a list"},
        {"phrases": [1, 2]},
        {"pace": {"in": 1}},
        {"pace": "fast"},
        {"colour": "red"},
    ],
)
def test_an_import_with_a_bad_card_is_refused(data: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (each case has its own message)
        cards.check(data)
