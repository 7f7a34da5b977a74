from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def names() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
    chosen = argv or names()
    unknown = [n for n in chosen if n not in names()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names())}", file=sys.stderr)
        return 2
    for name in chosen:
        print(f"== {name}")
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").run()
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
