// Policy sets (effective dates) and replays as of a day (recorded_at). The county of
// tests/policies/county-plans/: a plan of 60 h a year and 200 a cycle from 2019-09-01, revised
// from 2021-09-01 to 50 h a year and 180 a cycle; the golden scenarios there hold the numbers of
// its audit, worked by hand. These tests hold the loading, the choice of versions and the
// accounting of rows.

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include <yanxiu/explain.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/session.hpp>
#include <yanxiu/set_audit.hpp>
#include <yanxiu/synthetic.hpp>
#include <yanxiu/sys/intake.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::find_row;
using testing::h;
using testing::make_ledger;
using testing::read_source;
using testing::replaced;
using testing::source_path;

const std::string plans = "tests/policies/county-plans/";

DayNumber day(const char* iso) {
  return *parse_day(iso);
}

/// A directory of its own per test, holding files written into it.
class SetFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ =
        std::filesystem::path(::testing::TempDir()) / (std::string("yanxiu-set-") + info->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    for (const char* policy : {"county-2019.json", "county-2021.json"})
      write(policy, read_source(plans + policy));
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name, std::ios::binary) << text;
    return directory_ / name;
  }

  /// Loads the set `text` expecting an error at `line` saying `words`.
  void expect_error(const std::string& text, int line, const std::string& words) {
    try {
      load_policy_set(write("set.json", text));
      ADD_FAILURE() << "no error; expected " << words;
    } catch (const PolicyError& error) {
      bool found = false;
      for (const auto& d : error.diagnostics())
        found = found || (d.line == line && d.message.find(words) != std::string::npos);
      EXPECT_TRUE(found) << "expected line " << line << ": " << words << "\n" << error.what();
    }
  }

  std::filesystem::path directory_;
};

const std::string set_text = R"({
  "format": "yanxiu-policy-set/1",
  "id": "county",
  "versions": [
    {"policy": "county-2019.json", "effective": "2019-09-01"},
    {"policy": "county-2021.json", "effective": "2021-09-01"}
  ]
})";

TEST_F(SetFiles, EachDayHasTheVersionEffectiveLastOnOrBeforeIt) {
  const PolicySet set = load_policy_set(write("set.json", set_text));
  ASSERT_EQ(set.versions().size(), 2u);
  EXPECT_EQ(set.versions()[1].policy.id(), "county-2021");
  EXPECT_EQ(set.in_force_on(), InForceOn::period_end);
  EXPECT_EQ(set.in_force(day("2019-08-31")), std::nullopt);
  EXPECT_EQ(set.in_force(day("2019-09-01")), 0u);
  EXPECT_EQ(set.in_force(day("2021-08-31")), 0u);
  EXPECT_EQ(set.in_force(day("2021-09-01")), 1u);
  EXPECT_EQ(set.in_force(day("2099-01-01")), 1u);
}

TEST_F(SetFiles, APeriodIsJudgedOnItsLastDayOrTheAsOfDayOrItsFirstDay) {
  const PolicySet set = load_policy_set(write("set.json", set_text));
  const auto& cycle = set.versions()[0].policy.calendar().periods(PeriodKind::cycle).front();
  // The cycle 2019-09-01..2022-08-31 falls due under the revision; as of 2021-06-30 the first
  // plan was in force.
  EXPECT_EQ(set.judging(cycle, std::nullopt), 1u);
  EXPECT_EQ(set.judging(cycle, Date(2021, 6, 30)), 0u);
  const PolicySet by_start = load_policy_set(
      write("start.json", replaced(set_text, R"("id": "county",)",
                                   R"("id": "county", "in_force_on": "period_start",)")));
  EXPECT_EQ(by_start.judging(cycle, std::nullopt), 0u);
}

