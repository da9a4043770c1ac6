"""Rubrics: yanxiu.score and Policy.score. Expected numbers come from the policies:

- Pucheng (examples/policies/pucheng-2014.json, S1.7): 22 items in groups of 10/10/50/20/10;
  items 12 and 15 score the months with uploads out of the months due, item 14 the trainees who
  passed out of those enrolled, times the weight; the three best schools at or above 90 are
  model schools. The example scores (examples/scores/) are worked out in
  tests/policies/pucheng-2014.test.json: 罕中初中部 99, 实验中学 97, 东党初中 92, 城关镇中 75.67,
  永丰初中 without item 20.
- Gaoyou (examples/policies/gaoyou-3year.json, S4.8, S4.9): self, peer and school at 20/30/50,
  levels A/B/C/D at 100/80/60/0 % of the weight; an ethics "fail" from the school vetoes awards.

Amounts are hundredths of a point: 75.67 is 7567."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yanxiu
from support import ROOT

PUCHENG = ROOT / "examples" / "policies" / "pucheng-2014.json"
GAOYOU = ROOT / "examples" / "policies" / "gaoyou-3year.json"
SCORES = ROOT / "examples" / "scores" / "pucheng-2014-scores.csv"
METRICS = ROOT / "examples" / "scores" / "pucheng-2014-metrics.csv"


@pytest.fixture(scope="module")
def pucheng() -> yanxiu.Policy:
    return yanxiu.load_policy(PUCHENG)


def total(frame: pd.DataFrame, subject: str, item: str = "total") -> pd.Series:
    rows = frame[(frame["subject_id"] == subject) & (frame["item_id"] == item)]
    assert len(rows) == 1, (subject, item)
    return rows.iloc[0]


def test_score_returns_the_score_table_as_a_data_frame(pucheng):
    frame = yanxiu.score(pucheng, "school-evaluation", SCORES, METRICS)
    assert list(frame.columns) == ["subject_id", "item_id", "kind", "weight_x100", "score_x100",
                                   "band", "rank", "status", "awards", "veto", "note"]
    assert len(frame) == 5 * (22 + 5 + 1)
    assert list(frame["item_id"][:28]) == [str(i) for i in range(1, 23)] + [
        "group:organisation", "group:planning", "group:activities", "group:effect",
        "group:highlights", "total"]
    assert list(frame["kind"].cat.categories) == list(yanxiu.SCORE_ROW_KINDS)
    assert list(frame["status"].cat.categories) == list(yanxiu.SCORE_STATUSES)
    totals = frame[frame["kind"] == "total"].set_index("subject_id")
    assert totals["score_x100"].fillna(-1).to_dict() == {
        "实验中学": 9700, "城关镇中": 7567, "罕中初中部": 9900, "永丰初中": -1, "东党初中": 9200}
    assert list(totals["rank"].fillna(0)) == [2, 4, 1, 0, 3]
    assert list(totals["band"]) == ["excellent", "good", "excellent", "", "excellent"]
    assert list(totals["awards"]) == ["model-school", "", "model-school", "", "model-school"]
    assert totals.loc["永丰初中", "status"] == "incomplete"
    assert totals.loc["永丰初中", "note"] == "missing: 20"
    # Item 14 of 城关镇中: 30 of 36 trainees × 5 = 4.1666… → 4.17, exactly.
    item = total(frame, "城关镇中", "14")
    assert item["score_x100"] == 417
    assert yanxiu.to_decimal(item["score_x100"]) == Decimal("4.17")
    assert item["note"] == "training_passed 30 of training_enrolled 36"


def test_data_frames_are_read_as_the_csv_files_are(pucheng):
    from_files = yanxiu.score(pucheng, "school-evaluation", SCORES, METRICS)
    from_frames = yanxiu.score(pucheng, "school-evaluation", pd.read_csv(SCORES),
                               pd.read_csv(METRICS))
    pd.testing.assert_frame_equal(from_frames, from_files)
    from_text = yanxiu.score(pucheng, "school-evaluation", SCORES.read_text(encoding="utf-8"),
                             {"subject_id": ["实验中学"], "metric": ["months_due"],
                              "value": [Decimal("10")]})
    assert total(from_text, "实验中学", "12")["status"] == "missing"  # no months_uploaded


def test_every_row_is_accounted_for_with_its_line(pucheng):
    scores = pd.DataFrame({"subject_id": ["A", "A", "A", "A"], "item_id": ["1", "23", "7", "1"],
                           "score": [2, 1, 4.5, np.nan]})
    result = pucheng.score("school-evaluation", scores)
    assert result.dispositions["scores"] == {"used": 1, "unused": 0, "duplicate": 0,
                                             "invalid": 3}
    assert result.dispositions["metrics"] == {"used": 0, "unused": 0, "duplicate": 0,
                                              "invalid": 0}
    messages = result.messages
    assert list(messages["source"]) == ["scores"] * 3
    assert list(messages["row"]) == [3, 4, 5]  # the header is row 1
    assert list(messages["index"]) == [1, 2, 3]
    assert list(messages["path"]) == ["item_id", "score", "score"]
    assert messages["text"][1] == ("scores row 4 (index 2): error: score: 4.5 is more than "
                                   "item \"7\"'s weight 4")
    assert messages["message"][2] == "is empty; item \"1\" needs one"
    # Floats become exact decimals only when their shortest text has two places at most.
    thirds = pucheng.score("school-evaluation",
                           {"subject_id": ["A"], "item_id": ["11"], "score": [1 / 3]})
    assert "has more than two decimal places" in thirds.messages["message"][0]


def test_a_vetoed_teacher_says_why():
    gaoyou = yanxiu.load_policy(GAOYOU)
    rows = [("T2", "ethics", "school", "fail")] + [
        ("T2", item, evaluator, "A") for item in ("study", "reflection", "research", "technology")
        for evaluator in ("self", "peer", "school")]
    scores = pd.DataFrame(rows, columns=["subject_id", "item_id", "evaluator", "level"])
    metrics = {"subject_id": ["T2", "T2"], "metric": ["sessions_attended", "sessions_held"],
               "value": [20, 20]}
    frame = yanxiu.score(gaoyou, "teacher-evaluation", scores, metrics)
    row = total(frame, "T2")
    assert row["score_x100"] == 9000  # 0 + 20 + 20 + 20 + 15 + 15
    assert row["status"] == "vetoed"
    assert row["veto"] == "ethics"
    assert row["awards"] == ""
    assert "school gave item ethics level fail; no award" in row["note"]


def test_the_policy_lists_its_rubrics_items(pucheng):
    items = pucheng.rubrics
    assert len(items) == 22
    assert items["weight_x100"].sum() == 10000
    assert items.groupby("group", sort=False)["weight_x100"].sum().to_dict() == {
        "organisation": 1000, "planning": 1000, "activities": 5000, "effect": 2000,
        "highlights": 1000}
    assert list(items.loc[items["kind"] == "metric", "item_id"]) == ["12", "14", "15"]
    assert items["label"][13] == "按时完成“国培”、“省培”学习任务。"


def test_errors(pucheng):
    with pytest.raises(ValueError, match='no rubric "school"; its rubrics: school-evaluation'):
        pucheng.score("school", SCORES)
    with pytest.raises(TypeError, match="scores, metrics or both"):
        pucheng.score("school-evaluation")
    with pytest.raises(yanxiu.InputError) as raised:
        pucheng.score("school-evaluation", Path("no-such-scores.csv"))
    assert raised.value.message == "cannot open the file: No such file or directory"
    with pytest.raises(yanxiu.InputError, match='missing required column "item_id"'):
        pucheng.score("school-evaluation", {"subject_id": ["A"], "item": ["1"], "score": [1]})
