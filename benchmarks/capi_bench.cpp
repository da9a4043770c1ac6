// One teacher with 300 records evaluated with the Dali policy: the call a school platform makes
// when a teacher saves a record. Through the C ABI (yx_evaluate_teacher, no ledger object, a
// TeacherSession of the policy's reused across calls) and, for comparison, through the C++ API:
// the TeacherSession alone, or a ledger built for the call (the C ABI's former path). Items are
// records.

#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>
#include <vector>

#include <yanxiu/sys/intake.hpp>
#include <yanxiu/yanxiu.hpp>

#include "yanxiu.h"

namespace {

const char* const dali_path = YANXIU_SOURCE_DIR "/examples/policies/dali-2017.json";
constexpr int record_count = 300;
constexpr std::int32_t cycle_first_day = 17410;  // 2017-09-01

/// 300 records every sixth day of the cycle, 1.50 hours each, the categories in turn.
struct TeacherRecords {
  TeacherRecords() {
    for (int i = 0; i < record_count; ++i) {
      ids.push_back("R" + std::to_string(i));
      days.push_back(cycle_first_day + 6 * i);
      hours.push_back(150);
      categories.push_back(static_cast<std::int16_t>(i % 5));
    }
    for (const auto& id : ids)
      id_pointers.push_back(id.c_str());
  }

