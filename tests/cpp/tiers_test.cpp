#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>

#include <yanxiu/tiers.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::expect_load_error;
using testing::replaced;

using ::testing::HasSubstr;

// Three tiers declared out of order, linked by "from"; a test changes the piece it is about.
const std::string tier_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "t",
  "calendar": {"cycle": {"start": "2020-09-01", "years": 2},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
  "categories": [{"id": "school"}, {"id": "self"}],
  "conversions": [{"id": "paper", "outcome": "paper", "hours": 8, "category": "self"}],
  "rules": [],
  "rubrics": [{"id": "eval", "subject": "teacher", "total": 100,
               "items": [{"id": "all", "weight": 100}]}],
  "tiers": {"ladders": [{
    "id": "backbone", "attribute": "backbone", "since": "since", "demotion": true,
    "tiers": [
      {"id": "school",
       "promotion": [{"id": "hours", "kind": "hours", "categories": ["school"], "min": 10.5}],
       "upkeep": [{"id": "hours", "kind": "hours", "years": 1, "min": 5}]},
      {"id": "city", "from": "district"},
      {"id": "district", "from": "school",
       "promotion": [{"id": "papers", "kind": "outcomes", "outcomes": ["paper"], "min": 2},
                     {"id": "eval", "kind": "score", "rubric": "eval", "min": 80}]}
    ]}]}
})";

TEST(TierLoading, OrdersTiersBottomFirstByFrom) {
  const Policy policy = parse_policy(tier_policy);
  ASSERT_EQ(policy.ladders().size(), 1u);
  const Ladder& ladder = policy.ladders()[0];
  ASSERT_EQ(ladder.tiers.size(), 3u);
  EXPECT_EQ(ladder.tiers[0].id, "school");
  EXPECT_EQ(ladder.tiers[1].id, "district");
  EXPECT_EQ(ladder.tiers[2].id, "city");
  EXPECT_EQ(ladder.tiers[0].promotion[0].min, 1050);  // 10.5 hours, exactly
  EXPECT_EQ(ladder.tiers[1].promotion[0].min, 200);   // a count of 2
  EXPECT_EQ(ladder.tiers[1].promotion[1].attribute, "eval");
  EXPECT_EQ(policy.find_ladder("backbone"), &ladder);
}

TEST(TierLoading, ACycleOfTiersIsAnErrorAtItsLine) {
  expect_load_error(
      replaced(tier_policy, R"({"id": "school",)", R"({"id": "school", "from": "city",)"), 14,
      "tiers.ladders[0].tiers[0]",
      R"(the tiers form a cycle through "from": "school" → "city" → "district" → "school")");
}

TEST(TierLoading, TwoTiersAboveOneIsAnError) {
  expect_load_error(replaced(tier_policy, R"({"id": "city", "from": "district"})",
                             R"({"id": "city", "from": "school"})"),
                    18, "tiers.ladders[0].tiers[2]",
                    R"(tiers "city" and "district" both climb from "school")");
}

TEST(TierLoading, UnknownCriterionKindSuggestsTheClosest) {
  expect_load_error(replaced(tier_policy, R"("kind": "outcomes")", R"("kind": "outcome")"), 19,
                    "tiers.ladders[0].tiers[2].promotion[0].kind",
                    R"(unknown criterion kind "outcome"; did you mean "outcomes"?)");
}

TEST(TierLoading, KeysOfAnotherKindAndUnknownReferencesAreErrors) {
  expect_load_error(replaced(tier_policy, R"("categories": ["school"], "min": 10.5)",
                             R"("categories": ["school"], "min": 10.5, "outcomes": ["paper"])"),
                    15, "tiers.ladders[0].tiers[0].promotion[0].outcomes",
                    R"(a criterion of kind "hours" has no "outcomes")");
  expect_load_error(
      replaced(tier_policy, R"("rubric": "eval", "min": 80)", R"("rubric": "eval", "min": 101)"),
      20, "tiers.ladders[0].tiers[2].promotion[1].min", R"(scores at most 100)");
  expect_load_error(replaced(tier_policy, R"("outcomes": ["paper"])", R"("outcomes": ["paperr"])"),
                    19, "tiers.ladders[0].tiers[2].promotion[0].outcomes[0]",
                    R"(did you mean "paper"?)");
  expect_load_error(replaced(tier_policy, R"("min": 2})", R"("min": 2.5})"), 19,
                    "tiers.ladders[0].tiers[2].promotion[0].min", "");
}

