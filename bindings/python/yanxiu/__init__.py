"""yanxiu for policy analysts: teacher in-service training policy, audited with pandas.

    import yanxiu
    policy = yanxiu.load_policy("examples/policies/dali-2017.json")
    county = yanxiu.synthetic_county(policy, teachers=3000)
    audit = policy.audit(county.teachers, county.records)
    audit.to_pandas()          # one row per teacher x rule (x part) x period

Rubrics score schools, teachers and leaders item by item:

    pucheng = yanxiu.load_policy("examples/policies/pucheng-2014.json")
    yanxiu.score(pucheng, "school-evaluation", scores, metrics)   # a DataFrame

Numbers are exact int64 hundredths; no float is used in any sum. A rule's amounts (required,
credited, shortfall, min) are in `*_x100` columns, hundredths of the rule's unit, which the
`rule_kind` column gives: hours for `quota` rules (3000 is 30 hours), activities for `count`
and `choice` rules (1000 is 10 lesson observations; counts are whole, so always a multiple of
100). A record's hours are in `*_h100` columns, always hours (`hours_h100`). `to_decimal`
turns hundredths into exact decimals for display.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Optional, Union, overload

import numpy as np
import pandas as pd

from . import _core, plot
from ._changes import REMOVE, ChangePath, apply_changes
from ._core import Diagnostic, Error, InputError, PolicyError
from ._inputs import Table, build_ledger, read_score_table

__version__: str = _core.__version__

__all__ = [
    "Audit", "County", "CountyCsv", "Diagnostic", "Error", "Explanation", "GapPlan", "GroupAssignment",
    "InputError", "Ledger", "PolicySet", "PolicyVersion", "SetAudit",
    "Policy", "PolicyError", "REMOVE", "Scores", "Summary", "BASES", "DISPOSITIONS",
    "PERIOD_KINDS", "RECORD_STATUSES", "RULE_KINDS", "SCORE_DISPOSITIONS", "SCORE_ROW_KINDS",
    "SCORE_STATUSES", "STATUSES", "TIER_STATUSES", "Impact", "compare", "diff", "groups_assess",
    "groups_assign", "groups_audit", "load_policy", "load_policy_set",
    "plot", "score", "synthetic_county", "synthetic_county_csv", "tiers", "to_decimal",
]

STATUSES: tuple[str, ...] = tuple(_core.statuses())
"""Verdict statuses, in the engine's order (the categories of every `status` column): met,
short, exempt, not_applicable, conflict (a choice rule with more than one of its options)."""
DISPOSITIONS: tuple[str, ...] = tuple(_core.dispositions())
"""Where an input record ends up, in the engine's order."""
PERIOD_KINDS: tuple[str, ...] = tuple(_core.period_kinds())
RULE_KINDS: tuple[str, ...] = tuple(_core.rule_kinds())
"""What a rule measures: quota (hours), count (activities), choice (one of a set of
activities). The categories of every `rule_kind` column."""
RECORD_STATUSES: tuple[str, ...] = tuple(_core.record_statuses())
"""Review states of a record (the records' `status` column)."""
BASES: tuple[str, ...] = tuple(_core.bases())
"""Which record statuses an audit counts: certified (what the policy credits) or submitted
(also what awaits review)."""

SCORE_STATUSES: tuple[str, ...] = tuple(_core.score_statuses())
"""What a score row says: scored, missing, zero, disagree (items); complete, incomplete (groups
and totals); vetoed (totals)."""
SCORE_ROW_KINDS: tuple[str, ...] = tuple(_core.score_row_kinds())
"""item, group (a subtotal) and total."""
SCORE_DISPOSITIONS: tuple[str, ...] = tuple(_core.score_dispositions())
#: A teacher's standing on a ladder (Policy.tiers): eligible, short, vetoed, top, demoted,
#: unknown_tier.
TIER_STATUSES: tuple[str, ...] = tuple(_core.tier_statuses())
"""Where a score or metric row ends up: used, unused, duplicate, invalid."""

_EPOCH = np.datetime64("1970-01-01", "D")

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

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def title(self) -> str:
        return self._core.title

    @property
    def source(self) -> str:
        """The document the policy encodes."""
        return self._core.source

    @property
    def file_name(self) -> str:
        """Where the policy was loaded from, as messages name it."""
        return self._core.file_name

    @property
    def sha256(self) -> str:
        """The SHA-256 of the policy's canonical form (64 hex digits): the same for the same
        content whatever the file's layout or key order."""
        return self._core.sha256

    @property
    def text(self) -> str:
        """The JSON text the policy was loaded from."""
        return self._text.decode("utf-8-sig")

    @property
    def warnings(self) -> list[Diagnostic]:
        """Findings that did not stop the load."""
        return self._core.warnings

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

    def ledger(self, teachers: Table, records: Table) -> Ledger:
        """Teachers and records, checked row by row: DataFrames or dicts of numpy columns named
        as in teachers.csv / records.csv, CSV paths, or CSV text. Bad rows become messages."""
        return Ledger(build_ledger(self._core, teachers, records), self)

    def audit(self, teachers: Union[Table, Ledger], records: Optional[Table] = None, *,
              as_of: Any = None, threads: Optional[int] = None,
              basis: str = "certified") -> Audit:
        """Audits every teacher. `teachers` and `records` as for `ledger`, or a Ledger alone
        (to audit one county under several policies). `as_of` judges as on that day; `threads`
        (default: every core) never changes the result. `basis` "certified" counts the record
        statuses the policy credits; "submitted" also counts pending and group_certified
        records, to show what the audit will say once review is done (rejected never count)."""
        if isinstance(teachers, Ledger):
            if records is not None:
                raise TypeError("audit(ledger) takes no records")
            ledger = teachers
        else:
            if records is None:
                raise TypeError("audit needs teachers and records (or a Ledger)")
            ledger = self.ledger(teachers, records)
        _check_audit_options(threads, basis)
        core = _core.evaluate(self._core, ledger._core, _day_number(as_of), threads or 0, basis)
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
              metrics: Optional[Table] = None) -> Scores:
        """Scores a rubric. `scores` has subject_id, item_id and score (or level, or both), with
        evaluator when the rubric has evaluators; `metrics` has subject_id, metric and value.
        Each may be a DataFrame, a dict of columns, a CSV path or CSV text; at least one is
        needed. Bad rows become messages, as in a ledger. Raises ValueError for a rubric the
        policy does not have."""
        if scores is None and metrics is None:
            raise TypeError("score needs scores, metrics or both")
        sheet = _core.ScoreSheet(self._core, rubric)
        if scores is not None:
            read_score_table(sheet, scores, "scores")
        if metrics is not None:
            read_score_table(sheet, metrics, "metrics")
        return Scores(_core.score_rubric(sheet), self)

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


