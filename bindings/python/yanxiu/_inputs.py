"""Teachers and records tables into a ledger: DataFrames, dicts of numpy columns, CSV paths, or
CSV text.

Every column is handed to the engine in the form it can read without a Python object per row
where the data allows: day numbers as int32, hundredths as int64, categoricals as codes plus
categories. Text columns (object arrays) are read cell by cell by the engine, which judges each
cell exactly as the CSV reader judges the same text.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import decimal
import io
import os
import warnings
from collections.abc import Mapping
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._progress import ProgressFn

Table = Union[pd.DataFrame, Mapping[str, Any], str, "os.PathLike[str]"]

# Besides None and float NaN, these objects count as an empty cell.
_MISSING = (pd.NA, pd.NaT)

_TEACHER_DATES = ("birth_date", "join_date", "leave_date")
_RECORD_DATES = ("date", "end_date", "recorded_at")
# Every column records.csv may have (docs/policy-format.md, "Inputs the policy judges"), and
# hours_h100 instead of hours.
_RECORD_COLUMNS = {"id", "teacher_id", "date", "end_date", "hours", "hours_h100", "category",
                   "activity", "outcome", "level", "count", "certificate", "status", "attended",
                   "assessment", "counts_as", "exempted", "split", "recorded_at"}


# Rules for hours with more than two decimals (40/60 h from a spreadsheet), by name.
HOURS_ROUNDING = {"half_up": decimal.ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN}
TIME_OF_DAY = ("error", "drop")
# A frame's attrs key, set by read_excel: how to name its rows ({"name": ..., "first_row": ...}).
SOURCE_ATTR = "yanxiu_source"


@dataclasses.dataclass(frozen=True)
class Intake:
    """How the Python layer prepares a DataFrame's cells before the engine judges them."""
    hours_rounding: Optional[str] = None
    time_of_day: str = "error"

    def __post_init__(self) -> None:
        if self.hours_rounding is not None and self.hours_rounding not in HOURS_ROUNDING:
            raise ValueError(f"unknown hours_rounding {self.hours_rounding!r}; one of None, "
                             f"{', '.join(HOURS_ROUNDING)}")
        if self.time_of_day not in TIME_OF_DAY:
            raise ValueError(f"unknown time_of_day {self.time_of_day!r}; one of "
                             f"{', '.join(TIME_OF_DAY)}")


@dataclasses.dataclass(frozen=True)
class Source:
    """A table given as a DataFrame or dict, as the user knows it: the engine names its rows
    `name:line` (line 1 the first row); `shown` is what the user passed, `first_row` the
    spreadsheet row of the first data row (2: the header is row 1; read_excel: the sheet's),
    `index` the frame's index labels."""
    name: str
    shown: str
    first_line: int
    first_row: int
    index: pd.Index

    def row(self, line: int) -> int:
        return self.first_row + line - self.first_line

    def label(self, line: int) -> Any:
        position = line - self.first_line
        return self.index[position] if 0 <= position < len(self.index) else None


def build_ledger(policy: _core.Policy, teachers: Table, records: Table,
                 intake: Intake = Intake(), encoding: str = "utf-8",
                 progress: Optional[ProgressFn] = None) -> tuple[_core.Ledger, dict[str, Source]]:
    """The engine's ledger, and the DataFrame sources by the engine's name for them; CSV files
    are read in `encoding`, each told to `progress` as it is read."""
    builder = _core.LedgerBuilder(policy, encoding)
    if progress is not None:
        builder.set_progress(progress)
    sources: dict[str, Source] = {}
    categories = [category["id"] for category in policy.categories]
    _add(builder, teachers, "teachers", intake, sources, categories)
    _add(builder, records, "records", intake, sources, categories)
    return builder.build(), sources


def frame_source(table: Any, name: str, first_line: int) -> Source:
    attrs = getattr(table, "attrs", None) or {}
    given = attrs.get(SOURCE_ATTR, {})
    index = table.index if isinstance(table, pd.DataFrame) else pd.RangeIndex(
        len(next(iter(table.values()), [])))
    return Source(name, given.get("name", name.strip("<>")), first_line,
                  given.get("first_row", 2), index)


