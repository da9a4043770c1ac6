"""Spreadsheets as analysts have them: one sheet of an .xlsx workbook, read with openpyxl
(Debian python3-openpyxl), headers renamed to yanxiu's columns, every row kept where the sheet
has it so that messages name the sheet's row."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional, Union

import pandas as pd

from ._inputs import SOURCE_ATTR


def read_excel(path: Union[str, os.PathLike[str]], sheet: Union[str, int] = 0, *,
               columns: Optional[Mapping[str, str]] = None, header_row: int = 1) -> pd.DataFrame:
    """One sheet of an .xlsx workbook as a DataFrame that Policy.audit and Policy.ledger read:

        records = yanxiu.read_excel("records.xlsx", sheet="2018",
                                    columns={"记录编号": "id", "教师编号": "teacher_id",
                                             "日期": "date", "学时": "hours", "类别": "category"})

    `sheet` is the sheet's name or position; `header_row` the row of its headers (1: the
    first). `columns` renames headers to yanxiu's columns (other headers keep their names);
    headers it names that the sheet lacks raise KeyError, all of them at once. Cells keep the
    types the sheet gives them (numbers, text, datetimes; an empty cell is missing), and a
    column's type is what pandas infers from them: whole numbers with a blank cell become
    floats, which the ledger reads back as the integers they were. Every row below the header
    is kept, blank rows included (they become invalid rows, as in a CSV file), so a message's
    `row` is the sheet's row and `source` names the file and sheet."""
    try:
        import openpyxl
    except ImportError as error:
        raise ImportError("yanxiu.read_excel needs openpyxl (Debian: python3-openpyxl)") \
            from error
    if header_row < 1:
        raise ValueError("header_row counts from 1, the sheet's first row")
    workbook = openpyxl.load_workbook(os.fspath(path), read_only=True, data_only=True)
    try:
        names = workbook.sheetnames
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise KeyError(f"{path}: no sheet {sheet}; it has {len(names)}: "
                               f"{', '.join(names)}")
            sheet = names[sheet]
        elif sheet not in names:
            raise KeyError(f"{path}: no sheet {sheet!r}; it has: {', '.join(names)}")
        rows = list(workbook[sheet].iter_rows(min_row=header_row, values_only=True))
    finally:
        workbook.close()
    if not rows:
        raise ValueError(f"{path} [{sheet}]: no header on row {header_row}")
    header = [("" if cell is None else str(cell).strip()) for cell in rows[0]]
    body = rows[1:]
    while body and all(cell is None for cell in body[-1]):
        body.pop()  # formatting leaves empty rows at the end of a sheet; they are not data
    width = max([len(header), *(len(row) for row in body)])
    header += [""] * (width - len(header))
    if columns:
        absent = [name for name in columns if name not in header]
        if absent:
            raise KeyError(f"{path} [{sheet}]: no column {', '.join(map(repr, absent))}; the "
                           f"sheet's headers on row {header_row}: "
                           f"{', '.join(name for name in header if name)}")
        header = [columns.get(name, name) for name in header]
    named = [i for i, name in enumerate(header) if name]
    duplicated = sorted({header[i] for i in named if header.count(header[i]) > 1})
    if duplicated:
        raise ValueError(f"{path} [{sheet}]: more than one column named "
                         f"{', '.join(map(repr, duplicated))}")
    frame = pd.DataFrame({header[i]: pd.Series([_cell(row, i) for row in body], dtype=None)
                          for i in named})
    frame.attrs[SOURCE_ATTR] = {"name": f"{Path(path).name} [{sheet}]",
                                "first_row": header_row + 1}
    return frame


def _cell(row: tuple[Any, ...], i: int) -> Any:
    """A cell's value; text with only spaces is an empty cell, as in a CSV file."""
    value = row[i] if i < len(row) else None
    if isinstance(value, str) and not value.strip():
        return None
    return value
