// Named decisions derived from a teacher's verdicts
// (学时…作为教师资格定期注册、教师考核和职务聘任的 必备条件): read off the audit's rows, never
// judged again.

#include <ostream>

#include <yanxiu/decisions.hpp>
#include <yanxiu/sys/fields.hpp>

namespace yanxiu {

namespace {

// Whether audit row `row` is one the requirement names: a whole rule takes its parts too.
bool names_row(const RuleReference& reference, const AuditRow& row) {
  return row.rule == reference.rule && (reference.part < 0 || row.part == reference.part);
}

DecisionVerdict decide_one(const Audit& audit, TeacherIndex teacher, std::size_t d) {
  const Decision& decision = audit.policy().decisions()[d];
  DecisionVerdict verdict;
  verdict.teacher = teacher;
  verdict.decision = d;
  for (std::size_t r = audit.row_begin(teacher); r < audit.row_begin(teacher + 1); ++r) {
    const AuditRow row = audit.row(r);
    bool named = false;
    for (const RuleReference& reference : decision.required_rules)
      named = named || names_row(reference, row);
    if (!named) continue;
    verdict.rows.push_back(r);
    if (row.status == Status::short_ || row.status == Status::conflict)
      verdict.blocking.push_back(r);
  }
  verdict.eligible = verdict.blocking.empty();
  return verdict;
}

// "cycle-360 cycle: short 340.00 of 360.00": a row as the decision explains it.
std::string row_text(const Audit& audit, std::size_t r) {
  const AuditRow row = audit.row(r);
  const RuleKind kind = audit.policy().rules()[static_cast<std::size_t>(row.rule)].kind;
  std::string text = audit.rule_id(row) + " " + audit.period(row).label + ": ";
  text += to_string(row.status);
  if (row.status == Status::not_applicable || row.status == Status::exempt) return text;
  text += " ";
  append_amount(text, kind, row.credited);
  text += " of ";
  append_amount(text, kind, row.required);
  return text;
}

}  // namespace

std::string_view decision_status(bool eligible) {
  return eligible ? "eligible" : "not_eligible";
}

std::vector<DecisionVerdict> decide(const Audit& audit, TeacherIndex teacher) {
  std::vector<DecisionVerdict> verdicts;
  for (std::size_t d = 0; d < audit.policy().decisions().size(); ++d)
    verdicts.push_back(decide_one(audit, teacher, d));
  return verdicts;
}

std::vector<DecisionVerdict> decide(const Audit& audit) {
  std::vector<DecisionVerdict> verdicts;
  if (audit.policy().decisions().empty()) return verdicts;
  const auto teachers = static_cast<TeacherIndex>(audit.ledger().teachers().size());
  for (TeacherIndex t = 0; t < teachers; ++t) {
    auto mine = decide(audit, t);
    verdicts.insert(verdicts.end(), std::make_move_iterator(mine.begin()),
                    std::make_move_iterator(mine.end()));
  }
  return verdicts;
}

std::string blocking_text(const Audit& audit, const DecisionVerdict& verdict) {
  std::string text;
  for (const std::size_t r : verdict.blocking) {
    if (!text.empty()) text += "; ";
    text += row_text(audit, r);
  }
  return text;
}

std::string explain_decision(const Audit& audit, const DecisionVerdict& verdict) {
  const Decision& decision = audit.policy().decisions()[verdict.decision];
  std::string text = decision.id;
  if (!decision.label.empty()) text += " (" + decision.label + ")";
  text += ": ";
  text += decision_status(verdict.eligible);
  text += "\n";
  for (const std::size_t r : verdict.rows)
    text += "  " + row_text(audit, r) + "\n";
  return text;
}

void write_decisions_csv(std::ostream& out, const Audit& audit,
                         std::span<const DecisionVerdict> verdicts) {
  std::string text(decisions_csv_header);
  text += '\n';
  for (const DecisionVerdict& verdict : verdicts) {
    append_csv_field(text, audit.ledger().teachers().id[static_cast<std::size_t>(verdict.teacher)]);
    text += ',';
    append_csv_field(text, audit.policy().decisions()[verdict.decision].id);
    text += ',';
    text += decision_status(verdict.eligible);
    text += ',' + std::to_string(verdict.rows.size()) + ',' +
            std::to_string(verdict.blocking.size()) + ',';
    append_csv_field(text, blocking_text(audit, verdict));
    text += '\n';
  }
  out << text;
}

}  // namespace yanxiu
