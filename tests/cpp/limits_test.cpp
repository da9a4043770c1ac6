// Every bound of InputLimits, hit: the file or row is refused with a message that names the bound
// and where it was crossed. And inputs built to make a careless reader quadratic (deep nesting,
// a huge quoted field, many duplicate ids, wide headers) are handled in linear time: a quadratic
// reader would take minutes on these sizes, under a second here.

#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <yanxiu/yanxiu.hpp>

#include "test_support.hpp"
#include "util/encoding.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::source_path;

const std::string teachers_csv = "id\nT1\n";

std::string dali_text() {
  return detail::read_input_file(source_path("examples/policies/dali-2017.json"));
}

/// The messages of a policy that must not load.
std::vector<std::string> policy_errors(std::string_view json, const InputLimits& limits) {
  try {
    parse_policy(json, "p.json", limits);
  } catch (const PolicyError& error) {
    std::vector<std::string> out;
    for (const Diagnostic& d : error.diagnostics())
      out.push_back(to_string(d));
    return out;
  }
  return {"loaded"};
}

/// The errors of the records read with `limits`.
std::vector<std::string> record_errors(std::string_view records, const InputLimits& limits,
                                       std::string_view teachers = teachers_csv) {
  LedgerBuilder builder(dali_policy(), limits);
  builder.read_teachers_text(teachers, "teachers.csv");
  builder.read_records_text(records, "records.csv");
  const Ledger ledger = builder.build();
  std::vector<std::string> out;
  for (const Diagnostic& d : ledger.diagnostics().items()) {
    if (d.severity == Severity::error) out.push_back(to_string(d));
  }
  return out;
}

std::string input_error(std::string_view records, const InputLimits& limits) {
  try {
    LedgerBuilder builder(dali_policy(), limits);
    builder.read_teachers_text(teachers_csv, "teachers.csv");
    builder.read_records_text(records, "records.csv");
  } catch (const InputError& error) {
    return to_string(error.diagnostics().front());
  }
  return "read";
}

TEST(Limits, PolicyFileSize) {
  InputLimits limits;
  limits.policy_bytes = 1000;
  EXPECT_THAT(
      policy_errors(dali_text(), limits),
      ElementsAre(HasSubstr("p.json: error: the file is " + std::to_string(dali_text().size()) +
                            " bytes, more than the limit of 1000 (policy_bytes)")));
  // From a file, no more than the bound is read, and the message gives the file's own size: it
  // gave the bytes read, the bound and a 64 KiB chunk, for any file larger than those.
  const auto path = std::filesystem::temp_directory_path() /
                    ("yanxiu-limits-" + std::to_string(::getpid()) + "-200000.json");
  std::ofstream(path, std::ios::binary) << std::string(200000, ' ');
  try {
    load_policy(path, limits);
    FAIL();
  } catch (const PolicyError& error) {
    EXPECT_THAT(error.what(), HasSubstr("-200000.json: error: the file is 200000 "
                                        "bytes, more than the limit of 1000 (policy_bytes)"));
  }
  std::filesystem::remove(path);
  EXPECT_NO_THROW(load_policy(source_path("examples/policies/dali-2017.json")));
}

TEST(Limits, JsonNestingDepth) {
  InputLimits limits;
  limits.json_depth = 4;
  EXPECT_THAT(policy_errors("{\n\"a\": [[\n[[1]]]]}", limits),
              ElementsAre("p.json:3: error: arrays and objects nested deeper than the limit of 4 "
                          "levels (json_depth)"));
  // A million levels are refused in one pass, before the recursive parser sees them.
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  InputLimits roomy;
  roomy.policy_bytes = 4 << 20;
  EXPECT_THAT(policy_errors(deep, roomy),
              ElementsAre(HasSubstr("nested deeper than the limit of 64 levels (json_depth)")));
}

TEST(Limits, NumberOfRules) {
  InputLimits limits;
  limits.rules = 2;
  const auto errors = policy_errors(dali_text(), limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("p.json:58: error: rules: "));
  EXPECT_THAT(errors[0], HasSubstr(" rules, more than the limit of 2 (rules)"));
}

// A policy's verdicts per teacher bound its audit before it starts (a 57 KB policy of 1,000
// weekly rules made 262,000 a teacher). Dali's 67 (2 teachers, 134 rows in cli.audit.policy-set):
// 1 cycle row of cycle-total and the semester, academic-year and part rows of the others.
TEST(Limits, VerdictsPerTeacher) {
  InputLimits limits;
  limits.verdicts_per_teacher = 66;
  EXPECT_THAT(policy_errors(dali_text(), limits),
              ElementsAre("p.json:58: error: rules: the rules make 67 verdicts per teacher, more "
                          "than the limit of 66 (verdicts_per_teacher)"));
  limits.verdicts_per_teacher = 67;
  EXPECT_NO_THROW(parse_policy(dali_text(), "p.json", limits));
  EXPECT_EQ(verdicts_per_teacher(dali_policy().calendar(), dali_policy().rules()), 67u);
}