TEST_F(SetFiles, ErrorsPointAtTheirLine) {
  expect_error(replaced(set_text, "\"effective\": \"2021-09-01\"", "\"effective\": \"2019-01-01\""),
               6, "is not after the version before it (2019-09-01)");
  expect_error(replaced(set_text, "\"versions\"", "\"version\""), 4,
               "unknown key; did you mean \"versions\"?");
  expect_error(replaced(set_text, "2021-09-01", "2021-09-31"), 6, "is not a date");
  expect_error(replaced(set_text, "county-2021.json", "county-2019.json"), 6,
               "a second version with the policy id \"county-2019\"");
  expect_error(replaced(set_text, R"("id": "county",)", R"("id": "county", "in_force_on": "end",)"),
               3, "expected \"period_end\" or \"period_start\"");
  expect_error(replaced(set_text, "yanxiu-policy-set/1", "yanxiu-policy/1"), 2,
               "expected \"yanxiu-policy-set/1\"");
  expect_error(replaced(set_text, "county-2021.json", "missing.json"), 0,
               "cannot open the policy file");
}

TEST_F(SetFiles, AVersionsOwnErrorsNameItsFileAndLine) {
  write("county-2021.json",
        replaced(read_source(plans + "county-2021.json"), "\"min\": 50", "\"minimum\": 50"));
  try {
    load_policy_set(write("set.json", set_text));
    FAIL() << "no error";
  } catch (const PolicyError& error) {
    EXPECT_NE(error.file().find("county-2021.json"), std::string::npos) << error.what();
    EXPECT_EQ(error.line(), 16) << error.what();
  }
}

TEST_F(SetFiles, TheDigestNamesTheVersionsByContentNotByPath) {
  const std::string digest = load_policy_set(write("set.json", set_text)).digest();
  EXPECT_EQ(digest.size(), 64u);
  // Elsewhere, re-indented, keys in another order: the same set.
  std::filesystem::create_directories(directory_ / "moved");
  for (const char* policy : {"county-2019.json", "county-2021.json"})
    std::filesystem::copy_file(directory_ / policy, directory_ / "moved" / policy);
  const std::string moved =
      R"({"versions": [{"effective": "2019-09-01", "policy": "moved/county-2019.json"},
    {"effective": "2021-09-01", "policy": "moved/county-2021.json"}], "id": "county",
    "format": "yanxiu-policy-set/1"})";
  EXPECT_EQ(load_policy_set(write("moved.json", moved)).digest(), digest);
  EXPECT_NE(
      load_policy_set(write("later.json", replaced(set_text, "2021-09-01", "2021-09-02"))).digest(),
      digest);
  write("county-2021.json",
        replaced(read_source(plans + "county-2021.json"), "\"min\": 50", "\"min\": 51"));
  EXPECT_NE(load_policy_set(write("set.json", set_text)).digest(), digest);
}

/// Verdicts keyed by teacher, rule and period: (required, credited, status).
using Verdicts = std::map<std::tuple<std::string, std::string, std::string>,
                          std::tuple<std::int64_t, std::int64_t, Status>>;

void add_verdict(Verdicts& out, const Audit& audit, std::size_t i) {
  const AuditRow row = audit.row(i);
  const auto key =
      std::tuple{std::string(audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)]),
                 audit.rule_id(row), audit.period(row).label};
  EXPECT_TRUE(
      out.emplace(key, std::tuple{row.required.hundredths(), row.credited.hundredths(), row.status})
          .second)
      << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key);
}

