"""The Dali audit in pandas, as an analyst would write it: vectorised groupby, merge and
unstack, no loop over rows or teachers.

It reads the policy's numbers (calendar, categories, minimums, conversion rates and caps, the
certificate gate, the choice rule) from the policy JSON, for the rule kinds the Dali policy uses:
quota rules with parts over semesters, academic years and the cycle, pro-rated by semesters
served; conversions with per-period caps; a certificate gate; a choice rule. What it leaves out
is listed in README.md.

Two steps, timed apart, mirroring yanxiu's ledger and evaluate():
  load:    the CSV files into typed, validated frames (invalid rows dropped; duplicates and
           records outside the cycle flagged);
  compute: the frames into the audit table (one row per teacher x rule (x part) x period).

Amounts are int64 hundredths throughout; no float ever enters a sum.

    /usr/bin/python3 pandas_audit.py --policy P --teachers T.csv --records R.csv \
        [--out audit.csv] [--repeat N]
prints one JSON object: load and compute seconds, rows and the checksum.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

EPOCH = date(1970, 1, 1)
MAX_RECORD_X100 = 10_000 * 100
STATUSES = ["met", "short", "exempt", "not_applicable", "conflict"]
RECORD_STATUSES = {"": "certified", "certified": "certified", "group_certified": "group_certified",
                   "pending": "pending", "rejected": "rejected"}


def day_number(day: date) -> int:
    return (day - EPOCH).days


def hundredths(value) -> int:
    """Policy hours (JSON numbers with at most two decimals, read as Decimal) as hundredths."""
    return int(Decimal(value) * 100)


@dataclass
class Period:
    kind: str
    label: str
    first_day: int
    last_day: int
    first_semester: int
    end_semester: int


class Policy:
    """The parts of a yanxiu policy the audit needs, from its JSON."""

    def __init__(self, path: Path):
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"), parse_float=Decimal)
        calendar = document["calendar"]
        if calendar.get("assign_by", "end") != "end":
            raise SystemExit("pandas_audit: only assign_by end is written")
        self.categories = [c["id"] for c in document["categories"]]
        groups: dict[str, list[str]] = {}
        for category in document["categories"]:
            for group in category.get("groups", []):
                groups.setdefault(group, []).append(category["id"])

        def expand(names):
            if names is None:
                return list(self.categories)
            out = []
            for name in names:
                out += groups[name[1:]] if name.startswith("@") else [name]
            return out

        self.semesters, self.years = self._periods(calendar)
        self.cycle = Period("cycle", "cycle", self.semesters[0].first_day,
                            self.semesters[-1].last_day, 0, len(self.semesters))
        # One line per rule and per part: (rule_id, period kind, min_x100, categories, pro-rated).
        self.lines = []
        self.choices = []
        for rule in document["rules"]:
            if rule.get("subject", "teacher") != "teacher":
                continue  # a group's or a school's duty: `yanxiu subjects`, not the audit
            unsupported = {"applies_to", "max", "carry_over", "fill_deficits", "phases"} & set(rule)
            if unsupported or rule["period"] not in ("semester", "academic_year", "cycle"):
                raise SystemExit(f"pandas_audit: rule {rule['id']} uses what is not written here: "
                                 f"{', '.join(sorted(unsupported)) or rule['period']}")
            kind = rule.get("kind", "quota")
            if kind == "choice":
                self.choices.append((rule["id"], rule["period"], rule["exactly_one"]))
                continue
            if kind != "quota":
                raise SystemExit(f"pandas_audit: {kind} rules are not written here")
            pro_rate = rule.get("pro_rate", True) and rule["period"] != "semester"
            self.lines.append((rule["id"], rule["period"], hundredths(rule["min"]),
                               expand(rule.get("categories")), pro_rate))
            for number, part in enumerate(rule.get("parts", []), start=1):
                self.lines.append((f"{rule['id']}/{part.get('id', number)}", rule["period"],
                                   hundredths(part["min"]), expand(part["categories"]), pro_rate))
        # Conversion rates by (outcome, level): category, min and max hundredths an item.
        rates = []
        self.conversion_caps = []  # (conversion index, period kind, limit)
        for index, conversion in enumerate(document.get("conversions", [])):
            levels = conversion.get("rates") or {"": conversion["hours"]}
            for level, rate in levels.items():
                low, high = (rate["min"], rate["max"]) if isinstance(rate, dict) else (rate, rate)
                rates.append((conversion["outcome"], level, index,
                              self.categories.index(conversion["category"]),
                              hundredths(low), hundredths(high)))
            caps = conversion.get("cap", [])
            for cap in caps if isinstance(caps, list) else [caps]:
                self.conversion_caps.append((index, cap["per"], hundredths(cap["hours"])))
            if conversion.get("item_cap") or conversion.get("applies_to"):
                raise SystemExit("pandas_audit: item_cap and applies_to are not written here")
        self.rates = pd.DataFrame(rates, columns=["outcome", "level", "conversion",
                                                  "converted_category", "rate_min", "rate_max"])
        self.gate_categories = []
        for gate in document.get("gates", []):
            if gate["kind"] != "certificate":
                raise SystemExit(f"pandas_audit: {gate['kind']} gates are not written here")
            self.gate_categories += [self.categories.index(c)
                                     for c in expand(gate.get("categories"))]
        for key in ("caps", "credit_bank", "exemptions"):
            if document.get(key):
                raise SystemExit(f"pandas_audit: {key} are not written here")
        self.credited_statuses = document.get("certification", {}).get("credited", ["certified"])

    @staticmethod
    def _periods(calendar):
        start = date.fromisoformat(calendar["cycle"]["start"])
        starts = [tuple(int(x) for x in s["start"].split("-")) for s in calendar["semesters"]]
        names = [s["name"] for s in calendar["semesters"]]
        semesters, years = [], []
        for year in range(start.year, start.year + calendar["cycle"]["years"] + 1):
            calendar_year = year
            previous = None
            for (month, day), name in zip(starts, names):
                if previous and (month, day) < previous:
                    calendar_year += 1
                previous = (month, day)
                semesters.append((year, name, date(calendar_year, month, day)))
        periods = []
        for k in range(len(semesters) - len(starts)):
            year, name, first = semesters[k]
            last = semesters[k + 1][2] - timedelta(days=1)
            periods.append(Period("semester", f"{year}-{year + 1}/{name}", day_number(first),
                                  day_number(last), k, k + 1))
        per_year = len(starts)
        for y in range(len(periods) // per_year):
            first, last = periods[y * per_year], periods[y * per_year + per_year - 1]
            label = first.label.split("/")[0]
            years.append(Period("academic_year", label, first.first_day, last.last_day,
                                y * per_year, (y + 1) * per_year))
        return periods, years


def day_numbers(text: pd.Series) -> pd.Series:
    """YYYY-MM-DD text as int32 days since 1970-01-01; -1 << 31 for empty or not a date."""
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    days = parsed.values.astype("datetime64[D]").astype(np.int64)
    in_range = parsed.notna() & (parsed.dt.year >= 1900) & (parsed.dt.year <= 2200)
    return pd.Series(np.where(in_range, days, np.iinfo(np.int32).min).astype(np.int32),
                     index=text.index)


NO_DAY = np.iinfo(np.int32).min


def per_value(column: pd.Series, convert) -> np.ndarray:
    """`convert` applied to the distinct values of a categorical column, spread to its rows."""
    return convert(pd.Series(column.cat.categories)).to_numpy()[column.cat.codes.to_numpy()]


def load(policy: Policy, teachers_csv: Path, records_csv: Path):
    """The CSV files into typed frames; invalid record rows dropped, as yanxiu's ledger does."""
    teachers = pd.read_csv(teachers_csv, dtype=str, keep_default_na=False,
                           usecols=["id", "join_date", "leave_date"])
    teachers = pd.DataFrame({"teacher_id": teachers["id"],
                             "join_day": day_numbers(teachers["join_date"]),
                             "leave_day": day_numbers(teachers["leave_date"])})

    # Columns of few distinct values (dates, hours, names) as categoricals: each text is parsed
    # once per distinct value, and the rows hold small codes (a million teachers fit in memory).
    header = pd.read_csv(records_csv, nrows=0).columns
    raw = pd.read_csv(records_csv, keep_default_na=False, dtype={
        column: str if column in ("id", "certificate") else "category" for column in header})
    for column in ("end_date", "certificate", "status", "activity", "outcome", "level", "count"):
        if column not in raw:
            raw[column] = pd.Categorical.from_codes(np.zeros(len(raw), dtype=np.int8), [""])
    start = per_value(raw["date"], day_numbers)
    end = np.where(raw["end_date"] == "", start, per_value(raw["end_date"], day_numbers))
    activity_or_outcome = (raw["activity"] != "") | (raw["outcome"] != "")
    hours = pd.Series(per_value(raw["hours"], lambda t: pd.to_numeric(t, errors="coerce")),
                      index=raw.index)
    hours = hours.where(~((raw["hours"] == "") & activity_or_outcome), 0.0)
    hours_x100 = (hours * 100).round()
    exact = (hours * 100 - hours_x100).abs() < 1e-6
    count = pd.Series(per_value(raw["count"], lambda t: pd.to_numeric(
        t.where(t != "", "1"), errors="coerce")), index=raw.index)
    status = raw["status"].map(RECORD_STATUSES)
    known = pd.Index(teachers["teacher_id"])
    teacher = per_value(raw["teacher_id"], lambda t: pd.Series(known.get_indexer(t)))
    category = pd.Categorical(raw["category"], categories=policy.categories).codes

    valid = ((raw["id"] != "") & (teacher >= 0) & (start != NO_DAY) & (end != NO_DAY)
             & (end >= start) & hours.notna() & exact & (hours_x100 >= 0)
             & (hours_x100 <= MAX_RECORD_X100) & (category >= 0) & pd.notna(status)
             & count.notna() & (count >= 0) & (count == count.round()))
    count = count.clip(lower=1).fillna(1)

    # An outcome must be one the policy converts, at a level it rates, within the rate.
    rate = raw[["outcome", "level"]].astype(str).merge(policy.rates, how="left",
                                                       on=["outcome", "level"])
    rate.index = raw.index
    outcome = raw["outcome"] != ""
    low, high = rate["rate_min"] * count, rate["rate_max"] * count
    valid &= ~outcome | (rate["conversion"].notna() & np.where(
        low == high, (hours_x100 == 0) | (hours_x100 == low),
        (hours_x100 >= low) & (hours_x100 <= high)))
    valid &= outcome | (raw["level"] == "")

    records = pd.DataFrame({
        "row": np.arange(len(raw), dtype=np.int64),
        "teacher": teacher.astype(np.int32),
        "day": end.astype(np.int32),  # assign_by end
        "hours": hours_x100.fillna(0).astype(np.int64),
        "category": category,
        "status": status,
        "certificate": raw["certificate"],
        "activity": raw["activity"],
        "count": count.astype(np.int64),
        "conversion": rate["conversion"].fillna(-1).astype(np.int64),
        "converted_category": rate["converted_category"].fillna(-1).astype(np.int64),
        "rate_min": (low.fillna(0)).astype(np.int64),
        "rate_max": (high.fillna(0)).astype(np.int64),
    }, index=raw.index)[valid.to_numpy()]
    records["duplicate"] = raw.loc[valid.to_numpy(), "id"].duplicated(keep="first").to_numpy()
    records["outside"] = (records["day"] < policy.cycle.first_day) | \
        (records["day"] > policy.cycle.last_day)
    return teachers, records


