#pragma once

#include <cstddef>
#include <cstdint>

#include <yanxiu/hours.hpp>

namespace yanxiu {

/// The text encodings CSV files are read in (InputLimits::csv_encoding).
enum class CsvEncoding { utf8, gb18030, detect };

/// Bounds on untrusted input (docs/reliability.md). Policy files come from school
/// administrators and CSV files from old platforms: past a bound, the file or the row is refused
/// with a message that names the bound, so that no input makes memory or time run away. The
/// defaults are far above anything real; raise one for a genuine input that needs it.
struct InputLimits {
  /// Bytes of a policy file.
  std::size_t policy_bytes = 1 << 20;
  /// Levels of nested JSON arrays and objects in a policy (the real ones need fewer than 10).
  int json_depth = 64;
  /// Rules of a policy; at most 32767 whatever the bound.
  std::size_t rules = 1000;
  /// Verdicts the rules make for one teacher (a rule makes one per period of its kind and part):
  /// an audit holds this many rows a teacher. 0: no bound.
  std::size_t verdicts_per_teacher = 20000;
  /// Bytes of one row of a CSV file, its line end included (a quoted field may span lines).
  std::size_t csv_line_bytes = 1 << 20;
  /// Line breaks inside one quoted CSV field. Past it the quote is taken for a stray one: the
  /// row it opened on is invalid and reading goes on at the next line, so a stray quote cannot
  /// swallow the records after it.
  int csv_field_lines = 4;
  /// Bytes of a whole CSV file (a file is read into memory whole).
  std::size_t csv_bytes = std::size_t{4} << 30;
  /// Columns of a CSV file's header.
  std::size_t csv_columns = 256;
  /// Invalid rows of one CSV file: past it, reading stops with an error (a file that bad is the
  /// wrong file, or in the wrong format).
  std::int64_t invalid_rows = 100'000;
  /// Findings (errors and warnings) kept in full with their message; past it they are counted
  /// per file and column, and one line per kind says how many were left out.
  std::size_t kept_diagnostics = 1000;
  /// How the bytes of a CSV file are read: UTF-8 (a file that looks like GB18030 is refused
  /// with a message saying so), GB18030 (GBK's superset, as Chinese Excel and WPS save), or
  /// detect: UTF-8 when valid, else GB18030 when valid, with a warning.
  CsvEncoding csv_encoding = CsvEncoding::utf8;
  /// Hours of one record (a day has 24; a course a few hundred).
  Hours record_hours = Hours::from_hundredths(10'000 * 100);
  /// Years a date may fall in, both included; dates before 1900 or after 2200 cannot be read at
  /// all, so these bounds may only narrow that range.
  int first_year = 1900;
  int last_year = 2200;
};

}  // namespace yanxiu
