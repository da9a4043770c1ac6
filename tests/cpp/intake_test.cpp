// The one intake path: a row read from a CSV file, from the C ABI's arrays and from cells (the
// DataFrame path) is refused in the same words; texts must be UTF-8; categories and statuses may
// be given as the policy and the platforms write them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/audit.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/session.hpp>
#include <yanxiu/sys/intake.hpp>

#include "test_support.hpp"
#include "util/utf8.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;

using Said = std::vector<std::pair<std::string, std::string>>;  // (column, message)

Said said(const Ledger& ledger) {
  Said out;
  for (const Diagnostic& d : ledger.diagnostics().items())
    out.emplace_back(d.path, d.message);
  return out;
}

struct BadRow {
  const char* id;
  const char* teacher;
  const char* date;
  std::int64_t hundredths;
  const char* hours;
  const char* category;
  const char* certificate;
};

// One fault a row, each a cell the adapters pass as text (the date and hours aside).
const BadRow bad_rows[] = {
    {"R\xff"
     "1",
     "T1", "2017-10-10", 200, "2", "school", ""},
    {"R2", "T1", "2017-10-11", 200, "2", "school", "C\xed\xa0\x80"},
    {"R3", "T1", "2017-10-12", 200, "2", "学校研", ""},
    {"R4", "T1", "2017-10-13", -200, "-2", "school", ""},
    {"R5", "T\xff", "2017-10-14", 200, "2", "school", ""},
    {"R6", "T1", "2017-10-15", 200, "2", "学校研修", ""},  // a label: read as its category
};

// Worked by hand: the byte each invalid text breaks at, and the label "学校研" is closest to.
const Said expected = {
    {"id", "is not UTF-8 (byte 0xFF at byte 2 of 3)"},
    {"certificate", "is not UTF-8 (byte 0xED at byte 2 of 4)"},
    {"category", "unknown category \"学校研\"; did you mean \"school\" (学校研修)?"},
    {"hours", "-2.00 is negative"},
    {"teacher_id", "is not UTF-8 (byte 0xFF at byte 2 of 2)"},
};

LedgerBuilder with_teacher() {
  LedgerBuilder builder(dali_policy());
  builder.read_teachers_text("id\nT1\n", "teachers");
  return builder;
}

void expect_only_r6(const Ledger& ledger) {
  ASSERT_EQ(ledger.records().size(), 1u);
  EXPECT_EQ(ledger.records().id[0], "R6");
  EXPECT_EQ(ledger.records().category[0], *ledger.policy().find_category("school"));
}

TEST(Intake, TheSameBadRowSaysTheSameFromCsvArraysAndCells) {
  // records.csv
  std::string csv = "id,teacher_id,date,hours,category,certificate\n";
  for (const BadRow& row : bad_rows) {
    csv += std::string(row.id) + "," + row.teacher + "," + row.date + "," + row.hours + "," +
           row.category + "," + row.certificate + "\n";
  }
  LedgerBuilder from_csv = with_teacher();
  from_csv.read_records_text(csv, "records");
  const Ledger csv_ledger = from_csv.build();
  EXPECT_EQ(said(csv_ledger), expected);
  expect_only_r6(csv_ledger);

  // The C ABI's shape: days and hundredths as values, texts as C strings.
  std::vector<const char*> ids, teachers, categories, certificates;
  std::vector<DayNumber> days;
  std::vector<std::int64_t> hours;
  for (const BadRow& row : bad_rows) {
    ids.push_back(row.id);
    teachers.push_back(row.teacher);
    categories.push_back(row.category);
    certificates.push_back(row.certificate);
    days.push_back(*parse_day(row.date));
    hours.push_back(row.hundredths);
  }
  RecordArrays arrays;
  arrays.count = ids.size();
  arrays.id = ids.data();
  arrays.teacher_id = teachers.data();
  arrays.start_day = days.data();
  arrays.hours = hours.data();
  arrays.category_id = categories.data();
  arrays.certificate = certificates.data();
  LedgerBuilder from_arrays = with_teacher();
  EXPECT_EQ(from_arrays.add_records(arrays, {from_arrays.add_source("records"), 2}), 1u);
  const Ledger arrays_ledger = from_arrays.build();
  EXPECT_EQ(said(arrays_ledger), expected);
  expect_only_r6(arrays_ledger);

  // Cells, as the DataFrame path gives them to the builder.
  LedgerBuilder from_cells = with_teacher();
  const int file = from_cells.add_source("records");
  RecordRow row;
  std::vector<SplitPortion> portions;
  int line = 1;
  for (const BadRow& bad : bad_rows) {
    using enum RecordField;
    RecordCells cells;
    cells[id] = Cell::of_text(bad.id);
    cells[teacher_id] = Cell::of_text(bad.teacher);
    cells[date] = Cell::of_text(bad.date);
    cells[RecordField::hours] = Cell::of_text(bad.hours);
    cells[category] = Cell::of_text(bad.category);
    cells[certificate] = Cell::of_text(bad.certificate);
    const RowOrigin origin{file, ++line};
    if (auto problem = read_record_cells(cells, 5, row, portions)) {
      from_cells.reject_record(origin, problem->column, problem->message);
    } else {
      from_cells.add_record(row, origin);
    }
  }
  const Ledger cells_ledger = from_cells.build();
  EXPECT_EQ(said(cells_ledger), expected);
  expect_only_r6(cells_ledger);
}