// Dali's plan with its year minimum lowered from 60 to 50 from 2019-09-01, on generated
// counties with many bad rows: each verdict is the plan's when its period ends before that day
// and the revision's otherwise, every verdict of the plan's calendar appears once, and every
// row is counted once. A set of the plan alone is the plan's audit.
TEST_F(SetFiles, OnGeneratedCountiesEachPeriodFallsToTheVersionInForceWhenItEnds) {
  const std::string dali = read_source("examples/policies/dali-2017.json");
  write("dali-2017.json", dali);
  write("dali-revised.json",
        replaced(replaced(dali, R"("id": "dali-2017")", R"("id": "dali-revised")"),
                 R"("period": "academic_year",
      "min": 60)",
                 R"("period": "academic_year",
      "min": 50)"));
  const PolicySet revised = load_policy_set(write("set.json", R"({"format": "yanxiu-policy-set/1",
    "id": "dali", "versions": [{"policy": "dali-2017.json", "effective": "2017-09-01"},
                               {"policy": "dali-revised.json", "effective": "2019-09-01"}]})"));
  const PolicySet alone = load_policy_set(write("alone.json", R"({"format": "yanxiu-policy-set/1",
    "id": "dali", "versions": [{"policy": "dali-2017.json", "effective": "2000-01-01"}]})"));
  const DayNumber revision = day("2019-09-01");
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SyntheticCountyOptions options;
    options.teachers = 80;
    options.seed = seed;
    options.duplicates_per_10k = 300;
    options.invalid_per_10k = 300;
    options.outside_per_10k = 300;
    const SyntheticCounty county = generate_county(revised.versions()[0].policy, options);
    auto read = [&](const Policy& policy) {
      return make_ledger(policy, county.teachers_csv, county.records_csv);
    };
    const SetAudit audit = evaluate(revised, read);
    Verdicts kept, expected, plan;
    for (const SetAuditRow& row : audit.rows())
      add_verdict(kept, audit.audit(row.version), row.row);
    for (std::size_t v = 0; v < 2; ++v) {
      const Audit& version = audit.audit(v);
      for (std::size_t i = 0; i < version.size(); ++i) {
        const bool ends_before = version.period(version.row(i)).last_day < revision;
        if (ends_before == (v == 0)) add_verdict(expected, version, i);
      }
    }
    EXPECT_EQ(kept, expected) << "seed " << seed;
    EXPECT_EQ(kept.size(), audit.audit(0).size()) << "seed " << seed;
    // The revision changes a minimum, not what a record earns: the plan's dispositions.
    EXPECT_EQ(audit.disposition_counts(), audit.audit(0).disposition_counts());
    EXPECT_EQ(audit.disposition_counts().total(), county.record_rows);
    // Without judging anyone, the same ledgers say the same of the input.
    std::vector<Ledger> ledgers;
    for (const PolicyVersion& version : revised.versions())
      ledgers.push_back(read(version.policy));
    const SetIntake intake = settle_intake(revised, ledgers);
    EXPECT_EQ(intake.record_rows, county.record_rows);
    EXPECT_EQ(intake.invalid_records, audit.disposition_counts()[Disposition::invalid]);
    std::vector<std::string> said, settled;
    for (const auto& d : audit.diagnostics().items())
      said.push_back(to_string(d));
    for (const auto& d : intake.diagnostics.items())
      settled.push_back(to_string(d));
    EXPECT_EQ(settled, said) << "seed " << seed;

    const SetAudit one = evaluate(alone, read);
    const Audit& only = one.audit(0);
    for (std::size_t i = 0; i < only.size(); ++i)
      add_verdict(plan, only, i);
    Verdicts from_set;
    for (const SetAuditRow& row : one.rows())
      add_verdict(from_set, one.audit(row.version), row.row);
    EXPECT_EQ(from_set, plan);
    EXPECT_EQ(one.diagnostics().items().size(), only.ledger().diagnostics().items().size());
  }
}

