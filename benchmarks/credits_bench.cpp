// The credit path (issue 17): a county counted in 学分 at three exact rates (1/8, 1/10, 1/20),
// a strict attendance gate and a probation window kept apart, against the same synthetic
// county's shape as the hours benchmarks. Rates make every amount a multiple of the common
// denominator (40 here); this measures what that and the window cost per teacher.

#include <benchmark/benchmark.h>
#include <cstdint>
#include <map>
#include <memory>

#include <yanxiu/yanxiu.hpp>

namespace {

const yanxiu::Policy& county_credits() {
  static const yanxiu::Policy policy =
      yanxiu::load_policy(YANXIU_SOURCE_DIR "/examples/policies/county-credits.json");
  return policy;
}

const yanxiu::Ledger& credits_county(std::int64_t teachers) {
  static std::map<std::int64_t, std::unique_ptr<yanxiu::Ledger>> ledgers;
  auto& slot = ledgers[teachers];
  if (!slot) {
    yanxiu::SyntheticCountyOptions options;
    options.teachers = teachers;
    slot = std::make_unique<yanxiu::Ledger>(yanxiu::generate_ledger(county_credits(), options));
  }
  return *slot;
}

// The audit in credits, with the decisions read off it: args are teachers and threads.
void BM_AuditCredits(benchmark::State& state) {
  const yanxiu::Ledger& ledger = credits_county(state.range(0));
  yanxiu::AuditOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  std::size_t eligible = 0;
  for (auto _ : state) {
    const yanxiu::Audit audit = yanxiu::evaluate(county_credits(), ledger, options);
    eligible = 0;
    for (const auto& verdict : yanxiu::decide(audit))
      eligible += verdict.eligible;
    benchmark::DoNotOptimize(eligible);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ledger.records().size()));
  state.counters["teachers"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(ledger.teachers().size()),
      benchmark::Counter::kIsRate);
  state.counters["eligible"] = static_cast<double>(eligible);
}
BENCHMARK(BM_AuditCredits)
    ->ArgNames({"teachers", "threads"})
    ->ArgsProduct({{10'000, 100'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
