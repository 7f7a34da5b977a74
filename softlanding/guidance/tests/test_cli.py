"""``softlanding check`` tested by running it, as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

DEV_CASES = Path(__file__).parent / "data" / "selfcheck_dev.jsonl"


def check(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "softlanding.cli", "check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_reads_one_answers_object_and_prints_the_result() -> None:
    done = check("-", stdin='{"pain": "strong", "safe_now": false}')
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["schema"] == 1
    assert result["drivers"][0]["id"] == "pain"
    assert result["flags"] == ["crisis", "pause_for_pain", "health_provider"]


def test_it_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"memories": "flashback"}', encoding="utf-8")
    done = check(str(path))
    assert done.returncode == 0
    assert json.loads(done.stdout)["flags"] == ["counselor"]


@pytest.mark.parametrize(
    ("stdin", "named"),
    [
        ('{"stress": 9}', "stress"),
        ('{"mood": "low"}', "mood"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "answers"),
    ],
)
def test_invalid_input_exits_2_with_a_message_naming_the_problem(stdin: str, named: str) -> None:
    done = check(stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert named in done.stderr


def test_a_missing_file_exits_2() -> None:
    done = check("/no/such/file.json")
    assert done.returncode == 2
    assert "No such file" in done.stderr


def test_jsonl_answers_one_line_per_line_and_goes_on_after_a_bad_line() -> None:
    lines = ['{"pain": "mild"}', '{"pain": "awful"}', "", '{"wanted": "no"}']
    done = check("--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 2
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["flags"] == ["pause_for_pain"]
    assert "pain" in out[1]["error"]
    assert "error" in out[2]
    assert out[3]["flags"] == ["consent_support"]


def check_bytes(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "softlanding.cli", "check", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_jsonl_gives_a_line_that_is_not_utf_8_an_error_and_goes_on() -> None:
    done = check_bytes("--jsonl", stdin=b'{"pain": "mild"}\n\xff\xfe{}\n{"memories": "echo"}\n')
    assert done.returncode == 2
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 3
    assert out[0]["flags"] == ["pause_for_pain"]
    assert "UTF-8" in out[1]["error"]
    assert out[2]["drivers"][0]["id"] == "memories"
    assert b"Traceback" not in done.stderr


def test_a_file_that_starts_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(b'\xef\xbb\xbf{"pain": "strong"}')
    done = check(str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["flags"] == ["pause_for_pain", "health_provider"]


@pytest.mark.parametrize("stdin", [b"\xff", b"[" * 100_000, b""])
def test_input_that_cannot_be_read_exits_2_without_a_traceback(stdin: bytes) -> None:
    done = check_bytes(stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.startswith(b"softlanding check: ")
    assert b"Traceback" not in done.stderr


def test_jsonl_exits_0_when_every_line_is_good() -> None:
    answers = [json.loads(line)["answers"] for line in DEV_CASES.read_text().splitlines()]
    done = check("--jsonl", stdin="".join(json.dumps(a) + "\n" for a in answers))
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == len(answers)


def test_the_command_does_not_import_django() -> None:
    code = (
        "import sys, io; sys.stdin = io.StringIO('{}'); sys.argv = ['softlanding', 'check'];"
        "from softlanding.cli import main; rc = main();"
        "assert 'django' not in sys.modules, 'django was imported'; print(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("0")


def test_a_thousand_lines_take_under_two_seconds_start_up_included() -> None:
    answers = [json.loads(line)["answers"] for line in DEV_CASES.read_text().splitlines()]
    stdin = "".join(json.dumps(answers[i % len(answers)]) + "\n" for i in range(1000))
    started = time.perf_counter()
    done = check("--jsonl", stdin=stdin)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1000
    assert elapsed < 2.0, f"1,000 lines took {elapsed:.2f} s"
