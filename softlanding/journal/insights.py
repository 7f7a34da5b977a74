"""Honest insights over a person's decrypted journal: pure functions, no Django.

The rules that keep the numbers honest (docs/journal.md explains them for
people):

- "Happening less" is said only when the 95% interval for the change lies
  wholly on the side of fewer; anything else is "too early to tell".
- A with/without comparison needs at least 3 noted times on each side, and
  is called a pattern only when Fisher's exact test, Holm-adjusted for the
  number of comparisons shown, is below 0.05. The wording is "seems more
  likely when", never "causes".
- Rates come from encounters (every time, with or without tears), and
  with/without comparisons use only times where that context was noted:
  a journal of tears alone cannot show what is different about them.
"""

from __future__ import annotations

import calendar
import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from softlanding.journal.records import AFTERCARE, Encounter, Episode
from softlanding.lib import stats

RECENT_DAYS = 90
MIN_EARLIER_DAYS = 90
YEAR_DAYS = 365
MIN_SIDE = 3
ALPHA = 0.05
LAST_TIMES = 20


# --- Result shapes ---------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    label: str
    start: date
    episodes: int
    episodes_range: stats.Interval
    encounters: int
    with_tears: int
    share: stats.Interval | None


@dataclass(frozen=True)
class Trend:
    #: "less", "more", "too_early" or "none" (nothing logged yet)
    verdict: str
    #: "share" (of encounters with tears), "rate" (episodes per day) or ""
    basis: str
    text: str


@dataclass(frozen=True)
class RecentShare:
    tears: int
    total: int
    share: stats.Interval
    text: str


@dataclass(frozen=True)
class FactorRow:
    key: str
    label: str
    with_tears: int
    with_total: int
    without_tears: int
    without_total: int
    #: 95% Wilson ranges for the share of times with tears on each side.
    with_share: stats.Interval
    without_share: stats.Interval
    p_value: float | None
    adjusted_p: float | None
    #: "more", "less", "unclear" or "too_little"
    verdict: str
    text: str


@dataclass(frozen=True)
class HelpedRow:
    item: str
    label: str
    count: int
    mean_drop: float
    lowest: int
    highest: int
    text: str


@dataclass(frozen=True)
class DriverRow:
    driver: str
    label: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class Nudge:
    key: str
    #: Id of the newest episode behind the nudge: a dismissal holds until newer evidence.
    evidence: str
    title: str
    text: str
    link_text: str
    #: Slug of the library page the link opens.
    link_page: str = "getting-support"