class Ledger:
    """Validated teachers and records, as the engine holds them. Immutable."""

    def __init__(self, core: _core.Ledger, policy: Policy) -> None:
        self._core = core
        self.policy = policy

    @property
    def teacher_count(self) -> int:
        return self._core.teacher_count

    @property
    def record_count(self) -> int:
        """Records read (invalid rows are messages, not records)."""
        return self._core.record_count

    @property
    def files(self) -> list[str]:
        return self._core.files

    @property
    def intake_counts(self) -> dict[str, int]:
        """Dispositions known before evaluation, invalid rows included: credited (still to be
        judged), outside, duplicate, invalid. Whether a record's status counts (uncertified),
        whether a gate or cap stops it, is the audit's to say."""
        return self._core.intake_counts

    @property
    def messages(self) -> pd.DataFrame:
        """Every problem with a row, in input order: severity, file, line, path (the column),
        message, and text as the command line prints it. For a DataFrame, line N is row N - 1."""
        return _messages(self._core.diagnostics)

    @property
    def teachers(self) -> pd.DataFrame:
        """The teachers read, in input order: id, dates, periods of leave of absence (`leave`,
        as teachers.csv writes them: "2019-03-01..2019-06-30;..."), source line, attributes."""
        columns = self._core.teacher_columns()
        frame = pd.DataFrame({
            "id": columns["id"],
            "birth_date": _dates(columns["birth_day"]),
            "join_date": _dates(columns["join_day"]),
            "leave_date": _dates(columns["leave_day"]),
            "leave": _absences(columns),
            "line": columns["line"],
        })
        for name, values in columns["attributes"].items():
            frame[name] = values
        return frame

    @property
    def records(self) -> pd.DataFrame:
        """The records read, grouped by teacher in the engine's order (ledger.hpp's
        RecordColumns: by date within a teacher, or input order since the core's faster
        intake), with every column of records.csv: hours_h100 and attended_h100 (<NA>: not recorded) in hundredths of an hour,
        categoricals for category, status, activity, outcome, level, assessment and counts_as
        (NaN where the cell was empty), count (1 when not given), certificate (text), exempted
        (bool), split as "school:10.00;self:5.00" ("" when not split)."""
        return _records_frame(self._core, self.policy)

    def __repr__(self) -> str:
        return f"<yanxiu.Ledger {self.teacher_count} teachers, {self.record_count} records>"


class Summary(NamedTuple):
    """An audit in a few tables, as the engine's summary computes them."""
    teachers: int
    rules: pd.DataFrame
    """Per rule and part: its kind, verdicts by status, and the amount missing over the short
    rows (shortfall_x100: hours for quota rules, activities for count and choice rules)."""
    periods: pd.DataFrame
    """Per period: teachers with an applicable verdict, and of those, with none short."""
    largest_shortfalls: pd.DataFrame
    """The largest shortfalls of quota rules (hours; counts do not compare with hours), as
    audit rows."""
    dispositions: dict[str, int]


@dataclasses.dataclass(frozen=True, eq=False)
class Explanation:
    """Why one teacher's verdicts are what they are. str() is the report a county officer
    reads; the tables hold the same facts."""
    teacher_id: str
    text: str
    verdicts: pd.DataFrame
    """Every audit row of the teacher: the minimum before pro-rating, semesters served, what
    carry-over moved between periods, and the exemption that waived it (or whose condition holds
    but whose hours, exemption_progress_h100 so far, are not there yet)."""
    contributions: pd.DataFrame
    """The records each verdict counted (counted_x100 in the rule's unit: a count rule counts
    the record's `count`), the category they counted as, and what a rule's max left over."""
    records: pd.DataFrame
    """The teacher's records: hours read, hours after the credit pipeline (credited_h100, before
    rules) and disposition."""
    steps: pd.DataFrame
    """The credit pipeline's steps that changed a record (converted, gated, item_cap,
    conversion_cap, category_cap, offset, split, exempted, not_convertible): ref is the
    conversion, gate or cap, before_h100 and after_h100 the hours either side."""

    def __str__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)


class GapPlan(NamedTuple):
    """What closes a teacher's gap (Audit.gap_plan): steps with period_kind, period, deadline,
    category, activity (for count and choice rules), amount_x100 (hundredths of an hour, or
    activities times 100) and rule_id (the verdict that asked first); the verdicts no added
    record can close; and the plan in words."""
    steps: pd.DataFrame
    unclosable: list[str]
    text: str

    def __str__(self) -> str:
        return self.text


