#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <yanxiu/report.hpp>
#include <yanxiu/rubrics.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::expect_load_error;
using testing::read_source;
using testing::replaced;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A small policy whose rubric has one item of each kind, two evaluators and every option; a
// test changes the piece it is about.
const std::string rubric_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "r",
  "calendar": {"cycle": {"start": "2020-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}]},
  "categories": [{"id": "school"}],
  "rules": [],
  "rubrics": [{
    "id": "eval",
    "subject": "teacher",
    "total": 22.5,
    "levels": [{"id": "A", "percent": 100}, {"id": "B", "percent": 85}, {"id": "D", "percent": 0}],
    "evaluators": [{"id": "self", "weight": 1}, {"id": "school", "weight": 3}],
    "spread": 50,
    "groups": [{"id": "g1", "subtotal": 12.5}, {"id": "g2", "subtotal": 10}],
    "items": [
      {"id": "given", "group": "g1", "weight": 10},
      {"id": "graded", "group": "g1", "weight": 2.5, "kind": "level"},
      {"id": "share", "group": "g2", "weight": 5, "kind": "metric", "metric": "done", "of": "due"},
      {"id": "steps", "group": "g2", "weight": 5, "kind": "metric", "metric": "papers",
       "thresholds": [{"min": 1, "percent": 50}, {"min": 3, "percent": 100}]}
    ],
    "vetoes": [{"id": "misconduct", "label": "违纪", "flag": "misconduct", "effect": "zero"}],
    "bands": [{"id": "low", "min": 0}, {"id": "high", "min": 20}],
    "awards": [{"id": "best", "top": 2}]
  }]
})";

ScoreSheet sheet_of(const Policy& policy, std::string_view scores, std::string_view metrics) {
  ScoreSheet sheet(policy, "eval");
  if (!scores.empty()) sheet.read_scores_text(scores, "scores.csv");
  if (!metrics.empty()) sheet.read_metrics_text(metrics, "metrics.csv");
  return sheet;
}

const RubricRow& row_of(const RubricResult& result, std::string_view subject,
                        std::string_view item_id) {
  const auto s = result.find_subject(subject);
  EXPECT_TRUE(s.has_value()) << subject;
  for (std::size_t r = result.row_begin(*s); r < result.row_begin(*s + 1); ++r) {
    if (result.item_id(result.rows()[r]) == item_id) return result.rows()[r];
  }
  ADD_FAILURE() << "no row " << subject << " " << item_id;
  return result.rows().front();
}

