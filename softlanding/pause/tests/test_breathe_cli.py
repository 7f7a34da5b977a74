"""``softlanding breathe`` tested by running it, plain and on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

COMMAND = [sys.executable, "-m", "softlanding.cli", "breathe"]


def test_it_paces_one_line_per_phase_from_one_start() -> None:
    started = time.monotonic()
    result = subprocess.run(
        [*COMMAND, "--in", "2", "--hold", "2", "--out", "2", "--minutes", "0.1"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Breathing: in 2 s, hold 2 s, out 2 s")
    assert lines[1:-1] == ["Breathe in (2 s)", "Hold (2 s)", "Breathe out (2 s)"]
    assert lines[-1].startswith("Done.")
    assert 6 <= took < 9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--in", "1"], "choose from 2 to 10"),
        (["--out", "11"], "choose from 2 to 10"),
        (["--hold", "-1"], "choose from 0 to 10"),
        (["--in", "four"], "not a whole number"),
        (["--minutes", "0"], "more than 0"),
    ],
)
def test_it_refuses_a_pace_outside_the_range(args: list[str], message: str) -> None:
    result = subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2
    assert message in result.stderr


def _read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


def test_ctrl_c_on_a_pipe_stops_cleanly_with_exit_zero() -> None:
    process = subprocess.Popen([*COMMAND, "--minutes", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Breathing:")
    assert process.stdout.readline().startswith("Breathe in")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Stopped" in out
    assert "Traceback" not in err


def test_ctrl_c_on_a_terminal_restores_the_cursor() -> None:
    # A pseudo-terminal, as over SSH (Popen rather than pty.fork: forking a
    # multi-threaded test process can deadlock).
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*COMMAND, "--minutes", "1"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm"},
        start_new_session=True,
    )
    os.close(follower)
    try:
        seen = _read_until(leader, b"Breathe in", timeout=15)
        assert b"Breathe in" in seen
        assert b"\x1b[?25l" in seen  # the cursor is hidden while the line is redrawn
        process.send_signal(signal.SIGINT)
        seen += _read_until(leader, b"Stopped", timeout=10)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        os.close(leader)
    assert b"Stopped" in seen
    assert seen.rfind(b"\x1b[?25h") > seen.rfind(b"\x1b[?25l")  # and shown again


def _on_a_terminal(env: dict[str, str], wait_for: bytes) -> tuple[bytes, int]:
    """Run the pacer on a pseudo-terminal with ``env``, wait for ``wait_for``,
    press Ctrl-C; what it wrote and its exit code."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*COMMAND, "--in", "2", "--out", "2", "--minutes", "1"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, **env},
        start_new_session=True,
    )
    os.close(follower)
    try:
        seen = _read_until(leader, wait_for, timeout=15)
        process.send_signal(signal.SIGINT)
        seen += _read_until(leader, b"Stopped", timeout=10)
        code = process.wait(timeout=10)
    finally:
        process.kill()
        os.close(leader)
    return seen, code


def test_a_dumb_terminal_gets_plain_lines_instead_of_a_blank_screen() -> None:
    # TERM=dumb (some SSH clients, editors' shells): redrawing is not
    # understood, so the pacer must still say every phase, in plain lines.
    seen, code = _on_a_terminal({"TERM": "dumb"}, b"Breathe out (2 s)")
    assert code == 0
    assert b"Breathe in (2 s)" in seen
    assert b"Breathe out (2 s)" in seen
    assert b"\x1b[" not in seen  # no escape sequences at all
    assert b"Stopped" in seen


def test_a_terminal_that_is_not_utf8_gets_an_ascii_bar() -> None:
    # An SSH session from a machine with a Latin-1 locale.
    seen, code = _on_a_terminal({"TERM": "xterm", "PYTHONIOENCODING": "latin-1"}, b"==")
    assert code == 0, seen.decode("latin-1")
    assert b"Traceback" not in seen
    assert b"Breathe in" in seen
    assert b"==" in seen
    assert b"Stopped" in seen


def test_the_bar_uses_no_more_than_a_line_and_fits_a_narrow_terminal() -> None:
    from rich.console import Console

    from softlanding.pause.commands.breathe import _frame
    from softlanding.pause.pacing import Pace

    for width in (20, 40, 80, 200):
        console = Console(width=width, record=True, force_terminal=True)
        console.print(_frame(Pace(), 2.0, width))
        lines = console.export_text().splitlines()
        assert len(lines) == 1
        assert len(lines[0]) <= width
