"""Compares audit tables row by row: yanxiu's CSV (write_audit_csv, `yanxiu audit`) against a
peer's (teacher_id,rule_id,period,required_x100,credited_x100,shortfall_x100,status).

    /usr/bin/python3 compare.py YANXIU_AUDIT.csv PEER.csv [--name PEER]

exits 1 and prints the first differing rows when the tables differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

KEY = ["teacher_id", "rule_id", "period"]
COLUMNS = KEY + ["required_x100", "credited_x100", "shortfall_x100", "status"]


def amount_x100(text: pd.Series) -> pd.Series:
    """yanxiu prints hours with two decimals ("30.00") and counts as whole numbers ("1"): both
    as exact hundredths, without going through a float."""
    whole, _, fraction = text.str.partition(".")[[0, 1, 2]].T.values
    negative = pd.Series(whole).str.startswith("-").to_numpy()
    whole = pd.Series(whole).str.lstrip("-").astype(np.int64).to_numpy()
    fraction = pd.Series(fraction).replace("", "0").str.ljust(2, "0").astype(np.int64).to_numpy()
    value = whole * 100 + fraction
    return pd.Series(np.where(negative, -value, value), index=text.index)


def read_yanxiu(path: Path) -> pd.DataFrame:
    audit = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame({
        "teacher_id": audit["teacher_id"], "rule_id": audit["rule_id"],
        "period": audit["period"],
        "required_x100": amount_x100(audit["required"]),
        "credited_x100": amount_x100(audit["credited"]),
        "shortfall_x100": amount_x100(audit["shortfall"]),
        "status": audit["status"]})


def read_peer(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"teacher_id": str, "rule_id": str, "period": str,
                                    "status": str, "required_x100": np.int64,
                                    "credited_x100": np.int64, "shortfall_x100": np.int64},
                       keep_default_na=False)[COLUMNS]


def differences(expected: pd.DataFrame, actual: pd.DataFrame, limit: int = 10) -> list[str]:
    """The first rows (by teacher, rule, period) where the tables differ, as printable lines."""
    expected = expected[COLUMNS].astype({c: str for c in KEY + ["status"]})
    actual = actual[COLUMNS].astype({c: str for c in KEY + ["status"]})
    both = expected.merge(actual, how="outer", on=KEY, suffixes=("", "_peer"),
                         indicator="side")
    values = ["required_x100", "credited_x100", "shortfall_x100", "status"]
    for column in values[:3]:
        both[[column, column + "_peer"]] = both[[column, column + "_peer"]].astype("Int64")
    differs = both["side"] != "both"
    for column in values:
        differs |= both[column] != both[column + "_peer"]
    lines = []
    if len(expected) != len(actual):
        lines.append(f"rows: yanxiu {len(expected)}, peer {len(actual)}")
    duplicated = actual.duplicated(KEY).sum()
    if duplicated:
        lines.append(f"peer repeats {duplicated} (teacher, rule, period) keys")
    diff = both[differs].sort_values(KEY)
    if len(diff):
        lines.append(f"{len(diff)} rows differ")
    for row in diff.head(limit).itertuples(index=False):
        row = row._asdict()
        key = ",".join(str(row[c]) for c in KEY)
        if row["side"] == "left_only":
            lines.append(f"  {key}: only yanxiu has it")
        elif row["side"] == "right_only":
            lines.append(f"  {key}: only the peer has it")
        else:
            yanxiu = " ".join(str(row[c]) for c in values)
            peer = " ".join(str(row[c + "_peer"]) for c in values)
            lines.append(f"  {key}: yanxiu {yanxiu} | peer {peer}")
    return lines if (len(diff) or len(expected) != len(actual) or duplicated) else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("yanxiu", type=Path)
    parser.add_argument("peer", type=Path)
    parser.add_argument("--name", default="peer")
    args = parser.parse_args()
    expected = read_yanxiu(args.yanxiu)
    lines = differences(expected, read_peer(args.peer))
    if lines:
        print(f"{args.name}: the audit differs from yanxiu's", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
        return 1
    print(f"{args.name}: {len(expected)} rows, identical to yanxiu's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
