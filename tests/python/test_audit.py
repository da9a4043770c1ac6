"""Audits: the verdicts, their columns, and what is built from them."""

import datetime
import gc
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

import yanxiu
from support import (CLI_DATA, compliant_records, one_teacher, records, row,
                     short_workshop_records, teachers)


@pytest.fixture(scope="module")
def cli_audit(dali):
    return dali.audit(CLI_DATA / "teachers.csv", CLI_DATA / "records.csv")


@pytest.fixture(scope="module")
def county(dali):
    """A synthetic county large enough to keep an evaluation busy for a while."""
    texts = yanxiu.synthetic_county_csv(dali, teachers=20000, seed=11)
    return texts, dali.ledger(texts.teachers_csv, texts.records_csv)


def test_exact_compliance_meets_every_rule(dali):
    frame = dali.audit(one_teacher(), compliant_records()).to_pandas()
    # One cycle, five years, ten semesters of semester-total, ten of semester-offline and its
    # four parts.
    assert len(frame) == 1 + 5 + 10 + 10 * 5
    assert set(frame["status"]) == {"met"}
    assert (frame["required_h100"] == frame["credited_h100"]).all()
    assert (frame["shortfall_h100"] == 0).all()
    assert row(frame, "T1", "cycle-total", "cycle")["required_h100"] == 30000
    assert row(frame, "T1", "year-total", "2019-2020")["credited_h100"] == 6000
    assert row(frame, "T1", "semester-total", "2021-2022/2")["credited_h100"] == 3000
    holiday = row(frame, "T1", "semester-offline/holiday", "2019-2020/2")
    assert (holiday["required_h100"], holiday["credited_h100"]) == (600, 600)
    semester = row(frame, "T1", "semester-offline", "2017-2018/1")
    assert semester["period_kind"] == "semester"
    assert semester["period_start"] == pd.Timestamp("2017-09-01")
    assert semester["period_end"] == pd.Timestamp("2018-01-31")


def test_a_short_part_is_short_alone(dali):
    frame = dali.audit(one_teacher(), short_workshop_records()).to_pandas()
    workshop = row(frame, "T1", "semester-offline/workshop", "2017-2018/1")
    assert (workshop["required_h100"], workshop["credited_h100"],
            workshop["shortfall_h100"], workshop["status"]) == (800, 600, 200, "short")
    assert row(frame, "T1", "semester-offline", "2017-2018/1")["status"] == "met"
    assert row(frame, "T1", "semester-offline/school", "2017-2018/1")["credited_h100"] == 1400
    assert row(frame, "T1", "semester-total", "2017-2018/1")["status"] == "met"
    cycle = row(frame, "T1", "cycle-total", "cycle")
    assert (cycle["credited_h100"], cycle["shortfall_h100"]) == (3000, 27000)


def test_a_joiner_owes_the_semesters_served(dali):
    joiner = teachers(("T2", "S01", "junior", "2019-09-01", ""))
    rows = records(*[(f"J{i}", "T2", date, "30", "school") for i, date in enumerate(
        ["2019-10-10", "2020-03-10", "2020-10-10", "2021-03-10", "2021-10-10", "2022-03-10"])])
    frame = dali.audit(joiner, rows).to_pandas()
    cycle = row(frame, "T2", "cycle-total", "cycle")
    assert (cycle["required_h100"], cycle["credited_h100"], cycle["status"]) == (
        18000, 18000, "met")
    before = row(frame, "T2", "year-total", "2017-2018")
    assert (before["required_h100"], before["status"]) == (0, "not_applicable")
    assert row(frame, "T2", "semester-offline/workshop", "2019-2020/1")["status"] == "short"


def test_dispositions_add_up_to_the_rows_read(cli_audit):
    assert cli_audit.dispositions == {"credited": 4, "capped": 0, "gated": 0, "outside": 1,
                                      "duplicate": 1, "uncertified": 1, "invalid": 1}
    rows_read = len((CLI_DATA / "records.csv").read_text().splitlines()) - 1
    assert sum(cli_audit.dispositions.values()) == rows_read
    per_record = cli_audit.records
    counts = per_record["disposition"].value_counts()
    assert counts.sum() + cli_audit.dispositions["invalid"] == rows_read
    assert per_record.set_index("id").loc["R5", "disposition"] == "uncertified"
    assert per_record.set_index("id").loc["R6", "disposition"] == "outside"


def test_messages_are_the_ledgers(cli_audit):
    messages = cli_audit.messages
    assert list(messages["severity"]) == ["warning", "warning", "error"]
    assert messages.iloc[2]["text"].endswith("records.csv:9: error: hours: -1.00 is negative")


def test_as_of_leaves_later_records_and_periods_out(dali):
    audit = dali.audit(one_teacher(), compliant_records(), as_of="2018-01-31")
    assert audit.as_of == datetime.date(2018, 1, 31)
    frame = audit.to_pandas()
    assert set(frame["period"]) >= {"2017-2018/1"}
    assert "2018-2019/1" not in set(frame["period"])
    assert audit.dispositions["outside"] == 40 - 4
    assert dali.audit(one_teacher(), compliant_records()).as_of is None
    with pytest.raises(ValueError, match="outside 1900..2200"):
        dali.audit(one_teacher(), compliant_records(), as_of="2500-01-01")


