"""Duties of groups of teachers and of schools (the policy's "subjects"): each research group's
activities, each school's share of its budget spent on training."""

from __future__ import annotations

import io
import os
from typing import NamedTuple, Optional, Union

import pandas as pd

from . import _core
from ._common import _messages
from ._inputs import Table
from ._ledger import Ledger
from ._policy import Policy

_NO_RECORDS = "id,teacher_id,date,hours,category\n"


class SubjectAudit(NamedTuple):
    """What audit_subjects returns: one row per group or school x rule x period
    (subject_kind, subject_id, rule_id, period, period_start, period_end, required, credited,
    shortfall, status; amounts as the text the command line prints, exact), and the messages
    about the input rows."""
    audit: pd.DataFrame
    messages: pd.DataFrame


def _csv_text(table: Optional[Table]) -> Optional[str]:
    """A table as CSV text: a DataFrame or dict of columns, a path, or text with a line break."""
    if table is None:
        return None
    if isinstance(table, str) and "\n" in table:
        return table
    if isinstance(table, (str, os.PathLike)):
        with open(table, encoding="utf-8") as file:
            return file.read()
    return pd.DataFrame(table).to_csv(index=False)


def _teachers(policy: Policy, teachers: Union[Table, Ledger]) -> Ledger:
    return teachers if isinstance(teachers, Ledger) else policy.ledger(teachers, _NO_RECORDS)


def audit_subjects(policy: Policy, teachers: Union[Table, Ledger],
                   group_records: Optional[Table] = None,
                   schools: Optional[Table] = None) -> SubjectAudit:
    """Judges the policy's group and school rules (`yanxiu subjects`). `teachers` as for
    Policy.ledger (its column named by a group kind's `by` gives each teacher's group), or a
    Ledger; `group_records` a records table whose `group` column names the group; `schools`
    one row per school (and year) with the figures the school rules read, in yuan (text cells
    keep them exact: read such a file with dtype=str). Raises InputError when a table the
    rules need is missing or lacks a column."""
    ledger = _teachers(policy, teachers)
    text, diagnostics = _core.subjects_audit(policy._core, ledger._core,
                                             _csv_text(group_records), _csv_text(schools))
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return SubjectAudit(frame, _messages(diagnostics))


def explain_subject(policy: Policy, teachers: Union[Table, Ledger], *,
                    group: Optional[str] = None, school: Optional[str] = None,
                    group_records: Optional[Table] = None,
                    schools: Optional[Table] = None) -> str:
    """One group's (`group=`) or school's (`school=`) verdicts with what they rest on, as
    `yanxiu subjects --group` prints them. Raises KeyError for a group or school not judged."""
    if (group is None) == (school is None):
        raise ValueError("give group= or school=, one of them")
    ledger = _teachers(policy, teachers)
    text = _core.subjects_explain(policy._core, ledger._core, _csv_text(group_records),
                                  _csv_text(schools), group, school)
    if text is None:
        raise KeyError(group if group is not None else school)
    return text
