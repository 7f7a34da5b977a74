"""``softlanding check --jsonl`` throughput: lines per second, and the time for
1,000 lines with start-up included (the contract says under 2 seconds)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time

from softlanding.guidance.engine import SCHEMA


def _answers(rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for name, field in SCHEMA.items():
        if rng.random() < 0.3:
            continue  # a skipped question
        if field.is_list:
            answers[name] = rng.sample(list(field.choices), rng.randint(0, 3))
        elif field.int_range:
            answers[name] = rng.randint(*field.int_range)
        else:
            answers[name] = rng.choice(field.choices)
    return answers


def _time(lines: int, rng: random.Random, repeats: int = 3) -> float:
    stdin = "".join(json.dumps(_answers(rng)) + "\n" for _ in range(lines))
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "softlanding.cli", "check", "--jsonl"],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        best = min(best, time.perf_counter() - started)
        assert len(done.stdout.splitlines()) == lines
    return best


def run() -> None:
    rng = random.Random(4)
    startup = _time(1, rng)
    thousand = _time(1_000, rng)
    many = _time(20_000, rng)
    print(f"   start-up (1 line):                {startup * 1000:7.0f} ms")
    print(f"   1,000 lines, start-up included:   {thousand * 1000:7.0f} ms  (limit 2,000 ms)")
    print(f"   20,000 lines:                     {many * 1000:7.0f} ms")
    print(f"   throughput after start-up:        {19_999 / (many - startup):7.0f} lines/s")
    print(f"   1,000 lines vs the 2 s limit:     {thousand / 2.0:7.2f} of the budget")


if __name__ == "__main__":
    run()
