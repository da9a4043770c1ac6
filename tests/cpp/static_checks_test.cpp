// Static checks of `yanxiu check`: tier ladders that do not progress or ask for more hours than
// the calendar holds (policy_checks.cpp), and group kinds too small for a roster
// (check_group_capacity, groups.hpp). The expected numbers are worked out by hand beside them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <span>
#include <string>
#include <vector>

#include <yanxiu/groups.hpp>
#include <yanxiu/tiers.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::replaced;
using testing::source_path;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

/// The diagnostics of `severity` as "LINE: PATH: message".
std::vector<std::string> lines_of(std::span<const Diagnostic> diagnostics, Severity severity) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    if (d.severity == severity)
      out.push_back(std::to_string(d.line) + ": " + d.path + ": " + d.message);
  }
  return out;
}

std::vector<std::string> load_warnings(const std::string& json) {
  return lines_of(parse_policy(json, "p.json").warnings(), Severity::warning);
}

std::vector<std::string> load_errors(const std::string& json) {
  try {
    parse_policy(json, "p.json");
  } catch (const PolicyError& error) {
    return lines_of(error.diagnostics(), Severity::error);
  }
  return {};
}

// A two-tier ladder over a one-year cycle (2020-09-01 to 2021-08-31: 365 days, 8760 hours).
// As written, "county" asks for just what "school" below it asks: equal minimums are no
// warning. Each test changes the piece it is about; line numbers count from the "{" on line 1.
const std::string ladder_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "s",
  "calendar": {"cycle": {"start": "2020-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
  "categories": [{"id": "school"}, {"id": "self"}, {"id": "online"}],
  "conversions": [{"id": "paper", "outcome": "paper", "hours": 8, "category": "self"}],
  "rules": [{"id": "year", "period": "academic_year", "min": 10}],
  "tiers": {"ladders": [{
    "id": "backbone", "attribute": "backbone", "since": "since",
    "tiers": [
      {"id": "school",
       "promotion": [{"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 120},
                     {"id": "papers", "kind": "outcomes", "outcomes": ["paper"], "min": 2},
                     {"id": "eval", "kind": "score", "attribute": "evaluation", "min": 85},
                     {"id": "years", "kind": "years_at_tier", "min": 3}]},
      {"id": "county", "from": "school",
       "promotion": [{"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 120},
                     {"id": "papers", "kind": "outcomes", "outcomes": ["paper"], "min": 2},
                     {"id": "eval", "kind": "score", "attribute": "evaluation", "min": 85},
                     {"id": "years", "kind": "years_at_tier", "min": 3}]}
    ]}]}
})";

// The "county" tier's criteria, from line 18 to the end of the ladder; county() puts others there.
const std::string county_criteria =
    R"({"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 120},
                     {"id": "papers", "kind": "outcomes", "outcomes": ["paper"], "min": 2},
                     {"id": "eval", "kind": "score", "attribute": "evaluation", "min": 85},
                     {"id": "years", "kind": "years_at_tier", "min": 3}]}
    ]}]})";

std::string county(const std::string& criteria) {
  return replaced(ladder_policy, county_criteria, criteria + "]}\n    ]}]}");
}

TEST(LadderProgress, EqualMinimumsAreNoWarning) {
  EXPECT_THAT(load_warnings(ladder_policy), IsEmpty());
}

TEST(LadderProgress, FewerHoursThanTheTierBelowIsOneWarningAtTheCriterion) {
  // county asks 100 h of school and self over the cycle, school below it 120 h: one warning at
  // county's hours criterion (line 18), naming both tiers and both amounts.
  const auto warnings = load_warnings(
      county(R"({"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 100})"));
  EXPECT_THAT(warnings,
              ElementsAre("18: tiers.ladders[0].tiers[1].promotion[0]: tier \"county\" asks for "
                          "100.00 h of \"school\", \"self\" over the cycle, less than the 120.00 h "
                          "tier \"school\" below it asks; the ladder does not progress"));
}

