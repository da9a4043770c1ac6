"""Duties of groups and schools (docs/policy-format.md, "Subjects"): S4.3 of the school plan,
each research group's 4 activities a semester; S0.17 of Dali, the school's 5 % of its public
budget on training. Expected numbers worked by hand in tests/policies/*.test.json."""

from __future__ import annotations

import pandas as pd
import pytest

import yanxiu
from support import DALI, SCHOOL_OBSERVATION

TEACHERS = pd.DataFrame({"id": ["PR", "SU", "TE", "OL"],
                         "roles": ["principal", "supervising_leader", "", ""],
                         "research_group": ["语文组", "数学组", "语文组", "数学组"]})
ACTIVITIES = pd.DataFrame({
    "id": ["A1", "A2", "A3", "A4", "B1", "B2", "B3"],
    "group": ["语文组"] * 4 + ["数学组"] * 3,
    "date": ["2020-09-20", "2020-10-20", "2020-11-20", "2020-12-20",
             "2020-09-21", "2020-10-21", "2020-11-21"],
    "activity": ["research_activity"] * 7})


def test_a_group_with_three_activities_is_short_and_one_with_four_met():
    policy = yanxiu.load_policy(SCHOOL_OBSERVATION)
    result = yanxiu.audit_subjects(policy, TEACHERS, group_records=ACTIVITIES)
    rows = result.audit.set_index("subject_id")
    assert rows.loc["语文组", ["credited", "status"]].tolist() == ["4", "met"]
    assert rows.loc["数学组", ["credited", "shortfall", "status"]].tolist() == ["3", "1", "short"]
    assert set(result.audit["subject_kind"]) == {"research_group"}
    assert result.messages.empty
    text = yanxiu.explain_subject(policy, TEACHERS, group="数学组", group_records=ACTIVITIES)
    assert text.startswith("Group 数学组 · 教研组 (teachers whose research_group is 数学组): SU OL")
    with pytest.raises(KeyError):
        yanxiu.explain_subject(policy, TEACHERS, group="英语组", group_records=ACTIVITIES)


def test_the_school_share_is_exact_to_the_cent():
    policy = yanxiu.load_policy(DALI)
    schools = pd.DataFrame({"school": ["S01", "S02"], "year": ["2018", "2018"],
                            "public_budget": ["1234567.80", "1234567.80"],
                            "training_spend": ["61728.39", "61728.38"]})
    result = yanxiu.audit_subjects(policy, pd.DataFrame({"id": ["T1"]}), schools=schools)
    rows = result.audit.set_index("subject_id")
    assert rows.loc["S01", ["required", "status"]].tolist() == ["61728.39", "met"]
    assert rows.loc["S02", ["shortfall", "status"]].tolist() == ["0.01", "short"]
    with pytest.raises(yanxiu.InputError, match="give schools.csv"):
        yanxiu.audit_subjects(policy, pd.DataFrame({"id": ["T1"]}))
