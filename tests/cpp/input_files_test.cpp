// Input files as they come from the field: encodings (GB18030 from Chinese Excel and WPS, UTF-16,
// stray bytes), stray quotes, hostile files built to exhaust memory, headers that are almost
// right. Each is read right or refused with a message naming the file, the line and the cause.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include <yanxiu/columns.hpp>
#include <yanxiu/yanxiu.hpp>

#include "test_support.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"
#include "util/utf8.hpp"

namespace yanxiu {
namespace {

using ::testing::Contains;
using testing::dali_policy;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

// "语文" (Chinese, the subject) in GB18030 and in UTF-8.
const std::string chinese_gb18030 = "\xD3\xEF\xCE\xC4";
const std::string chinese_utf8 = "\xE8\xAF\xAD\xE6\x96\x87";

const std::string records_header = "id,teacher_id,date,hours,category\n";

std::string error_of(std::string_view teachers, std::string_view records,
                     const InputLimits& limits = {}) {
  try {
    LedgerBuilder builder(dali_policy(), limits);
    builder.read_teachers_text(teachers, "teachers.csv");
    builder.read_records_text(records, "records.csv");
  } catch (const InputError& error) {
    return to_string(error.diagnostics().front());
  }
  return "read";
}

std::vector<std::string> messages(const Ledger& ledger, bool errors_only = false) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ledger.diagnostics().items()) {
    if (!errors_only || d.severity == Severity::error) out.push_back(to_string(d));
  }
  return out;
}

std::vector<std::string> errors(const Ledger& ledger) {
  return messages(ledger, true);
}

TEST(Utf8, WellFormedAsRfc3629Says) {
  using detail::first_invalid_utf8;
  constexpr auto npos = std::string_view::npos;
  EXPECT_EQ(first_invalid_utf8("plain ASCII, long enough for the word loop"), npos);
  EXPECT_EQ(first_invalid_utf8(chinese_utf8 + "\xF0\x9F\x98\x80 \xC2\xA0"), npos);
  EXPECT_EQ(first_invalid_utf8("id \xED\xA0\x80"), 3u);     // a surrogate, U+D800
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);            // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xE0\x80\xAF"), 0u);        // overlong, 3 bytes
  EXPECT_EQ(first_invalid_utf8("ab\xF4\x90\x80\x80"), 2u);  // past U+10FFFF
  EXPECT_EQ(first_invalid_utf8("abcdefgh\xE8\xAF"), 8u);    // cut short
  EXPECT_EQ(first_invalid_utf8("\x80"), 0u);                // a lone continuation
  EXPECT_EQ(first_invalid_utf8(chinese_gb18030), 0u);       // GB18030 is not UTF-8
  // One phrasing for a file, a row, a cell and a policy, each with its own position.
  EXPECT_EQ(detail::not_utf8("the row", "ab\xFF", 2),
            "the row is not UTF-8 (byte 0xFF at byte 3 of 3)");
  EXPECT_EQ(detail::not_utf8("", "\xFF", 0), "is not UTF-8 (byte 0xFF at byte 1 of 1)");
}

TEST(InputFiles, Gb18030IsRefusedNamingTheEncodingAndTheOption) {
  const std::string teachers = "id,subject\nT1,math\nT2," + chinese_gb18030 + "\n";
  EXPECT_EQ(error_of(teachers, records_header),
            "teachers.csv:3: error: the file is not UTF-8 (byte 0xD3 at byte 23 of 27); it "
            "looks like GB18030 (GBK), as Chinese Excel and WPS save CSV: read it "
            "with the encoding gb18030 (--encoding gb18030), or save it as \"CSV UTF-8\"");
}