class Audit:
    """Verdicts for every teacher x rule (x part) x period. Immutable; columns come from the
    engine's memory without a copy."""

    def __init__(self, core: _core.Audit, policy: Policy, ledger: Ledger) -> None:
        self._core = core
        self.policy = policy
        self.ledger = ledger

    def __len__(self) -> int:
        return len(self._core)

    @property
    def decision_record(self) -> str:
        """What makes the audit reproducible: "yanxiu-audit/1 engine 0.1.0 policy dali-2017
        sha256 <digest> as_of 2018-01-31 basis certified" (as_of "-" when unset)."""
        return self._core.decision_record

    @property
    def as_of(self) -> Optional[datetime.date]:
        day = self._core.as_of
        return None if day is None else _date(day)

    @property
    def basis(self) -> str:
        """"certified" or "submitted": which record statuses the audit counted."""
        return self._core.basis

    def columns(self) -> dict[str, np.ndarray]:
        """The verdict columns as read-only numpy views of the audit (no copy): teacher (ledger
        index), rule and part (policy indices, part -1 for the whole rule), period_kind and
        period (indices), required_x100, credited_x100 (hundredths of the rule's unit: hours
        for quota rules, activities for count and choice rules), status (index into
        STATUSES)."""
        return self._core.columns()

    def to_pandas(self, teacher_columns: Iterable[str] = ()) -> pd.DataFrame:
        """The audit table: teacher_id, rule_id, rule_kind, period_kind, period (categoricals),
        period_start, period_end (dates), required_x100, credited_x100, shortfall_x100 (int64
        hundredths of the rule's unit: hours for quota rows, activities for count and choice
        rows) and status (categorical). The number columns are read-only views of the audit's
        memory; `.copy()` gives a frame you can write into.

        Sum amounts over one kind only: `frame[frame.rule_kind == "quota"]` for hours.
        teacher_columns adds teacher attributes (school, title, ...) as categorical columns."""
        c = self._core.frame_columns()
        teacher = pd.Categorical.from_codes(c["teacher"], categories=c["teacher_ids"])
        data: dict[str, Any] = {"teacher_id": teacher}
        if teacher_columns:
            attributes = self._core.ledger.teacher_columns()["attributes"]
            for name in teacher_columns:
                if name not in attributes:
                    raise KeyError(f"no teacher attribute {name!r}; the teachers have: "
                                   f"{', '.join(attributes)}")
                values = pd.Categorical(attributes[name])
                data[name] = pd.Categorical.from_codes(values.codes[c["teacher"]],
                                                       dtype=values.dtype)
        data.update({
            "rule_id": pd.Categorical.from_codes(c["rule"], categories=c["rule_ids"]),
            "rule_kind": pd.Categorical.from_codes(c["rule_kind"], categories=RULE_KINDS),
            "period_kind": pd.Categorical.from_codes(c["period_kind"], categories=PERIOD_KINDS),
            "period": pd.Categorical.from_codes(c["period"], categories=c["period_labels"]),
            "period_start": c["period_start"],
            "period_end": c["period_end"],
            "required_x100": c["required_x100"],
            "credited_x100": c["credited_x100"],
            "shortfall_x100": c["shortfall_x100"],
            "status": pd.Categorical.from_codes(c["status"], categories=STATUSES),
        })
        return pd.DataFrame(data, copy=False)

    @property
    def dispositions(self) -> dict[str, int]:
        """How many input records ended where, invalid rows included; they add up to the rows
        read. The command line prints the same counts as `records: ...`."""
        return self._core.disposition_counts

    @property
    def records(self) -> pd.DataFrame:
        """Every record the ledger holds with its final disposition (categorical)."""
        frame = _records_frame(self.ledger._core, self.policy)
        frame["disposition"] = pd.Categorical.from_codes(self._core.dispositions(),
                                                         categories=DISPOSITIONS)
        return frame

    @property
    def messages(self) -> pd.DataFrame:
        """The ledger's messages: every rejected row and every warning, with file and line."""
        return self.ledger.messages

    @property
    def teachers(self) -> pd.DataFrame:
        return self.ledger.teachers

    def summary(self, top: int = 10) -> Summary:
        """The engine's summary: per rule, per period, the `top` largest shortfalls (of quota
        rules)."""
        summary = self._core.summary(top)
        rules = pd.DataFrame([{"rule_id": line["rule_id"], "rule_kind": line["rule_kind"],
                               "period_kind": line["period"], **line["statuses"],
                               "shortfall_x100": line["shortfall_x100"]}
                              for line in summary["rules"]],
                             columns=["rule_id", "rule_kind", "period_kind", *STATUSES,
                                      "shortfall_x100"])
        rules["rule_kind"] = pd.Categorical(rules["rule_kind"], categories=RULE_KINDS)
        periods = pd.DataFrame(summary["periods"],
                               columns=["period", "period_kind", "period_start", "period_end",
                                        "teachers", "compliant"])
        for column in ("period_start", "period_end"):
            periods[column] = _dates(periods[column].to_numpy())
        return Summary(summary["teachers"], rules, periods,
                       _rows_frame(summary["largest_shortfalls"]), summary["dispositions"])

    def gap_plan(self, teacher_id: str) -> GapPlan:
        """What closes one teacher's gap, judged as this audit was: the smallest additional
        hours by category (activities for count and choice rules) in each short period, by its
        last day, that make every verdict met. Verdicts no added record can close (a choice
        rule with two options taken) are listed in `unclosable`."""
        teacher = self._core.ledger.find_teacher(teacher_id)
        if teacher is None:
            raise KeyError(f"no teacher {teacher_id!r} in the ledger")
        plan = _core.plan_gaps(self._core, teacher)
        steps = pd.DataFrame(plan["steps"])
        steps["deadline"] = pd.to_datetime(steps["deadline"]).dt.date
        steps["amount_x100"] = steps["amount_x100"].astype("int64")
        return GapPlan(steps, list(plan["unclosable"]), plan["text"])

    def county_gaps(self) -> pd.DataFrame:
        """The county's missing hours by month of the deadline and category (activities for
        count and choice rules): every short teacher's gap plan summed, as a training office
        plans its workshops. Columns month, category, activity, amount_x100 (hundredths of an
        hour, or activities times 100) and teachers (how many need it)."""
        gaps = _core.plan_county_gaps(self._core)
        frame = pd.DataFrame({key: gaps[key] for key in
                              ("month", "category", "activity", "amount_x100", "teachers")})
        for column in ("amount_x100", "teachers"):
            frame[column] = frame[column].astype("int64")
        return frame

    def explain(self, teacher_id: str) -> Explanation:
        """One teacher's verdicts with the records behind them."""
        teacher = self._core.ledger.find_teacher(teacher_id)
        if teacher is None:
            raise KeyError(f"no teacher {teacher_id!r} in the ledger")
        explained = self._core.explain(teacher)
        verdicts = pd.DataFrame(explained["verdicts"],
                                columns=["rule_id", "rule_kind", "period", "required_x100",
                                         "credited_x100", "shortfall_x100", "status",
                                         "nominal_min_x100", "served_semesters",
                                         "period_semesters", "carried_in_x100",
                                         "moved_back_x100", "filled_x100", "exemption",
                                         "exemption_pending", "exemption_progress_h100"])
        verdicts["status"] = pd.Categorical(verdicts["status"], categories=STATUSES)
        contributions = pd.DataFrame(explained["contributions"],
                                     columns=["rule_id", "rule_kind", "period", "record_id",
                                              "category", "counted_x100", "over_cap_x100"])
        for frame in (verdicts, contributions):
            frame["rule_kind"] = pd.Categorical(frame["rule_kind"], categories=RULE_KINDS)
        records = pd.DataFrame(explained["records"],
                               columns=["record_id", "date", "end_date", "category",
                                        "hours_h100", "activity", "count", "status",
                                        "credited_h100", "disposition", "file", "line"])
        for column in ("date", "end_date"):
            records[column] = _dates(records[column].to_numpy())
        records["disposition"] = pd.Categorical(records["disposition"], categories=DISPOSITIONS)
        steps = pd.DataFrame(explained["steps"],
                             columns=["record_id", "step", "ref", "per", "category",
                                      "before_h100", "after_h100"])
        return Explanation(teacher_id, explained["text"], verdicts, contributions, records,
                           steps)

    def compliance(self, by: Optional[str] = None,
                   period_kind: Optional[str] = None) -> pd.DataFrame:
        """Per period (and per value of a teacher attribute such as "school"): how many teachers
        had an applicable verdict, and how many of them met or were exempt from every one (a
        `short` or `conflict` verdict makes the teacher not compliant in that period).
        share = compliant / teachers."""
        c = self._core.frame_columns()
        statuses = c["status"]
        applicable = statuses != STATUSES.index("not_applicable")
        failed = (statuses == STATUSES.index("short")) | (statuses == STATUSES.index("conflict"))
        periods = len(c["period_labels"])
        teachers = self._core.ledger.teacher_count
        cell = c["teacher"].astype(np.int64) * periods + c["period"]
        seen = np.bincount(cell[applicable], minlength=teachers * periods).reshape(teachers,
                                                                                   periods) > 0
        short = np.bincount(cell[failed], minlength=teachers * periods).reshape(teachers,
                                                                                periods) > 0
        if by is None:
            groups = pd.Categorical(np.zeros(teachers, dtype=np.int8))
        else:
            attributes = self._core.ledger.teacher_columns()["attributes"]
            if by not in attributes:
                raise KeyError(f"no teacher attribute {by!r}; the teachers have: "
                               f"{', '.join(attributes)}")
            groups = pd.Categorical(attributes[by])
        group_count = len(groups.categories)
        counted = np.zeros((group_count, periods), dtype=np.int64)
        compliant = np.zeros((group_count, periods), dtype=np.int64)
        np.add.at(counted, groups.codes, seen)
        np.add.at(compliant, groups.codes, seen & ~short)
        kinds = np.asarray(c["period_label_kinds"], dtype=object)
        frame = pd.DataFrame({
            "group": np.repeat(np.asarray(groups.categories, dtype=object), periods),
            "period": np.tile(np.asarray(c["period_labels"], dtype=object), group_count),
            "period_kind": np.tile(kinds, group_count),
            "teachers": counted.ravel(),
            "compliant": compliant.ravel(),
        })
        frame = frame[frame["teachers"] > 0]
        if period_kind is not None:
            if period_kind not in PERIOD_KINDS:
                raise ValueError(f"unknown period kind {period_kind!r}; one of "
                                 f"{', '.join(PERIOD_KINDS)}")
            frame = frame[frame["period_kind"] == period_kind]
        frame = frame.assign(share=frame["compliant"] / frame["teachers"])
        if by is None:
            frame = frame.drop(columns="group")
        else:
            frame = frame.rename(columns={"group": by})
        return frame.reset_index(drop=True)

    def __repr__(self) -> str:
        return (f"<yanxiu.Audit {self.policy.id}: {len(self)} verdicts for "
                f"{self.ledger.teacher_count} teachers>")


