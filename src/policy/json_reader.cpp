#include "policy/json_reader.hpp"

#include <algorithm>

namespace yanxiu::detail {

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string one_of(std::span<const std::string_view> names) {
  std::string text;
  for (auto name : names) {
    if (!text.empty()) text += ", ";
    text += in_quotes(name);
  }
  return text;
}

std::optional<JsonValue> Members::get(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return value;
  }
  return std::nullopt;
}

void JsonReader::error(const JsonValue& at, std::string message) {
  diagnostics_.error(file_, at.line(), at.path(), std::move(message));
}

void JsonReader::warning(const JsonValue& at, std::string message) {
  diagnostics_.warning(file_, at.line(), at.path(), std::move(message));
}

void JsonReader::error(const SourcePosition& at, std::string message) {
  diagnostics_.error(file_, at.line, at.path, std::move(message));
}

void JsonReader::warning(const SourcePosition& at, std::string message) {
  diagnostics_.warning(file_, at.line, at.path, std::move(message));
}

bool JsonReader::expect(const JsonValue& value, JsonKind kind) {
  if (value.kind() == kind) return true;
  error(value, "expected " + std::string(describe(kind)) + ", found " +
                   std::string(describe(value.kind())));
  return false;
}

std::optional<Members> JsonReader::object(const JsonValue& value,
                                          std::span<const std::string_view> allowed) {
  if (!expect(value, JsonKind::object)) return std::nullopt;
  Members members(value.members());
  const std::vector<std::string_view> candidates(allowed.begin(), allowed.end());
  for (const auto& [key, member] : members.all()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const std::string_view close = closest_match(key, candidates);
    error(member, close.empty() ? "unknown key; expected one of " + one_of(allowed)
                                : "unknown key; did you mean " + in_quotes(close) + "?");
  }
  return members;
}

std::optional<JsonValue> JsonReader::required(const Members& members, const JsonValue& owner,
                                              std::string_view key) {
  if (auto value = members.get(key)) return value;
  error(owner, "missing required key " + in_quotes(key));
  return std::nullopt;
}

std::optional<std::string> JsonReader::string_value(const JsonValue& value) {
  if (!expect(value, JsonKind::string)) return std::nullopt;
  // "\u0000" parses to a NUL, which would cut the string short in C and in files.
  if (value.text().find('\0') != std::string::npos) {
    error(value, "holds a NUL character (\\u0000)");
    return std::nullopt;
  }
  return value.text();
}

std::optional<std::string> JsonReader::optional_string(const Members& members,
                                                       std::string_view key) {
  if (auto value = members.get(key)) return string_value(*value);
  return std::nullopt;
}

std::optional<std::string> JsonReader::required_string(const Members& members,
                                                       const JsonValue& owner,
                                                       std::string_view key) {
  auto value = required(members, owner, key);
  if (!value) return std::nullopt;
  auto text = string_value(*value);
  if (text && text->empty()) {
    error(*value, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<Hours> JsonReader::hours(const JsonValue& value) {
  if (!expect(value, JsonKind::number)) return std::nullopt;
  HoursSyntax why = HoursSyntax::ok;
  auto parsed = parse_hours(value.text(), &why);
  if (!parsed) {
    error(value, value.text() + " " + std::string(describe(why)));
    return std::nullopt;
  }
  if (*parsed < Hours()) {
    error(value, value.text() + " is negative");
    return std::nullopt;
  }
  return parsed;
}

std::optional<long> JsonReader::integer(const JsonValue& value, long low, long high) {
  if (!expect(value, JsonKind::number)) return std::nullopt;
  const std::string& text = value.text();
  const bool digits =
      !text.empty() && text.size() <= 9 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const long number = digits ? std::stol(text) : -1;
  if (!digits || number < low || number > high) {
    error(value, "expected a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high) + ", found " + text);
    return std::nullopt;
  }
  return number;
}

std::optional<bool> JsonReader::boolean(const JsonValue& value) {
  if (!expect(value, JsonKind::boolean)) return std::nullopt;
  return value.text() == "true";
}

std::optional<std::vector<JsonValue>> JsonReader::array(const JsonValue& value) {
  if (!expect(value, JsonKind::array)) return std::nullopt;
  return value.elements();
}

}  // namespace yanxiu::detail