TEST(Rubrics, LoadsThePuchengRubricItemByItem) {
  const Policy policy = load_policy(testing::source_path("examples/policies/pucheng-2014.json"));
  const Rubric* rubric = policy.find_rubric("school-evaluation");
  ASSERT_NE(rubric, nullptr);
  EXPECT_EQ(rubric->subject, RubricSubject::school);
  EXPECT_EQ(rubric->total, 100'00);
  ASSERT_EQ(rubric->items.size(), 22u);
  for (std::size_t i = 0; i < 22; ++i)
    EXPECT_EQ(rubric->items[i].id, std::to_string(i + 1));
  // S1.7: 2+2+2+2+2 = 10; 2+4+2+2 = 10; 5+10+10+5+5+10+5 = 50; 2+3+5+10 = 20; 5+5 = 10.
  std::vector<Hundredths> weights, subtotals;
  for (const auto& item : rubric->items)
    weights.push_back(item.weight / 100);
  for (const auto& group : rubric->groups)
    subtotals.push_back(group.subtotal / 100);
  EXPECT_THAT(weights,
              ElementsAre(2, 2, 2, 2, 2, 2, 4, 2, 2, 5, 10, 10, 5, 5, 10, 5, 2, 3, 5, 10, 5, 5));
  EXPECT_THAT(subtotals, ElementsAre(10, 10, 50, 20, 10));
  EXPECT_EQ(rubric->groups[0].label, "组织管理");
  EXPECT_EQ(rubric->items[13].label, "按时完成“国培”、“省培”学习任务。");
  EXPECT_EQ(rubric->items[13].evidence, "过关情况");
  EXPECT_EQ(rubric->items[15].evidence, "查看资料会议记录");
  for (int metric_item : {11, 13, 14})
    EXPECT_EQ(rubric->items[static_cast<std::size_t>(metric_item)].kind, ItemKind::metric);
  EXPECT_TRUE(policy.warnings().empty()) << "a policy of rubrics alone needs no rules";
}

TEST(Rubrics, AWeightTotalOf101FailsAtLoadNamingBothNumbers) {
  const std::string pucheng = read_source("examples/policies/pucheng-2014.json");
  const std::string changed = replaced(pucheng, R"("id": "7", "group": "planning", "weight": 4)",
                                       R"("id": "7", "group": "planning", "weight": 5)");
  try {
    parse_policy(changed, "pucheng-2014.json");
    FAIL() << "a total of 101 loaded";
  } catch (const PolicyError& error) {
    ASSERT_EQ(error.diagnostics().size(), 2u) << error.what();
    EXPECT_EQ(error.diagnostics()[0].line, 27);
    EXPECT_EQ(error.diagnostics()[0].path, "rubrics[0].total");
    EXPECT_EQ(error.diagnostics()[0].message,
              "the items' weights add up to 101, not the declared total 100");
    EXPECT_EQ(error.diagnostics()[1].line, 30);
    EXPECT_EQ(error.diagnostics()[1].path, "rubrics[0].groups[1].subtotal");
    EXPECT_EQ(error.diagnostics()[1].message,
              "the items of group \"planning\" (6, 7, 8, 9) weigh 11, not the declared "
              "subtotal 10");
  }
}

TEST(Rubrics, ChecksEveryKeyAndReferenceAtItsLine) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  ASSERT_EQ(policy.rubrics().size(), 1u);
  expect_load_error(replaced(rubric_policy, R"("spread": 50)", R"("sprad": 50)"), 14,
                    "rubrics[0].sprad", "unknown key; did you mean \"spread\"?");
  expect_load_error(
      replaced(rubric_policy, R"("group": "g2", "weight": 5, "kind": "metric", "metric": "done")",
               R"("group": "g3", "weight": 5, "kind": "metric", "metric": "done")"),
      19, "rubrics[0].items[2].group", "unknown group \"g3\"; expected \"g1\", \"g2\"");
  expect_load_error(replaced(rubric_policy, R"({"id": "graded")", R"({"id": "given")"), 18,
                    "rubrics[0].items[1]", "duplicate item id \"given\"");
  expect_load_error(replaced(rubric_policy, R"({"id": "graded")", R"({"id": "total")"), 18,
                    "rubrics[0].items[1].id", "would read as a subtotal or total row");
  expect_load_error(replaced(rubric_policy, R"("kind": "level"})", R"("kind": "levle"})"), 18,
                    "rubrics[0].items[1].kind",
                    "unknown item kind \"levle\"; did you mean \"level\"?");
  expect_load_error(
      replaced(rubric_policy, R"({"id": "B", "percent": 85})", R"({"id": "B", "percent": 101})"),
      12, "rubrics[0].levels[1].percent", "101 is out of range: expected 0 to 100");
  expect_load_error(replaced(rubric_policy, R"("weight": 2.5,)", R"("weight": 2.505,)"), 18,
                    "rubrics[0].items[1].weight", "2.505 has more than two decimal places");
  expect_load_error(
      replaced(rubric_policy, R"("min": 3, "percent": 100)", R"("min": 1, "percent": 100)"), 21,
      "rubrics[0].items[3].thresholds[1].min", "another threshold has min 1");
  expect_load_error(
      replaced(rubric_policy, R"("flag": "misconduct")", R"("item": "given", "levels": ["A"])"), 23,
      "rubrics[0].vetoes[0].item", "item \"given\" is a score item");
  expect_load_error(
      replaced(rubric_policy, R"({"id": "high", "min": 20})", R"({"id": "high", "min": 30})"), 24,
      "rubrics[0].bands[1].min", "30 is out of range: expected 0 to 22.5");
  expect_load_error(replaced(rubric_policy, R"("top": 2)", R"("top": 0)"), 25,
                    "rubrics[0].awards[0].top", "expected a whole number from 1 to 1000000");
  expect_load_error(replaced(rubric_policy, R"({"id": "school", "weight": 3})",
                             R"({"id": "school", "weight": 0})"),
                    13, "rubrics[0].evaluators[1].weight", "0 is out of range");
  expect_load_error(
      replaced(rubric_policy, R"({"id": "high", "min": 20})", R"({"id": "high", "min": 0})"), 24,
      "rubrics[0].bands[1].min", "band \"low\" has min 0 too");
  expect_load_error(replaced(rubric_policy, R"("weight": 2.5, "kind": "level"})",
                             R"("weight": 2.5, "kind": "level", "evaluators": ["peer"]})"),
                    18, "rubrics[0].items[1].evaluators[0]", "unknown evaluator \"peer\"");
  expect_load_error(
      replaced(rubric_policy, R"("flag": "misconduct")", R"("item": "graded", "levels": ["C"])"),
      23, "rubrics[0].vetoes[0].levels[0]",
      "unknown level \"C\"; expected \"A\", "
      "\"B\", \"D\"");
  // Without the rubric's levels (the line left blank), the level item has none.
  expect_load_error(
      replaced(
          rubric_policy,
          R"("levels": [{"id": "A", "percent": 100}, {"id": "B", "percent": 85}, {"id": "D", "percent": 0}],)",
          ""),
      18, "rubrics[0].items[1]", "a level item needs levels");
  // One evaluator has nothing to disagree with.
  expect_load_error(replaced(rubric_policy, R"(, {"id": "school", "weight": 3}])", "]"), 14,
                    "rubrics[0].spread", "the rubric needs at least two");
}