TEST(InputFiles, Gb18030IsReadWhenAskedOrDetected) {
  const std::string teachers = "id,subject\nT1," + chinese_gb18030 + "\n";
  for (const CsvEncoding encoding : {CsvEncoding::gb18030, CsvEncoding::detect}) {
    InputLimits limits;
    limits.csv_encoding = encoding;
    LedgerBuilder builder(dali_policy(), limits);
    builder.read_teachers_text(teachers, "teachers.csv");
    builder.read_records_text(records_header, "records.csv");
    const Ledger ledger = builder.build();
    ASSERT_EQ(ledger.teachers().size(), 1u);
    EXPECT_EQ((*ledger.teachers().attribute("subject"))[0], chinese_utf8);
    if (encoding == CsvEncoding::detect) {
      EXPECT_THAT(messages(ledger),
                  Contains(HasSubstr("teachers.csv:2: warning: the file is not UTF-8 (byte "
                                     "0xD3 at byte 15 of 19) but reads as GB18030 (GBK)")));
    } else {
      EXPECT_THAT(messages(ledger), Not(Contains(HasSubstr("UTF-8"))));
    }
  }
  // A UTF-8 file read as GB18030 is refused, not turned into other characters.
  InputLimits limits;
  limits.csv_encoding = CsvEncoding::gb18030;
  EXPECT_THAT(error_of("id,subject\nT1," + chinese_utf8 + "\n", records_header, limits),
              HasSubstr("teachers.csv:2: error: the file is UTF-8, not GB18030"));
}

TEST(InputFiles, Utf16IsReadAndUtf32AndNulBytesAreRefused) {
  // Excel's "Unicode text": UTF-16LE with its byte-order mark, tab-separated. "id\tsubject",
  // "T1\t语文" (U+8BED U+6587) and a UTF-16BE file of the same.
  const std::string le(
      "\xFF\xFEi\0d\0\t\0s\0u\0b\0j\0e\0c\0t\0\n\0T\0"
      "1\0\t\0\xED\x8B\x87\x65\n\0",
      36);
  const std::string be(
      "\xFE\xFF\0i\0d\0,\0s\0u\0b\0j\0e\0c\0t\0\n\0T\0"
      "1\0,\x8B\xED\x65\x87\0\n",
      36);
  for (const std::string& teachers : {le, be}) {
    const Ledger ledger = testing::make_ledger(dali_policy(), teachers, records_header);
    ASSERT_EQ(ledger.teachers().size(), 1u);
    EXPECT_EQ(ledger.teachers().id[0], "T1");
    EXPECT_EQ((*ledger.teachers().attribute("subject"))[0], chinese_utf8);
    EXPECT_THAT(messages(ledger),
                Contains(HasSubstr(teachers == le ? "teachers.csv:1: warning: the file is UTF-16 "
                                                    "(little-endian) (it starts with that "
                                                    "byte-order mark, as Excel's \"Unicode "
                                                    "text\" saves): it is read as such"
                                                  : "the file is UTF-16 (big-endian)")));
  }
  // A lone surrogate (D800) on line 2, an odd byte at the end, U+0000: refused.
  EXPECT_THAT(error_of(std::string("\xFF\xFEi\0d\0\n\0\x00\xD8\n\0", 12), records_header),
              HasSubstr("teachers.csv:2: error: the file is UTF-16 (little-endian) (it starts "
                        "with that byte-order mark), but its bytes 9 on are not UTF-16"));
  EXPECT_THAT(error_of(std::string("\xFF\xFEi\0d\0\n", 7), records_header),
              HasSubstr("its bytes 7 on are not UTF-16"));
  EXPECT_THAT(error_of(std::string("\xFF\xFEi\0d\0\n\0\0\0", 10), records_header),
              HasSubstr("teachers.csv:2: error: the line holds a NUL character (U+0000)"));
  EXPECT_EQ(error_of(std::string("\xFF\xFE\0\0i\0\0\0", 8), records_header),
            "teachers.csv:1: error: the file is UTF-32 (little-endian) (it starts with that "
            "byte-order mark); yanxiu reads UTF-8, UTF-16 or GB18030: save it as \"CSV UTF-8\"");
  EXPECT_THAT(error_of("id\nT1\n", records_header + "R1,T1,2018-03-01,2,sch" + '\0' + "ol\n"),
              HasSubstr("records.csv:2: error: the line holds a NUL byte"));
  // /dev/zero ends at its first block, not when memory does.
  try {
    detail::read_input_file("/dev/zero");
    ADD_FAILURE() << "read";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/dev/zero:1: error: the line holds a NUL byte"));
  }
  try {
    detail::read_input_file(testing::source_path("tests"));
    ADD_FAILURE() << "read";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("tests: error: is a directory, not a file"));
  }
}

