"""A ledger: the teachers and records the engine validated, as DataFrames."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core
from ._common import RECORD_STATUSES, _dates, _hours_text, _interned, _messages

if TYPE_CHECKING:
    from ._policy import Policy

class Ledger:
    """Validated teachers and records, as the engine holds them. Immutable."""

    def __init__(self, core: _core.Ledger, policy: Policy) -> None:
        self._core = core
        self.policy = policy

    @property
    def teacher_count(self) -> int:
        return self._core.teacher_count

    @property
    def record_count(self) -> int:
        """Records read (invalid rows are messages, not records)."""
        return self._core.record_count

    @property
    def files(self) -> list[str]:
        return self._core.files

    @property
    def intake_counts(self) -> dict[str, int]:
        """Dispositions known before evaluation, invalid rows included: credited (still to be
        judged), outside, duplicate, invalid. Whether a record's status counts (uncertified),
        whether a gate or cap stops it, is the audit's to say."""
        return self._core.intake_counts

    @property
    def messages(self) -> pd.DataFrame:
        """Every problem with a row, in input order: severity, file, line, path (the column),
        message, and text as the command line prints it. For a DataFrame, line N is row N - 1."""
        return _messages(self._core.diagnostics)

    @property
    def teachers(self) -> pd.DataFrame:
        """The teachers read, in input order: id, dates, periods of leave of absence (`leave`,
        as teachers.csv writes them: "2019-03-01..2019-06-30;..."), source line, attributes."""
        columns = self._core.teacher_columns()
        frame = pd.DataFrame({
            "id": columns["id"],
            "birth_date": _dates(columns["birth_day"]),
            "join_date": _dates(columns["join_day"]),
            "leave_date": _dates(columns["leave_day"]),
            "leave": _absences(columns),
            "line": columns["line"],
        })
        for name, values in columns["attributes"].items():
            frame[name] = values
        return frame

    @property
    def records(self) -> pd.DataFrame:
        """The records read, grouped by teacher in the engine's order (ledger.hpp's
        RecordColumns: by date within a teacher, or input order since the core's faster
        intake), with every column of records.csv: hours_h100 and attended_h100 (<NA>: not recorded) in hundredths of an hour,
        categoricals for category, status, activity, outcome, level, assessment and counts_as
        (NaN where the cell was empty), count (1 when not given), certificate (text), exempted
        (bool), split as "school:10.00;self:5.00" ("" when not split)."""
        return _records_frame(self._core, self.policy)

    def __repr__(self) -> str:
        return f"<yanxiu.Ledger {self.teacher_count} teachers, {self.record_count} records>"


def _records_frame(ledger: _core.Ledger, policy: Policy) -> pd.DataFrame:
    columns = ledger.record_columns()
    files = ledger.files
    categories = list(policy.categories["id"])
    attended = pd.array(columns["attended_h100"].astype(np.int64), dtype="Int64")
    attended[columns["attended_h100"] < 0] = pd.NA
    split = np.full(len(columns["id"]), "", dtype=object)
    first, count = columns["split_first"], columns["split_count"]
    for row in np.flatnonzero(count > 0):
        portions = range(first[row], first[row] + count[row])
        split[row] = ";".join(f"{categories[columns['split_category'][p]]}:"
                              f"{_hours_text(columns['split_hours_h100'][p])}" for p in portions)
    return pd.DataFrame({
        "id": columns["id"],
        "teacher_id": pd.Categorical.from_codes(columns["teacher"],
                                                categories=ledger.teacher_ids()),
        "date": _dates(columns["start_day"]),
        "end_date": _dates(columns["end_day"]),
        "hours_h100": columns["hours_h100"].astype(np.int64),
        "category": pd.Categorical.from_codes(columns["category"], categories=categories),
        "status": pd.Categorical.from_codes(columns["status"], categories=RECORD_STATUSES),
        "activity": _interned(columns["activity"]),
        "count": columns["count"],
        "outcome": _interned(columns["outcome"]),
        "level": _interned(columns["level"]),
        "certificate": columns["certificate"],
        "attended_h100": attended,
        "assessment": _interned(columns["assessment"]),
        "counts_as": pd.Categorical.from_codes(columns["counts_as"], categories=categories),
        "exempted": columns["exempted"].astype(bool),
        "split": split,
        "file": pd.Categorical.from_codes(columns["file"].astype(np.int32), categories=files),
        "line": columns["line"],
    })


def _absences(columns: dict[str, Any]) -> np.ndarray:
    """Each teacher's periods of leave of absence as teachers.csv writes them,
    "2019-03-01..2019-06-30;2020-09-01..2020-12-31" ("" for none)."""
    begin = np.asarray(columns["absence_begin"])
    text = np.full(len(begin) - 1, "", dtype=object)
    first = _dates(columns["absence_first_day"]).astype("datetime64[D]").astype(str)
    last = _dates(columns["absence_last_day"]).astype("datetime64[D]").astype(str)
    for teacher in np.flatnonzero(np.diff(begin) > 0):
        text[teacher] = ";".join(f"{first[a]}..{last[a]}"
                                 for a in range(begin[teacher], begin[teacher + 1]))
    return text
