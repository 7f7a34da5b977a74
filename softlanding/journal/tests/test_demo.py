"""``softlanding demo`` makes a clearly named account with data that opens with the printed passphrase."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from softlanding.cli import main
from softlanding.journal import demo, insights, store
from softlanding.test import vault_for


@pytest.mark.django_db
def test_demo_creates_an_account_that_opens_with_the_printed_passphrase(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--episodes", "6", "--encounters", "30", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    pairs = [line.strip().split(": ", 1) for line in out.splitlines() if line.startswith("  ") and ": " in line]
    fields = {key: value.strip() for key, value in pairs}
    user = User.objects.get(username=fields["username"])
    assert user.username.startswith("demo-")
    vault = vault_for(user, fields["passphrase"])
    assert len(store.load_episodes(vault)) == 6  # type: ignore[arg-type]
    assert len(store.load_encounters(vault)) == 30  # type: ignore[arg-type]
    assert store.load_profile(vault).partners == demo.PARTNERS  # type: ignore[arg-type]


def test_demo_refuses_negative_counts() -> None:
    assert main(["demo", "--episodes", "-1"]) == 2


def test_demo_data_is_seeded_valid_and_has_a_pattern_to_find() -> None:
    today = date(2025, 6, 30)
    first = demo.generate(300, 3000, seed=9, today=today)
    assert [e.to_dict() for e in first[0]][:5] != []
    again = demo.generate(300, 3000, seed=9, today=today)
    assert [e.when for e in first[1]] == [e.when for e in again[1]]
    result = insights.compute(first[0], first[1], today)
    rows = {r.key: r for r in result.factors}
    assert rows["tired"].verdict == "more"
    assert rows["rushed"].verdict == "more"
    assert result.trend.verdict == "less"
