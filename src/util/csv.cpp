#include "util/csv.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "util/utf8.hpp"

namespace yanxiu::detail {

CsvReader::CsvReader(std::string_view text, int first_line, const InputLimits& limits,
                     bool check_utf8, char delimiter)
    : text_(text),
      next_line_(first_line),
      check_utf8_(check_utf8),
      delimiter_(delimiter),
      max_row_bytes_(limits.csv_line_bytes),
      max_field_lines_(limits.csv_field_lines) {
  if (first_line == 1 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  ends_field_[static_cast<unsigned char>(delimiter)] = ends_field_['\n'] = ends_field_['\r'] = true;
}

namespace {

constexpr std::uint64_t low_bits = 0x7F7F7F7F7F7F7F7FULL;
constexpr std::uint64_t every_byte = 0x0101010101010101ULL;

// 0x80 in each byte of `word` that equals `byte`, 0 elsewhere: in x = word ^ byte*8 a byte is
// zero exactly where the word has `byte`; unlike the shorter has-zero trick, no byte's borrow
// marks the next, so every mark is exact.
inline std::uint64_t bytes_equal(std::uint64_t word, std::uint64_t repeated) {
  const std::uint64_t x = word ^ repeated;
  return ~(((x & low_bits) + low_bits) | x | low_bits);
}

// How many bytes `mask` marks (bytes_equal's 0x80s), without a popcount instruction.
inline std::size_t marked(std::uint64_t mask) {
  return static_cast<std::size_t>(((mask >> 7) * every_byte) >> 56);
}

}  // namespace

CsvCounts count_line_feeds_and_quotes(std::string_view text) {
  CsvCounts counts;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    counts.line_feeds += marked(bytes_equal(word, every_byte * '\n'));
    counts.quotes += marked(bytes_equal(word, every_byte * '"'));
  }
  for (; i < text.size(); ++i) {
    counts.line_feeds += text[i] == '\n';
    counts.quotes += text[i] == '"';
  }
  return counts;
}

std::size_t next_row_start(std::string_view text, std::size_t from, bool quoted,
                           std::size_t& line_feeds) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] != '\n') continue;
    ++line_feeds;
    if (!quoted) return i + 1;
  }
  return std::string_view::npos;
}

// Most rows hold no quote and end in LF or CRLF: their fields are cut at delimiters in one pass
// over the row, eight bytes at a time, with no copying. A quote or a lone CR sends the row to the
// general path (false), having read nothing.
bool CsvReader::read_plain_row(std::vector<std::string_view>& fields) {
  static_assert(std::endian::native == std::endian::little, "the first byte is the lowest");
  const char* data = text_.data();
  const std::size_t end = text_.size();
  // The line end is looked for within the row bound only, and a longer line is not split: a
  // hostile line of commas costs no memory.
  const std::size_t limit = pos_ + std::min(end - pos_, max_row_bytes_);
  const std::uint64_t delimiters = every_byte * static_cast<unsigned char>(delimiter_);
  std::size_t begin = pos_;
  auto finish = [&](std::size_t content_end, std::size_t next) {
    fields.emplace_back(data + begin, content_end - begin);
    pos_ = next;
    ++next_line_;
    return true;
  };
  // At the first quote, CR or LF, at `at`: the row's end, or the general path's row.
  auto special = [&](std::size_t at) {
    if (data[at] == '\n') return finish(at, at + 1);
    if (data[at] == '\r' && at + 1 < limit && data[at + 1] == '\n') return finish(at, at + 2);
    if (!std::memchr(data + at, '\n', limit - at) && end - pos_ > max_row_bytes_) {
      fields.clear();
      skip_long_row();
      return true;
    }
    fields.clear();
    return false;
  };
  std::size_t i = pos_;
  for (; i + 8 <= limit; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    std::uint64_t cuts = bytes_equal(word, delimiters);
    const std::uint64_t stops = bytes_equal(word, every_byte * '\n') |
                                bytes_equal(word, every_byte * '"') |
                                bytes_equal(word, every_byte * '\r');
    if (stops) cuts &= (stops & (~stops + 1)) - 1;  // the delimiters before the first stop
    while (cuts) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(cuts) / 8);
      fields.emplace_back(data + begin, at - begin);
      begin = at + 1;
      cuts &= cuts - 1;
    }
    if (stops) return special(i + static_cast<std::size_t>(std::countr_zero(stops) / 8));
  }
  for (; i < limit; ++i) {
    const char c = data[i];
    if (c == delimiter_) {
      fields.emplace_back(data + begin, i - begin);
      begin = i + 1;
    } else if (c == '\n' || c == '"' || c == '\r') {
      return special(i);
    }
  }
  if (end - pos_ > max_row_bytes_) {  // no line end within the bound
    fields.clear();
    skip_long_row();
    return true;
  }
  return finish(end, end);  // the last row, with no line end
}

