"""Geometry for small server-drawn SVG charts.

Templates draw with SVG attributes (x, y, width, height) and CSS classes
only: no inline styles, no script, so the strict CSP holds. Every chart is
paired with a table in the template, which is what screen readers use.
"""

from __future__ import annotations

from dataclasses import dataclass

from softlanding.lib.stats import Interval

WIDTH = 360
HEIGHT = 150
LABEL_SPACE = 20
ROW = 22
LABEL_WIDTH = 150


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    short: str
    value: str
    #: Whisker for a 95% range (y of its top and bottom), when there is one.
    low_y: float | None = None
    high_y: float | None = None

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def end(self) -> float:
        return self.x + self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + self.height - 3


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline: float
    horizontal: bool = False

    @property
    def empty(self) -> bool:
        return not self.bars


def bars(data: list[tuple[str, float]], horizontal: bool = False) -> Chart:
    """Bars scaled to the largest value (at least 1, so all-zero data stays flat)."""
    top = max([1.0, *(abs(v) for _, v in data)])
    if horizontal:
        return _horizontal(data, top)
    plot = HEIGHT - LABEL_SPACE
    step = WIDTH / max(1, len(data))
    drawn = []
    for index, (label, value) in enumerate(data):
        height = plot * max(0.0, value) / top
        drawn.append(
            Bar(index * step + step * 0.15, plot - height, step * 0.7, height, label, label[:3], _number(value))
        )
    return Chart(WIDTH, HEIGHT, drawn, plot)


def share_bars(data: list[tuple[str, Interval | None]]) -> Chart:
    """Share of times with tears per month (0-100%), with the 95% range as a whisker."""
    plot = HEIGHT - LABEL_SPACE
    step = WIDTH / max(1, len(data))
    drawn = []
    for index, (label, share) in enumerate(data):
        if share is None:
            continue
        height = plot * share.estimate
        drawn.append(
            Bar(
                index * step + step * 0.15,
                plot - height,
                step * 0.7,
                height,
                label,
                label[:3],
                f"{round(share.estimate * 100)}%",
                low_y=plot * (1 - share.low),
                high_y=plot * (1 - share.high),
            )
        )
    return Chart(WIDTH, HEIGHT, drawn, plot)


def _horizontal(data: list[tuple[str, float]], top: float) -> Chart:
    room = WIDTH - LABEL_WIDTH - 40
    drawn = [
        Bar(LABEL_WIDTH, index * ROW + 4, room * max(0.0, value) / top, ROW - 8, label, label[:22], _number(value))
        for index, (label, value) in enumerate(data)
    ]
    return Chart(WIDTH, max(ROW, len(data) * ROW), drawn, LABEL_WIDTH, horizontal=True)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
