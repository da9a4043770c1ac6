"""An audit's verdicts, summaries, explanations and gap plans as DataFrames."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._common import (DISPOSITIONS, PERIOD_KINDS, RULE_KINDS, STATUSES, _date, _dates,
                      _disposition_text, _rows, teacher_key, to_decimal)

# A gap plan's steps, as the engine's plan_gaps gives them.
PLAN_COLUMNS = ("period_kind", "period", "deadline", "category", "activity", "amount_x100",
                "rule_id")
# The forms Audit.to_pandas gives amounts in: int64 hundredths only, or also exact Decimals.
HOURS_FORMS = ("x100", "decimal")
from ._ledger import Ledger, _records_frame

if TYPE_CHECKING:
    from ._policy import Policy

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
    """Where every input record ended, invalid rows included."""

    def __repr__(self) -> str:
        """The teachers, where the records ended, and the rules table: a county whose rows were
        all rejected shows it first."""
        rules = self.rules.drop(columns="period_kind").to_string(index=False)
        return (f"<yanxiu.Summary {self.teachers} teachers; records: "
                f"{_disposition_text(self.dispositions)}>\n{rules}")


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

    json_text: str = dataclasses.field(default="", repr=False)
    """The structured explanation, one JSON object of schema "yanxiu-explanation/1"
    (docs/explanation-schema.md), in the language explain() was given."""

    def __str__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)

    def to_json(self) -> str:
        """The structured explanation as JSON text, what a web page or another service reads;
        amounts are exact decimal strings ("27.67")."""
        return self.json_text

    def as_dict(self) -> dict[str, Any]:
        """The structured explanation parsed: amounts stay decimal strings, so
        decimal.Decimal(verdict["credited"]) is exact."""
        return json.loads(self.json_text)


class GapPlan(NamedTuple):
    """What closes a teacher's gap (Audit.gap_plan): steps with period_kind, period, deadline
    (datetime64),
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
        or credits for quota rules, activities for count and choice rules), status (index into
        STATUSES) and hours_h100 (hundredths of an hour: the hours behind credited, as
        to_pandas gives them)."""
        return self._core.columns()

    def to_pandas(self, teacher_columns: Iterable[str] = (), *, hours: str = "x100",
                  labels: bool = False, copy: bool = True) -> pd.DataFrame:
        """The audit table: teacher_id, rule_id, rule_kind, period_kind (categoricals), period
        (an ordered categorical: chronological within a period kind, semesters before academic
        years before the cycle), period_start, period_end (dates), required_x100,
        credited_x100, shortfall_x100 (int64 hundredths of the rule's unit: hours, or credits
        in a policy counted in credits, for quota rows; activities for count and choice rows)
        and status (categorical).

        A policy counted in credits (学分) adds hours_h100 after shortfall_x100: int64
        hundredths of an hour, the exact sum of the hours recorded of the records each quota
        row counted (each whole, before its rate, rounding and caps; a conversion brings none;
        0 on count and choice rows), the hours the credits came from. hours="decimal" adds
        `hours` beside it.

        hours="decimal" adds required, credited and shortfall as exact Decimals of the rule's
        unit (Decimal("12.50") hours): one Python object per value, for display and small
        tables. labels=True adds rule_label after rule_id: the rule's or part's label in the
        policy (a part without one by its categories' labels: 学校研修), for tables a county
        officer reads. The frame is yours to write into; copy=False instead gives read-only views of
        the audit's memory (no copy of the number columns, for the largest counties).

        Sum amounts over one kind only: `frame[frame.rule_kind == "quota"]` for hours.
        teacher_columns adds teacher attributes (school, title, ...) as categorical columns."""
        if hours not in HOURS_FORMS:
            raise ValueError(f"unknown hours {hours!r}; one of {', '.join(HOURS_FORMS)}")
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
        })
        if labels:
            named = _rule_labels(self.policy)
            per_rule = np.asarray([named.get(rule) or rule for rule in c["rule_ids"]],
                                  dtype=object)
            data["rule_label"] = pd.Categorical(per_rule[np.asarray(c["rule"])])
        data.update({
            "rule_kind": pd.Categorical.from_codes(c["rule_kind"], categories=RULE_KINDS),
            "period_kind": pd.Categorical.from_codes(c["period_kind"], categories=PERIOD_KINDS),
            "period": pd.Categorical.from_codes(c["period"], categories=c["period_labels"],
                                                ordered=True),
            "period_start": c["period_start"],
            "period_end": c["period_end"],
            "required_x100": c["required_x100"],
            "credited_x100": c["credited_x100"],
            "shortfall_x100": c["shortfall_x100"],
        })
        if self._core.hours_column:
            data["hours_h100"] = c["hours_h100"]
        if hours == "decimal":
            for name in ("required", "credited", "shortfall"):
                data[name] = to_decimal(np.asarray(c[f"{name}_x100"]))
            if self._core.hours_column:
                data["hours"] = to_decimal(np.asarray(c["hours_h100"]))
        data["status"] = pd.Categorical.from_codes(c["status"], categories=STATUSES)
        if not copy:
            return pd.DataFrame(data, copy=False)
        # Categoricals' codes may be views too: copy every column.
        return pd.DataFrame({name: (values.copy() if hasattr(values, "copy") else values)
                             for name, values in data.items()}, copy=True)

    @property
    def dispositions(self) -> dict[str, int]:
        """How many input records ended where, invalid rows included; they add up to the rows
        read. The command line prints the same counts as `records: ...`."""
        return self._core.disposition_counts

    @property
    def records(self) -> pd.DataFrame:
        """Every record the ledger holds with its final disposition (categorical)."""
        frame = _records_frame(self.ledger._core, self.policy, self.ledger._sources)
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

    def gap_plan(self, teacher_id: Union[str, int]) -> GapPlan:
        """What closes one teacher's gap, judged as this audit was: the smallest additional
        hours by category (activities for count and choice rules) in each short period, by its
        last day, that make every verdict met. Verdicts no added record can close (a choice
        rule with two options taken) are listed in `unclosable`."""
        plan = _core.plan_gaps(self._core, self._teacher_index(teacher_id))
        return GapPlan(_plan_steps(plan["steps"]), list(plan["unclosable"]), plan["text"])

    def decisions(self) -> pd.DataFrame:
        """The policy's named decisions (its `decisions`: 教师资格定期注册, 职务聘任) for every
        teacher: teacher_id (categorical, as in to_pandas), decision, status ("eligible" when
        no verdict the decision requires is short or in conflict, else "not_eligible"),
        verdicts (the audit rows it rests on), blocking (how many of them block it) and detail
        (the blocking ones). No rows when the policy declares no decisions."""
        decided = _core.decide(self._core)
        frame = pd.DataFrame({
            "teacher_id": pd.Categorical.from_codes(
                np.asarray(decided["teacher"], dtype=np.int64),
                categories=self._core.ledger.teacher_ids()),
            "decision": pd.Series(decided["decision"], dtype=object),
            "status": pd.Categorical(
                ["eligible" if e else "not_eligible" for e in decided["eligible"]],
                categories=["eligible", "not_eligible"]),
            "verdicts": np.asarray(decided["verdicts"], dtype=np.int64),
            "blocking": np.asarray(decided["blocking"], dtype=np.int64),
            "detail": pd.Series(decided["detail"], dtype=object),
        })
        return frame

    def explain_decisions(self, teacher_id: Union[str, int]) -> str:
        """One teacher's decisions, each with the verdicts behind it, as text."""
        return _core.explain_decisions(self._core, self._teacher_index(teacher_id))

    def gap_plans(self, teacher_ids: Optional[Iterable[Union[str, int]]] = None) -> pd.DataFrame:
        """The steps of many teachers' gap plans in one frame, teacher_id first (categorical,
        as in to_pandas), then gap_plan's steps columns: every teacher of the ledger by default
        (a compliant teacher has no steps), or those of `teacher_ids`."""
        ids = self._core.ledger.teacher_ids()
        indices = range(len(ids)) if teacher_ids is None else \
            [self._teacher_index(teacher) for teacher in teacher_ids]
        columns: dict[str, list[Any]] = {name: [] for name in PLAN_COLUMNS}
        owners: list[int] = []
        for index in indices:
            steps = _core.plan_gaps(self._core, index)["steps"]
            for name in PLAN_COLUMNS:
                columns[name].extend(steps[name])
            owners.extend([index] * len(steps["deadline"]))
        frame = _plan_steps(columns)
        frame.insert(0, "teacher_id", pd.Categorical.from_codes(
            np.asarray(owners, dtype=np.int64), categories=ids))
        return frame

    def _teacher_index(self, teacher_id: Union[str, int]) -> int:
        teacher_id = teacher_key(teacher_id)
        teacher = self._core.ledger.find_teacher(teacher_id)
        if teacher is None:
            raise KeyError(f"no teacher {teacher_id!r} in the ledger")
        return teacher

    def county_gaps(self) -> pd.DataFrame:
        """The county's missing hours by month of the deadline and category (activities for
        count and choice rules): every short teacher's gap plan summed, as a training office
        plans its workshops. Columns month (a monthly Period, 2018-01), category, activity,
        amount_x100 (hundredths of an hour, or activities times 100) and teachers (how many
        need it)."""
        gaps = _core.plan_county_gaps(self._core)
        frame = pd.DataFrame({key: gaps[key] for key in
                              ("month", "category", "activity", "amount_x100", "teachers")})
        frame["month"] = pd.PeriodIndex(list(frame["month"]), freq="M")
        for column in ("amount_x100", "teachers"):
            frame[column] = frame[column].astype("int64")
        return frame

    def explain(self, teacher_id: Union[str, int], lang: str = "en") -> Explanation:
        """One teacher's verdicts with the records behind them. `teacher_id` as the ledger
        holds it, or the integer a numeric id column gave (5 for teacher "5"). `lang` ("en" or
        "zh-CN") is the language of the text's framing words and of the structured
        explanation's labels and messages (Explanation.to_json, as_dict)."""
        teacher_id = teacher_key(teacher_id)
        explained = self._core.explain(self._teacher_index(teacher_id), lang)
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
        # Named as in messages: the source the user passed and the spreadsheet row.
        shown, rows, _labels = _rows(self.ledger._sources, list(records["file"]),
                                     list(records["line"]))
        records = records.drop(columns=["file", "line"]).assign(source=shown, row=rows)
        records["disposition"] = pd.Categorical(records["disposition"], categories=DISPOSITIONS)
        steps = pd.DataFrame(explained["steps"],
                             columns=["record_id", "step", "ref", "per", "category",
                                      "before_h100", "after_h100"])
        return Explanation(teacher_id, explained["text"], verdicts, contributions, records,
                           steps, explained["json"])

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
        # The dtypes of to_pandas: categoricals, period ordered.
        frame["period"] = pd.Categorical(frame["period"], categories=c["period_labels"],
                                         ordered=True)
        frame["period_kind"] = pd.Categorical(frame["period_kind"], categories=PERIOD_KINDS)
        if by is None:
            frame = frame.drop(columns="group")
        else:
            frame["group"] = pd.Categorical(frame["group"], categories=groups.categories)
            frame = frame.rename(columns={"group": by})
        return frame.reset_index(drop=True)

    def __repr__(self) -> str:
        return (f"<yanxiu.Audit {self.policy.id}: {len(self)} verdicts for "
                f"{self.ledger.teacher_count} teachers; records: "
                f"{_disposition_text(self.dispositions)}>")


def _rule_labels(policy: Policy) -> dict[str, str]:
    """Each rule's and part's label; a part without one is named by its categories' labels
    (semester-offline/school: 学校研修)."""
    categories = dict(zip(policy.categories["id"], policy.categories["label"]))
    rules = policy.rules
    labels = {}
    for rule, label, described in zip(rules["rule_id"], rules["label"], rules["categories"]):
        if not label and "/" in rule:
            # Policy.rules describes categories as "school, workshop".
            label = "、".join(categories.get(c) or c for c in described.split(", "))
        labels[rule] = label or rule
    return labels


def _plan_steps(steps: dict[str, list[Any]]) -> pd.DataFrame:
    """A gap plan's steps: deadline a datetime64 like every date column, amounts int64."""
    frame = pd.DataFrame({name: pd.Series(steps[name], dtype=object) for name in PLAN_COLUMNS})
    frame["deadline"] = pd.to_datetime(frame["deadline"]).astype("datetime64[ns]")
    frame["amount_x100"] = frame["amount_x100"].astype("int64")
    return frame


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