// One subject of each case; the expected numbers are worked out in the comments.
const std::string scores_csv =
    "subject_id,item_id,evaluator,score,level\n"
    // T1: given (1·6 + 3·9) / 4 = 8.25; graded (1·100% + 3·85%) / 4 = 88.75% of 2.5 = 2.21875 →
    // 2.22. g1 = 10.47.
    "T1,given,self,6,\n"
    "T1,given,school,9,\n"
    "T1,graded,self,,A\n"
    "T1,graded,school,,B\n"
    // T2: given 10 and 10 → 10; graded has no score from self.
    "T2,given,self,10,\n"
    "T2,given,school,10,\n"
    "T2,graded,school,,A\n"
    // T3: self 10 and school 0 differ by 10 > 50% of 10: disagree; (10 + 0) / 4 = 2.50.
    "T3,given,self,10,\n"
    "T3,given,school,0,\n"
    "T3,graded,self,,A\n"
    "T3,graded,school,,A\n";

const std::string metrics_csv =
    "subject_id,metric,value\n"
    // T1: share 1 of 3 of 5 = 1.666… → 1.67; papers 2 reaches min 1 → 50% of 5 = 2.50. g2 = 4.17,
    // total 10.47 + 4.17 = 14.64.
    "T1,done,1\n"
    "T1,due,3\n"
    "T1,papers,2\n"
    // T3: 2 of 3 → 3.333… → 3.33; papers 3 → 5.00; misconduct: the total becomes 0.
    "T3,done,2\n"
    "T3,due,3\n"
    "T3,papers,3\n"
    "T3,misconduct,yes\n";

TEST(Rubrics, ScoresEachKindExactlyRoundingOnceHalfUp) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  const RubricResult result = score_rubric(sheet_of(policy, scores_csv, metrics_csv));
  EXPECT_EQ(row_of(result, "T1", "given").score, 825);
  EXPECT_EQ(row_of(result, "T1", "graded").score, 222);
  EXPECT_EQ(row_of(result, "T1", "graded").note, "self A, school B");
  EXPECT_EQ(row_of(result, "T1", "share").score, 167);
  EXPECT_EQ(row_of(result, "T1", "share").note, "done 1 of due 3");
  EXPECT_EQ(row_of(result, "T1", "steps").score, 250);
  EXPECT_EQ(row_of(result, "T1", "steps").note, "papers 2: at least 1 → 50%");
  EXPECT_EQ(row_of(result, "T1", "group:g1").score, 1047);
  EXPECT_EQ(row_of(result, "T1", "group:g2").score, 417);
  const RubricRow& total = row_of(result, "T1", "total");
  EXPECT_EQ(total.score, 1464);
  EXPECT_EQ(total.status, ScoreStatus::complete);
  EXPECT_EQ(result.rubric().bands[static_cast<std::size_t>(total.band)].id, "low");
  EXPECT_EQ(row_of(result, "T3", "share").score, 333);
}

