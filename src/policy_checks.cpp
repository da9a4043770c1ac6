// Static checks of a whole policy (yanxiu check): quotas that no teacher could ever meet, found
// from the numbers alone, each reported at the rule's line. They run once every section is read,
// since a cap and the rule it starves are declared apart. (Parts whose minimums add up above
// the rule's, and a max below the min, are caught where the rule is read.)

#include <algorithm>
#include <limits>

#include "policy_reader.hpp"

namespace yanxiu::detail {

namespace {

// Semesters in a period of a semester-based kind; 0 for weeks, fortnights and phases, which the
// checks below leave alone.
int semesters_in(const Calendar& calendar, PeriodKind kind) {
  switch (kind) {
    case PeriodKind::semester:
      return 1;
    case PeriodKind::academic_year:
      return calendar.semesters_per_year();
    case PeriodKind::cycle:
      return calendar.semesters_per_year() * calendar.spec().years;
    default:
      return 0;
  }
}

// The most hours a cap lets through in one period of `kind`: its max times the cap's periods
// that fit in it, or its max alone when the cap's period is the longer one.
std::optional<Hours> cap_bound(const Calendar& calendar, const CategoryCap& cap, PeriodKind kind) {
  const int cap_semesters = semesters_in(calendar, cap.per);
  const int rule_semesters = semesters_in(calendar, kind);
  if (cap_semesters == 0 || rule_semesters == 0) return std::nullopt;
  const int periods = std::max(1, rule_semesters / cap_semesters);
  return Hours::from_hundredths(cap.max.hundredths() * periods);
}

// The fewest days a period of `kind` has in this calendar.
int shortest(const Calendar& calendar, PeriodKind kind) {
  int days = std::numeric_limits<int>::max();
  for (const Period& period : calendar.periods(kind))
    days = std::min(days, period.day_count());
  return days;
}

}  // namespace

void PolicyReader::check_feasibility() {
  if (!policy_.calendar) return;
  const Calendar& calendar = *policy_.calendar;
  for (const Rule& rule : policy_.rules) {
    if (rule.kind != RuleKind::quota) continue;
    if (calendar.periods(rule.period).empty()) continue;

    // A quota the calendar cannot hold: more hours than its shortest period has.
    const int days = shortest(calendar, rule.period);
    if (rule.min > Hours::whole(24LL * days)) {
      error(rule.position, "min " + to_string(rule.min) + " is more hours than a " +
                               std::string(to_string(rule.period)) + " of " + std::to_string(days) +
                               " days holds; the rule could never be met");
    }

    // A cap below a minimum: every category the rule (or a part) counts is capped together, and
    // the cap lets fewer hours through in the rule's period than it asks for.
    auto starved = [&](CategoryMask categories, Hours min, const SourcePosition& at,
                       const std::string& what) {
      for (const CategoryCap& cap : policy_.category_caps) {
        if ((categories & ~cap.categories) != 0) continue;
        const auto bound = cap_bound(calendar, cap, rule.period);
        if (!bound || *bound >= min) continue;
        error(at, what + " asks for " + to_string(min) + " per " +
                      std::string(to_string(rule.period)) + ", but the cap " + in_quotes(cap.id) +
                      " credits at most " + to_string(*bound) +
                      " of its categories there; it could never be met");
        return;
      }
    };
    starved(rule.categories, rule.min, rule.position, "the rule");
    for (const QuotaPart& part : rule.parts)
      starved(part.categories, part.min, part.position, "the part " + in_quotes(part.id));
  }
}

}  // namespace yanxiu::detail
