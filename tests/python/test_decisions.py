"""Named decisions (issue 17): examples/policies/county-credits.json's re-registration, on the
ledger of tests/cli/credits-*.csv. T1 has 37.5 central + 34.5 distance = 72 of 72 credits; T3
5 + 0.375 + 0.7 + 0.05 = 6.125, rounded down to 6.12 (docs/policy-format.md, Decisions)."""

from __future__ import annotations

import pytest

import yanxiu
from support import ROOT

DATA = ROOT / "tests" / "cli"


@pytest.fixture(scope="module")
def audit() -> yanxiu.Audit:
    policy = yanxiu.load_policy(ROOT / "examples" / "policies" / "county-credits.json")
    return policy.audit(str(DATA / "credits-teachers.csv"), str(DATA / "credits-records.csv"))


def test_every_teacher_has_a_row_per_decision(audit):
    frame = audit.decisions()
    assert list(frame.columns) == ["teacher_id", "decision", "status", "verdicts", "blocking",
                                   "detail"]
    assert list(frame["teacher_id"]) == ["T1", "T3"]
    assert list(frame["decision"]) == ["re-registration", "re-registration"]
    assert list(frame["status"]) == ["eligible", "not_eligible"]
    assert list(frame["verdicts"]) == [3, 3]
    assert list(frame["blocking"]) == [0, 1]
    assert list(frame["detail"]) == ["", "cycle-72 cycle: short 6.12 of 72.00"]


def test_a_decision_is_explained_by_its_verdicts(audit):
    text = audit.explain_decisions("T3")
    assert text.startswith("re-registration (教师资格定期注册): not_eligible\n")
    assert "  cycle-72 cycle: short 6.12 of 72.00\n" in text


def test_a_policy_without_decisions_has_none():
    policy = yanxiu.load_policy(DATA / "diff" / "year-60.json")
    audit = policy.audit(str(DATA / "diff" / "teachers.csv"), str(DATA / "diff" / "records.csv"))
    assert audit.decisions().empty
