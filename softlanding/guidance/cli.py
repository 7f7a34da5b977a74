"""``softlanding check``: run the self-check (schema v1) on JSON answers.

Kept free of Django so a thousand lines, start-up included, take well under
two seconds (see bench/selfcheck.py).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import IO, Any

BOM = b"\xef\xbb\xbf"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="a JSON file of answers, or - for standard input")
    parser.add_argument("--jsonl", action="store_true", help="one answers object per line, one result per line")


def _open(name: str) -> IO[bytes]:
    # Bytes, decoded line by line: a stray non-UTF-8 byte then spoils one line
    # of a --jsonl run (an error on that line), not the whole run.
    if name == "-":
        # sys.stdin may have been swapped for a text stream (an embedding
        # program, a test): take its text as UTF-8 bytes then.
        buffer = getattr(sys.stdin, "buffer", None)
        return buffer if buffer is not None else io.BytesIO(sys.stdin.read().encode("utf-8"))
    return open(name, "rb")  # closed by run(); standard input is left open


def _decode(raw: bytes) -> str:
    try:
        # A byte-order mark (some editors add one) is not part of the JSON.
        return raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 text (byte {exc.start + 1})") from exc


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _one(raw: bytes) -> dict[str, Any]:
    from softlanding.guidance.engine import evaluate

    text = _decode(raw)
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise ValueError("not valid answers (nested too deeply)") from exc
    return evaluate(answers)


def _run_single(stream: IO[bytes]) -> int:
    try:
        result = _one(stream.read())
    except ValueError as exc:
        print(f"softlanding check: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _run_lines(stream: IO[bytes]) -> int:
    failed = 0
    out = sys.stdout
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            # A blank line still gets a line back, so output lines match input lines.
            out.write(_dumps({"error": f"line {number}: empty line"}) + "\n")
            failed += 1
            continue
        try:
            out.write(_dumps(_one(line)) + "\n")
        except ValueError as exc:
            out.write(_dumps({"error": f"line {number}: {exc}"}) + "\n")
            failed += 1
    out.flush()
    if failed:
        print(f"softlanding check: {failed} line(s) could not be checked", file=sys.stderr)
    return 2 if failed else 0


def run(args: argparse.Namespace) -> int:
    from softlanding.guidance.content import ContentError, load_guidance

    try:
        load_guidance()
        stream = _open(args.file)
    except (OSError, ContentError) as exc:
        print(f"softlanding check: {exc}", file=sys.stderr)
        return 2
    try:
        return _run_lines(stream) if args.jsonl else _run_single(stream)
    finally:
        if args.file != "-":
            stream.close()
