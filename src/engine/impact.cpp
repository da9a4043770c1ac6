#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include <yanxiu/impact.hpp>
#include <yanxiu/sys/fields.hpp>

namespace yanxiu {

namespace {

// A rule or part of one policy by a dense index: rule r's whole row is first_slot[r], its part p
// first_slot[r] + 1 + p. Rows of the two audits meet through the slots' ids.
struct Slots {
  std::vector<int> first_slot;
  std::vector<std::string> ids;
  std::vector<RuleKind> kinds;

  explicit Slots(const Policy& policy) {
    for (const Rule& rule : policy.rules()) {
      first_slot.push_back(static_cast<int>(ids.size()));
      ids.push_back(rule.id);
      for (const QuotaPart& part : rule.parts)
        ids.push_back(rule.id + "/" + part.id);
      kinds.resize(ids.size(), rule.kind);
    }
  }
  int of(const AuditRow& row) const {
    return first_slot[static_cast<std::size_t>(row.rule)] + 1 + row.part;
  }
};

// A period of one calendar by a dense index over every kind, with its label.
struct PeriodSlots {
  std::vector<int> first_slot;  ///< by PeriodKind
  std::vector<std::string> keys;

  explicit PeriodSlots(const Calendar& calendar) {
    for (int kind = 0; kind <= static_cast<int>(PeriodKind::phase); ++kind) {
      first_slot.push_back(static_cast<int>(keys.size()));
      for (const Period& period : calendar.periods(static_cast<PeriodKind>(kind)))
        keys.push_back(std::to_string(kind) + ":" + period.label);
    }
  }
  int of(const AuditRow& row) const {
    return first_slot[static_cast<std::size_t>(row.period_kind)] + row.period;
  }
};

// Maps the slots of one side to those of the other by their keys; -1 where the other has none.
std::vector<int> match(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  std::unordered_map<std::string_view, int> index;
  for (std::size_t i = 0; i < to.size(); ++i)
    index.emplace(to[i], static_cast<int>(i));
  std::vector<int> matched(from.size(), -1);
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (const auto found = index.find(from[i]); found != index.end()) matched[i] = found->second;
  }
  return matched;
}

bool failing(Status status) {
  return status == Status::short_ || status == Status::conflict;
}

Hours shortfall_of(const AuditRow& row) {
  return row.status == Status::conflict ? Hours() : row.shortfall();
}

// The hours a teacher or a school is short: quota rules only, counts being another unit.
Hours hours_short(const Slots& slots, const AuditRow& row) {
  return slots.kinds[static_cast<std::size_t>(slots.of(row))] == RuleKind::quota ? shortfall_of(row)
                                                                                 : Hours();
}

// One teacher's rows of one audit, keyed by (rule slot, period slot) of the *after* side.
struct TeacherRows {
  std::vector<std::pair<std::int64_t, std::size_t>> by_key;  ///< sorted by key

  /// The position in by_key of the row with that key.
  std::optional<std::size_t> find(std::int64_t key) const {
    const auto found =
        std::lower_bound(by_key.begin(), by_key.end(), std::make_pair(key, std::size_t{0}));
    if (found == by_key.end() || found->first != key) return std::nullopt;
    return static_cast<std::size_t>(found - by_key.begin());
  }
};

std::int64_t key_of(int rule_slot, int period_slot) {
  return static_cast<std::int64_t>(rule_slot) << 32 | static_cast<std::uint32_t>(period_slot);
}

// Per teacher and rule line, whether a row changed / failed, reset for each teacher.
struct Mark {
  bool changed = false, failed_before = false, failed_after = false;
};

// How one teacher fares under each audit.
struct TeacherOutcome {
  Hours short_before, short_after;
  bool compliant_before = true, compliant_after = true;
};

// Two audits compared teacher by teacher into the lines of an Impact: a line for each rule or
// part of either policy, a line for each group, and the teachers whose compliance flips.
class AuditComparison {
 public:
  AuditComparison(const Audit& before, const Audit& after, Impact& impact)
      : before_(before),
        after_(after),
        impact_(impact),
        rules_before_(before.policy()),
        rules_after_(after.policy()),
        periods_before_(before.policy().calendar()),
        periods_after_(after.policy().calendar()),
        rule_to_after_(match(rules_before_.ids, rules_after_.ids)),
        period_to_after_(match(periods_before_.keys, periods_after_.keys)) {
    add_rule_lines();
    marks_.resize(impact_.rules.size());
  }

