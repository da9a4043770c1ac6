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
    values = ["status", "required_x100", "credited_x100", "shortfall_x100"]
    left, right = a.to_pandas(), b.to_pandas()
    if _same_rows(left, right):
        differs = np.zeros(len(left), dtype=bool)
        for column in values:
            differs |= np.asarray(left[column] != right[column])
        # The keys stay categoricals, as in to_pandas.
        merged = pd.DataFrame({key: left[key].array[differs] for key in keys})
        merged["rule_kind"] = left["rule_kind"].array[differs]
        for column in values:
            merged[column + first] = left[column][differs].to_numpy()
            merged[column + second] = right[column][differs].to_numpy()
    else:
        # Rule and period categories may differ between the policies: join on their text.
        sides = [pd.DataFrame({**{key: frame[key].astype(object) for key in keys},
                               "rule_kind": frame["rule_kind"].astype(object),
                               "status": frame["status"].astype(object),
                               **{column: frame[column].astype("Int64") for column in values[1:]}})
                 for frame in (left, right)]
        merged = sides[0].merge(sides[1], on=keys, how="outer", suffixes=(first, second))
        differs = np.zeros(len(merged), dtype=bool)
        for column in values:
            ours, theirs = merged[column + first], merged[column + second]
            differs |= (ours != theirs).fillna(True).to_numpy(dtype=bool)
            differs |= ours.isna().to_numpy() | theirs.isna().to_numpy()
        merged = merged[differs].reset_index(drop=True)
        # A rule keeps its kind in a what-if; where only the second audit has it, take its.
        merged["rule_kind"] = merged["rule_kind" + first].fillna(merged["rule_kind" + second])
        # Categoricals as in to_pandas: both sides' ids, periods in the first audit's order.
        for key in keys:
            categories = list(dict.fromkeys([*left[key].cat.categories,
                                             *right[key].cat.categories]))
            merged[key] = pd.Categorical(merged[key], categories=categories,
                                         ordered=key == "period")
    for column in values[1:]:
        for suffix in (first, second):
            merged[column + suffix] = merged[column + suffix].astype("Int64")
    for suffix in (first, second):
        merged["status" + suffix] = pd.Categorical(merged["status" + suffix], categories=STATUSES)
    merged["rule_kind"] = pd.Categorical(merged["rule_kind"], categories=RULE_KINDS)
    return merged[keys[:2] + ["rule_kind", keys[2]] +
                  [column + suffix for column in values for suffix in (first, second)]]


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


def _same_rows(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    """Whether two audit frames list the same verdicts in the same order."""
    if len(left) != len(right):
        return False
    for column in ("teacher_id", "rule_id", "period"):
        ours, theirs = left[column].cat, right[column].cat
        if not ours.categories.equals(theirs.categories) \
                or not np.array_equal(ours.codes, theirs.codes):
            return False
    return True