TEST(LadderProgress, FewerPapersAndALowerScoreAreWarnings) {
  const auto warnings = load_warnings(county(
      R"({"id": "papers", "kind": "outcomes", "outcomes": ["paper"], "min": 1},
                     {"id": "eval", "kind": "score", "attribute": "evaluation", "min": 80.5})"));
  EXPECT_THAT(warnings,
              ElementsAre("18: tiers.ladders[0].tiers[1].promotion[0]: tier \"county\" asks for 1 "
                          "outcome of \"paper\" over the cycle, fewer than the 2 tier \"school\" "
                          "below it asks; the ladder does not progress",
                          "19: tiers.ladders[0].tiers[1].promotion[1]: tier \"county\" asks for a "
                          "score of at least 80.5 in \"evaluation\", less than the 85 tier "
                          "\"school\" below it asks; the ladder does not progress"));
}

TEST(LadderProgress, OnlyTheSameMeasureIsCompared) {
  // Other categories (all three), another window (the last year), other levels, another
  // attribute, and fewer years at the tier: none is comparable with what "school" asks.
  EXPECT_THAT(load_warnings(county(
                  R"({"id": "hours", "kind": "hours", "min": 100},
                     {"id": "recent", "kind": "hours", "categories": ["school", "self"], "years": 1, "min": 100},
                     {"id": "papers", "kind": "outcomes", "outcomes": ["paper"], "levels": ["city"], "min": 1},
                     {"id": "eval", "kind": "score", "attribute": "peer_review", "min": 60},
                     {"id": "years", "kind": "years_at_tier", "min": 1})")),
              IsEmpty());
}

TEST(LadderProgress, TiersAreComparedInLadderOrderNotAsDeclared) {
  // Declared school, city, district; "from" makes the ladder school → district → city. City
  // (declared second, tiers[1], line 18) asks 130 h where district below it asks 140 h; district
  // asks more than school's 120 h. One warning, at city's criterion.
  const std::string three =
      replaced(ladder_policy, county_criteria,
               R"({"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 140}]}
    ]}]})");
  const std::string reordered = replaced(three, R"({"id": "county", "from": "school",)",
                                         R"({"id": "city", "from": "district",
       "promotion": [{"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 130}]},
      {"id": "district", "from": "school",)");
  EXPECT_THAT(load_warnings(reordered),
              ElementsAre("18: tiers.ladders[0].tiers[1].promotion[0]: tier \"city\" asks for "
                          "130.00 h of \"school\", \"self\" over the cycle, less than the 140.00 h "
                          "tier \"district\" below it asks; the ladder does not progress"));
}

TEST(LadderHours, MoreHoursThanTheCycleHoldsIsAnError) {
  // 10000 h over the one-year cycle: 365 days hold 24 x 365 = 8760 h.
  EXPECT_THAT(
      load_errors(county(
          R"({"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 10000})")),
      ElementsAre("18: tiers.ladders[0].tiers[1].promotion[0]: min 10000.00 is more hours "
                  "than the cycle's 365 days hold; the criterion could never be met"));
  // 8760 h exactly fits (and asks more than school's 120 h: nothing to say).
  EXPECT_THAT(
      load_warnings(county(
          R"({"id": "hours", "kind": "hours", "categories": ["school", "self"], "min": 8760})")),
      IsEmpty());
}

TEST(LadderHours, TheLongestWindowOfYearsCountsAndUpkeepIsChecked) {
  // A two-year cycle from 2023-09-01: 2023-2024 has 366 days (29 February 2024), 2024-2025 365.
  // The last year may be either, so one year holds at most 24 x 366 = 8784 h: 8780 h fits,
  // 8790 h does not. Upkeep is checked as promotion is; the upkeep criterion is on line 19.
  auto two_years = [](const std::string& criteria) {
    return replaced(county(criteria), R"("start": "2020-09-01", "years": 1)",
                    R"("start": "2023-09-01", "years": 2)");
  };
  EXPECT_THAT(load_errors(two_years(R"({"id": "hours", "kind": "hours", "years": 1, "min": 8780}],
       "upkeep": [{"id": "keep", "kind": "hours", "years": 1, "min": 8784})")),
              IsEmpty());
  EXPECT_THAT(load_errors(two_years(R"({"id": "hours", "kind": "hours", "years": 1, "min": 8780}],
       "upkeep": [{"id": "keep", "kind": "hours", "years": 1, "min": 8790})")),
              ElementsAre("19: tiers.ladders[0].tiers[1].upkeep[0]: min 8790.00 is more hours "
                          "than an academic year holds, 366 days at most; the criterion could "
                          "never be met"));
  // Over both years, the cycle: 366 + 365 = 731 days, 17544 h.
  EXPECT_THAT(
      load_errors(two_years(R"({"id": "hours", "kind": "hours", "years": 2, "min": 17545})")),
      ElementsAre("18: tiers.ladders[0].tiers[1].promotion[0]: min 17545.00 is more hours "
                  "than the cycle's 731 days hold; the criterion could never be met"));
}

TEST(LadderHours, YearsAtTierLongerThanTheCycleIsNoError) {
  // Ten years at the tier in a one-year cycle: teachers carry their years across cycles.
  EXPECT_THAT(load_errors(county(R"({"id": "years", "kind": "years_at_tier", "min": 10})")),
              IsEmpty());
}

TEST(StaticChecks, ShippedLaddersAreClean) {
  // Their ladders climb with equal or larger minimums: nothing to say of any tier.
  for (const char* file :
       {"examples/policies/dali-2017.json", "examples/policies/baoshan-2011.json",
        "examples/policies/pucheng-2014.json", "tests/policies/tier-criteria.json"}) {
    const Policy policy = load_policy(source_path(file));
    EXPECT_FALSE(policy.ladders().empty()) << file;
    for (const auto& warning : policy.warnings())
      EXPECT_NE(warning.path.rfind("tiers", 0), 0u) << file << ": " << to_string(warning);
  }
}

// --- group capacity against a roster ---------------------------------------------------------

// One workshop of 40 seats for primary maths, one for primary music; every primary teacher is
// eligible. The "workshop" kind is declared on line 8.
const std::string capacity_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "c",
  "calendar": {"cycle": {"start": "2020-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}]},
  "categories": [{"id": "school"}],
  "rules": [{"id": "year", "period": "academic_year", "min": 10}],
  "groups": [{"id": "workshop", "eligible": {"stage": "primary"}, "capacity": 40,
              "by": ["stage", "subject"],
              "units": [{"id": "ws-math", "for": {"stage": "primary", "subject": "math"}},
                        {"id": "ws-music", "for": {"stage": "primary", "subject": "music"}}]}]
})";

/// `count` teachers "PREFIX1".. of school S1, as roster rows.
std::string roster(const std::string& prefix, int count, const std::string& stage,
                   const std::string& subject) {
  std::string rows;
  for (int i = 1; i <= count; ++i)
    rows += prefix + std::to_string(i) + ",S1," + stage + "," + subject + "\n";
  return rows;
}

std::vector<std::string> capacity_warnings(const Policy& policy, const std::string& rows) {
  const Ledger ledger = testing::make_ledger(policy, "id,school,stage,subject\n" + rows,
                                             "id,teacher_id,date,hours,category\n");
  return lines_of(check_group_capacity(policy, ledger, "roster.csv").items(), Severity::warning);
}

TEST(GroupCapacity, APoolOverItsSeatsGivesTheMissingSeats) {
  const Policy policy = parse_policy(capacity_policy, "c.json");
  // 55 maths teachers for 1 group of 40: 55 - 40 = 15 unplaced, ceil(15 / 40) = 1 more group.
  // 30 music teachers fit their 40 seats; the 5 senior-high teachers are not eligible.
  EXPECT_THAT(
      capacity_warnings(policy, roster("M", 55, "primary", "math") +
                                    roster("U", 30, "primary", "music") +
                                    roster("H", 5, "senior_high", "math")),
      ElementsAre("8: groups[0]: pool \"stage=primary;subject=math\" of \"workshop\" has 55 "
                  "eligible teachers in roster.csv but 40 seats (1 group of 40); 15 would "
                  "be unplaced (1 more group of 40 needed)"));
}

TEST(GroupCapacity, SeveralGroupsAndAPoolWithoutOne) {
  // Two maths workshops: 130 teachers for 2 x 40 = 80 seats, 50 unplaced, ceil(50 / 40) = 2
  // more groups. Three primary art teachers have no workshop at all: 0 seats, 3 unplaced, 1
  // group. Pools come in key order: art before math.
  const Policy policy =
      parse_policy(replaced(capacity_policy, R"({"id": "ws-music",)",
                            R"({"id": "ws-math-2", "for": {"stage": "primary", "subject": "math"}},
                        {"id": "ws-music",)"),
                   "c.json");
  EXPECT_THAT(capacity_warnings(
                  policy, roster("M", 130, "primary", "math") + roster("A", 3, "primary", "art")),
              ElementsAre("8: groups[0]: pool \"stage=primary;subject=art\" of \"workshop\" has 3 "
                          "eligible teachers in roster.csv but no group; 3 would be unplaced (1 "
                          "more group of 40 needed)",
                          "8: groups[0]: pool \"stage=primary;subject=math\" of \"workshop\" has "
                          "130 eligible teachers in roster.csv but 80 seats (2 groups of 40); 50 "
                          "would be unplaced (2 more groups of 40 needed)"));
}

TEST(GroupCapacity, ExactlyFullIsNoWarning) {
  const Policy policy = parse_policy(capacity_policy, "c.json");
  EXPECT_THAT(capacity_warnings(policy, roster("M", 40, "primary", "math")), IsEmpty());
}

TEST(GroupCapacity, AKindNoTeacherOfTheRosterMeetsIsAWarning) {
  const Policy policy = parse_policy(capacity_policy, "c.json");
  EXPECT_THAT(capacity_warnings(policy, roster("H", 2, "senior_high", "math")),
              ElementsAre(HasSubstr("no teacher of the roster meets the eligibility of group kind "
                                    "workshop")));
}

}  // namespace
}  // namespace yanxiu
