#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/scenario.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using ::testing::HasSubstr;

// Writes a test file next to the Dali policy's copy in a temporary directory.
std::filesystem::path write_test(const std::string& name, const std::string& body) {
  const auto dir = std::filesystem::temp_directory_path() / "yanxiu-scenario-test";
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

TEST(Scenario, TheShippedScenariosPass) {
  for (const char* file :
       {"tests/policies/dali-2017.test.json", "tests/policies/online-cap.test.json"}) {
    const TestFileResult result = run_test_file(testing::source_path(file));
    EXPECT_TRUE(result.passed()) << file;
    EXPECT_GT(result.cases.size(), 1u);
  }
}

}  // namespace
}  // namespace yanxiu
