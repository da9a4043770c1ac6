"""A ledger: the teachers and records the engine validated, as DataFrames."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core
from ._common import (RECORD_STATUSES, _dates, _forwarded, _hours_text, _interned, _messages,
                      _rows)
from ._inputs import Source

if TYPE_CHECKING:
    from ._policy import Policy

ON_REJECTED = ("raise", "warn", "ignore")
# More than half of a table rejected is a format problem (a label, an id type), not bad rows.
MAX_REJECTED = 0.5


class RejectedRowsError(_core.InputError):
    """More of a table's rows were rejected than `max_rejected` allows (Policy.ledger): an audit
    of what is left would look normal and be wrong. `ledger` holds what was read, `counts` the
    rows rejected and read per table."""
    ledger: Ledger
    counts: dict[str, tuple[int, int]]


class RejectedRowsWarning(UserWarning):
    """on_rejected="warn": more rows rejected than max_rejected allows, audited anyway."""

class Ledger:
    """Validated teachers and records, as the engine holds them. Immutable."""

    def __init__(self, core: _core.Ledger, sources: Mapping[str, Source] = {},  # noqa: B006
                 *, policy: Policy) -> None:
        self._core = core
        self.policy = policy
        self._sources = dict(sources)

    teacher_count = _forwarded("teacher_count")
    record_count = _forwarded(
        "record_count",
        "Records read (invalid rows are messages, not records).")
    files = _forwarded("files")
    intake_counts = _forwarded(
        "intake_counts",
        "Dispositions known before evaluation, invalid rows included: credited (still to "
        "be judged), outside, duplicate, invalid. Whether a record's status counts "
        "(uncertified), whether a gate or cap stops it, is the audit's to say.")

    @property
    def messages(self) -> pd.DataFrame:
        """Every problem with a row, in input order: severity, source (the path, or for a
        DataFrame "teachers"/"records" or read_excel's file and sheet), row (the spreadsheet row,
        header = 1: a CSV file's line, a DataFrame's position + 2, the sheet's row for
        read_excel; <NA> for the table as a whole), index (the DataFrame's index label; None
        for a file), path (the column), message, and text as the command line prints it (a
        DataFrame's rows as "records row 3 (index 1)")."""
        return _messages(self._core.diagnostics, self._sources)

    @property
    def rejected(self) -> dict[str, tuple[int, int]]:
        """Rows rejected and rows read, per table: {"teachers": (0, 300), "records": (17925,
        17925)}."""
        counts = self._core.intake_counts
        teachers = self._core.invalid_teacher_rows
        return {"teachers": (teachers, teachers + self._core.teacher_count),
                "records": (counts["invalid"], sum(counts.values()))}

    def _check_rejected(self, max_rejected: float, on_rejected: str) -> None:
        """Raises RejectedRowsError (or warns) when a table's share of rejected rows is above
        max_rejected."""
        if on_rejected not in ON_REJECTED:
            raise ValueError(f"unknown on_rejected {on_rejected!r}; one of "
                             f"{', '.join(ON_REJECTED)}")
        if not 0 <= max_rejected <= 1:
            raise ValueError("max_rejected is a share of rows, 0 to 1")
        over = {table: (bad, read) for table, (bad, read) in self.rejected.items()
                if read and bad / read > max_rejected}
        if not over or on_rejected == "ignore":
            return
        messages = self.messages
        errors = messages[messages["severity"] == "error"]
        columns = errors["path"].replace("", "(row)").value_counts().head(3)
        text = "; ".join(
            f"{table}: {bad} of {read} rows rejected ({bad / read:.0%})" for table, (bad, read)
            in over.items())
        text += (f", more than max_rejected={max_rejected:g}. Most by column: " +
                 ", ".join(f"{column} {count}" for column, count in columns.items()) +
                 (f". First: {errors['text'].iloc[0]}" if len(errors) else "") +
                 '. Ledger.messages lists them all (on_rejected="warn" or "ignore" to go on).')
        if on_rejected == "warn":
            warnings.warn(text, RejectedRowsWarning, stacklevel=4)
            return
        error = RejectedRowsError(text)
        first = errors.iloc[0] if len(errors) else None
        error.file = "" if first is None else str(first["source"])
        error.line = 0 if first is None or pd.isna(first["row"]) else int(first["row"])
        error.path = "" if first is None else str(first["path"])
        error.message, error.diagnostics = text, self._core.diagnostics
        error.ledger, error.counts = self, over
        raise error


    @property
    def teachers(self) -> pd.DataFrame:
        """The teachers read, in input order: id, dates, periods of leave of absence (`leave`,
        as teachers.csv writes them: "2019-03-01..2019-06-30;..."), row (spreadsheet row, header
        = 1, as in messages), attributes."""
        columns = self._core.teacher_columns()
        frame = pd.DataFrame({
            "id": columns["id"],
            "birth_date": _dates(columns["birth_day"]),
            "join_date": _dates(columns["join_day"]),
            "leave_date": _dates(columns["leave_day"]),
            "leave": _absences(columns),
            "row": _teacher_rows(self._sources, columns["line"]),
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
        return _records_frame(self._core, self.policy, self._sources)

    def __repr__(self) -> str:
        rejected = ", ".join(f"{bad} of {read} {table} rows rejected"
                             for table, (bad, read) in self.rejected.items() if bad)
        return (f"<yanxiu.Ledger {self.teacher_count} teachers, {self.record_count} records"
                f"{'; ' + rejected if rejected else ''}>")


def _teacher_rows(sources: Mapping[str, Source], lines: Any) -> np.ndarray:
    """The teachers' spreadsheet rows (header = 1) from the engine's lines."""
    source = sources.get("teachers")
    lines = np.asarray(lines, dtype=np.int64)
    return lines if source is None else lines + (source.row(1) - 1)


def _where(sources: Mapping[str, Source], files: list[str], file_codes: Any,
           lines: Any) -> dict[str, Any]:
    """`source` (categorical: what the user passed) and `row` (spreadsheet row, header = 1)
    columns of rows the engine knows by file index and line."""
    codes = np.asarray(file_codes, dtype=np.int32)
    shown, rows, _labels = _rows(sources, files, [1] * len(files))
    offset = np.array([int(row) - 1 for row in rows], dtype=np.int64)
    return {"source": pd.Categorical.from_codes(codes, categories=list(dict.fromkeys(shown)))
            if len(set(shown)) == len(shown) else np.asarray(shown, dtype=object)[codes],
            "row": np.asarray(lines, dtype=np.int64) + (offset[codes] if len(files) else 0)}


def _records_frame(ledger: _core.Ledger, policy: Policy,
                   sources: Mapping[str, Source]) -> pd.DataFrame:
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
        **_where(sources, files, columns["file"], columns["line"]),
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
