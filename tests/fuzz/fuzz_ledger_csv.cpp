// teachers.csv and records.csv on any bytes (the two cut at the first form feed), read with
// each shipped policy: a file is refused with InputError, or every record row it holds ends in
// exactly one disposition, through the ledger and the audit; nothing else may happen.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "fuzz_support.hpp"
#include "ledger/ledger_data.hpp"

namespace {

using namespace yanxiu;

// The records file read with `stretching`: its rows' ids and lines and every message, or the
// error that refused it.
std::string reading(const Policy& policy, std::string_view teachers, std::string_view records,
                    detail::CsvStretching stretching) {
  const detail::CsvStretching saved = detail::csv_stretching();
  detail::csv_stretching() = stretching;
  std::string out;
  try {
    LedgerBuilder builder(policy);
    try {
      builder.read_teachers_text(teachers, "teachers.csv");
    } catch (const InputError&) {
    }
    builder.read_records_text(records, "records.csv");
    const Ledger ledger = builder.build();
    for (std::size_t r = 0; r < ledger.records().size(); ++r)
      out += std::string(ledger.records().id[r]) + ":" + std::to_string(ledger.records().line[r]) +
             "\n";
    for (const Diagnostic& diagnostic : ledger.diagnostics().items())
      out += to_string(diagnostic) + "\n";
  } catch (const InputError& error) {
    out = error.what();
  }
  detail::csv_stretching() = saved;
  return out;
}

void read_with(const Policy& policy, std::string_view teachers, std::string_view records) {
  LedgerBuilder builder(policy);
  bool records_read = false;
  try {
    builder.read_teachers_text(teachers, "teachers.csv");
  } catch (const InputError& error) {
    fuzz::require_located(error.diagnostics());
  }
  try {
    builder.read_records_text(records, "records.csv");
    records_read = true;
  } catch (const InputError& error) {
    fuzz::require_located(error.diagnostics());
  }
  const Ledger ledger = builder.build();
  fuzz::require_located(ledger.diagnostics().items());
  const DispositionCounts& intake = ledger.intake_counts();
  fuzz::require(intake.total() == (records_read ? fuzz::data_rows(records) : 0),
                "every record row is taken or rejected");
  fuzz::require(intake.total() == static_cast<std::int64_t>(ledger.records().size()) +
                                      intake[Disposition::invalid],
                "the rows taken are the ledger's records");
  const Audit audit = evaluate(policy, ledger, {std::nullopt, 1});
  fuzz::require(audit.disposition_counts().total() == intake.total(),
                "the audit accounts for every record row");
  fuzz::require(audit.disposition_counts()[Disposition::invalid] == intake[Disposition::invalid],
                "the audit keeps the rows rejected at intake");
  std::ostringstream out;
  write_audit_csv(out, audit);
  const auto teacher_count = static_cast<TeacherIndex>(ledger.teachers().size());
  if (teacher_count > 0) out << explain(policy, ledger, teacher_count - 1).to_text();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [teachers, records] =
      fuzz::two_files(std::string_view(reinterpret_cast<const char*>(data), size));
  for (const Policy& policy : fuzz::shipped_policies())
    read_with(policy, teachers, records);
  // Read in stretches of a few bytes on three threads, the file reads as it does whole.
  const Policy& policy = fuzz::shipped_policies().front();
  fuzz::require(reading(policy, teachers, records, {3, 5}) ==
                    reading(policy, teachers, records, {1, records.size() + 1}),
                "records.csv reads the same in stretches as whole");
  return 0;
}
