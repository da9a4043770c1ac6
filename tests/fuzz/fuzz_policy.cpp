// The policy loader on any bytes: a policy loads, or PolicyError lists located problems; nothing
// else may happen. A policy that loads is then evaluated over a tiny synthetic county, explained
// and written out, and its rubrics scored with no scores: whatever the loader accepts, the
// evaluation must take.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "fuzz_support.hpp"

namespace {

using namespace yanxiu;

void exercise(const Policy& policy) {
  SyntheticCountyOptions options;
  options.teachers = 3;
  options.seed = 11;
  const SyntheticCounty county = generate_county(policy, options);
  LedgerBuilder builder(policy);
  builder.read_teachers_text(county.teachers_csv, "teachers.csv");
  builder.read_records_text(county.records_csv, "records.csv");
  const Ledger ledger = builder.build();
  const Audit audit = evaluate(policy, ledger, {std::nullopt, 1});
  fuzz::require(audit.disposition_counts().total() == county.record_rows,
                "every record row ends in exactly one disposition");
  std::ostringstream out;
  write_audit_csv(out, audit);
  write_audit_json(out, audit);
  if (ledger.teachers().size() > 0) out << explain(policy, ledger, 0).to_text();
  for (const Rubric& rubric : policy.rubrics()) {
    const ScoreSheet sheet(policy, rubric.id);
    write_score_csv(out, score_rubric(sheet));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<Policy> policy;
  try {
    policy = parse_policy(text, "fuzz.json");
  } catch (const PolicyError& error) {
    fuzz::require(!error.diagnostics().empty(), "a rejected policy has a diagnostic");
    fuzz::require_located(error.diagnostics());
    for (const Diagnostic& diagnostic : error.diagnostics())
      fuzz::require(diagnostic.file == "fuzz.json", "a policy error names the policy");
    return 0;
  }
  fuzz::require_located(
      std::vector<Diagnostic>(policy->warnings().begin(), policy->warnings().end()));
  exercise(*policy);
  return 0;
}
