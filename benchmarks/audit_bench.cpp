// The bulk path on synthetic counties shaped like Dali's (about 60 records per teacher over the
// five-year cycle): the full audit at 10,000, 100,000 and 1,000,000 teachers on 1 and 2
// threads, the audit table written as CSV, CSV ingest, policy load, the incremental recompute of 1
// % of a county, and the audit under a policy set of two versions.
//
// Counties are generated once per size and kept for the whole run (the 1,000,000-teacher ledger
// takes some 20 seconds and 6 GB); the audit benchmarks then time evaluate() alone.

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include <yanxiu/yanxiu.hpp>

namespace {

const char* const dali_path = YANXIU_SOURCE_DIR "/examples/policies/dali-2017.json";

const yanxiu::Policy& dali() {
  static const yanxiu::Policy policy = yanxiu::load_policy(dali_path);
  return policy;
}

yanxiu::SyntheticCountyOptions of_size(std::int64_t teachers) {
  yanxiu::SyntheticCountyOptions options;
  options.teachers = teachers;
  return options;
}

/// The county of `teachers` teachers (seed 2017) as a ledger, generated straight into columns
/// on first use and kept.
const yanxiu::Ledger& county(std::int64_t teachers) {
  static std::map<std::int64_t, std::unique_ptr<yanxiu::Ledger>> ledgers;
  auto& slot = ledgers[teachers];
  if (!slot)
    slot = std::make_unique<yanxiu::Ledger>(yanxiu::generate_ledger(dali(), of_size(teachers)));
  return *slot;
}

/// The same county as the text of teachers.csv and records.csv.
const yanxiu::SyntheticCounty& county_csv(std::int64_t teachers) {
  static std::map<std::int64_t, std::unique_ptr<yanxiu::SyntheticCounty>> counties;
  auto& slot = counties[teachers];
  if (!slot) {
    slot = std::make_unique<yanxiu::SyntheticCounty>(
        yanxiu::generate_county(dali(), of_size(teachers)));
  }
  return *slot;
}

void per_teacher_and_record(benchmark::State& state, const yanxiu::Ledger& ledger) {
  const auto iterations = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ledger.records().size()));
  state.counters["teachers"] = benchmark::Counter(
      iterations * static_cast<double>(ledger.teachers().size()), benchmark::Counter::kIsRate);
}

