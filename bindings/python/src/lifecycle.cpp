#include "lifecycle.hpp"

#include <pybind11/stl.h>

#include <yanxiu/decisions.hpp>
#include <yanxiu/gap_plan.hpp>
#include <yanxiu/impact.hpp>

namespace yanxiu::python {

namespace py = pybind11;

namespace {

// Each table as a dict of equal-length lists; the package makes DataFrames of them. Amounts
// stay hundredths (int), as every `_x100` column of the package.
py::dict impact_dict(const Impact& impact, std::size_t max_flips) {
  py::list rule_id, rule_kind, in_before, in_after, changed, short_before, short_after,
      shortfall_before, shortfall_after;
  for (const auto& line : impact.rules) {
    rule_id.append(line.rule_id);
    rule_kind.append(std::string(to_string(line.kind)));
    in_before.append(line.in_before);
    in_after.append(line.in_after);
    changed.append(line.teachers_changed);
    short_before.append(line.teachers_short_before);
    short_after.append(line.teachers_short_after);
    shortfall_before.append(line.shortfall_before.hundredths());
    shortfall_after.append(line.shortfall_after.hundredths());
  }
  py::dict rules(py::arg("rule_id") = rule_id, py::arg("rule_kind") = rule_kind,
                 py::arg("in_before") = in_before, py::arg("in_after") = in_after,
                 py::arg("teachers_changed") = changed,
                 py::arg("teachers_short_before") = short_before,
                 py::arg("teachers_short_after") = short_after,
                 py::arg("shortfall_before_x100") = shortfall_before,
                 py::arg("shortfall_after_x100") = shortfall_after);

  py::list group, teachers, compliant_before, compliant_after, became_compliant,
      became_noncompliant, hours_before, hours_after;
  for (const auto& line : impact.groups) {
    group.append(line.group);
    teachers.append(line.teachers);
    compliant_before.append(line.compliant_before);
    compliant_after.append(line.compliant_after);
    became_compliant.append(line.became_compliant);
    became_noncompliant.append(line.became_noncompliant);
    hours_before.append(line.shortfall_before.hundredths());
    hours_after.append(line.shortfall_after.hundredths());
  }
  py::dict groups(py::arg("group") = group, py::arg("teachers") = teachers,
                  py::arg("compliant_before") = compliant_before,
                  py::arg("compliant_after") = compliant_after,
                  py::arg("became_compliant") = became_compliant,
                  py::arg("became_noncompliant") = became_noncompliant,
                  py::arg("hours_short_before_x100") = hours_before,
                  py::arg("hours_short_after_x100") = hours_after);

  py::list teacher_id, flip_group, flip_before, flip_after, flip_hours_before, flip_hours_after,
      rules_changed;
  for (const auto& flip : impact.flips) {
    teacher_id.append(flip.teacher_id);
    flip_group.append(flip.group);
    flip_before.append(flip.compliant_before);
    flip_after.append(flip.compliant_after);
    flip_hours_before.append(flip.shortfall_before.hundredths());
    flip_hours_after.append(flip.shortfall_after.hundredths());
    rules_changed.append(py::cast(flip.rules_changed));
  }
  py::dict flips(py::arg("teacher_id") = teacher_id, py::arg("group") = flip_group,
                 py::arg("compliant_before") = flip_before, py::arg("compliant_after") = flip_after,
                 py::arg("hours_short_before_x100") = flip_hours_before,
                 py::arg("hours_short_after_x100") = flip_hours_after,
                 py::arg("rules_changed") = rules_changed);

  return py::dict(
      py::arg("group_attribute") = impact.group_attribute, py::arg("teachers") = impact.teachers,
      py::arg("only_before") = impact.only_before, py::arg("only_after") = impact.only_after,
      py::arg("rules") = rules, py::arg("groups") = groups, py::arg("flips") = flips,
      py::arg("text") = impact_to_text(impact, max_flips));
}

// A plan's steps as columns; amounts in hundredths (hours, or activities times 100).
py::dict plan_dict(const Policy& policy, const GapPlan& plan) {
  py::list period_kind, period, deadline, category, activity, amount, rule_id;
  for (const auto& step : plan.steps) {
    period_kind.append(std::string(to_string(step.period_kind)));
    period.append(
        policy.calendar().periods(step.period_kind)[static_cast<std::size_t>(step.period)].label);
    deadline.append(day_to_iso(step.deadline));
    category.append(policy.categories()[static_cast<std::size_t>(step.category)].id);
    activity.append(step.activity);
    amount.append(step.amount.hundredths());
    rule_id.append(step.rule_id);
  }
  py::dict steps(py::arg("period_kind") = period_kind, py::arg("period") = period,
                 py::arg("deadline") = deadline, py::arg("category") = category,
                 py::arg("activity") = activity, py::arg("amount_x100") = amount,
                 py::arg("rule_id") = rule_id);
  return py::dict(py::arg("steps") = steps, py::arg("unclosable") = plan.unclosable,
                  py::arg("text") = plan.to_text(policy));
}

}  // namespace

void bind_lifecycle(py::module_& m) {
  m.def(
      "compare_audits",
      [](const Audit& before, const Audit& after, std::string_view by, std::size_t max_flips) {
        Impact impact;
        {
          const py::gil_scoped_release release;
          impact = compare_audits(before, after, by);
        }
        return impact_dict(impact, max_flips);
      },
      py::arg("before"), py::arg("after"), py::arg("by") = "school", py::arg("max_flips") = 50,
      "The impact of the second audit's policy against the first's on one county: rules, "
      "groups and the teachers who flip, as dicts of lists, and the text yanxiu diff prints.");

  m.def(
      "plan_gaps",
      [](const Audit& audit, TeacherIndex teacher) {
        GapPlan plan;
        {
          const py::gil_scoped_release release;
          plan = plan_gaps(audit.policy(), audit.ledger(), teacher, audit.options());
        }
        return plan_dict(audit.policy(), plan);
      },
      py::arg("audit"), py::arg("teacher"),
      "What closes one teacher's gap (teacher: ledger index), judged as the audit was.");
  m.def(
      "decide",
      [](const Audit& audit) {
        std::vector<DecisionVerdict> verdicts;
        {
          const py::gil_scoped_release release;
          verdicts = decide(audit);
        }
        py::list teacher, decision, eligible, rows, blocking, detail;
        for (const auto& verdict : verdicts) {
          teacher.append(verdict.teacher);
          decision.append(audit.policy().decisions()[verdict.decision].id);
          eligible.append(verdict.eligible);
          rows.append(verdict.rows.size());
          blocking.append(verdict.blocking.size());
          detail.append(blocking_text(audit, verdict));
        }
        return py::dict(py::arg("teacher") = teacher, py::arg("decision") = decision,
                        py::arg("eligible") = eligible, py::arg("verdicts") = rows,
                        py::arg("blocking") = blocking, py::arg("detail") = detail);
      },
      py::arg("audit"),
      "Every teacher's named decisions (the policy's `decisions`) as a dict of lists: teacher "
      "(ledger index), decision, eligible, verdicts, blocking, detail.");
  m.def(
      "explain_decisions",
      [](const Audit& audit, TeacherIndex teacher) {
        std::string text;
        for (const auto& verdict : decide(audit, teacher))
          text += explain_decision(audit, verdict);
        return text;
      },
      py::arg("audit"), py::arg("teacher"),
      "One teacher's decisions with the verdicts behind each, as text.");
  m.def(
      "plan_county_gaps",
      [](const Audit& audit) {
        CountyGap gap;
        {
          const py::gil_scoped_release release;
          gap = plan_county_gaps(audit);
        }
        py::list month, category, activity, amount, teachers;
        for (const auto& line : gap.lines) {
          month.append(line.month);
          category.append(audit.policy().categories()[static_cast<std::size_t>(line.category)].id);
          activity.append(line.activity);
          amount.append(line.amount.hundredths());
          teachers.append(line.teachers);
        }
        return py::dict(py::arg("month") = month, py::arg("category") = category,
                        py::arg("activity") = activity, py::arg("amount_x100") = amount,
                        py::arg("teachers") = teachers,
                        py::arg("teachers_short") = gap.teachers_short,
                        py::arg("teachers_unclosable") = gap.teachers_unclosable);
      },
      py::arg("audit"),
      "The county's missing hours by month of the deadline and category, from every short "
      "teacher's gap plan.");
}

}  // namespace yanxiu::python