def read_score_table(sheet: _core.ScoreSheet, table: Table, kind: str,
                     sources: dict[str, Source]) -> None:
    """Scores or metrics (`kind`) into a sheet: a CSV path, CSV text, or a DataFrame or dict of
    columns, which is written as CSV text named `<kind>` so that the engine judges each cell as
    the command line does (a DataFrame's row i is line i + 2, after the header; its Source in
    `sources` names it as the user knows it)."""
    read_text = sheet.read_scores_text if kind == "scores" else sheet.read_metrics_text
    if isinstance(table, str) and "\n" in table:
        read_text(table, f"<{kind}>")
    elif isinstance(table, (str, os.PathLike)):
        read = sheet.read_scores if kind == "scores" else sheet.read_metrics
        read(os.fspath(table))
    elif isinstance(table, (pd.DataFrame, Mapping)):
        columns = {name: _ids(values) for name, values in _named_columns(table, kind).items()}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(zip(*([_cell(value) for value in values]
                               for values in columns.values())))
        read_text(buffer.getvalue(), f"<{kind}>")
        sources[f"<{kind}>"] = frame_source(table, f"<{kind}>", 2)
    else:
        raise TypeError(f"{kind}: expected a DataFrame, a dict of columns, a CSV path or CSV "
                        f"text, not {type(table).__name__}")


def _cell(value: Any) -> str:
    """A value as a CSV file would hold it: floats by their shortest text (2.5, not
    2.5000000001), which the engine accepts only with at most two decimals; booleans as yes and
    no; missing values as an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return "" if np.isnan(value) else repr(float(value))
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def _add(builder: _core.LedgerBuilder, table: Table, kind: str, intake: Intake,
         sources: dict[str, Source], categories: list[str]) -> None:
    if isinstance(table, str) and "\n" in table:
        read_text = builder.read_teachers_text if kind == "teachers" else builder.read_records_text
        read_text(table, f"<{kind}>")
    elif isinstance(table, (str, os.PathLike)):
        read = builder.read_teachers if kind == "teachers" else builder.read_records
        read(os.fspath(table))
    elif isinstance(table, (pd.DataFrame, Mapping)):
        source = frame_source(table, kind, 1)
        sources[kind] = source
        if kind == "teachers":
            columns = _teacher_columns(table, intake)
            _check_columns(source, columns, [("id",)])
            builder.add_teachers(kind, columns, _MISSING)
        else:
            columns = _record_columns(table, intake, source, categories)
            _check_columns(source, columns, [("teacher_id",), ("date",), ("hours", "hours_h100"),
                                             ("category",)])
            builder.add_records(kind, columns, _MISSING)
    else:
        raise TypeError(f"{kind}: expected a DataFrame, a dict of columns, a CSV path or CSV "
                        f"text, not {type(table).__name__}")


def _named_columns(table: pd.DataFrame | Mapping[str, Any], kind: str) -> dict[str, Any]:
    """The table's columns by the names yanxiu reads, header aliases taken as the CSV reader
    takes them ("教师编号" is "teacher_id", "Hours" is "hours": docs/policy-format.md, "Column
    names")."""
    if isinstance(table, pd.DataFrame):
        if len(set(map(str, table.columns))) != len(table.columns):
            raise ValueError(f"{kind}: column names must be unique")
        named = [(str(name), table[name]) for name in table.columns]
    else:
        named = [(str(name), values) for name, values in table.items()]
        lengths = {name: len(values) for name, values in named}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"{kind}: columns differ in length: {lengths}")
    columns: dict[str, Any] = {}
    given: dict[str, str] = {}
    for name, values in named:
        canonical = _core.canonical_column_name(name) or name
        if canonical in columns:
            raise ValueError(f'{kind}: columns "{given[canonical]}" and "{name}" both name '
                             f'"{canonical}"')
        columns[canonical], given[canonical] = values, name
    return columns


def _check_columns(source: Source, columns: Mapping[str, Any],
                   required: list[tuple[str, ...]]) -> None:
    """Every required column absent, in one InputError (the engine stops at the first); each
    entry of `required` names a column and its alternatives (hours or hours_h100)."""
    absent = [f'"{names[0]}"' for names in required if not any(name in columns for name in names)]
    if absent:
        message = (f"missing required column{'s' if len(absent) > 1 else ''} "
                   f"{', '.join(absent)}")
        error = _core.InputError(f"{source.shown}: error: {message} (the table has: "
                                 f"{', '.join(map(str, columns)) or 'no columns'})")
        error.file, error.line, error.path, error.message = source.shown, 0, "", message
        error.diagnostics = []
        raise error


def _teacher_columns(table: pd.DataFrame | Mapping[str, Any], intake: Intake) -> dict[str, Any]:
    columns = {}
    for name, values in _named_columns(table, "teachers").items():
        columns[name] = _days(values, intake) if name in _TEACHER_DATES else _ids(values)
    return columns