def capped(items: pd.DataFrame, period: np.ndarray, limit: int) -> np.ndarray:
    """A cap over items in date order (then input order): each takes what the limit leaves after
    the earlier ones of its teacher and period, min(limit, S_k) - min(limit, S_k-1), S the
    running total."""
    running = items.assign(period=period).groupby(["teacher", "period"])["hours"].cumsum()
    return (np.minimum(running, limit) - np.minimum(running - items["hours"], limit)).to_numpy()


def compute(policy: Policy, teachers: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    eligible = records[~records["duplicate"] & ~records["outside"]
                       & records["status"].isin(policy.credited_statuses)]

    # Convert outcomes (the hours of their conversion's category at its rate), then gate.
    converted = (eligible["conversion"] >= 0).to_numpy()
    hours = eligible["hours"].to_numpy()
    low, high = eligible["rate_min"].to_numpy(), eligible["rate_max"].to_numpy()
    items = pd.DataFrame({
        "row": eligible["row"].to_numpy(),
        "teacher": eligible["teacher"].to_numpy(),
        "day": eligible["day"].to_numpy(),
        "category": np.where(converted, eligible["converted_category"], eligible["category"]),
        "conversion": eligible["conversion"].to_numpy(),
        "hours": np.where(converted, np.clip(hours, low, high), hours),
    })
    gate = np.isin(items["category"], policy.gate_categories) & (items["hours"] > 0)
    gated = np.zeros(len(items), dtype=bool)
    gated[gate] = (eligible["certificate"].to_numpy()[gate] == "")
    items = items[~gated]
    not_gated = eligible[~gated]

    # Per-period caps of conversions, in date order.
    first_day = policy.cycle.first_day
    semester_of_day = np.empty(policy.cycle.last_day - first_day + 1, dtype=np.int32)
    for semester in policy.semesters:
        semester_of_day[semester.first_day - first_day:semester.last_day - first_day + 1] = \
            semester.first_semester
    per_year = len(policy.semesters) // len(policy.years)
    period_of_day = {"semester": semester_of_day, "academic_year": semester_of_day // per_year,
                     "cycle": np.zeros_like(semester_of_day)}
    if policy.conversion_caps:
        items = items.sort_values(["teacher", "day", "row"], kind="stable")
        for conversion, per, limit in policy.conversion_caps:
            mine = (items["conversion"] == conversion).to_numpy()
            period = period_of_day[per][items["day"].to_numpy()[mine] - first_day]
            items.loc[mine, "hours"] = capped(items[mine], period, limit)

    # Hours per teacher, semester and category, on the full teacher x semester grid.
    categories = list(range(len(policy.categories)))
    items["semester"] = semester_of_day[items["day"].to_numpy() - first_day]
    sums = (items.groupby(["teacher", "semester", "category"])["hours"].sum()
            .unstack("category", fill_value=0)
            .reindex(columns=categories, fill_value=0))
    semesters = pd.DataFrame({
        "semester": [s.first_semester for s in policy.semesters],
        "first_day": [s.first_day for s in policy.semesters],
        "last_day": [s.last_day for s in policy.semesters]})
    grid = teachers.reset_index(names="teacher").merge(semesters, how="cross")
    employed_from = np.maximum(grid["first_day"], grid["join_day"])
    employed_to = np.where(grid["leave_day"] == NO_DAY, grid["last_day"],
                           np.minimum(grid["last_day"], grid["leave_day"]))
    employed = np.maximum(0, employed_to - employed_from + 1)
    grid["served"] = (2 * employed >= grid["last_day"] - grid["first_day"] + 1).astype(np.int64)
    grid["year"] = grid["semester"] // per_year
    grid = grid.merge(sums, how="left", left_on=["teacher", "semester"], right_index=True)
    grid[categories] = grid[categories].fillna(0).astype(np.int64)

    # Academic years and the cycle add up their semesters.
    columns = ["served", *categories]
    years = grid.groupby(["teacher", "year"], as_index=False)[columns].sum()
    cycle = grid.groupby("teacher", as_index=False)[columns].sum()
    by_period = {
        "semester": (grid, grid["semester"].to_numpy(), policy.semesters, 1),
        "academic_year": (years, years["year"].to_numpy(), policy.years, per_year),
        "cycle": (cycle, np.zeros(len(cycle), dtype=np.int64), [policy.cycle],
                  len(policy.semesters)),
    }
    index = {category: k for k, category in enumerate(policy.categories)}
    parts = []
    for rule_id, kind, minimum, rule_categories, pro_rate in policy.lines:
        frame, period_index, periods, whole = by_period[kind]
        served = frame["served"].to_numpy()
        required = (-(-minimum * served // whole) if pro_rate
                    else np.where(served > 0, minimum, 0))
        parts.append(pd.DataFrame({
            "teacher": frame["teacher"].to_numpy(),
            "rule_id": rule_id,
            "period": np.array([p.label for p in periods])[period_index],
            "served": served,
            "required": required,
            "credited": frame[[index[c] for c in rule_categories]].sum(axis=1).to_numpy(),
            "choice": False,
        }))
    for rule_id, kind, options in policy.choices:
        frame, period_index, periods, _ = by_period[kind]
        taken = not_gated[not_gated["activity"].isin(options)]
        taken = taken.assign(period=period_of_day[kind][taken["day"].to_numpy() - first_day])
        distinct = taken.groupby(["teacher", "period"])["activity"].nunique()
        key = pd.MultiIndex.from_arrays([frame["teacher"].to_numpy(), period_index])
        served = frame["served"].to_numpy()
        parts.append(pd.DataFrame({
            "teacher": frame["teacher"].to_numpy(),
            "rule_id": rule_id,
            "period": np.array([p.label for p in periods])[period_index],
            "served": served,
            "required": np.where(served > 0, 100, 0),
            "credited": distinct.reindex(key, fill_value=0).to_numpy() * 100,
            "choice": True,
        }))
    audit = pd.concat(parts, ignore_index=True)

    # met 0, short 1, not_applicable 3, conflict 4 (STATUSES); a choice expects exactly one.
    served = audit["served"].to_numpy() > 0
    choice = audit["choice"].to_numpy()
    credited, required = audit["credited"].to_numpy(), audit["required"].to_numpy()
    met = np.where(choice, credited == 100, credited >= required)
    status = np.select([~served, choice & (credited > 100), met], [3, 4, 0], default=1)
    return pd.DataFrame({
        "teacher_id": pd.Categorical(teachers["teacher_id"])[audit["teacher"].to_numpy()],
        "rule_id": pd.Categorical(audit["rule_id"]),
        "period": pd.Categorical(audit["period"]),
        "required_x100": required.astype(np.int64),
        "credited_x100": credited.astype(np.int64),
        "shortfall_x100": np.where(status == 1, required - credited, 0).astype(np.int64),
        "status": pd.Categorical.from_codes(status, STATUSES),
    })


def checksum(audit: pd.DataFrame) -> dict:
    """Per status: rows and the sums of required, credited and shortfall, in hundredths."""
    sums = audit.groupby("status", observed=False)[
        ["required_x100", "credited_x100", "shortfall_x100"]].sum()
    rows = audit["status"].value_counts()
    return {status: [int(rows.get(status, 0)), *(int(v) for v in sums.loc[status])]
            for status in STATUSES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", type=Path, required=True)
    parser.add_argument("--teachers", type=Path, required=True)
    parser.add_argument("--records", type=Path, required=True)
    parser.add_argument("--out", type=Path, help="write the audit table here (CSV)")
    parser.add_argument("--repeat", type=int, default=1, help="compute this many times; min")
    args = parser.parse_args()

    policy = Policy(args.policy)
    started = time.perf_counter()
    teachers, records = load(policy, args.teachers, args.records)
    load_seconds = time.perf_counter() - started
    compute_seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        audit = compute(policy, teachers, records)
        compute_seconds.append(time.perf_counter() - started)
    if args.out:
        audit.to_csv(args.out, index=False)
    json.dump({"peer": "pandas", "threads": 1, "load_seconds": load_seconds,
               "compute_seconds": min(compute_seconds), "rows": len(audit),
               "records": len(records), "checksum": checksum(audit)}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
