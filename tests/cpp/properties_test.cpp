// Properties of the audit on generated counties (synthetic.hpp), for each shipped policy and a
// few seeds: every record row ends in exactly one disposition; the audit does not depend on the
// thread count or on the order of the input rows; a record added can only lower a shortfall; a
// policy written back out (its canonical JSON) and loaded again gives the same audit.
// Audit.ResultDoesNotDependOnThreadCount covers threads on one large county; these cover every
// policy on small ones.

#include <algorithm>
#include <filesystem>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <yanxiu/yanxiu.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::make_ledger;
using testing::source_path;

constexpr std::uint64_t seeds[] = {1, 7, 2026};

std::vector<Policy> shipped_policies() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/policies"))) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Policy> policies;
  for (const auto& file : files)
    policies.push_back(load_policy(file));
  return policies;
}

SyntheticCounty county(const Policy& policy, std::uint64_t seed, std::int64_t teachers = 60) {
  SyntheticCountyOptions options;
  options.teachers = teachers;
  options.seed = seed;
  // Many anomalies, so that every disposition has rows to count.
  options.duplicates_per_10k = 300;
  options.invalid_per_10k = 300;
  options.uncertified_per_10k = 500;
  options.outside_per_10k = 300;
  return generate_county(policy, options);
}

/// The audit keyed by what a row is about, not where it stands: teacher id, rule, part, period.
using Verdicts = std::map<std::tuple<std::string, std::string, int, std::string>,
                          std::tuple<std::int64_t, std::int64_t, Status>>;

Verdicts verdicts(const Audit& audit) {
  Verdicts out;
  const AuditColumns& columns = audit.columns();
  for (std::size_t i = 0; i < audit.size(); ++i) {
    const AuditRow row = audit.row(i);
    const auto key =
        std::tuple{std::string(audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)]),
                   audit.rule_id(row), int{row.part}, audit.period(row).label};
    EXPECT_TRUE(
        out.emplace(key, std::tuple{columns.required[i], columns.credited[i], columns.status[i]})
            .second);
  }
  return out;
}

/// Each record id with the dispositions of its rows, sorted (duplicates share an id).
std::map<std::string, std::vector<Disposition>> dispositions_by_id(const Audit& audit) {
  std::map<std::string, std::vector<Disposition>> out;
  const RecordColumns& records = audit.ledger().records();
  for (std::size_t r = 0; r < records.size(); ++r)
    out[std::string(records.id[r])].push_back(audit.dispositions()[r]);
  for (auto& [id, list] : out)
    std::sort(list.begin(), list.end());
  return out;
}

/// The CSV text with its data rows in a shuffled order, the header first.
std::string shuffled_rows(const std::string& csv, std::mt19937_64& random) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < csv.size()) {
    const std::size_t end = csv.find('\n', begin);
    lines.push_back(csv.substr(begin, end - begin));
    begin = end == std::string::npos ? csv.size() : end + 1;
  }
  std::shuffle(lines.begin() + 1, lines.end(), random);
  std::string out;
  for (const auto& line : lines)
    out += line + "\n";
  return out;
}

TEST(Properties, EveryRecordRowEndsInExactlyOneDisposition) {
  for (const Policy& policy : shipped_policies()) {
    for (const std::uint64_t seed : seeds) {
      SCOPED_TRACE(policy.id() + " seed " + std::to_string(seed));
      const SyntheticCounty generated = county(policy, seed);
      const Ledger ledger = make_ledger(policy, generated.teachers_csv, generated.records_csv);
      const Audit audit = evaluate(policy, ledger, {std::nullopt, 1});
      const DispositionCounts& counts = audit.disposition_counts();
      EXPECT_EQ(counts.total(), generated.record_rows);
      EXPECT_EQ(ledger.intake_counts().total(), generated.record_rows);
      // The rows the ledger holds have one disposition each; the rest were rejected at intake.
      ASSERT_EQ(audit.dispositions().size(), ledger.records().size());
      DispositionCounts recount;
      for (const Disposition d : audit.dispositions())
        ++recount[d];
      recount[Disposition::invalid] += ledger.intake_counts()[Disposition::invalid];
      EXPECT_EQ(recount, counts);
      EXPECT_GT(counts[Disposition::invalid], 0);
      EXPECT_GT(counts[Disposition::duplicate], 0);
    }
  }
}