def _record_columns(table: pd.DataFrame | Mapping[str, Any], intake: Intake, source: Source,
                    categories: list[str]) -> dict[str, Any]:
    columns = {}
    named = _named_columns(table, "records")
    if "id" not in named:
        # Stable: the same row of the same table gets the same id, "row-" and its row number.
        rows = len(source.index)
        named = {"id": np.array([f"row-{source.first_row + i}" for i in range(rows)],
                                dtype=object), **named}
    for name, values in named.items():
        if name not in _RECORD_COLUMNS:
            warnings.warn(f"records: column {name!r} is not used by records; it is ignored",
                          stacklevel=5)
            continue
        if name in _RECORD_DATES:
            columns[name] = _days(values, intake)
        elif name in ("hours", "attended"):
            columns[name] = _hours(values, name, intake)
        elif name == "hours_h100":
            columns[name] = _whole_numbers(values, name)
        elif name == "count":
            columns[name] = _numbers_or_text(_whole_floats(values), name)
        elif name == "category":
            columns[name] = _category_indices(_whole_floats(values), categories)
        elif name == "exempted":
            columns[name] = _flags(values)
        else:
            columns[name] = _ids(values)
    return columns


def _whole_floats(values: Any) -> Any:
    """Floats that are all whole numbers or NaN (a numeric spreadsheet column with one blank
    cell reads as float64) as the integers they are: int64, or objects with None for NaN."""
    if _extension(values) or _categorical(values) is not None:
        return values
    array = np.asarray(values)
    if array.dtype.kind != "f":
        return values
    missing = np.isnan(array)
    present = array[~missing]
    if not np.array_equal(present, np.trunc(present)) or np.any(np.abs(present) > 2**53):
        return values
    if not missing.any():
        return array.astype(np.int64)
    whole = array.astype(object)
    whole[~missing] = present.astype(np.int64).astype(object)
    whole[missing] = None
    return whole


def _category_indices(values: Any, categories: list[str]) -> Any:
    """Category indices with a blank cell (objects: ints and None, from _whole_floats) as the
    ids they index, which the engine reads as text; an index out of range stays a number, for
    the engine to report. Anything else as _numbers_or_text gives it."""
    array = np.asarray(values) if not _extension(values) else None
    if array is not None and array.dtype == object and any(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in array):
        values = np.array([categories[v] if isinstance(v, (int, np.integer))
                           and not isinstance(v, bool) and 0 <= v < len(categories) else v
                           for v in array], dtype=object)
    return _numbers_or_text(values, "category")


def _ids(values: Any) -> Any:
    """A text column (ids, statuses, attributes), whole floats read as the integers they are:
    1.0 is "1", as the spreadsheet showed it."""
    return _text(_whole_floats(values))


def _hours(values: Any, name: str, intake: Intake) -> Any:
    """Hours as the engine reads them, or, under a declared rounding rule, every number and
    decimal text with more than two decimals rounded to hundredths first (40/60 h is 0.67
    half-up): the rule is the county's, applied to every row alike."""
    column = _numbers_or_text(values, name)
    if intake.hours_rounding is None or _categorical(values) is not None:
        return column
    rounding = HOURS_ROUNDING[intake.hours_rounding]
    array = np.asarray(column)
    if array.dtype.kind in "iu":
        return array
    cells = array.astype(object)
    for i, cell in enumerate(cells):
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            cells[i] = None
            continue
        try:
            # A float's shortest text is the number the sheet showed (0.1 + 0.2 is
            # 0.30000000000000004, which rounds to 0.30).
            number = decimal.Decimal(repr(float(cell)) if isinstance(cell, (float, np.floating))
                                     else str(cell).strip())
        except (decimal.InvalidOperation, ValueError):
            continue  # not a number: the engine reports the cell
        if number.is_finite():
            cells[i] = format(number.quantize(decimal.Decimal("0.01"), rounding=rounding), "f")
    return cells


def _extension(values: Any) -> bool:
    """Whether a Series holds a pandas extension type (nullable ints, strings, ...)."""
    return isinstance(values, (pd.Series, pd.Index)) and isinstance(
        values.dtype, pd.api.extensions.ExtensionDtype)


