#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace yanxiu {

/// The format of policy test files (`*.test.json`), the way a county officer checks a policy
/// without C++: teachers, records and the verdicts expected of them. See docs/policy-tests.md.
inline constexpr std::string_view test_format = "yanxiu-test/1";

struct CaseResult {
  std::string name;
  int line = 0;                       ///< where the case starts in the test file
  std::vector<std::string> failures;  ///< each `FILE:LINE: what differs`; empty when it passed

  bool passed() const { return failures.empty(); }
};

struct TestFileResult {
  std::string file;
  std::string policy_file;
  std::vector<CaseResult> cases;
  /// The policy's rules and parts ("rule/part") that no case's `expect` or `expect_absent` names,
  /// and its rubrics that no case scores: what `yanxiu test --coverage` lists.
  std::vector<std::string> uncovered_rules;
  std::vector<std::string> uncovered_rubrics;

  bool passed() const;
};

/// Runs every case of a test file. Throws PolicyError when the test file or its policy cannot
/// be loaded (each message at its line), InputError when a CSV file it names cannot be read.
TestFileResult run_test_file(const std::filesystem::path& path);

}  // namespace yanxiu
