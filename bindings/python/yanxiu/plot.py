"""Plots of an audit with matplotlib, which is imported only when a plot is drawn (Debian:
python3-matplotlib). Each function draws on `ax` (a new figure when None) and returns it.
Amounts are plotted in their unit (hundredths / 100: hours for quota rules, activities for
count and choice rules); the audit's numbers stay exact.

Chinese school names, tier and rule labels need a CJK font, which matplotlib's default DejaVu
Sans lacks (each character drew as a box, with a "Glyph missing" warning). The first plot adds
the first CJK font installed (Debian fonts-wqy-microhei or fonts-noto-cjk; see CJK_FONTS) after
matplotlib's font.family, so Latin text keeps its font and CJK characters fall back to the CJK
one (matplotlib 3.6 and later)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._audit import Audit

#: CJK fonts yanxiu.plot looks for, in order: Debian's fonts-wqy-microhei, fonts-noto-cjk, and
#: the usual ones elsewhere.
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC",
             "Microsoft YaHei", "SimHei", "PingFang SC")


def cjk_font() -> Optional[str]:
    """The CJK font the plots use (added to matplotlib's font.family as a fallback), or None
    when none of CJK_FONTS is installed (Chinese text then draws as boxes)."""
    import matplotlib
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = next((name for name in CJK_FONTS if name in installed), None)
    # A generic family ("sans-serif") stands for its first installed font only; fallback
    # happens between the entries of font.family.
    families = list(matplotlib.rcParams["font.family"])
    if found is not None and found not in families:
        matplotlib.rcParams["font.family"] = families + [found]
    return found


def _axes(ax: Optional[Axes], size: tuple[float, float]) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError("yanxiu.plot needs matplotlib (Debian: python3-matplotlib)") from error
    cjk_font()
    if ax is not None:
        return ax
    # Constrained layout keeps long labels (school names, rotated periods) inside the figure.
    _figure, new_ax = plt.subplots(figsize=size, layout="constrained")
    return new_ax


def compliance_by_school(audit: Audit, period_kind: str = "semester", by: str = "school",
                         ax: Optional[Axes] = None, cmap: str = "RdYlGn") -> Axes:
    """A heat map of the share of teachers meeting every rule of the period (none short, none
    in conflict), one row per school (or other teacher attribute `by`), one column per period
    of `period_kind`; each cell shows its share in percent."""
    table = audit.compliance(by=by, period_kind=period_kind)
    periods = list(dict.fromkeys(table["period"]))
    share = table.pivot(index=by, columns="period", values="share").reindex(columns=periods)
    values = share.to_numpy(dtype=float)
    ax = _axes(ax, (max(6.0, 0.8 * len(periods)), max(3.0, 0.35 * len(share))))
    image = ax.imshow(values, aspect="auto", vmin=0.0, vmax=1.0, cmap=cmap,
                      interpolation="nearest")
    for (y, x), value in np.ndenumerate(values):
        if not np.isnan(value):
            # Dark text on the light middle of the map, white on its dark ends.
            ax.text(x, y, f"{value:.0%}", ha="center", va="center", fontsize="x-small",
                    color="black" if 0.25 < value < 0.8 else "white")
    ax.set_xticks(np.arange(len(periods)), labels=periods, rotation=45, ha="right")
    ax.set_yticks(np.arange(len(share)), labels=[str(label) for label in share.index])
    ax.set_xlabel(period_kind)
    ax.set_ylabel(by)
    ax.set_title(f"{audit.policy.id}: teachers meeting every {period_kind} rule")
    ax.figure.colorbar(image, ax=ax, label="share compliant")
    return ax


def shortfall_distribution(audit: Audit, rule_id: Optional[str] = None, bins: int = 30,
                           period_kind: str = "semester", ax: Optional[Axes] = None) -> Axes:
    """What short verdicts miss. Without `rule_id`: a histogram of the hours short on the
    `period_kind` periods' quota rules, stacked by rule, whole rules only (a rule's parts are
    within it: stacking both would count the same hours twice). With `rule_id` (a rule or a
    part, of any period): its shortfall in its unit, hours or activities, one bar per whole
    number of activities for a count rule; a choice rule has no amount to spread (one option is
    missing, or none), so it shows its verdicts by status: how many teachers took none of the
    options (short), one (met) or more (conflict)."""
    frame = audit.to_pandas()
    if rule_id is not None:
        if rule_id not in frame["rule_id"].cat.categories:
            raise KeyError(f"no rule {rule_id!r} in the audit")
        kind = audit.policy.rule_kind(rule_id)
        frame = frame[frame["rule_id"] == rule_id]
        if kind == "choice":
            return _statuses(audit, frame, rule_id, ax)
        rules = [rule_id]
    else:
        kind = "quota"
        frame = frame[(frame["rule_kind"] == "quota") & (frame["period_kind"] == period_kind)]
        rules = [rule for rule in frame["rule_id"].cat.categories
                 if "/" not in rule and (frame["rule_id"] == rule).any()]
    short = frame[frame["status"] == "short"]
    amounts = [short.loc[short["rule_id"] == rule, "shortfall_x100"].to_numpy() / 100
               for rule in rules]
    ax = _axes(ax, (8.0, 4.5))
    if any(len(values) for values in amounts):
        if kind == "count":
            # Whole activities: one bar per number missing.
            top = max(int(values.max()) for values in amounts if len(values))
            bins = np.arange(0.5, top + 1.5)
        ax.hist(amounts, bins=bins, stacked=True, label=rules)
        ax.legend(fontsize="small")
    ax.set_xlabel("hours short" if kind == "quota" else "activities short")
    ax.set_ylabel("short verdicts")
    ax.set_title(f"{audit.policy.id}: shortfall of short verdicts" +
                 (f" ({rule_id})" if rule_id else f", {period_kind} rules"))
    return ax


def _statuses(audit: Audit, frame: Any, rule_id: str, ax: Optional[Axes]) -> Axes:
    """A choice rule's verdicts by status, one bar each, with its count."""
    from ._common import STATUSES

    counts = frame["status"].value_counts().reindex(STATUSES, fill_value=0)
    counts = counts[counts > 0]
    ax = _axes(ax, (6.0, 4.0))
    bars = ax.bar([str(status) for status in counts.index], counts.to_numpy())
    ax.bar_label(bars)
    ax.set_xlabel("status (short: no option taken; met: one; conflict: more than one)")
    ax.set_ylabel("verdicts")
    ax.set_title(f"{audit.policy.id}: {rule_id} by status")
    return ax


