"""A quick check of the pandas peer, run by CTest: a county of a few hundred teachers written by
`yanxiu demo`, audited by pandas_audit.py, must give yanxiu's table row for row.

    /usr/bin/python3 check_pandas.py --cli build/dev/cli/yanxiu --work DIR [--teachers 300]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare  # noqa: E402
import pandas_audit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--teachers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    policy_path = HERE.parents[1] / "examples" / "policies" / "dali-2017.json"
    subprocess.run([str(args.cli), "demo", "--teachers", str(args.teachers), "--seed",
                    str(args.seed), "--policy", str(policy_path), "--out", str(args.work)],
                   check=True, stdout=subprocess.DEVNULL)
    policy = pandas_audit.Policy(policy_path)
    teachers, records = pandas_audit.load(policy, args.work / "teachers.csv",
                                          args.work / "records.csv")
    actual = pandas_audit.compute(policy, teachers, records)
    expected = compare.read_yanxiu(args.work / "audit.csv")
    lines = compare.differences(expected, actual)
    if lines:
        print("pandas: the audit differs from yanxiu's\n" + "\n".join(lines), file=sys.stderr)
        return 1
    print(f"pandas: {len(expected)} rows of {args.teachers} teachers, identical to yanxiu's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