TEST(TierEvaluation, PromotesAndDemotesWithExactHours) {
  const Policy policy = parse_policy(tier_policy);
  const Ledger ledger = testing::make_ledger(policy,
                                             "id,school,backbone,since,eval\n"
                                             "A,S1,school,2020-09-01,80\n"
                                             "B,S1,,,\n"
                                             "C,S2,school,2020-09-01,80\n",
                                             "id,teacher_id,date,hours,category,outcome,count\n"
                                             "A1,A,2021-10-10,16,self,paper,2\n"
                                             "B1,B,2020-10-10,10.25,school,,\n"
                                             "B2,B,2021-10-10,0.25,school,,\n"
                                             "C1,C,2020-10-10,16,self,paper,2\n");
  TierOptions options;
  options.as_of = Date(2022, 8, 31);
  const TierResult result = evaluate_tiers(policy, ledger, options);
  ASSERT_EQ(result.rows().size(), 3u);

  // A keeps school (16 hours in 2021-2022 of 5), has 2 papers of 2 and 80 of 80: up.
  const TierRow& a = result.rows()[0];
  EXPECT_EQ(a.status, TierStatus::eligible);
  EXPECT_EQ(result.tier_id(a, a.result_tier), "district");
  // B has no tier; 10.25 + 0.25 = 10.50 school hours in the cycle, 10.5 asked: enters.
  const TierRow& b = result.rows()[1];
  EXPECT_EQ(b.status, TierStatus::eligible);
  EXPECT_EQ(result.tier_id(b, b.result_tier), "school");
  // C's papers are of 2020-2021: none in the last year, the ladder demotes.
  const TierRow& c = result.rows()[2];
  EXPECT_EQ(c.status, TierStatus::demoted);
  EXPECT_EQ(c.result_tier, no_tier);
  EXPECT_EQ(result.missing(c), "hours: 0.00 of 5.00 — 5.00 short");

  const auto counts = result.counts();
  ASSERT_FALSE(counts.empty());
  EXPECT_EQ(counts[0].school, "");
  EXPECT_EQ(counts[0].tier, no_tier);
  EXPECT_EQ(counts[0].teachers, 1);
  EXPECT_EQ(counts[1].tier, 0);
  EXPECT_EQ(counts[1].teachers, 2);
  EXPECT_EQ(counts[1].eligible, 1);
}

TEST(TierEvaluation, ScoreFromARubricColumnAndOnePaperShort) {
  const Policy policy =
      parse_policy(replaced(tier_policy, R"("demotion": true)", R"("demotion": false)"));
  const Ledger ledger = testing::make_ledger(policy,
                                             "id,backbone,since,eval\n"
                                             "A,school,2020-09-01,79.99\n",
                                             "id,teacher_id,date,hours,category,outcome,count\n"
                                             "A1,A,2021-10-10,8,self,paper,\n"
                                             "A2,A,2021-10-11,5,school,,\n");
  TierOptions options;
  options.as_of = Date(2022, 8, 31);
  const TierResult result = evaluate_tiers(policy, ledger, options);
  const TierRow& a = result.rows()[0];
  EXPECT_EQ(a.status, TierStatus::short_);
  EXPECT_EQ(result.missing(a), "papers: 1 of 2 — 1 short; eval: 79.99 of 80 — 0.01 short");
  EXPECT_THAT(result.explain(0), HasSubstr("    papers: 1 of 2 — 1 short\n"));
  std::ostringstream csv;
  write_tier_csv(csv, result);
  EXPECT_THAT(csv.str(), HasSubstr("A,,backbone,school,2020-09-01,district,short,school,"));
}

TEST(TierEvaluation, RejectsALedgerOfAnotherCalendar) {
  const Policy policy = parse_policy(tier_policy);
  const Ledger ledger = testing::make_ledger(testing::dali_policy(), "id\nA\n",
                                             "id,teacher_id,date,hours,category\n");
  EXPECT_THROW(evaluate_tiers(policy, ledger), std::invalid_argument);
}

}  // namespace
}  // namespace yanxiu
