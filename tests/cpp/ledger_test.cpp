#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/ledger.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;
using ::testing::HasSubstr;
using testing::make_ledger;

std::vector<std::string> messages(const Ledger& ledger) {
  std::vector<std::string> out;
  for (const auto& d : ledger.diagnostics().items())
    out.push_back(to_string(d));
  return out;
}

TEST(Ledger, ReadsColumnsAndExtraTeacherAttributes) {
  const Ledger ledger =
      make_ledger(dali_policy(),
                  "id,school,title,roles,birth_date,join_date,leave_date,district\n"
                  "T1,城关一小,senior,class_teacher;cadre,1975-06-15,,,east\n"
                  "T2,S02,junior,,,2019-03-01,2021-07-31,west\n",
                  "id,teacher_id,date,hours,category\n"
                  "R1,T2,2019-10-10,1.5,school\n"
                  "R2,T1,2018-03-01,12,workshop\n"
                  "R3,T1,2017-10-01,0.25,online\n");
  const TeacherColumns& teachers = ledger.teachers();
  ASSERT_EQ(teachers.size(), 2u);
  EXPECT_EQ(teachers.id[0], "T1");
  EXPECT_EQ(teachers.birth_day[0], to_day_number(Date(1975, 6, 15)));
  EXPECT_EQ(teachers.join_day[0], no_day);
  EXPECT_EQ(teachers.leave_day[1], to_day_number(Date(2021, 7, 31)));
  EXPECT_EQ(teachers.attribute_names,
            (std::vector<std::string>{"school", "title", "roles", "district"}));
  EXPECT_EQ((*teachers.attribute("school"))[0], "城关一小");
  EXPECT_EQ((*teachers.attribute("district"))[1], "west");

  // Grouped by teacher, in input order within a teacher: T1's two records, then T2's.
  const RecordColumns& records = ledger.records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records.id[0], "R2");
  EXPECT_EQ(records.id[1], "R3");
  EXPECT_EQ(records.id[2], "R1");
  EXPECT_EQ(records.hours[1], 25);
  EXPECT_EQ(records.hours[2], 150);
  EXPECT_EQ(records.category[0], *ledger.policy().find_category("workshop"));
  EXPECT_EQ(ledger.record_begin(0), 0);
  EXPECT_EQ(ledger.record_begin(1), 2);
  EXPECT_EQ(ledger.record_begin(2), 3);
  EXPECT_EQ(ledger.find_teacher("T2"), 1);
  EXPECT_FALSE(ledger.find_teacher("T3"));
}

TEST(Ledger, SpanningRecordIsPlacedByTheCalendarsDate) {
  const Ledger ledger = make_ledger(dali_policy(), "id\nT1\n",
                                    "id,teacher_id,date,end_date,hours,category\n"
                                    "W1,T1,2018-01-29,2018-02-03,6,holiday\n");
  EXPECT_EQ(ledger.records().start_day[0], to_day_number(Date(2018, 1, 29)));
  EXPECT_EQ(ledger.records().day[0], to_day_number(Date(2018, 2, 3)));  // assign_by: end
}

TEST(Ledger, AssignByStartPlacesASpanningRecordByItsFirstDay) {
  const Policy policy = parse_policy(R"({"format": "yanxiu-policy/1", "id": "start",
    "calendar": {"cycle": {"start": "2017-09-01", "years": 1}, "assign_by": "start",
                 "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
    "categories": [{"id": "holiday"}], "rules": [{"id": "term", "period": "semester", "min": 6}]})");
  const Ledger ledger = make_ledger(policy, "id\nT1\n",
                                    "id,teacher_id,date,end_date,hours,category\n"
                                    "W1,T1,2018-01-29,2018-02-03,6,holiday\n"
                                    "W2,T1,2018-08-30,2018-09-02,6,holiday\n");
  EXPECT_EQ(ledger.records().day[0], to_day_number(Date(2018, 1, 29)));
  const Audit audit = evaluate(policy, ledger);
  EXPECT_EQ(testing::find_row(audit, "T1", "term", "2017-2018/1")->credited, Hours::whole(6));
  EXPECT_EQ(testing::find_row(audit, "T1", "term", "2017-2018/2")->credited, Hours::whole(6));
  // W2 starts inside the one-year cycle and ends after it: by its start it counts.
  EXPECT_EQ(audit.disposition_counts()[Disposition::outside], 0);
}

