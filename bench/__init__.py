"""Benchmarks. Run all with ``make bench`` (or ``python -m bench``), one with
``python -m bench NAME``. Each module ``bench/<name>.py`` defines
``run() -> None`` and prints its figures, as ratios measured in the same run
where a comparison is asked for (bare times vary from machine to machine).
"""