// A line over the row bound, with no quote before the bound: it is the row, skipped whole.
void CsvReader::skip_long_row() {
  const char* data = text_.data();
  const std::size_t start = pos_;
  const char* newline =
      static_cast<const char*>(std::memchr(data + pos_, '\n', text_.size() - pos_));
  pos_ = newline ? static_cast<std::size_t>(newline - data) + 1 : text_.size();
  ++next_line_;
  problem_ = "the row is " + std::to_string(pos_ - start) + " bytes, more than the limit of " +
             std::to_string(max_row_bytes_) + " (csv_line_bytes)";
}

std::string CsvReader::too_long_row() const {
  return "the row runs past the limit of " + std::to_string(max_row_bytes_) +
         " bytes (csv_line_bytes)";
}

std::string CsvReader::spans_lines() const {
  if (!problem_.empty() || next_line_ - row_line_ <= 1) return {};
  return "the row runs over lines " + std::to_string(row_line_) + " to " +
         std::to_string(next_line_ - 1) +
         ": a quoted field holds line breaks (if its quote is a stray one, the rows between "
         "are lost in it)";
}

// The field at pos_, just after its opening quote, into spans_; false, with problem_ set, when
// it does not close within the bounds: csv_field_lines line breaks and the row's bytes.
bool CsvReader::read_quoted_field(std::size_t row_start) {
  const char* data = text_.data();
  const std::size_t end = std::min(text_.size(), row_start + max_row_bytes_);
  if (pos_ > end) {  // the fields before this one, after a line break, used up the bound
    problem_ = too_long_row();
    return false;
  }
  const int opened_on = next_line_;
  const std::size_t begin = pos_;
  const std::size_t start_unescaped = unescaped_.size();
  bool escaped = false;
  int breaks = 0;
  while (true) {
    const char* quote = static_cast<const char*>(std::memchr(data + pos_, '"', end - pos_));
    const std::size_t stop = quote ? static_cast<std::size_t>(quote - data) : end;
    for (const char* at = data + pos_;; ++at) {
      at = static_cast<const char*>(
          std::memchr(at, '\n', static_cast<std::size_t>(data + stop - at)));
      if (!at) break;
      ++next_line_;
      if (++breaks > max_field_lines_) {
        problem_ = "a quoted field opened on line " + std::to_string(opened_on) +
                   " is still open after " + std::to_string(max_field_lines_) +
                   " line breaks (csv_field_lines): a stray quote? The row is skipped and "
                   "reading goes on at the next line";
        return false;
      }
    }
    if (!quote) {
      problem_ = end < text_.size() ? too_long_row() : std::string("a quoted field is not closed");
      return false;
    }
    if (stop + 1 < end && data[stop + 1] == '"') {  // "" inside quotes
      unescaped_.append(data + pos_, stop - pos_);  // pos_ is begin until the first ""
      escaped = true;
      unescaped_.push_back('"');
      pos_ = stop + 2;
      continue;
    }
    if (escaped) unescaped_.append(data + pos_, stop - pos_);
    spans_.push_back(escaped ? Span{true, start_unescaped, unescaped_.size() - start_unescaped}
                             : Span{false, begin, stop - begin});
    pos_ = stop + 1;
    return true;
  }
}