TEST(Ledger, CsvQuotingLineEndingsAndPadding) {
  const Ledger ledger =
      make_ledger(dali_policy(),
                  "\xEF\xBB\xBFid,school\r\n\"T1\",\"No. 1, \"\"East\"\" School\"\r\n\r\n"
                  "T2 , \"multi\nline\"\r\n",
                  "id,teacher_id,date,hours,category\n"
                  " R1 , T2 , 2017-10-10 , 2 , school \n"
                  "R2,T9,2017-10-10,2,school\n");
  ASSERT_EQ(ledger.teachers().size(), 2u);
  EXPECT_EQ((*ledger.teachers().attribute("school"))[0], "No. 1, \"East\" School");
  EXPECT_EQ(ledger.teachers().id[1], "T2");
  EXPECT_EQ(ledger.teachers().line[1], 4);  // after a blank line
  EXPECT_EQ((*ledger.teachers().attribute("school"))[1], "multi\nline");
  ASSERT_EQ(ledger.records().size(), 1u);
  EXPECT_EQ(ledger.records().id[0], "R1");
  EXPECT_THAT(messages(ledger),
              ::testing::ElementsAre(
                  HasSubstr("teachers.csv:4: warning: the row runs over lines 4 to 5"),
                  HasSubstr("records.csv:3: error: teacher_id: unknown teacher \"T9\"")));
}

TEST(Ledger, EveryRowIsAccountedFor) {
  const Ledger ledger =
      make_ledger(dali_policy(), "id\nT1\n",
                  "id,teacher_id,date,end_date,hours,category,status\n"
                  "R1,T1,2017-10-10,,2,school,\n"
                  "R1,T1,2017-10-10,,2,school,\n"            // duplicate
                  "R2,T1,2017-10-10,,2,school,pending\n"     // uncertified
                  "R3,T1,2023-01-01,,2,school,\n"            // outside
                  "R4,T1,2017-10-10,2017-10-01,2,school,\n"  // ends before it starts
                  "R5,T1,2017-10-10,,2,school\n"             // a field short
                  "R6,T1,2017-10-10,,99999,school,\n"        // over the per-record limit
                  "R7,T1,2017-10-10,,\"2,school,\n"          // unclosed quote
                  ",T1,2017-10-10,,2,school,\n");            // no id
  // The ledger settles what it can read; whether a status counts is the audit's to judge.
  EXPECT_EQ(ledger.intake_counts()[Disposition::credited], 2);
  EXPECT_EQ(ledger.intake_counts()[Disposition::invalid], 5);
  const DispositionCounts counts = evaluate(ledger.policy(), ledger).disposition_counts();
  EXPECT_EQ(counts[Disposition::credited], 1);
  EXPECT_EQ(counts[Disposition::duplicate], 1);
  EXPECT_EQ(counts[Disposition::uncertified], 1);
  EXPECT_EQ(counts[Disposition::outside], 1);
  EXPECT_EQ(counts[Disposition::invalid], 5);
  EXPECT_EQ(counts.total(), 9);
  EXPECT_THAT(
      messages(ledger),
      ::testing::ElementsAre(
          HasSubstr("records.csv:3: warning: id: duplicate record id \"R1\", first on line 2"),
          HasSubstr("records.csv:5: warning: date: 2023-01-01 is outside the cycle"),
          HasSubstr("records.csv:6: error: end_date: 2017-10-01 is before date 2017-10-10"),
          HasSubstr("records.csv:7: error: expected 7 fields, found 6"),
          HasSubstr("records.csv:8: error: hours: 99999.00 is more than the limit of 10000.00"),
          HasSubstr("records.csv:9: error: a quoted field is not closed"),
          HasSubstr("records.csv:10: error: id: is empty")));
  EXPECT_EQ(
      summary_line(counts),
      "records: 1 credited, 0 capped, 0 gated, 1 outside, 1 duplicate, 1 uncertified, 5 invalid");
}

