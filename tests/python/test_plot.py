"""Plots render to files (CTest sets MPLBACKEND=Agg; without a display matplotlib picks it
anyway), with Chinese school names and tier labels, and draw what they say: whole rules of one
period kind in the shortfall histogram, a choice rule by status, shares in the heat map's
cells, the tier pyramid from Policy.tiers. PNGs are written to tmp_path; set
YANXIU_PLOT_DIR to keep them and look at them."""

import os
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import yanxiu

SCHOOLS = {"S001": "大理市第一中学", "S002": "下关镇第二小学", "S003": "喜洲镇中心学校",
           "S004": "凤仪镇初级中学", "S005": "海东镇完全小学"}


@pytest.fixture(scope="module")
def audit(dali):
    county = yanxiu.synthetic_county(dali, teachers=300, seed=5)
    teachers = county.teachers.assign(school=county.teachers["school"].map(SCHOOLS))
    assert teachers["school"].notna().all()
    return dali.audit(teachers, county.records)


def saved(ax, path):
    """Draws the figure to a PNG and fails on any glyph the fonts lack (a box)."""
    keep = os.environ.get("YANXIU_PLOT_DIR")
    if keep:
        path = Path(keep) / path.name
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.savefig(path)
    missing = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert not missing, missing[:3]
    plt.close(ax.figure)
    return path.stat().st_size


def test_a_cjk_font_is_selected():
    assert yanxiu.plot.cjk_font() in yanxiu.plot.CJK_FONTS


def test_compliance_by_school(audit, tmp_path):
    ax = yanxiu.plot.compliance_by_school(audit)
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert labels[:2] == ["2017-2018/1", "2017-2018/2"]
    schools = [label.get_text() for label in ax.get_yticklabels()]
    assert set(schools) == set(audit.teachers["school"]) <= set(SCHOOLS.values())
    # Each cell shows its share: one text per school and semester.
    table = audit.compliance(by="school", period_kind="semester")
    cells = [text.get_text() for text in ax.texts]
    assert len(cells) == len(table)
    first = table.iloc[0]
    assert f"{first['compliant'] / first['teachers']:.0%}" in cells
    assert saved(ax, tmp_path / "compliance.png") > 1000


def test_compliance_by_year_on_given_axes(audit, tmp_path):
    _figure, ax = plt.subplots()
    drawn = yanxiu.plot.compliance_by_school(audit, period_kind="academic_year", by="stage",
                                             ax=ax)
    assert drawn is ax
    assert len(ax.get_xticklabels()) == 5
    assert saved(ax, tmp_path / "years.png") > 1000


def test_shortfall_distribution_stacks_whole_rules_of_one_period_kind(audit, tmp_path):
    ax = yanxiu.plot.shortfall_distribution(audit)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    # A rule's parts are within it (no double counting); the cycle and the academic years are
    # not on the semesters' axis; activities are not stacked with hours.
    assert legend == ["semester-total", "semester-offline"]
    assert ax.get_xlabel() == "hours short"
    frame = audit.to_pandas()
    short = frame[(frame.status == "short") & frame.rule_id.isin(legend)]
    stacked = sum(patch.get_height() for patch in ax.patches)
    assert stacked == len(short)
    assert saved(ax, tmp_path / "shortfall.png") > 1000
    one = yanxiu.plot.shortfall_distribution(audit, rule_id="cycle-total", bins=10)
    assert [text.get_text() for text in one.get_legend().get_texts()] == ["cycle-total"]
    assert saved(one, tmp_path / "cycle.png") > 1000
    part = yanxiu.plot.shortfall_distribution(audit, rule_id="semester-offline/holiday")
    assert [text.get_text() for text in part.get_legend().get_texts()] == [
        "semester-offline/holiday"]
    assert saved(part, tmp_path / "holiday.png") > 1000
    with pytest.raises(KeyError, match="no rule"):
        yanxiu.plot.shortfall_distribution(audit, rule_id="no-such-rule")


def test_a_choice_rule_plots_its_verdicts_by_status(audit, tmp_path):
    ax = yanxiu.plot.shortfall_distribution(audit, rule_id="creation-or-topic")
    statuses = [label.get_text() for label in ax.get_xticklabels()]
    counts = audit.to_pandas().query("rule_id == 'creation-or-topic'")["status"].value_counts()
    assert set(statuses) == {status for status, count in counts.items() if count}
    assert len(statuses) > 1  # not one bar
    heights = {label: patch.get_height() for label, patch in zip(statuses, ax.patches)}
    assert heights == {status: counts[status] for status in statuses}
    assert saved(ax, tmp_path / "choice.png") > 1000


def test_tier_pyramid(audit, tmp_path):
    ax = yanxiu.plot.tier_pyramid(audit)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == ["(none)", "一星", "二星", "三星", "四星", "五星"]
    tiers = audit.policy.tiers(audit.ledger)
    stars = tiers[tiers.ladder == "star"]
    totals = [int(text.get_text()) for text in ax.texts]
    assert sum(totals) == len(stars) == audit.ledger.teacher_count
    assert totals[1] == (stars.tier == "1").sum()
    assert saved(ax, tmp_path / "stars.png") > 1000
    backbone = yanxiu.plot.tier_pyramid(audit, ladder="backbone")
    assert [label.get_text() for label in backbone.get_yticklabels()][1] == "县级教学能手"
    assert saved(backbone, tmp_path / "backbone.png") > 1000
    with pytest.raises(KeyError, match="no ladder"):
        yanxiu.plot.tier_pyramid(audit, ladder="dan")
