#pragma once

// RFC 4180 CSV over text in memory: quoted fields, doubled quotes, CRLF, a leading UTF-8 BOM.
// Fields are views into the text, or into the reader's buffer when a quoted field holds an
// escaped quote; they stay valid until the next call of next_row().

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/diagnostics.hpp>
#include <yanxiu/limits.hpp>

namespace yanxiu::detail {

class CsvReader {
 public:
  /// `first_line` numbers the text's first line (a stretch of a larger file starts later); a
  /// UTF-8 byte-order mark is skipped at the start of a file, not of a stretch. A row longer
  /// than `max_row_bytes` is still read (the next row starts after it) but marked too_long().
  explicit CsvReader(std::string_view text, int first_line = 1,
                     std::size_t max_row_bytes = InputLimits{}.csv_line_bytes);

  /// Reads the next row that is not blank; false at the end of the text. When a quoted field is
  /// not closed, the row is returned with what was read and malformed() is true.
  bool next_row(std::vector<std::string_view>& fields);
  /// The line on which the current row starts (1-based).
  int line() const { return row_line_; }
  bool malformed() const { return malformed_; }
  /// Whether the current row is over the reader's bound, and the message that says so.
  bool too_long() const { return row_bytes_ > max_row_bytes_; }
  std::string too_long_message() const;
  /// Where the next row starts: its offset in the text and its line.
  std::size_t position() const { return pos_; }
  int next_line() const { return next_line_; }

 private:
  bool read_plain_row(std::vector<std::string_view>& fields);

  std::string_view text_;
  std::size_t pos_ = 0;
  int next_line_ = 1;
  int row_line_ = 0;
  bool malformed_ = false;
  std::size_t max_row_bytes_;
  std::size_t row_bytes_ = 0;
  // Escaped fields go to unescaped_, which may grow while the row is read: the row keeps offsets
  // and makes its views once it is complete.
  struct Span {
    bool escaped;
    std::size_t begin, size;
  };
  std::vector<Span> spans_;
  std::string unescaped_;
};

/// ASCII spaces and tabs removed from both ends: old exports pad their cells.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

/// The whole of an input file; throws InputError when it cannot be opened.
std::string read_input_file(const std::filesystem::path& path);

/// The header row of an input file: column names to positions.
struct CsvHeader {
  std::vector<std::string> names;

  /// The column's position, or -1 when the file has none.
  int find(std::string_view name) const;
  /// A warning, at the header's line, for each column not in `known`: "column is not used by
  /// WHAT; it is ignored".
  void warn_unknown(std::span<const std::string_view> known, std::string_view file,
                    std::string_view what, Diagnostics& diagnostics) const;
};

/// Reads the header row. Throws InputError for an empty file, a header over the reader's row
/// bound or with more than `max_columns` columns, an empty or repeated name, or a missing
/// required column (suggesting a present one close to it).
CsvHeader read_csv_header(CsvReader& reader, std::string_view file,
                          std::initializer_list<std::string_view> required,
                          std::size_t max_columns = InputLimits{}.csv_columns);

}  // namespace yanxiu::detail
