"""Tiers: Policy.tiers and yanxiu.tiers. The expected numbers are worked out by hand in
tests/policies/tier-criteria.test.json (a fixture ladder: the documents name star levels and
backbone tiers, S0.8 and S0.15, but give no promotion numbers) and dali-2017-tiers.test.json
(Dali's target of 300 backbone teachers, S0.15). Judged as of 2020-08-31.

Amounts are hundredths: 120 hours is 12000, 2 papers are 200."""

from __future__ import annotations

import pandas as pd
import pytest

import yanxiu
from support import CLI_DATA, DALI, ROOT

FIXTURE = ROOT / "tests" / "policies" / "tier-criteria.json"
TEACHERS = CLI_DATA / "tier-teachers.csv"
RECORDS = CLI_DATA / "tier-records.csv"


@pytest.fixture(scope="module")
def fixture() -> yanxiu.Policy:
    return yanxiu.load_policy(FIXTURE)


def row(frame: pd.DataFrame, teacher: str, **keys: str) -> pd.Series:
    rows = frame[frame["teacher_id"] == teacher]
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, (teacher, keys)
    return rows.iloc[0]


def test_one_row_per_teacher_and_ladder(fixture: yanxiu.Policy) -> None:
    frame = yanxiu.tiers(fixture, TEACHERS, RECORDS, as_of="2020-08-31")
    assert list(frame.columns) == ["teacher_id", "school", "ladder", "tier", "since", "next_tier",
                                   "status", "result_tier", "veto", "missing"]
    assert len(frame) == 10
    one_paper_short = row(frame, "T2")
    assert one_paper_short["status"] == "short"
    assert one_paper_short["missing"] == "papers: 1 of 2 — 1 short"
    vetoed = row(frame, "T4")
    assert (vetoed["status"], vetoed["veto"], vetoed["result_tier"]) == ("vetoed", "ethics", "1")
    demoted = row(frame, "T5")
    assert demoted["since"] == pd.Timestamp("2017-09-01")
    assert (demoted["status"], demoted["result_tier"]) == ("demoted", "1")
    assert pd.isna(row(frame, "T1")["since"])
    assert list(frame["status"].cat.categories) == list(yanxiu.TIER_STATUSES)


def test_criteria_in_hundredths(fixture: yanxiu.Policy) -> None:
    frame = fixture.tiers(fixture.ledger(TEACHERS, RECORDS), as_of="2020-08-31", criteria=True)
    hours = row(frame, "T3", criterion="hours")
    assert (hours["have_x100"], hours["need_x100"], hours["met"]) == (1600, 12000, False)
    papers = row(frame, "T2", criterion="papers")
    assert (papers["have_x100"], papers["need_x100"]) == (100, 200)
    assert papers["text"] == "papers: 1 of 2 — 1 short"
    evaluation = row(frame, "T7", criterion="evaluation")
    assert (evaluation["have_x100"], evaluation["need_x100"]) == (8499, 8500)
    upkeep = row(frame, "T5", use="upkeep")
    assert (upkeep["have_x100"], upkeep["met"]) == (2000, False)


def test_dali_backbone_target_inputs_as_frames() -> None:
    dali = yanxiu.load_policy(DALI)
    teachers = pd.DataFrame({"id": ["D1", "D5"], "backbone": ["", "famous-teacher"],
                             "star": ["1", ""], "star_since": ["2018-09-01", ""]})
    records = pd.DataFrame({"id": ["D1-1"], "teacher_id": ["D1"], "date": ["2019-10-10"],
                            "hours": ["60"], "category": ["school"]})
    frame = dali.tiers(teachers, records, as_of="2020-08-31")
    assert row(frame, "D1", ladder="backbone")["status"] == "eligible"
    assert row(frame, "D1", ladder="star")["next_tier"] == "2"
    assert row(frame, "D5", ladder="backbone")["status"] == "top"


def test_a_ledger_takes_no_records(fixture: yanxiu.Policy) -> None:
    with pytest.raises(TypeError):
        fixture.tiers(fixture.ledger(TEACHERS, RECORDS), RECORDS)
    with pytest.raises(ValueError, match="basis"):
        fixture.tiers(TEACHERS, RECORDS, basis="promised")
