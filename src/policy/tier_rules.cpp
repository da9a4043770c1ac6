// The tier model's small pieces: names of its enums, look-ups.

#include <yanxiu/tier_rules.hpp>

namespace yanxiu {

std::string_view to_string(CriterionKind kind) {
  switch (kind) {
    case CriterionKind::hours:
      return "hours";
    case CriterionKind::outcomes:
      return "outcomes";
    case CriterionKind::years_at_tier:
      return "years_at_tier";
    case CriterionKind::score:
      return "score";
    case CriterionKind::condition:
      return "condition";
  }
  return "unknown";
}

std::optional<int> Ladder::find_tier(std::string_view tier_id) const {
  for (std::size_t t = 0; t < tiers.size(); ++t) {
    if (tiers[t].id == tier_id) return static_cast<int>(t);
  }
  return std::nullopt;
}

}  // namespace yanxiu
