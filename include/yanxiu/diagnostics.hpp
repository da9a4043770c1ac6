#pragma once

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace yanxiu {

enum class Severity { error, warning };

/// One finding about an input, pointing at where it is: `FILE:LINE: error: PATH: MESSAGE`.
/// `path` is a JSON path in a policy ("rules[2].min") or a column name in a CSV file; `line` is
/// 1-based, 0 when the finding concerns the whole file.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;
  int line = 0;
  std::string path;
  std::string message;
};

/// "dali.json:14: error: rules[2].minimun: unknown key; did you mean "min"?"
std::string to_string(const Diagnostic& diagnostic);

/// The findings of one load, in the order they were made. A bound on the findings kept in full
/// keeps memory flat on a hostile file: past it, each finding is only counted, by file, severity
/// and field, and summary() says how many of each were left out.
class Diagnostics {
 public:
  void add(Diagnostic diagnostic);
  void error(std::string file, int line, std::string path, std::string message);
  void warning(std::string file, int line, std::string path, std::string message);
  /// Adds `other`'s findings, kept and left out, after these.
  void add_all(const Diagnostics& other);
  /// Keeps at most `count` findings in full from now on (InputLimits::kept_diagnostics).
  void keep_at_most(std::size_t count) { keep_ = count; }
  /// Orders the kept findings, stably.
  template <typename Less>
  void sort(Less less) {
    std::stable_sort(items_.begin(), items_.end(), less);
  }

  /// The findings kept in full; error_count() and warning_count() count those left out too.
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t error_count() const { return error_count_; }
  std::size_t warning_count() const { return warning_count_; }
  bool has_errors() const { return error_count_ != 0; }

  /// Findings of one kind that were counted, not kept.
  struct LeftOut {
    Severity severity;
    std::string file;
    std::string path;
    std::size_t count;
  };
  const std::vector<LeftOut>& left_out() const { return left_out_; }
  /// Appends to items() one finding per kind left out, last: "FILE: error: FIELD: 5000 more
  /// errors like this are not listed (...)". The counts are unchanged: those findings are in
  /// them already.
  void list_left_out();

 private:
  void leave_out(Severity severity, const std::string& file, const std::string& path,
                 std::size_t count);

  std::vector<Diagnostic> items_;
  std::vector<LeftOut> left_out_;
  std::size_t keep_ = static_cast<std::size_t>(-1);
  std::size_t error_count_ = 0;
  std::size_t warning_count_ = 0;
};

/// Base of the errors yanxiu throws for bad input: carries every diagnostic found, the first
/// of which is the headline (`file()`, `line()`, `path()`); `what()` lists them all.
class Error : public std::runtime_error {
 public:
  explicit Error(std::vector<Diagnostic> diagnostics);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const std::string& file() const { return diagnostics_.front().file; }
  int line() const { return diagnostics_.front().line; }
  const std::string& path() const { return diagnostics_.front().path; }
  const std::string& message() const { return diagnostics_.front().message; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A policy file that cannot be loaded: bad JSON, an unknown key, a wrong type, a bad reference.
class PolicyError : public Error {
 public:
  using Error::Error;
};

/// A teacher or record file that cannot be read at all (missing, no header, a required column
/// absent). Bad rows are not errors of this kind: they are diagnostics of the ledger.
class InputError : public Error {
 public:
  using Error::Error;
};

/// "did you mean" support: the candidate closest to `word` by edit distance, or empty when none
/// is close enough to be a plausible typo.
std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates);

}  // namespace yanxiu