  // The teacher at index `teacher` of the first audit's ledger, `other` of the second's.
  TeacherOutcome compare_teacher(TeacherIndex teacher, TeacherIndex other) {
    std::fill(marks_.begin(), marks_.end(), Mark{});
    index_after_rows(other);
    TeacherOutcome outcome;
    for (std::size_t r = before_.row_begin(teacher); r < before_.row_begin(teacher + 1); ++r)
      add_before_row(before_.row(r), outcome);
    for (std::size_t k = 0; k < after_rows_.by_key.size(); ++k)
      add_after_row(k, outcome);
    for (std::size_t l = 0; l < marks_.size(); ++l) {
      Impact::RuleLine& line = impact_.rules[l];
      line.teachers_changed += marks_[l].changed;
      line.teachers_short_before += marks_[l].failed_before;
      line.teachers_short_after += marks_[l].failed_after;
    }
    return outcome;
  }

  // The rule lines marked changed for the last teacher compared.
  std::vector<std::string> rules_changed() const {
    std::vector<std::string> changed;
    for (std::size_t l = 0; l < marks_.size(); ++l) {
      if (marks_[l].changed) changed.push_back(impact_.rules[l].rule_id);
    }
    return changed;
  }

 private:
  // Rule lines: the first policy's slots, then those only the second has.
  void add_rule_lines() {
    const std::vector<int> rule_to_before = match(rules_after_.ids, rules_before_.ids);
    line_of_before_.resize(rules_before_.ids.size());
    line_of_after_.assign(rules_after_.ids.size(), -1);
    for (std::size_t i = 0; i < rules_before_.ids.size(); ++i) {
      line_of_before_[i] = static_cast<int>(impact_.rules.size());
      Impact::RuleLine line;
      line.rule_id = rules_before_.ids[i];
      line.kind = rules_before_.kinds[i];
      line.in_before = true;
      line.in_after = rule_to_after_[i] >= 0;
      if (line.in_after)
        line_of_after_[static_cast<std::size_t>(rule_to_after_[i])] = line_of_before_[i];
      impact_.rules.push_back(std::move(line));
    }
    for (std::size_t i = 0; i < rules_after_.ids.size(); ++i) {
      if (rule_to_before[i] >= 0) continue;
      line_of_after_[i] = static_cast<int>(impact_.rules.size());
      Impact::RuleLine line;
      line.rule_id = rules_after_.ids[i];
      line.kind = rules_after_.kinds[i];
      line.in_after = true;
      impact_.rules.push_back(std::move(line));
    }
  }

  void index_after_rows(TeacherIndex other) {
    after_rows_.by_key.clear();
    for (std::size_t r = after_.row_begin(other); r < after_.row_begin(other + 1); ++r) {
      const AuditRow row = after_.row(r);
      after_rows_.by_key.emplace_back(key_of(rules_after_.of(row), periods_after_.of(row)), r);
    }
    std::sort(after_rows_.by_key.begin(), after_rows_.by_key.end());
    after_seen_.assign(after_rows_.by_key.size(), 0);
  }

  // A row of the first audit, and whether the second has the same row with the same status.
  void add_before_row(const AuditRow& row, TeacherOutcome& outcome) {
    const auto slot = static_cast<std::size_t>(rules_before_.of(row));
    const auto line_index = static_cast<std::size_t>(line_of_before_[slot]);
    Mark& mark = marks_[line_index];
    const bool fails = failing(row.status);
    mark.failed_before |= fails;
    outcome.compliant_before &= !fails;
    impact_.rules[line_index].shortfall_before += shortfall_of(row);
    outcome.short_before += hours_short(rules_before_, row);

    const int rule_after = rule_to_after_[slot];
    const int period_after = period_to_after_[static_cast<std::size_t>(periods_before_.of(row))];
    const auto matched = rule_after >= 0 && period_after >= 0
                             ? after_rows_.find(key_of(rule_after, period_after))
                             : std::nullopt;
    if (!matched) {
      mark.changed = true;
      return;
    }
    after_seen_[*matched] = 1;
    if (after_.row(after_rows_.by_key[*matched].second).status != row.status) mark.changed = true;
  }

  // The k-th row of the second audit in key order; a row no row of the first matched is a change.
  void add_after_row(std::size_t k, TeacherOutcome& outcome) {
    const AuditRow row = after_.row(after_rows_.by_key[k].second);
    const auto slot = static_cast<std::size_t>(rules_after_.of(row));
    const auto line_index = static_cast<std::size_t>(line_of_after_[slot]);
    Mark& mark = marks_[line_index];
    const bool fails = failing(row.status);
    mark.failed_after |= fails;
    outcome.compliant_after &= !fails;
    impact_.rules[line_index].shortfall_after += shortfall_of(row);
    outcome.short_after += hours_short(rules_after_, row);
    if (!after_seen_[k]) mark.changed = true;
  }