TEST(Rubrics, ReportsMissingScoresRatherThanCountingZero) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  const RubricResult result = score_rubric(sheet_of(policy, scores_csv, metrics_csv));
  EXPECT_EQ(row_of(result, "T2", "graded").status, ScoreStatus::missing);
  EXPECT_EQ(row_of(result, "T2", "graded").score, no_score);
  EXPECT_EQ(row_of(result, "T2", "graded").note, "no score from self; school A");
  EXPECT_EQ(row_of(result, "T2", "share").note, "no metric done");
  EXPECT_EQ(row_of(result, "T2", "group:g1").status, ScoreStatus::incomplete);
  const RubricRow& total = row_of(result, "T2", "total");
  EXPECT_EQ(total.status, ScoreStatus::incomplete);
  EXPECT_EQ(total.score, no_score);
  EXPECT_EQ(total.rank, 0);
  EXPECT_EQ(total.note, "missing: graded, share, steps");

  // With "missing": "zero", the same scores count: self 0 and school 100% → 75% of 2.5 = 1.875
  // → 1.88; given 10 + 1.88 + 0 + 0 = 11.88.
  const Policy zero = parse_policy(
      replaced(rubric_policy, R"("spread": 50,)", R"("spread": 50, "missing": "zero",)"), "r.json");
  const RubricResult counted = score_rubric(sheet_of(zero, scores_csv, metrics_csv));
  EXPECT_EQ(row_of(counted, "T2", "graded").score, 188);
  EXPECT_EQ(row_of(counted, "T2", "graded").status, ScoreStatus::zero);
  EXPECT_EQ(row_of(counted, "T2", "total").score, 1188);
  EXPECT_EQ(row_of(counted, "T2", "total").status, ScoreStatus::complete);
}

TEST(Rubrics, FlagsEvaluatorsApartByMoreThanTheSpread) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  const RubricResult result = score_rubric(sheet_of(policy, scores_csv, metrics_csv));
  const RubricRow& given = row_of(result, "T3", "given");
  EXPECT_EQ(given.status, ScoreStatus::disagree);
  EXPECT_EQ(given.score, 250);
  EXPECT_EQ(given.note, "self 10, school 0; apart by 10 points, more than 50% of the weight (5)");
  EXPECT_EQ(row_of(result, "T1", "given").status, ScoreStatus::scored);  // 6 and 9: 3 apart
}

TEST(Rubrics, AVetoSaysWhyAndTakesTheAward) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  const RubricResult result = score_rubric(sheet_of(policy, scores_csv, metrics_csv));
  const RubricRow& total = row_of(result, "T3", "total");
  EXPECT_EQ(total.status, ScoreStatus::vetoed);
  EXPECT_EQ(total.score, 0);
  EXPECT_EQ(result.rubric().vetoes[static_cast<std::size_t>(total.veto)].id, "misconduct");
  EXPECT_EQ(total.note,
            "vetoed by misconduct (违纪): flag misconduct; total set to 0, no award; "
            "evaluators disagree: given");
  // T1 14.64 ranks 1, T3's zeroed total 2; only T1 is eligible for "best".
  EXPECT_EQ(total.rank, 2);
  EXPECT_EQ(total.awards, 0u);
  EXPECT_EQ(result.award_ids(row_of(result, "T1", "total")), "best");
}

