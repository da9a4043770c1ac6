// Static checks of a whole policy (yanxiu check): quotas that no teacher could ever meet, found
// from the numbers alone, each reported at the rule's line; and tier ladders whose tiers do not
// progress or ask for more hours than their window holds, at the criterion's line. They run once
// every section is read, since a cap and the rule it starves are declared apart. (Parts whose
// minimums add up above the rule's, and a max below the min, are caught where the rule is read.)

#include <algorithm>
#include <limits>

#include "policy/policy_reader.hpp"
#include "policy/words.hpp"

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

// The most days an hours criterion counts over: the whole cycle, or the longest run of `years`
// consecutive academic years in it (the window ends with the year holding the day judged, which
// may be any year of the cycle).
int longest_window(const Calendar& calendar, int years) {
  const auto& all = calendar.periods(PeriodKind::academic_year);
  if (years == 0 || years >= static_cast<int>(all.size())) return calendar.cycle().day_count();
  int most = 0;
  for (std::size_t last = static_cast<std::size_t>(years) - 1; last < all.size(); ++last) {
    const std::size_t first = last + 1 - static_cast<std::size_t>(years);
    most = std::max(most, all[last].last_day - all[first].first_day + 1);
  }
  return most;
}

// "over the cycle", "over the last academic year", "over the last 3 academic years".
std::string over(int years) {
  if (years == 0) return "over the cycle";
  if (years == 1) return "over the last academic year";
  return "over the last " + std::to_string(years) + " academic years";
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

// Whether two criteria of a tier and the tier below measure the same thing, so that their
// minimums can be compared. Only criteria of the same kind over exactly the same counting are:
//  - hours: the same categories and the same window (`years`);
//  - outcomes: the same outcomes, the same levels and the same window;
//  - score: the same attribute (a rubric's total is read from the column of its id).
// Left alone: years_at_tier, which counts years at a different tier each step (a shorter wait
// higher up is common, S0.15); conditions, which have no amount; and criteria over other or
// overlapping categories, outcomes or windows, which a minimum alone does not order.
bool same_measure(const TierCriterion& a, const TierCriterion& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CriterionKind::hours:
      return a.categories == b.categories && a.years == b.years;
    case CriterionKind::outcomes:
      return sorted(a.outcomes) == sorted(b.outcomes) && sorted(a.levels) == sorted(b.levels) &&
             a.years == b.years;
    case CriterionKind::score:
      return a.attribute == b.attribute;
    case CriterionKind::years_at_tier:
    case CriterionKind::condition:
      return false;
  }
  return false;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + in_quotes(name);
  return text;
}

}  // namespace

void PolicyReader::check_feasibility() {
  check_quotas();
  check_ladders();
  check_unit_ladders();
}

void PolicyReader::check_quotas() {
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

void PolicyReader::check_ladders() {
  // What a criterion asks for, in words: "100.00 h of all categories over the cycle".
  auto asks = [&](const TierCriterion& c, std::int64_t min) -> std::string {
    switch (c.kind) {
      case CriterionKind::hours:
        return to_string(Hours::from_hundredths(min)) + " h of " +
               (c.categories == all_categories() ? std::string("all categories")
                                                 : describe_mask(c.categories)) +
               " " + over(c.years);
      case CriterionKind::outcomes:
        return std::to_string(min / 100) + (min == 100 ? " outcome of " : " outcomes of ") +
               quoted_list(c.outcomes) +
               (c.levels.empty() ? "" : " (levels " + quoted_list(c.levels) + ")") + " " +
               over(c.years);
      default:
        return "a score of at least " + format_decimal(min) + " in " + in_quotes(c.attribute);
    }
  };
  auto amount = [](const TierCriterion& c, std::int64_t min) -> std::string {
    switch (c.kind) {
      case CriterionKind::hours:
        return to_string(Hours::from_hundredths(min)) + " h";
      case CriterionKind::outcomes:
        return std::to_string(min / 100);
      default:
        return format_decimal(min);
    }
  };

  for (const Ladder& ladder : policy_.ladders) {
    // An hours criterion the calendar cannot hold: more than 24 hours a day over the longest
    // window it can count. Promotion and upkeep alike. (A years_at_tier longer than the cycle is
    // no error: teachers carry their years across cycles.)
    if (policy_.calendar) {
      for (const Tier& tier : ladder.tiers) {
        for (const auto* list : {&tier.promotion, &tier.upkeep}) {
          for (const TierCriterion& c : *list) {
            if (c.kind != CriterionKind::hours) continue;
            const int days = longest_window(*policy_.calendar, c.years);
            if (c.min <= 24LL * 100 * days) continue;
            const bool cycle =
                c.years == 0 ||
                c.years >=
                    static_cast<int>(policy_.calendar->periods(PeriodKind::academic_year).size());
            error(c.position,
                  "min " + to_string(Hours::from_hundredths(c.min)) + " is more hours than " +
                      (cycle ? "the cycle's " + std::to_string(days) + " days hold"
                       : c.years == 1
                           ? "an academic year holds, " + std::to_string(days) + " days at most"
                           : std::to_string(c.years) + " academic years hold, " +
                                 std::to_string(days) + " days at most") +
                      "; the criterion could never be met");
          }
        }
      }
    }

    // A tier asking for less of the same measure than the tier below it: the step up asks
    // nothing more there (over the whole cycle, whoever was promoted into the lower tier in it
    // already meets the higher tier's criterion). Equal minimums are fine: Dali asks 60 h of the
    // last year at every star. Promotion criteria only: upkeep keeps a teacher in a tier and may
    // well ask less than getting there did.
    for (std::size_t t = 1; t < ladder.tiers.size(); ++t) {
      const Tier& upper = ladder.tiers[t];
      const Tier& lower = ladder.tiers[t - 1];
      for (const TierCriterion& c : upper.promotion) {
        const TierCriterion* most = nullptr;
        for (const TierCriterion& below : lower.promotion) {
          if (same_measure(c, below) && (!most || below.min > most->min)) most = &below;
        }
        if (!most || most->min <= c.min) continue;
        warning(c.position, "tier " + in_quotes(upper.id) + " asks for " + asks(c, c.min) + ", " +
                                (c.kind == CriterionKind::outcomes ? "fewer" : "less") +
                                " than the " + amount(c, most->min) + " tier " +
                                in_quotes(lower.id) +
                                " below it asks; the ladder does not progress");
      }
    }
  }
}

}  // namespace yanxiu::detail