def test_the_result_is_the_same_for_any_thread_count(dali, county):
    _texts, ledger = county
    one = dali.audit(ledger, threads=1).columns()
    for threads in (2, 8, None):
        other = dali.audit(ledger, threads=threads).columns()
        for name, column in one.items():
            assert np.array_equal(column, other[name]), (threads, name)
    with pytest.raises(ValueError, match="threads"):
        dali.audit(ledger, threads=-1)


def test_columns_are_views_of_the_audit_not_copies(dali):
    audit = dali.audit(one_teacher(), compliant_records())
    columns = audit.columns()
    assert set(columns) == {"teacher", "rule", "part", "period_kind", "period", "required_h100",
                            "credited_h100", "status"}
    for name, column in columns.items():
        assert not column.flags.owndata, name
        assert not column.flags.writeable, name
        assert type(column.base).__name__ == "PyCapsule", name
        assert len(column) == len(audit)
    again = audit.columns()
    assert np.shares_memory(columns["credited_h100"], again["credited_h100"])
    frame = audit.to_pandas()
    assert np.shares_memory(frame["credited_h100"].to_numpy(), columns["credited_h100"])
    assert np.shares_memory(frame["status"].cat.codes.to_numpy(), columns["status"])
    assert frame["required_h100"].dtype == np.int64
    # The arrays keep the audit's memory alive on their own.
    required = columns["required_h100"]
    del audit, columns, again, frame
    gc.collect()
    assert required[0] == 30000
    with pytest.raises(ValueError):
        required[0] = 1


def test_to_pandas_types_and_teacher_columns(cli_audit):
    frame = cli_audit.to_pandas(teacher_columns=["school", "title"])
    assert list(frame.columns) == [
        "teacher_id", "school", "title", "rule_id", "period_kind", "period", "period_start",
        "period_end", "required_h100", "credited_h100", "shortfall_h100", "status"]
    for name in ("teacher_id", "school", "rule_id", "period_kind", "period", "status"):
        assert isinstance(frame[name].dtype, pd.CategoricalDtype), name
    assert list(frame["status"].cat.categories) == list(yanxiu.STATUSES)
    assert frame["period_start"].dtype.kind == "M"
    assert set(frame.loc[frame["teacher_id"] == "T2", "title"]) == {"senior"}
    with pytest.raises(KeyError, match="no teacher attribute 'district'"):
        cli_audit.to_pandas(teacher_columns=["district"])


def test_summary_counts_verdicts_and_teachers(dali):
    audit = dali.audit(one_teacher(), short_workshop_records())
    summary = audit.summary(top=3)
    assert summary.teachers == 1
    rules = summary.rules.set_index("rule_id")
    # Workshop is short in all ten semesters: 2 hours in the first, 8 in the nine others.
    assert rules.loc["semester-offline/workshop", "short"] == 10
    assert rules.loc["semester-offline/workshop", "shortfall_h100"] == 200 + 9 * 800
    assert rules.loc["cycle-total", "short"] == 1
    assert rules.loc["cycle-total", "shortfall_h100"] == 27000
    periods = summary.periods.set_index("period")
    assert periods.loc["2017-2018/1", "teachers"] == 1
    assert periods.loc["2017-2018/1", "compliant"] == 0  # the workshop part is short
    largest = summary.largest_shortfalls
    assert len(largest) == 3
    assert largest.loc[0, "rule_id"] == "cycle-total"
    assert largest.loc[0, "shortfall_h100"] == 27000
    assert summary.dispositions["credited"] == 4


def test_compliance_by_group_adds_up_to_the_engines_summary(dali, county):
    _texts, ledger = county
    audit = dali.audit(ledger)
    whole = audit.compliance().set_index("period")
    engine = audit.summary().periods.set_index("period")
    assert whole["teachers"].to_dict() == engine["teachers"].to_dict()
    assert whole["compliant"].to_dict() == engine["compliant"].to_dict()
    by_school = audit.compliance(by="school", period_kind="semester")
    assert set(by_school["period_kind"]) == {"semester"}
    totals = by_school.groupby("period")[["teachers", "compliant"]].sum()
    assert totals["compliant"].to_dict() == engine.loc[totals.index, "compliant"].to_dict()
    assert ((by_school["share"] >= 0) & (by_school["share"] <= 1)).all()
    with pytest.raises(ValueError, match="unknown period kind"):
        audit.compliance(period_kind="month")