TEST(Rubrics, EqualTotalsShareARankAndAnAwardPlace) {
  const Policy policy = parse_policy(
      replaced(rubric_policy, R"("total": 22.5,)", R"("total": 22.5, "missing": "zero",)"),
      "r.json");
  // Totals: A 10, B 8, C 8, D 5 (the given item only; everything else counts 0).
  ScoreSheet sheet(policy, "eval");
  sheet.read_scores_text(
      "subject_id,item_id,evaluator,score\n"
      "A,given,self,10\nA,given,school,10\nB,given,self,8\nB,given,school,8\n"
      "C,given,self,8\nC,given,school,8\nD,given,self,5\nD,given,school,5\n",
      "scores.csv");
  const RubricResult result = score_rubric(sheet);
  std::vector<std::int32_t> ranks;
  std::vector<std::string> awards;
  for (const char* subject : {"A", "B", "C", "D"}) {
    ranks.push_back(row_of(result, subject, "total").rank);
    awards.push_back(result.award_ids(row_of(result, subject, "total")));
  }
  EXPECT_THAT(ranks, ElementsAre(1, 2, 2, 4));
  EXPECT_THAT(awards, ElementsAre("best", "best", "best", ""));  // top 2 with a tie for second
}

TEST(Rubrics, AccountsForEveryInputRow) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  ScoreSheet sheet(policy, "eval");
  sheet.read_scores_text(
      "subject_id,item_id,evaluator,score,level,remark\n"
      "T1,given,self,6,,\n"        // 2 used
      "T1,given,self,7,,\n"        // 3 duplicate
      "T1,givn,self,7,,\n"         // 4 unknown item
      "T1,given,peer,7,,\n"        // 5 unknown evaluator
      "T1,given,school,11,,\n"     // 6 above the weight
      "T1,graded,school,,C,\n"     // 7 unknown level
      "T1,graded,school,2,,\n"     // 8 a score for a level item
      "T1,share,school,2,,\n"      // 9 a metric item
      "T1,given,school,1.005,,\n"  // 10 three decimals
      "T1,given,school,\n",        // 11 too few fields
      "scores.csv");
  sheet.read_metrics_text(
      "subject_id,metric,value\nT1,done,1\nT1,done,2\nT1,height,170\n"
      "T1,due,-3\nT1,due,many\n",
      "metrics.csv");
  std::vector<std::string> messages;
  for (const auto& d : sheet.diagnostics().items())
    messages.push_back(to_string(d));
  EXPECT_THAT(
      messages,
      ElementsAre("scores.csv:1: warning: remark: column is not used by scores; it is "
                  "ignored",
                  "scores.csv:3: warning: item_id: duplicate score of item \"given\" for "
                  "\"T1\" by \"self\", first on line 2; this one is not used",
                  "scores.csv:4: error: item_id: unknown item \"givn\" of rubric "
                  "\"eval\"; did you mean \"given\"?",
                  "scores.csv:5: error: evaluator: unknown evaluator \"peer\"",
                  "scores.csv:6: error: score: 11 is more than item \"given\"'s weight 10",
                  "scores.csv:7: error: level: unknown level \"C\" of item \"graded\"; its levels "
                  "are A, B, D",
                  "scores.csv:8: error: score: item \"graded\" takes a level, not a score",
                  "scores.csv:9: error: item_id: item \"share\" is computed from the "
                  "metric \"done\"; give that in the metrics",
                  "scores.csv:10: error: score: \"1.005\" has more than two decimal "
                  "places (amounts are exact to the hundredth)",
                  "scores.csv:11: error: expected 6 fields, found 4",
                  "metrics.csv:3: warning: metric: duplicate metric \"done\" for \"T1\", "
                  "first on line 2; this one is not used",
                  "metrics.csv:4: warning: metric: rubric \"eval\" reads no metric "
                  "\"height\"; its rows are not used",
                  "metrics.csv:5: error: value: -3 is negative",
                  "metrics.csv:6: error: value: \"many\" is not a decimal number (write "
                  "it like 10 or 2.5)"));
  EXPECT_EQ(summary_line("scores", sheet.score_counts()),
            "scores: 1 used, 0 unused, 1 duplicate, 8 invalid");
  EXPECT_EQ(summary_line("metrics", sheet.metric_counts()),
            "metrics: 1 used, 1 unused, 1 duplicate, 2 invalid");
  EXPECT_EQ(sheet.score_counts().total(), 10);
  EXPECT_EQ(sheet.metric_counts().total(), 5);
}

