#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <yanxiu/audit.hpp>

namespace yanxiu {

/// Verdict counts by status (indexed by Status).
using StatusCounts = std::array<std::int64_t, status_count>;

/// A county's audit in a few tables: what the demo prints and Audit.summary() returns.
struct AuditSummary {
  struct RuleLine {
    RuleIndex rule = 0;
    std::int16_t part = whole_rule;
    std::string rule_id;  ///< "semester-offline/school"
    PeriodKind period_kind = PeriodKind::cycle;
    StatusCounts statuses{};
    Hours shortfall;  ///< summed over the short rows (counts times 100 for count rules)
  };
  struct PeriodLine {
    PeriodKind kind = PeriodKind::cycle;
    int index = 0;
    std::string label;
    std::int64_t teachers = 0;   ///< with at least one applicable verdict in the period
    std::int64_t compliant = 0;  ///< of those, with every applicable verdict met or exempt
  };

  std::int64_t teachers = 0;
  std::vector<RuleLine> rules;      ///< policy order, each rule followed by its parts
  std::vector<PeriodLine> periods;  ///< date order; a semester before the year it closes
  std::vector<std::size_t> largest_shortfalls;  ///< quota rows (hours), largest first
  DispositionCounts dispositions;
};

/// Summarises an audit; `top` is how many of the largest shortfalls to list (ties: audit order).
AuditSummary summarize(const Audit& audit, std::size_t top = 10);

}  // namespace yanxiu
