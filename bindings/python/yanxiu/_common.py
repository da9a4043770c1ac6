"""What the modules share: the engine's vocabularies (statuses, dispositions, kinds), day
numbers and hundredths as pandas and Python values, messages as a DataFrame."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Optional, overload

import numpy as np
import pandas as pd

from . import _core
from ._core import Diagnostic
from ._inputs import Source

STATUSES: tuple[str, ...] = tuple(_core.statuses())
"""Verdict statuses, in the engine's order (the categories of every `status` column): met,
short, exempt, not_applicable, conflict (a choice rule with more than one of its options)."""
DISPOSITIONS: tuple[str, ...] = tuple(_core.dispositions())
"""Where an input record ends up, in the engine's order."""
PERIOD_KINDS: tuple[str, ...] = tuple(_core.period_kinds())
RULE_KINDS: tuple[str, ...] = tuple(_core.rule_kinds())
"""What a rule measures: quota (hours), count (activities), choice (one of a set of
activities). The categories of every `rule_kind` column."""
RECORD_STATUSES: tuple[str, ...] = tuple(_core.record_statuses())
"""Review states of a record (the records' `status` column)."""
BASES: tuple[str, ...] = tuple(_core.bases())
"""Which record statuses an audit counts: certified (what the policy credits) or submitted
(also what awaits review)."""

SCORE_STATUSES: tuple[str, ...] = tuple(_core.score_statuses())
"""What a score row says: scored, missing, zero, disagree (items); complete, incomplete (groups
and totals); vetoed (totals)."""
SCORE_ROW_KINDS: tuple[str, ...] = tuple(_core.score_row_kinds())
"""item, group (a subtotal) and total."""
SCORE_DISPOSITIONS: tuple[str, ...] = tuple(_core.score_dispositions())
"""Where a score or metric row ends up: used, unused, duplicate, invalid."""
TIER_STATUSES: tuple[str, ...] = tuple(_core.tier_statuses())
"""A teacher's standing on a ladder (Policy.tiers): eligible, short, vetoed, top, demoted,
unknown_tier."""

_EPOCH = np.datetime64("1970-01-01", "D")


@overload
def to_decimal(hundredths: int) -> Decimal: ...
@overload
def to_decimal(hundredths: pd.Series) -> pd.Series: ...
@overload
def to_decimal(hundredths: np.ndarray) -> np.ndarray: ...


def to_decimal(hundredths: Any) -> Any:
    """Hundredths of an hour as exact decimal hours: 1250 -> Decimal("12.50"). Makes one
    Python object per value: for display and small tables."""
    def one(value: Any) -> Any:
        return None if pd.isna(value) else Decimal(int(value)).scaleb(-2)

    if isinstance(hundredths, pd.Series):
        return hundredths.map(one).astype(object)
    if isinstance(hundredths, np.ndarray):
        return np.array([one(v) for v in hundredths.ravel()], dtype=object).reshape(
            hundredths.shape)
    return one(hundredths)


def teacher_key(teacher_id: Any) -> str:
    """A teacher id as the ledger holds it: text, or the text of an integer (a numeric id
    column reads 5, or 5.0, as teacher "5")."""
    if isinstance(teacher_id, (bool, np.bool_)):
        raise TypeError(f"a teacher id is text or an integer, not {teacher_id!r}")
    if isinstance(teacher_id, (int, np.integer)):
        return str(int(teacher_id))
    if isinstance(teacher_id, (float, np.floating)) and float(teacher_id).is_integer():
        return str(int(teacher_id))
    if not isinstance(teacher_id, str):
        raise TypeError(f"a teacher id is text or an integer, not {teacher_id!r}")
    return teacher_id


def _forwarded(name: str, doc: Optional[str] = None) -> Any:
    """A read-only property giving the wrapped engine object's (`self._core`'s) `name`: the one
    way the classes forward the engine's values, not a getter written out in each."""
    return property(lambda self: getattr(self._core, name), doc=doc)


def _check_audit_options(threads: Optional[int], basis: str) -> None:
    if threads is not None and threads < 0:
        raise ValueError("threads must be 0 (every core) or more")
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; one of {', '.join(BASES)}")