// A single policy is a set of one version (load_policy_or_set): on the Dali demo county with
// bad rows, as of no day, mid-cycle and before the cycle, its set audit writes its plain audit
// byte for byte (CSV, JSON, decision record) and says the same of the input.
TEST_F(SetFiles, ASinglePolicyIsASetOfOneVersionWrittenAsItsPlainAudit) {
  const auto path = source_path("examples/policies/dali-2017.json");
  const PolicySet set = load_policy_or_set(path);
  ASSERT_TRUE(set.is_single_policy());
  ASSERT_EQ(set.versions().size(), 1u);
  const Policy& policy = set.versions()[0].policy;
  EXPECT_EQ(policy.digest(), load_policy(path).digest());
  EXPECT_EQ(set.id(), "dali-2017");
  EXPECT_EQ(to_iso(set.versions()[0].effective), "2017-09-01");  // the cycle's start
  // No other version to defer to: in force before its cycle too.
  EXPECT_EQ(set.in_force(day("1990-01-01")), 0u);
  EXPECT_FALSE(load_policy_or_set(source_path(plans + "county.set.json")).is_single_policy());

  SyntheticCountyOptions county_options;
  county_options.teachers = 200;
  county_options.invalid_per_10k = 300;
  county_options.duplicates_per_10k = 300;
  const SyntheticCounty county = generate_county(policy, county_options);
  auto read = [&](const Policy& version) {
    return make_ledger(version, county.teachers_csv, county.records_csv);
  };
  // Before the cycle the audit has no verdicts, only its counts and messages.
  for (const char* as_of : {"", "2019-03-01", "2016-01-01"}) {
    AuditOptions options;
    if (*as_of) options.as_of = parse_date(as_of);
    const Audit plain = evaluate(policy, read(policy), options);
    const SetAudit one = evaluate(set, read, options);
    EXPECT_EQ(plain.size() > 1000u, std::string(as_of) != "2016-01-01") << as_of;
    std::ostringstream plain_csv, set_csv, plain_json, set_json, plain_record, set_record;
    write_audit_csv(plain_csv, plain);
    write_set_audit_csv(set_csv, one);
    EXPECT_EQ(set_csv.str(), plain_csv.str()) << as_of;
    write_audit_json(plain_json, plain);
    write_set_audit_json(set_json, one);
    EXPECT_EQ(set_json.str(), plain_json.str()) << as_of;
    write_audit_record_json(plain_record, plain, "audit.csv");
    write_audit_record_json(set_record, one, "audit.csv");
    EXPECT_EQ(set_record.str(), plain_record.str()) << as_of;
    EXPECT_EQ(one.disposition_counts(), plain.disposition_counts()) << as_of;
    EXPECT_GT(plain.disposition_counts()[Disposition::invalid], 0) << as_of;
    std::vector<std::string> plain_words, set_words;
    for (const Diagnostic& d : plain.ledger().diagnostics().items())
      plain_words.push_back(to_string(d));
    for (const Diagnostic& d : one.diagnostics().items())
      set_words.push_back(to_string(d));
    EXPECT_EQ(set_words, plain_words) << as_of;
    EXPECT_EQ(one.diagnostics().warning_count(), plain.ledger().diagnostics().warning_count());
  }
}

// A directory given as a policy is refused by the library in the command line's words.
TEST(PolicySetFile, ADirectoryIsNotAPolicy) {
  const std::filesystem::path directory = source_path(plans.substr(0, plans.size() - 1));
  for (auto load : {+[](const std::filesystem::path& p) { load_policy_or_set(p); },
                    +[](const std::filesystem::path& p) { load_policy_set(p); },
                    +[](const std::filesystem::path& p) { load_policy(p); }}) {
    try {
      load(directory);
      ADD_FAILURE() << "no error";
    } catch (const PolicyError& error) {
      EXPECT_EQ(to_string(error.diagnostics().front()),
                directory.string() + ": error: is a directory, not a file");
    }
  }
}

TEST(PolicySetFile, IsToldFromAPolicyByItsFormat) {
  EXPECT_TRUE(is_policy_set_file(source_path(plans + "county.set.json")));
  EXPECT_FALSE(is_policy_set_file(source_path(plans + "county-2019.json")));
  EXPECT_FALSE(is_policy_set_file(source_path(plans + "no-such-file.json")));
}

SetAudit county_audit(const AuditOptions& options = {}) {
  return evaluate(load_policy_set(source_path(plans + "county.set.json")),
                  source_path(plans + "teachers.csv"), source_path(plans + "records.csv"), options);
}

