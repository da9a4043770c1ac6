"""The cost of auditing a synthetic county from DataFrames through `import yanxiu`, next to the
same audit through the C++ API alone (issue 5: less than twice as much).

    make bench-python                  # 100,000 teachers, release build, 2 threads
    PYTHONPATH=build/release/bindings/python/package /usr/bin/python3 \\
        benchmarks/python/bench_audit.py --teachers 100000 --cli build/release/cli/yanxiu

Python path: DataFrames (text cells, as pd.read_csv(dtype=str) reads an export) -> ledger ->
audit -> Audit.to_pandas(). C++ path: the same county's CSV text -> LedgerBuilder -> evaluate ->
the verdict columns, called through yanxiu._core with no Python work per row; and, with --cli,
the timings `yanxiu demo` reports for the same steps in a C++ process. The two paths take
turns --repeat times and the fastest run of each is kept: the machine may be shared.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

import yanxiu
from yanxiu import _core

ROOT = Path(__file__).resolve().parents[2]


Run = tuple[dict[str, float], dict[str, np.ndarray]]


def fastest(repeat: int, *paths: Callable[[], Run]) -> list[Run]:
    """The fastest run of each path: (seconds by step, the verdict columns it computed). The
    paths take turns, so a change in the machine's load touches them alike."""
    runs: list[list[Run]] = [[] for _ in paths]
    for _ in range(repeat):
        for path, found in zip(paths, runs):
            found.append(path())
    return [min(found, key=lambda run: sum(run[0].values())) for found in runs]


def python_path(policy: yanxiu.Policy, county: yanxiu.County, threads: int) -> Run:
    start = time.perf_counter()
    ledger = policy.ledger(county.teachers, county.records)
    read = time.perf_counter()
    audit = policy.audit(ledger, threads=threads)
    evaluated = time.perf_counter()
    frame = audit.to_pandas()
    done = time.perf_counter()
    assert len(frame) == len(audit)
    steps = {"ledger": read - start, "evaluate": evaluated - read, "to_pandas": done - evaluated}
    return steps, audit.columns()


def cpp_path(policy: yanxiu.Policy, texts: yanxiu.CountyCsv, threads: int) -> Run:
    start = time.perf_counter()
    builder = _core.LedgerBuilder(policy._core)
    builder.read_teachers_text(texts.teachers_csv, "teachers.csv")
    builder.read_records_text(texts.records_csv, "records.csv")
    ledger = builder.build()
    read = time.perf_counter()
    audit = _core.evaluate(policy._core, ledger, None, threads)
    evaluated = time.perf_counter()
    columns = audit.columns()
    done = time.perf_counter()
    return {"ledger": read - start, "evaluate": evaluated - read, "columns": done - evaluated}, \
        columns


def cli_timings(cli: str, teachers: int, seed: int, threads: int) -> dict[str, float]:
    printed = subprocess.run([cli, "demo", "--teachers", str(teachers), "--seed", str(seed),
                              "--threads", str(threads)], capture_output=True, text=True,
                             check=True).stdout
    found = re.search(r"read them in ([0-9.]+) s, audited [0-9,]+ verdicts in ([0-9.]+) s",
                      printed)
    if not found:
        raise RuntimeError(f"unexpected output of yanxiu demo:\n{printed}")
    return {"ledger": float(found.group(1)), "evaluate": float(found.group(2))}


def show(name: str, steps: dict[str, float]) -> float:
    total = sum(steps.values())
    parts = ", ".join(f"{step} {seconds:.3f}" for step, seconds in steps.items())
    print(f"{name:<30} {total:7.3f} s   ({parts})")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", help="the yanxiu command, to report its own timings too")
    args = parser.parse_args()

    policy = yanxiu.load_policy(ROOT / "examples" / "policies" / "dali-2017.json")
    start = time.perf_counter()
    texts = yanxiu.synthetic_county_csv(policy, args.teachers, args.seed)
    generated = time.perf_counter()
    county = yanxiu.County(*(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
                             for text in texts))
    read = time.perf_counter()
    print(f"county: {args.teachers:,} teachers, {len(county.records):,} record rows "
          f"(generated in {generated - start:.2f} s, read into DataFrames by pandas in "
          f"{read - generated:.2f} s, not counted below); {args.threads} threads, "
          f"fastest of {args.repeat}")

    (python_steps, python_columns), (cpp_steps, cpp_columns) = fastest(
        args.repeat, lambda: python_path(policy, county, args.threads),
        lambda: cpp_path(policy, texts, args.threads))
    for name, column in cpp_columns.items():
        assert np.array_equal(column, python_columns[name]), f"the paths differ in {name}"
    python = show("python: DataFrames -> pandas", python_steps)
    cpp = show("C++ API: CSV text -> columns", cpp_steps)
    if args.cli:
        show("C++ command: yanxiu demo", cli_timings(args.cli, args.teachers, args.seed,
                                                     args.threads))
    print(f"ratio python/C++: {python / cpp:.2f} (target: under 2)")


if __name__ == "__main__":
    main()
