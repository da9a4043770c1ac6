"""Plots render to files (CTest sets MPLBACKEND=Agg; without a display matplotlib picks it
anyway)."""

import matplotlib.pyplot as plt
import pytest

import yanxiu


@pytest.fixture(scope="module")
def audit(dali):
    county = yanxiu.synthetic_county(dali, teachers=300, seed=5)
    return dali.audit(county.teachers, county.records)


def saved(ax, path):
    ax.figure.savefig(path)
    plt.close(ax.figure)
    return path.stat().st_size


def test_compliance_by_school(audit, tmp_path):
    ax = yanxiu.plot.compliance_by_school(audit)
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert labels[:2] == ["2017-2018/1", "2017-2018/2"]
    assert len(ax.get_yticklabels()) == audit.teachers["school"].nunique()
    assert saved(ax, tmp_path / "compliance.png") > 1000


def test_compliance_by_year_on_given_axes(audit, tmp_path):
    _figure, ax = plt.subplots()
    drawn = yanxiu.plot.compliance_by_school(audit, period_kind="academic_year", by="stage",
                                             ax=ax)
    assert drawn is ax
    assert len(ax.get_xticklabels()) == 5
    assert saved(ax, tmp_path / "years.png") > 1000


def test_shortfall_distribution(audit, tmp_path):
    ax = yanxiu.plot.shortfall_distribution(audit)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "semester-offline/holiday" in legend
    assert "creation-or-topic" not in legend  # activities are not stacked with hours
    assert ax.get_xlabel() == "hours short"
    assert saved(ax, tmp_path / "shortfall.png") > 1000
    choice = yanxiu.plot.shortfall_distribution(audit, rule_id="creation-or-topic")
    assert choice.get_xlabel() == "activities short"
    assert saved(choice, tmp_path / "choice.png") > 1000
    one = yanxiu.plot.shortfall_distribution(audit, rule_id="cycle-total", bins=10)
    assert [text.get_text() for text in one.get_legend().get_texts()] == ["cycle-total"]
    assert saved(one, tmp_path / "cycle.png") > 1000
    with pytest.raises(KeyError, match="no rule"):
        yanxiu.plot.shortfall_distribution(audit, rule_id="no-such-rule")


def test_tier_pyramid_is_not_there_yet(audit):
    with pytest.raises(NotImplementedError, match="tiers"):
        yanxiu.plot.tier_pyramid(audit)