bool CsvReader::next_row(std::vector<std::string_view>& fields) {
  fields.clear();
  malformed_ = false;
  problem_.clear();
  // Skip blank lines: they hold no row.
  const std::size_t stop = std::min(text_.size(), stop_);
  while (pos_ < stop && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++next_line_;
    ++pos_;
  }
  if (pos_ >= stop) return false;
  row_line_ = next_line_;
  const std::size_t row_start = pos_;
  auto check_encoding = [&] {
    if (!check_utf8_ || !problem_.empty()) return;
    const std::string_view row = text_.substr(row_start, pos_ - row_start);
    if (const std::size_t bad = first_invalid_utf8(row); bad != std::string_view::npos) {
      problem_ = not_utf8("the row", row, bad);
    }
  };
  if (read_plain_row(fields)) {
    check_encoding();
    return true;
  }
  unescaped_.clear();
  spans_.clear();

  const char* data = text_.data();
  const std::size_t end = text_.size();
  // Padding is spaces, and tabs unless they separate fields.
  auto is_blank = [this](char c) { return c == ' ' || (c == '\t' && delimiter_ != '\t'); };
  while (true) {
    // Padding before an opening quote is tolerated: old exports write `a, "b"`.
    std::size_t quote_at = pos_;
    while (quote_at < end && is_blank(data[quote_at]))
      ++quote_at;
    if (quote_at < end && data[quote_at] == '"') {
      pos_ = quote_at + 1;
      if (!read_quoted_field(row_start)) {
        malformed_ = true;
        break;
      }
      // Padding after the closing quote is tolerated; other text ("a"b) is malformed.
      while (pos_ < end && is_blank(data[pos_]))
        ++pos_;
      if (pos_ < end && data[pos_] != delimiter_ && data[pos_] != '\n' && data[pos_] != '\r') {
        malformed_ = true;
        problem_ = "text after the closing quote of a quoted field";
        break;
      }
    } else {
      const std::size_t begin = pos_;
      while (pos_ < end && !ends_field_[static_cast<unsigned char>(data[pos_])])
        ++pos_;
      spans_.push_back({false, begin, pos_ - begin});
    }
    // After a quoted line break the plain path's check of the line no longer bounds the row.
    if (pos_ - row_start > max_row_bytes_) {
      problem_ = too_long_row();
      break;
    }
    if (pos_ < end && data[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    break;
  }
  if (!problem_.empty()) {
    // Whatever the row's quotes hold, reading goes on at the line after its first: a stray
    // quote loses only its own line, and every line after it is read (and accounted for).
    const char* newline =
        static_cast<const char*>(std::memchr(data + row_start, '\n', end - row_start));
    pos_ = newline ? static_cast<std::size_t>(newline - data) + 1 : end;
    next_line_ = row_line_ + 1;
  } else {
    // End of row: CRLF, LF or a lone CR.
    if (pos_ < end && data[pos_] == '\r') ++pos_;
    if (pos_ < end && data[pos_] == '\n') ++pos_;
    ++next_line_;
    check_encoding();
  }
  for (const auto& span : spans_) {
    fields.push_back(span.escaped ? std::string_view(unescaped_).substr(span.begin, span.size)
                                  : text_.substr(span.begin, span.size));
  }
  return true;
}

int CsvHeader::find(std::string_view name) const {
  const auto found = std::find(names.begin(), names.end(), name);
  return found == names.end() ? -1 : static_cast<int>(found - names.begin());
}

void CsvHeader::warn_unknown(std::span<const std::string_view> known, std::string_view file,
                             std::string_view what, Diagnostics& diagnostics) const {
  for (const std::string& column : names) {
    if (std::find(known.begin(), known.end(), column) != known.end()) continue;
    diagnostics.warning(std::string(file), 1, column,
                        "column is not used by " + std::string(what) + "; it is ignored");
  }
}

void too_many_invalid_rows(const Diagnostics& kept, const InputLimits& limits,
                           std::string_view file, int line) {
  std::vector<Diagnostic> all{{Severity::error, std::string(file), line, "",
                               "more than " + std::to_string(limits.invalid_rows) +
                                   " invalid rows (invalid_rows): reading stopped here; is it "
                                   "the right file, in the format yanxiu reads?"}};
  all.insert(all.end(), kept.items().begin(), kept.items().end());
  throw InputError(std::move(all));
}

namespace {

// Spaces that spreadsheets leave around a cell: ASCII, U+00A0 and U+3000.
std::string_view trim_spaces(std::string_view text) {
  constexpr std::string_view spaces[] = {" ", "\t", "\xC2\xA0", "\xE3\x80\x80"};
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (const std::string_view space : spaces) {
      if (text.starts_with(space)) text.remove_prefix(space.size()), trimmed = true;
      if (text.ends_with(space)) text.remove_suffix(space.size()), trimmed = true;
    }
  }
  return text;
}

// "score|level" as "\"score\" or \"level\"".
std::string quoted_alternatives(std::string_view names) {
  std::string text;
  for (std::size_t start = 0;;) {
    const std::size_t bar = names.find('|', start);
    text += "\"" + std::string(names.substr(start, bar - start)) + "\"";
    if (bar == std::string_view::npos) return text;
    text += " or ";
    start = bar + 1;
  }
}

}  // namespace

std::optional<std::string_view> canonical_name(
    std::string_view header, std::span<const std::pair<std::string_view, std::string_view>> aliases,
    std::span<const std::string_view> names) {
  const std::string_view trimmed = trim_spaces(header);
  for (const auto& [alias, name] : aliases) {
    if (trimmed == alias) return name;
  }
  std::string folded(trimmed);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  for (const std::string_view name : names) {
    if (folded == name) return name;
  }
  return std::nullopt;
}

CsvHeader read_csv_header(CsvReader& reader, std::string_view file,
                          std::initializer_list<std::string_view> required, std::size_t max_columns,
                          ColumnName canonical) {
  std::vector<std::string_view> fields;
  auto fail = [&](int line, std::string message) {
    throw InputError({{Severity::error, std::string(file), line, "", std::move(message)}});
  };
  auto quoted = [](std::string_view text) { return "\"" + std::string(text) + "\""; };
  if (!reader.next_row(fields)) fail(0, "the file is empty; expected a header row");
  if (!reader.problem().empty()) fail(reader.line(), "the header: " + reader.problem());
  if (fields.size() > max_columns) {
    fail(reader.line(), "the header has " + std::to_string(fields.size()) +
                            " columns, more than the limit of " + std::to_string(max_columns) +
                            " (csv_columns)");
  }
  CsvHeader header;
  std::vector<std::string_view> as_written;
  for (auto field : fields) {
    const std::string_view written = trim(field);
    if (written.empty())
      fail(reader.line(), "column " + std::to_string(header.names.size() + 1) + " has no name");
    const auto known = canonical ? canonical(written) : std::nullopt;
    const std::string name(known ? *known : written);
    if (const int earlier = header.find(name); earlier >= 0) {
      const std::string_view first = as_written[static_cast<std::size_t>(earlier)];
      fail(reader.line(), "column " + quoted(written) + " appears twice" +
                              (first == written ? ""
                                                : " (also as " + quoted(first) + "; both mean " +
                                                      quoted(name) + ")"));
    }
    header.names.push_back(name);
    as_written.push_back(written);
  }
  std::vector<std::string_view> missing;
  for (const std::string_view names : required) {
    bool found = false;
    for (std::size_t start = 0; !found && start <= names.size();) {
      const std::size_t bar = std::min(names.find('|', start), names.size());
      found = header.find(names.substr(start, bar - start)) >= 0;
      start = bar + 1;
    }
    if (!found) missing.push_back(names);
  }
  if (missing.empty()) return header;
  // Every missing column at once, one finding each, with the present column close to it.
  const std::vector<std::string_view> present(header.names.begin(), header.names.end());
  std::vector<Diagnostic> findings;
  for (const std::string_view name : missing) {
    const auto close = closest_match(name.substr(0, name.find('|')), present);
    findings.push_back({Severity::error, std::string(file), reader.line(), "",
                        "missing required column " + quoted_alternatives(name) +
                            (close.empty() ? "" : "; is " + quoted(close) + " meant?")});
  }
  throw InputError(std::move(findings));
}

}  // namespace yanxiu::detail
