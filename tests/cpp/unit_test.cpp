// The policy's unit (学分 at exact rates), record conditions and their load errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/policy.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::expect_first_load_error;
using testing::replaced;

// One key per line, so that each line number below is easy to check.
const std::string credit_unit_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "p",
  "unit": {"kind": "credits", "label": "学分", "step": 0.5, "rounding": "half_up", "round": "record"},
  "calendar": {
    "cycle": {"start": "2024-09-01", "years": 1},
    "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]
  },
  "categories": [
    {"id": "central", "rate": "2/16", "item_max": 15},
    {"id": "distance", "rate": "1/10"}
  ],
  "gates": [
    {"id": "absence", "kind": "attendance", "categories": ["central"], "more_than": "4/5"}
  ],
  "rules": [
    {"id": "year", "period": "academic_year", "min": 3, "min_block": 90}
  ]
})";

TEST(PolicyUnit, ReadsTheUnitRatesAndConditions) {
  const Policy policy = parse_policy(credit_unit_policy, "p.json");
  const CreditUnit& unit = policy.unit();
  EXPECT_TRUE(unit.credits());
  EXPECT_EQ(unit.label, "学分");
  EXPECT_EQ(unit.step, Hours::from_hundredths(50));
  EXPECT_EQ(unit.rounding, CreditUnit::Rounding::half_up);
  EXPECT_EQ(unit.round_at, CreditUnit::RoundAt::record);
  // 2/16 is kept as the exact 1/8; the common denominator of 1/8 and 1/10 is 40.
  EXPECT_EQ(policy.categories()[0].rate.num, 1);
  EXPECT_EQ(policy.categories()[0].rate.den, 8);
  EXPECT_EQ(unit.denominator, 40);
  EXPECT_EQ(policy.categories()[0].item_max, Hours::whole(15));
  EXPECT_TRUE(policy.gates()[0].strict);
  EXPECT_EQ(policy.gates()[0].attended.num, 4);
  EXPECT_EQ(policy.gates()[0].attended.den, 5);
  EXPECT_EQ(policy.rules()[0].min_block, Hours::whole(90));
}

TEST(PolicyUnit, AnHoursPolicyIsUnchanged) {
  const Policy policy = parse_policy(
      replaced(
          replaced(
              replaced(
                  credit_unit_policy,
                  R"(  "unit": {"kind": "credits", "label": "学分", "step": 0.5, "rounding": "half_up", "round": "record"},
)",
                  ""),
              R"(, "rate": "2/16")", ""),
          R"(, "rate": "1/10")", ""),
      "p.json");
  EXPECT_FALSE(policy.unit().credits());
  EXPECT_EQ(policy.unit().step, Hours::from_hundredths(1));
  EXPECT_EQ(policy.unit().denominator, 1);
}

TEST(PolicyUnit, RatesAreCheckedAtTheirLine) {
  expect_first_load_error(replaced(credit_unit_policy, R"("rate": "1/10")", R"("rate": "0/10")"),
                          11, "categories[1].rate", "a rate of 0 credits nothing");
  expect_first_load_error(replaced(credit_unit_policy, R"("rate": "1/10")", R"("rate": 0)"), 11,
                          "categories[1].rate", "a rate of 0 credits nothing");
  expect_first_load_error(replaced(credit_unit_policy, R"("rate": "1/10")", R"("rate": "1/0")"), 11,
                          "categories[1].rate", "\"1/0\" divides by 0");
  expect_first_load_error(replaced(credit_unit_policy, R"("rate": "1/10")", R"("rate": "0.1")"), 11,
                          "categories[1].rate", "\"0.1\" is not a fraction");
  expect_first_load_error(replaced(credit_unit_policy, R"(, "rate": "1/10")", ""), 11,
                          "categories[1]", "category \"distance\" needs a \"rate\"");
  expect_first_load_error(
      replaced(credit_unit_policy, R"("kind": "credits", )", R"("kind": "hours", )"), 10,
      "categories[0].rate", "a rate needs a policy counted in credits");
}

TEST(PolicyUnit, TheUnitIsChecked) {
  expect_first_load_error(replaced(credit_unit_policy, R"("step": 0.5)", R"("step": 0)"), 4,
                          "unit.step", "a step of 0 rounds to nothing");
  expect_first_load_error(
      replaced(credit_unit_policy, R"("kind": "credits")", R"("kind": "credit")"), 4, "unit.kind",
      "unknown unit kind \"credit\"");
  expect_first_load_error(
      replaced(credit_unit_policy, R"("rounding": "half_up")", R"("rounding": "up")"), 4,
      "unit.rounding", "unknown rounding \"up\"");
}

TEST(PolicyUnit, RecordConditionsAreChecked) {
  expect_first_load_error(
      replaced(credit_unit_policy, R"("more_than": "4/5")", R"("more_than": "1")"), 14,
      "gates[0].more_than", "1 of the hours can never be attended");
  expect_first_load_error(replaced(credit_unit_policy, R"("more_than": "4/5")",
                                   R"("more_than": "4/5", "min_percent": 80)"),
                          14, "gates[0].more_than",
                          "needs one of \"min_percent\", \"at_least\" or");
  expect_first_load_error(replaced(credit_unit_policy, R"("min_block": 90)", R"("min_block": 0)"),
                          17, "rules[0].min_block", "a min_block of 0 asks for nothing");
  expect_first_load_error(replaced(credit_unit_policy, R"("item_max": 15)", R"("item_max": 0)"), 10,
                          "categories[0].item_max", "an item_max of 0 credits nothing");
}

TEST(PolicyUnit, WindowsAreChecked) {
  const std::string window_rule =
      R"({"id": "year", "period": "cycle", "min": 3, "window": {"from": "join_date", "months": 12, "apart": true}})";
  const std::string with_window = replaced(
      credit_unit_policy, R"({"id": "year", "period": "academic_year", "min": 3, "min_block": 90})",
      window_rule);
  const Policy policy = parse_policy(with_window, "p.json");
  ASSERT_TRUE(policy.rules()[0].window.has_value());
  EXPECT_EQ(policy.rules()[0].window->months, 12);
  EXPECT_TRUE(policy.rules()[0].window->apart);
  // The cycle is one academic year: a window of 13 months is longer.
  expect_first_load_error(replaced(with_window, R"("months": 12)", R"("months": 13)"), 17,
                          "rules[0].window.months",
                          "a window of 13 months is longer than the cycle's 12");
  expect_first_load_error(replaced(with_window, R"("months": 12)", R"("years": 2)"), 17,
                          "rules[0].window.years",
                          "a window of 24 months is longer than the cycle's 12");
  expect_first_load_error(replaced(with_window, R"("period": "cycle")", R"("period": "semester")"),
                          17, "rules[0].window", "a window is the period of a quota rule");
}

}  // namespace
}  // namespace yanxiu
