#include "util/json_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "util/utf8.hpp"

// Boost 1.74's json_parser still includes <boost/bind.hpp>, which asks for this in a pragma message
// on every build; nothing here uses the placeholders.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#include <boost/property_tree/json_parser.hpp>

#include <yanxiu/diagnostics.hpp>
#include <yanxiu/sys/fields.hpp>

namespace yanxiu::detail {

namespace pt = boost::property_tree;

std::string_view describe(JsonKind kind) {
  switch (kind) {
    case JsonKind::null:
      return "null";
    case JsonKind::boolean:
      return "true or false";
    case JsonKind::number:
      return "a number";
    case JsonKind::string:
      return "a string";
    case JsonKind::object:
      return "an object";
    case JsonKind::array:
      return "an array";
  }
  return "a value";
}

namespace {

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// The line of the first bracket, outside strings, nested deeper than `max_depth`; 0 when none is.
// PropertyTree's parser recurses per level, so a hostile "[[[[..." must be refused before it is
// parsed.
int line_too_deep(std::string_view text, int max_depth) {
  int depth = 0, line = 1;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return line;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return 0;
}

// A second, light pass over text PropertyTree has accepted: the line and kind of every path.
class PositionScanner {
 public:
  using Callback = std::function<void(const std::string&, int, JsonKind)>;

  PositionScanner(std::string_view text, std::vector<JsonDocument::Problem>& problems)
      : text_(text), problems_(problems) {}