def tier_pyramid(audit: Audit, ladder: Optional[str] = None, ax: Optional[Axes] = None) -> Axes:
    """The teachers at each tier of a ladder (default: the policy's first), as the audit's
    ledger and day judge them (Policy.tiers), lowest tier at the bottom; each bar split into
    the teachers who may climb now (status eligible) and the others. Tiers carry the policy's
    labels (一星, 学科带头人 ...)."""
    ladders = audit.policy.document().get("tiers", {}).get("ladders", [])
    if not ladders:
        raise ValueError(f"policy {audit.policy.id} has no tier ladders")
    chosen = next((item for item in ladders if item["id"] == ladder), None) if ladder \
        else ladders[0]
    if chosen is None:
        raise KeyError(f"no ladder {ladder!r}; the policy has: "
                       f"{', '.join(item['id'] for item in ladders)}")
    frame = audit.policy.tiers(audit.ledger, as_of=audit.as_of, basis=audit.basis)
    frame = frame[frame["ladder"] == chosen["id"]]
    tiers = [""] + [tier["id"] for tier in chosen["tiers"]]
    labels = ["(none)"] + [tier.get("label") or tier["id"] for tier in chosen["tiers"]]
    eligible = frame["status"] == "eligible"
    climbing = np.array([int((eligible & (frame["tier"] == t)).sum()) for t in tiers])
    staying = np.array([int((~eligible & (frame["tier"] == t)).sum()) for t in tiers])
    total = climbing + staying
    widest = max(int(total.max()), 1)
    ax = _axes(ax, (7.0, max(3.0, 0.5 * len(tiers))))
    y = np.arange(len(tiers))
    left = -total / 2
    ax.barh(y, staying, left=left, color="#8da0cb", label="not eligible to climb")
    ax.barh(y, climbing, left=left + staying, color="#66c2a5", label="eligible to climb")
    for row, count in zip(y, total):
        ax.text(widest / 2 + 0.5, row, str(count), va="center", fontsize="small")
    ax.set_yticks(y, labels=labels)
    ax.set_xticks([])
    ax.set_xlim(-widest / 2 - 1, widest / 2 + max(2.0, 0.12 * widest))
    ax.set_title(f"{audit.policy.id}: {chosen.get('label') or chosen['id']}, teachers by tier")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2,
              frameon=False)
    return ax
