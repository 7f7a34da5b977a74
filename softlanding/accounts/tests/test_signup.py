"""Sign-up: passphrase rules, the one-time recovery code and its confirmation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from softlanding.accounts.models import VaultKeys, VaultSession
from softlanding.accounts.tests.helpers import sign_up
from softlanding.test import make_user

GOOD = "a long enough passphrase"


def test_the_page_says_plainly_that_lost_secrets_mean_lost_data(client: Client) -> None:
    html = client.get("/account/new/").content.decode()
    assert "your data is gone" in html
    assert "Nobody can get it back" in html
    assert "<title>Create an account" in html  # neutral: no sensitive words in the tab


@pytest.mark.django_db
def test_signing_up_creates_wrapped_keys_shows_the_code_once_and_unlocks(client: Client) -> None:
    code = sign_up(client, "Robin")
    user = User.objects.get(username="robin")
    assert VaultKeys.objects.filter(user=user).exists()
    assert VaultSession.objects.filter(user=user, kind="web").count() == 1
    assert len(code.replace("-", "")) == 32
    # Only once: the account page does not show it again.
    assert code not in client.get("/account/").content.decode()
    # And it is nowhere in the session store.
    from django.contrib.sessions.models import Session

    assert all(code not in repr(s.get_decoded()) for s in Session.objects.all())


@pytest.mark.django_db
def test_typing_the_last_group_confirms_the_code(client: Client) -> None:
    code = sign_up(client, "robin")
    response = client.post("/account/new/confirm/", {"last_group": code.split("-")[-1].lower()})
    assert response.status_code == 200
    assert "Your recovery code is saved" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_last_group_says_so_and_does_not_show_the_code_again(client: Client) -> None:
    code = sign_up(client, "robin")
    response = client.post("/account/new/confirm/", {"last_group": "ZZZZ" if not code.endswith("ZZZZ") else "YYYY"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "does not match the last group" in html
    assert code not in html
    assert "get a new one" in html


RULES = [
    ("too short", "robin", "nine char", "at least 10 characters"),
    ("common", "robin", "1234567890", "list of passwords people use a lot"),
    ("common with spaces", "robin", "qwerty uiop", "list of passwords people use a lot"),
    ("same as name", "robinrobin", "robinrobin", "other than your username"),
    ("one letter over and over", "robin", "aaaaaaaaaaaa", "easy to guess"),
    ("bad username", "no spaces please", GOOD, "3 to 40 letters"),
    ("too long", "robin", "x" * 4097, "at most"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "username", "passphrase", "message"), RULES, ids=[r[0] for r in RULES])
def test_passphrase_and_username_rules_explain_themselves(
    client: Client, label: str, username: str, passphrase: str, message: str
) -> None:
    response = client.post(
        "/account/new/",
        {"username": username, "passphrase": passphrase, "passphrase_again": passphrase, "understood": "on"},
    )
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_very_long_passphrase_and_any_characters_are_fine(client: Client) -> None:
    long_one = "wörter ohne regeln, 🌊 " * 50  # well over 1,024 characters
    assert len(long_one) > 1024
    sign_up(client, "robin", long_one)


@pytest.mark.django_db
def test_the_two_passphrases_must_match_and_the_warning_must_be_ticked(client: Client) -> None:
    response = client.post("/account/new/", {"username": "robin", "passphrase": GOOD, "passphrase_again": GOOD + "x"})
    html = response.content.decode()
    assert "not the same" in html
    assert "This field is required" in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_taken_username_is_refused_case_insensitively(client: Client) -> None:
    make_user("robin")
    response = client.post(
        "/account/new/", {"username": "ROBIN", "passphrase": GOOD, "passphrase_again": GOOD, "understood": "on"}
    )
    assert response.status_code == 400
    assert "That username is taken" in response.content.decode()


@pytest.mark.django_db
def test_the_confirm_form_carries_the_csrf_token_of_the_new_login() -> None:
    """Logging in rotates the CSRF token, so the code page must be rendered
    after it (a browser found this: the confirm step answered 403)."""
    import re

    client = Client(enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/account/new/").content.decode())
    assert token
    response = client.post(
        "/account/new/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": "robin",
            "passphrase": GOOD,
            "passphrase_again": GOOD,
            "understood": "on",
        },
    )
    html = response.content.decode()
    code = re.search(r"<code>([A-Z0-9-]+)</code>", html).group(1)  # type: ignore[union-attr]
    new_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    confirm = client.post("/account/new/confirm/", {"csrfmiddlewaretoken": new_token, "last_group": code[-4:]})
    assert confirm.status_code == 200


@pytest.mark.django_db
def test_the_session_store_cannot_be_searched_for_the_last_group(client: Client) -> None:
    """The confirm step keeps a hash keyed with the browser's client half, not
    a plain hash of 4 characters that anyone with the table could look up."""
    import hashlib

    from django.contrib.sessions.models import Session

    code = sign_up(client, "robin")
    group = code.split("-")[-1]
    stored = " ".join(repr(s.get_decoded()) for s in Session.objects.all())
    assert hashlib.sha256(group.encode()).hexdigest() not in stored
    assert group not in stored
    # Without the cookie that keys it, even the right group does not confirm.
    del client.cookies["sl_vault"]
    assert client.post("/account/new/confirm/", {"last_group": group}).status_code == 400


@pytest.mark.django_db
def test_the_account_page_asks_again_until_the_code_is_confirmed(client: Client) -> None:
    code = sign_up(client, "robin")
    reminder = "Please check that you saved your recovery code"
    assert reminder in client.get("/account/").content.decode()
    assert code not in client.get("/account/").content.decode()
    client.post("/account/new/confirm/", {"last_group": code[-4:]})
    assert reminder not in client.get("/account/").content.decode()


def test_the_page_does_not_claim_the_server_never_sees_the_passphrase(client: Client) -> None:
    # It does see it (the key is derived on the server); it never stores it.
    html = client.get("/account/new/").content.decode()
    assert "never see" not in html
    assert "never stored" in html