TEST(InputFiles, ARowWithInvalidBytesIsInvalidAndTheOthersAreRead) {
  // 0xFF is neither UTF-8 nor GB18030: the file is read, its bad row refused.
  const Ledger ledger =
      testing::make_ledger(dali_policy(), "id,school\nT1,a\nT2,b\xFF\nT3,c\n", records_header);
  EXPECT_EQ(ledger.teachers().size(), 2u);
  EXPECT_THAT(errors(ledger), ElementsAre("teachers.csv:3: error: school: is not UTF-8 (byte "
                                          "0xFF at byte 2 of 2)"));
}

TEST(InputFiles, AStrayQuoteSwallowsNoRecord) {
  // Line 4 opens a quote that line 14 closes: read as one field, 11 rows would make one record
  // and 10 records would vanish without a word.
  std::string records = "id,teacher_id,date,hours,category,activity\n";
  for (int i = 2; i <= 15; ++i) {
    const std::string activity = i == 4 ? "\"talk" : i == 14 ? "talk\"" : "talk";
    records += "R" + std::to_string(i) + ",T1,2018-03-01,2,school," + activity + "\n";
  }
  const Ledger ledger = testing::make_ledger(dali_policy(), "id\nT1\n", records);
  EXPECT_EQ(ledger.intake_counts()[Disposition::invalid], 1);
  EXPECT_EQ(ledger.records().size(), 13u);  // lines 2..15 but 4
  EXPECT_THAT(errors(ledger),
              ElementsAre("records.csv:4: error: a quoted field opened on line 4 is still open "
                          "after 4 line breaks (csv_field_lines): a stray quote? The row is "
                          "skipped and reading goes on at the next line"));
  // Within the bound a quoted field may hold line breaks.
  const Ledger notes = testing::make_ledger(
      dali_policy(), "id\nT1\n",
      "id,teacher_id,date,hours,category,activity\nR1,T1,2018-03-01,2,school,\"a\nb\nc\"\n"
      "R2,T1,2018-03-01,2,school,x\n");
  EXPECT_EQ(notes.records().size(), 2u);
  EXPECT_EQ(notes.records().line[1], 5);
  // ... with a warning naming the lines, since a stray quote closed soon after would hide them.
  EXPECT_THAT(messages(notes),
              ElementsAre("records.csv:2: warning: the row runs over lines 2 to 4: a quoted field "
                          "holds line breaks (if its quote is a stray one, the rows between are "
                          "lost in it)"));
}

