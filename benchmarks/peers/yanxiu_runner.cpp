// yanxiu itself, timed the way the peers are: the CSV files into a ledger (load), then the audit
// (compute), each timed apart; prints one JSON object and can write the audit table.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>

#include <yanxiu/yanxiu.hpp>

#include "peers_common.hpp"

int main(int argc, char** argv) {
  const peers::Flags flags(argc, argv,
                           "peers_yanxiu --policy P --teachers T.csv --records R.csv "
                           "[--threads 2] [--repeat 3] [--audit-out audit.csv]");
  const yanxiu::Policy policy = yanxiu::load_policy(flags.required("policy"));

  auto start = peers::Clock::now();
  const yanxiu::Ledger ledger =
      peers::read_county(policy, flags.required("teachers"), flags.required("records"));
  const double load_seconds = peers::seconds_since(start);

  yanxiu::AuditOptions options;
  options.threads = static_cast<unsigned>(flags.number("threads", 2));
  std::optional<yanxiu::Audit> audit;
  double compute_seconds = std::numeric_limits<double>::infinity();
  for (int run = 0; run < std::max(1, flags.number("repeat", 3)); ++run) {
    start = peers::Clock::now();
    const yanxiu::Audit result = yanxiu::evaluate(policy, ledger, options);
    compute_seconds = std::min(compute_seconds, peers::seconds_since(start));
    audit = result;  // the previous audit is freed here, outside the timed part
  }

  if (const auto out = flags.optional("audit-out"); !out.empty()) {
    std::ofstream file(out, std::ios::binary);
    yanxiu::write_audit_csv(file, *audit);
  }
  std::printf(
      "{\"peer\": \"yanxiu\", \"threads\": %u, \"load_seconds\": %.6f, \"compute_seconds\": "
      "%.6f, \"rows\": %zu, \"records\": %zu, \"checksum\": %s}\n",
      options.threads, load_seconds, compute_seconds, audit->size(), ledger.records().size(),
      peers::Checksum::of(audit->columns()).json().c_str());
  return 0;
}