class PolicyVersion(NamedTuple):
    policy: Policy
    effective: datetime.date
    """The first day the version is in force; it stays so until the next version's."""


def load_policy_set(path: Union[str, "os.PathLike[str]"]) -> PolicySet:
    """Loads a policy set (yanxiu-policy-set/1): successive versions of a county's policy with
    their effective dates, each version's policy file beside the set. Raises PolicyError at the
    line of whatever is wrong, in the set or in one of its policies."""
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

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def title(self) -> str:
        return self._core.title

    @property
    def sha256(self) -> str:
        """The SHA-256 of the set's canonical form, naming each version by its policy's digest."""
        return self._core.sha256

    @property
    def in_force_on(self) -> str:
        """Which day of a period picks its version: "period_end" (the default) or
        "period_start"."""
        return self._core.in_force_on

    def audit(self, teachers: Table, records: Table, *, as_of: Any = None,
              threads: Optional[int] = None, basis: str = "certified") -> SetAudit:
        """Audits the county under every version (each reads `teachers` and `records` with its
        own policy) and keeps each verdict from the version in force for its period; options as
        for Policy.audit. A `recorded_at` column makes `as_of` replay what the audit said on
        that day: records entered later are `outside`."""
        _check_audit_options(threads, basis)
        core = _core.evaluate_set(self._core,
                                  lambda policy: build_ledger(policy, teachers, records),
                                  _day_number(as_of), threads or 0, basis)
        audits = [Audit(audit, version.policy, Ledger(audit.ledger, version.policy))
                  for audit, version in zip(core.audits, self.versions)]
        return SetAudit(core, self, audits)

    def __repr__(self) -> str:
        versions = ", ".join(f"{v.policy.id} from {v.effective}" for v in self.versions)
        return f"<yanxiu.PolicySet {self.id}: {versions}>"


