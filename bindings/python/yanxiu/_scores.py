"""Rubric scores and tier standings as DataFrames."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._common import SCORE_ROW_KINDS, SCORE_STATUSES, _messages
from ._inputs import Source, Table

if TYPE_CHECKING:
    from ._policy import Policy

class Scores:
    """The score table of a rubric: per subject its item rows, its group subtotals and its
    total. Immutable."""

    def __init__(self, core: _core.RubricResult, policy: Policy,
                 sources: dict[str, Source]) -> None:
        self._core = core
        self.policy = policy
        self._sources = sources

    @property
    def rubric(self) -> str:
        return self._core.rubric_id

    def __len__(self) -> int:
        return len(self._core)

    def to_pandas(self) -> pd.DataFrame:
        """subject_id, item_id (the item's id, "group:<id>" or "total"), kind (categorical:
        item, group, total), weight_x100 and score_x100 (int64 hundredths of a point; score
        <NA> where there is none), band, rank (<NA> when not ranked; equal totals share a
        rank), status (categorical, SCORE_STATUSES), awards (ids separated by ";"), veto (the
        first that holds) and note (why)."""
        c = self._core.columns()
        score = pd.array(c["score_x100"], dtype="Int64")
        score[c["score_x100"] == -1] = pd.NA
        rank = pd.array(c["rank"].astype(np.int64), dtype="Int64")
        rank[c["rank"] == 0] = pd.NA
        return pd.DataFrame({
            "subject_id": c["subject_id"],
            "item_id": c["item_id"],
            "kind": pd.Categorical.from_codes(c["kind"], categories=SCORE_ROW_KINDS),
            "weight_x100": c["weight_x100"],
            "score_x100": score,
            "band": c["band"],
            "rank": rank,
            "status": pd.Categorical.from_codes(c["status"], categories=SCORE_STATUSES),
            "awards": c["awards"],
            "veto": c["veto"],
            "note": c["note"],
        })

    @property
    def dispositions(self) -> dict[str, dict[str, int]]:
        """Where every input row ended: {"scores": {"used": ..., "unused": ..., "duplicate":
        ..., "invalid": ...}, "metrics": {...}}; the counts add up to the rows given."""
        return {"scores": self._core.score_counts, "metrics": self._core.metric_counts}

    @property
    def messages(self) -> pd.DataFrame:
        """Every rejected row and every warning of the scores and metrics, with file and
        line."""
        return _messages(self._core.diagnostics, self._sources)

    def __repr__(self) -> str:
        return f"<yanxiu.Scores of {self.rubric}, {len(self)} rows>"


def score(policy: Policy, rubric: str, scores: Optional[Table] = None,
          metrics: Optional[Table] = None) -> pd.DataFrame:
    """The score table of a policy's rubric as a DataFrame (Policy.score(...).to_pandas()):

        yanxiu.score(pucheng, "school-evaluation",
                     "examples/scores/pucheng-2014-scores.csv",
                     "examples/scores/pucheng-2014-metrics.csv")

    Use Policy.score for the messages and dispositions of the rows given."""
    return policy.score(rubric, scores, metrics).to_pandas()


def tiers(policy: Policy, teachers: Any, records: Optional[Table] = None, as_of: Any = None,
          basis: str = "certified", criteria: bool = False) -> pd.DataFrame:
    """Star and backbone tiers as a DataFrame (Policy.tiers): one row per teacher and ladder,
    or per criterion with `criteria=True`:

        yanxiu.tiers(dali, "teachers.csv", "records.csv", as_of="2020-08-31")"""
    return policy.tiers(teachers, records, as_of, basis, criteria)
