"""Groups: yanxiu.groups_assign, groups_audit, groups_assess. Expected numbers come from the
policies: Dali's workshops seat 100 teachers each (S0.10, examples/policies/dali-2017.json);
Pucheng's clusters are the document's table (S1.3, examples/policies/pucheng-2014.json), in
which 高阳初中 is a neighbour of 罕中初中部 and 永丰初中 is listed alone."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import yanxiu
from support import ROOT

DALI = ROOT / "examples" / "policies" / "dali-2017.json"
PUCHENG = ROOT / "examples" / "policies" / "pucheng-2014.json"

ROSTER = pd.DataFrame({
    "id": ["P1", "P2", "P3", "P4", "P5"],
    "school": ["罕中初中部", "高阳初中", "永丰初中", "县城小学", "未列初中"],
    "stage": ["junior_high", "junior_high", "junior_high", "primary", "junior_high"],
    "subject": ["数学", "语文", "数学", "数学", "数学"],
})


def test_clusters_as_the_table_lists_them():
    result = yanxiu.groups_assign(yanxiu.load_policy(PUCHENG), ROSTER)
    assert result.assignment.values.tolist() == [
        ["P1", "cluster", "罕中初中部"], ["P2", "cluster", "罕中初中部"], ["P3", "cluster", "永丰初中"]]
    assert result.unplaced[["teacher_id", "reason"]].values.tolist() == [
        ["P4", "no_kind"], ["P5", "no_group"]]
    assert result.shortfalls.empty


def test_current_members_stay_and_audit_finds_the_misplaced():
    policy = yanxiu.load_policy(PUCHENG)
    current = pd.DataFrame({"teacher_id": ["P2"], "group_kind": ["cluster"],
                            "group_id": ["永丰初中"]})
    result = yanxiu.groups_assign(policy, ROSTER, current)
    assert result.assignment.set_index("teacher_id").loc["P2", "group_id"] == "罕中初中部"
    assert "placed anew" in result.messages["message"].iloc[0]
    findings = yanxiu.groups_audit(policy, ROSTER, current)
    assert findings[findings.finding == "ineligible"].teacher_id.tolist() == ["P2"]
    with pytest.raises(yanxiu.InputError):
        yanxiu.groups_audit(policy, ROSTER, "teacher_id,group_kind,group_id\nP1,,x\n")


def test_workshops_of_100_overflow_by_the_seats_missing():
    policy = yanxiu.load_policy(DALI)
    county = yanxiu.synthetic_county(policy, teachers=6000)
    result = yanxiu.groups_assign(policy, county.teachers)
    workshops = result.assignment[result.assignment.group_kind == "workshop"]
    assert workshops.groupby("group_id").size().max() <= 100
    # One workshop of 100 per junior-high subject, per primary subject but 物理, 化学, 生物,
    # 历史, 地理 and 政治 (not taught in primary schools), and for kindergarten 语文, 数学, 音乐
    # and 美术 of the synthetic county's subjects (the policy's 29 also serve primary 科学,
    # 道德与法治, 综合实践 and kindergarten 健康, 社会): the rest of each pool is missing seats.
    not_primary = ("物理", "化学", "生物", "历史", "地理", "政治")
    teachers = county.teachers[county.teachers.stage != "senior_high"]
    expected = {}
    for (stage, subject), count in teachers.groupby(["stage", "subject"]).size().items():
        if stage == "kindergarten":
            seats = 100 if subject in ("语文", "数学", "音乐", "美术") else 0
        elif stage == "primary":
            seats = 0 if subject in not_primary else 100
        else:
            seats = 100
        if count > seats:
            expected[f"stage={stage};subject={subject}"] = (count - seats,
                                                            -(-(count - seats) // 100))
    shortfalls = result.shortfalls[result.shortfalls.group_kind == "workshop"]
    assert expected
    assert {row.pool: (row.missing_seats, row.groups_needed)
            for row in shortfalls.itertuples()} == expected


def test_assess_feeds_a_rubric():
    policy = yanxiu.load_policy(DALI)
    county = yanxiu.synthetic_county(policy, teachers=300)
    audit = policy.audit(county.teachers, county.records)
    assignment = yanxiu.groups_assign(policy, county.teachers).assignment
    metrics = yanxiu.groups_assess(audit, assignment)
    members = metrics[metrics.metric == "members"].set_index("subject_id")["value"]
    sizes = assignment.groupby("group_id").size()
    assert {k: int(v) for k, v in members.items()} == sizes.to_dict()
    assert all(isinstance(v, Decimal) for v in metrics["value"])