class SetAudit:
    """A county judged under a policy set: each verdict from the version in force for its
    period, each record's disposition from the version in force on its date. Immutable."""

    def __init__(self, core: _core.SetAudit, policy_set: PolicySet, audits: list[Audit]) -> None:
        self._core = core
        self.policy_set = policy_set
        self.audits = audits
        """Each version's whole audit, periods it does not judge included."""

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
        that judged the row. Rows by teacher, then version, then rule and period."""
        version, row = self._core.rows()
        frames = []
        for v, audit in enumerate(self.audits):
            part = audit.to_pandas(teacher_columns).iloc[row[version == v]]
            frames.append(part.set_axis(np.flatnonzero(version == v), axis=0))
        frame = pd.concat(frames).sort_index().astype(
            {column: str for column in ("teacher_id", "rule_id", "period", *teacher_columns)})
        for column in ("teacher_id", "rule_id", "period", *teacher_columns):
            frame[column] = pd.Categorical(frame[column])
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
        return _messages(self._core.diagnostics)

    def __repr__(self) -> str:
        return f"<yanxiu.SetAudit {self.policy_set.id}: {len(self)} verdicts>"


class Scores:
    """The score table of a rubric: per subject its item rows, its group subtotals and its
    total. Immutable."""

    def __init__(self, core: _core.RubricResult, policy: Policy) -> None:
        self._core = core
        self.policy = policy

    @property
    def rubric(self) -> str:
        return self._core.rubric_id

    def __len__(self) -> int:
        return len(self._core)

    def to_pandas(self) -> pd.DataFrame:
        """subject_id, item_id (the item's id, "group:<id>" or "total"), kind (categorical:
        item, group, total), weight_x100 and score_x100 (int64 hundredths of a point; score
        <NA> where there is none), band, rank (<NA> when not ranked; equal totals share a
        rank), status (categorical, SCORE_STATUSES), awards (ids separated by ";"), veto (the
        first that holds) and note (why)."""
        c = self._core.columns()
        score = pd.array(c["score_x100"], dtype="Int64")
        score[c["score_x100"] == -1] = pd.NA
        rank = pd.array(c["rank"].astype(np.int64), dtype="Int64")
        rank[c["rank"] == 0] = pd.NA
        return pd.DataFrame({
            "subject_id": c["subject_id"],
            "item_id": c["item_id"],
            "kind": pd.Categorical.from_codes(c["kind"], categories=SCORE_ROW_KINDS),
            "weight_x100": c["weight_x100"],
            "score_x100": score,
            "band": c["band"],
            "rank": rank,
            "status": pd.Categorical.from_codes(c["status"], categories=SCORE_STATUSES),
            "awards": c["awards"],
            "veto": c["veto"],
            "note": c["note"],
        })

    @property
    def dispositions(self) -> dict[str, dict[str, int]]:
        """Where every input row ended: {"scores": {"used": ..., "unused": ..., "duplicate":
        ..., "invalid": ...}, "metrics": {...}}; the counts add up to the rows given."""
        return {"scores": self._core.score_counts, "metrics": self._core.metric_counts}

    @property
    def messages(self) -> pd.DataFrame:
        """Every rejected row and every warning of the scores and metrics, with file and
        line."""
        return _messages(self._core.diagnostics)

    def __repr__(self) -> str:
        return f"<yanxiu.Scores of {self.rubric}, {len(self)} rows>"


def score(policy: Policy, rubric: str, scores: Optional[Table] = None,
          metrics: Optional[Table] = None) -> pd.DataFrame:
    """The score table of a policy's rubric as a DataFrame (Policy.score(...).to_pandas()):

        yanxiu.score(pucheng, "school-evaluation",
                     "examples/scores/pucheng-2014-scores.csv",
                     "examples/scores/pucheng-2014-metrics.csv")

    Use Policy.score for the messages and dispositions of the rows given."""
    return policy.score(rubric, scores, metrics).to_pandas()


def tiers(policy: Policy, teachers: Any, records: Optional[Table] = None, as_of: Any = None,
          basis: str = "certified", criteria: bool = False) -> pd.DataFrame:
    """Star and backbone tiers as a DataFrame (Policy.tiers): one row per teacher and ladder,
    or per criterion with `criteria=True`:

        yanxiu.tiers(dali, "teachers.csv", "records.csv", as_of="2020-08-31")"""
    return policy.tiers(teachers, records, as_of, basis, criteria)


# --- groups: workshops, quality groups, campus areas, clusters (the policy's "groups") -------

_NO_RECORDS = "id,teacher_id,date,hours,category\n"
_ASSIGNMENT_COLUMNS = ["teacher_id", "group_kind", "group_id"]


class GroupAssignment(NamedTuple):
    """What groups_assign returns: the placements (teacher_id, group_kind, group_id, the shape
    groups_assign and groups_audit read back), the teachers that fit no group with the reason
    (teacher_id, group_kind, reason, note), the seats and groups missing per pool (group_kind,
    pool, teachers, placed, missing_seats, groups_needed), and the messages about the current
    assignment and the kinds no teacher can join."""
    assignment: pd.DataFrame
    unplaced: pd.DataFrame
    shortfalls: pd.DataFrame
    messages: pd.DataFrame


def _group_ledger(policy: Policy, teachers: Union[Table, Ledger]) -> Ledger:
    return teachers if isinstance(teachers, Ledger) else policy.ledger(teachers, _NO_RECORDS)


def _assignment_text(assignment: Optional[Table]) -> str:
    """An assignment as CSV text: a DataFrame or dict of its three columns, a path, or text."""
    if assignment is None:
        return ",".join(_ASSIGNMENT_COLUMNS) + "\n"
    if isinstance(assignment, str) and "\n" in assignment:
        return assignment
    if isinstance(assignment, (str, os.PathLike)):
        with open(assignment, encoding="utf-8") as file:
            return file.read()
    return pd.DataFrame(assignment)[_ASSIGNMENT_COLUMNS].to_csv(index=False)


def _csv_frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def groups_assign(policy: Policy, teachers: Union[Table, Ledger],
                  current: Optional[Table] = None) -> GroupAssignment:
    """Places every eligible teacher in a group of each kind that admits them, within capacity
    (`yanxiu groups assign`). `teachers` as for Policy.ledger (no records needed), or a Ledger;
    `current` the assignment in force (a DataFrame with teacher_id, group_kind, group_id, a CSV
    path or text): its members stay where they are, so adding teachers moves no one. Raises
    InputError for a current row with an empty cell."""
    ledger = _group_ledger(policy, teachers)
    placed, unplaced, shortfalls, diagnostics = _core.groups_assign(
        policy._core, ledger._core, _assignment_text(current))
    frames = [_csv_frame(text) for text in (placed, unplaced, shortfalls)]
    for column in ("teachers", "placed", "missing_seats", "groups_needed"):
        frames[2][column] = frames[2][column].astype(np.int64)
    return GroupAssignment(*frames, _messages(diagnostics))


def groups_audit(policy: Policy, teachers: Union[Table, Ledger],
                 assignment: Table) -> pd.DataFrame:
    """The findings of an assignment (`yanxiu groups audit`): finding (over_capacity,
    ineligible, unassigned, empty, unknown, duplicate), group_kind, group_id, teacher_id,
    detail."""
    ledger = _group_ledger(policy, teachers)
    return _csv_frame(_core.groups_audit(policy._core, ledger._core, _assignment_text(assignment)))


def groups_assess(audit: Audit, assignment: Table) -> pd.DataFrame:
    """Each group's figures for its leader's assessment (S0.13, `yanxiu groups assess`) from an
    audit: subject_id (the group id), metric, value (a Decimal) — the metrics a rubric reads."""
    frame = _csv_frame(_core.groups_assess(audit._core, _assignment_text(assignment)))
    frame["value"] = [Decimal(v) for v in frame["value"]]
    return frame


def compare(a: Audit, b: Audit, names: Sequence[str] = ("a", "b")) -> pd.DataFrame:
    """The verdicts that differ between two audits of the same county (a what-if, or the same
    policy as certified and as submitted): one row per teacher, rule and period whose status or
    amounts differ, or that only one audit has, with the rule's kind and status, required,
    credited and shortfall from each side (columns suffixed `_a`, `_b` or the given names).
    Amounts stay exact: nullable Int64 hundredths of the rule's unit (hours for quota,
    activities for count and choice), <NA> where a side lacks the verdict."""
    first, second = (f"_{name}" for name in names)
    keys = ["teacher_id", "rule_id", "period"]
    values = ["status", "required_x100", "credited_x100", "shortfall_x100"]
    left, right = a.to_pandas(), b.to_pandas()
    if _same_rows(left, right):
        differs = np.zeros(len(left), dtype=bool)
        for column in values:
            differs |= np.asarray(left[column] != right[column])
        merged = pd.DataFrame({key: left[key][differs].to_numpy() for key in keys})
        merged["rule_kind"] = left["rule_kind"][differs].to_numpy()
        for column in values:
            merged[column + first] = left[column][differs].to_numpy()
            merged[column + second] = right[column][differs].to_numpy()
    else:
        # Rule and period categories may differ between the policies: join on their text.
        sides = [pd.DataFrame({**{key: frame[key].astype(object) for key in keys},
                               "rule_kind": frame["rule_kind"].astype(object),
                               "status": frame["status"].astype(object),
                               **{column: frame[column].astype("Int64") for column in values[1:]}})
                 for frame in (left, right)]
        merged = sides[0].merge(sides[1], on=keys, how="outer", suffixes=(first, second))
        differs = np.zeros(len(merged), dtype=bool)
        for column in values:
            ours, theirs = merged[column + first], merged[column + second]
            differs |= (ours != theirs).fillna(True).to_numpy(dtype=bool)
            differs |= ours.isna().to_numpy() | theirs.isna().to_numpy()
        merged = merged[differs].reset_index(drop=True)
        # A rule keeps its kind in a what-if; where only the second audit has it, take its.
        merged["rule_kind"] = merged["rule_kind" + first].fillna(merged["rule_kind" + second])
    for column in values[1:]:
        for suffix in (first, second):
            merged[column + suffix] = merged[column + suffix].astype("Int64")
    for suffix in (first, second):
        merged["status" + suffix] = pd.Categorical(merged["status" + suffix], categories=STATUSES)
    merged["rule_kind"] = pd.Categorical(merged["rule_kind"], categories=RULE_KINDS)
    return merged[keys[:2] + ["rule_kind", keys[2]] +
                  [column + suffix for column in values for suffix in (first, second)]]


class Impact(NamedTuple):
    """How a county's verdicts change from one policy to another (`yanxiu diff`). A teacher is
    compliant when none of their verdicts is short or a conflict.

    rules: rule_id, rule_kind, in_before, in_after, teachers_changed (teachers with a verdict of
    the rule whose status differs), teachers_short_before/_after, shortfall_before/after_x100
    (hundredths of the rule's unit). groups: one row per value of the grouping attribute
    (column named after it), with teachers, compliant_before/_after, became_compliant,
    became_noncompliant and hours_short_before/after_x100 (quota rows' shortfalls summed).
    flips: the teachers whose compliance changes, with the rule ids that changed."""
    teachers: int
    rules: pd.DataFrame
    groups: pd.DataFrame
    flips: pd.DataFrame
    only_before: list[str]
    only_after: list[str]
    text: str

    def __str__(self) -> str:
        return self.text


def diff(before: Union[Audit, Policy], after: Union[Audit, Policy],
         teachers: Optional[Table] = None, records: Optional[Table] = None, *,
         by: str = "school", as_of: Any = None, basis: str = "certified",
         max_flips: int = 50) -> Impact:
    """The impact of policy `after` against policy `before` on one county: two Audits, or two
    Policies with the county's teachers and records (each policy reads them, so the two may
    differ in categories or attributes). Teachers are matched by id, verdicts by rule id and
    period. `by` names the teacher attribute the group table is by; `max_flips` bounds the
    teachers listed in `text` (0: all)."""
    if isinstance(before, Policy) and isinstance(after, Policy):
        if teachers is None or records is None:
            raise TypeError("diff of two policies needs the county's teachers and records")
        before = before.audit(teachers, records, as_of=as_of, basis=basis)
        after = after.audit(teachers, records, as_of=as_of, basis=basis)
    elif not (isinstance(before, Audit) and isinstance(after, Audit)):
        raise TypeError("diff takes two Audits, or two Policies with teachers and records")
    elif teachers is not None or records is not None:
        raise TypeError("diff of two audits takes no teachers or records")
    if max_flips < 0:
        raise ValueError("max_flips must be 0 (all) or more")
    result = _core.compare_audits(before._core, after._core, by, max_flips)
    rules = pd.DataFrame(result["rules"])
    rules["rule_kind"] = pd.Categorical(rules["rule_kind"], categories=RULE_KINDS)
    groups = pd.DataFrame(result["groups"]).rename(columns={"group": by or "group"})
    flips = pd.DataFrame(result["flips"]).rename(columns={"group": by or "group"})
    for frame in (rules, groups, flips):
        for column in frame.columns:
            if column.endswith("_x100") or column.startswith(("teachers", "compliant", "became")):
                frame[column] = frame[column].astype("int64")
    return Impact(result["teachers"], rules, groups, flips, list(result["only_before"]),
                  list(result["only_after"]), result["text"])


class County(NamedTuple):
    """A synthetic county's exports as DataFrames, every cell the text of the CSV file."""
    teachers: pd.DataFrame
    records: pd.DataFrame


class CountyCsv(NamedTuple):
    """A synthetic county's exports as CSV text."""
    teachers_csv: str
    records_csv: str


def synthetic_county_csv(policy: Policy, teachers: int = 3000, seed: int = 2017) -> CountyCsv:
    """A made-up county shaped like Dali's (deterministic for a seed): about six records per
    teacher and semester, online hours with their certificates, some joiners and leavers, the
    activities of the policy's choice rules (one teacher in twenty takes up two options: a
    conflict) and a few outcomes to convert, and a few duplicate, invalid, uncertified and
    out-of-cycle rows, so every disposition has something to count."""
    if teachers < 1:
        raise ValueError("a county has at least one teacher")
    return CountyCsv(*_core.generate_county(policy._core, teachers, seed))


def synthetic_county(policy: Policy, teachers: int = 3000, seed: int = 2017) -> County:
    """synthetic_county_csv read into DataFrames of text, as pandas reads an export exactly:
    pd.read_csv(path, dtype=str, keep_default_na=False)."""
    texts = synthetic_county_csv(policy, teachers, seed)
    return County(*(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
                    for text in texts))


@overload
def to_decimal(hundredths: int) -> Decimal: ...
@overload
def to_decimal(hundredths: pd.Series) -> pd.Series: ...
@overload
def to_decimal(hundredths: np.ndarray) -> np.ndarray: ...


def to_decimal(hundredths: Any) -> Any:
    """Hundredths of an hour as exact decimal hours: 1250 -> Decimal("12.50"). Makes one
    Python object per value: for display and small tables."""
    def one(value: Any) -> Any:
        return None if pd.isna(value) else Decimal(int(value)).scaleb(-2)

    if isinstance(hundredths, pd.Series):
        return hundredths.map(one).astype(object)
    if isinstance(hundredths, np.ndarray):
        return np.array([one(v) for v in hundredths.ravel()], dtype=object).reshape(
            hundredths.shape)
    return one(hundredths)


def _check_audit_options(threads: Optional[int], basis: str) -> None:
    if threads is not None and threads < 0:
        raise ValueError("threads must be 0 (every core) or more")
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; one of {', '.join(BASES)}")


def _date(day: int) -> datetime.date:
    """A day number (days since 1970-01-01) as a date."""
    return (_EPOCH + np.timedelta64(day, "D")).item()


def _day_number(value: Any) -> Optional[int]:
    if value is None:
        return None
    try:
        date = np.datetime64(value, "D")
    except ValueError as error:
        raise ValueError(f"as_of {value!r} is not a date (YYYY-MM-DD)") from error
    if np.isnat(date):
        raise ValueError("as_of is NaT; None judges the whole cycle")
    day = int(date.astype(np.int64))
    if not _core.earliest_day <= day <= _core.latest_day:
        raise ValueError(f"as_of {value!r} is outside 1900..2200")
    return day


def _dates(days: Any) -> np.ndarray:
    """Day numbers as datetime64 (NaT for no_day)."""
    days = np.asarray(days, dtype=np.int64)
    dates = (_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    dates[days == _core.no_day] = np.datetime64("NaT")
    return dates


def _messages(diagnostics: list[Diagnostic]) -> pd.DataFrame:
    return pd.DataFrame({
        "severity": pd.Categorical([d.severity for d in diagnostics],
                                   categories=["error", "warning"]),
        "file": [d.file for d in diagnostics],
        "line": np.array([d.line for d in diagnostics], dtype=np.int64),
        "path": [d.path for d in diagnostics],
        "message": [d.message for d in diagnostics],
        "text": [str(d) for d in diagnostics],
    })


def _hours_text(hundredths: int) -> str:
    """12.5 hours (1250) as "12.50", as the audit table prints hours."""
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(int(hundredths)), 100)
    return f"{sign}{whole}.{part:02}"


def _interned(column: tuple[np.ndarray, list[str]]) -> pd.Categorical:
    """An engine's interned text column (codes, -1 for an empty cell; the names) as a
    categorical, empty cells NaN."""
    codes, names = column
    return pd.Categorical.from_codes(codes, categories=names)


def _records_frame(ledger: _core.Ledger, policy: Policy) -> pd.DataFrame:
    columns = ledger.record_columns()
    files = ledger.files
    categories = list(policy.categories["id"])
    attended = pd.array(columns["attended_h100"].astype(np.int64), dtype="Int64")
    attended[columns["attended_h100"] < 0] = pd.NA
    split = np.full(len(columns["id"]), "", dtype=object)
    first, count = columns["split_first"], columns["split_count"]
    for row in np.flatnonzero(count > 0):
        portions = range(first[row], first[row] + count[row])
        split[row] = ";".join(f"{categories[columns['split_category'][p]]}:"
                              f"{_hours_text(columns['split_hours_h100'][p])}" for p in portions)
    return pd.DataFrame({
        "id": columns["id"],
        "teacher_id": pd.Categorical.from_codes(columns["teacher"],
                                                categories=ledger.teacher_ids()),
        "date": _dates(columns["start_day"]),
        "end_date": _dates(columns["end_day"]),
        "hours_h100": columns["hours_h100"].astype(np.int64),
        "category": pd.Categorical.from_codes(columns["category"], categories=categories),
        "status": pd.Categorical.from_codes(columns["status"], categories=RECORD_STATUSES),
        "activity": _interned(columns["activity"]),
        "count": columns["count"],
        "outcome": _interned(columns["outcome"]),
        "level": _interned(columns["level"]),
        "certificate": columns["certificate"],
        "attended_h100": attended,
        "assessment": _interned(columns["assessment"]),
        "counts_as": pd.Categorical.from_codes(columns["counts_as"], categories=categories),
        "exempted": columns["exempted"].astype(bool),
        "split": split,
        "file": pd.Categorical.from_codes(columns["file"].astype(np.int32), categories=files),
        "line": columns["line"],
    })


def _absences(columns: dict[str, Any]) -> np.ndarray:
    """Each teacher's periods of leave of absence as teachers.csv writes them,
    "2019-03-01..2019-06-30;2020-09-01..2020-12-31" ("" for none)."""
    begin = np.asarray(columns["absence_begin"])
    text = np.full(len(begin) - 1, "", dtype=object)
    first = _dates(columns["absence_first_day"]).astype("datetime64[D]").astype(str)
    last = _dates(columns["absence_last_day"]).astype("datetime64[D]").astype(str)
    for teacher in np.flatnonzero(np.diff(begin) > 0):
        text[teacher] = ";".join(f"{first[a]}..{last[a]}"
                                 for a in range(begin[teacher], begin[teacher + 1]))
    return text


def _rows_frame(rows: dict[str, list[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["teacher_id", "rule_id", "rule_kind", "period",
                                        "period_start", "period_end", "required_x100",
                                        "credited_x100", "shortfall_x100", "status"])
    for column in ("period_start", "period_end"):
        frame[column] = _dates(frame[column].to_numpy())
    for column in ("required_x100", "credited_x100", "shortfall_x100"):
        frame[column] = frame[column].astype(np.int64)
    frame["rule_kind"] = pd.Categorical(frame["rule_kind"], categories=RULE_KINDS)
    frame["status"] = pd.Categorical(frame["status"], categories=STATUSES)
    return frame


def _same_rows(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    """Whether two audit frames list the same verdicts in the same order."""
    if len(left) != len(right):
        return False
    for column in ("teacher_id", "rule_id", "period"):
        ours, theirs = left[column].cat, right[column].cat
        if not ours.categories.equals(theirs.categories) \
                or not np.array_equal(ours.codes, theirs.codes):
            return False
    return True