TEST(Intake, TeacherTextsMustBeUtf8) {
  // An overlong form (C0 AF) and a lone continuation byte (80): neither UTF-8 nor GB18030, so
  // the file is read and each bad cell named (a file that reads as GB18030 is refused whole).
  LedgerBuilder builder(dali_policy());
  builder.read_teachers_text("id,school\nT\xc0\xafX\xff,S01\nT2,\x80\xb3\nT3,城关\n", "teachers");
  const Ledger ledger = builder.build();
  EXPECT_EQ(said(ledger), (Said{{"id", "is not UTF-8 (byte 0xC0 at byte 2 of 5)"},
                                {"school", "is not UTF-8 (byte 0x80 at byte 1 of 2)"}}));
  ASSERT_EQ(ledger.teachers().size(), 1u);
  EXPECT_EQ(ledger.teachers().id[0], "T3");
}

TEST(Intake, ChineseStatusesAndLabelsReadAsTheirIds) {
  const Ledger chinese = testing::make_ledger(dali_policy(), "id\nT1\n",
                                              "id,teacher_id,date,hours,category,status\n"
                                              "R1,T1,2017-10-10,2,学校研修,已认证\n"
                                              "R2,T1,2017-10-11,3,网络研修,待审核\n"
                                              "R3,T1,2017-10-12,4,个人自修,教研组已认证\n"
                                              "R4,T1,2017-10-13,5,school,已驳回\n");
  const Ledger ids = testing::make_ledger(dali_policy(), "id\nT1\n",
                                          "id,teacher_id,date,hours,category,status\n"
                                          "R1,T1,2017-10-10,2,school,certified\n"
                                          "R2,T1,2017-10-11,3,online,pending\n"
                                          "R3,T1,2017-10-12,4,self,group_certified\n"
                                          "R4,T1,2017-10-13,5,school,rejected\n");
  EXPECT_TRUE(chinese.diagnostics().items().empty());
  EXPECT_EQ(chinese.records().category, ids.records().category);
  EXPECT_EQ(chinese.records().status, ids.records().status);
  EXPECT_EQ(chinese.records().status[2], RecordStatus::group_certified);
}

TEST(Intake, ALabelTwoCategoriesShareIsNoName) {
  // Self-study labelled as school is: "学校研修" then names two categories, and neither is taken.
  const Policy shared =
      parse_policy(testing::replaced(testing::read_source("examples/policies/dali-2017.json"),
                                     R"("label": "个人自修")", R"("label": "学校研修")"),
                   "shared.json");
  const Ledger ledger = testing::make_ledger(shared, "id\nT1\n",
                                             "id,teacher_id,date,hours,category\n"
                                             "R1,T1,2017-10-10,2,学校研修\n"
                                             "R2,T1,2017-10-11,2,school\n");
  EXPECT_EQ(said(ledger), (Said{{"category",
                                 "category label \"学校研修\" names several categories "
                                 "(\"school\", \"self\"); write the id"}}));
  EXPECT_EQ(ledger.records().size(), 1u);
}