  const Audit& before_;
  const Audit& after_;
  Impact& impact_;
  const Slots rules_before_, rules_after_;
  const PeriodSlots periods_before_, periods_after_;
  const std::vector<int> rule_to_after_, period_to_after_;
  std::vector<int> line_of_before_, line_of_after_;
  std::vector<Mark> marks_;
  std::vector<char> after_seen_;
  TeacherRows after_rows_;
};

void add_to_group(Impact::GroupLine& line, const std::string& group,
                  const TeacherOutcome& outcome) {
  line.group = group;
  ++line.teachers;
  line.compliant_before += outcome.compliant_before;
  line.compliant_after += outcome.compliant_after;
  line.became_compliant += !outcome.compliant_before && outcome.compliant_after;
  line.became_noncompliant += outcome.compliant_before && !outcome.compliant_after;
  line.shortfall_before += outcome.short_before;
  line.shortfall_after += outcome.short_after;
}

}  // namespace

Impact compare_audits(const Audit& before, const Audit& after, std::string_view group_attribute) {
  Impact impact;
  impact.group_attribute = std::string(group_attribute);
  AuditComparison comparison(before, after, impact);
  const Ledger& ledger_before = before.ledger();
  const Ledger& ledger_after = after.ledger();
  const StringColumn* group_column = ledger_before.teachers().attribute(group_attribute);
  std::map<std::string, Impact::GroupLine> groups;

  const auto& ids_before = ledger_before.teachers().id;
  for (std::size_t t = 0; t < ids_before.size(); ++t) {
    const std::string_view id = ids_before[t];
    const auto other = ledger_after.find_teacher(id);
    if (!other) {
      impact.only_before.emplace_back(id);
      continue;
    }
    ++impact.teachers;
    const TeacherOutcome outcome = comparison.compare_teacher(static_cast<TeacherIndex>(t), *other);
    const std::string group = group_column ? std::string((*group_column)[t]) : std::string();
    add_to_group(groups[group], group, outcome);
    if (outcome.compliant_before != outcome.compliant_after) {
      Impact::Flip flip;
      flip.rules_changed = comparison.rules_changed();
      flip.teacher_id = std::string(id);
      flip.group = group;
      flip.compliant_before = outcome.compliant_before;
      flip.compliant_after = outcome.compliant_after;
      flip.shortfall_before = outcome.short_before;
      flip.shortfall_after = outcome.short_after;
      impact.flips.push_back(std::move(flip));
    }
  }

  const auto& ids_after = ledger_after.teachers().id;
  for (std::size_t t = 0; t < ids_after.size(); ++t) {
    if (!ledger_before.find_teacher(ids_after[t])) impact.only_after.emplace_back(ids_after[t]);
  }
  for (auto& [name, line] : groups)
    impact.groups.push_back(std::move(line));
  return impact;
}

namespace {

std::string signed_amount(RuleKind kind, Hours delta) {
  std::string text = delta > Hours() ? "+" : "";
  append_amount(text, kind, delta);
  return text;
}

std::string yes_no(bool value) {
  return value ? "yes" : "no";
}

}  // namespace

