"""Helpers for the tests. Expected numbers in these tests come from the policy documents:

- Dali (examples/policies/dali-2017.json, POLICY-DIGEST S0.1-S0.9): 300 hours a cycle, 60 an
  academic year, 30 a semester, and 30 offline hours a semester made of school 12 + workshop 8 +
  self 4 + holiday 6; semesters start on 09-01 and 02-01; the cycle runs 2017-09-01..2022-08-31;
  online hours count only with the platform's certificate (S0.6); offline hours once the county
  certifies them (S0.7); a star project or a small research topic, exactly one of the two, over
  the cycle (S0.9, a choice rule).
- A school's plan (examples/policies/school-observation.json, S4.1-S4.4): lesson observations a
  week by role, principal at least 3, supervising leader 4, dean at least 6, teacher 3, in the
  term's weeks 2020-08-31..2021-01-03 (count rules).

Amounts are in hundredths: 30 hours is 3000, and for count and choice rules 3 observations are
300 (the `_x100` columns, whose unit the `rule_kind` column gives)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DALI = ROOT / "examples" / "policies" / "dali-2017.json"
SCHOOL_OBSERVATION = ROOT / "examples" / "policies" / "school-observation.json"
CLI_DATA = ROOT / "tests" / "cli"

RECORD_COLUMNS = ["id", "teacher_id", "date", "hours", "category"]


def teachers(*rows: tuple[str, ...]) -> pd.DataFrame:
    """Teachers as text cells, as pd.read_csv(dtype=str, keep_default_na=False) gives them."""
    return pd.DataFrame(list(rows), columns=["id", "school", "title", "join_date", "leave_date"])


def records(*rows: tuple[str, ...], columns: list[str] = RECORD_COLUMNS) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns)


def one_teacher() -> pd.DataFrame:
    return teachers(("T1", "S01", "junior", "", ""))


def compliant_records(teacher: str = "T1") -> pd.DataFrame:
    """Exactly 12 + 8 + 4 + 6 offline hours in each of the ten semesters: nothing to spare; and
    one star project (S0.9) on 2018-03-01, an activity record without hours."""
    rows = []
    for year in range(2017, 2022):
        dates = [f"{year}-10-10", f"{year}-11-10", f"{year}-12-10", f"{year + 1}-01-20",
                 f"{year + 1}-03-10", f"{year + 1}-04-10", f"{year + 1}-05-10",
                 f"{year + 1}-07-20"]
        for date, (hours, category) in zip(dates, [("12", "school"), ("8", "workshop"),
                                                   ("4", "self"), ("6", "holiday")] * 2):
            rows.append((f"{teacher}-{len(rows) + 1:02}", teacher, date, hours, category, ""))
    rows.append((f"{teacher}-star", teacher, "2018-03-01", "", "school", "star_project"))
    return records(*rows, columns=RECORD_COLUMNS + ["activity"])


def short_workshop_records() -> pd.DataFrame:
    """2017-2018/1: 30 offline hours, but workshop 6 of 8."""
    return records(("P1", "T1", "2017-10-10", "14", "school"),
                   ("P2", "T1", "2017-11-10", "6", "workshop"),
                   ("P3", "T1", "2017-12-10", "4", "self"),
                   ("P4", "T1", "2018-01-20", "6", "holiday"))


def row(frame: pd.DataFrame, teacher: str, rule: str, period: str) -> pd.Series:
    """The one audit row of a teacher, rule and period."""
    found = frame[(frame["teacher_id"] == teacher) & (frame["rule_id"] == rule)
                  & (frame["period"] == period)]
    assert len(found) == 1, f"{teacher} {rule} {period}: {len(found)} rows"
    return found.iloc[0]
