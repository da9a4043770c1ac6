#include "ledger/selector_match.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace yanxiu::detail {

namespace {

// Whole years from `birth` to `on`.
int age_on(DayNumber birth, DayNumber on) {
  const Date b = from_day_number(birth), d = from_day_number(on);
  const bool before_birthday =
      d.month() < b.month() || (d.month() == b.month() && d.day() < b.day());
  return d.year() - b.year() - (before_birthday ? 1 : 0);
}

// A teacher's value of a selector's attribute, as text and, for numeric operands, as hundredths.
// Not copyable: `text` may point into `day_text`.
struct TeacherValue {
  std::string day_text;
  std::string_view text;
  std::optional<std::int64_t> number;

  TeacherValue() = default;
  TeacherValue(const TeacherValue&) = delete;
  TeacherValue& operator=(const TeacherValue&) = delete;

  /// -1, 0 or 1 as the value is below, at or above the operand; none when a number is asked
  /// of a value that is not one.
  std::optional<int> compare(const SelectorValue& operand) {
    if (operand.hundredths) {
      if (!number) {
        const auto parsed = parse_hours(text);
        if (!parsed) return std::nullopt;
        number = parsed->hundredths();
      }
      return *number < *operand.hundredths ? -1 : *number > *operand.hundredths ? 1 : 0;
    }
    const int order = text.compare(operand.text);
    return order < 0 ? -1 : order > 0 ? 1 : 0;
  }
};

// Fills `value` with the teacher's value of the attribute on the day `on`; false when the
// teacher has none (no such column, no date, an empty cell).
bool read_value(const TeacherColumns& teachers, const SelectorMatcher::BoundAttribute& attribute,
                TeacherIndex teacher, DayNumber on, TeacherValue& value) {
  using Source = SelectorMatcher::BoundAttribute::Source;
  const auto row = static_cast<std::size_t>(teacher);
  switch (attribute.source) {
    case Source::none:
      return false;
    case Source::id:
      value.text = teachers.id[row];
      break;
    case Source::text:
      value.text = teachers.attributes[attribute.text][row];
      break;
    case Source::day: {
      const DayNumber day = (teachers.*attribute.days)[row];
      if (day == no_day) return false;
      value.day_text = day_to_iso(day);
      value.text = value.day_text;
      break;
    }
    case Source::age: {
      const DayNumber birth = teachers.birth_day[row];
      if (birth == no_day) return false;
      value.number = std::int64_t{age_on(birth, on)} * 100;
      value.day_text = std::to_string(*value.number / 100);
      value.text = value.day_text;
      break;
    }
  }
  return !value.text.empty();
}

// Whether a ;-separated list holds any of the values.
bool list_has(std::string_view text, const std::vector<SelectorValue>& values) {
  for (std::string_view rest = text; !rest.empty();) {
    const auto separator = rest.find(';');
    std::string_view item = rest.substr(0, separator);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    for (const auto& value : values) {
      if (item == value.text) return true;
    }
    if (separator == std::string_view::npos) break;
    rest.remove_prefix(separator + 1);
  }
  return false;
}

// Whether a comparison operator holds for the order (-1, 0, 1) of the value to the operand.
bool holds(SelectorOp op, int order) {
  switch (op) {
    case SelectorOp::eq:
      return order == 0;
    case SelectorOp::ne:
      return order != 0;
    case SelectorOp::lt:
      return order < 0;
    case SelectorOp::le:
      return order <= 0;
    case SelectorOp::gt:
      return order > 0;
    case SelectorOp::ge:
      return order >= 0;
    default:
      return false;
  }
}

}  // namespace

SelectorMatcher::BoundSelector SelectorMatcher::bind(const Selector& selector) const {
  const TeacherColumns& teachers = ledger_.teachers();
  BoundSelector bound;
  bound.selector = &selector;
  for (const SelectorNode& node : selector.nodes) {
    using Source = BoundAttribute::Source;
    BoundAttribute attribute;
    if (node.attribute.empty()) {
    } else if (node.attribute == age_attribute) {
      attribute.source = Source::age;
      bound.uses_age = true;
    } else if (node.attribute == "id") {
      attribute.source = Source::id;
    } else if (node.attribute == "birth_date") {
      attribute = {Source::day, 0, &TeacherColumns::birth_day};
    } else if (node.attribute == "join_date") {
      attribute = {Source::day, 0, &TeacherColumns::join_day};
    } else if (node.attribute == "leave_date") {
      attribute = {Source::day, 0, &TeacherColumns::leave_day};
    } else if (const StringColumn* column = teachers.attribute(node.attribute)) {
      attribute = {Source::text, static_cast<std::size_t>(column - teachers.attributes.data()),
                   nullptr};
    }
    bound.attributes.push_back(attribute);
  }
  return bound;
}

bool SelectorMatcher::applies(const BoundSelector& bound, TeacherIndex teacher,
                              DayNumber on) const {
  return bound.selector->matches_everyone() || matches(bound, 0, teacher, on);
}

bool SelectorMatcher::matches(const BoundSelector& bound, int index, TeacherIndex teacher,
                              DayNumber on) const {
  const SelectorNode& node = bound.selector->nodes[static_cast<std::size_t>(index)];
  switch (node.op) {
    case SelectorOp::always:
      return true;
    case SelectorOp::all:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](int child) { return matches(bound, child, teacher, on); });
    case SelectorOp::any:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](int child) { return matches(bound, child, teacher, on); });
    case SelectorOp::not_:
      return !matches(bound, node.children.front(), teacher, on);
    default:
      break;
  }

  TeacherValue value;
  if (!read_value(ledger_.teachers(), bound.attributes[static_cast<std::size_t>(index)], teacher,
                  on, value))
    return false;
  switch (node.op) {
    case SelectorOp::in:
      return std::any_of(node.values.begin(), node.values.end(),
                         [&](const SelectorValue& operand) { return value.compare(operand) == 0; });
    case SelectorOp::has:
      return list_has(value.text, node.values);
    default: {
      const auto order = value.compare(node.values.front());
      return order && holds(node.op, *order);
    }
  }
}

bool SelectorMatcher::selects(const Selector& selector, TeacherIndex teacher, DayNumber on) const {
  return applies(bind(selector), teacher, on);
}

}  // namespace yanxiu::detail
