"""A synthetic county shaped like Dali's, for trying the engine without real exports."""

from __future__ import annotations

import io
from typing import NamedTuple

import pandas as pd

from . import _core
from ._policy import Policy

class County(NamedTuple):
    """A synthetic county's exports as DataFrames, every cell the text of the CSV file."""
    teachers: pd.DataFrame
    records: pd.DataFrame


class CountyCsv(NamedTuple):
    """A synthetic county's exports as CSV text."""
    teachers_csv: str
    records_csv: str


def synthetic_county_csv(policy: Policy, teachers: int = 3000, seed: int = 2017) -> CountyCsv:
    """A made-up county shaped like Dali's (deterministic for a seed): about six records per
    teacher and semester, online hours with their certificates, some joiners and leavers, the
    activities of the policy's choice rules (one teacher in twenty takes up two options: a
    conflict) and a few outcomes to convert, and a few duplicate, invalid, uncertified and
    out-of-cycle rows, so every disposition has something to count."""
    if teachers < 1:
        raise ValueError("a county has at least one teacher")
    return CountyCsv(*_core.generate_county(policy._core, teachers, seed))


def synthetic_county(policy: Policy, teachers: int = 3000, seed: int = 2017) -> County:
    """synthetic_county_csv read into DataFrames of text, as pandas reads an export exactly:
    pd.read_csv(path, dtype=str, keep_default_na=False)."""
    texts = synthetic_county_csv(policy, teachers, seed)
    return County(*(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
                    for text in texts))