TEST(InputFiles, AHostileFileStopsAtTheInvalidRowBound) {
  // A header, one quote and many "x," lines: each is an invalid row. 300 000 lines: past the
  // bound of 100 000 reading stops with an error before the first 1000 findings.
  std::string records = records_header + "\"\n";
  for (int i = 0; i < 300'000; ++i)
    records += "x,\n";
  try {
    testing::make_ledger(dali_policy(), "id\nT1\n", records);
    ADD_FAILURE() << "read";
  } catch (const InputError& error) {
    EXPECT_THAT(to_string(error.diagnostics().front()),
                HasSubstr("records.csv:100003: error: more than 100000 invalid rows "
                          "(invalid_rows): reading stopped here"));
    EXPECT_EQ(error.diagnostics().size(), 1001u);
    EXPECT_THAT(to_string(error.diagnostics()[1]),
                HasSubstr("records.csv:2: error: a quoted field opened on line 2"));
  }
}

TEST(InputFiles, FindingsPastTheBoundAreCountedNotKept) {
  InputLimits limits;
  limits.kept_diagnostics = 3;
  std::string records = records_header;
  for (int i = 0; i < 5000; ++i)
    records += "R" + std::to_string(i) + ",T1,2018-02-30,2,school\n";
  for (int i = 0; i < 7; ++i)
    records += "x\n";
  LedgerBuilder builder(dali_policy(), limits);
  builder.read_teachers_text("id\nT1\n", "teachers.csv");
  builder.read_records_text(records, "records.csv");
  const Ledger ledger = builder.build();
  EXPECT_EQ(ledger.intake_counts()[Disposition::invalid], 5007);
  EXPECT_EQ(ledger.diagnostics().error_count(), 5007u);
  const auto all = messages(ledger);
  ASSERT_EQ(all.size(), 5u);  // three in full, one line per kind left out
  EXPECT_THAT(all[0], HasSubstr("records.csv:2: error: date:"));
  EXPECT_EQ(all[3],
            "records.csv: error: date: 4997 more errors in this column not listed (the first 3 "
            "findings are kept in full: kept_diagnostics)");
  EXPECT_EQ(all[4],
            "records.csv: error: 7 more errors not listed (the first 3 findings are kept in "
            "full: kept_diagnostics)");
}

TEST(InputFiles, ALongLineIsMeasuredNotSplit) {
  // 3 MB of commas on one line: refused as too long without making a field per comma.
  std::string records =
      records_header + std::string(3'000'000, ',') + "\nR1,T1,2018-03-01,2,school\n";
  const Ledger ledger = testing::make_ledger(dali_policy(), "id\nT1\n", records);
  EXPECT_EQ(ledger.records().size(), 1u);
  EXPECT_THAT(errors(ledger), ElementsAre("records.csv:2: error: the row is 3000001 bytes, "
                                          "more than the limit of 1048576 (csv_line_bytes)"));
}

TEST(InputFiles, TheRowBoundHoldsAfterAQuotedLineBreak) {
  // The plain path bounds a line; after a quoted line break the rest of the row is scanned by
  // the general path, which must bound it too (and not read past the text for a late quote).
  std::string row = "\"a\nb\",";
  for (int i = 0; i < 1'000'000; ++i)
    row += "x,";
  const Ledger ledger = testing::make_ledger(
      dali_policy(), "id\nT1\n", records_header + row + "\"c\"\nR1,T1,2018-03-01,2,school\n");
  EXPECT_EQ(ledger.records().size(), 1u);
  EXPECT_THAT(errors(ledger),
              ElementsAre("records.csv:2: error: the row runs past the limit of 1048576 bytes "
                          "(csv_line_bytes)",
                          "records.csv:3: error: the row is 2000007 bytes, more than the limit of "
                          "1048576 (csv_line_bytes)"));
}

TEST(InputFiles, RecordsOfARejectedTeacherPointAtItsRow) {
  // They said "not in the teachers file", one by one, as if the teacher were missing.
  const Ledger ledger =
      testing::make_ledger(dali_policy(), "id,birth_date\nT1,1980-01-01\nT2,1980-13-01\n",
                           records_header +
                               "R1,T2,2018-03-01,2,school\nR2,T2,2018-03-02,2,school\n"
                               "R3,T1,2018-03-01,2,school\n");
  EXPECT_THAT(
      errors(ledger),
      ElementsAre("teachers.csv:3: error: birth_date: \"1980-13-01\" is not a date (YYYY-MM-DD, "
                  "years 1900..2200)",
                  "records.csv:2: error: teacher_id: teacher \"T2\" is not counted: their row "
                  "was rejected (teachers.csv:3, see the error there)",
                  "records.csv:3: error: teacher_id: teacher \"T2\" is not counted: their row "
                  "was rejected (teachers.csv:3, see the error there)"));
}

TEST(InputFiles, AnIdTypedWithInvisibleOrFullWidthCharactersGetsAHint) {
  const Ledger ledger = testing::make_ledger(
      dali_policy(), "id\nT1\n",
      records_header +
          "R1,T1\xC2\xA0,2018-03-01,2,school\n"                // a no-break space: trim() keeps it
          "R2,\xEF\xBC\xB4\xEF\xBC\x91,2018-03-01,2,school\n"  // full-width "T1"
          "R3,T2,2018-03-01,2,school\n");
  const std::string hint =
      " (not in the teachers file); \"T1\" is, and this id differs from it only by invisible "
      "spaces or full-width characters: retype it";
  EXPECT_THAT(errors(ledger),
              ElementsAre("records.csv:2: error: teacher_id: unknown teacher \"T1\xC2\xA0\"" + hint,
                          "records.csv:3: error: teacher_id: unknown teacher "
                          "\"\xEF\xBC\xB4\xEF\xBC\x91\"" +
                              hint,
                          "records.csv:4: error: teacher_id: unknown teacher \"T2\" (not in the "
                          "teachers file)"));
}

// The other way round: the teachers file holds the lookalike, once said at its row.
TEST(InputFiles, ATeacherIdWithInvisibleCharactersIsNamed) {
  const Ledger ledger = testing::make_ledger(dali_policy(), "id\nT1\xC2\xA0\nT 2\n",
                                             records_header + "R1,T1,2018-03-01,2,school\n");
  EXPECT_THAT(messages(ledger),
              Contains("teachers.csv:2: warning: id: teacher id \"T1\xC2\xA0\" holds invisible "
                       "spaces or full-width characters: records that write it \"T1\" name no "
                       "teacher; retype it"));
  EXPECT_THAT(messages(ledger), Not(Contains(HasSubstr("teacher id \"T 2\""))));
}

TEST(Columns, AliasesCaseAndSpaces) {
  EXPECT_EQ(canonical_column_name("教师编号"), "teacher_id");
  EXPECT_EQ(canonical_column_name(" 学时\xE3\x80\x80"), "hours");  // an ideographic space
  EXPECT_EQ(canonical_column_name("\xC2\xA0Teacher ID "), "teacher_id");
  EXPECT_EQ(canonical_column_name("DATE"), "date");
  EXPECT_EQ(canonical_column_name("学科"), "subject");
  EXPECT_EQ(canonical_column_name("district"), std::nullopt);
}

TEST(InputFiles, HeadersThatAreAlmostRight) {
  // Chinese and upper-case names are read as the columns they stand for.
  const Ledger ledger =
      testing::make_ledger(dali_policy(), "编号,学校\nT1,S1\n",
                           "编号,教师编号,日期,学时,类别\nR1,T1,2018-03-01,2,school\n");
  EXPECT_EQ(ledger.records().size(), 1u);
  EXPECT_EQ((*ledger.teachers().attribute("school"))[0], "S1");
  EXPECT_EQ(testing::make_ledger(dali_policy(), "ID\nT1\n",
                                 " Id ,TEACHER_ID,Date,Hours,Category\nR1,T1,2018-03-01,2,school\n")
                .records()
                .size(),
            1u);
  // Every missing column at once, one finding each.
  try {
    testing::make_ledger(dali_policy(), "id\nT1\n", "id,teacher,day\n");
    ADD_FAILURE() << "read";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(),
                ::testing::StrEq(
                    "records.csv:1: error: missing required column \"teacher_id\"; is \"teacher\" "
                    "meant?\nrecords.csv:1: error: missing required column \"date\"; is \"day\" "
                    "meant?\nrecords.csv:1: error: missing required column \"hours\"\n"
                    "records.csv:1: error: missing required column \"category\""));
  }
  // Tab- and semicolon-separated files are read, with a notice; a quoted cell may hold the
  // separator, and an empty cell between two tabs is a cell (tabs are not padding there).
  const Ledger separated = testing::make_ledger(
      dali_policy(), "id\tschool\tsubject\nT1\t\t\"a\tb\"\n",
      "id;teacher_id;date;hours;category;note\nR1;T1;2018-03-01;2;school;\"a;b\"\n");
  ASSERT_EQ(separated.records().size(), 1u);
  EXPECT_EQ((*separated.teachers().attribute("school"))[0], "");
  EXPECT_EQ((*separated.teachers().attribute("subject"))[0], "a\tb");
  EXPECT_THAT(messages(separated),
              IsSupersetOf({"teachers.csv:1: warning: the header has no comma but tabs: the file "
                            "is read as tab-separated",
                            "records.csv:1: warning: the header has no comma but semicolons: the "
                            "file is read as semicolon-separated"}));
  // Two names for one column.
  EXPECT_EQ(error_of("id,编号\nT1,T1\n", records_header),
            "teachers.csv:1: error: column \"编号\" appears twice (also as \"id\"; both mean "
            "\"id\")");
}