TEST(Ledger, BadTeacherRows) {
  const Ledger ledger = make_ledger(dali_policy(),
                                    "id,join_date,leave_date\n"
                                    "T1,,\n"
                                    "T1,,\n"
                                    "T2,2019-13-01,\n"
                                    "T3,2020-01-01,2019-01-01\n"
                                    ",,\n",
                                    "id,teacher_id,date,hours,category\n");
  EXPECT_EQ(ledger.teachers().size(), 1u);
  EXPECT_EQ(ledger.invalid_teacher_rows(), 4);
  EXPECT_THAT(
      messages(ledger),
      ::testing::ElementsAre(
          HasSubstr("teachers.csv:3: error: id: duplicate teacher id \"T1\", first on line 2"),
          HasSubstr("teachers.csv:4: error: join_date: \"2019-13-01\" is not a date"),
          HasSubstr("teachers.csv:5: error: leave_date: 2019-01-01 is before join_date 2020-01-01"),
          HasSubstr("teachers.csv:6: error: id: is empty")));
}

TEST(Ledger, MissingColumnsStopTheRead) {
  LedgerBuilder builder(dali_policy());
  builder.read_teachers_text("id\nT1\n", "teachers.csv");
  try {
    builder.read_records_text("id,teacher_id,date,hour,category\n", "records.csv");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "records.csv");
    EXPECT_EQ(error.line(), 1);
    EXPECT_THAT(error.message(),
                HasSubstr("missing required column \"hours\"; is \"hour\" meant?"));
  }
  EXPECT_THROW(builder.read_records_text("", "empty.csv"), InputError);
  EXPECT_THROW(builder.read_records_text("id,id\n", "twice.csv"), InputError);
  EXPECT_THROW(builder.read_records("/nonexistent/records.csv"), InputError);
}

TEST(Ledger, UnusedRecordColumnsAreNamed) {
  const Ledger ledger =
      make_ledger(dali_policy(), "id\nT1\n",
                  "id,teacher_id,date,hours,category,remark\nR1,T1,2017-10-10,2,school,ok\n");
  EXPECT_THAT(
      messages(ledger),
      ::testing::ElementsAre(HasSubstr("records.csv:1: warning: remark: column is not used")));
}

TEST(Ledger, RowsByValue) {
  LedgerBuilder builder(dali_policy());
  const int source = builder.add_source("platform");
  builder.set_attribute_names({"title"});
  const std::string_view title[] = {"senior"};
  EXPECT_TRUE(builder.add_teacher({"T1", no_day, no_day, no_day, title, {}}, {source, 1}));
  RecordRow row;
  row.id = "R1";
  row.teacher_id = "T1";
  row.start_day = to_day_number(Date(2017, 10, 10));
  row.hours = Hours::whole(3);
  row.category = "school";
  EXPECT_TRUE(builder.add_record(row, {source, 1}));
  row.id = "R2";
  row.category = "dance";
  EXPECT_FALSE(builder.add_record(row, {source, 2}));
  row.id = "R3";
  row.category_index = 4;  // holiday, by index
  EXPECT_TRUE(builder.add_record(row, {source, 3}));
  row.id = "R4";
  row.category_index = 5;
  EXPECT_FALSE(builder.add_record(row, {source, 4}));
  const Ledger ledger = builder.build();
  EXPECT_EQ(ledger.records().size(), 2u);
  EXPECT_EQ(ledger.records().category[1], 4);
  EXPECT_EQ(ledger.intake_counts()[Disposition::invalid], 2);
  EXPECT_THAT(messages(ledger),
              ::testing::ElementsAre("platform:2: error: category: unknown category \"dance\"",
                                     "platform:4: error: category: category index 5 is out of "
                                     "range: the policy has 5 categories"));
}

}  // namespace
}  // namespace yanxiu
