"""Table-driven tests of the pure insights: the honesty rules first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from softlanding.journal import insights
from softlanding.journal.records import Encounter, Episode, new_id

TODAY = date(2025, 6, 30)


def day(days_ago: int, hour: int = 20) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()).replace(hour=hour)


def episode(days_ago: int = 0, **fields: Any) -> Episode:
    return Episode(id=new_id(), when=day(days_ago), **fields)


def encounter(days_ago: int = 0, tears: bool = False, hour: int = 20, **fields: Any) -> Encounter:
    return Encounter(id=new_id(), when=day(days_ago, hour), tears=tears, **fields)


def spread(count: int, first: int, last: int) -> list[int]:
    """``count`` days-ago values spread evenly from ``first`` down to ``last``."""
    if count == 1:
        return [first]
    return [round(first - i * (first - last) / (count - 1)) for i in range(count)]


# --- Trend -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recent", "earlier", "verdict"),
    [
        # Episodes only: rate in the last 90 days against the 275 days before.
        (0, 30, "less"),
        (1, 30, "less"),
        (3, 9, "too_early"),  # the same rate: never "less"
        (1, 4, "too_early"),  # fewer, but far too few to say
        (0, 5, "too_early"),
        (20, 10, "more"),
        (0, 0, "too_early"),
    ],
)
def test_the_episode_trend_says_less_only_when_the_interval_supports_it(
    recent: int, earlier: int, verdict: str
) -> None:
    episodes = [episode(d) for d in spread(recent, 80, 1)] if recent else []
    episodes += [episode(d) for d in spread(earlier, 360, 100)] if earlier else []
    episodes.append(episode(364, notes="first note")) if not episodes else None
    result = insights.trend(episodes, [], TODAY)
    assert result.verdict == verdict
    assert result.basis == "rate" or verdict == "too_early"
    if verdict != "less":
        assert "less." not in result.text.lower().split("if it is happening")[0]
    else:
        assert result.text.startswith("Happening less.")


def test_the_trend_is_too_early_with_less_than_six_months_of_notes() -> None:
    episodes = [episode(d) for d in spread(30, 170, 100)]
    result = insights.trend(episodes, [], TODAY)
    assert result.verdict == "too_early"
    assert "six months" in result.text


def test_with_nothing_logged_the_trend_says_so() -> None:
    assert insights.trend([], [], TODAY).verdict == "none"


@pytest.mark.parametrize(
    ("recent", "earlier", "verdict"),
    [
        # (tears, times) in the last 3 months and before.
        ((1, 20), (15, 30), "less"),
        ((3, 10), (6, 20), "too_early"),  # same share
        ((1, 5), (4, 10), "too_early"),  # lower, but the range crosses zero
        ((9, 10), (3, 20), "more"),
    ],
)
def test_the_share_trend_uses_encounters_when_there_are_enough(
    recent: tuple[int, int], earlier: tuple[int, int], verdict: str
) -> None:
    encounters = []
    for (tears, times), (first, last) in ((recent, (80, 1)), (earlier, (360, 100))):
        for index, days_ago in enumerate(spread(times, first, last)):
            encounters.append(encounter(days_ago, tears=index < tears))
    occasions = [insights._occasion(e) for e in encounters]
    result = insights.trend([], occasions, TODAY)
    assert (result.verdict, result.basis) == (verdict, "share")
    assert f"{recent[0]} of {recent[1]} times" in result.text


def test_recent_share_counts_the_last_twenty_times() -> None:
    encounters = [encounter(d, tears=d % 10 == 0) for d in range(1, 41)]
    recent = insights.recent_share(encounters, TODAY)
    assert recent is not None
    assert (recent.tears, recent.total) == (2, 20)
    assert recent.text.startswith("Tears in 2 of the last 20 times")
    assert recent.share.low < 0.1 < recent.share.high


def test_recent_share_is_absent_without_encounters() -> None:
    assert insights.recent_share([], TODAY) is None


def test_monthly_rows_cover_twelve_months_with_intervals() -> None:
    rows = insights.monthly([episode(0), episode(0), episode(40)], [encounter(0, tears=True), encounter(1)], TODAY)
    assert next(r.label for r in rows) == "Jul 2024"
    assert rows[-1].label == "Jun 2025"
    assert (rows[-1].episodes, rows[-1].encounters, rows[-1].with_tears) == (2, 2, 1)
    assert rows[-1].share is not None
    assert rows[-1].share.estimate == 0.5
    assert rows[-2].episodes == 1
    assert rows[-2].share is None
    assert rows[0].episodes_range.high > 3  # even a month with none has a wide upper bound


# --- With and without ------------------------------------------------------------------


def occasions_for(with_side: tuple[int, int], without_side: tuple[int, int], tag: str) -> list[Any]:
    result = []
    for (tears, times), ticked in ((with_side, True), (without_side, False)):
        for index in range(times):
            e = encounter(index + 1, tears=index < tears, context=[tag] if ticked else [])
            result.append(insights._occasion(e))
    return result


@pytest.mark.parametrize(
    ("with_side", "without_side", "verdict", "phrase"),
    [
        ((2, 2), (0, 10), "too_little", "too little data to tell"),
        ((3, 3), (0, 2), "too_little", "so far 3 and 2"),
        ((7, 8), (1, 12), "more", "Tears seem more likely when you were tired"),
        ((0, 12), (8, 9), "less", "Tears seem less likely when you were tired"),
        ((2, 5), (3, 8), "unclear", "There may be none, or too little data to tell"),
    ],
)
def test_with_and_without_needs_three_each_side_and_a_clear_difference(
    with_side: tuple[int, int], without_side: tuple[int, int], verdict: str, phrase: str
) -> None:
    rows = {r.key: r for r in insights.factors(occasions_for(with_side, without_side, "tired"))}
    row = rows["tired"]
    assert row.verdict == verdict
    assert phrase in row.text
    assert (row.with_tears, row.with_total, row.without_tears, row.without_total) == (*with_side, *without_side)
    assert (row.p_value is None) == (verdict == "too_little")


def test_times_without_noted_context_are_left_out_of_comparisons() -> None:
    occasions = [insights._occasion(encounter(d, tears=True)) for d in range(1, 20)]
    row = {r.key: r for r in insights.factors(occasions)}["tired"]
    assert (row.with_total, row.without_total) == (0, 0)
    assert row.verdict == "too_little"


def test_an_entrys_answers_do_not_fill_in_the_context_of_its_time_together() -> None:
    # Only times with tears have an entry: letting its answers count would give
    # those times more chances to be "with" a factor than times without tears.
    ep = episode(1, answers={"tiredness": 4, "pace": "rushed", "pain": "mild"}, substances="some", partner="Sam")
    occasion = insights._occasion(encounter(1, tears=True, episode=ep.id))
    assert all(occasion.factors[key] is None for key in ("tired", "rushed", "pain", "alcohol", "stressed"))
    assert occasion.partner == ""


def test_answers_given_only_when_tears_came_never_make_a_pattern() -> None:
    # Ten times noted with context and no factor, half with tears. Every tears
    # entry says "very tired". Counting entry answers would make tiredness look
    # like a pattern (tears 5 of 5 when tired against 0 of 5 otherwise).
    encounters, episodes = [], []
    for day in range(1, 11):
        tears = day % 2 == 0
        ep = episode(day, answers={"tiredness": 4}) if tears else None
        if ep is not None:
            episodes.append(ep)
        encounters.append(encounter(day, tears=tears, context=[], episode=ep.id if ep else None))
    row = {r.key: r for r in insights.compute(episodes, encounters, TODAY).factors}["tired"]
    assert (row.with_total, row.without_total) == (0, 10)
    assert row.verdict == "too_little"


@pytest.mark.parametrize(("hour", "late"), [(23, True), (2, True), (5, False), (21, False)])
def test_late_at_night_comes_from_the_time(hour: int, late: bool) -> None:
    assert insights._occasion(encounter(1, hour=hour)).factors["late"] is late


def test_many_comparisons_are_adjusted_so_one_chance_difference_is_not_a_pattern() -> None:
    # Tired: tears 6 of 8 times against 2 of 12 (Fisher p = 0.019 on its own).
    tears = [i < 6 for i in range(8)] + [i < 2 for i in range(12)]
    tired = [True] * 8 + [False] * 12

    def occasions(extra_tags: list[str]) -> list[Any]:
        return [
            insights._occasion(
                encounter(
                    i + 1, tears=tears[i], context=(["tired"] if tired[i] else []) + [t for t in extra_tags if i % 2]
                )
            )
            for i in range(20)
        ]

    alone = {r.key: r for r in insights.factors(occasions([]))}["tired"]
    assert alone.p_value == pytest.approx(0.0194, abs=1e-4)
    assert alone.verdict == "more"
    # Two more comparisons (stressed, rushed on every other time): Holm multiplies the
    # smallest p by 3, which is above 0.05, so it is no longer called a pattern.
    rows = {r.key: r for r in insights.factors(occasions(["stressed", "rushed"]))}
    assert rows["tired"].p_value == alone.p_value
    assert rows["tired"].adjusted_p == pytest.approx(3 * alone.p_value)
    assert rows["tired"].verdict == "unclear"


def test_partners_are_compared_only_when_there_is_more_than_one() -> None:
    one = [insights._occasion(encounter(d, partner="Sam")) for d in range(1, 10)]
    assert not [r for r in insights.factors(one) if r.key.startswith("partner:")]
    two = one + [insights._occasion(encounter(d, tears=True, partner="Alex")) for d in range(1, 6)]
    rows = {r.key: r for r in insights.factors(two)}
    assert rows["partner:Alex"].verdict == "more"
    assert (
        "seems" not in rows["partner:Alex"].text
        or "Tears seem more likely when you were with Alex" in rows["partner:Alex"].text
    )


# --- What helped, drivers, nudges -------------------------------------------------------------


def test_what_helped_averages_the_drop_per_item_with_counts() -> None:
    episodes = [
        episode(1, distress_before=8, distress_after=2, helped=["holding", "my cat"]),
        episode(2, distress_before=6, distress_after=4, helped=["holding"]),
        episode(3, distress_before=5, distress_after=4, helped=["holding"]),
        episode(4, distress_before=5, helped=["talking"]),  # no "after": left out
    ]
    rows = {r.item: r for r in insights.helped(episodes)}
    assert set(rows) == {"holding", "my cat"}
    assert (rows["holding"].count, rows["holding"].mean_drop) == (3, pytest.approx(3.0))
    assert rows["holding"].label == "Being held"
    assert "Too few" in rows["my cat"].text
    assert "Too few" not in rows["holding"].text
    overall = insights.helped_overall(episodes)
    assert overall is not None
    assert overall.count == 3


def test_drivers_over_time_count_the_first_driver_per_three_months() -> None:
    episodes = [
        episode(1, drivers=["pain", "memories"]),
        episode(100, drivers=["stress_release"]),
        episode(110, drivers=["stress_release", "pain"]),
        episode(400, drivers=["pain"]),  # older than a year
        episode(2),  # no self-check saved
    ]
    rows = {r.driver: r for r in insights.drivers_over_time(episodes, TODAY)}
    assert rows["pain"].counts == [0, 0, 0, 1]
    assert rows["stress_release"].counts == [0, 0, 2, 0]
    assert len(insights.driver_periods(TODAY)) == 4


@pytest.mark.parametrize(
    ("answers_by_age", "expected"),
    [
        ([{"pain": "mild"}, {"pain": "strong"}], ["pain"]),
        ([{"pain": "mild"}, {}, {}, {}, {}, {}], []),
        ([{"pain": "mild"}, {"pain": "mild"}, {}, {}, {}, {}, {}], []),  # not in the last 5
        ([{"memories": "flashback"}], []),
        ([{"memories": "flashback"}, {"memories": "flashback"}], ["flashbacks"]),
        ([{"low_mood_days": "most_days_two_weeks"}], ["low_mood"]),
        ([{"low_mood_days": "most_days_two_weeks"}, {"low_mood_days": "no"}], []),  # the latest answer counts
        ([{"low_mood_days": "some_days"}], []),
    ],
)
def test_support_nudges_follow_their_rules(answers_by_age: list[dict[str, Any]], expected: list[str]) -> None:
    # Oldest first: the first entry is the oldest episode.
    episodes = [episode(len(answers_by_age) - i, answers=a) for i, a in enumerate(answers_by_age)]
    assert [n.key for n in insights.nudges(episodes, TODAY)] == expected


def test_a_nudge_points_at_its_newest_evidence() -> None:
    older, newer = episode(5, answers={"pain": "mild"}), episode(1, answers={"pain": "strong"})
    (nudge,) = insights.nudges([newer, older], TODAY)
    assert nudge.evidence == newer.id


def test_compute_puts_it_all_together_and_serialises() -> None:
    episodes = [
        episode(d, answers={"pain": "mild"}, distress_before=7, distress_after=3, helped=["talking"])
        for d in range(1, 6)
    ]
    encounters = [encounter(d, tears=d < 6) for d in range(1, 30)]
    result = insights.compute(episodes, encounters, TODAY)
    data = result.to_dict()
    assert data["episode_count"] == 5
    assert data["encounter_count"] == 29
    assert data["recent"]["tears"] == 5
    assert [n["key"] for n in data["nudges"]] == ["pain"]
    assert data["months"][-1]["share"]["low"] >= 0


def test_something_not_wanted_is_never_buried_under_other_nudges() -> None:
    episodes = [
        episode(3, answers={"pain": "mild", "memories": "flashback"}),
        episode(2, answers={"pain": "strong", "memories": "flashback", "wanted": "no"}),
        episode(1, answers={"low_mood_days": "most_days_two_weeks", "wanted": "yes"}),
    ]
    found = insights.nudges(episodes, TODAY)
    assert [n.key for n in found] == ["not_wanted", "pain", "flashbacks", "low_mood"]
    assert found[0].evidence == episodes[1].id
    assert "not your fault" in found[0].text
    assert [n.key for n in found] == list(insights.NUDGE_KEYS)


@pytest.mark.parametrize("wanted", ["yes", "unsure"])
def test_the_not_wanted_nudge_needs_a_no(wanted: str) -> None:
    assert insights.nudges([episode(1, answers={"wanted": wanted})], TODAY) == []


def test_every_nudge_links_to_a_library_page_and_never_blames() -> None:
    episodes = [
        episode(
            d, answers={"pain": "mild", "memories": "flashback", "wanted": "no", "low_mood_days": "most_days_two_weeks"}
        )
        for d in (1, 2)
    ]
    for nudge in insights.nudges(episodes, TODAY):
        assert nudge.link_page == "getting-support"
        assert "should" not in nudge.text.lower()
        assert "diagnos" not in nudge.text.lower()


def test_nudges_in_the_future_are_ignored() -> None:
    # An entry dated after today (a typo) does not raise or hide a nudge.
    assert insights.nudges([episode(-3, answers={"wanted": "no"})], TODAY) == []


def test_a_dismissed_nudge_stays_hidden_until_newer_evidence() -> None:
    first = [episode(2, answers={"pain": "mild"}), episode(1, answers={"pain": "mild"})]
    (nudge,) = insights.nudges(first, TODAY)
    assert insights.undismissed([nudge], {"pain": nudge.evidence}) == []
    newer = [*first, episode(0, answers={"pain": "strong"})]
    assert [n.key for n in insights.undismissed(insights.nudges(newer, TODAY), {"pain": nudge.evidence})] == ["pain"]


def test_each_comparison_carries_its_95_percent_ranges() -> None:
    row = {r.key: r for r in insights.factors(occasions_for((7, 8), (1, 12), "tired"))}["tired"]
    assert row.with_share.estimate == pytest.approx(7 / 8)
    assert row.with_share.low < 7 / 8 < row.with_share.high
    assert row.without_share.low < 1 / 12 < row.without_share.high
    assert row.with_share.low > row.without_share.high  # clearly apart, and called a pattern
    assert row.verdict == "more"


def test_partners_are_each_compared_with_times_with_someone_else() -> None:
    occasions = [insights._occasion(encounter(d, tears=d < 4, partner="Sam")) for d in range(1, 8)]
    occasions += [insights._occasion(encounter(d, partner="Alex")) for d in range(1, 5)]
    occasions += [insights._occasion(encounter(d, tears=True)) for d in range(1, 9)]  # nobody noted
    rows = {r.key: r for r in insights.factors(occasions)}
    sam = rows["partner:Sam"]
    assert (sam.with_tears, sam.with_total, sam.without_tears, sam.without_total) == (3, 7, 0, 4)
    alex = rows["partner:Alex"]
    assert (alex.with_tears, alex.with_total, alex.without_tears, alex.without_total) == (0, 4, 3, 7)


def test_the_factor_tables_agree_with_a_plain_count() -> None:
    # The one-pass tables give the same counts as counting each factor on its own.
    import random

    rng = random.Random(5)
    occasions = []
    for d in range(300):
        context = rng.choice([None, [], ["tired"], ["stressed", "rushed"], ["pain", "memories", "tired"]])
        enc = encounter(
            d % 200,
            tears=rng.random() < 0.3,
            hour=rng.randrange(24),
            context=context,
            substances=rng.choice(["", "none", "some", "a_lot"]),
        )
        occasions.append(insights._occasion(enc))
    rows = {r.key: r for r in insights.factors(occasions)}
    for key in insights.FACTOR_WORDS:
        known = [o for o in occasions if o.factors[key] is not None]
        with_it = [o for o in known if o.factors[key]]
        without = [o for o in known if not o.factors[key]]
        expected = (sum(o.tears for o in with_it), len(with_it), sum(o.tears for o in without), len(without))
        row = rows[key]
        assert (row.with_tears, row.with_total, row.without_tears, row.without_total) == expected, key