@dataclass
class Insights:
    episode_count: int
    encounter_count: int
    months: list[MonthRow]
    trend: Trend
    recent: RecentShare | None
    factors: list[FactorRow]
    helped: list[HelpedRow]
    helped_overall: HelpedRow | None
    driver_periods: list[str]
    drivers: list[DriverRow]
    checks_saved: int
    nudges: list[Nudge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (for the API)."""
        return _plain(self)


# --- Entry point -------------------------------------------------------------------


def compute(episodes: list[Episode], encounters: list[Encounter], today: date) -> Insights:
    occasions = [_occasion(enc) for enc in encounters]
    months = monthly(episodes, encounters, today)
    return Insights(
        episode_count=len(episodes),
        encounter_count=len(encounters),
        months=months,
        trend=trend(episodes, occasions, today),
        recent=recent_share(encounters, today),
        factors=factors(occasions),
        helped=helped(episodes),
        helped_overall=helped_overall(episodes),
        driver_periods=driver_periods(today),
        drivers=drivers_over_time(episodes, today),
        checks_saved=sum(1 for e in episodes if e.drivers),
        nudges=nudges(episodes, today),
    )


# --- Trend ---------------------------------------------------------------------------


def monthly(episodes: list[Episode], encounters: list[Encounter], today: date) -> list[MonthRow]:
    """The last 12 calendar months, this one included, oldest first."""
    starts = _month_starts(today)
    episode_counts = Counter(_month_key(e.when) for e in episodes)
    encounter_counts: Counter[tuple[int, int]] = Counter()
    tear_counts: Counter[tuple[int, int]] = Counter()
    for enc in encounters:
        key = _month_key(enc.when)
        encounter_counts[key] += 1
        tear_counts[key] += enc.tears
    rows = []
    for start in starts:
        key = (start.year, start.month)
        n, k = encounter_counts[key], tear_counts[key]
        rows.append(
            MonthRow(
                label=f"{calendar.month_abbr[start.month]} {start.year}",
                start=start,
                episodes=episode_counts[key],
                episodes_range=stats.poisson_interval(episode_counts[key]),
                encounters=n,
                with_tears=k,
                share=stats.wilson_interval(k, n) if n else None,
            )
        )
    return rows


@dataclass(slots=True)
class _Occasion:
    """One encounter, with what is known about it from its own note."""

    when: datetime
    tears: bool
    factors: dict[str, bool | None]
    partner: str


def trend(episodes: list[Episode], occasions: list[_Occasion], today: date) -> Trend:
    episode_days = [d for d in (e.when.date() for e in episodes) if d <= today]
    occasion_days = [(o.when.date(), o.tears) for o in occasions]
    firsts = [min(days) for days in (episode_days, [d for d, _ in occasion_days if d <= today]) if days]
    if not firsts:
        return Trend(
            "none", "", "Nothing logged yet. Once there are a few months of notes, this shows if anything is changing."
        )
    recent_start = today - timedelta(days=RECENT_DAYS - 1)
    start = max(min(firsts), today - timedelta(days=YEAR_DAYS - 1))
    earlier_days = (recent_start - start).days
    if earlier_days < MIN_EARLIER_DAYS:
        return Trend(
            "too_early",
            "",
            "Too early to tell if this is changing. After about six months of notes, "
            "we can compare the last 3 months with the months before.",
        )
    recent = [tears for d, tears in occasion_days if recent_start <= d <= today]
    earlier = [tears for d, tears in occasion_days if start <= d < recent_start]
    if len(recent) >= MIN_SIDE and len(earlier) >= MIN_SIDE:
        return _share_trend(recent, earlier)
    in_recent = sum(1 for d in episode_days if recent_start <= d)
    in_earlier = sum(1 for d in episode_days if start <= d < recent_start)
    return _rate_trend(in_recent, in_earlier, earlier_days)


def _share_trend(recent: list[bool], earlier: list[bool]) -> Trend:
    """``recent`` and ``earlier``: for each time noted, whether there were tears."""
    k1, n1 = sum(recent), len(recent)
    k2, n2 = sum(earlier), len(earlier)
    change = stats.proportion_difference(k1, n1, k2, n2)
    numbers = (
        f"In the last 3 months, tears came {k1} of {n1} times ({_pct(k1 / n1)}). "
        f"Before that, {k2} of {n2} times ({_pct(k2 / n2)})."
    )
    band = f"The 95% range for the change is {_points(change.low)} to {_points(change.high)}."
    if change.high < 0:
        return Trend("less", "share", f"Happening less. {numbers} {band} That is unlikely to be chance alone.")
    if change.low > 0:
        return Trend("more", "share", f"It has come more often lately. {numbers} {band}")
    return Trend("too_early", "share", f"Too early to tell if it is happening less. {numbers} {band}")


def _rate_trend(in_recent: int, in_earlier: int, earlier_days: int) -> Trend:
    if in_recent + in_earlier == 0:
        return Trend("too_early", "rate", "No episodes in the last year. Too early to tell about a trend.")
    ratio = stats.rate_ratio(in_recent, RECENT_DAYS, in_earlier, earlier_days)
    per_three = in_earlier * RECENT_DAYS / earlier_days
    numbers = (
        f"{_times(in_recent, 'episode')} in the last 3 months, against about {per_three:.1f} "
        f"per 3 months before ({in_earlier} in {earlier_days // 30} months)."
    )
    if ratio.high < 1:
        band = (
            f"We are fairly sure (95%) the rate is now between {_pct(ratio.low)} and {_pct(ratio.high)} of what it was."
        )
        return Trend("less", "rate", f"Happening less. {numbers} {band}")
    if ratio.low > 1:
        return Trend("more", "rate", f"It has come more often lately. {numbers}")
    return Trend(
        "too_early",
        "rate",
        f"Too early to tell if it is happening less. {numbers} The numbers are still too small, or too alike, to say.",
    )


def recent_share(encounters: list[Encounter], today: date) -> RecentShare | None:
    # For speed: only the newest few are needed, not a sort of them all.
    past = heapq.nlargest(LAST_TIMES, (e for e in encounters if e.when.date() <= today), key=lambda e: e.when)
    if not past:
        return None
    k = sum(1 for e in past if e.tears)
    share = stats.wilson_interval(k, len(past))
    text = (
        f"Tears in {k} of the last {_times(len(past), 'time')} you noted "
        f"(95% range {_pct(share.low)} to {_pct(share.high)})."
    )
    return RecentShare(k, len(past), share, text)


# --- With and without --------------------------------------------------------------------

#: factor key -> words that finish "Tears seem more likely when ..."
FACTOR_WORDS: dict[str, str] = {
    "tired": "you were tired",
    "stressed": "you were stressed",
    "pain": "there was pain",
    "alcohol": "alcohol or other substances were involved",
    "late": "it was late at night (10 pm to 5 am)",
    "rushed": "it felt rushed",
    "memories": "an old memory came up",
}
FACTOR_LABELS: dict[str, str] = {
    "tired": "Tired",
    "stressed": "Stressed",
    "pain": "Pain",
    "alcohol": "Alcohol or other substances",
    "late": "Late at night",
    "rushed": "Felt rushed",
    "memories": "Old memories",
}


def _occasion(enc: Encounter) -> _Occasion:
    """What is known about one time together, from its own note only.

    The answers in a tears entry are left out on purpose: only times with tears
    have an entry, so letting its answers fill in the context would give those
    times more chances to count as "with" a factor, and the comparison would
    lean towards "more likely when ..." with no real difference behind it.
    """
    noted = enc.context
    substances = enc.substances
    factors: dict[str, bool | None] = {
        "alcohol": None if not substances else substances != "none",
        "late": enc.when.hour >= 22 or enc.when.hour < 5,
    }
    for key in NOTED_FACTORS:
        factors[key] = None if noted is None else key in noted
    return _Occasion(when=enc.when, tears=enc.tears, factors=factors, partner=enc.partner)


#: Factors that come from the context ticked for a time together.
NOTED_FACTORS = ("tired", "stressed", "pain", "rushed", "memories")


def factors(occasions: list[_Occasion]) -> list[FactorRow]:
    # For speed: one pass fills every table ([tears with, times with, tears
    # without, times without]); times where a factor is not known are left out.
    counts = {key: [0, 0, 0, 0] for key in FACTOR_WORDS}
    by_partner: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in occasions:
        tears = int(o.tears)
        for key, value in o.factors.items():
            if value is not None:
                table = counts[key]
                side = 0 if value else 2
                table[side] += tears
                table[side + 1] += 1
        if o.partner:
            seen = by_partner[o.partner]
            seen[0] += tears
            seen[1] += 1
    tables = [(key, FACTOR_LABELS[key], FACTOR_WORDS[key], counts[key]) for key in FACTOR_WORDS]
    if len(by_partner) > 1:
        # Each partner against the times with someone else; times with no
        # partner noted are left out, not counted as "without".
        all_tears, all_times = sum(t for t, _ in by_partner.values()), sum(n for _, n in by_partner.values())
        for name in sorted(by_partner, key=str.casefold):
            k, n = by_partner[name]
            tables.append(
                (f"partner:{name}", f"With {name}", f"you were with {name}", [k, n, all_tears - k, all_times - n])
            )
    return _judge(tables)


def _judge(tables: list[tuple[str, str, str, list[int]]]) -> list[FactorRow]:
    testable = [t for t in tables if t[3][1] >= MIN_SIDE and t[3][3] >= MIN_SIDE]
    p_values = {t[0]: stats.fisher_exact(t[3][0], t[3][1] - t[3][0], t[3][2], t[3][3] - t[3][2]) for t in testable}
    adjusted = dict(zip(p_values, stats.holm(list(p_values.values())), strict=True))
    rows = []
    for key, label, words, (k1, n1, k2, n2) in tables:
        if key not in p_values:
            verdict = "too_little"
            text = (
                f"{label}: too little data to tell. This needs at least 3 noted times with it "
                f"and 3 without (so far {n1} and {n2})."
            )
        else:
            verdict, text = _factor_text(label, words, k1, n1, k2, n2, adjusted[key])
        rows.append(
            FactorRow(
                key,
                label,
                k1,
                n1,
                k2,
                n2,
                stats.wilson_interval(k1, n1),
                stats.wilson_interval(k2, n2),
                p_values.get(key),
                adjusted.get(key),
                verdict,
                text,
            )
        )
    return rows


def _factor_text(label: str, words: str, k1: int, n1: int, k2: int, n2: int, adjusted_p: float) -> tuple[str, str]:
    numbers = (
        f"tears {k1} of {n1} times ({_pct(k1 / n1)}) when {words}, against {k2} of {n2} ({_pct(k2 / n2)}) otherwise."
    )
    if adjusted_p < ALPHA and k1 / n1 > k2 / n2:
        return (
            "more",
            f"Tears seem more likely when {words}: {numbers} This is a pattern in your notes, not proof of a cause.",
        )
    if adjusted_p < ALPHA:
        return (
            "less",
            f"Tears seem less likely when {words}: {numbers} This is a pattern in your notes, not proof of a cause.",
        )
    return "unclear", f"{label}: no clear difference yet, {numbers} There may be none, or too little data to tell."


# --- What helped ------------------------------------------------------------------------

AFTERCARE_LABELS: dict[str, str] = {
    "holding": "Being held",
    "talking": "Talking it through",
    "quiet_time": "Quiet time together",
    "reassurance": "Kind words and reassurance",
    "breathing": "Slow breathing",
    "water_or_food": "Water or a snack",
    "warmth": "A blanket or warmth",
    "space_alone": "Some time alone",
    "shower_or_bath": "A shower or bath",
}
assert set(AFTERCARE_LABELS) == set(AFTERCARE)


def aftercare_label(item: str) -> str:
    return AFTERCARE_LABELS.get(item, item)


def helped(episodes: list[Episode]) -> list[HelpedRow]:
    drops: dict[str, list[int]] = defaultdict(list)
    for e in episodes:
        if e.distress_before is None or e.distress_after is None:
            continue
        for item in e.helped:
            drops[item].append(e.distress_before - e.distress_after)
    rows = [_helped_row(item, aftercare_label(item), values) for item, values in drops.items()]
    return sorted(rows, key=lambda r: (-r.count, -r.mean_drop, r.label.casefold()))


def helped_overall(episodes: list[Episode]) -> HelpedRow | None:
    values = [
        e.distress_before - e.distress_after
        for e in episodes
        if e.distress_before is not None and e.distress_after is not None
    ]
    return _helped_row("", "All episodes", values) if values else None


def _helped_row(item: str, label: str, values: list[int]) -> HelpedRow:
    average = stats.mean([float(v) for v in values])
    text = f"{label}: distress went down by {average:.1f} points on average ({_times(len(values), 'time')})."
    if len(values) < MIN_SIDE:
        text += " Too few times to say much."
    return HelpedRow(item, label, len(values), average, min(values), max(values), text)


# --- Drivers over time -------------------------------------------------------------------

DRIVER_LABELS: dict[str, str] = {
    "emotional_overflow": "Strong feelings spilling over",
    "catharsis": "A release",
    "pain": "Pain",
    "memories": "Old memories",
    "stress_release": "Stress letting go",
    "hormonal_shift": "A body shift after orgasm (an idea, not proven)",
    "unmet_needs": "A need that was not met",
}
PERIODS = 4


def driver_periods(today: date) -> list[str]:
    labels = []
    for start, end in _periods(today):
        labels.append(f"{calendar.month_abbr[start.month]} {start.day} to {calendar.month_abbr[end.month]} {end.day}")
    return labels


def drivers_over_time(episodes: list[Episode], today: date) -> list[DriverRow]:
    """How often each driver came first in saved self-checks, per 3 months over the last year."""
    periods = _periods(today)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    for e in episodes:
        if not e.drivers:
            continue
        day = e.when.date()
        for index, (start, end) in enumerate(periods):
            if start <= day <= end:
                counts[e.drivers[0]][index] += 1
                break
    rows = [DriverRow(d, DRIVER_LABELS.get(d, d), c, sum(c)) for d, c in counts.items()]
    return sorted(rows, key=lambda r: (-r.total, r.driver))


def _periods(today: date) -> list[tuple[date, date]]:
    ends = [today - timedelta(days=RECENT_DAYS * i) for i in range(PERIODS)]
    return [(end - timedelta(days=RECENT_DAYS - 1), end) for end in reversed(ends)]


# --- Support nudges ------------------------------------------------------------------------

LAST_EPISODES = 5


#: Every nudge key, safety first (the order they are shown in).
NUDGE_KEYS = ("not_wanted", "pain", "flashbacks", "low_mood")


def nudges(episodes: list[Episode], today: date) -> list[Nudge]:
    """Gentle pointers to support, from the rules in docs/journal.md, safety first."""
    past = sorted((e for e in episodes if e.when.date() <= today), key=lambda e: e.when)
    found: list[Nudge] = []
    not_wanted = [e for e in past if e.answers.get("wanted") == "no"]
    if not_wanted:
        found.append(
            Nudge(
                "not_wanted",
                not_wanted[-1].id,
                "What happened was not your fault",
                "You noted that something happened that you did not want. That is not your fault. "
                "If and when you want, you can talk to someone you trust or a support service. "
                "Many take texts or chats.",
                "Ways to get support",
            )
        )
    with_pain = [e for e in past[-LAST_EPISODES:] if e.answers.get("pain") in ("mild", "strong")]
    if len(with_pain) >= 2:
        found.append(
            Nudge(
                "pain",
                with_pain[-1].id,
                "Pain keeps coming up",
                f"You noted pain in {len(with_pain)} of your last {min(len(past), LAST_EPISODES)} entries. "
                "Pain with sex is common, and it can often be treated. A doctor, nurse or pelvic health "
                "physio can help look for the cause. You decide if and when.",
                "When to see a health provider",
            )
        )
    flashbacks = [e for e in past if e.answers.get("memories") == "flashback"]
    if len(flashbacks) > 1:
        found.append(
            Nudge(
                "flashbacks",
                flashbacks[-1].id,
                "You do not have to carry this alone",
                f"You noted feeling back in an old memory {_times(len(flashbacks), 'time')}. "
                "A counsellor who works in a trauma-informed way can help, at your own pace.",
                "When to talk to a counsellor",
            )
        )
    moods = [e for e in past if "low_mood_days" in e.answers]
    if moods and moods[-1].answers["low_mood_days"] == "most_days_two_weeks":
        # There is no mood screener in the app yet: until there is, this
        # points to the library page on getting support (link_page).
        found.append(
            Nudge(
                "low_mood",
                moods[-1].id,
                "Your mood matters too",
                "Last time, you said your mood has been low on most days for two weeks or more. "
                "That is worth some care. A short mood check with a doctor or nurse can help you see how you are doing.",
                "When to get support",
            )
        )
    return found


def undismissed(found: list[Nudge], dismissed: dict[str, str]) -> list[Nudge]:
    """The nudges not hidden: a dismissal holds until there is newer evidence."""
    return [n for n in found if dismissed.get(n.key) != n.evidence]


# --- Helpers --------------------------------------------------------------------------------


def _month_starts(today: date) -> list[date]:
    year, month = today.year, today.month
    starts = []
    for _ in range(12):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def _month_key(when: datetime) -> tuple[int, int]:
    return (when.year, when.month)


def _pct(value: float) -> str:
    if math.isinf(value):
        return "more than before"
    return f"{round(value * 100)}%"


def _points(value: float) -> str:
    points = round(value * 100)
    return f"{points:+d} points" if points else "0 points"


def _times(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _plain(value: object) -> Any:
    if isinstance(value, stats.Interval):
        return {"estimate": _finite(value.estimate), "low": _finite(value.low), "high": _finite(value.high)}
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _finite(value)
    return value


def _finite(value: float) -> float | None:
    # JSON has no infinity or NaN; null means "no bound" or "not defined".
    return value if math.isfinite(value) else None