  template <typename Record>
  void run(Record&& record) {
    skip_space();
    value("", line_, record);
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::string string_token() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      c = peek();
      ++pos_;
      switch (c) {
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          std::uint32_t code = hex4();
          if (code >= 0xD800 && code < 0xDC00 && peek() == '\\' && pos_ + 1 < text_.size() &&
              text_[pos_ + 1] == 'u') {
            pos_ += 2;
            code = 0x10000 + ((code - 0xD800) << 10) + (hex4() - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          out.push_back(c);
      }
    }
    ++pos_;  // closing quote
    return out;
  }

  std::uint32_t hex4() {
    std::uint32_t code = 0;
    for (int i = 0; i < 4 && pos_ < text_.size(); ++i, ++pos_) {
      const char c = text_[pos_];
      code = code * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return code;
  }

  template <typename Record>
  void value(const std::string& path, int line, Record& record) {
    const char c = peek();
    if (c == '{') {
      record(path, line, JsonKind::object);
      ++pos_;
      std::unordered_set<std::string> keys;
      skip_space();
      while (peek() == '"') {
        const int key_line = line_;
        const std::string key = string_token();
        const std::string child = path.empty() ? key : path + "." + key;
        if (!keys.insert(key).second) {
          problems_.push_back({key_line, child, "duplicate key; each key may appear once"});
        }
        skip_space();
        ++pos_;  // ':'
        skip_space();
        value(child, key_line, record);
        skip_space();
        if (peek() == ',') ++pos_;
        skip_space();
      }
      ++pos_;  // '}'
    } else if (c == '[') {
      record(path, line, JsonKind::array);
      ++pos_;
      skip_space();
      for (int index = 0; peek() != ']' && pos_ < text_.size(); ++index) {
        value(path + "[" + std::to_string(index) + "]", line_, record);
        skip_space();
        if (peek() == ',') ++pos_;
        skip_space();
      }
      ++pos_;  // ']'
    } else if (c == '"') {
      record(path, line, JsonKind::string);
      string_token();
    } else {
      const JsonKind kind = c == 'n'               ? JsonKind::null
                            : c == 't' || c == 'f' ? JsonKind::boolean
                                                   : JsonKind::number;
      record(path, line, kind);
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
             text_[pos_] != ']' && text_[pos_] != ' ' && text_[pos_] != '\n' &&
             text_[pos_] != '\r' && text_[pos_] != '\t') {
        ++pos_;
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::vector<JsonDocument::Problem>& problems_;
};

}  // namespace

JsonDocument::JsonDocument(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    problems_.push_back(
        {0, "",
         "the file is " + std::to_string(limits.file_bytes ? limits.file_bytes : text.size()) +
             " bytes, more than the limit of " + std::to_string(limits.max_bytes) +
             (limits.bytes_name.empty() ? "" : " (" + std::string(limits.bytes_name) + ")")});
    return;
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM from Windows editors
  // Invalid bytes (a GB18030 file, an unpaired surrogate written as ED A0 80) would flow into
  // every id and message read from the policy: they are refused before parsing.
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    problems_.push_back({1 + static_cast<int>(std::count(
                                 text.begin(), text.begin() + static_cast<long>(bad), '\n')),
                         "", not_utf8("the policy", text, bad) + "; save it as UTF-8"});
    return;
  }
  if (const int line = line_too_deep(text, limits.max_depth)) {
    problems_.push_back({line, "",
                         "arrays and objects nested deeper than the limit of " +
                             std::to_string(limits.max_depth) + " levels (json_depth)"});
    return;
  }
  try {
    std::istringstream stream{std::string(text)};
    pt::read_json(stream, tree_);
  } catch (const pt::json_parser_error& error) {
    problems_.push_back({static_cast<int>(error.line()), "", "invalid JSON: " + error.message()});
    return;
  }
  scan_positions(text);
}

void JsonDocument::scan_positions(std::string_view text) {
  PositionScanner scanner(text, problems_);
  scanner.run([this](const std::string& path, int line, JsonKind kind) {
    positions_.try_emplace(path, Position{line, kind});
  });
}

JsonValue JsonDocument::root() const {
  return JsonValue(this, &tree_, "", 1);
}

JsonValue::JsonValue(const JsonDocument* document, const pt::ptree* tree, std::string path,
                     int parent_line)
    : document_(document), tree_(tree), path_(std::move(path)), line_(parent_line) {
  const auto found = document_->positions_.find(path_);
  if (found != document_->positions_.end()) {
    line_ = found->second.line;
    kind_ = found->second.kind;
  }
}

std::vector<std::pair<std::string, JsonValue>> JsonValue::members() const {
  std::vector<std::pair<std::string, JsonValue>> members;
  if (kind_ != JsonKind::object) return members;
  for (const auto& [key, child] : *tree_) {
    members.emplace_back(
        key, JsonValue(document_, &child, path_.empty() ? key : path_ + "." + key, line_));
  }
  return members;
}

std::vector<JsonValue> JsonValue::elements() const {
  std::vector<JsonValue> elements;
  if (kind_ != JsonKind::array) return elements;
  int index = 0;
  for (const auto& entry : *tree_) {
    elements.push_back(
        JsonValue(document_, &entry.second, path_ + "[" + std::to_string(index++) + "]", line_));
  }
  return elements;
}

namespace {

// "30.50" -> "30.5", "30.0" -> "30", "-0" stays: only a plain decimal's fraction is trimmed.
std::string canonical_number(const std::string& text) {
  if (text.find_first_of("eE") != std::string::npos) return text;
  const auto point = text.find('.');
  if (point == std::string::npos) return text;
  std::size_t end = text.find_last_not_of('0');
  if (end == point) return text.substr(0, point);
  return text.substr(0, end + 1);
}

void append_canonical(std::string& out, const JsonValue& value) {
  switch (value.kind()) {
    case JsonKind::null:
    case JsonKind::boolean:
      out += value.text();
      return;
    case JsonKind::number:
      out += canonical_number(value.text());
      return;
    case JsonKind::string:
      append_json_string(out, value.text());
      return;
    case JsonKind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value.elements()) {
        if (!first) out.push_back(',');
        first = false;
        append_canonical(out, element);
      }
      out.push_back(']');
      return;
    }
    case JsonKind::object: {
      auto members = value.members();
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : members) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(out, key);
        out.push_back(':');
        append_canonical(out, member);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string canonical_json(const JsonValue& value) {
  std::string out;
  append_canonical(out, value);
  return out;
}

std::optional<std::string> read_bounded(const std::filesystem::path& path, std::size_t max_bytes) {
  // A directory opens as a stream of nothing: said here, in the command line's words, for every
  // caller (the C ABI and Python included).
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw PolicyError({{Severity::error, path.string(), 0, "", "is a directory, not a file"}});
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= max_bytes && file.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(file.gcount()));
  return text;
}

JsonLimits policy_file_limits(const std::filesystem::path& path, std::string_view text,
                              std::size_t max_bytes, int max_depth, std::string_view bytes_name) {
  JsonLimits limits{max_bytes, max_depth, bytes_name};
  std::error_code ignored;  // a size that cannot be read leaves the text's own in the message
  if (text.size() > max_bytes) limits.file_bytes = std::filesystem::file_size(path, ignored);
  if (limits.file_bytes == static_cast<std::uintmax_t>(-1)) limits.file_bytes = 0;
  return limits;
}

}  // namespace yanxiu::detail
