#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include <yanxiu/audit.hpp>

namespace yanxiu::detail {

/// What an Audit holds.
struct AuditData {
  AuditData(Policy p, Ledger l, AuditOptions o)
      : policy(std::move(p)), ledger(std::move(l)), options(std::move(o)) {
    options.progress = nullptr;  // the host's, for the call only
  }

  Policy policy;
  Ledger ledger;
  AuditOptions options;
  AuditColumns columns;
  std::vector<std::size_t> row_begin;  ///< teacher count + 1 offsets
  std::vector<Disposition> dispositions;
  DispositionCounts counts;
};

/// Counts the final dispositions, and the ledger's invalid rows.
void count_dispositions(AuditData& data);

}  // namespace yanxiu::detail