TEST(Intake, NearMissStatusesSuggestTheName) {
  const Ledger ledger = testing::make_ledger(dali_policy(), "id\nT1\n",
                                             "id,teacher_id,date,hours,category,status\n"
                                             "R1,T1,2017-10-10,2,school,certifed\n"
                                             "R2,T1,2017-10-11,2,school,maybe\n");
  const std::string expected_list =
      "; expected \"certified\", \"group_certified\", \"pending\" or \"rejected\"";
  EXPECT_EQ(said(ledger), (Said{{"status", "unknown status \"certifed\"" + expected_list +
                                               "; did you mean \"certified\"?"},
                                {"status", "unknown status \"maybe\"" + expected_list}}));
}

TEST(Intake, TheSessionsFastPathRefusesTextsThatAreNotUtf8) {
  // Plain rows (the teacher's, dates, hours, a category) skip the general checks: their texts
  // are screened on their own, and a row that fails takes the general path, which says why.
  TeacherSession session(dali_policy());
  const int teacher = session.add_source("teacher"), records = session.add_source("records");
  TeacherRow t1;
  t1.id = "T1";
  ASSERT_TRUE(session.add_teacher(t1, {teacher, 1}));
  const char* ids[] = {"R1", "R\xff", "R3"};
  const char* certificates[] = {"C1", "C2", "C\xe5"};
  const DayNumber day = *parse_day("2017-10-10");
  const DayNumber days[] = {day, day, day};
  const std::int64_t hours[] = {200, 200, 200};
  const CategoryIndex categories[] = {1, 1, 1};
  RecordArrays arrays;
  arrays.count = 3;
  arrays.id = ids;
  arrays.start_day = days;
  arrays.hours = hours;
  arrays.category = categories;
  arrays.certificate = certificates;
  EXPECT_EQ(session.add_records(arrays, {records, 1}), 1u);
  const Audit audit = session.evaluate();
  EXPECT_EQ(said(audit.ledger()),
            (Said{{"id", "is not UTF-8 (byte 0xFF at byte 2 of 2)"},
                  {"certificate", "is not UTF-8 (byte 0xE5 at byte 2 of 2)"}}));
  EXPECT_EQ(audit.ledger().records().size(), 1u);
}

TEST(Intake, Utf8ValidatorRejectsOverlongsSurrogatesAndBeyondUnicode) {
  using detail::first_invalid_utf8;
  using detail::valid_utf8;
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("T0001 学校研修 \xf0\x9f\x98\x80"));  // U+1F600
  EXPECT_TRUE(valid_utf8("\xed\x9f\xbf"));                     // U+D7FF, before the surrogates
  EXPECT_TRUE(valid_utf8("\xf4\x8f\xbf\xbf"));                 // U+10FFFF
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));                        // overlong '/'
  EXPECT_FALSE(valid_utf8("\xe0\x80\xaf"));                    // overlong, 3 bytes
  EXPECT_FALSE(valid_utf8("\xf0\x80\x80\xaf"));                // overlong, 4 bytes
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));                    // U+D800
  EXPECT_FALSE(valid_utf8("\xed\xbf\xbf"));                    // U+DFFF
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));                // U+110000
  EXPECT_FALSE(valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xe5\xad"));  // cut short
  EXPECT_FALSE(valid_utf8("\x80"));
  EXPECT_EQ(first_invalid_utf8("ab\xe5\xad\xa6\xff"), 5u);
  EXPECT_EQ(first_invalid_utf8("ab\xe5\x41\xa6"), 2u);  // a sequence broken by ASCII
}

}  // namespace
}  // namespace yanxiu
