#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/scenario.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using ::testing::HasSubstr;

// Writes a test file next to the Dali policy's copy in a temporary directory of the test's own:
// CTest runs the tests of this file as processes side by side, and a copy being rewritten by one
// must not be read half-written by another.
std::filesystem::path write_test(const std::string& name, const std::string& body) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("yanxiu-scenario-test-" + std::string(test->name()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(testing::source_path("examples/policies/dali-2017.json"),
                             dir / "dali.json", std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / name) << body;
  return dir / name;
}

TEST(Scenario, ReportsEachDifferenceAtItsLine) {
  const auto path = write_test("wrong.test.json", R"({
  "format": "yanxiu-test/1",
  "policy": "dali.json",
  "teachers": ["id", "T1"],
  "cases": [
    {
      "name": "wrong on purpose",
      "records": ["id,teacher_id,date,hours,category", "R1,T1,2017-10-10,12,school"],
      "expect": [
        "teacher_id,rule_id,period,credited,status",
        "T1,semester-offline/school,2017-2018/1,12,met",
        "T1,semester-offline/school,2017-2018/1,11.00,short",
        "T1,no-such-rule,cycle,0,met"
      ],
      "expect_absent": ["teacher_id,rule_id,period", "T1,cycle-total,cycle"],
      "dispositions": {"credited": 2},
      "messages": ["records.csv:2: error"]
    }
  ]
})");
  const TestFileResult result = run_test_file(path);
  ASSERT_EQ(result.cases.size(), 1u);
  const auto& failures = result.cases[0].failures;
  ASSERT_EQ(failures.size(), 6u);
  EXPECT_THAT(failures[0], HasSubstr("wrong.test.json:17: expected a message containing "
                                     "\"records.csv:2: error\", but there were none"));
  EXPECT_THAT(
      failures[1],
      HasSubstr(":12: T1 semester-offline/school 2017-2018/1: credited expected 11.00, got 12.00"));
  EXPECT_THAT(
      failures[2],
      HasSubstr(":12: T1 semester-offline/school 2017-2018/1: status expected short, got met"));
  EXPECT_THAT(failures[3],
              HasSubstr(":13: expected a row T1 no-such-rule cycle, but the audit has none"));
  EXPECT_THAT(failures[4],
              HasSubstr(":15: expected no row T1 cycle-total cycle, but the audit has one"));
  EXPECT_THAT(failures[5], HasSubstr(":16: dispositions: credited expected 2, got 1"));
  EXPECT_FALSE(result.passed());
}

TEST(Scenario, MalformedTestFilesAreErrorsAtTheirLine) {
  const auto path = write_test("bad.test.json", R"({
  "format": "yanxiu-test/1",
  "policy": "dali.json",
  "casse": []
})");
  try {
    run_test_file(path);
    FAIL();
  } catch (const PolicyError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("bad.test.json:4: error: casse: unknown key; did you mean \"cases\"?"));
  }
}

TEST(Scenario, RubricCasesReportEachDifferenceAtItsLine) {
  const auto path = write_test("scores.test.json", R"({
  "format": "yanxiu-test/1",
  "policy": "dali.json",
  "cases": [
    {
      "name": "wrong on purpose",
      "rubric": "leader-assessment",
      "scores": ["subject_id,item_id,level", "W01,offline,B"],
      "metrics": ["subject_id,metric,value", "W01,members,100", "W01,members_participating,96"],
      "expect_scores": [
        "subject_id,item_id,score,status",
        "W01,participation,28.00,scored",
        "W01,total,86.30,complete",
        "W02,total,,complete"
      ],
      "score_dispositions": {"used": 2},
      "messages": ["scores.csv:2: error"]
    }
  ]
})");
  const TestFileResult result = run_test_file(path);
  ASSERT_EQ(result.cases.size(), 1u);
  const auto& failures = result.cases[0].failures;
  ASSERT_EQ(failures.size(), 6u) << ::testing::PrintToString(failures);
  EXPECT_THAT(failures[0], HasSubstr("scores.test.json:17: expected a message containing "
                                     "\"scores.csv:2: error\""));
  EXPECT_THAT(failures[1], HasSubstr(":12: W01 participation: score expected 28.00, got 28.80"));
  EXPECT_THAT(failures[2], HasSubstr(":13: W01 total: score expected 86.30, got none"));
  EXPECT_THAT(failures[3], HasSubstr(":13: W01 total: status expected complete, got incomplete"));
  EXPECT_THAT(failures[4],
              HasSubstr(":14: expected a score row W02 total, but the result has none"));
  EXPECT_THAT(failures[5], HasSubstr(":16: scores dispositions: used expected 2, got 1 (scores: 1 "
                                     "used, 0 unused, 0 duplicate, 0 invalid)"));
}

TEST(Scenario, ARubricCaseNamesARubricOfThePolicyAndOnlyItsKeys) {
  const auto path = write_test("misplaced.test.json", R"({
  "format": "yanxiu-test/1",
  "policy": "dali.json",
  "cases": [
    {"name": "records in a rubric case", "rubric": "leader-assessment",
     "records": ["id,teacher_id,date,hours,category"], "metrics": ["subject_id,metric,value"]},
    {"name": "an unknown rubric", "rubric": "leader-assesment", "metrics": ["subject_id,metric,value"]},
    {"name": "scores in an audit case", "teachers": ["id"], "records": ["id,teacher_id,date,hours,category"],
     "scores": ["subject_id,item_id,score"]}
  ]
})");
  try {
    run_test_file(path);
    FAIL();
  } catch (const PolicyError& error) {
    EXPECT_THAT(error.what(), HasSubstr("misplaced.test.json:6: error: cases[0].records: a rubric "
                                        "case has no \"records\""));
    EXPECT_THAT(error.what(),
                HasSubstr("misplaced.test.json:7: error: cases[1].rubric: policy dali-2017 has no "
                          "rubric \"leader-assesment\"; did you mean \"leader-assessment\"?"));
    EXPECT_THAT(error.what(),
                HasSubstr("misplaced.test.json:9: error: cases[2].scores: \"scores\" belongs to a "
                          "rubric case, which names its \"rubric\""));
  }
}

TEST(Scenario, TheShippedScenariosPass) {
  for (const char* file :
       {"tests/policies/dali-2017.test.json", "tests/policies/online-cap.test.json",
        "tests/policies/pucheng-2014.test.json"}) {
    const TestFileResult result = run_test_file(testing::source_path(file));
    EXPECT_TRUE(result.passed()) << file;
    EXPECT_GT(result.cases.size(), 1u);
  }
}

}  // namespace
}  // namespace yanxiu
