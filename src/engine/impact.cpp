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

}  // namespace

Impact compare_audits(const Audit& before, const Audit& after, std::string_view group_attribute) {
  Impact impact;
  impact.group_attribute = std::string(group_attribute);
  const Slots rules_before(before.policy());
  const Slots rules_after(after.policy());
  const PeriodSlots periods_before(before.policy().calendar());
  const PeriodSlots periods_after(after.policy().calendar());
  const std::vector<int> rule_to_after = match(rules_before.ids, rules_after.ids);
  const std::vector<int> rule_to_before = match(rules_after.ids, rules_before.ids);
  const std::vector<int> period_to_after = match(periods_before.keys, periods_after.keys);

  // Rule lines: the first policy's slots, then those only the second has.
  std::vector<int> line_of_before(rules_before.ids.size());
  std::vector<int> line_of_after(rules_after.ids.size(), -1);
  for (std::size_t i = 0; i < rules_before.ids.size(); ++i) {
    line_of_before[i] = static_cast<int>(impact.rules.size());
    Impact::RuleLine line;
    line.rule_id = rules_before.ids[i];
    line.kind = rules_before.kinds[i];
    line.in_before = true;
    line.in_after = rule_to_after[i] >= 0;
    if (line.in_after)
      line_of_after[static_cast<std::size_t>(rule_to_after[i])] = line_of_before[i];
    impact.rules.push_back(std::move(line));
  }
  for (std::size_t i = 0; i < rules_after.ids.size(); ++i) {
    if (rule_to_before[i] >= 0) continue;
    line_of_after[i] = static_cast<int>(impact.rules.size());
    Impact::RuleLine line;
    line.rule_id = rules_after.ids[i];
    line.kind = rules_after.kinds[i];
    line.in_after = true;
    impact.rules.push_back(std::move(line));
  }

  const Ledger& ledger_before = before.ledger();
  const Ledger& ledger_after = after.ledger();
  const StringColumn* group_column = ledger_before.teachers().attribute(group_attribute);
  std::map<std::string, Impact::GroupLine> groups;

  // Per teacher and rule line, whether a row changed / failed, reset for each teacher.
  struct Mark {
    bool changed = false, failed_before = false, failed_after = false;
  };
  std::vector<Mark> marks(impact.rules.size());
  std::vector<char> after_seen;
  TeacherRows after_rows;

  const auto& ids_before = ledger_before.teachers().id;
  for (std::size_t t = 0; t < ids_before.size(); ++t) {
    const std::string_view id = ids_before[t];
    const auto other = ledger_after.find_teacher(id);
    if (!other) {
      impact.only_before.emplace_back(id);
      continue;
    }
    ++impact.teachers;
    std::fill(marks.begin(), marks.end(), Mark{});
    after_rows.by_key.clear();
    const std::size_t after_begin = after.row_begin(*other);
    const std::size_t after_end = after.row_begin(*other + 1);
    for (std::size_t r = after_begin; r < after_end; ++r) {
      const AuditRow row = after.row(r);
      after_rows.by_key.emplace_back(key_of(rules_after.of(row), periods_after.of(row)), r);
    }
    std::sort(after_rows.by_key.begin(), after_rows.by_key.end());
    after_seen.assign(after_rows.by_key.size(), 0);

    Hours short_before, short_after;
    bool compliant_before = true, compliant_after = true;
    const auto teacher = static_cast<TeacherIndex>(t);
    for (std::size_t r = before.row_begin(teacher); r < before.row_begin(teacher + 1); ++r) {
      const AuditRow row = before.row(r);
      const int slot = rules_before.of(row);
      Mark& mark = marks[static_cast<std::size_t>(line_of_before[static_cast<std::size_t>(slot)])];
      Impact::RuleLine& line =
          impact.rules[static_cast<std::size_t>(line_of_before[static_cast<std::size_t>(slot)])];
      const bool fails = failing(row.status);
      mark.failed_before |= fails;
      compliant_before &= !fails;
      line.shortfall_before += shortfall_of(row);
      short_before += hours_short(rules_before, row);

      const int rule_after = rule_to_after[static_cast<std::size_t>(slot)];
      const int period_after = period_to_after[static_cast<std::size_t>(periods_before.of(row))];
      const auto matched = rule_after >= 0 && period_after >= 0
                               ? after_rows.find(key_of(rule_after, period_after))
                               : std::nullopt;
      if (!matched) {
        mark.changed = true;
        continue;
      }
      after_seen[*matched] = 1;
      if (after.row(after_rows.by_key[*matched].second).status != row.status) mark.changed = true;
    }
    for (std::size_t k = 0; k < after_rows.by_key.size(); ++k) {
      const AuditRow row = after.row(after_rows.by_key[k].second);
      const int slot = rules_after.of(row);
      const auto line_index =
          static_cast<std::size_t>(line_of_after[static_cast<std::size_t>(slot)]);
      Mark& mark = marks[line_index];
      const bool fails = failing(row.status);
      mark.failed_after |= fails;
      compliant_after &= !fails;
      impact.rules[line_index].shortfall_after += shortfall_of(row);
      short_after += hours_short(rules_after, row);
      if (!after_seen[k]) mark.changed = true;
    }

    for (std::size_t l = 0; l < marks.size(); ++l) {
      Impact::RuleLine& line = impact.rules[l];
      line.teachers_changed += marks[l].changed;
      line.teachers_short_before += marks[l].failed_before;
      line.teachers_short_after += marks[l].failed_after;
    }

    const std::string group = group_column ? std::string((*group_column)[t]) : std::string();
    Impact::GroupLine& group_line = groups[group];
    group_line.group = group;
    ++group_line.teachers;
    group_line.compliant_before += compliant_before;
    group_line.compliant_after += compliant_after;
    group_line.became_compliant += !compliant_before && compliant_after;
    group_line.became_noncompliant += compliant_before && !compliant_after;
    group_line.shortfall_before += short_before;
    group_line.shortfall_after += short_after;

    if (compliant_before != compliant_after) {
      Impact::Flip flip;
      for (std::size_t l = 0; l < marks.size(); ++l) {
        if (marks[l].changed) flip.rules_changed.push_back(impact.rules[l].rule_id);
      }
      flip.teacher_id = std::string(id);
      flip.group = group;
      flip.compliant_before = compliant_before;
      flip.compliant_after = compliant_after;
      flip.shortfall_before = short_before;
      flip.shortfall_after = short_after;
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
