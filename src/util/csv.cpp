#include "util/csv.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace yanxiu::detail {

namespace {

// The characters that end an unquoted field: one table lookup per character.
constexpr auto ends_field = [] {
  std::array<bool, 256> table{};
  table[','] = table['\n'] = table['\r'] = true;
  return table;
}();

}  // namespace

CsvReader::CsvReader(std::string_view text, int first_line, std::size_t max_row_bytes)
    : text_(text), next_line_(first_line), max_row_bytes_(max_row_bytes) {
  if (first_line == 1 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

// Most rows hold no quote and end in LF or CRLF: their fields are cut at commas, with no
// copying and no second pass. Any other row takes the general path.
bool CsvReader::read_plain_row(std::vector<std::string_view>& fields) {
  const char* data = text_.data();
  const std::size_t end = text_.size();
  const char* newline = static_cast<const char*>(std::memchr(data + pos_, '\n', end - pos_));
  const std::size_t row_end = newline ? static_cast<std::size_t>(newline - data) : end;
  std::size_t content_end = row_end;
  if (content_end > pos_ && data[content_end - 1] == '\r') --content_end;
  const std::size_t length = content_end - pos_;
  if (std::memchr(data + pos_, '"', length) || std::memchr(data + pos_, '\r', length)) return false;
  // Commas are found eight bytes at a time: in x = word ^ ",,,,,,,,", a byte is zero exactly
  // where the word has a comma; the test below marks such bytes with 0x80 and, unlike the
  // shorter has-zero trick, never lets one byte's borrow mark the next.
  std::size_t begin = pos_;
  std::size_t i = pos_;
  static_assert(std::endian::native == std::endian::little, "the first comma is the lowest byte");
  constexpr std::uint64_t lows = 0x7F7F7F7F7F7F7F7FULL;
  for (; i + 8 <= content_end; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    const std::uint64_t x = word ^ 0x2C2C2C2C2C2C2C2CULL;
    std::uint64_t commas = ~(((x & lows) + lows) | x | lows);
    while (commas) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(commas) / 8);
      fields.emplace_back(data + begin, at - begin);
      begin = at + 1;
      commas &= commas - 1;
    }
  }
  for (; i < content_end; ++i) {
    if (data[i] != ',') continue;
    fields.emplace_back(data + begin, i - begin);
    begin = i + 1;
  }
  fields.emplace_back(data + begin, content_end - begin);
  pos_ = newline ? row_end + 1 : end;
  ++next_line_;
  return true;
}

