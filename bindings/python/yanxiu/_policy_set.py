"""Policy sets: successive versions of a county's policy, each judging its own periods."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from typing import Any, NamedTuple, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._audit import Audit
from ._common import (_check_audit_options, _date, _day_number, _disposition_text, _forwarded,
                      _messages)
from ._inputs import Intake, Source, Table, build_ledger
from ._ledger import MAX_REJECTED, Ledger
from ._progress import ProgressArg, progress_callback
from ._policy import Policy

class PolicyVersion(NamedTuple):
    policy: Policy
    effective: datetime.date
    """The first day the version is in force; it stays so until the next version's."""


def load_policy_set(path: Union[str, "os.PathLike[str]"]) -> PolicySet:
    """Loads a policy set (yanxiu-policy-set/1): successive versions of a county's policy with
    their effective dates, each version's policy file beside the set; or a single policy file,
    as a set of one version (is_single_policy) whose audit is the policy's own. Code that takes
    either needs only this. Raises PolicyError at the line of whatever is wrong, in the set or
    in one of its policies."""
    core = _core.load_policy_set(os.fspath(path))
    versions = []
    for policy, effective in core.versions:
        with open(policy.file_name, "rb") as file:
            text = file.read()
        versions.append(PolicyVersion(Policy(policy, text), _date(effective)))
    return PolicySet(core, versions)


class PolicySet:
    """Successive versions of a county's policy (docs/policy-lifecycle.md): each period is
    judged by the version in force for it. Immutable."""

    def __init__(self, core: _core.PolicySet, versions: list[PolicyVersion]) -> None:
        self._core = core
        self.versions = versions

    id = _forwarded("id")
    title = _forwarded("title")
    sha256 = _forwarded(
        "sha256",
        "The SHA-256 of the set's canonical form, naming each version by its policy's "
        "digest.")
    in_force_on = _forwarded(
        "in_force_on",
        'Which day of a period picks its version: "period_end" (the default) or '
        '"period_start".')
    is_single_policy = _forwarded(
        "is_single_policy",
        "Loaded from a policy file: its one version is in force every day, and its audit is "
        "the policy's own (no `policy` column).")

    def audit(self, teachers: Table, records: Table, *, as_of: Any = None,
              threads: Optional[int] = None, basis: str = "certified",
              max_rejected: float = MAX_REJECTED, on_rejected: str = "raise",
              hours_rounding: Optional[str] = None, time_of_day: str = "error",
              progress: ProgressArg = False) -> SetAudit:
        """Audits the county under every version (each reads `teachers` and `records` with its
        own policy) and keeps each verdict from the version in force for its period; options as
        for Policy.audit and Policy.ledger. A `recorded_at` column makes `as_of` replay what
        the audit said on that day: records entered later are `outside`. `progress` as for
        Policy.audit: each version reads and judges in turn."""
        _check_audit_options(threads, basis)
        intake = Intake(hours_rounding, time_of_day)
        report = progress_callback(progress)
        sources: dict[str, Source] = {}

        def read(policy: _core.Policy) -> _core.Ledger:
            ledger, found = build_ledger(policy, teachers, records, intake, progress=report)
            sources.update(found)
            return ledger

        core = _core.evaluate_set(self._core, read, _day_number(as_of), threads or 0, basis,
                                  report)
        audits = [Audit(audit, version.policy, Ledger(audit.ledger, sources,
                                                      policy=version.policy))
                  for audit, version in zip(core.audits, self.versions)]
        for audit in audits:
            audit.ledger._check_rejected(max_rejected, on_rejected)
        return SetAudit(core, self, audits, sources)

    def __repr__(self) -> str:
        versions = ", ".join(f"{v.policy.id} from {v.effective}" for v in self.versions)
        return f"<yanxiu.PolicySet {self.id}: {versions}>"


class SetAudit:
    """A county judged under a policy set: each verdict from the version in force for its
    period, each record's disposition from the version in force on its date. Immutable."""

    def __init__(self, core: _core.SetAudit, policy_set: PolicySet, audits: list[Audit],
                 sources: dict[str, Source]) -> None:
        self._core = core
        self.policy_set = policy_set
        self.audits = audits
        """Each version's whole audit, periods it does not judge included."""
        self._sources = sources

    def __len__(self) -> int:
        return len(self._core.rows()[0])

    @property
    def decision_record(self) -> str:
        """The set's line ("yanxiu-audit/1 engine 0.1.0 policy-set ID sha256 <digest> as_of -
        basis certified"), then a line per version ("version ID sha256 <digest> effective
        DATE")."""
        return "\n".join(self._core.decision_record)

    def to_pandas(self, teacher_columns: Iterable[str] = ()) -> pd.DataFrame:
        """The audit table of Audit.to_pandas, with `policy` (categorical): the id of the version
        that judged the row. Rows by teacher, then version, then rule and period. A single
        policy's is its audit's, without `policy`. hours_h100 is there when a version counts in
        credits, on every row (a version in hours: its credited hours)."""
        if self.policy_set.is_single_policy:
            return self.audits[0].to_pandas(teacher_columns)
        version, row = self._core.rows()
        hours_column = any(audit._core.hours_column for audit in self.audits)
        frames = []
        for v, audit in enumerate(self.audits):
            part = audit.to_pandas(teacher_columns).iloc[row[version == v]]
            if hours_column and "hours_h100" not in part:
                hours = np.asarray(audit.columns()["hours_h100"])[row[version == v]]
                part.insert(part.columns.get_loc("shortfall_x100") + 1, "hours_h100", hours)
            frames.append(part.set_axis(np.flatnonzero(version == v), axis=0))
        frame = pd.concat(frames).sort_index().astype(
            {column: str for column in ("teacher_id", "rule_id", "period", *teacher_columns)})
        for column in ("teacher_id", "rule_id", *teacher_columns):
            frame[column] = pd.Categorical(frame[column])
        # Periods ordered as in Audit.to_pandas: each version's in its order, then new ones.
        periods = dict.fromkeys(label for part in frames
                                for label in part["period"].cat.categories)
        frame["period"] = pd.Categorical(frame["period"], categories=list(periods), ordered=True)
        ids = [v.policy.id for v in self.policy_set.versions]
        frame["policy"] = pd.Categorical.from_codes(version.astype(np.int64), categories=ids)
        return frame.reset_index(drop=True)

    @property
    def dispositions(self) -> dict[str, int]:
        """Every input row once, as the command line's `records: ...` line counts them."""
        return self._core.disposition_counts

    @property
    def messages(self) -> pd.DataFrame:
        """The input's problems as the judging versions saw them (Ledger.messages' columns)."""
        return _messages(self._core.diagnostics, self._sources)

    def __repr__(self) -> str:
        return (f"<yanxiu.SetAudit {self.policy_set.id}: {len(self)} verdicts; records: "
                f"{_disposition_text(self.dispositions)}>")
