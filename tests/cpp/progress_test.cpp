// Progress reports: on the calling thread, first done 0 and last done == total, never more than
// ten a second, and results the same with and without them.

#include "util/progress.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/progress.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/synthetic.hpp>

#include "test_support.hpp"
#include "util/parallel.hpp"

namespace yanxiu {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using testing::dali_policy;

struct Seen {
  ProgressReport report;
  std::thread::id thread;
  Clock::time_point at;
};

// Collects every report; `reports` stays valid while the Progress is in use.
Progress recorder(std::vector<Seen>& reports) {
  return [&reports](const ProgressReport& report) {
    reports.push_back({report, std::this_thread::get_id(), Clock::now()});
  };
}

// The contract of one phase's reports: all on `caller`, the first done 0, done never falling,
// the last and only the last with done == total, and at least 100 ms between reports but the
// first and the last.
void expect_phase(const std::vector<Seen>& reports, Phase phase, std::uint64_t total,
                  std::thread::id caller) {
  std::vector<Seen> mine;
  for (const Seen& seen : reports)
    if (seen.report.phase == phase) mine.push_back(seen);
  ASSERT_GE(mine.size(), 2u) << to_string(phase);
  EXPECT_EQ(mine.front().report.done, 0u);
  EXPECT_EQ(mine.back().report.done, total);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    EXPECT_EQ(mine[i].thread, caller);
    EXPECT_EQ(mine[i].report.total, total);
    if (i > 0) {
      EXPECT_GE(mine[i].report.done, mine[i - 1].report.done);
    }
    if (i + 1 < mine.size()) {
      EXPECT_LT(mine[i].report.done, total);
    }
    if (i > 0 && i + 1 < mine.size()) {
      EXPECT_GE(mine[i].at - mine[i - 1].at, milliseconds(99));
    }
  }
}

TEST(ProgressThreads, WorkersCountTheCallerReportsAtMostTenTimesASecond) {
  // Each thread adds its share of 40 units over about 400 ms; with 4 threads the reports come
  // from the waiting caller.
  for (unsigned threads : {1u, 4u}) {
    std::vector<Seen> reports;
    const Progress progress = recorder(reports);
    detail::ProgressMeter meter(progress, Phase::judging, 40);
    detail::on_threads(
        threads,
        [&] {
          for (unsigned i = 0; i < 40 / threads; ++i) {
            std::this_thread::sleep_for(milliseconds(10 * threads));
            meter.add(1);
          }
        },
        [] {}, &meter);
    meter.finish();
    expect_phase(reports, Phase::judging, 40, std::this_thread::get_id());
    EXPECT_GE(reports.size(), 3u) << threads << " threads: 400 ms of work, reported at 100 ms";
  }
}

TEST(ProgressThreads, AnAuditReportsTheTeachersJudgedAndEqualsOneWithout) {
  const Policy policy = dali_policy();
  SyntheticCountyOptions county_options;
  county_options.teachers = 1500;
  const SyntheticCounty county = generate_county(policy, county_options);
  const Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  const Audit without = evaluate(policy, ledger, {std::nullopt, 2});
  for (unsigned threads : {1u, 2u, 8u}) {
    std::vector<Seen> reports;
    AuditOptions options{std::nullopt, threads};
    options.progress = recorder(reports);
    const Audit with = evaluate(policy, ledger, options);
    expect_phase(reports, Phase::judging, 1500, std::this_thread::get_id());
    EXPECT_FALSE(with.options().progress);  // the host's callable is not kept
    EXPECT_EQ(with.columns().teacher, without.columns().teacher);
    EXPECT_EQ(with.columns().credited, without.columns().credited);
    EXPECT_EQ(with.columns().status, without.columns().status);
    EXPECT_EQ(with.disposition_counts(), without.disposition_counts());
  }
}

TEST(ProgressThreads, ReadingTellsTheBytesOfEachFileAndWritingTheRows) {
  const Policy policy = dali_policy();
  SyntheticCountyOptions county_options;
  county_options.teachers = 3000;  // records.csv of several megabytes: two stretches read at once
  const SyntheticCounty county = generate_county(policy, county_options);
  std::vector<Seen> reports;
  LedgerBuilder builder(policy);
  builder.set_progress(recorder(reports));
  builder.read_teachers_text(county.teachers_csv, "teachers.csv");
  builder.read_records_text(county.records_csv, "records.csv");
  const Ledger ledger = builder.build();
  const auto caller = std::this_thread::get_id();
  expect_phase(reports, Phase::reading_teachers, county.teachers_csv.size(), caller);
  expect_phase(reports, Phase::reading_records, county.records_csv.size(), caller);
  expect_phase(reports, Phase::grouping, ledger.records().size(), caller);
  const Ledger plain = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  EXPECT_EQ(ledger.records().size(), plain.records().size());
  EXPECT_EQ(ledger.intake_counts(), plain.intake_counts());
  EXPECT_EQ(ledger.diagnostics().items().size(), plain.diagnostics().items().size());

  const Audit audit = evaluate(policy, ledger);
  reports.clear();
  std::ostringstream with, without;
  write_audit_csv(with, audit, recorder(reports));
  write_audit_csv(without, audit);
  EXPECT_EQ(with.str(), without.str());
  expect_phase(reports, Phase::writing, audit.size(), caller);
}

TEST(ProgressThreads, AnExceptionFromTheCallbackEndsTheCall) {
  const Policy policy = dali_policy();
  SyntheticCountyOptions county_options;
  county_options.teachers = 600;
  const SyntheticCounty county = generate_county(policy, county_options);
  const Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  for (unsigned threads : {1u, 2u}) {
    AuditOptions options{std::nullopt, threads};
    options.progress = [](const ProgressReport& report) {
      if (report.done == report.total) throw std::runtime_error("cancelled");
    };
    EXPECT_THROW(evaluate(policy, ledger, options), std::runtime_error);
  }
}

TEST(Progress, PhasesHaveNames) {
  EXPECT_EQ(to_string(Phase::reading_teachers), "reading teachers");
  EXPECT_EQ(to_string(Phase::reading_records), "reading records");
  EXPECT_EQ(to_string(Phase::grouping), "grouping records");
  EXPECT_EQ(to_string(Phase::judging), "judging");
  EXPECT_EQ(to_string(Phase::writing), "writing");
}

}  // namespace
}  // namespace yanxiu
