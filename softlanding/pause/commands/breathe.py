"""``softlanding breathe``: a calm breathing pacer in the terminal.

Works over SSH and in any terminal: on a terminal that can redraw a line it
draws one quiet line that grows on the in-breath and shrinks on the
out-breath (Rich; only carriage return, erase-line and cursor show/hide, no
alternate screen, no mouse, no size queries). Anywhere else (a pipe, a log,
``TERM=dumb``) it prints one plain line per phase. The bar falls back to ASCII
when the terminal's encoding is not UTF-8. Phase times come from one
monotonic start, so the pacer never drifts. Ctrl-C stops it cleanly (exit 0,
cursor restored).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from softlanding.pause.pacing import HOLD_MAX, HOLD_MIN, PHASE_MAX, PHASE_MIN, Pace, phase_at, schedule

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

LABELS = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out"}
FRAME_SECONDS = 0.1


def _seconds(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"choose from {low} to {high} seconds")
        return value

    return parse


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not 0 < value <= 240:
        raise argparse.ArgumentTypeError("choose more than 0 and up to 240 minutes")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--in", dest="inhale", type=_seconds(PHASE_MIN, PHASE_MAX), default=4, metavar="SECONDS",
                        help=f"breathe in for this long ({PHASE_MIN}-{PHASE_MAX}, default 4)")  # fmt: skip
    parser.add_argument("--out", dest="exhale", type=_seconds(PHASE_MIN, PHASE_MAX), default=6, metavar="SECONDS",
                        help=f"breathe out for this long ({PHASE_MIN}-{PHASE_MAX}, default 6)")  # fmt: skip
    parser.add_argument("--hold", type=_seconds(HOLD_MIN, HOLD_MAX), default=0, metavar="SECONDS",
                        help=f"hold after breathing in ({HOLD_MIN}-{HOLD_MAX}, default 0: no hold)")  # fmt: skip
    parser.add_argument("--minutes", type=_minutes, default=5.0, help="how long to breathe (default 5)")


def _sleep_until(deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def run_plain(pace: Pace, total: float, write: Callable[[str], None]) -> None:
    """One line per phase, for pipes, logs and the simplest terminals."""
    start = time.monotonic()
    for phase in schedule(pace, total):
        _sleep_until(start + phase.start)
        write(f"{LABELS[phase.name]} ({phase.duration} s)")
    _sleep_until(start + total)


def _frame(pace: Pace, elapsed: float, width: int, ascii_only: bool = False) -> Text:
    from rich.text import Text

    phase = phase_at(pace, elapsed)
    within = (elapsed - phase.start) / phase.duration
    fill = {"in": within, "hold": 1.0, "out": 1.0 - within}[phase.name]
    remaining = phase.duration - int(elapsed - phase.start)
    # One line that never reaches the last column: a wrapped line could not
    # be redrawn in place, and some terminals wrap on the last column.
    bar_width = max(0, min(width, 60) - 18)
    filled = round(fill * bar_width)
    text = Text(no_wrap=True, overflow="crop")
    text.append(f"{LABELS[phase.name]:<12}", style="bold cyan")
    text.append(f"{remaining:>3}  ", style="cyan")
    text.append(("=" if ascii_only else "━") * filled, style="cyan")
    text.append(" " * (bar_width - filled))
    text.truncate(max(1, width - 1))
    return text


def run_live(pace: Pace, total: float, console: Console) -> None:
    """A single, slowly changing line redrawn in place."""
    from rich.live import Live

    start = time.monotonic()
    ascii_only = console.options.ascii_only
    with Live(console=console, auto_refresh=False, transient=True) as live:
        frame = 0
        while (elapsed := time.monotonic() - start) < total:
            live.update(_frame(pace, elapsed, console.width, ascii_only), refresh=True)
            frame += 1
            # Frames are also timed from the start: slow redraws never add up.
            _sleep_until(start + frame * FRAME_SECONDS)


def can_redraw(console: Console) -> bool:
    """Whether ``console`` is a terminal that understands redrawing a line
    (Rich's own test: a TTY whose TERM is not "dumb" or "unknown")."""
    return bool(console.is_interactive)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    pace = Pace(inhale=args.inhale, exhale=args.exhale, hold=args.hold)
    total = args.minutes * 60
    hold = f", hold {pace.hold} s" if pace.hold else ""
    print(
        f"Breathing: in {pace.inhale} s{hold}, out {pace.exhale} s, for {args.minutes:g} min. Ctrl-C stops.",
        flush=True,
    )
    console = Console(highlight=False)
    try:
        if can_redraw(console):
            run_live(pace, total, console)
        else:
            run_plain(pace, total, lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("\nStopped. Take your time.", flush=True)
        return 0
    print("Done. Take your time.", flush=True)
    return 0
