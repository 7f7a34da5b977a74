"""Small, exact statistics for honest insights (no Django, no scipy).

Everything here works on counts. The journal holds a handful to a few
thousand records per person, so we favour methods that behave well with
small numbers: Wilson score intervals for proportions, Fisher's exact test
for 2x2 tables, and rate comparisons that condition on the total count
(which turns them into a binomial question with a Wilson interval).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

#: Two-sided 95% normal quantile.
Z95 = 1.959963984540054

# scipy uses the same relative tolerance when it decides which tables are
# "as extreme as" the observed one; without it, rounding in the log-space
# probabilities could drop tables that tie with the observed table.
_TIE_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float


def wilson_interval(successes: int, trials: int, z: float = Z95) -> Interval:
    """Wilson score interval for a proportion; (0, 0, 1) when there are no trials."""
    _check_counts(successes, trials)
    if trials == 0:
        return Interval(0.0, 0.0, 1.0)
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # Clamp away float dust so 0/n gives exactly 0 and n/n exactly 1.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(p, low, high)


def proportion_difference(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> Interval:
    """Newcombe's hybrid score interval for p1 - p2 (method 10, built from two Wilson intervals)."""
    a = wilson_interval(k1, n1, z)
    b = wilson_interval(k2, n2, z)
    difference = a.estimate - b.estimate
    low = difference - math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
    high = difference + math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
    return Interval(difference, max(-1.0, low), min(1.0, high))


def poisson_interval(count: int, z: float = Z95) -> Interval:
    """95% interval for a Poisson mean from one observed count.

    Exact (Garwood) limits, found by bisection on the Poisson distribution,
    for counts up to 100; above that, Byar's approximation, which is then
    within a fraction of a percent of the exact limits and costs nothing.
    """
    if count < 0:
        raise ValueError("count must be 0 or more")
    tail = 1 - _normal_cdf(z)  # alpha / 2
    if count > _EXACT_POISSON_LIMIT:
        k, k1 = count, count + 1
        low = k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3
        high = k1 * (1 - 1 / (9 * k1) + z / (3 * math.sqrt(k1))) ** 3
        return Interval(float(count), low, high)
    # P(X <= count) falls as the mean grows: the upper limit is where it
    # reaches alpha/2; the lower limit is where P(X >= count) reaches alpha/2.
    high = _bisect(lambda mu: _poisson_cdf(count, mu) - tail, 0.0, 4.0 * count + 10.0)
    low = 0.0 if count == 0 else _bisect(lambda mu: _poisson_cdf(count - 1, mu) - (1 - tail), 0.0, float(count))
    return Interval(float(count), low, high)


_EXACT_POISSON_LIMIT = 100


def _poisson_cdf(k: int, mu: float) -> float:
    term = math.exp(-mu)
    total = term
    for i in range(1, k + 1):
        term *= mu / i
        total += term
    return total


def _bisect(decreasing: Callable[[float], float], low: float, high: float) -> float:
    """The root of a decreasing function between ``low`` and ``high``."""
    for _ in range(80):
        middle = (low + high) / 2
        if decreasing(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def rate_ratio(count_a: int, exposure_a: float, count_b: int, exposure_b: float, z: float = Z95) -> Interval:
    """Ratio of two event rates (a over b) with a conditional score interval.

    Given the total number of events, the number in period ``a`` is binomial
    with p = ra*ta / (ra*ta + rb*tb). A Wilson interval for p maps one-to-one
    onto the rate ratio, so small counts keep honest, wide intervals. The
    estimate is ``inf`` when ``b`` had no events, ``nan`` when neither had any.
    """
    if exposure_a <= 0 or exposure_b <= 0:
        raise ValueError("exposures must be positive")
    share = wilson_interval(count_a, count_a + count_b, z)

    def to_ratio(p: float) -> float:
        if p >= 1.0:
            return math.inf
        return p / (1 - p) * exposure_b / exposure_a

    if count_a + count_b == 0:
        return Interval(math.nan, 0.0, math.inf)
    estimate = to_ratio(count_a / (count_a + count_b))
    return Interval(estimate, to_ratio(share.low), to_ratio(share.high))


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]].

    Sums the hypergeometric probabilities of every table with the same
    margins that is no more likely than the observed one (the usual
    "minimum likelihood" definition, as in R and scipy). For speed on large
    tables the probabilities are built by the ratio of neighbouring terms,
    relative to the most likely table (so nothing overflows; terms too small
    for a float become 0, which cannot change the sum). The tests check the
    result against exact integer arithmetic with math.comb.
    """
    for value in (a, b, c, d):
        if value < 0:
            raise ValueError("cell counts must be 0 or more")
    row1, col1, total = a + b, a + c, a + b + c + d
    if total == 0:
        return 1.0
    low, high = max(0, col1 - (total - row1)), min(row1, col1)
    mode = min(high, max(low, (row1 + 1) * (col1 + 1) // (total + 2)))
    weights = [0.0] * (high - low + 1)
    weights[mode - low] = 1.0
    for x in range(mode, high):  # upwards: P(x+1) / P(x)
        ratio = (row1 - x) * (col1 - x) / ((x + 1) * (total - row1 - col1 + x + 1))
        weights[x + 1 - low] = weights[x - low] * ratio
    for x in range(mode, low, -1):  # downwards: P(x-1) / P(x)
        ratio = x * (total - row1 - col1 + x) / ((row1 - x + 1) * (col1 - x + 1))
        weights[x - 1 - low] = weights[x - low] * ratio
    threshold = weights[a - low] * (1 + _TIE_TOLERANCE)
    kept = math.fsum(w for w in weights if w <= threshold)
    return min(1.0, kept / math.fsum(weights))


def holm(p_values: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the order given.

    Several with/without comparisons at once make it likely that one looks
    "significant" by chance; Holm's step-down keeps the chance of any false
    alarm at the nominal level without assuming the tests are independent.
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    m = len(p_values)
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def mean(values: list[float]) -> float:
    if not values:
        raise ValueError("mean of no values")
    return math.fsum(values) / len(values)


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _check_counts(successes: int, trials: int) -> None:
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError("need 0 <= successes <= trials")