TEST(SetAudit, KeepsEachVerdictOnceFromTheVersionInForce) {
  const SetAudit audit = county_audit();
  // Two teachers, each with three years and the cycle, each judged by one version only.
  ASSERT_EQ(audit.rows().size(), 8u);
  std::map<std::string, std::string> judged_by;
  for (const SetAuditRow& row : audit.rows()) {
    const Audit& version = audit.audit(row.version);
    const AuditRow verdict = version.row(row.row);
    const std::string key =
        std::string(version.ledger().teachers().id[static_cast<std::size_t>(verdict.teacher)]) +
        " " + version.rule_id(verdict) + " " + version.period(verdict).label;
    EXPECT_TRUE(judged_by.emplace(key, version.policy().id()).second) << key;
  }
  EXPECT_EQ(judged_by["T1 year 2020-2021"], "county-2019");
  EXPECT_EQ(judged_by["T1 year 2021-2022"], "county-2021");
  EXPECT_EQ(judged_by["T2 cycle cycle"], "county-2021");
  // The first version's audit alone would have judged the cycle by 200.
  EXPECT_EQ(find_row(audit.audit(0), "T1", "cycle", "cycle")->required, h(20000));
}

TEST(SetAudit, EveryRecordRowEndsInOneDisposition) {
  const SetAudit audit = county_audit();
  // 8 rows: 6 credited; B4 (holiday, dated under the first plan, which has no such category) and
  // B5 (negative hours) invalid.
  EXPECT_EQ(audit.disposition_counts().total(), 8);
  EXPECT_EQ(audit.disposition_counts()[Disposition::credited], 6);
  EXPECT_EQ(audit.disposition_counts()[Disposition::invalid], 2);
  std::vector<std::string> messages;
  for (const auto& d : audit.diagnostics().items())
    messages.push_back(to_string(d));
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(messages[0].find("records.csv:8: error: category: unknown category \"holiday\""),
            std::string::npos);
  EXPECT_NE(messages[1].find("records.csv:8: warning: category: county-2021 reads the row"),
            std::string::npos);
  EXPECT_NE(messages[2].find("records.csv:9: error: hours: -5.00 is negative"), std::string::npos);
}

TEST(SetAudit, TheSameOnAnyThreadCount) {
  AuditOptions one, many;
  one.threads = 1;
  many.threads = 8;
  std::ostringstream a, b;
  write_set_audit_csv(a, county_audit(one));
  write_set_audit_csv(b, county_audit(many));
  EXPECT_EQ(a.str(), b.str());
}

TEST(SetAudit, TheTableNamesTheVersionOfEachRowAndTheRecordNamesTheSet) {
  const SetAudit audit = county_audit();
  std::ostringstream csv;
  write_set_audit_csv(csv, audit);
  EXPECT_EQ(csv.str().substr(0, csv.str().find('\n')), std::string(audit_csv_header) + ",policy");
  EXPECT_NE(csv.str().find("\nT1,cycle,cycle,2019-09-01,2022-08-31,180.00,165.00,15.00,short,"
                           "county-2021\n"),
            std::string::npos);
  const auto lines = decision_record_lines(audit);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].find("yanxiu-audit/1 engine "), 0u);
  EXPECT_NE(lines[0].find(" policy-set county sha256 " + audit.policy_set().digest() +
                          " as_of - basis certified"),
            std::string::npos);
  EXPECT_EQ(lines[2], "version county-2021 sha256 " +
                          audit.policy_set().versions()[1].policy.digest() +
                          " effective 2021-09-01");
  std::ostringstream json;
  write_set_audit_json(json, audit);
  EXPECT_NE(json.str().find("\"in_force_on\": \"period_end\""), std::string::npos);
  EXPECT_NE(json.str().find("\"status\": \"short\", \"policy\": \"county-2021\"}"),
            std::string::npos);
}

