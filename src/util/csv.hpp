#pragma once

// RFC 4180 CSV over text in memory: quoted fields, doubled quotes, CRLF, a leading UTF-8 BOM.
// Fields are views into the text, or into the reader's buffer when a quoted field holds an
// escaped quote; they stay valid until the next call of next_row().

#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yanxiu/diagnostics.hpp>
#include <yanxiu/limits.hpp>

namespace yanxiu::detail {

class CsvReader {
 public:
  /// `first_line` numbers the text's first line (a stretch of a larger file starts later); a
  /// UTF-8 byte-order mark is skipped at the start of a file, not of a stretch. `limits` gives
  /// the bounds on a row (csv_line_bytes) and on the line breaks of a quoted field
  /// (csv_field_lines); with `check_utf8`, a row that is not valid UTF-8 is a problem row.
  /// `delimiter` separates fields: ',', or '\t' or ';' (CsvText::delimiter).
  explicit CsvReader(std::string_view text, int first_line = 1, const InputLimits& limits = {},
                     bool check_utf8 = false, char delimiter = ',');

  /// Turns the check of check_utf8 on or off for the rows after the current one (a reader that
  /// checks the cells of its rows itself checks only the header as a row).
  void check_utf8(bool on) { check_utf8_ = on; }
  /// Ends the reading at `offset` of the text: next_row() returns false once the next row would
  /// start there or later (a row that starts before it is read whole). A thread reading one
  /// stretch of a file stops where the next thread's stretch begins.
  void stop_at(std::size_t offset) { stop_ = offset; }

  /// Reads the next row that is not blank; false at the end of the text. A row that cannot be
  /// read as it is has a problem(); reading goes on after it (see problem()).
  bool next_row(std::vector<std::string_view>& fields);
  /// The line on which the current row starts (1-based).
  int line() const { return row_line_; }
  /// What is wrong with the current row, or empty: a quoted field not closed, closed more than
  /// csv_field_lines line breaks later (a stray quote: reading goes on at the next line, so
  /// the quote swallows no row), or followed by text; a row over csv_line_bytes (checked while
  /// scanning: its fields are not split); a row that is not UTF-8. A problem row's fields are
  /// what could be read, for those who show them.
  const std::string& problem() const { return problem_; }
  /// Whether the current row has a quote problem (not closed, or text after it).
  bool malformed() const { return malformed_; }
  /// When the current row runs over several lines (a quoted field holds line breaks), the
  /// warning that says so: a stray quote closed within csv_field_lines would hide the lines
  /// between, so they are named. Empty for a row of one line.
  std::string spans_lines() const;
  /// Where the next row starts: its offset in the text and its line.
  std::size_t position() const { return pos_; }
  int next_line() const { return next_line_; }

 private:
  bool read_plain_row(std::vector<std::string_view>& fields);
  bool read_quoted_field(std::size_t row_start);
  void skip_long_row();
  std::string too_long_row() const;

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t stop_ = std::string_view::npos;
  int next_line_ = 1;
  int row_line_ = 0;
  bool malformed_ = false;
  bool check_utf8_;
  char delimiter_;
  // The characters that end an unquoted field: the delimiter and line ends.
  std::array<bool, 256> ends_field_{};
  std::size_t max_row_bytes_;
  int max_field_lines_;
  std::string problem_;
  // Escaped fields go to unescaped_, which may grow while the row is read: the row keeps offsets
  // and makes its views once it is complete.
  struct Span {
    bool escaped;
    std::size_t begin, size;
  };
  std::vector<Span> spans_;
  std::string unescaped_;
};

/// Line feeds and quotes in a piece of CSV text: the first pass of reading a file in stretches.
struct CsvCounts {
  std::size_t line_feeds = 0;
  std::size_t quotes = 0;
};
CsvCounts count_line_feeds_and_quotes(std::string_view text);

/// The first place at or past `from` just after a line feed that ends a row, were every quote
/// in `text` part of a well-formed quoted field: `quoted` says whether `from` lies inside one
/// (an odd count of quotes before it); npos when there is none. `line_feeds` gains those passed.
/// Where a file's quotes are not well-formed the place may be inside a field; a reader that
/// starts there is checked against the reading before it.
std::size_t next_row_start(std::string_view text, std::size_t from, bool quoted,
                           std::size_t& line_feeds);

/// ASCII spaces and tabs removed from both ends: old exports pad their cells.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

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

/// Stops reading a file that has more invalid rows than InputLimits::invalid_rows: throws
/// InputError at `line`, with the findings kept so far after the headline.
[[noreturn]] void too_many_invalid_rows(const Diagnostics& kept, const InputLimits& limits,
                                        std::string_view file, int line);

/// A column's name as the program knows it, from a header cell as written (an alias, another
/// case), or nothing when the cell names no known column: yanxiu::canonical_column_name.
using ColumnName = std::optional<std::string_view> (*)(std::string_view header);

/// The column `header` names among `names`: the cell with spaces around it removed (ASCII,
/// no-break and ideographic), matched against `aliases` (alias, name), else with ASCII letters
/// in lower case and inner spaces or hyphens as underscores against `names`; nothing otherwise.
std::optional<std::string_view> canonical_name(
    std::string_view header, std::span<const std::pair<std::string_view, std::string_view>> aliases,
    std::span<const std::string_view> names);

/// Reads the header row, each name through `canonical` when given. A required name may be
/// alternatives, "score|level": any of them will do. Throws InputError for an
/// empty file, a header with a problem() or more than `max_columns` columns, an empty or
/// repeated name, or missing required columns (one finding each, all in one error, each with a
/// present column close to it).
CsvHeader read_csv_header(CsvReader& reader, std::string_view file,
                          std::initializer_list<std::string_view> required,
                          std::size_t max_columns = InputLimits{}.csv_columns,
                          ColumnName canonical = nullptr);

}  // namespace yanxiu::detail