def _date(day: int) -> datetime.date:
    """A day number (days since 1970-01-01) as a date."""
    return (_EPOCH + np.timedelta64(day, "D")).item()


def _day_number(value: Any) -> Optional[int]:
    if value is None:
        return None
    try:
        date = np.datetime64(value, "D")
    except ValueError as error:
        raise ValueError(f"as_of {value!r} is not a date (YYYY-MM-DD)") from error
    if np.isnat(date):
        raise ValueError("as_of is NaT; None judges the whole cycle")
    day = int(date.astype(np.int64))
    if not _core.earliest_day <= day <= _core.latest_day:
        raise ValueError(f"as_of {value!r} is outside 1900..2200")
    return day


def _dates(days: Any) -> np.ndarray:
    """Day numbers as datetime64 (NaT for no_day)."""
    days = np.asarray(days, dtype=np.int64)
    dates = (_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    dates[days == _core.no_day] = np.datetime64("NaT")
    return dates


def _rows(sources: Mapping[str, Source], files: Sequence[str],
          lines: Sequence[int]) -> tuple[list[str], Any, list[Any]]:
    """Where each (engine file, line) is as the user knows it: the source they passed, the
    spreadsheet row (header = 1; a CSV file's line) and the DataFrame index label (None for a
    file). Line 0 is the table as a whole: row <NA>."""
    shown, rows, labels = [], pd.array(np.zeros(len(lines), dtype=np.int64), dtype="Int64"), []
    for i, (file, line) in enumerate(zip(files, lines)):
        source = sources.get(file)
        shown.append(source.shown if source else file)
        rows[i] = (source.row(line) if source else line) if line > 0 else pd.NA
        labels.append(source.label(line) if source and line > 0 else None)
    return shown, rows, labels


def _disposition_text(counts: Mapping[str, int]) -> str:
    """"0 credited, 17925 invalid (100.0% rejected)": the dispositions that hold rows."""
    total = sum(counts.values())
    shown = [f"{count} {name}" for name, count in counts.items() if count] or ["none"]
    rejected = counts.get("invalid", 0)
    if "credited" in counts and not counts["credited"]:
        shown.insert(0, "0 credited")
    return ", ".join(shown) + (f" ({rejected / total:.1%} rejected)" if rejected else "")


def _message_text(diagnostic: Diagnostic, shown: str, row: Any, label: Any,
                  framed: bool) -> str:
    """The message as the command line prints it; a DataFrame's row by its spreadsheet row
    and index label: "records row 3 (index 1): error: hours: ..."."""
    text = str(diagnostic)
    if not framed:
        return text
    prefix = f"{diagnostic.file}:{diagnostic.line}" if diagnostic.line > 0 else diagnostic.file
    where = f"{shown} row {row} (index {label!r})" if diagnostic.line > 0 else shown
    return where + text[len(prefix):] if text.startswith(prefix) else text


def _messages(diagnostics: list[Diagnostic],
              sources: Mapping[str, Source] = {}) -> pd.DataFrame:  # noqa: B006 (read only)
    shown, rows, labels = _rows(sources, [d.file for d in diagnostics],
                                [d.line for d in diagnostics])
    return pd.DataFrame({
        "severity": pd.Categorical([d.severity for d in diagnostics],
                                   categories=["error", "warning"]),
        "source": shown,
        "row": rows,
        "index": pd.Series(labels, dtype=object),
        "path": [d.path for d in diagnostics],
        "message": [d.message for d in diagnostics],
        "text": [_message_text(d, s, r, label, d.file in sources)
                 for d, s, r, label in zip(diagnostics, shown, rows, labels)],
    })


def _hours_text(hundredths: int) -> str:
    """12.5 hours (1250) as "12.50", as the audit table prints hours."""
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(int(hundredths)), 100)
    return f"{sign}{whole}.{part:02}"


def _interned(column: tuple[np.ndarray, list[str]]) -> pd.Categorical:
    """An engine's interned text column (codes, -1 for an empty cell; the names) as a
    categorical, empty cells NaN."""
    codes, names = column
    return pd.Categorical.from_codes(codes, categories=names)
