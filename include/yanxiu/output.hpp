#pragma once

// Output files written whole or not at all, every write checked (docs/reliability.md).

#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace yanxiu {

/// A write, flush, sync, close or rename that failed: the file and the reason in the words of
/// the system ("cannot write out.csv: No space left on device").
class WriteError : public std::runtime_error {
 public:
  WriteError(std::string file, int error_number);

  const std::string& file() const { return file_; }
  int error_number() const { return error_number_; }

 private:
  std::string file_;
  int error_number_;
};

struct OutputOptions {
  /// CSV meant for a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a CR and
  /// is not a decimal number (`-1.50`) gets a leading `'`, so Excel or WPS shows it as text
  /// instead of running it as a formula (OWASP's advice against CSV injection). Only for CSV.
  bool guard_formulas = false;
};

/// An output file written whole or not at all. The text goes to a temporary file beside the
/// target (`.NAME.XXXXXX.tmp`), which commit() syncs to disk and renames over the target: an
/// existing file is replaced only by a complete one. Destroyed without commit() (an exception,
/// an error), the temporary is removed and the target left as it was.
///
/// `-` is standard output, and a target that exists and is not a regular file (/dev/null, a
/// pipe) is written in place: there is nothing to rename, but every write is still checked.
/// Every failure throws WriteError; the stream throws it out of the writer on the first failed
/// write (its exceptions() include badbit), so no writer runs on over a full disk.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path, OutputOptions options = {});
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();
  /// Flushes, syncs and closes the temporary and renames it into place. Throws WriteError.
  void commit();
  /// The target as given ("-": standard output).
  const std::string& path() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Writes `text` to `path` through an OutputFile: whole or not at all.
void write_file_atomically(const std::string& path, std::string_view text,
                           OutputOptions options = {});

/// For a program: on SIGINT, SIGTERM or SIGHUP (unless ignored), remove the temporaries of the
/// OutputFiles being written, then die of the signal as before. Without it such a signal leaves
/// a temporary (the target is intact either way); SIGKILL always does.
void remove_temporaries_on_signals();

/// A stream buffer over standard output whose every write is checked (WriteError naming
/// "standard output"): for std::cout in a program that must not end well over a lost output.
std::unique_ptr<std::streambuf> checked_standard_output();

}  // namespace yanxiu