bool CsvReader::next_row(std::vector<std::string_view>& fields) {
  fields.clear();
  malformed_ = false;
  // Skip blank lines: they hold no row.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++next_line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  row_line_ = next_line_;
  const std::size_t row_start = pos_;
  if (read_plain_row(fields)) {
    row_bytes_ = pos_ - row_start;
    return true;
  }
  unescaped_.clear();

  auto& spans = spans_;
  spans.clear();

  const char* data = text_.data();
  const std::size_t end = text_.size();
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  while (true) {
    // Padding before an opening quote is tolerated: old exports write `a, "b"`.
    std::size_t quote_at = pos_;
    while (quote_at < end && is_blank(data[quote_at]))
      ++quote_at;
    if (quote_at < end && data[quote_at] == '"') {
      pos_ = quote_at + 1;
      std::size_t begin = pos_;
      bool escaped = false;
      std::size_t start_unescaped = unescaped_.size();
      bool closed = false;
      while (pos_ < end) {
        const char* quote = static_cast<const char*>(std::memchr(data + pos_, '"', end - pos_));
        const std::size_t stop = quote ? static_cast<std::size_t>(quote - data) : end;
        for (std::size_t i = pos_; i < stop; ++i) {
          if (data[i] == '\n') ++next_line_;
        }
        if (!quote) {
          if (escaped) unescaped_.append(data + pos_, end - pos_);
          pos_ = end;
          break;
        }
        if (stop + 1 < end && data[stop + 1] == '"') {  // "" inside quotes
          if (!escaped) {
            escaped = true;
            unescaped_.append(data + begin, stop - begin);
          } else {
            unescaped_.append(data + pos_, stop - pos_);
          }
          unescaped_.push_back('"');
          pos_ = stop + 2;
          continue;
        }
        if (escaped) unescaped_.append(data + pos_, stop - pos_);
        spans.push_back(escaped ? Span{true, start_unescaped, unescaped_.size() - start_unescaped}
                                : Span{false, begin, stop - begin});
        pos_ = stop + 1;
        closed = true;
        break;
      }
      if (!closed) {
        malformed_ = true;
        spans.push_back(escaped ? Span{true, start_unescaped, unescaped_.size() - start_unescaped}
                                : Span{false, begin, end - begin});
        break;
      }
      // Padding after the closing quote is tolerated; other text ("a"b) is malformed.
      while (pos_ < end && is_blank(data[pos_]))
        ++pos_;
      if (pos_ < end && data[pos_] != ',' && data[pos_] != '\n' && data[pos_] != '\r') {
        malformed_ = true;
        while (pos_ < end && data[pos_] != ',' && data[pos_] != '\n' && data[pos_] != '\r')
          ++pos_;
      }
    } else {
      const std::size_t begin = pos_;
      while (pos_ < end && !ends_field[static_cast<unsigned char>(data[pos_])])
        ++pos_;
      spans.push_back({false, begin, pos_ - begin});
    }
    if (pos_ < end && data[pos_] == ',') {
      ++pos_;
      continue;
    }
    break;
  }
  row_bytes_ = pos_ - row_start;
  if (malformed_) {
    // A stray quote must not swallow the rows after it: resume on the next line, so that only
    // this row is lost, and reported.
    const char* newline =
        static_cast<const char*>(std::memchr(data + row_start, '\n', end - row_start));
    pos_ = newline ? static_cast<std::size_t>(newline - data) + 1 : end;
    next_line_ = row_line_ + 1;
  } else {
    // End of row: CRLF, LF or a lone CR.
    if (pos_ < end && data[pos_] == '\r') ++pos_;
    if (pos_ < end && data[pos_] == '\n') ++pos_;
    ++next_line_;
  }

  for (const auto& span : spans) {
    fields.push_back(span.escaped ? std::string_view(unescaped_).substr(span.begin, span.size)
                                  : text_.substr(span.begin, span.size));
  }
  return true;
}

std::string CsvReader::too_long_message() const {
  return "the row is " + std::to_string(row_bytes_) + " bytes, more than the limit of " +
         std::to_string(max_row_bytes_) + " (csv_line_bytes)";
}

std::string read_input_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw InputError({{Severity::error, path.string(), 0, "", "cannot open the file"}});
  }
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
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

CsvHeader read_csv_header(CsvReader& reader, std::string_view file,
                          std::initializer_list<std::string_view> required,
                          std::size_t max_columns) {
  std::vector<std::string_view> fields;
  auto fail = [&](int line, std::string message) {
    throw InputError({{Severity::error, std::string(file), line, "", std::move(message)}});
  };
  auto quoted = [](std::string_view text) { return "\"" + std::string(text) + "\""; };
  if (!reader.next_row(fields)) fail(0, "the file is empty; expected a header row");
  if (reader.too_long()) fail(reader.line(), "the header: " + reader.too_long_message());
  if (fields.size() > max_columns) {
    fail(reader.line(), "the header has " + std::to_string(fields.size()) +
                            " columns, more than the limit of " + std::to_string(max_columns) +
                            " (csv_columns)");
  }
  CsvHeader header;
  for (auto field : fields) {
    const std::string name(trim(field));
    if (name.empty())
      fail(reader.line(), "column " + std::to_string(header.names.size() + 1) + " has no name");
    if (header.find(name) >= 0) fail(reader.line(), "column " + quoted(name) + " appears twice");
    header.names.push_back(name);
  }
  for (auto name : required) {
    if (header.find(name) < 0) {
      std::vector<std::string_view> present(header.names.begin(), header.names.end());
      const auto close = closest_match(name, present);
      fail(reader.line(), "missing required column " + quoted(name) +
                              (close.empty() ? "" : "; is " + quoted(close) + " meant?"));
    }
  }
  return header;
}

}  // namespace yanxiu::detail