TEST(Rubrics, AFileOfInvalidRowsStopsAtTheBound) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  InputLimits limits;
  limits.invalid_rows = 3;
  ScoreSheet sheet(policy, "eval", limits);
  try {
    sheet.read_metrics_text(
        "subject_id,metric,value\nT1,done,x\nT2,done,x\nT3,done,x\n"
        "T4,done,x\nT5,done,x\n",
        "metrics.csv");
    FAIL() << "read past the bound";
  } catch (const InputError& error) {
    // Four invalid rows (lines 2-5) are more than 3: reading stops at line 6.
    EXPECT_EQ(to_string(error.diagnostics()[0]),
              "metrics.csv:6: error: more than 3 invalid rows (invalid_rows): reading stopped "
              "here; is it the right file, in the format yanxiu reads?");
    EXPECT_EQ(error.diagnostics().size(), 5u);
  }
}

TEST(Rubrics, NeedsTheColumnsTheRubricReads) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  ScoreSheet sheet(policy, "eval");
  try {
    sheet.read_scores_text("subject_id,item_id,score\nT1,given,6\n", "scores.csv");
    FAIL() << "read scores without evaluators";
  } catch (const InputError& error) {
    EXPECT_EQ(to_string(error.diagnostics()[0]),
              "scores.csv:1: error: missing required column \"evaluator\"");
  }
  try {
    ScoreSheet(policy, "evl");
    FAIL() << "found an unknown rubric";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "policy r has no rubric \"evl\"; did you mean \"eval\"?");
  }
}

// Score sheets and metrics files get the header treatment of teachers and records: Chinese
// names, other cases and padding read as the columns, and every missing column named at once.
TEST(Rubrics, HeadersThatAreAlmostRight) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  ScoreSheet sheet(policy, "eval");
  sheet.read_scores_text("对象编号,项目编号,评价人,得分\nT1,given,self,6\n", "scores.csv");
  sheet.read_scores_text(" SUBJECT_ID ,Item ID,Evaluator,等级\nT1,graded,self,A\n", "s2.csv");
  sheet.read_metrics_text("Subject-ID,指标,数值\nT1,done,3\n", "metrics.csv");
  EXPECT_EQ(sheet.score_counts()[ScoreDisposition::used], 2);
  EXPECT_EQ(sheet.metric_counts()[ScoreDisposition::used], 1);
  try {
    sheet.read_scores_text("subject,item,remark\nT1,given,x\n", "scores.csv");
    FAIL() << "read scores without their columns";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "scores.csv:1: error: missing required column \"subject_id\"; is \"subject\" "
                 "meant?\nscores.csv:1: error: missing required column \"item_id\"; is \"item\" "
                 "meant?\nscores.csv:1: error: missing required column \"score\" or \"level\"\n"
                 "scores.csv:1: error: missing required column \"evaluator\"");
  }
  try {
    sheet.read_metrics_text("编号,metric\nT1,done\n", "metrics.csv");
    FAIL() << "read metrics without their columns";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "metrics.csv:1: error: missing required column \"subject_id\"\n"
                 "metrics.csv:1: error: missing required column \"value\"");
  }
}

TEST(Rubrics, WritesTheScoreTable) {
  const Policy policy = parse_policy(rubric_policy, "r.json");
  std::ostringstream out;
  write_score_csv(out, score_rubric(sheet_of(policy, scores_csv, metrics_csv)));
  const std::string csv = out.str();
  EXPECT_EQ(csv.substr(0, csv.find('\n')), score_csv_header);
  EXPECT_THAT(csv, HasSubstr("\nT1,graded,2.50,2.22,,,scored,,\"self A, school B\"\n"));
  EXPECT_THAT(csv, HasSubstr("\nT1,group:g2,10.00,4.17,,,complete,,\n"));
  EXPECT_THAT(csv, HasSubstr("\nT1,total,22.50,14.64,low,1,complete,best,\n"));
  EXPECT_THAT(csv,
              HasSubstr("\nT2,total,22.50,,,,incomplete,,\"missing: graded, share, steps\"\n"));
}

}  // namespace
}  // namespace yanxiu
