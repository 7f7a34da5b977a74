from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from softlanding.test import client_for


@pytest.mark.django_db
def test_quick_exit_ends_the_session_and_clears_site_data(settings: object) -> None:
    user = User.objects.create_user("alice", password="x" * 12)
    client = client_for(user)
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.bbc.com/weather"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_quick_exit_works_without_a_csrf_token(settings: object) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/exit/").status_code == 302


@pytest.mark.django_db
def test_the_destination_is_configurable(client: Client, settings: object) -> None:
    settings.QUICK_EXIT_URL = "https://example.org/forecast"  # type: ignore[attr-defined]
    assert client.get("/exit/")["Location"] == "https://example.org/forecast"
    assert 'data-exit-url="https://example.org/forecast"' in client.get("/").content.decode()
