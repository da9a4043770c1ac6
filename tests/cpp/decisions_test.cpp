// Named decisions derived from verdicts (issue 17, item 6): read at load with their references
// checked, and decided off the audit's rows.

#include <gtest/gtest.h>
#include <sstream>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::expect_load_error;
using testing::make_ledger;
using testing::replaced;

// A one-year cycle of two semesters: 20 hours a semester of which 8 central, and 30 a year.
const std::string decisions_policy = R"({
  "format": "yanxiu-policy/1", "id": "decisions",
  "calendar": {"cycle": {"start": "2024-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
  "categories": [{"id": "central"}, {"id": "school"}],
  "rules": [
    {"id": "semester", "period": "semester", "min": 20,
     "parts": [{"id": "central", "categories": ["central"], "min": 8}]},
    {"id": "year", "period": "academic_year", "min": 30}
  ],
  "decisions": [
    {"id": "registration", "label": "教师资格定期注册", "requires": ["semester", "year"]},
    {"id": "central-only", "requires": ["semester/central"]}
  ]
})";

TEST(Decisions, AreReadWithTheirRules) {
  const Policy policy = parse_policy(decisions_policy, "p.json");
  ASSERT_EQ(policy.decisions().size(), 2U);
  EXPECT_EQ(policy.decisions()[0].label, "教师资格定期注册");
  ASSERT_EQ(policy.decisions()[0].required_rules.size(), 2U);
  EXPECT_EQ(policy.decisions()[0].required_rules[1].rule, 1);
  EXPECT_EQ(policy.decisions()[0].required_rules[1].part, -1);
  EXPECT_EQ(policy.decisions()[1].required_rules[0].part, 0);
}

TEST(Decisions, AnUnknownRuleIsAnErrorAtItsLineWithASuggestion) {
  expect_load_error(
      replaced(decisions_policy, R"(["semester", "year"])", R"(["semester", "yaer"])"), 12,
      "decisions[0].requires[1]", "unknown rule \"yaer\"; did you mean \"year\"?");
  expect_load_error(replaced(decisions_policy, "semester/central", "semester/centre"), 13,
                    "decisions[1].requires[0]", "rule \"semester\" has no part \"centre\"");
  expect_load_error(replaced(decisions_policy, R"(["semester", "year"])", "[]"), 12,
                    "decisions[0].requires", "a decision requires at least one rule");
  expect_load_error(
      replaced(decisions_policy, R"("id": "central-only")", R"("id": "registration")"), 13,
      "decisions[1].id", "duplicate decision id \"registration\"");
}

// 12 + 8 hours each semester, central 8 of them in the first only: every semester meets its 20,
// the year its 30; the second semester's central part is 0 of 8.
TEST(Decisions, AWholeRuleTakesItsPartsAndEveryPeriod) {
  const Policy policy = parse_policy(decisions_policy, "p.json");
  const Ledger ledger = make_ledger(policy, "id\nT1\n",
                                    "id,teacher_id,date,hours,category\n"
                                    "A,T1,2024-10-01,8,central\nB,T1,2024-10-02,12,school\n"
                                    "C,T1,2025-03-01,20,school\n");
  const Audit audit = evaluate(policy, ledger);
  const auto verdicts = decide(audit);
  ASSERT_EQ(verdicts.size(), 2U);
  // registration: semester ×2, semester/central ×2, year ×1; the second semester's part blocks.
  EXPECT_FALSE(verdicts[0].eligible);
  EXPECT_EQ(verdicts[0].rows.size(), 5U);
  ASSERT_EQ(verdicts[0].blocking.size(), 1U);
  EXPECT_EQ(blocking_text(audit, verdicts[0]), "semester/central 2024-2025/2: short 0.00 of 8.00");
  EXPECT_FALSE(verdicts[1].eligible);
  EXPECT_EQ(verdicts[1].rows.size(), 2U);
  std::ostringstream csv;
  write_decisions_csv(csv, audit, verdicts);
  EXPECT_EQ(csv.str(),
            "teacher_id,decision,status,verdicts,blocking,detail\n"
            "T1,registration,not_eligible,5,1,semester/central 2024-2025/2: short 0.00 of 8.00\n"
            "T1,central-only,not_eligible,2,1,semester/central 2024-2025/2: short 0.00 of 8.00\n");
}

TEST(Decisions, APolicyWithoutDecisionsDecidesNothing) {
  const Policy policy = testing::dali_policy();
  const Audit audit =
      evaluate(policy, make_ledger(policy, "id\nT1\n", "id,teacher_id,date,hours,category\n"));
  EXPECT_TRUE(decide(audit).empty());
}

}  // namespace
}  // namespace yanxiu