// A category label cut short is three bytes of UTF-8 a character: too far for the edit distance
// ("学校" is 6 bytes from "学校研修"), so the one label holding it is suggested.
TEST(InputFiles, ALabelCutShortGetsASuggestion) {
  const Ledger ledger = testing::make_ledger(
      dali_policy(), "id\nT1\n",
      std::string(records_header) + "R1,T1,2018-03-01,2,学校\nR2,T1,2018-03-01,2,研修\n");
  EXPECT_THAT(errors(ledger),
              ElementsAre("records.csv:2: error: category: unknown category \"学校\"; did you mean "
                          "\"school\" (学校研修)?",
                          "records.csv:3: error: category: unknown category \"研修\""));
}

TEST(PolicyText, InvalidUtf8AndNulAreRefused) {
  const std::string dali = testing::read_source("examples/policies/dali-2017.json");
  const std::string gb =
      testing::replaced(dali, "\"dali-2017\"", "\"dali-" + chinese_gb18030 + "\"");
  const std::string surrogate = testing::replaced(dali, "\"dali-2017\"", "\"dali-\xED\xA0\x80\"");
  const std::string nul = testing::replaced(dali, "\"dali-2017\"", "\"dali-\\u0000\"");
  for (const std::string& text : {gb, surrogate}) {
    try {
      parse_policy(text, "p.json");
      ADD_FAILURE() << "loaded";
    } catch (const PolicyError& error) {
      EXPECT_THAT(error.what(), HasSubstr("p.json:3: error: the policy is not UTF-8 (byte 0x"));
    }
  }
  try {
    parse_policy(nul, "p.json");
    ADD_FAILURE() << "loaded";
  } catch (const PolicyError& error) {
    EXPECT_THAT(error.what(), HasSubstr("holds a NUL character"));
  }
}

TEST(PolicyText, TooManyCategoriesIsOneError) {
  // 65 categories: the list is refused, and the rules and caps that name a category must not
  // each add an "unknown category" error after it (there were 10 more).
  std::string extra;
  for (int i = 0; i < 60; ++i)
    extra += "{\"id\": \"extra" + std::to_string(i) + "\"}, ";
  const std::string text =
      testing::replaced(testing::read_source("examples/policies/dali-2017.json"),
                        "\"categories\": [", "\"categories\": [" + extra);
  try {
    parse_policy(text, "p.json");
    ADD_FAILURE() << "loaded";
  } catch (const PolicyError& error) {
    ASSERT_EQ(error.diagnostics().size(), 1u) << error.what();
    EXPECT_EQ(to_string(error.diagnostics()[0]),
              "p.json:21: error: categories: at most 64 categories, found 65");
  }
}

}  // namespace
}  // namespace yanxiu
