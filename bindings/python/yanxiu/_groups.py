"""Groups: workshops, quality groups, campus areas, clusters (the policy's "groups")."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from typing import NamedTuple, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._audit import Audit
from ._common import _messages
from ._inputs import Table
from ._ledger import Ledger
from ._policy import Policy

_NO_RECORDS = "id,teacher_id,date,hours,category\n"
_ASSIGNMENT_COLUMNS = ["teacher_id", "group_kind", "group_id"]


class GroupAssignment(NamedTuple):
    """What groups_assign returns: the placements (teacher_id, group_kind, group_id, the shape
    groups_assign and groups_audit read back), the teachers that fit no group with the reason
    (teacher_id, group_kind, reason, note), the seats and groups missing per pool (group_kind,
    pool, teachers, placed, missing_seats, groups_needed), and the messages about the current
    assignment and the kinds no teacher can join."""
    assignment: pd.DataFrame
    unplaced: pd.DataFrame
    shortfalls: pd.DataFrame
    messages: pd.DataFrame


def _group_ledger(policy: Policy, teachers: Union[Table, Ledger]) -> Ledger:
    return teachers if isinstance(teachers, Ledger) else policy.ledger(teachers, _NO_RECORDS)


def _assignment_text(assignment: Optional[Table]) -> str:
    """An assignment as CSV text: a DataFrame or dict of its three columns, a path, or text."""
    if assignment is None:
        return ",".join(_ASSIGNMENT_COLUMNS) + "\n"
    if isinstance(assignment, str) and "\n" in assignment:
        return assignment
    if isinstance(assignment, (str, os.PathLike)):
        with open(assignment, encoding="utf-8") as file:
            return file.read()
    return pd.DataFrame(assignment)[_ASSIGNMENT_COLUMNS].to_csv(index=False)


def _csv_frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def groups_assign(policy: Policy, teachers: Union[Table, Ledger],
                  current: Optional[Table] = None) -> GroupAssignment:
    """Places every eligible teacher in a group of each kind that admits them, within capacity
    (`yanxiu groups assign`). `teachers` as for Policy.ledger (no records needed), or a Ledger;
    `current` the assignment in force (a DataFrame with teacher_id, group_kind, group_id, a CSV
    path or text): its members stay where they are, so adding teachers moves no one. Raises
    InputError for a current row with an empty cell."""
    ledger = _group_ledger(policy, teachers)
    placed, unplaced, shortfalls, diagnostics = _core.groups_assign(
        policy._core, ledger._core, _assignment_text(current))
    frames = [_csv_frame(text) for text in (placed, unplaced, shortfalls)]
    for column in ("teachers", "placed", "missing_seats", "groups_needed"):
        frames[2][column] = frames[2][column].astype(np.int64)
    return GroupAssignment(*frames, _messages(diagnostics))


def groups_audit(policy: Policy, teachers: Union[Table, Ledger],
                 assignment: Table) -> pd.DataFrame:
    """The findings of an assignment (`yanxiu groups audit`): finding (over_capacity,
    ineligible, unassigned, empty, unknown, duplicate), group_kind, group_id, teacher_id,
    detail."""
    ledger = _group_ledger(policy, teachers)
    return _csv_frame(_core.groups_audit(policy._core, ledger._core, _assignment_text(assignment)))


def groups_assess(audit: Audit, assignment: Table) -> pd.DataFrame:
    """Each group's figures for its leader's assessment (S0.13, `yanxiu groups assess`) from an
    audit: subject_id (the group id), metric, value (a Decimal) — the metrics a rubric reads."""
    frame = _csv_frame(_core.groups_assess(audit._core, _assignment_text(assignment)))
    frame["value"] = [Decimal(v) for v in frame["value"]]
    return frame
