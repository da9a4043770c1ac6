#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/calendar.hpp>
#include <yanxiu/categories.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

using RuleIndex = std::int16_t;

/// What a rule measures. Only ever appended to: the C ABI numbers them.
enum class RuleKind : std::uint8_t {
  quota,   ///< hours of some categories
  count,   ///< activities (lesson observations, research activities), from records' `activity`
  choice,  ///< exactly one of a set of activities (S0.9: a star project or a research topic)
};
inline constexpr int rule_kind_count = 3;
/// The most activities a choice rule may name (the evaluator keeps the ones seen as bits).
inline constexpr std::size_t max_choice_options = 64;
std::string_view to_string(RuleKind kind);

/// A minimum inside a rule, over some of its categories (S0.4: "school 12 of the 30").
/// Reported on its own audit row as "RULE/PART".
struct QuotaPart {
  std::string id;  ///< the policy's id, or the 1-based index when it gives none
  std::string label;
  CategoryMask categories = 0;
  Hours min;
  SourcePosition position;
};

/// A period that starts at a teacher's own date: the first `months` from it (新教师试用期内: 12
/// months from join_date). Its rule is judged once per cycle over the window's days inside the
/// cycle.
struct TeacherWindow {
  std::string from;  ///< "join_date", or a teacher column holding a date (YYYY-MM-DD)
  int months = 0;
  /// 试用期培训不计入周期学时: the window's days count as not served for every other rule (so
  /// they are left out of pro-rating), and its records count for no other quota rule.
  bool apart = false;
};

/// A rule of the policy, judged for every teacher it applies to in every period of its kind.
///
/// Amounts are hundredths: hours for quotas, and for count and choice rules whole counts times
/// 100 (a count of 10 is `Hours::whole(10)`), so that one column type carries every verdict.
struct Rule {
  std::string id;
  std::string label;
  std::string source;  ///< the section of the source document ("三.1")
  RuleKind kind = RuleKind::quota;
  PeriodKind period = PeriodKind::cycle;
  CategoryMask categories = 0;  ///< all categories unless the rule names some
  Hours min;
  std::optional<Hours> max;  ///< quota only: hours above it are not credited
  /// Pro-rate academic-year and cycle minimums by the semesters a teacher served.
  bool pro_rate = true;
  std::vector<QuotaPart> parts;
  Selector applies_to;
  /// Count: the activities counted. Choice: the options, of which exactly one is expected.
  std::vector<std::string> activities;
  /// Surplus above a period's minimum counts toward the next period, up to this much.
  std::optional<Hours> carry_over;
  /// Hours of a period first fill the previous period's shortfall.
  bool fill_deficits = false;
  /// The phases the rule is judged in (indices into the calendar's); empty: every period. With
  /// `"period": "phase"`, those phases; otherwise the periods lying mostly inside one of them
  /// (the weeks of the teaching terms, not the holidays).
  std::vector<int> phases;
  /// Quota only: only records of at least this many hours (as recorded) count, the rest not
  /// (90学时集中培训须一次性不间断: one record of 90 hours, not 45 + 45).
  std::optional<Hours> min_block;
  /// Quota only, with `"period": "cycle"`: the rule is judged over the teacher's window instead.
  std::optional<TeacherWindow> window;
  /// A deadline inside each period judged (学习心得一篇（第9周）): only records dated in the
  /// period's first `due_week` weeks count, week 1 being its first seven days; 0: no deadline.
  /// Semester, academic-year and phase rules only.
  int due_week = 0;
  SourcePosition position;
};

/// S3.3: named teachers who completed 60 hours of provincial training are exempt from the
/// professional part. When `when` holds for a teacher and the teacher has at least
/// `requires_min` credited hours of `requires_categories` in the period judged, each waived row
/// is `exempt`; otherwise it is judged as usual and explain says what the exemption still lacks.
struct Exemption {
  struct Waived {
    RuleIndex rule = 0;
    std::int16_t part = -1;  ///< -1: the whole rule
  };
  std::string id;
  std::string label;
  std::string source;
  Selector when;
  CategoryMask requires_categories = 0;
  Hours requires_min;
  std::vector<Waived> waives;
  SourcePosition position;
};

/// A rule of the policy, or one part of it, as another section names it ("RULE", "RULE/PART").
struct RuleReference {
  RuleIndex rule = 0;
  std::int16_t part = -1;  ///< -1: the whole rule
};

/// A named decision derived from verdicts
/// (学时…作为教师资格定期注册、教师考核和职务聘任的必备条件). A teacher is eligible when no verdict
/// it rests on is short or in conflict: every row of the rules it requires (a whole rule: its own
/// rows and its parts'; "RULE/PART": that part's), in every period the audit judges, is met, exempt
/// or not applicable.
struct Decision {
  std::string id;
  std::string label;
  std::string source;
  std::vector<RuleReference> required_rules;  ///< the policy's `requires`, in its order
  SourcePosition position;
};

/// The verdicts `rules` make for one teacher when every rule applies: one per period of the
/// rule's kind, for the rule and for each of its parts. An audit holds this many rows a teacher
/// (InputLimits::verdicts_per_teacher bounds it).
std::size_t verdicts_per_teacher(const Calendar& calendar, std::span<const Rule> rules);

}  // namespace yanxiu