TEST(Limits, CsvLineLength) {
  InputLimits limits;
  limits.csv_line_bytes = 60;
  const std::string records =
      "id,teacher_id,date,hours,category,activity\n"
      "R1,T1,2018-03-01,2,school,short\n"
      "R2,T1,2018-03-01,2,school," +
      std::string(40, 'x') + "\n";
  EXPECT_THAT(record_errors(records, limits),
              ElementsAre("records.csv:3: error: the row is 67 bytes, more than the limit of 60 "
                          "(csv_line_bytes)"));
  // The same bound on a teachers file and a header.
  EXPECT_THAT(record_errors("id,teacher_id,date,hours,category\n", limits,
                            "id,school\nT1,s\nT2," + std::string(70, 's') + "\n"),
              ElementsAre(HasSubstr("teachers.csv:3: error: the row is 74 bytes")));
  EXPECT_THAT(
      input_error("id,teacher_id,date,hours,category," + std::string(60, 'c') + "\n", limits),
      HasSubstr("records.csv:1: error: the header: the row is 95 bytes, more than the "
                "limit of 60 (csv_line_bytes)"));
}

TEST(Limits, CsvLineLengthStopsAHugeQuotedField) {
  // 8 MB in one quoted field that never closes, then in one that does: each is one row, refused.
  const std::string huge(8 << 20, 'x');
  EXPECT_THAT(record_errors("id,teacher_id,date,hours,category\nR1,T1,2018-03-01,2,\"" + huge +
                                "\nR2,T1,2018-03-01,2,school\n",
                            {}),
              ElementsAre("records.csv:2: error: the row is 8388629 bytes, more than the limit "
                          "of 1048576 (csv_line_bytes)"));
  EXPECT_THAT(record_errors("id,teacher_id,date,hours,category\nR1,T1,2018-03-01,2,\"" + huge +
                                "\"\nR2,T1,2018-03-01,2,school\n",
                            {}),
              ElementsAre("records.csv:2: error: the row is 8388630 bytes, more than the limit "
                          "of 1048576 (csv_line_bytes)"));
}

TEST(Limits, CsvColumns) {
  InputLimits limits;
  limits.csv_columns = 5;
  EXPECT_THAT(input_error("id,teacher_id,date,hours,category,activity\n", limits),
              "records.csv:1: error: the header has 6 columns, more than the limit of 5 "
              "(csv_columns)");
  // A header of 200 000 columns, refused at once: checking names for repeats is not quadratic.
  std::string wide = "id,teacher_id,date,hours,category";
  for (int i = 0; i < 200'000; ++i)
    wide += ",c" + std::to_string(i);
  EXPECT_THAT(input_error(wide + "\n", InputLimits{.csv_line_bytes = 4 << 20}),
              HasSubstr("the header has 200005 columns, more than the limit of 256 (csv_columns)"));
  // Score sheets too.
  const Policy policy = load_policy(source_path("examples/policies/pucheng-2014.json"));
  ScoreSheet sheet(policy, policy.rubrics()[0].id, limits);
  try {
    sheet.read_metrics_text("subject_id,metric,value,a,b,c\n", "metrics.csv");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("metrics.csv:1: error: the header has 6 columns"));
  }
}

TEST(Limits, HoursPerRecord) {
  InputLimits limits;
  limits.record_hours = Hours::from_hundredths(800);
  EXPECT_THAT(record_errors("id,teacher_id,date,hours,category\n"
                            "R1,T1,2018-03-01,8,school\n"
                            "R2,T1,2018-03-01,8.01,school\n",
                            limits),
              ElementsAre("records.csv:3: error: hours: 8.01 is more than the limit of 8.00 hours "
                          "for one record (record_hours)"));
  EXPECT_THAT(
      record_errors("id,teacher_id,date,hours,category\nR1,T1,2018-03-01,10000.01,school\n", {}),
      ElementsAre(HasSubstr("limit of 10000.00 hours for one record (record_hours)")));
}

TEST(Limits, DatesOutsideTheYears) {
  InputLimits limits;
  limits.first_year = 2000;
  limits.last_year = 2030;
  EXPECT_THAT(
      record_errors("id,teacher_id,date,end_date,hours,category\n"
                    "R1,T1,2018-03-01,,2,school\n"
                    "R2,T1,1999-12-31,,2,school\n"
                    "R3,T1,2030-12-31,2031-01-01,2,school\n",
                    limits, "id,birth_date\nT1,2000-01-01\nT2,1999-06-01\n"),
      ElementsAre(
          "teachers.csv:3: error: birth_date: date outside the years 2000..2030 "
          "(first_year..last_year)",
          "records.csv:3: error: date: date outside the years 2000..2030 (first_year..last_year)",
          "records.csv:4: error: end_date: date outside the years 2000..2030 "
          "(first_year..last_year)"));
  // Past 1900..2200 a date cannot be read at all, whatever the bounds.
  EXPECT_THAT(
      record_errors("id,teacher_id,date,hours,category\nR1,T1,2201-01-01,2,school\n", {}),
      ElementsAre(HasSubstr("\"2201-01-01\" is not a date (YYYY-MM-DD, years 1900..2200)")));
}

TEST(Limits, ManyDuplicateIdsTakeLinearTime) {
  std::string records = "id,teacher_id,date,hours,category\n";
  std::string teachers = "id\n";
  for (int i = 0; i < 100'000; ++i) {
    records += "R1,T1,2018-03-01,1,school\n";
    teachers += "T1\n";
  }
  LedgerBuilder builder(dali_policy());
  builder.read_teachers_text(teachers, "teachers.csv");
  builder.read_records_text(records, "records.csv");
  const Ledger ledger = builder.build();
  EXPECT_EQ(ledger.invalid_teacher_rows(), 99'999);
  EXPECT_EQ(ledger.intake_counts()[Disposition::duplicate], 99'999);
  EXPECT_EQ(ledger.intake_counts().total(), 100'000);
}

}  // namespace
}  // namespace yanxiu
