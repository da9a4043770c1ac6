#pragma once

// The tier ladders a policy declares (`tiers.ladders`): the model the policy loader fills and
// evaluate_tiers() (tiers.hpp) reads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/categories.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

/// What a criterion measures. Only ever appended to: the C ABI numbers them.
enum class CriterionKind : std::uint8_t {
  hours,          ///< credited hours of some categories, in the cycle or the last N years
  outcomes,       ///< outcome records (papers, open lessons, awards, projects), summed counts
  years_at_tier,  ///< whole years since the current tier was reached
  score,          ///< a numeric teacher attribute: an evaluation, a rubric's total
  condition,      ///< a selector over the teacher's attributes holds (roles, titles)
};
inline constexpr int criterion_kind_count = 5;
std::string_view to_string(CriterionKind kind);

/// One condition of a promotion or an upkeep. `min` is in hundredths of the kind's unit: hours,
/// a count, years or score points; a condition needs no `min`.
struct TierCriterion {
  std::string id;  ///< names the criterion in results: "papers", "hours", "ethics"
  std::string label;
  std::string source;
  CriterionKind kind = CriterionKind::hours;
  std::int64_t min = 0;
  /// Hours and outcomes: counted over the last `years` academic years up to the day judged;
  /// 0 counts the whole cycle.
  int years = 0;
  CategoryMask categories = 0;        ///< hours: the categories counted (all unless named)
  std::vector<std::string> outcomes;  ///< outcomes: the records' `outcome` values counted
  std::vector<std::string> levels;    ///< outcomes: only records of these levels; empty: any
  std::string attribute;              ///< score: the teacher attribute read
  Selector when;                      ///< condition
  SourcePosition position;
};

/// A tier of a ladder. Its `promotion` criteria take a teacher from the tier below into it
/// (from no tier at all, for the entry tier); its `upkeep` criteria keep a teacher in it.
struct Tier {
  std::string id;  ///< the value of the ladder's attribute for a teacher at this tier
  std::string label;
  std::string source;
  std::vector<TierCriterion> promotion;
  std::vector<TierCriterion> upkeep;
  SourcePosition position;
};

/// A condition that blocks every promotion on the ladder (S4.8: 师德一票否决).
struct TierVeto {
  std::string id;
  std::string label;
  std::string source;
  Selector when;
  SourcePosition position;
};

/// What a county aims for (S0.15: about 300 backbone teachers over five years): `teachers` at
/// tier `from` or above.
struct LadderTarget {
  std::string label;
  std::string source;
  std::int32_t teachers = 0;
  int from = 0;  ///< index into Ladder::tiers
};

struct Ladder {
  std::string id;
  std::string label;
  std::string source;
  std::string attribute;        ///< the teacher column holding the current tier's id
  std::string since_attribute;  ///< the teacher column holding the day it was reached; may be ""
  std::vector<Tier> tiers;      ///< bottom first: tier i + 1 is promoted into from tier i
  std::vector<TierVeto> vetoes;
  /// A teacher whose upkeep criteria fail goes down one tier (otherwise it is only reported).
  bool demotion = false;
  std::optional<LadderTarget> target;
  SourcePosition position;

  std::optional<int> find_tier(std::string_view tier_id) const;
};

}  // namespace yanxiu
