"""Two audits of one county side by side: the verdicts that differ, and a policy's impact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._audit import Audit
from ._common import RULE_KINDS, STATUSES
from ._inputs import Table
from ._policy import Policy

def compare(a: Audit, b: Audit, names: Sequence[str] = ("a", "b")) -> pd.DataFrame:
    """The verdicts that differ between two audits of the same county (a what-if, or the same
    policy as certified and as submitted): one row per teacher, rule and period whose status or
    amounts differ, or that only one audit has, with the rule's kind and status, required,
    credited and shortfall from each side (columns suffixed `_a`, `_b` or the given names).
    Amounts stay exact: nullable Int64 hundredths of the rule's unit (hours for quota,
    activities for count and choice), <NA> where a side lacks the verdict. teacher_id, rule_id
    and period are categoricals as in Audit.to_pandas (period ordered)."""
    first, second = (f"_{name}" for name in names)
    keys = ["teacher_id", "rule_id", "period"]
    amounts = ["required_x100", "credited_x100", "shortfall_x100"]
    left, right = a.to_pandas(copy=False), b.to_pandas(copy=False)
    # Teachers, rules and periods may differ between the audits (a removed part, another
    # county's roster): each key as a code into both sides' categories, one int64 per verdict.
    categories = {key: pd.Index(list(dict.fromkeys([*left[key].cat.categories,
                                                     *right[key].cat.categories])))
                  for key in keys}
    codes = [_verdict_keys(frame, keys, categories) for frame in (left, right)]
    # Each left row's row on the right (-1: none), then the rows only the right has.
    position = pd.Index(codes[1]).get_indexer(codes[0])
    only_right = np.ones(len(right), dtype=bool)
    only_right[position[position >= 0]] = False
    rows = [np.concatenate([np.arange(len(left)), np.full(only_right.sum(), -1)]),
            np.concatenate([position, np.flatnonzero(only_right)])]
    sides = [_taken(frame, row, amounts) for frame, row in zip((left, right), rows)]
    differs = (sides[0]["status"] != sides[1]["status"]) | (sides[0]["status"] < 0) \
        | (sides[1]["status"] < 0)
    for column in amounts:
        differs |= sides[0][column] != sides[1][column]
    picked = [row[differs] for row in rows]
    merged = {}
    for key in keys:
        side_codes = [np.where(row >= 0, _recoded(frame[key], categories[key])[
            np.maximum(row, 0)], -1) for frame, row in zip((left, right), picked)]
        merged[key] = pd.Categorical.from_codes(
            np.where(side_codes[0] >= 0, side_codes[0], side_codes[1]),
            categories=categories[key], ordered=key == "period")
    # A rule keeps its kind in a what-if; where only the second audit has it, take its.
    kinds = [np.where(row >= 0, np.asarray(frame["rule_kind"].cat.codes)[np.maximum(row, 0)],
                      -1) for frame, row in zip((left, right), picked)]
    merged["rule_kind"] = pd.Categorical.from_codes(np.where(kinds[0] >= 0, kinds[0], kinds[1]),
                                                    categories=RULE_KINDS)
    for column in ["status", *amounts]:
        for side, suffix in zip(sides, (first, second)):
            values = side[column][differs]
            missing = side["status"][differs] < 0
            merged[column + suffix] = (
                pd.Categorical.from_codes(values, categories=STATUSES) if column == "status"
                else pd.arrays.IntegerArray(np.where(missing, 0, values), missing))
    order = keys[:2] + ["rule_kind", keys[2]] + [column + suffix for column in
                                                 ["status", *amounts]
                                                 for suffix in (first, second)]
    return pd.DataFrame(merged)[order]


def _recoded(column: pd.Series, categories: pd.Index) -> np.ndarray:
    """A categorical column's codes into `categories` (a superset of its own)."""
    mapping = categories.get_indexer(column.cat.categories)
    return mapping[np.asarray(column.cat.codes)]


def _verdict_keys(frame: pd.DataFrame, keys: list[str],
                  categories: dict[str, pd.Index]) -> np.ndarray:
    """teacher, rule and period as one int64 per verdict, unique within an audit."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        combined = combined * len(categories[key]) + _recoded(frame[key], categories[key])
    return combined


def _taken(frame: pd.DataFrame, row: np.ndarray, amounts: list[str]) -> dict[str, np.ndarray]:
    """A side's status codes and amounts at `row` (-1: the side lacks the verdict; status
    -1, amounts 0)."""
    present = row >= 0
    safe = np.maximum(row, 0)
    taken = {"status": np.where(present, np.asarray(frame["status"].cat.codes)[safe], -1)}
    for column in amounts:
        taken[column] = np.where(present, np.asarray(frame[column])[safe], 0)
    return taken


class Impact(NamedTuple):
    """How a county's verdicts change from one policy to another (`yanxiu diff`). A teacher is
    compliant when none of their verdicts is short or a conflict.

    rules: rule_id, rule_kind, in_before, in_after, teachers_changed (teachers with a verdict of
    the rule whose status differs), teachers_short_before/_after, shortfall_before/after_x100
    (hundredths of the rule's unit). groups: one row per value of the grouping attribute
    (column named after it), with teachers, compliant_before/_after, became_compliant,
    became_noncompliant and hours_short_before/after_x100 (quota rows' shortfalls summed).
    flips: the teachers whose compliance changes, with the rule ids that changed."""
    teachers: int
    rules: pd.DataFrame
    groups: pd.DataFrame
    flips: pd.DataFrame
    only_before: list[str]
    only_after: list[str]
    text: str

    def __str__(self) -> str:
        return self.text


def diff(before: Union[Audit, Policy], after: Union[Audit, Policy],
         teachers: Optional[Table] = None, records: Optional[Table] = None, *,
         by: str = "school", as_of: Any = None, basis: str = "certified",
         max_flips: int = 50) -> Impact:
    """The impact of policy `after` against policy `before` on one county: two Audits, or two
    Policies with the county's teachers and records (each policy reads them, so the two may
    differ in categories or attributes). Teachers are matched by id, verdicts by rule id and
    period. `by` names the teacher attribute the group table is by; `max_flips` bounds the
    teachers listed in `text` (0: all)."""
    if isinstance(before, Policy) and isinstance(after, Policy):
        if teachers is None or records is None:
            raise TypeError("diff of two policies needs the county's teachers and records")
        before = before.audit(teachers, records, as_of=as_of, basis=basis)
        after = after.audit(teachers, records, as_of=as_of, basis=basis)
    elif not (isinstance(before, Audit) and isinstance(after, Audit)):
        raise TypeError("diff takes two Audits, or two Policies with teachers and records")
    elif teachers is not None or records is not None:
        raise TypeError("diff of two audits takes no teachers or records")
    if max_flips < 0:
        raise ValueError("max_flips must be 0 (all) or more")
    result = _core.compare_audits(before._core, after._core, by, max_flips)
    rules = pd.DataFrame(result["rules"])
    rules["rule_kind"] = pd.Categorical(rules["rule_kind"], categories=RULE_KINDS)
    groups = pd.DataFrame(result["groups"]).rename(columns={"group": by or "group"})
    flips = pd.DataFrame(result["flips"]).rename(columns={"group": by or "group"})
    for frame in (rules, groups, flips):
        for column in frame.columns:
            if column.endswith("_x100") or column.startswith(("teachers", "compliant", "became")):
                frame[column] = frame[column].astype("int64")
    return Impact(result["teachers"], rules, groups, flips, list(result["only_before"]),
                  list(result["only_after"]), result["text"])