def test_explain_one_teacher(cli_audit):
    explanation = cli_audit.explain("T1")
    assert str(explanation).startswith("Teacher T1 · school S01 · title junior")
    assert explanation.teacher_id == "T1"
    verdicts = explanation.verdicts
    assert len(verdicts) == 66
    first = verdicts[(verdicts["rule_id"] == "semester-offline")
                     & (verdicts["period"] == "2017-2018/1")].iloc[0]
    assert (first["required_h100"], first["credited_h100"]) == (3000, 3000)
    assert first["status"] == "met"
    counted = explanation.contributions
    counted = counted[(counted["rule_id"] == "semester-offline")
                      & (counted["period"] == "2017-2018/1")]
    assert sorted(counted["record_id"]) == ["R1", "R2", "R3", "R4"]
    assert counted["counted_h100"].sum() == 3000
    dispositions = explanation.records.set_index("record_id")["disposition"]
    assert dispositions["R5"] == "uncertified"
    with pytest.raises(KeyError, match="no teacher 'T9'"):
        cli_audit.explain("T9")


def test_audit_one_county_under_two_policies(dali):
    ledger = dali.ledger(one_teacher(), short_workshop_records())
    lenient = dali.with_changes({"rules.semester-offline.parts.workshop.min": 6})
    audit = lenient.audit(ledger)
    assert audit.ledger is ledger
    frame = audit.to_pandas()
    assert row(frame, "T1", "semester-offline/workshop", "2017-2018/1")["status"] == "met"
    with pytest.raises(TypeError, match="takes no records"):
        dali.audit(ledger, short_workshop_records())


def test_compare_lists_the_verdicts_that_changed(dali):
    ledger = dali.ledger(one_teacher(), short_workshop_records())
    before = dali.audit(ledger)
    after = dali.with_changes({"rules.semester-offline.parts.workshop.min": 6}).audit(ledger)
    changed = yanxiu.compare(before, after, names=("before", "after"))
    assert list(changed.columns) == [
        "teacher_id", "rule_id", "period", "status_before", "status_after",
        "required_h100_before", "required_h100_after", "credited_h100_before",
        "credited_h100_after", "shortfall_h100_before", "shortfall_h100_after"]
    # The workshop part of all ten semesters: 8 hours owed become 6.
    assert set(changed["rule_id"]) == {"semester-offline/workshop"}
    assert len(changed) == 10
    assert set(changed["required_h100_before"]) == {800}
    assert set(changed["required_h100_after"]) == {600}
    first = changed.set_index("period").loc["2017-2018/1"]
    assert (first["status_before"], first["status_after"]) == ("short", "met")
    assert (first["shortfall_h100_before"], first["shortfall_h100_after"]) == (200, 0)
    assert len(yanxiu.compare(before, before)) == 0


def test_compare_audits_with_different_rows(dali):
    ledger = dali.ledger(one_teacher(), short_workshop_records())
    before = dali.audit(ledger)
    after = dali.with_changes({"rules.semester-offline.parts.holiday": yanxiu.REMOVE,
                               "rules.semester-offline.min": 24}).audit(ledger)
    changed = yanxiu.compare(before, after)
    by_rule = changed.groupby("rule_id")
    holiday = by_rule.get_group("semester-offline/holiday")
    assert len(holiday) == 10
    assert holiday["status_b"].isna().all() and holiday["required_h100_b"].isna().all()
    whole = by_rule.get_group("semester-offline")
    assert len(whole) == 10
    assert set(whole["required_h100_a"]) == {3000}
    assert set(whole["required_h100_b"]) == {2400}
    assert len(changed) == 20
    assert changed["required_h100_a"].dtype == "Int64"


def test_synthetic_county(dali):
    county = yanxiu.synthetic_county(dali, teachers=50, seed=3)
    assert len(county.teachers) == 50
    assert list(county.records.columns) == ["id", "teacher_id", "date", "end_date", "hours",
                                            "category", "certificate", "status"]
    assert (county.records.dtypes == object).all()
    again = yanxiu.synthetic_county_csv(dali, teachers=50, seed=3)
    assert again.records_csv.count("\n") == len(county.records) + 1
    audit = dali.audit(county.teachers, county.records)
    assert sum(audit.dispositions.values()) == len(county.records)
    assert audit.ledger.teacher_count == 50
    with pytest.raises(ValueError, match="at least one teacher"):
        yanxiu.synthetic_county(dali, teachers=0)


def _longest_pause_while(work) -> tuple[float, float]:
    """Runs `work` in a thread while this one ticks; returns the longest gap between ticks and
    how long the work took. Were the GIL held throughout, the gap would be the work's length."""
    done = threading.Event()
    elapsed = []

    def run() -> None:
        start = time.perf_counter()
        work()
        elapsed.append(time.perf_counter() - start)
        done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        worker = threading.Thread(target=run)
        longest, last = 0.0, time.perf_counter()
        worker.start()
        while not done.is_set():
            now = time.perf_counter()
            longest, last = max(longest, now - last), now
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    return longest, elapsed[0]


def test_evaluation_and_csv_reading_release_the_gil(dali, county):
    texts, ledger = county
    for work in (lambda: dali.audit(ledger, threads=1),
                 lambda: dali.ledger(texts.teachers_csv, texts.records_csv)):
        longest, elapsed = _longest_pause_while(work)
        assert elapsed > 0.05, "too little work to tell"
        assert longest < elapsed / 4, (longest, elapsed)