def _categorical(values: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(codes, categories) of a categorical column, whose text is only its categories."""
    dtype = getattr(values, "dtype", None)
    if not isinstance(dtype, pd.CategoricalDtype):
        return None
    categorical = pd.Categorical(values)
    categories = np.asarray(categorical.categories.astype(object), dtype=object)
    return np.asarray(categorical.codes), categories


def _text(values: Any) -> Any:
    """Object array of the cells; numbers and dates become the text a CSV file would hold."""
    categorical = _categorical(values)
    if categorical is not None:
        return categorical
    if _extension(values):
        if not isinstance(values.dtype, pd.DatetimeTZDtype):
            return values.to_numpy(dtype=object, na_value=None)
        values = values.dt.tz_localize(None)
    array = np.asarray(values)
    if array.dtype == object:
        return array
    if array.dtype.kind == "M":
        text = np.datetime_as_string(array.astype("datetime64[D]"), unit="D").astype(object)
        text[np.isnat(array)] = None
        return text
    text = array.astype(str).astype(object)
    if array.dtype.kind == "f":
        text[np.isnan(array)] = None
    return text


def _days(values: Any, intake: Intake) -> Any:
    """int32 day numbers (no_day for a missing date) when the column holds dates or numbers;
    otherwise the text, for the engine to read as it reads CSV dates. A datetime with a time of
    day is not a date: unless intake.time_of_day is "drop", such cells go to the engine as
    their text ("2018-03-01T14:30:00"), which it rejects row by row."""
    categorical = _categorical(values)
    if categorical is not None:
        return categorical
    if _extension(values):
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_localize(None)
        else:
            values = values.to_numpy(dtype=object, na_value=None)
    array = np.asarray(values)
    if array.dtype == object:
        dated = np.array([isinstance(v, (datetime.date, np.datetime64)) and v is not pd.NaT
                          for v in array], dtype=bool)
        if not dated.any():
            return array
        if not all(dated | pd.isna(array)):
            # Dates among text cells (a sheet's date column with a typed "2019-02-30"): the
            # dates as their text, for the engine to read every cell alike.
            text = array.copy()
            text[dated] = _days(pd.to_datetime(array[dated]).to_numpy(), intake)
            return np.array([_day_text(v) if isinstance(v, (int, np.integer)) else v
                             for v in text], dtype=object)
        array = pd.to_datetime(array).to_numpy()
    if array.dtype.kind == "M":
        missing = np.isnat(array)
        timed = ~missing & (array != array.astype("datetime64[D]"))
        if timed.any() and intake.time_of_day == "error":
            text = np.datetime_as_string(array.astype("datetime64[D]"), unit="D").astype(object)
            text[timed] = np.datetime_as_string(array[timed], unit="s")
            text[missing] = None
            return text
        days = array.astype("datetime64[D]").astype(np.int64)
    elif array.dtype.kind in "iu":
        days = array.astype(np.int64)
        missing = days == _core.no_day
    else:
        raise TypeError("a date column must hold dates (datetime64, datetime.date), day numbers "
                        f"(int32) or text, not {array.dtype}")
    # Days out of range stay out of range, for the engine to report, without wrapping in int32.
    days = np.clip(days, _core.earliest_day - 1, _core.latest_day + 1).astype(np.int32)
    days[missing] = _core.no_day
    return days


def _day_text(day: int) -> str:
    """A day number as the YYYY-MM-DD text the engine reads."""
    return str(np.datetime64(int(day), "D"))


def _numbers_or_text(values: Any, name: str) -> Any:
    """Whole numbers as int64, floats as float64 (the engine reads their shortest text), or
    text."""
    categorical = _categorical(values)
    if categorical is not None:
        return categorical
    if _extension(values):
        if pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any():
            return values.to_numpy(dtype=np.int64)
        if pd.api.types.is_numeric_dtype(values.dtype):
            return values.to_numpy(dtype=np.float64, na_value=np.nan)
        return values.to_numpy(dtype=object, na_value=None)
    array = np.asarray(values)
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False)
    if array.dtype.kind == "f":
        return array.astype(np.float64, copy=False)
    if array.dtype.kind in "OUS":
        return array.astype(object, copy=False)
    raise TypeError(f"column {name} must hold numbers or text, not {array.dtype}")


def _flags(values: Any) -> Any:
    """The `exempted` column: booleans as 1 and 0 (which the engine reads as the CSV reader
    reads "1" and "0"), missing as an empty cell; text as it is ("yes", "no", "是", ...)."""
    if _extension(values) and pd.api.types.is_bool_dtype(values.dtype):
        if not values.isna().any():
            return values.to_numpy(dtype=np.int64)
        return np.array([None if pd.isna(v) else int(v) for v in values], dtype=object)
    array = np.asarray(values)
    if array.dtype.kind == "b":
        return array.astype(np.int64)
    if array.dtype == object and any(isinstance(v, (bool, np.bool_)) for v in array):
        # Python booleans among text cells: str(True) is "True", which no CSV file holds.
        return np.array([int(v) if isinstance(v, (bool, np.bool_)) else v for v in array],
                        dtype=object)
    return _numbers_or_text(values, "exempted")


def _whole_numbers(values: Any, name: str) -> np.ndarray:
    if _extension(values):
        if values.isna().any():
            raise ValueError(f"column {name} has missing values")
        values = values.to_numpy()
    array = np.asarray(values)
    if array.dtype.kind not in "iu":
        raise TypeError(f"column {name} must hold whole numbers (hundredths of an hour), "
                        f"not {array.dtype}")
    return array.astype(np.int64, copy=False)
