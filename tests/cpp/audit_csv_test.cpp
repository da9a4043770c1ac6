// The audit table written on many threads: the same bytes as one row at a time.

#include <algorithm>
#include <gtest/gtest.h>
#include <sstream>

#include <yanxiu/audit_batches.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/synthetic.hpp>
#include <yanxiu/sys/fields.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

// The table as the writer before the threaded one wrote it, a row at a time from the audit's
// accessors: what the threaded writer must give byte for byte.
std::string table_row_by_row(const Audit& audit) {
  std::string text(audit_csv_header);
  text.push_back('\n');
  for (std::size_t i = 0; i < audit.size(); ++i) {
    const AuditRow row = audit.row(i);
    const Period& period = audit.period(row);
    const RuleKind kind = audit.policy().rules()[static_cast<std::size_t>(row.rule)].kind;
    append_csv_field(text, audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)]);
    text.push_back(',');
    append_csv_field(text, audit.rule_id(row));
    text.push_back(',');
    append_csv_field(text, period.label);
    text.push_back(',');
    append_iso(text, period.first_day);
    text.push_back(',');
    append_iso(text, period.last_day);
    for (const Hours amount : {row.required, row.credited, row.shortfall()}) {
      text.push_back(',');
      append_amount(text, kind, amount);
    }
    text.push_back(',');
    text += to_string(row.status);
    text.push_back('\n');
  }
  return text;
}

// Teacher ids T0000001... of the generated county renamed, in both files, to ids a CSV must
// quote (a comma, quotes) or that are Chinese or start like a formula.
std::string renamed(std::string_view csv) {
  std::string out;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const bool at_field = i == 0 || csv[i - 1] == ',' || csv[i - 1] == '\n';
    if (at_field && csv[i] == 'T' && i + 8 <= csv.size() &&
        csv.substr(i + 1, 7).find_first_not_of("0123456789") == std::string_view::npos) {
      const std::string number(csv.substr(i + 1, 7));
      switch (std::stoi(number) % 4) {
        case 0:
          out += "\"教师 \"\"甲\"\", " + number + "\"";
          break;
        case 1:
          out += "王" + number;
          break;
        case 2:
          out += "=T" + number;
          break;
        default:
          out += "T" + number;
      }
      i += 7;
    } else {
      out.push_back(csv[i]);
    }
  }
  return out;
}

TEST(AuditCsv, OnAnyThreadCountTheBytesOfTheRowByRowWriter) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 700;  // about 50,000 rows: several chunks of the threaded writer
  options.invalid_per_10k = 200;
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger ledger =
      testing::make_ledger(policy, renamed(county.teachers_csv), renamed(county.records_csv));
  ASSERT_EQ(ledger.teachers().size(), 700u);
  ASSERT_EQ(ledger.teachers().id[3], "教师 \"甲\", 0000004");
  std::string expected;
  for (const unsigned threads : {1u, 2u, 8u}) {
    AuditOptions audit_options;
    audit_options.threads = threads;
    const Audit audit = evaluate(policy, ledger, audit_options);
    if (expected.empty()) expected = table_row_by_row(audit);
    std::ostringstream out;
    write_audit_csv(out, audit);
    EXPECT_EQ(out.str(), expected) << threads << " threads";
  }
  // 700 teachers x 67 verdicts: three chunks of 16,384 rows for the threads to share.
  EXPECT_EQ(std::count(expected.begin(), expected.end(), '\n'), 1 + 700 * 67);
  EXPECT_NE(expected.find("\n王0000001,"), std::string::npos);
  EXPECT_NE(expected.find("\n=T0000002,"), std::string::npos);
}

// The command line's way: ranges of teachers judged into the same columns and written as they
// come. Their rows, dispositions, counts and table are the whole audit's.
TEST(AuditCsv, TeacherRangesJudgedIntoReusedColumnsAreTheWholeAudit) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 700;
  options.invalid_per_10k = 200;
  options.duplicates_per_10k = 200;
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  AuditOptions audit_options;
  audit_options.threads = 2;
  const Audit whole = evaluate(policy, ledger, audit_options);
  std::ostringstream expected;
  write_audit_csv(expected, whole);

  std::vector<Disposition> dispositions(ledger.records().size());
  AuditColumns rows, all;
  std::ostringstream table;
  table << audit_csv_header << '\n';
  const auto teachers = static_cast<TeacherIndex>(ledger.teachers().size());
  for (TeacherIndex first = 0; first < teachers; first += 97) {  // uneven, the last one short
    evaluate_teachers(policy, ledger, audit_options, first, std::min(teachers, first + 97), rows,
                      dispositions);
    EXPECT_EQ(rows.size(),
              whole.row_begin(std::min(teachers, first + 97)) - whole.row_begin(first));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      all.teacher.push_back(rows.teacher[i]);
      all.rule.push_back(rows.rule[i]);
      all.part.push_back(rows.part[i]);
      all.period_kind.push_back(rows.period_kind[i]);
      all.period.push_back(rows.period[i]);
      all.required.push_back(rows.required[i]);
      all.credited.push_back(rows.credited[i]);
      all.status.push_back(rows.status[i]);
    }
    write_audit_csv_rows(table, policy, ledger, rows, 2);
  }
  const AuditColumns& columns = whole.columns();
  EXPECT_EQ(all.teacher, columns.teacher);
  EXPECT_EQ(all.rule, columns.rule);
  EXPECT_EQ(all.part, columns.part);
  EXPECT_EQ(all.period_kind, columns.period_kind);
  EXPECT_EQ(all.period, columns.period);
  EXPECT_EQ(all.required, columns.required);
  EXPECT_EQ(all.credited, columns.credited);
  EXPECT_EQ(all.status, columns.status);
  EXPECT_TRUE(std::equal(dispositions.begin(), dispositions.end(), whole.dispositions().begin(),
                         whole.dispositions().end()));
  EXPECT_EQ(count_dispositions(ledger, dispositions), whole.disposition_counts());
  EXPECT_GT(whole.disposition_counts()[Disposition::duplicate], 0);
  EXPECT_EQ(table.str(), expected.str());
  EXPECT_EQ(decision_record(policy, audit_options).to_string(), decision_record(whole).to_string());
}

TEST(AuditCsv, ATeacherRangeOutsideTheLedgerOrTooFewDispositionsAreRefused) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 5;
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  std::vector<Disposition> dispositions(ledger.records().size());
  AuditColumns rows;
  EXPECT_THROW(evaluate_teachers(policy, ledger, {}, 3, 6, rows, dispositions),
               std::invalid_argument);
  EXPECT_THROW(evaluate_teachers(policy, ledger, {}, 3, 2, rows, dispositions),
               std::invalid_argument);
  std::vector<Disposition> too_few(ledger.records().size() - 1);
  EXPECT_THROW(evaluate_teachers(policy, ledger, {}, 0, 5, rows, too_few), std::invalid_argument);
  evaluate_teachers(policy, ledger, {}, 5, 5, rows, dispositions);  // none: no rows
  EXPECT_EQ(rows.size(), 0u);
}

}  // namespace
}  // namespace yanxiu