TEST(SetAudit, ExplainsATeacherUnderEachVersionWithItsOwnPeriods) {
  const auto explanations = explain(county_audit(), "T1");
  ASSERT_EQ(explanations.size(), 2u);
  EXPECT_EQ(explanations[0].policy.id(), "county-2019");
  EXPECT_EQ(explanations[0].verdicts.size(), 2u);  // the years 2019-2020 and 2020-2021
  EXPECT_EQ(explanations[1].verdicts.size(), 2u);  // the year 2021-2022 and the cycle
  EXPECT_TRUE(explain(county_audit(), "T9").empty());
}

// `yanxiu explain` judges the one teacher: from the ledgers alone, the explanations of the set
// audit and what it says of the input (8 rows; B4, a holiday dated under the first plan, which
// has no such category, and B5, negative hours, invalid).
TEST(SetAudit, ExplainsATeacherAndSettlesTheIntakeFromTheLedgersAlone) {
  const PolicySet set = load_policy_set(source_path(plans + "county.set.json"));
  std::vector<Ledger> ledgers;
  for (const PolicyVersion& version : set.versions())
    ledgers.push_back(read_ledger(version.policy, source_path(plans + "teachers.csv"),
                                  source_path(plans + "records.csv")));
  const auto explanations = explain(set, ledgers, "T1");
  const auto from_audit = explain(county_audit(), "T1");
  ASSERT_EQ(explanations.size(), 2u);
  ASSERT_EQ(from_audit.size(), 2u);
  for (std::size_t v = 0; v < 2; ++v) {
    EXPECT_EQ(explanations[v].policy.id(), from_audit[v].policy.id());
    EXPECT_EQ(explanations[v].verdicts.size(), 2u);
    EXPECT_EQ(explanations[v].to_text(), from_audit[v].to_text());
  }
  EXPECT_TRUE(explain(set, ledgers, "T9").empty());

  const SetIntake intake = settle_intake(set, ledgers);
  EXPECT_EQ(intake.record_rows, 8);
  EXPECT_EQ(intake.invalid_records, 2);
  ASSERT_EQ(intake.diagnostics.items().size(), 3u);
  EXPECT_NE(to_string(intake.diagnostics.items()[1]).find("county-2021 reads the row"),
            std::string::npos);

  // Ledgers read with other policies than the versions' are refused, as evaluate() refuses them.
  const std::vector<Ledger> swapped{ledgers[1], ledgers[0]};
  EXPECT_THROW(explain(set, swapped, "T1"), std::invalid_argument);
  EXPECT_THROW(settle_intake(set, std::span<const Ledger>(ledgers).first(1)),
               std::invalid_argument);
}

// --- recorded_at ------------------------------------------------------------------------------

const char* const one_teacher = "id,school\nT1,S01\n";

Policy plan_2019() {
  return load_policy(source_path(plans + "county-2019.json"));
}

TEST(RecordedAt, ARecordEnteredAfterTheAsOfDayIsOutsideThen) {
  const Policy policy = plan_2019();
  const Ledger ledger = make_ledger(policy, one_teacher,
                                    "id,teacher_id,date,hours,category,recorded_at\n"
                                    "R1,T1,2020-10-10,55,school,2021-07-15\n"
                                    "R2,T1,2020-11-10,5,school,\n");
  AuditOptions before, after;
  before.as_of = Date(2021, 7, 14);
  after.as_of = Date(2021, 7, 15);
  // 2020-2021 as of 2021-07-14: R1 was not yet entered, so 5 of 60; a day later 60 of 60.
  const Audit then = evaluate(policy, ledger, before);
  EXPECT_EQ(find_row(then, "T1", "year", "2020-2021")->credited, h(500));
  EXPECT_EQ(then.disposition_counts()[Disposition::outside], 1);
  EXPECT_EQ(find_row(evaluate(policy, ledger, after), "T1", "year", "2020-2021")->credited,
            h(6000));
  // Without an as-of day, every record entered counts.
  EXPECT_EQ(find_row(evaluate(policy, ledger), "T1", "year", "2020-2021")->credited, h(6000));
  const std::string text = explain(policy, ledger, 0, before).to_text();
  EXPECT_NE(text.find("outside: recorded 2021-07-15, after the as-of date"), std::string::npos)
      << text;
}

