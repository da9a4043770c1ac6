#pragma once

// What every fuzz target shares, the C ABI's included: checks that abort (a finding, for
// libFuzzer and for the replay under CTest) when a guarantee does not hold, the shipped policy
// files, and inputs that hold two files.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

namespace yanxiu::fuzz {

/// Aborts with `what` when `condition` is false: a broken guarantee is a finding.
inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz: guarantee broken: %s\n", what);
  std::abort();
}

/// The files of examples/policies, in name order.
inline std::vector<std::filesystem::path> shipped_policy_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(YANXIU_SOURCE_DIR "/examples/policies")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The input cut at its first form feed: two CSV files in one input (teachers and records, or
/// scores and metrics). Without one, the second is empty.
inline std::pair<std::string_view, std::string_view> two_files(std::string_view input) {
  const auto cut = input.find('\f');
  if (cut == std::string_view::npos) return {input, {}};
  return {input.substr(0, cut), input.substr(cut + 1)};
}

}  // namespace yanxiu::fuzz
