"""Loading a policy, its tables, and its errors."""

import json
import re
import subprocess

import numpy as np
import pandas as pd
import pytest

import yanxiu
from support import CLI_DATA, DALI, ROOT


def test_loads_a_file_and_reads_its_rules(dali):
    assert dali.id == "dali-2017"
    assert dali.title == "大荔县校本研修培训五年行动方案"
    assert dali.source == "000_396de52c39e2b740.txt"
    assert dali.file_name == str(DALI)
    assert dali.warnings == []
    rules = dali.rules.set_index("rule_id")
    assert list(rules.index) == [
        "cycle-total", "year-total", "semester-total", "semester-offline",
        "semester-offline/school", "semester-offline/workshop", "semester-offline/self",
        "semester-offline/holiday", "creation-or-topic"]
    # Hours for the quotas; the choice expects one activity, 100 hundredths of one.
    assert rules["min_x100"].to_dict() == {
        "cycle-total": 30000, "year-total": 6000, "semester-total": 3000,
        "semester-offline": 3000, "semester-offline/school": 1200,
        "semester-offline/workshop": 800, "semester-offline/self": 400,
        "semester-offline/holiday": 600, "creation-or-topic": 100}
    assert rules["kind"].to_dict() == {**{rule: "quota" for rule in rules.index[:-1]},
                                       "creation-or-topic": "choice"}
    assert rules.loc["creation-or-topic", "activities"] == ["star_project", "research_topic"]
    assert rules.loc["semester-offline", "categories"] == "school, workshop, self, holiday"
    assert rules.loc["cycle-total", "period"] == "cycle"
    assert rules["max_x100"].isna().all()
    assert rules["carry_over_x100"].isna().all()
    assert rules.loc["semester-offline/school", "path"] == "rules[3].parts[0]"
    assert dali.rule_kind("semester-offline/school") == "quota"
    assert dali.rule_kind("creation-or-topic") == "choice"
    with pytest.raises(KeyError, match="no rule 'semester-offline/lunch'"):
        dali.rule_kind("semester-offline/lunch")


def test_the_credit_pipeline_of_the_policy(dali):
    """Dali S0.5-S0.7: papers and open lessons converted at the county's rates, online hours
    gated by their certificate, certified records credited."""
    conversions = dali.conversions.set_index(["id", "level"])
    assert (conversions.loc[("paper", "provincial"), ["min_h100", "max_h100"]].tolist()
            == [1000, 2000])
    assert conversions.loc[("paper", "city"), "min_h100"] == 800
    assert conversions.loc[("paper", "city"), "caps"] == [{"per": "academic_year",
                                                           "hours_h100": 2000}]
    assert conversions.loc[("open-lesson", "school"), "category"] == "school"
    gate = dali.gates.set_index("id").loc["online-certificate"]
    assert (gate["kind"], gate["categories"]) == ("certificate", "online")
    assert dali.certification == ("certified",)
    assert dali.credit_bank == {"offsets": [], "exemptible": [], "split": False}
    assert dali.caps.empty and dali.exemptions.empty and dali.attributes.empty


def test_categories_in_policy_order(dali):
    categories = dali.categories
    assert list(categories["id"]) == ["online", "school", "workshop", "self", "holiday"]
    assert categories.loc[1, "label"] == "学校研修"
    assert categories.loc[1, "groups"] == ["offline"]


def test_periods_follow_the_policy_calendar(dali):
    semesters = dali.periods("semester")
    assert len(semesters) == 10
    assert semesters.loc[0, "period"] == "2017-2018/1"
    assert semesters.loc[0, "period_start"] == pd.Timestamp("2017-09-01")
    assert semesters.loc[0, "period_end"] == pd.Timestamp("2018-01-31")
    assert semesters.loc[1, "period_start"] == pd.Timestamp("2018-02-01")
    cycle = dali.periods("cycle")
    assert cycle.loc[0, "period_start"] == pd.Timestamp("2017-09-01")
    assert cycle.loc[0, "period_end"] == pd.Timestamp("2022-08-31")
    assert list(dali.periods("academic_year")["period"]) == [
        "2017-2018", "2018-2019", "2019-2020", "2020-2021", "2021-2022"]
    with pytest.raises(ValueError, match="unknown period kind"):
        dali.periods("month")


def test_loads_json_text_and_dicts(dali):
    from_text = yanxiu.load_policy(dali.text)
    assert from_text.id == "dali-2017"
    assert from_text.file_name == "<memory>"
    from_dict = yanxiu.load_policy(dali.document(), name="dali.json")
    assert from_dict.file_name == "dali.json"
    assert from_dict.rules.equals(dali.rules.assign(line=from_dict.rules["line"]))
    assert json.loads(dali.text) == dali.document()