TEST(RecordedAt, ABadDayIsRejectedAtItsLine) {
  const Policy policy = plan_2019();
  const Ledger ledger = make_ledger(policy, one_teacher,
                                    "id,teacher_id,date,hours,category,recorded_at\n"
                                    "R1,T1,2020-10-10,5,school,2021-13-01\n"
                                    "R2,T1,2020-10-11,5,school,2999-01-01\n");
  ASSERT_EQ(ledger.diagnostics().items().size(), 2u);
  EXPECT_EQ(to_string(ledger.diagnostics().items()[0]),
            "records.csv:2: error: recorded_at: \"2021-13-01\" is not a date (YYYY-MM-DD, years "
            "1900..2200)");
  EXPECT_EQ(ledger.diagnostics().items()[1].path, "recorded_at");
  EXPECT_EQ(ledger.diagnostics().items()[1].line, 3);
  EXPECT_EQ(ledger.intake_counts()[Disposition::invalid], 2);
}

TEST(RecordedAt, RowValuesAndTheSessionHonourItAsTheCsvDoes) {
  const Policy policy = plan_2019();
  AuditOptions options;
  options.as_of = Date(2021, 6, 30);
  std::array<RecordRow, 2> rows;
  rows[0].id = "R1";
  rows[0].teacher_id = "T1";
  rows[0].start_day = day("2020-10-10");
  rows[0].recorded_day = day("2021-07-15");
  rows[0].hours = h(5500);
  rows[0].category = "school";
  rows[1].id = "R2";
  rows[1].teacher_id = "T1";
  rows[1].start_day = day("2020-11-10");
  rows[1].hours = h(500);
  rows[1].category = "school";
  TeacherRow teacher;
  teacher.id = "T1";
  TeacherSession session(policy, options);
  const Audit audit = session.evaluate(teacher, rows);
  EXPECT_EQ(find_row(audit, "T1", "year", "2020-2021")->credited, h(500));
  EXPECT_EQ(audit.disposition_counts()[Disposition::outside], 1);

  // The columns the C ABI and numpy pass.
  const char* ids[] = {"R1", "R2"};
  const char* teachers[] = {"T1", "T1"};
  const DayNumber starts[] = {day("2020-10-10"), day("2020-11-10")};
  const DayNumber recorded[] = {day("2021-07-15"), no_day};
  const std::int64_t hours[] = {5500, 500};
  const char* categories[] = {"school", "school"};
  RecordArrays arrays;
  arrays.count = 2;
  arrays.id = ids;
  arrays.teacher_id = teachers;
  arrays.start_day = starts;
  arrays.recorded_day = recorded;
  arrays.hours = hours;
  arrays.category_id = categories;
  for (bool through_session : {false, true}) {
    std::optional<Audit> judged;
    if (through_session) {
      TeacherSession arrays_session(policy, options);
      arrays_session.add_teacher(teacher, {arrays_session.add_source("t"), 1});
      arrays_session.add_records(arrays, {arrays_session.add_source("r"), 1});
      judged = arrays_session.evaluate();
    } else {
      LedgerBuilder builder(policy);
      builder.add_teacher(teacher, {builder.add_source("t"), 1});
      builder.add_records(arrays, {builder.add_source("r"), 1});
      judged = evaluate(policy, builder.build(), options);
    }
    EXPECT_EQ(find_row(*judged, "T1", "year", "2020-2021")->credited, h(500)) << through_session;
  }
}

}  // namespace
}  // namespace yanxiu