TEST(Properties, AuditIsTheSameOn1_2And8Threads) {
  for (const Policy& policy : shipped_policies()) {
    SCOPED_TRACE(policy.id());
    // More teachers than one block, so that 8 threads share the work.
    const SyntheticCounty generated = county(policy, 11, 600);
    const Ledger ledger = make_ledger(policy, generated.teachers_csv, generated.records_csv);
    const Audit one = evaluate(policy, ledger, {std::nullopt, 1});
    const auto expected = verdicts(one);
    for (const unsigned threads : {2u, 8u}) {
      const Audit many = evaluate(policy, ledger, {std::nullopt, threads});
      EXPECT_EQ(verdicts(many), expected) << threads << " threads";
      EXPECT_TRUE(std::equal(many.dispositions().begin(), many.dispositions().end(),
                             one.dispositions().begin(), one.dispositions().end()));
    }
  }
}

TEST(Properties, ReorderingTheInputRowsChangesNothing) {
  for (const Policy& policy : shipped_policies()) {
    for (const std::uint64_t seed : seeds) {
      SCOPED_TRACE(policy.id() + " seed " + std::to_string(seed));
      const SyntheticCounty generated = county(policy, seed);
      const Audit audit =
          evaluate(policy, make_ledger(policy, generated.teachers_csv, generated.records_csv),
                   {std::nullopt, 1});
      std::mt19937_64 random(seed);
      const Audit reordered =
          evaluate(policy,
                   make_ledger(policy, shuffled_rows(generated.teachers_csv, random),
                               shuffled_rows(generated.records_csv, random)),
                   {std::nullopt, 1});
      EXPECT_EQ(verdicts(reordered), verdicts(audit));
      EXPECT_EQ(dispositions_by_id(reordered), dispositions_by_id(audit));
      EXPECT_EQ(reordered.disposition_counts(), audit.disposition_counts());
    }
  }
}

TEST(Properties, ACreditedRecordAddedNeverRaisesAShortfall) {
  for (const Policy& policy : shipped_policies()) {
    if (policy.rules().empty()) continue;
    for (const std::uint64_t seed : seeds) {
      SCOPED_TRACE(policy.id() + " seed " + std::to_string(seed));
      const SyntheticCounty generated = county(policy, seed, 30);
      const Audit before =
          evaluate(policy, make_ledger(policy, generated.teachers_csv, generated.records_csv),
                   {std::nullopt, 1});
      const auto old_verdicts = verdicts(before);
      // One certified record per teacher, of a random category, day in the cycle and hours.
      std::mt19937_64 random(seed);
      const Calendar& calendar = policy.calendar();
      const TeacherColumns& teachers = before.ledger().teachers();
      std::string added = generated.records_csv;
      for (std::size_t t = 0; t < teachers.size(); ++t) {
        const auto category = policy.categories()[random() % policy.categories().size()].id;
        const DayNumber first = calendar.cycle().first_day, last = calendar.cycle().last_day;
        const DayNumber day = first + static_cast<DayNumber>(random() % (last - first + 1));
        added += "ADDED" + std::to_string(t) + "," + std::string(teachers.id[t]) + "," +
                 day_to_iso(day) + "," + std::to_string(1 + random() % 40) + "," + category + "\n";
      }
      const Audit after =
          evaluate(policy, make_ledger(policy, generated.teachers_csv, added), {std::nullopt, 1});
      const auto new_verdicts = verdicts(after);
      ASSERT_EQ(new_verdicts.size(), old_verdicts.size());
      for (const auto& [key, verdict] : new_verdicts) {
        const auto& [required, credited, status] = verdict;
        const auto& [old_required, old_credited, old_status] = old_verdicts.at(key);
        const auto shortfall = [](std::int64_t need, std::int64_t have, Status s) {
          return s == Status::short_ ? need - have : 0;
        };
        EXPECT_LE(shortfall(required, credited, status),
                  shortfall(old_required, old_credited, old_status))
            << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<3>(key);
      }
    }
  }
}

TEST(Properties, APolicyWrittenOutAndLoadedAgainGivesTheSameAudit) {
  for (const Policy& policy : shipped_policies()) {
    SCOPED_TRACE(policy.id());
    const Policy again = parse_policy(policy.canonical_json(), policy.id() + " (written out)");
    EXPECT_EQ(again.digest(), policy.digest());
    EXPECT_EQ(again.canonical_json(), policy.canonical_json());
    const SyntheticCounty generated = county(policy, seeds[0]);
    const Audit audit =
        evaluate(policy, make_ledger(policy, generated.teachers_csv, generated.records_csv));
    const Audit audit_again =
        evaluate(again, make_ledger(again, generated.teachers_csv, generated.records_csv));
    EXPECT_EQ(verdicts(audit_again), verdicts(audit));
    EXPECT_EQ(audit_again.disposition_counts(), audit.disposition_counts());
  }
}

}  // namespace
}  // namespace yanxiu