std::string impact_to_text(const Impact& impact, std::size_t max_flips) {
  std::ostringstream out;
  std::int64_t to_compliant = 0, to_noncompliant = 0;
  for (const auto& flip : impact.flips)
    (flip.compliant_after ? to_compliant : to_noncompliant) += 1;
  out << impact.teachers << " teachers in both audits: " << impact.flips.size()
      << " change compliance (" << to_compliant << " become compliant, " << to_noncompliant
      << " become non-compliant)\n";
  if (!impact.only_before.empty() || !impact.only_after.empty()) {
    out << impact.only_before.size() << " teachers only in the first audit, "
        << impact.only_after.size() << " only in the second\n";
  }

  out << "\nRules whose verdicts change (teachers short before -> after, shortfall)\n";
  bool any_rule = false;
  for (const auto& line : impact.rules) {
    if (line.teachers_changed == 0 && line.in_before && line.in_after) continue;
    any_rule = true;
    out << "  " << line.rule_id;
    if (!line.in_after) out << " (only in the first policy)";
    if (!line.in_before) out << " (only in the second policy)";
    out << ": " << line.teachers_changed << " teachers change; short " << line.teachers_short_before
        << " -> " << line.teachers_short_after << "; shortfall "
        << format_amount(line.kind, line.shortfall_before) << " -> "
        << format_amount(line.kind, line.shortfall_after) << " ("
        << signed_amount(line.kind, line.shortfall_after - line.shortfall_before) << ")\n";
  }
  if (!any_rule) out << "  none\n";

  out << "\nBy " << (impact.group_attribute.empty() ? "group" : impact.group_attribute)
      << " (compliant before -> after, hours short)\n";
  bool any_group = false;
  for (const auto& line : impact.groups) {
    if (line.became_compliant == 0 && line.became_noncompliant == 0 &&
        line.shortfall_before == line.shortfall_after)
      continue;
    any_group = true;
    out << "  " << (line.group.empty() ? "(none)" : line.group) << ": " << line.compliant_before
        << " -> " << line.compliant_after << " of " << line.teachers << "; hours short "
        << to_string(line.shortfall_before) << " -> " << to_string(line.shortfall_after) << " ("
        << signed_amount(RuleKind::quota, line.shortfall_after - line.shortfall_before) << ")\n";
  }
  if (!any_group) out << "  none\n";

  out << "\nTeachers who flip\n";
  if (impact.flips.empty()) out << "  none\n";
  for (std::size_t i = 0; i < impact.flips.size(); ++i) {
    if (max_flips > 0 && i == max_flips) {
      out << "  ... and " << impact.flips.size() - max_flips << " more\n";
      break;
    }
    const auto& flip = impact.flips[i];
    out << "  " << flip.teacher_id << " (" << flip.group
        << "): " << (flip.compliant_after ? "becomes compliant" : "becomes non-compliant")
        << "; hours short " << to_string(flip.shortfall_before) << " -> "
        << to_string(flip.shortfall_after) << "; rules:";
    for (const auto& rule : flip.rules_changed)
      out << ' ' << rule;
    out << '\n';
  }
  return out.str();
}

void write_impact_rules_csv(std::ostream& out, const Impact& impact) {
  std::string text =
      "rule_id,in_before,in_after,teachers_changed,teachers_short_before,teachers_short_after,"
      "shortfall_before,shortfall_after\n";
  for (const auto& line : impact.rules) {
    append_csv_field(text, line.rule_id);
    text += ',' + yes_no(line.in_before) + ',' + yes_no(line.in_after) + ',' +
            std::to_string(line.teachers_changed) + ',' +
            std::to_string(line.teachers_short_before) + ',' +
            std::to_string(line.teachers_short_after) + ',';
    append_amount(text, line.kind, line.shortfall_before);
    text += ',';
    append_amount(text, line.kind, line.shortfall_after);
    text += '\n';
  }
  out << text;
}

void write_impact_groups_csv(std::ostream& out, const Impact& impact) {
  std::string text;
  append_csv_field(text, impact.group_attribute.empty() ? "group" : impact.group_attribute);
  text +=
      ",teachers,compliant_before,compliant_after,became_compliant,became_noncompliant,"
      "hours_short_before,hours_short_after\n";
  for (const auto& line : impact.groups) {
    append_csv_field(text, line.group);
    text += ',' + std::to_string(line.teachers) + ',' + std::to_string(line.compliant_before) +
            ',' + std::to_string(line.compliant_after) + ',' +
            std::to_string(line.became_compliant) + ',' + std::to_string(line.became_noncompliant) +
            ',';
    append_hours(text, line.shortfall_before);
    text += ',';
    append_hours(text, line.shortfall_after);
    text += '\n';
  }
  out << text;
}

void write_impact_flips_csv(std::ostream& out, const Impact& impact) {
  std::string text = "teacher_id,";
  append_csv_field(text, impact.group_attribute.empty() ? "group" : impact.group_attribute);
  text += ",compliant_before,compliant_after,hours_short_before,hours_short_after,rules_changed\n";
  for (const auto& flip : impact.flips) {
    append_csv_field(text, flip.teacher_id);
    text += ',';
    append_csv_field(text, flip.group);
    text += ',' + yes_no(flip.compliant_before) + ',' + yes_no(flip.compliant_after) + ',';
    append_hours(text, flip.shortfall_before);
    text += ',';
    append_hours(text, flip.shortfall_after);
    text += ',';
    std::string rules;
    for (const auto& rule : flip.rules_changed)
      rules += (rules.empty() ? "" : ";") + rule;
    append_csv_field(text, rules);
    text += '\n';
  }
  out << text;
}

}  // namespace yanxiu
