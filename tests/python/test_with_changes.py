"""What-if policies: changes by path, validated by the engine."""

from decimal import Decimal

import pytest

import yanxiu


def minimums(policy):
    return policy.rules.set_index("rule_id")["min_x100"].to_dict()


def test_changes_a_rule_by_id(dali):
    changed = dali.with_changes({"rules.cycle-total.min": 240})
    assert minimums(changed)["cycle-total"] == 24000
    assert minimums(dali)["cycle-total"] == 30000  # the original is untouched
    assert changed.file_name == f"{dali.file_name} (changed)"


def test_changes_parts_by_id_index_and_tuple(dali):
    changed = dali.with_changes({
        "rules.semester-offline.parts.school.min": 10,
        "rules[3].parts[1].min": Decimal("7.5"),
        ("rules", "semester-offline", "parts", "self", "min"): 3.25,
    })
    found = minimums(changed)
    assert found["semester-offline/school"] == 1000
    assert found["semester-offline/workshop"] == 750
    assert found["semester-offline/self"] == 325
    assert found["semester-offline/holiday"] == 600


def test_remove_a_part_and_lower_the_minimum(dali):
    changed = dali.with_changes({"rules.semester-offline.parts.holiday": yanxiu.REMOVE,
                                 "rules.semester-offline.min": 24})
    found = minimums(changed)
    assert found["semester-offline"] == 2400
    assert "semester-offline/holiday" not in found


def test_adds_a_cap(dali):
    changed = dali.with_changes({"rules.semester-total.max": 40})
    assert changed.rules.set_index("rule_id").loc["semester-total", "max_x100"] == 4000


def test_semesters_by_name(dali):
    changed = dali.with_changes({"calendar.semesters.2.start": "03-01"})
    assert changed.periods("semester").loc[1, "period_start"].strftime("%m-%d") == "03-01"


def test_unknown_paths_are_clear_errors(dali):
    with pytest.raises(ValueError, match='no element with id "semester-ofline"; did you mean '
                                         '"semester-offline"'):
        dali.with_changes({"rules.semester-ofline.min": 24})
    with pytest.raises(ValueError, match='no key "calender"; did you mean "calendar"'):
        dali.with_changes({"calender.cycle.years": 3})
    with pytest.raises(ValueError, match=r"rules has 6 elements, no \[7\]"):
        dali.with_changes({"rules[7].min": 3})
    with pytest.raises(ValueError, match="is a value"):
        dali.with_changes({"rules.cycle-total.min.value": 3})
    with pytest.raises(ValueError, match="is not a path"):
        dali.with_changes({"rules..min": 3})
    with pytest.raises(ValueError, match='no key "max" to remove'):
        dali.with_changes({"rules.cycle-total.max": yanxiu.REMOVE})


def test_invalid_results_are_the_engines_errors(dali):
    # The parts (12 + 8 + 4 + 6 = 30) cannot exceed the rule's minimum.
    with pytest.raises(yanxiu.PolicyError) as caught:
        dali.with_changes({"rules.semester-offline.min": 24})
    assert caught.value.path == "rules[3].parts"
    assert caught.value.file.endswith("(changed)")
    assert "30.00" in caught.value.message and "24.00" in caught.value.message
    with pytest.raises(yanxiu.PolicyError, match=r'rules\[0\].minimum: unknown key; did you '
                                                 r'mean "min"'):
        dali.with_changes({"rules.cycle-total.minimum": 3})


def test_the_documented_what_if_count_keeps_verdicts_only_one_side_has(dali):
    """docs/python.md and the notebook count a what-if's changes by status; the verdicts of a
    removed part have no status on one side, and must be counted, not dropped (pandas 1.5's
    groupby(observed=True, dropna=False) over categoricals drops them)."""
    county = yanxiu.synthetic_county(dali, teachers=300, seed=3)
    audit = dali.audit(county.teachers, county.records)
    lenient = dali.with_changes({"rules.semester-offline.min": 24,
                                 "rules.semester-offline.parts.holiday": yanxiu.REMOVE})
    changed = yanxiu.compare(audit, lenient.audit(audit.ledger), names=("now", "lenient"))
    # The idiom of docs/python.md, "Comparing two audits".
    keys = ["rule_id", "status_now", "status_lenient"]
    counts = changed[keys].astype(object).fillna("<none>").value_counts().sort_index()
    assert counts.sum() == len(changed)
    # Every teacher has a holiday verdict in each of the cycle's ten semesters: 300 x 10.
    assert counts.loc["semester-offline/holiday"].sum() == 3000
    assert set(counts.loc["semester-offline/holiday"].index.get_level_values(1)) == {"<none>"}
