#pragma once

// What the targets of the C++ API share: the shipped policies, loaded once, and the checks that
// inputs are accounted for.

#include <cstdint>
#include <string_view>
#include <vector>

#include <yanxiu/yanxiu.hpp>

#include "fuzz_check.hpp"
#include "util/csv.hpp"

namespace yanxiu::fuzz {

/// The policies of examples/policies, in name order.
inline const std::vector<Policy>& shipped_policies() {
  static const std::vector<Policy> policies = [] {
    std::vector<Policy> loaded;
    for (const auto& file : shipped_policy_files())
      loaded.push_back(load_policy(file));
    return loaded;
  }();
  return policies;
}

/// The rows of a CSV text after its header: what a reader must account for.
inline std::int64_t data_rows(std::string_view csv) {
  detail::CsvReader reader(csv);
  std::vector<std::string_view> fields;
  std::int64_t rows = -1;  // the header
  while (reader.next_row(fields))
    ++rows;
  return rows < 0 ? 0 : rows;
}

/// Every diagnostic points at a file and says something.
inline void require_located(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& diagnostic : diagnostics) {
    require(!diagnostic.file.empty(), "a diagnostic names its file");
    require(!diagnostic.message.empty(), "a diagnostic has a message");
    require(diagnostic.line >= 0, "a diagnostic's line is not negative");
  }
}

}  // namespace yanxiu::fuzz
