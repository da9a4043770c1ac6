"""Plots of an audit with matplotlib, which is imported only when a plot is drawn (Debian:
python3-matplotlib). Each function draws on `ax` (a new figure when None) and returns it.
Amounts are plotted in their unit (hundredths / 100: hours for quota rules, activities for
count and choice rules); the audit's numbers stay exact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from . import Audit


def _axes(ax: Optional[Axes], size: tuple[float, float]) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError("yanxiu.plot needs matplotlib (Debian: python3-matplotlib)") from error
    if ax is not None:
        return ax
    _figure, new_ax = plt.subplots(figsize=size)
    return new_ax


def compliance_by_school(audit: Audit, period_kind: str = "semester", by: str = "school",
                         ax: Optional[Axes] = None, cmap: str = "RdYlGn") -> Axes:
    """A heat map of the share of teachers meeting every rule of the period (none short, none
    in conflict), one row per school (or other teacher attribute `by`), one column per period
    of `period_kind`."""
    table = audit.compliance(by=by, period_kind=period_kind)
    periods = list(dict.fromkeys(table["period"]))
    share = table.pivot(index=by, columns="period", values="share").reindex(columns=periods)
    ax = _axes(ax, (max(6.0, 0.6 * len(periods)), max(3.0, 0.22 * len(share))))
    image = ax.imshow(share.to_numpy(dtype=float), aspect="auto", vmin=0.0, vmax=1.0, cmap=cmap,
                      interpolation="nearest")
    ax.set_xticks(np.arange(len(periods)), labels=periods, rotation=45, ha="right")
    ax.set_yticks(np.arange(len(share)), labels=[str(label) for label in share.index])
    ax.set_xlabel(period_kind)
    ax.set_ylabel(by)
    ax.set_title(f"{audit.policy.id}: teachers meeting every {period_kind} rule")
    ax.figure.colorbar(image, ax=ax, label="share compliant")
    return ax


def shortfall_distribution(audit: Audit, rule_id: Optional[str] = None, bins: int = 30,
                           ax: Optional[Axes] = None) -> Axes:
    """A histogram of what short verdicts miss: the hours of quota rules, stacked by rule; or,
    for one rule, its shortfall in its unit (hours, or activities for a count rule). Counts and
    hours are never stacked together."""
    frame = audit.to_pandas()
    short = frame[frame["status"] == "short"]
    if rule_id is not None:
        if rule_id not in frame["rule_id"].cat.categories:
            raise KeyError(f"no rule {rule_id!r} in the audit")
        kind = audit.policy.rule_kind(rule_id)
        short = short[short["rule_id"] == rule_id]
    else:
        kind = "quota"
        short = short[short["rule_kind"] == "quota"]
    rules = [rule for rule in short["rule_id"].cat.categories if (short["rule_id"] == rule).any()]
    amounts = [short.loc[short["rule_id"] == rule, "shortfall_x100"].to_numpy() / 100
               for rule in rules]
    ax = _axes(ax, (8.0, 4.5))
    if rules:
        ax.hist(amounts, bins=bins, stacked=True, label=rules)
        ax.legend(fontsize="small")
    ax.set_xlabel("hours short" if kind == "quota" else "activities short")
    ax.set_ylabel("verdicts")
    ax.set_title(f"{audit.policy.id}: shortfall of short verdicts" +
                 (f" ({rule_id})" if rule_id else ""))
    return ax


def tier_pyramid(audit: Audit, ax: Optional[Axes] = None, **options: Any) -> Axes:
    """Not yet: star and backbone tiers are not in the policy format yet; this plot comes
    with them."""
    raise NotImplementedError("tier_pyramid: tiers (star and backbone teachers) are not in the "
                              "policy format yet; the pyramid comes with them")
