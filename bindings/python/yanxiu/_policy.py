"""Policies: loading, their parts as DataFrames, what-if changes, and the audit."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._audit import Audit
from ._changes import ChangePath, apply_changes
from ._common import (BASES, RULE_KINDS, TIER_STATUSES, _check_audit_options, _dates,
                      _day_number, _forwarded)
from ._inputs import Intake, Source, Table, build_ledger, read_score_table
from ._ledger import MAX_REJECTED, Ledger
from ._progress import ProgressArg, progress_callback
from ._scores import Scores

PolicySource = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def load_policy(source: PolicySource, name: Optional[str] = None) -> Policy:
    """Loads and validates a policy: a path to its JSON file, its JSON text (a str starting
    with "{"), or the document as a dict. Raises PolicyError, whose str() is the command line's
    message (FILE:LINE: error: PATH: what is wrong) and whose file, line and path say where."""
    if isinstance(source, Mapping):
        text = json.dumps(source, ensure_ascii=False, indent=2).encode()
        return Policy._parse(text, name or "<memory>")
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return Policy._parse(source.encode(), name or "<memory>")
    path = os.fspath(source)
    try:
        with open(path, "rb") as file:
            text = file.read()
    except OSError:
        _core.load_policy(path)  # raises the engine's PolicyError for a file it cannot open
        raise
    return Policy._parse(text, name or path)


class Policy:
    """A loaded, validated policy. Immutable; audit a county with `audit`, change it with
    `with_changes`."""

    def __init__(self, core: _core.Policy, text: bytes) -> None:
        self._core = core
        self._text = text

    @classmethod
    def _parse(cls, text: bytes, name: str) -> Policy:
        return cls(_core.parse_policy(text, name), text)

    id = _forwarded("id")
    title = _forwarded("title")
    source = _forwarded("source", "The document the policy encodes.")
    file_name = _forwarded("file_name", "Where the policy was loaded from, as messages name it.")
    sha256 = _forwarded(
        "sha256",
        "The SHA-256 of the policy's canonical form (64 hex digits): the same for the "
        "same content whatever the file's layout or key order.")
    warnings = _forwarded("warnings", "Findings that did not stop the load.")

    @property
    def text(self) -> str:
        """The JSON text the policy was loaded from."""
        return self._text.decode("utf-8-sig")

    @property
    def categories(self) -> pd.DataFrame:
        """id, label and groups of every category, in the policy's order (its indices)."""
        return pd.DataFrame(self._core.categories, columns=["id", "label", "groups"])

    @property
    def rules(self) -> pd.DataFrame:
        """One row per rule and per part (rule_id "RULE/PART"), as audits report them. `kind`
        is the rule's (a part's is its rule's); min_x100, max_x100 and carry_over_x100 are
        hundredths of the kind's unit: hours for quota, activities for count and choice (a
        choice rule's min is 1, stored as 100)."""
        rows = []
        for rule in self._core.rules:
            common = {"source": rule["source"], "kind": rule["kind"], "period": rule["period"],
                      "pro_rate": rule["pro_rate"],
                      "applies_to_everyone": rule["applies_to_everyone"],
                      "phases": rule["phases"]}
            rows.append({"rule_id": rule["id"], "label": rule["label"], **common,
                         "categories": rule["categories"], "activities": rule["activities"],
                         "min_x100": rule["min_x100"], "max_x100": rule["max_x100"],
                         "carry_over_x100": rule["carry_over_x100"],
                         "fill_deficits": rule["fill_deficits"],
                         "line": rule["line"], "path": rule["path"]})
            for part in rule["parts"]:
                rows.append({"rule_id": f"{rule['id']}/{part['id']}", "label": part["label"],
                             **common, "categories": part["categories"], "activities": [],
                             "min_x100": part["min_x100"], "max_x100": None,
                             "carry_over_x100": None, "fill_deficits": False,
                             "line": part["line"], "path": part["path"]})
        frame = pd.DataFrame(rows, columns=["rule_id", "label", "source", "kind", "period",
                                            "categories", "activities", "min_x100", "max_x100",
                                            "carry_over_x100", "fill_deficits", "pro_rate",
                                            "phases", "applies_to_everyone", "line", "path"])
        frame["kind"] = pd.Categorical(frame["kind"], categories=RULE_KINDS)
        frame["min_x100"] = frame["min_x100"].astype(np.int64)
        for column in ("max_x100", "carry_over_x100"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def rule_kind(self, rule_id: str) -> str:
        """The kind of a rule or part ("semester-offline/school" is its rule's): quota, count
        or choice. KeyError for an id the policy lacks."""
        index = self._core.find_rule(rule_id.split("/", 1)[0])
        if index is None:
            raise KeyError(f"no rule {rule_id!r} in policy {self.id}")
        rule = self._core.rules[index]
        if "/" in rule_id and rule_id.split("/", 1)[1] not in [p["id"] for p in rule["parts"]]:
            raise KeyError(f"no rule {rule_id!r} in policy {self.id}")
        return rule["kind"]

    @property
    def attributes(self) -> pd.DataFrame:
        """The teacher attributes the policy declares: id, label, type, values (allowed values;
        empty: any)."""
        return pd.DataFrame(self._core.attributes,
                            columns=["id", "label", "type", "values", "line", "path"])

    @property
    def conversions(self) -> pd.DataFrame:
        """Outcome conversions (成果换算), one row per conversion and level: the records'
        `outcome` and `level`, the category it credits, and the hours an item earns,
        min_h100..max_h100 (equal for a fixed rate; a range is the reviewer's choice).
        item_cap_h100 caps one item; caps lists the caps per period ({per, hours_h100})."""
        rows = []
        for conversion in self._core.conversions:
            for rate in conversion["rates"]:
                rows.append({"id": conversion["id"], "label": conversion["label"],
                             "source": conversion["source"], "outcome": conversion["outcome"],
                             "level": rate["level"], "category": conversion["category"],
                             "min_h100": rate["min_h100"], "max_h100": rate["max_h100"],
                             "item_cap_h100": conversion["item_cap_h100"],
                             "caps": conversion["caps"],
                             "applies_to_everyone": conversion["applies_to_everyone"],
                             "line": conversion["line"], "path": conversion["path"]})
        frame = pd.DataFrame(rows, columns=["id", "label", "source", "outcome", "level",
                                            "category", "min_h100", "max_h100", "item_cap_h100",
                                            "caps", "applies_to_everyone", "line", "path"])
        frame["item_cap_h100"] = frame["item_cap_h100"].astype("Int64")
        return frame

    @property
    def gates(self) -> pd.DataFrame:
        """Conditions a record must meet to earn anything (a failed gate makes it `gated`): kind
        attendance (min_percent), assessment (passing results), certificate, or evidence
        (min_count records of activity per period)."""
        frame = pd.DataFrame(self._core.gates,
                             columns=["id", "label", "source", "kind", "categories",
                                      "min_percent", "passing", "activity", "min_count", "per",
                                      "line", "path"])
        for column in ("min_percent", "min_count"):
            frame[column] = frame[column].astype("Int64")
        return frame

    @property
    def caps(self) -> pd.DataFrame:
        """Category caps: at most max_h100 hours of the categories credited per period."""
        return pd.DataFrame(self._core.category_caps,
                            columns=["id", "label", "categories", "per", "max_h100", "line",
                                     "path"])

    @property
    def credit_bank(self) -> dict[str, Any]:
        """The credit bank (学分银行): offsets [(from, to)] a record may declare as `counts_as`,
        the exemptible categories (免修, `exempted`), and whether records may be `split`."""
        return self._core.credit_bank

    @property
    def certification(self) -> tuple[str, ...]:
        """The record statuses the policy credits (an audit with basis="submitted" also counts
        pending and group_certified)."""
        return tuple(self._core.certification)

    @property
    def exemptions(self) -> pd.DataFrame:
        """Exemptions: the audit rows they waive ("RULE" or "RULE/PART") for teachers their
        selector picks, once they have requires_min_h100 hours of requires_categories."""
        return pd.DataFrame(self._core.exemptions,
                            columns=["id", "label", "source", "requires_categories",
                                     "requires_min_h100", "waives", "line", "path"])

    def periods(self, kind: str = "semester") -> pd.DataFrame:
        """The periods of a kind (one of PERIOD_KINDS: semester, academic_year, cycle, week,
        fortnight, phase): label, start, end."""
        periods = self._core.periods(kind)
        return pd.DataFrame({"period": periods["label"],
                             "period_start": _dates(periods["first_day"]),
                             "period_end": _dates(periods["last_day"])})

    def document(self) -> dict[str, Any]:
        """The policy as a fresh dict (change it and pass it to load_policy)."""
        return json.loads(self._text.decode("utf-8-sig"))

    def with_changes(self, changes: Mapping[ChangePath, Any]) -> Policy:
        """The policy with some values changed, validated anew by the engine:

            policy.with_changes({"rules.semester-offline.min": 24})

        A path names keys, and list elements by their id (`rules.semester-offline.parts.school
        .min`) or index (`rules[3].min`); a tuple of segments allows ids holding a dot. The value
        REMOVE deletes what the path names. Hours may be int, Decimal or str-free numbers.
        Raises ValueError for a path that names nothing, PolicyError for an invalid result."""
        document = apply_changes(self.document(), changes)
        name = self.file_name if self.file_name.endswith(" (changed)") \
            else f"{self.file_name} (changed)"
        return Policy._parse(json.dumps(document, ensure_ascii=False, indent=2).encode(), name)

    def ledger(self, teachers: Table, records: Table, *, max_rejected: float = MAX_REJECTED,
               on_rejected: str = "raise", hours_rounding: Optional[str] = None,
               time_of_day: str = "error", encoding: str = "utf-8",
               progress: ProgressArg = False) -> Ledger:
        """Teachers and records, checked row by row: DataFrames or dicts of numpy columns named
        as in teachers.csv / records.csv, CSV paths, or CSV text. Bad rows become messages.

        When more than `max_rejected` (a share, default 0.5) of a table's rows are rejected,
        `on_rejected` "raise" raises RejectedRowsError, "warn" warns (RejectedRowsWarning),
        "ignore" goes on. For DataFrames: `hours_rounding` ("half_up", "half_even"; default None:
        more than two decimals is an invalid row) rounds hours and attended to hundredths;
        `time_of_day` "drop" reads datetimes with a time of day as their date (default "error":
        such a row is rejected). CSV paths are read in `encoding`: "utf-8" (a GB18030 file is
        refused, saying so), "gb18030" (GBK, as Chinese Excel and WPS save) or "auto" (either,
        with a warning message when GB18030); a file with a UTF-16 byte-order mark is read as
        UTF-16 whatever is given. Raises ValueError for another encoding. `progress` True shows
        how far each CSV file is read on standard error (a bar a terminal or a notebook redraws);
        a callable(phase, done, total) is handed each report instead."""
        intake = Intake(hours_rounding, time_of_day)
        ledger = Ledger(*build_ledger(self._core, teachers, records, intake, encoding,
                                      progress_callback(progress)),
                        policy=self)
        ledger._check_rejected(max_rejected, on_rejected)
        return ledger

    def audit(self, teachers: Union[Table, Ledger], records: Optional[Table] = None, *,
              as_of: Any = None, threads: Optional[int] = None, basis: str = "certified",
              progress: ProgressArg = False, **intake: Any) -> Audit:
        """Audits every teacher. `teachers` and `records` as for `ledger`, or a Ledger alone
        (to audit one county under several policies). `as_of` judges as on that day; `threads`
        (default: every core) never changes the result. `basis` "certified" counts the record
        statuses the policy credits; "submitted" also counts pending and group_certified
        records, to show what the audit will say once review is done (rejected never count).
        `progress` True shows each phase (reading records, judging) with how far it is, its
        rate and the time left on standard error; a callable(phase, done, total) gets the
        reports instead; neither changes the result. Other keywords (max_rejected, on_rejected,
        hours_rounding, time_of_day, encoding) go to `ledger`."""
        report = progress_callback(progress)
        if isinstance(teachers, Ledger):
            if records is not None or intake:
                raise TypeError("audit(ledger) takes no records and no intake options")
            ledger = teachers
        else:
            if records is None:
                raise TypeError("audit needs teachers and records (or a Ledger)")
            ledger = self.ledger(teachers, records, progress=report or False, **intake)
        _check_audit_options(threads, basis)
        core = _core.evaluate(self._core, ledger._core, _day_number(as_of), threads or 0, basis,
                              report)
        return Audit(core, self, ledger)

    @property
    def rubrics(self) -> pd.DataFrame:
        """One row per item of every rubric: rubric_id, subject, item_id, group, label,
        weight_x100 (hundredths of a point), kind (score, level, metric), evidence, metric,
        line."""
        return pd.DataFrame(_core.rubric_items(self._core),
                            columns=["rubric_id", "subject", "item_id", "group", "label",
                                     "weight_x100", "kind", "evidence", "metric", "line"])

    def score(self, rubric: str, scores: Optional[Table] = None,
              metrics: Optional[Table] = None, *, encoding: str = "utf-8") -> Scores:
        """Scores a rubric. `scores` has subject_id, item_id and score (or level, or both), with
        evaluator when the rubric has evaluators; `metrics` has subject_id, metric and value.
        Each may be a DataFrame, a dict of columns, a CSV path or CSV text; at least one is
        needed; CSV paths are read in `encoding`, as for `ledger`. Bad rows become messages, as
        in a ledger. Raises ValueError for a rubric the policy does not have, or an unknown
        encoding."""
        if scores is None and metrics is None:
            raise TypeError("score needs scores, metrics or both")
        sheet = _core.ScoreSheet(self._core, rubric, encoding)
        sources: dict[str, Source] = {}
        if scores is not None:
            read_score_table(sheet, scores, "scores", sources)
        if metrics is not None:
            read_score_table(sheet, metrics, "metrics", sources)
        return Scores(_core.score_rubric(sheet), self, sources)

    def tiers(self, teachers: Any, records: Optional[Table] = None, as_of: Any = None,
              basis: str = "certified", criteria: bool = False) -> pd.DataFrame:
        """Every teacher's standing on every tier ladder of the policy: one row per teacher and
        ladder (teacher_id, school, ladder, tier, since, next_tier, status, result_tier, veto,
        missing), or with `criteria` one row per criterion judged (teacher_id, ladder, use,
        tier, criterion, kind, have_x100, need_x100, known, met, text; amounts in hundredths).
        `teachers` and `records` as for `audit`, or a Ledger alone; `as_of` is the day judged
        (default: the cycle's last day)."""
        ledger = self._ledger_of(teachers, records, "tiers")
        if basis not in BASES:
            raise ValueError(f"unknown basis {basis!r}; one of {', '.join(BASES)}")
        core = _core.evaluate_tiers(self._core, ledger._core, _day_number(as_of), basis)
        if criteria:
            frame = pd.DataFrame(core.criteria_columns())
            frame["known"] = frame["known"].astype(bool)
            frame["met"] = frame["met"].astype(bool)
            return frame
        frame = pd.DataFrame(core.columns())
        frame["since"] = _dates(frame["since"].to_numpy())
        frame["status"] = pd.Categorical(frame["status"], categories=TIER_STATUSES)
        return frame

    def _ledger_of(self, teachers: Any, records: Optional[Table], what: str) -> Ledger:
        if isinstance(teachers, Ledger):
            if records is not None:
                raise TypeError(f"{what}(ledger) takes no records")
            return teachers
        if records is None:
            raise TypeError(f"{what} needs teachers and records (or a Ledger)")
        return self.ledger(teachers, records)

    def __repr__(self) -> str:
        return f"<yanxiu.Policy {self.id} from {self.file_name}>"
