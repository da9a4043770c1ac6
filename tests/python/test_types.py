"""One set of types (issue 21.6): integer teacher ids wherever audit took them, frames you can
write into, the same id dtypes from to_pandas, compare and compliance, and amounts as exact
decimals besides the hundredths."""

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import yanxiu
from support import compliant_records, one_teacher, row, short_workshop_records


def numeric_county(dali):
    teachers = pd.DataFrame({"id": [5, 6], "school": ["S01", "S02"]})
    records = short_workshop_records().assign(teacher_id=5)
    return dali.audit(teachers, records)


def test_explain_and_gap_plan_take_the_integer_ids_audit_took(dali):
    audit = numeric_county(dali)
    assert audit.explain(5).teacher_id == "5"
    assert audit.explain(np.int64(5)).text == audit.explain("5").text
    assert audit.gap_plan(5).text == audit.gap_plan("5").text
    with pytest.raises(KeyError, match="no teacher '7'"):
        audit.explain(7)
    with pytest.raises(TypeError, match="text or an integer"):
        audit.explain(True)


def test_to_pandas_frames_are_writable(dali):
    audit = dali.audit(one_teacher(), compliant_records())
    frame = audit.to_pandas()
    before = frame.loc[0].copy()
    frame.loc[0, "credited_x100"] = before["credited_x100"] + 1
    frame.loc[0, "status"] = "conflict"
    frame.loc[0, "period_start"] = pd.Timestamp("2000-01-01")
    frame["credited_x100"] += 0  # in place, as analysts do
    # The audit is untouched.
    again = audit.to_pandas()
    assert again.loc[0].equals(before)
    view = audit.to_pandas(copy=False)
    with pytest.raises(ValueError, match="read-only"):
        view["credited_x100"].to_numpy()[0] = 1


def test_ids_have_one_dtype_and_periods_an_order(dali):
    audit = dali.audit(one_teacher(), short_workshop_records())
    frame = audit.to_pandas()
    assert frame["period"].cat.ordered
    assert frame["period"].cat.categories[0] == "2017-2018/1"
    assert frame["period"].min() == "2017-2018/1"
    stricter = dali.with_changes({"rules.semester-offline.parts.workshop.min": 7,
                                  "rules.semester-offline.parts.school.min": 13})
    for changed in (yanxiu.compare(audit, stricter.audit(audit.ledger)),
                    yanxiu.compare(audit, dali.with_changes(
                        {"rules.semester-offline.parts.holiday": yanxiu.REMOVE,
                         "rules.semester-offline.min": 24}).audit(audit.ledger))):
        assert len(changed) > 0
        for column in ("teacher_id", "rule_id", "period"):
            assert isinstance(changed[column].dtype, pd.CategoricalDtype), column
        assert changed["period"].cat.ordered
    compliance = audit.compliance(by="school")
    assert isinstance(compliance["school"].dtype, pd.CategoricalDtype)
    assert compliance["period"].dtype == frame["period"].dtype


def test_amounts_as_exact_decimals(dali):
    audit = dali.audit(one_teacher(), short_workshop_records())
    frame = audit.to_pandas(hours="decimal")
    workshop = row(frame, "T1", "semester-offline/workshop", "2017-2018/1")
    # 6 of 8 workshop hours (support.short_workshop_records).
    assert (workshop["required"], workshop["credited"], workshop["shortfall"]) == (
        Decimal("8.00"), Decimal("6.00"), Decimal("2.00"))
    assert workshop["required_x100"] == 800
    assert list(frame.columns[-4:]) == ["required", "credited", "shortfall", "status"]
    assert "required" not in audit.to_pandas().columns
    with pytest.raises(ValueError, match="unknown hours"):
        audit.to_pandas(hours="float")


def test_rule_labels_on_request(dali):
    audit = dali.audit(one_teacher(), short_workshop_records())
    frame = audit.to_pandas(labels=True)
    assert list(frame.columns[:3]) == ["teacher_id", "rule_id", "rule_label"]
    labels = dict(zip(dali.rules["rule_id"], dali.rules["label"]))
    cycle = row(frame, "T1", "cycle-total", "cycle")
    assert cycle["rule_label"] == labels["cycle-total"] == "五年校本研修与网络研修不低于300学时"
    # Dali's parts have no label of their own: their category's (workshop: 工作坊研修).
    workshop = row(frame, "T1", "semester-offline/workshop", "2017-2018/1")
    category = dali.categories.set_index("id").loc["workshop", "label"]
    assert workshop["rule_label"] == category
    assert "rule_label" not in audit.to_pandas().columns
