#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/rules.hpp>

namespace yanxiu {

/// How two audits of one county differ: the same teachers judged under a policy and under a
/// changed one (impact analysis, `yanxiu diff`). Rows are matched by teacher id, rule id
/// ("semester-offline/school") and period label, so the two policies may differ in anything,
/// the ledgers being read with each policy from the same files.
///
/// A teacher is *compliant* when none of their verdicts is short or a conflict. A rule line's
/// shortfalls are of its kind (hours, or whole counts times 100 for count and choice rules); a
/// school's and a teacher's are the hours of quota rules.
struct Impact {
  /// One rule (or part) of either policy.
  struct RuleLine {
    std::string rule_id;
    RuleKind kind = RuleKind::quota;  ///< of the first policy's rule when both have it
    bool in_before = false;
    bool in_after = false;
    /// Teachers with at least one row of the rule whose status differs (a row only one audit
    /// has counts as differing).
    std::int64_t teachers_changed = 0;
    std::int64_t teachers_short_before = 0;  ///< with a short or conflicting row of the rule
    std::int64_t teachers_short_after = 0;
    Hours shortfall_before;
    Hours shortfall_after;
  };
  /// The teachers of one value of the grouping attribute (the school).
  struct GroupLine {
    std::string group;
    std::int64_t teachers = 0;  ///< in both audits
    std::int64_t compliant_before = 0;
    std::int64_t compliant_after = 0;
    std::int64_t became_compliant = 0;
    std::int64_t became_noncompliant = 0;
    Hours shortfall_before;
    Hours shortfall_after;
  };
  /// A teacher whose compliance differs between the two audits.
  struct Flip {
    std::string teacher_id;
    std::string group;
    bool compliant_before = false;
    bool compliant_after = false;
    Hours shortfall_before;
    Hours shortfall_after;
    std::vector<std::string> rules_changed;  ///< rule ids with a row whose status differs
  };

  std::string group_attribute;
  std::int64_t teachers = 0;             ///< in both audits
  std::vector<std::string> only_before;  ///< teacher ids only the first audit has
  std::vector<std::string> only_after;
  std::vector<RuleLine> rules;    ///< the first policy's order, then rules only the second has
  std::vector<GroupLine> groups;  ///< by group name
  std::vector<Flip> flips;        ///< the first audit's teacher order
};

/// Compares `before` with `after`; `group_attribute` is the teacher attribute the per-group
/// lines are by (teachers without it are grouped under "").
Impact compare_audits(const Audit& before, const Audit& after,
                      std::string_view group_attribute = "school");

/// The impact as a county officer reads it: totals, the rules and schools that change, and the
/// teachers who flip (at most `max_flips` of them listed; 0: all).
std::string impact_to_text(const Impact& impact, std::size_t max_flips = 50);

/// The three tables as CSV: `rule_id,in_before,in_after,teachers_changed,teachers_short_before,
/// teachers_short_after,shortfall_before,shortfall_after`; `GROUP,teachers,compliant_before,
/// compliant_after,became_compliant,became_noncompliant,hours_short_before,hours_short_after`;
/// `teacher_id,GROUP,compliant_before,compliant_after,hours_short_before,hours_short_after,
/// rules_changed` (rule ids joined by ';').
void write_impact_rules_csv(std::ostream& out, const Impact& impact);
void write_impact_groups_csv(std::ostream& out, const Impact& impact);
void write_impact_flips_csv(std::ostream& out, const Impact& impact);

}  // namespace yanxiu
