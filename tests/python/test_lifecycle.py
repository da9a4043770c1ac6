"""yanxiu.diff and gap plans: the impact of changing a policy on one county, and what closes a
teacher's gap. The county of tests/cli/diff has
five teachers whose year totals are 40, 50, 55, 60 and 70 hours (school 20, 20, 25, 20, 10), so
the numbers below follow from the minimums by hand: with 60 a year and 20 at school, T1, T2 and
T3 are short of the year and T5 of the school part; lowering the year to 50 makes T2 and T3
compliant."""

from __future__ import annotations

import pandas as pd
import pytest

import yanxiu
from support import ROOT

DATA = ROOT / "tests" / "cli" / "diff"


@pytest.fixture(scope="module")
def impact() -> yanxiu.Impact:
    return yanxiu.diff(yanxiu.load_policy(DATA / "year-60.json"),
                       yanxiu.load_policy(DATA / "year-50.json"),
                       str(DATA / "teachers.csv"), str(DATA / "records.csv"))


def test_the_teachers_who_flip(impact):
    assert impact.teachers == 5
    assert list(impact.flips["teacher_id"]) == ["T2", "T3"]
    assert list(impact.flips["school"]) == ["S01", "S02"]
    assert impact.flips["compliant_after"].all() and not impact.flips["compliant_before"].any()
    assert list(impact.flips["hours_short_before_x100"]) == [1000, 500]
    assert list(impact.flips["rules_changed"]) == [["year"], ["year"]]


def test_per_rule_and_per_school(impact):
    year = impact.rules.set_index("rule_id").loc["year"]
    assert (year.teachers_changed, year.teachers_short_before, year.teachers_short_after) == (2, 3, 1)
    assert (year.shortfall_before_x100, year.shortfall_after_x100) == (3500, 1000)
    part = impact.rules.set_index("rule_id").loc["year/school"]
    assert part.teachers_changed == 0 and part.teachers_short_after == 1
    schools = impact.groups.set_index("school")
    assert list(schools.loc["S01", ["teachers", "compliant_before", "compliant_after"]]) == [2, 0, 1]
    assert list(schools.loc["S02", ["teachers", "compliant_before", "compliant_after"]]) == [3, 1, 2]
    assert "2 change compliance (2 become compliant, 0 become non-compliant)" in str(impact)


def test_a_rule_only_one_policy_has():
    county = (str(DATA / "teachers.csv"), str(DATA / "records.csv"))
    before = yanxiu.load_policy(DATA / "year-60.json").audit(*county)
    after = yanxiu.load_policy(DATA / "year-60-count.json").audit(*county)
    impact = yanxiu.diff(before, after)
    observations = impact.rules.set_index("rule_id").loc["observations"]
    assert not observations.in_before and observations.in_after
    assert observations.teachers_short_after == 5 and observations.shortfall_after_x100 == 1000
    assert list(impact.flips["teacher_id"]) == ["T4"]


def test_wrong_arguments():
    policy = yanxiu.load_policy(DATA / "year-60.json")
    with pytest.raises(TypeError):
        yanxiu.diff(policy, policy)
    audit = policy.audit(str(DATA / "teachers.csv"), str(DATA / "records.csv"))
    with pytest.raises(TypeError):
        yanxiu.diff(audit, audit, str(DATA / "teachers.csv"), str(DATA / "records.csv"))
    assert yanxiu.diff(audit, audit).flips.empty


def test_gap_plan_of_a_short_teacher():
    audit = yanxiu.load_policy(DATA / "year-60.json").audit(str(DATA / "teachers.csv"),
                                                           str(DATA / "records.csv"))
    # T1 has 40 of 60 hours, 20 of them at school: 20 more of the rule's first category.
    plan = audit.gap_plan("T1")
    assert list(plan.steps["category"]) == ["school"]
    assert list(plan.steps["amount_x100"]) == [2000]
    assert plan.steps["deadline"][0] == pd.Timestamp("2025-08-31")  # a date like every other
    assert plan.unclosable == []
    assert str(plan) == "needs 20.00 h school in 2024-2025, by 2025-08-31 (year)\n"
    # T5 has 70 hours but 10 at school: the part asks for 10 school hours, the year nothing.
    assert list(audit.gap_plan("T5").steps["amount_x100"]) == [1000]
    assert audit.gap_plan("T4").steps.empty
    with pytest.raises(KeyError):
        audit.gap_plan("T9")


def test_county_gaps_sum_the_plans():
    audit = yanxiu.load_policy(DATA / "year-60.json").audit(str(DATA / "teachers.csv"),
                                                           str(DATA / "records.csv"))
    gaps = audit.county_gaps()
    assert gaps.to_dict("records") == [
        {"month": pd.Period("2025-08", "M"), "category": "school", "activity": "",
         "amount_x100": 4500, "teachers": 4}]


def test_gap_plans_of_many_teachers_in_one_call():
    audit = yanxiu.load_policy(DATA / "year-60.json").audit(str(DATA / "teachers.csv"),
                                                           str(DATA / "records.csv"))
    plans = audit.gap_plans()
    # Years of 40, 50 and 55 hours miss 20, 10 and 5 of 60; T5's 10 school hours miss 10 of
    # 20; T4 is compliant. 45 hours in all, as county_gaps sums them.
    by_teacher = plans.groupby("teacher_id", observed=True)["amount_x100"].sum()
    assert by_teacher.to_dict() == {"T1": 2000, "T2": 1000, "T3": 500, "T5": 1000}
    one = pd.concat([audit.gap_plan(t).steps for t in ["T1", "T5"]], ignore_index=True)
    assert plans[plans.teacher_id.isin(["T1", "T5"])].drop(columns="teacher_id") \
        .reset_index(drop=True).equals(one)
    assert plans["deadline"].dtype == "datetime64[ns]"
    assert list(audit.gap_plans(["T4"]).columns) == list(plans.columns)
    assert audit.gap_plans(["T4"]).empty
    with pytest.raises(KeyError):
        audit.gap_plans(["T9"])


def test_decision_record_names_the_policy_by_its_digest():
    policy = yanxiu.load_policy(DATA / "year-60.json")
    audit = policy.audit(str(DATA / "teachers.csv"), str(DATA / "records.csv"),
                         as_of="2025-01-31")
    assert len(policy.sha256) == 64
    assert audit.decision_record == (f"yanxiu-audit/1 engine {yanxiu.__version__} policy year-60 "
                                     f"sha256 {policy.sha256} as_of 2025-01-31 basis certified")
    # The same content in another layout has the same digest; another minimum has another.
    assert yanxiu.load_policy(DATA / "year-50.json").sha256 != policy.sha256
    assert yanxiu.load_policy(policy.document()).sha256 == policy.sha256
