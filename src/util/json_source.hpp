#pragma once

// JSON read with Boost.PropertyTree, plus what PropertyTree forgets: the line of every value and
// whether it was a number, a string, an array... (PropertyTree keeps every scalar as text and
// cannot tell [] from {} from ""). Policies and policy tests both read through this.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/property_tree/ptree.hpp>

namespace yanxiu::detail {

enum class JsonKind : std::uint8_t { null, boolean, number, string, object, array };

/// "a number", "an array"...: for "expected X, found Y" messages.
std::string_view describe(JsonKind kind);

class JsonDocument;

/// A value of a document with its JSON path ("rules[2].min") and line.
class JsonValue {
 public:
  JsonKind kind() const { return kind_; }
  int line() const { return line_; }
  const std::string& path() const { return path_; }
  /// The scalar's text: a string unescaped, a number as written, "true", "false", "null".
  const std::string& text() const { return tree_->data(); }

  /// Members of an object, in document order (duplicates included; the document lists those).
  std::vector<std::pair<std::string, JsonValue>> members() const;
  /// Elements of an array.
  std::vector<JsonValue> elements() const;

 private:
  friend class JsonDocument;
  JsonValue(const JsonDocument* document, const boost::property_tree::ptree* tree, std::string path,
            int parent_line);

  const JsonDocument* document_;
  const boost::property_tree::ptree* tree_;
  std::string path_;
  int line_ = 0;
  JsonKind kind_ = JsonKind::null;
};

struct JsonLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;
  int max_depth = 64;
  std::string_view bytes_name;  ///< the InputLimits bound max_bytes comes from, if any
  /// The whole file's size when the text is only its start (read_bounded), for the message.
  std::uintmax_t file_bytes = 0;
};

/// A parsed document. Syntax errors, a document over the limits, and duplicate keys are
/// reported through `error` as (line, path, message); the document is usable only when none was.
class JsonDocument {
 public:
  struct Problem {
    int line = 0;
    std::string path;
    std::string message;
  };

  JsonDocument(std::string_view text, const JsonLimits& limits = {});

  const std::vector<Problem>& problems() const { return problems_; }
  bool ok() const { return problems_.empty(); }
  JsonValue root() const;

 private:
  friend class JsonValue;
  struct Position {
    int line = 0;
    JsonKind kind = JsonKind::null;
  };
  void scan_positions(std::string_view text);

  boost::property_tree::ptree tree_;
  std::unordered_map<std::string, Position> positions_;
  std::vector<Problem> problems_;
};

/// The value in a canonical form: no whitespace, object members sorted by key (bytewise), numbers
/// without trailing fractional zeros ("30.0" is "30"), strings escaped as the audit's JSON does.
/// Two documents that say the same thing have the same form, whatever their layout or key order.
std::string canonical_json(const JsonValue& value);

/// The text of a JSON file, read no further than one byte past `max_bytes` (a huge upload is
/// refused without being held; the document's own limit then says so); nothing when it cannot
/// be opened.
std::optional<std::string> read_bounded(const std::filesystem::path& path, std::size_t max_bytes);

/// The limits of a policy file's document: InputLimits' policy_bytes and json_depth, and the
/// file's size when read_bounded stopped short of its end.
JsonLimits policy_file_limits(const std::filesystem::path& path, std::string_view text,
                              std::size_t max_bytes, int max_depth, std::string_view bytes_name);

}  // namespace yanxiu::detail
