#pragma once

#include <cstddef>

#include <yanxiu/hours.hpp>

namespace yanxiu {

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
  /// Bytes of one row of a CSV file, its line end included (a quoted field may span lines).
  std::size_t csv_line_bytes = 1 << 20;
  /// Columns of a CSV file's header.
  std::size_t csv_columns = 256;
  /// Hours of one record (a day has 24; a course a few hundred).
  Hours record_hours = Hours::from_hundredths(10'000 * 100);
  /// Years a date may fall in, both included; dates before 1900 or after 2200 cannot be read at
  /// all, so these bounds may only narrow that range.
  int first_year = 1900;
  int last_year = 2200;
};

}  // namespace yanxiu
