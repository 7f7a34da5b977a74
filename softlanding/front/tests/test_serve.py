"""``softlanding serve`` is tested by running it, as a user would."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from softlanding.front.commands.serve import is_loopback


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOFTLANDING_DATABASE", "DJANGO_"))}
    env["SOFTLANDING_DATA_DIR"] = str(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "softlanding.cli", "serve", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int, Path]]:
    port = free_port()
    process = serve("--port", str(port), data_dir=tmp_path / "data")
    yield process, port, tmp_path / "data"
    process.terminate()
    process.wait(timeout=10)


def wait_for(url: str, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a local test URL)
                return int(response.status)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.mark.slow
def test_it_prepares_the_data_directory_and_serves_the_app(running: tuple[subprocess.Popen[str], int, Path]) -> None:
    process, port, data_dir = running
    assert wait_for(f"http://127.0.0.1:{port}/") == 200
    assert (data_dir / "softlanding.sqlite3").exists()
    assert oct(data_dir.stat().st_mode & 0o777) == "0o700"
    # Static files come from WhiteNoise with their hashed names.
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
    css = html.split('href="/static/front/app.')[1].split('"')[0]
    assert wait_for(f"http://127.0.0.1:{port}/static/front/app.{css}") == 200
    process.terminate()
    out, _ = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out


def test_a_busy_port_gives_one_line_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = serve("--port", str(port), data_dir=tmp_path)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0
    assert f"cannot listen on 127.0.0.1:{port}" in err


def test_a_public_address_needs_an_explicit_flag(tmp_path: Path) -> None:
    process = serve("--host", "0.0.0.0", "--port", str(free_port()), data_dir=tmp_path)  # noqa: S104
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "without TLS" in err
    assert "--allow-plain-http" in err


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),  # noqa: S104
        ("192.168.1.4", False),
    ],
)
def test_loopback_detection(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected
