"""Policy sets and replays as of a day, from Python. The county of tests/policies/county-plans:
a plan of 60 hours a year and 200 a cycle from 2019-09-01, revised from 2021-09-01 to 50 a year
and 180 a cycle (holiday training added). By default a period is judged by the version in force
on its last day, so the years 2019-2020 and 2020-2021 fall to the plan and the year 2021-2022
and the cycle to the revision. T1 has 60, 55 and 50 hours in the three years: short 5 of 60 in
2020-2021, and 165 of 180 over the cycle, short 15."""

from __future__ import annotations

import datetime
import subprocess

import pandas as pd
import pytest

import yanxiu
from support import ROOT

PLANS = ROOT / "tests" / "policies" / "county-plans"


@pytest.fixture(scope="module")
def county() -> yanxiu.PolicySet:
    return yanxiu.load_policy_set(PLANS / "county.set.json")


def test_the_versions_and_their_dates(county):
    assert county.id == "county"
    assert county.in_force_on == "period_end"
    assert [(v.policy.id, v.effective) for v in county.versions] == [
        ("county-2019", datetime.date(2019, 9, 1)), ("county-2021", datetime.date(2021, 9, 1))]
    assert len(county.sha256) == 64


def test_each_verdict_from_the_version_in_force(county):
    audit = county.audit(str(PLANS / "teachers.csv"), str(PLANS / "records.csv"))
    frame = audit.to_pandas()
    t1 = frame[frame.teacher_id == "T1"].set_index(["rule_id", "period"])
    assert list(t1.policy) == ["county-2019", "county-2019", "county-2021", "county-2021"]
    assert t1.loc[("year", "2020-2021")].shortfall_x100 == 500
    cycle = t1.loc[("cycle", "cycle")]
    assert (cycle.required_x100, cycle.credited_x100, cycle.status) == (18000, 16500, "short")
    assert len(audit) == len(frame) == 8
    # Periods in time order, as Audit.to_pandas orders them.
    assert frame.period.cat.ordered
    assert list(frame.period.cat.categories[:3]) == ["2019-2020", "2020-2021", "2021-2022"]
    assert audit.dispositions["credited"] == 6 and audit.dispositions["invalid"] == 2
    assert "records.csv:8: warning: category: county-2021 reads the row" in "\n".join(
        audit.messages.text)
    lines = audit.decision_record.split("\n")
    assert lines[0].startswith("yanxiu-audit/1 engine ")
    assert f" policy-set county sha256 {county.sha256} as_of - basis certified" in lines[0]
    assert lines[2] == (f"version county-2021 sha256 {county.versions[1].policy.sha256} "
                        "effective 2021-09-01")
    # Each version's whole audit stays at hand: the plan alone would ask 200 of the cycle.
    plan = audit.audits[0].to_pandas()
    assert plan[(plan.teacher_id == "T1") & (plan.rule_id == "cycle")].required_x100.item() == 20000


def test_as_of_replays_what_the_audit_said_that_day(county):
    """As of 2021-06-30, T1's 2020-2021 record entered on 2021-07-15 is outside: 0 of 60; the
    cycle is judged under the plan in force that day: 60 of 200."""
    records = pd.read_csv(PLANS / "records.csv", dtype=str, keep_default_na=False)
    audit = county.audit(str(PLANS / "teachers.csv"), records, as_of="2021-06-30")
    t1 = audit.to_pandas().query("teacher_id == 'T1'").set_index(["rule_id", "period"])
    assert t1.loc[("year", "2020-2021")].credited_x100 == 0
    assert t1.loc[("cycle", "cycle")].required_x100 == 20000
    assert t1.loc[("cycle", "cycle")].policy == "county-2019"
    assert audit.dispositions["outside"] == 3


def test_a_policy_set_error_names_its_line(tmp_path):
    (tmp_path / "set.json").write_text(
        '{"format": "yanxiu-policy-set/1", "id": "x",\n "versoins": []}')
    with pytest.raises(yanxiu.PolicyError) as error:
        yanxiu.load_policy_set(tmp_path / "set.json")
    assert error.value.line == 2
    assert 'did you mean "versions"' in str(error.value)


def test_recorded_at_in_a_dataframe():
    policy = yanxiu.load_policy(PLANS / "county-2019.json")
    teachers = pd.DataFrame({"id": ["T1"]})
    records = pd.DataFrame({"id": ["R1", "R2"], "teacher_id": ["T1", "T1"],
                            "date": ["2020-10-10", "2020-11-10"], "hours": ["55", "5"],
                            "category": ["school", "school"],
                            "recorded_at": [datetime.date(2021, 7, 15), None]})
    before = policy.audit(teachers, records, as_of="2021-07-14").to_pandas()
    assert before.set_index("period").loc["2020-2021"].credited_x100 == 500
    after = policy.audit(teachers, records, as_of="2021-07-15").to_pandas()
    assert after.set_index("period").loc["2020-2021"].credited_x100 == 6000
    bad = records.assign(recorded_at=["2021-13-01", ""])
    messages = policy.audit(teachers, bad).messages
    assert list(messages.path) == ["recorded_at"]


def test_a_single_policy_is_a_set_of_one_version():
    """load_policy_set takes a policy file too: one version, effective from its cycle's start,
    whose set audit is the policy's own audit, table and counts."""
    one = yanxiu.load_policy_set(PLANS / "county-2019.json")
    assert one.is_single_policy
    assert not yanxiu.load_policy_set(PLANS / "county.set.json").is_single_policy
    assert one.id == "county-2019"
    assert [(v.policy.id, v.effective) for v in one.versions] == [
        ("county-2019", datetime.date(2019, 9, 1))]
    plain = yanxiu.load_policy(PLANS / "county-2019.json")
    assert one.sha256 == plain.sha256
    teachers, records = str(PLANS / "teachers.csv"), str(PLANS / "records.csv")
    judged = one.audit(teachers, records, on_rejected="ignore")
    audit = plain.audit(teachers, records, on_rejected="ignore")
    pd.testing.assert_frame_equal(judged.to_pandas(), audit.to_pandas())
    assert judged.dispositions == audit.dispositions
    assert judged.decision_record == audit.decision_record


def test_a_directory_is_not_a_policy_in_the_command_lines_words(cli_binary):
    printed = subprocess.run([cli_binary, "check", PLANS], capture_output=True, text=True)
    assert printed.returncode == 2
    assert printed.stderr == f"{PLANS}: error: is a directory, not a file\n"
    for load in (yanxiu.load_policy, yanxiu.load_policy_set):
        with pytest.raises(yanxiu.PolicyError) as caught:
            load(PLANS)
        assert str(caught.value) == printed.stderr.rstrip("\n")
