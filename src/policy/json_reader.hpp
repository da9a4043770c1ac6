#pragma once

// Typed, validating access to a JsonDocument: each problem becomes a diagnostic at the value's
// line and path. The policy loader and the policy-test loader both read through it.

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yanxiu/categories.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/hours.hpp>

#include "util/json_source.hpp"

namespace yanxiu::detail {

std::string in_quotes(std::string_view text);
/// "\"a\", \"b\", \"c\""
std::string one_of(std::span<const std::string_view> names);
inline std::string one_of(std::initializer_list<std::string_view> names) {
  return one_of(std::span(names.begin(), names.size()));
}

/// An object's members by key.
class Members {
 public:
  explicit Members(std::vector<std::pair<std::string, JsonValue>> members)
      : members_(std::move(members)) {}

  std::optional<JsonValue> get(std::string_view key) const;
  const std::vector<std::pair<std::string, JsonValue>>& all() const { return members_; }

 private:
  std::vector<std::pair<std::string, JsonValue>> members_;
};

class JsonReader {
 public:
  JsonReader(std::string file_name, Diagnostics& diagnostics)
      : file_(std::move(file_name)), diagnostics_(diagnostics) {}

  void error(const JsonValue& at, std::string message);
  void warning(const JsonValue& at, std::string message);
  /// The same at a position kept from reading (checks made once the whole document is read).
  void error(const SourcePosition& at, std::string message);
  void warning(const SourcePosition& at, std::string message);

  /// True when `value` is of `kind`; otherwise reports "expected X, found Y".
  bool expect(const JsonValue& value, JsonKind kind);
  /// The members of an object, after reporting every key not in `allowed` (with "did you mean").
  std::optional<Members> object(const JsonValue& value, std::span<const std::string_view> allowed);
  std::optional<Members> object(const JsonValue& value,
                                std::initializer_list<std::string_view> allowed) {
    return object(value, std::span(allowed.begin(), allowed.size()));
  }
  std::optional<JsonValue> required(const Members& members, const JsonValue& owner,
                                    std::string_view key);

  std::optional<std::string> string_value(const JsonValue& value);
  std::optional<std::string> optional_string(const Members& members, std::string_view key);
  /// A required, non-empty string.
  std::optional<std::string> required_string(const Members& members, const JsonValue& owner,
                                             std::string_view key);
  /// A JSON number read exactly as hours: at most two decimals, not negative.
  std::optional<Hours> hours(const JsonValue& value);
  std::optional<long> integer(const JsonValue& value, long low, long high);
  std::optional<bool> boolean(const JsonValue& value);
  std::optional<std::vector<JsonValue>> array(const JsonValue& value);

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

}  // namespace yanxiu::detail