// The full Dali audit in memory: args are teachers and threads.
void BM_Audit(benchmark::State& state) {
  const yanxiu::Ledger& ledger = county(state.range(0));
  yanxiu::AuditOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  std::size_t verdicts = 0;
  for (auto _ : state) {
    const yanxiu::Audit audit = yanxiu::evaluate(dali(), ledger, options);
    verdicts = audit.size();
    benchmark::DoNotOptimize(verdicts);
  }
  per_teacher_and_record(state, ledger);
  state.counters["verdicts"] = static_cast<double>(verdicts);
}
BENCHMARK(BM_Audit)
    ->ArgNames({"teachers", "threads"})
    ->ArgsProduct({{10'000, 100'000, 1'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// A stream that counts what it is given and keeps nothing: what is timed is the formatting,
// not a disk.
class Discard : public std::streambuf {
 public:
  std::int64_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize count) override {
    bytes += count;
    return count;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return traits_type::not_eof(c);
  }
};

// The audit table as CSV (write_audit_csv, what `yanxiu audit` writes), formatted on the
// audit's threads: args are teachers and threads; bytes/s is the CSV written.
void BM_AuditCsvWrite(benchmark::State& state) {
  yanxiu::AuditOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  const yanxiu::Audit audit = yanxiu::evaluate(dali(), county(state.range(0)), options);
  Discard discard;
  std::ostream out(&discard);
  for (auto _ : state)
    yanxiu::write_audit_csv(out, audit);
  state.SetBytesProcessed(discard.bytes);
  state.counters["rows"] = static_cast<double>(audit.size());
}
BENCHMARK(BM_AuditCsvWrite)
    ->ArgNames({"teachers", "threads"})
    ->ArgsProduct({{100'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// teachers.csv and records.csv text to a ledger (parsing, validation, grouping by teacher).
void BM_CsvIngest(benchmark::State& state) {
  const yanxiu::SyntheticCounty& csv = county_csv(state.range(0));
  for (auto _ : state) {
    yanxiu::LedgerBuilder builder(dali());
    builder.read_teachers_text(csv.teachers_csv, "teachers.csv");
    builder.read_records_text(csv.records_csv, "records.csv");
    const yanxiu::Ledger ledger = builder.build();
    benchmark::DoNotOptimize(ledger.records().size());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(csv.teachers_csv.size() +
                                                                         csv.records_csv.size()));
  state.SetItemsProcessed(state.iterations() * csv.record_rows);
}
BENCHMARK(BM_CsvIngest)
    ->ArgNames({"teachers"})
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// The same county's records as Excel saves an export with notes: CRLF line ends and a last
// column, `note`, quoted in every fourth row, with a comma and a line break inside (the reader
// cuts its stretches outside quotes). Text MB/s: the bytes of teachers.csv and this records.csv.
void BM_CsvIngestQuoted(benchmark::State& state) {
  const yanxiu::SyntheticCounty& csv = county_csv(state.range(0));
  static std::map<std::int64_t, std::string> quoted;
  std::string& records = quoted[state.range(0)];
  if (records.empty()) {
    std::size_t row = 0;
    for (std::size_t begin = 0; begin < csv.records_csv.size(); ++row) {
      const std::size_t end = std::min(csv.records_csv.find('\n', begin), csv.records_csv.size());
      records.append(csv.records_csv, begin, end - begin);
      records += row == 0 ? ",note" : row % 4 == 0 ? ",\"checked, see\r\nthe sign-in sheet\"" : ",";
      records += "\r\n";
      begin = end + 1;
    }
  }
  for (auto _ : state) {
    yanxiu::LedgerBuilder builder(dali());
    builder.read_teachers_text(csv.teachers_csv, "teachers.csv");
    builder.read_records_text(records, "records.csv");
    const yanxiu::Ledger ledger = builder.build();
    benchmark::DoNotOptimize(ledger.records().size());
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(csv.teachers_csv.size() + records.size()));
  state.SetItemsProcessed(state.iterations() * csv.record_rows);
}
BENCHMARK(BM_CsvIngestQuoted)
    ->ArgNames({"teachers"})
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_PolicyLoad(benchmark::State& state) {
  for (auto _ : state) {
    const yanxiu::Policy policy = yanxiu::load_policy(dali_path);
    benchmark::DoNotOptimize(policy.rules().size());
  }
}
BENCHMARK(BM_PolicyLoad)->Unit(benchmark::kMicrosecond);

// 1 % of the teachers change: each withdraws its records and submits one new one. Timed: the
// new ledger (replace_records) and the recompute of those teachers (reevaluate).
void BM_IncrementalOnePercent(benchmark::State& state) {
  const yanxiu::Ledger& ledger = county(state.range(0));
  yanxiu::AuditOptions options;
  options.threads = 2;
  const yanxiu::Audit audit = yanxiu::evaluate(dali(), ledger, options);

  const auto teachers = static_cast<yanxiu::TeacherIndex>(ledger.teachers().size());
  std::vector<yanxiu::TeacherIndex> changed;
  for (yanxiu::TeacherIndex t = 0; t < teachers; t += 100)
    changed.push_back(t);
  std::vector<std::string> ids;
  for (const auto t : changed)
    ids.push_back("NEW-" + std::to_string(t));
  std::vector<yanxiu::RecordRow> rows(changed.size());
  std::vector<yanxiu::TeacherRecords> changes;
  for (std::size_t k = 0; k < changed.size(); ++k) {
    rows[k].id = ids[k];
    rows[k].start_day = ledger.policy().calendar().cycle().first_day + 40;
    rows[k].hours = yanxiu::Hours::whole(6);
    rows[k].category_index = 1;
    changes.push_back({ledger.teachers().id[static_cast<std::size_t>(changed[k])], {&rows[k], 1}});
  }
  for (auto _ : state) {
    const yanxiu::Ledger updated = yanxiu::replace_records(ledger, changes);
    const yanxiu::Audit incremental = yanxiu::reevaluate(audit, updated, changed);
    benchmark::DoNotOptimize(incremental.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(changed.size()));
  state.counters["changed_teachers"] = static_cast<double>(changed.size());
}
BENCHMARK(BM_IncrementalOnePercent)
    ->ArgNames({"teachers"})
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Dali's plan and a revision of it (60 hours a year lowered to 50) in force from 2019-09-01,
/// written beside each other in the temporary directory as a policy set.
const yanxiu::PolicySet& revised_dali() {
  static const yanxiu::PolicySet set = [] {
    const auto directory = std::filesystem::temp_directory_path() / "yanxiu-bench-set";
    std::filesystem::create_directories(directory);
    std::ifstream plan_file(dali_path, std::ios::binary);
    std::string plan((std::istreambuf_iterator<char>(plan_file)), std::istreambuf_iterator<char>());
    std::ofstream(directory / "dali-2017.json", std::ios::binary) << plan;
    std::string revision = plan;
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{R"("id": "dali-2017")", R"("id": "dali-2019")"},
          {R"("period": "academic_year",
      "min": 60)",
           R"("period": "academic_year",
      "min": 50)"}}) {
      revision.replace(revision.find(from), from.size(), to);
    }
    std::ofstream(directory / "dali-2019.json", std::ios::binary) << revision;
    std::ofstream(directory / "set.json", std::ios::binary)
        << R"({"format": "yanxiu-policy-set/1", "id": "dali", "versions": [
               {"policy": "dali-2017.json", "effective": "2017-09-01"},
               {"policy": "dali-2019.json", "effective": "2019-09-01"}]})";
    return yanxiu::load_policy_set(directory / "set.json");
  }();
  return set;
}

// A county under the plan and its revision: a ledger per version (generated once and kept, as
// BM_Audit's), then each version's audit and the choice of every verdict's version
// and every record's disposition. About twice BM_Audit: the versions judge the whole county
// each.
const std::vector<yanxiu::Ledger>& set_county(std::int64_t teachers) {
  static std::map<std::int64_t, std::vector<yanxiu::Ledger>> counties;
  auto& ledgers = counties[teachers];
  if (ledgers.empty()) {
    for (const yanxiu::PolicyVersion& version : revised_dali().versions())
      ledgers.push_back(yanxiu::generate_ledger(version.policy, of_size(teachers)));
  }
  return ledgers;
}

void BM_SetAudit(benchmark::State& state) {
  const yanxiu::PolicySet& set = revised_dali();
  const std::vector<yanxiu::Ledger>& ledgers = set_county(state.range(0));
  yanxiu::AuditOptions options;
  options.threads = 2;
  std::size_t verdicts = 0;
  for (auto _ : state) {
    const yanxiu::SetAudit audit = yanxiu::evaluate(set, ledgers, options);
    verdicts = audit.rows().size();
    benchmark::DoNotOptimize(verdicts);
  }
  per_teacher_and_record(state, ledgers.front());
  state.counters["verdicts"] = static_cast<double>(verdicts);
}
BENCHMARK(BM_SetAudit)
    ->ArgNames({"teachers"})
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
