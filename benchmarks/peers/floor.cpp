// The floor: what any in-memory audit must at least do. One streaming read of the ledger's input
// columns (teacher index, day, hours, category) and one write of verdict columns of the audit's
// size, into freshly allocated memory as evaluate() writes its own, on the same threads. No rule
// is judged; an engine within a small factor of this is bound by memory, not by its logic.

#include <algorithm>
#include <cstdio>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

#include <yanxiu/yanxiu.hpp>

#include "peers_common.hpp"

namespace {

/// The verdict columns of yanxiu::AuditColumns, left uninitialised until written.
struct VerdictColumns {
  explicit VerdictColumns(std::size_t rows)
      : teacher(std::make_unique_for_overwrite<std::int32_t[]>(rows)),
        rule(std::make_unique_for_overwrite<std::int16_t[]>(rows)),
        part(std::make_unique_for_overwrite<std::int16_t[]>(rows)),
        period_kind(std::make_unique_for_overwrite<std::uint8_t[]>(rows)),
        period(std::make_unique_for_overwrite<std::int32_t[]>(rows)),
        required(std::make_unique_for_overwrite<std::int64_t[]>(rows)),
        credited(std::make_unique_for_overwrite<std::int64_t[]>(rows)),
        status(std::make_unique_for_overwrite<std::uint8_t[]>(rows)) {}

  std::unique_ptr<std::int32_t[]> teacher;
  std::unique_ptr<std::int16_t[]> rule, part;
  std::unique_ptr<std::uint8_t[]> period_kind;
  std::unique_ptr<std::int32_t[]> period;
  std::unique_ptr<std::int64_t[]> required, credited;
  std::unique_ptr<std::uint8_t[]> status;
};

/// Reads records [begin, end) once; returns a value that depends on every byte read.
std::int64_t read_records(const yanxiu::RecordColumns& records, std::size_t begin,
                          std::size_t end) {
  std::int64_t hours_by_category[64] = {};
  std::int64_t days = 0;
  for (std::size_t r = begin; r < end; ++r) {
    hours_by_category[static_cast<std::size_t>(records.category[r]) & 63] += records.hours[r];
    days += records.day[r] ^ records.teacher[r];
  }
  std::int64_t sum = days;
  for (const auto hours : hours_by_category)
    sum += hours;
  return sum;
}

/// Writes rows [begin, end) of every verdict column.
void write_verdicts(VerdictColumns& out, std::size_t begin, std::size_t end, std::int64_t seed) {
  for (std::size_t i = begin; i < end; ++i) {
    const auto row = static_cast<std::int64_t>(i);
    out.teacher[i] = static_cast<std::int32_t>(row / 67);
    out.rule[i] = static_cast<std::int16_t>(row & 7);
    out.part[i] = static_cast<std::int16_t>(row & 3);
    out.period_kind[i] = static_cast<std::uint8_t>(row & 1);
    out.period[i] = static_cast<std::int32_t>(row & 15);
    out.required[i] = seed + row;
    out.credited[i] = seed - row;
    out.status[i] = static_cast<std::uint8_t>(row & 3);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const peers::Flags flags(
      argc, argv,
      "peers_floor --policy P --teachers T.csv --records R.csv [--threads 2] [--repeat 3]");
  const yanxiu::Policy policy = yanxiu::load_policy(flags.required("policy"));
  const yanxiu::Ledger ledger =
      peers::read_county(policy, flags.required("teachers"), flags.required("records"));
  const auto& records = ledger.records();
  yanxiu::AuditOptions options;
  options.threads = 2;
  const std::size_t rows = yanxiu::evaluate(policy, ledger, options).size();
  const auto threads = static_cast<std::size_t>(std::max(1, flags.number("threads", 2)));

  // The floor proper writes into fresh memory, as every audit does; the read alone and the write
  // into memory already touched show what the page faults of fresh memory cost.
  auto pass = [&](VerdictColumns* verdicts) {
    std::vector<std::int64_t> read(threads);
    std::vector<std::jthread> workers;
    for (std::size_t k = 0; k < threads; ++k) {
      workers.emplace_back([&, k] {
        read[k] =
            read_records(records, records.size() * k / threads, records.size() * (k + 1) / threads);
        if (verdicts)
          write_verdicts(*verdicts, rows * k / threads, rows * (k + 1) / threads, read[k]);
      });
    }
    workers.clear();
    std::int64_t sum = 0;
    for (const auto value : read)
      sum += value;
    return sum;
  };
  const double infinity = std::numeric_limits<double>::infinity();
  double floor = infinity, read_only = infinity, touched = infinity;
  std::int64_t sink = 0;
  VerdictColumns reused(rows);
  for (int run = 0; run < std::max(1, flags.number("repeat", 3)); ++run) {
    auto start = peers::Clock::now();
    sink += pass(nullptr);
    read_only = std::min(read_only, peers::seconds_since(start));

    start = peers::Clock::now();
    VerdictColumns verdicts(rows);
    sink += pass(&verdicts);
    floor = std::min(floor, peers::seconds_since(start));

    start = peers::Clock::now();
    sink += pass(&reused);
    touched = std::min(touched, peers::seconds_since(start));
    // Read back a sample so the writes cannot be optimised away.
    for (std::size_t i = 0; i < rows; i += 4096)
      sink += verdicts.required[i] + reused.status[i];
  }
  std::printf(
      "{\"peer\": \"floor\", \"threads\": %zu, \"compute_seconds\": %.6f, \"read_seconds\": "
      "%.6f, \"write_touched_seconds\": %.6f, \"rows\": %zu, \"records\": %zu, "
      "\"bytes_read\": %zu, \"bytes_written\": %zu, \"sink\": %lld}\n",
      threads, floor, read_only, touched, rows, records.size(), records.size() * 13, rows * 30,
      static_cast<long long>(sink));
  return 0;
}