  std::vector<std::string> ids;
  std::vector<const char*> id_pointers;
  std::vector<std::int32_t> days;
  std::vector<std::int64_t> hours;
  std::vector<std::int16_t> categories;
};

const TeacherRecords& records() {
  static const TeacherRecords instance;
  return instance;
}

void report(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * record_count);
  state.counters["teachers"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

struct CapiCall {
  CapiCall() {
    if (yx_policy_load(&policy, dali_path) != YX_OK) policy = nullptr;
    yx_teacher_columns_init(&teacher, YX_TEACHER_COLUMNS_VERSION);
    teacher.count = 1;
    teacher.id = teacher_id;
    yx_record_columns_init(&columns, YX_RECORD_COLUMNS_VERSION);
    columns.count = record_count;
    columns.id = records().id_pointers.data();
    columns.start_day = records().days.data();
    columns.hours = records().hours.data();
    columns.category = records().categories.data();
  }
  ~CapiCall() { yx_policy_free(policy); }

  yx_policy* policy = nullptr;
  const char* teacher_id[1] = {"T1"};
  yx_teacher_columns teacher;
  yx_record_columns columns;
};

void BM_OneTeacher300Records_CAbi(benchmark::State& state) {
  CapiCall call;
  for (auto _ : state) {
    yx_audit* audit = nullptr;
    if (yx_evaluate_teacher(&audit, call.policy, &call.teacher, &call.columns, nullptr) != YX_OK) {
      state.SkipWithError(yx_last_error()->message);
      break;
    }
    benchmark::DoNotOptimize(audit);
    yx_audit_free(audit);
  }
  report(state);
}
BENCHMARK(BM_OneTeacher300Records_CAbi)->Unit(benchmark::kMicrosecond);

// The same, then every verdict read through the getters, as a platform would show them.
void BM_OneTeacher300RecordsAndRead_CAbi(benchmark::State& state) {
  CapiCall call;
  for (auto _ : state) {
    yx_audit* audit = nullptr;
    size_t rows = 0;
    if (yx_evaluate_teacher(&audit, call.policy, &call.teacher, &call.columns, nullptr) != YX_OK ||
        yx_audit_row_count(&rows, audit) != YX_OK) {
      state.SkipWithError(yx_last_error()->message);
      break;
    }
    std::int64_t shortfall_sum = 0;
    for (size_t row = 0; row < rows; ++row) {
      const char* rule = nullptr;
      const char* period = nullptr;
      std::int64_t shortfall = 0;
      yx_verdict verdict = YX_VERDICT_MET;
      yx_audit_rule_id(&rule, audit, row);
      yx_audit_period_label(&period, audit, row);
      yx_audit_shortfall(&shortfall, audit, row);
      yx_audit_status(&verdict, audit, row);
      benchmark::DoNotOptimize(rule);
      benchmark::DoNotOptimize(period);
      shortfall_sum += shortfall;
    }
    benchmark::DoNotOptimize(shortfall_sum);
    yx_audit_free(audit);
  }
  report(state);
}
BENCHMARK(BM_OneTeacher300RecordsAndRead_CAbi)->Unit(benchmark::kMicrosecond);

void BM_OneTeacher300Records_Cpp(benchmark::State& state) {
  const yanxiu::Policy policy = yanxiu::load_policy(dali_path);
  const TeacherRecords& input = records();
  yanxiu::AuditOptions options;
  options.threads = 1;
  for (auto _ : state) {
    yanxiu::LedgerBuilder builder(policy);
    const int teachers = builder.add_source("teacher");
    const int rows = builder.add_source("records");
    yanxiu::TeacherRow teacher;
    teacher.id = "T1";
    builder.add_teacher(teacher, {teachers, 1});
    for (int i = 0; i < record_count; ++i) {
      const auto index = static_cast<std::size_t>(i);
      yanxiu::RecordRow row;
      row.id = input.ids[index];
      row.teacher_id = "T1";
      row.start_day = input.days[index];
      row.hours = yanxiu::Hours::from_hundredths(input.hours[index]);
      row.category_index = input.categories[index];
      builder.add_record(row, {rows, i + 1});
    }
    const yanxiu::Ledger ledger = builder.build();
    const yanxiu::Audit audit = yanxiu::evaluate(policy, ledger, options);
    benchmark::DoNotOptimize(audit.size());
  }
  report(state);
}
BENCHMARK(BM_OneTeacher300Records_Cpp)->Unit(benchmark::kMicrosecond);

// The same columns through a TeacherSession, which keeps its ledger, evaluator and audit columns
// between calls.
void BM_OneTeacher300Records_CppSession(benchmark::State& state) {
  const TeacherRecords& input = records();
  yanxiu::AuditOptions options;
  options.threads = 1;
  yanxiu::TeacherSession session(yanxiu::load_policy(dali_path), options);
  const int teachers = session.add_source("teacher");
  const int rows = session.add_source("records");
  yanxiu::TeacherRow teacher;
  teacher.id = "T1";
  yanxiu::RecordArrays columns;
  columns.count = record_count;
  columns.id = input.id_pointers.data();
  columns.start_day = input.days.data();
  columns.hours = input.hours.data();
  columns.category = input.categories.data();
  for (auto _ : state) {
    session.add_teacher(teacher, {teachers, 1});
    session.add_records(columns, {rows, 1});
    const yanxiu::Audit audit = session.evaluate();
    benchmark::DoNotOptimize(audit.size());
  }
  report(state);
}
BENCHMARK(BM_OneTeacher300Records_CppSession)->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {

// The hot path as a platform sees it: a teacher of 60 or 300 records (the first of the 300
// above) evaluated, every row read in bulk (yx_audit_read_rows: teacher, rule, period,
// shortfall, verdict) and the audit freed, per call; from 1 and 2 threads sharing one policy.
// Items are records.
void BM_PlatformHotPath_CAbi(benchmark::State& state) {
  static yx_policy* const shared = [] {
    yx_policy* policy = nullptr;
    return yx_policy_load(&policy, dali_path) == YX_OK ? policy : nullptr;
  }();
  const auto count = static_cast<std::size_t>(state.range(0));
  const char* teacher_id[1] = {"T1"};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  teacher.count = 1;
  teacher.id = teacher_id;
  yx_record_columns columns = YX_RECORD_COLUMNS_INIT;
  columns.count = count;
  columns.id = records().id_pointers.data();
  columns.start_day = records().days.data();
  columns.hours = records().hours.data();
  columns.category = records().categories.data();
  constexpr std::size_t capacity = 512;
  std::vector<const char*> teachers(capacity), rules(capacity), periods(capacity);
  std::vector<std::int64_t> shortfalls(capacity);
  std::vector<yx_verdict> verdicts(capacity);
  yx_audit_rows rows = YX_AUDIT_ROWS_INIT;
  rows.capacity = capacity;
  rows.teacher_id = teachers.data();
  rows.rule_id = rules.data();
  rows.period_label = periods.data();
  rows.shortfall = shortfalls.data();
  rows.status = verdicts.data();
  for (auto _ : state) {
    yx_audit* audit = nullptr;
    std::size_t read = 0;
    if (yx_evaluate_teacher(&audit, shared, &teacher, &columns, nullptr) != YX_OK ||
        yx_audit_read_rows(&read, audit, 0, &rows) != YX_OK) {
      state.SkipWithError(yx_last_error()->message);
      break;
    }
    std::int64_t shortfall_sum = 0;
    for (std::size_t row = 0; row < read; ++row)
      shortfall_sum += shortfalls[row];
    benchmark::DoNotOptimize(shortfall_sum);
    yx_audit_free(audit);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["teachers"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlatformHotPath_CAbi)
    ->ArgName("records")
    ->Arg(60)
    ->Arg(300)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
