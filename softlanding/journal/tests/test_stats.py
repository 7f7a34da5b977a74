"""Table-driven tests for softlanding.lib.stats, checked against exact arithmetic
and against published reference values (R / scipy output for the same tables)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softlanding.lib import stats


def exact_fisher(a: int, b: int, c: int, d: int) -> float:
    """The textbook definition with exact integers and fractions."""
    row1, col1, total = a + b, a + c, a + b + c + d
    lo, hi = max(0, col1 - (total - row1)), min(row1, col1)
    probs = {
        x: Fraction(math.comb(col1, x) * math.comb(total - col1, row1 - x), math.comb(total, row1))
        for x in range(lo, hi + 1)
    }
    observed = probs[a]
    return float(sum(p for p in probs.values() if p <= observed))


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((3, 1, 1, 3), 0.4857142857),  # Fisher's lady tasting tea
        ((8, 2, 1, 5), 0.0349650350),  # scipy.stats.fisher_exact docs-style example
        ((1, 9, 11, 3), 0.0027594561),  # R fisher.test, a classic textbook table
        ((0, 5, 5, 0), 0.0079365079),
        ((0, 0, 0, 0), 1.0),
        ((2, 2, 2, 2), 1.0),
    ],
)
def test_fisher_exact_matches_reference_values(table: tuple[int, int, int, int], expected: float) -> None:
    assert stats.fisher_exact(*table) == pytest.approx(expected, rel=1e-6)


@given(st.tuples(*(st.integers(0, 25) for _ in range(4))))
def test_fisher_exact_agrees_with_exact_integer_arithmetic(table: tuple[int, int, int, int]) -> None:
    assert stats.fisher_exact(*table) == pytest.approx(exact_fisher(*table), rel=1e-9, abs=1e-12)


def test_fisher_exact_stays_fast_and_sane_on_large_tables() -> None:
    p = stats.fisher_exact(4000, 6000, 6000, 4000)
    assert 0.0 <= p < 1e-100


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Reference values from Newcombe (1998), Statistics in Medicine 17:857, table I.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (20, 20, 0.8389, 1.0),
    ],
)
def test_wilson_interval_matches_newcombe_table(k: int, n: int, low: float, high: float) -> None:
    interval = stats.wilson_interval(k, n)
    assert interval.estimate == pytest.approx(k / n)
    assert interval.low == pytest.approx(low, abs=1e-4)
    assert interval.high == pytest.approx(high, abs=1e-4)


def test_wilson_interval_with_no_trials_says_anything_is_possible() -> None:
    assert stats.wilson_interval(0, 0) == stats.Interval(0.0, 0.0, 1.0)


@pytest.mark.parametrize(("k", "n"), [(-1, 3), (4, 3), (0, -1)])
def test_wilson_interval_rejects_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError, match="successes"):
        stats.wilson_interval(k, n)


@pytest.mark.parametrize(
    ("counts", "low", "high"),
    [
        # Newcombe (1998) table II, method 10: 56/70 vs 48/80 -> (0.0524, 0.3339).
        ((56, 70, 48, 80), 0.0524, 0.3339),
        # 9/10 vs 3/10 -> (0.1705, 0.8090)
        ((9, 10, 3, 10), 0.1705, 0.8090),
    ],
)
def test_proportion_difference_matches_newcombe(counts: tuple[int, int, int, int], low: float, high: float) -> None:
    interval = stats.proportion_difference(*counts)
    assert interval.low == pytest.approx(low, abs=1e-3)
    assert interval.high == pytest.approx(high, abs=1e-3)


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        # Exact (Garwood) limits, e.g. R's poisson.test(k)$conf.int.
        (0, 0.0, 3.6889),
        (1, 0.0253, 5.5716),
        (5, 1.6235, 11.6683),
        (20, 12.2165, 30.8884),
        (100, 81.3640, 121.6268),
        (101, 82.2662, 122.7242),  # above 100 Byar's approximation takes over
    ],
)
def test_poisson_interval_is_close_to_the_exact_garwood_limits(count: int, low: float, high: float) -> None:
    interval = stats.poisson_interval(count)
    assert interval.low == pytest.approx(low, rel=1e-3, abs=1e-4)
    assert interval.high == pytest.approx(high, rel=1e-3)


def test_rate_ratio_is_wide_with_few_events_and_narrow_with_many() -> None:
    few = stats.rate_ratio(1, 90, 3, 270)
    many = stats.rate_ratio(100, 90, 300, 270)
    assert few.estimate == pytest.approx(1.0)
    assert many.estimate == pytest.approx(1.0)
    assert few.low < many.low < 1 < many.high < few.high


@pytest.mark.parametrize(
    ("args", "supports_less"),
    [
        ((0, 90, 10, 270), False),  # no episodes lately but only 10 before: too early
        ((0, 90, 20, 270), True),  # none lately after 20 before: clearly fewer
        ((2, 90, 30, 270), True),
        ((5, 90, 15, 270), False),  # the same rate
    ],
)
def test_rate_ratio_upper_limit_below_one_only_when_the_drop_is_clear(
    args: tuple[int, float, int, float], supports_less: bool
) -> None:
    assert (stats.rate_ratio(*args).high < 1) is supports_less


def test_rate_ratio_with_no_events_at_all_says_nothing() -> None:
    interval = stats.rate_ratio(0, 90, 0, 270)
    assert math.isnan(interval.estimate)
    assert (interval.low, interval.high) == (0.0, math.inf)


@pytest.mark.parametrize(
    ("raw", "adjusted"),
    [
        ([0.01, 0.04, 0.03], [0.03, 0.06, 0.06]),
        ([0.5], [0.5]),
        ([], []),
        ([0.2, 0.9, 0.01, 0.02], [0.4, 0.9, 0.04, 0.06]),
    ],
)
def test_holm_adjusts_in_step_down_order(raw: list[float], adjusted: list[float]) -> None:
    assert stats.holm(raw) == pytest.approx(adjusted)
