#include <chrono>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/explain.hpp>
#include <yanxiu/synthetic.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;
using ::testing::HasSubstr;
using testing::make_ledger;

const char* const teachers = "id,title,join_date\nT1,junior,\nT2,senior,2019-09-01\n";
const char* const records =
    "id,teacher_id,date,end_date,hours,category,status\n"
    "R1,T1,2017-10-10,,14,school,\n"
    "R2,T1,2017-11-10,,6,workshop,\n"
    "R3,T1,2018-01-29,2018-02-03,6,holiday,\n"
    "R4,T1,2017-12-01,,4,self,pending\n"
    "R5,T2,2019-10-10,,30,school,\n";

TEST(Explain, VerdictsEqualTheAuditRows) {
  const Policy policy = dali_policy();
  const Ledger ledger = make_ledger(policy, teachers, records);
  const Audit audit = evaluate(policy, ledger);
  for (TeacherIndex t = 0; t < 2; ++t) {
    const Explanation explanation = explain(policy, ledger, t);
    ASSERT_EQ(explanation.verdicts.size(), audit.row_begin(t + 1) - audit.row_begin(t));
    for (std::size_t i = 0; i < explanation.verdicts.size(); ++i) {
      const AuditRow expected = audit.row(audit.row_begin(t) + i);
      const AuditRow& got = explanation.verdicts[i].row;
      EXPECT_EQ(got.rule, expected.rule);
      EXPECT_EQ(got.part, expected.part);
      EXPECT_EQ(got.period, expected.period);
      EXPECT_EQ(got.required, expected.required);
      EXPECT_EQ(got.credited, expected.credited);
      EXPECT_EQ(got.status, expected.status);
    }
  }
}

// In credits, the audit sums the hours behind a row per semester (a rule without a max) while an
// explanation walks the records: every row's hours are the same both ways, and so its credits.
TEST(Explain, VerdictsHaveTheAuditsHoursInCredits) {
  const Policy policy = load_policy(testing::source_path("examples/policies/county-credits.json"));
  SyntheticCountyOptions options;
  options.teachers = 300;
  const Ledger ledger = generate_ledger(policy, options);
  const Audit audit = evaluate(policy, ledger);
  std::int64_t hours = 0;
  for (TeacherIndex t = 0; t < static_cast<TeacherIndex>(ledger.teachers().size()); ++t) {
    const Explanation explanation = explain(policy, ledger, t);
    ASSERT_EQ(explanation.verdicts.size(), audit.row_begin(t + 1) - audit.row_begin(t));
    for (std::size_t i = 0; i < explanation.verdicts.size(); ++i) {
      const AuditRow expected = audit.row(audit.row_begin(t) + i);
      EXPECT_EQ(explanation.verdicts[i].row.credited, expected.credited);
      EXPECT_EQ(explanation.verdicts[i].row.hours, expected.hours);
      hours += expected.hours.hundredths();
    }
  }
  EXPECT_GT(hours, 0);
}

TEST(Explain, ManyRecordsOfOneTeacherTakeLinearTime) {
  // 200 000 records of one teacher, latest first: ordering them by date with an insertion sort
  // took seconds here (n^2 / 2 moves; 36 s for 400 000); a merge sort takes milliseconds.
  std::string many = "id,teacher_id,date,hours,category\n";
  constexpr int count = 200'000;
  const DayNumber first = *parse_day("2017-09-01");
  for (int i = 0; i < count; ++i) {
    const DayNumber day = first + 1825 - static_cast<DayNumber>(std::int64_t{i} * 1826 / count);
    many += "R" + std::to_string(i) + ",T1," + day_to_iso(day) + ",1,school\n";
  }
  const Policy policy = dali_policy();
  const Ledger ledger = make_ledger(policy, "id\nT1\n", many);
  const auto start = std::chrono::steady_clock::now();
  const Explanation explanation = explain(policy, ledger, 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 3.0);
  EXPECT_EQ(explanation.records.size(), std::size_t{count});
  const Audit audit = evaluate(policy, ledger);
  ASSERT_EQ(explanation.verdicts.size(), audit.size());
  for (std::size_t i = 0; i < audit.size(); ++i)
    EXPECT_EQ(explanation.verdicts[i].row.credited, audit.row(i).credited);
}

TEST(Explain, NamesTheRecordsBehindEachVerdict) {
  const Policy policy = dali_policy();
  const Ledger ledger = make_ledger(policy, teachers, records);
  const Explanation explanation = explain(policy, ledger, 0);
  // The workshop part of the first semester counted R2 alone.
  const auto verdict = std::find_if(
      explanation.verdicts.begin(), explanation.verdicts.end(),
      [](const Verdict& v) { return v.row.rule == 3 && v.row.part == 1 && v.row.period == 0; });
  ASSERT_NE(verdict, explanation.verdicts.end());
  ASSERT_EQ(verdict->contributions.size(), 1u);
  EXPECT_EQ(ledger.records().id[static_cast<std::size_t>(verdict->contributions[0].record)], "R2");
  EXPECT_EQ(verdict->contributions[0].counted, Hours::whole(6));

  const std::string text = explanation.to_text();
  EXPECT_THAT(text, HasSubstr("Teacher T1 · title junior"));
  EXPECT_THAT(text, HasSubstr("2017-2018/1 · semester 2017-09-01..2018-01-31"));
  EXPECT_THAT(text, HasSubstr("    R1  2017-10-10              school       14.00"));
  EXPECT_THAT(text, HasSubstr("    R3  2018-01-29..2018-02-03  holiday       6.00"));
  EXPECT_THAT(text, HasSubstr("  /workshop        short        6.00 of    8.00  2.00 short    "
                              "工作坊、学科质量提升小组研修"));
  EXPECT_THAT(text, HasSubstr("线下学时每学期不低于30学时 [八.2.(1)①]"));
  EXPECT_THAT(text, HasSubstr("= 2017-2018/1 20.00 + 2017-2018/2 6.00"));
  EXPECT_THAT(text, HasSubstr("uncertified: status pending (records.csv:5)"));
}

TEST(Explain, SaysWhenARequirementIsProRated) {
  const Policy policy = dali_policy();
  const Ledger ledger = make_ledger(policy, teachers, records);
  const std::string text = explain(policy, ledger, 1).to_text();
  EXPECT_THAT(text, HasSubstr("Employed from 2019-09-01 · served 6 of 10 semesters"));
  EXPECT_THAT(text, HasSubstr("300.00 pro-rated for 6 of 10 semesters served"));
  EXPECT_THAT(text, HasSubstr("not served: employed on under half its days"));
  EXPECT_THROW(explain(policy, ledger, 2), std::out_of_range);
}

}  // namespace
}  // namespace yanxiu
