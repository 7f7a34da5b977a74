"""The list pages cost the same number of queries with 5 entries or 50."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from softlanding.journal import demo, store
from softlanding.test import Personas, unlocked_client, vault_for


def queries_for(url: str, personas: Personas, episodes: int) -> int:
    vault = vault_for(personas.alice)
    made_episodes, made_encounters = demo.generate(episodes, episodes, seed=episodes)
    store.add_many(vault, made_episodes, made_encounters, partners=[])  # type: ignore[arg-type]
    client = unlocked_client(personas.alice)
    client.get(url)  # the first request may touch the session row
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/journal/", "/journal/encounters/", "/journal/insights/"])
def test_the_query_count_does_not_grow_with_the_entries(personas: Personas, url: str) -> None:
    few = queries_for(url, personas, 5)
    store.add_many(vault_for(personas.alice), *demo.generate(45, 45, seed=99), partners=[])  # type: ignore[arg-type]
    client = unlocked_client(personas.alice)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == few
    assert few <= 6