def test_warnings_do_not_stop_the_load(dali):
    # A policy of rubrics alone needs no rules; without either, it says so.
    empty = yanxiu.load_policy({**dali.document(), "rules": [], "rubrics": []}, name="empty.json")
    assert [(w.severity, w.file, w.path) for w in empty.warnings] == [
        ("warning", "empty.json", "rules")]
    assert empty.rules.empty


def test_policy_error_names_file_line_and_path():
    with pytest.raises(yanxiu.PolicyError) as caught:
        yanxiu.load_policy(CLI_DATA / "misspelt.json")
    error = caught.value
    assert isinstance(error, yanxiu.Error) and isinstance(error, ValueError)
    assert error.file == str(CLI_DATA / "misspelt.json")
    assert error.line == 10
    assert error.path == "rules[0].minimun"
    assert error.message == 'unknown key; did you mean "min"?'
    assert [(d.line, d.path, d.severity) for d in error.diagnostics] == [
        (10, "rules[0].minimun", "error"), (10, "rules[0]", "error")]
    assert str(error).splitlines() == [
        f'{error.file}:10: error: rules[0].minimun: unknown key; did you mean "min"?',
        f'{error.file}:10: error: rules[0]: missing required key "min"']


def test_policy_error_is_the_command_lines_message(cli_binary):
    path = CLI_DATA / "misspelt.json"
    printed = subprocess.run([cli_binary, "check", path], capture_output=True, text=True)
    assert printed.returncode == 2
    with pytest.raises(yanxiu.PolicyError) as caught:
        yanxiu.load_policy(path)
    assert str(caught.value) == printed.stderr.rstrip("\n")


def test_missing_policy_file():
    with pytest.raises(yanxiu.PolicyError) as caught:
        yanxiu.load_policy("no-such-policy.json")
    assert caught.value.file == "no-such-policy.json"
    assert caught.value.line == 0
    assert "cannot open the policy file" in str(caught.value)


def test_bad_json_text_points_at_its_line(dali):
    text = dali.text.replace('"min": 300', '"min": "300"')
    with pytest.raises(yanxiu.PolicyError) as caught:
        yanxiu.load_policy(text, name="edited.json")
    assert caught.value.file == "edited.json"
    assert caught.value.path == "rules[0].min"
    assert caught.value.line == dali.text.splitlines().index(
        next(line for line in dali.text.splitlines() if '"min": 300' in line)) + 1


def test_constants_come_from_the_engine():
    assert yanxiu.STATUSES == ("met", "short", "exempt", "not_applicable", "conflict")
    assert yanxiu.DISPOSITIONS == ("credited", "capped", "gated", "outside", "duplicate",
                                   "uncertified", "invalid")
    assert yanxiu.PERIOD_KINDS == ("semester", "academic_year", "cycle", "week", "fortnight",
                                   "phase")
    assert yanxiu.BASES == ("certified", "submitted")
    assert yanxiu.__version__.count(".") == 2


def test_enums_without_a_count_in_the_core_match_the_policy_format():
    """Rule kinds and record statuses have no count in the C++ headers, so _core lists as many
    as it knows; the policy format's reference names every value."""
    reference = (ROOT / "docs" / "policy-format.md").read_text()

    def listed(row_start: str) -> set[str]:
        line = next(line for line in reference.splitlines() if line.startswith(row_start))
        return set(re.findall(r'`"?([a-z_]+)"?`', line.split("|")[2]))

    assert set(yanxiu.RULE_KINDS) == listed("| `kind` | `\"quota\"")
    assert yanxiu.RULE_KINDS == ("quota", "count", "choice")
    assert set(yanxiu.RECORD_STATUSES) == listed("| `status` |")
    assert yanxiu.RECORD_STATUSES == ("certified", "pending", "rejected", "group_certified")


def test_to_decimal_is_exact():
    from decimal import Decimal

    assert yanxiu.to_decimal(1250) == Decimal("12.50")
    assert str(yanxiu.to_decimal(5)) == "0.05"
    assert list(yanxiu.to_decimal(pd.Series([3000, -25]))) == [Decimal("30.00"),
                                                               Decimal("-0.25")]
    assert list(yanxiu.to_decimal(np.array([1, 10]))) == [Decimal("0.01"), Decimal("0.10")]
    assert yanxiu.to_decimal(pd.Series([1, None], dtype="Int64"))[1] is None
