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
    # Stress, pain and old memories make no difference in this data: the
    # insights must not invent one (for example from entries that are only
    # written when tears came).
    for key in ("stressed", "pain", "memories", "late"):
        assert rows[key].verdict in ("unclear", "too_little"), rows[key].text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_episode_agrees_with_the_noted_context_of_its_time(seed: int) -> None:
    episodes, encounters = demo.generate(80, 400, seed=seed, today=date(2025, 6, 30))
    by_id = {e.id: e for e in episodes}
    for encounter in encounters:
        if encounter.episode is None or encounter.context is None:
            continue
        answers = by_id[encounter.episode].answers
        assert ("tired" in encounter.context) == (answers["tiredness"] >= 3)
        assert ("stressed" in encounter.context) == (answers["stress"] >= 3)
        assert ("pain" in encounter.context) == (answers["pain"] != "none")
        assert ("rushed" in encounter.context) == (answers["pace"] == "rushed")
        assert ("memories" in encounter.context) == (answers["memories"] != "none")
