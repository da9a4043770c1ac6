#pragma once

// What a TierResult holds, shared by the evaluation (tier_evaluation.cpp) and the result's
// accessors and texts (tiers.cpp).

#include <vector>

#include <yanxiu/tiers.hpp>

namespace yanxiu::detail {

struct TierResultData {
  Policy policy;
  Ledger ledger;
  DayNumber as_of = 0;
  std::vector<TierRow> rows;
  std::vector<CriterionRow> criteria;
  std::vector<std::size_t> teacher_rows;  ///< row_begin of each teacher, and the end
};

}  // namespace yanxiu::detail
