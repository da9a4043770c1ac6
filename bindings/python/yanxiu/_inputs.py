"""Teachers and records tables into a ledger: DataFrames, dicts of numpy columns, CSV paths, or
CSV text.

Every column is handed to the engine in the form it can read without a Python object per row
where the data allows: day numbers as int32, hundredths as int64, categoricals as codes plus
categories. Text columns (object arrays) are read cell by cell by the engine, which judges each
cell exactly as the CSV reader judges the same text.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import os
import warnings
from collections.abc import Mapping
from typing import Any, Union

import numpy as np
import pandas as pd

from . import _core

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


def build_ledger(policy: _core.Policy, teachers: Table, records: Table) -> _core.Ledger:
    builder = _core.LedgerBuilder(policy)
    _add(builder, teachers, "teachers")
    _add(builder, records, "records")
    return builder.build()


def read_score_table(sheet: _core.ScoreSheet, table: Table, kind: str) -> None:
    """Scores or metrics (`kind`) into a sheet: a CSV path, CSV text, or a DataFrame or dict of
    columns, which is written as CSV text named `<kind>` so that the engine judges each cell as
    the command line does (a DataFrame's row i is line i + 2, after the header)."""
    read_text = sheet.read_scores_text if kind == "scores" else sheet.read_metrics_text
    if isinstance(table, str) and "\n" in table:
        read_text(table, f"<{kind}>")
    elif isinstance(table, (str, os.PathLike)):
        read = sheet.read_scores if kind == "scores" else sheet.read_metrics
        read(os.fspath(table))
    elif isinstance(table, (pd.DataFrame, Mapping)):
        columns = _named_columns(table, kind)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(zip(*([_cell(value) for value in values]
                               for values in columns.values())))
        read_text(buffer.getvalue(), f"<{kind}>")
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


def _add(builder: _core.LedgerBuilder, table: Table, kind: str) -> None:
    if isinstance(table, str) and "\n" in table:
        read_text = builder.read_teachers_text if kind == "teachers" else builder.read_records_text
        read_text(table, f"<{kind}>")
    elif isinstance(table, (str, os.PathLike)):
        read = builder.read_teachers if kind == "teachers" else builder.read_records
        read(os.fspath(table))
    elif isinstance(table, (pd.DataFrame, Mapping)):
        if kind == "teachers":
            builder.add_teachers(kind, _teacher_columns(table), _MISSING)
        else:
            builder.add_records(kind, _record_columns(table), _MISSING)
    else:
        raise TypeError(f"{kind}: expected a DataFrame, a dict of columns, a CSV path or CSV "
                        f"text, not {type(table).__name__}")


def _named_columns(table: pd.DataFrame | Mapping[str, Any], kind: str) -> dict[str, Any]:
    if isinstance(table, pd.DataFrame):
        columns = {str(name): table[name] for name in table.columns}
        if len(columns) != len(table.columns):
            raise ValueError(f"{kind}: column names must be unique")
        return columns
    columns = {str(name): values for name, values in table.items()}
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"{kind}: columns differ in length: {lengths}")
    return columns


def _teacher_columns(table: pd.DataFrame | Mapping[str, Any]) -> dict[str, Any]:
    columns = {}
    for name, values in _named_columns(table, "teachers").items():
        columns[name] = _days(values) if name in _TEACHER_DATES else _text(values)
    return columns


def _record_columns(table: pd.DataFrame | Mapping[str, Any]) -> dict[str, Any]:
    columns = {}
    for name, values in _named_columns(table, "records").items():
        if name not in _RECORD_COLUMNS:
            warnings.warn(f"records: column {name!r} is not used by records; it is ignored",
                          stacklevel=5)
            continue
        if name in _RECORD_DATES:
            columns[name] = _days(values)
        elif name == "hours":
            columns[name] = _numbers_or_text(values, name)
        elif name == "hours_h100":
            columns[name] = _whole_numbers(values, name)
        elif name in ("category", "count", "attended"):
            columns[name] = _numbers_or_text(values, name)
        elif name == "exempted":
            columns[name] = _flags(values)
        else:
            columns[name] = _text(values)
    return columns


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


def _days(values: Any) -> Any:
    """int32 day numbers (no_day for a missing date) when the column holds dates or numbers;
    otherwise the text, for the engine to read as it reads CSV dates."""
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
        first = next((v for v in array if v is not None and v is not pd.NaT
                      and not (isinstance(v, float) and np.isnan(v))), None)
        if not isinstance(first, (datetime.date, np.datetime64)):
            return array
        array = pd.to_datetime(array).to_numpy()
    if array.dtype.kind == "M":
        days = array.astype("datetime64[D]").astype(np.int64)
        missing = np.isnat(array)
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
