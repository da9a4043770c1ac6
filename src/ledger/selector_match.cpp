#include "ledger/selector_match.hpp"

#include <algorithm>
#include <string>

namespace yanxiu::detail {

namespace {

// Whole years from `birth` to `on`.
int age_on(DayNumber birth, DayNumber on) {
  const Date b = from_day_number(birth), d = from_day_number(on);
  const bool before_birthday =
      d.month() < b.month() || (d.month() == b.month() && d.day() < b.day());
  return d.year() - b.year() - (before_birthday ? 1 : 0);
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

  // The teacher's value, as text and, for numeric operands, as hundredths.
  const BoundAttribute& attribute = bound.attributes[static_cast<std::size_t>(index)];
  using Source = BoundAttribute::Source;
  const auto row = static_cast<std::size_t>(teacher);
  std::string day_text;
  std::string_view text;
  std::optional<std::int64_t> number;
  switch (attribute.source) {
    case Source::none:
      return false;
    case Source::id:
      text = ledger_.teachers().id[row];
      break;
    case Source::text:
      text = ledger_.teachers().attributes[attribute.text][row];
      break;
    case Source::day: {
      const DayNumber day = (ledger_.teachers().*attribute.days)[row];
      if (day == no_day) return false;
      day_text = day_to_iso(day);
      text = day_text;
      break;
    }
    case Source::age: {
      const DayNumber birth = ledger_.teachers().birth_day[row];
      if (birth == no_day) return false;
      number = std::int64_t{age_on(birth, on)} * 100;
      day_text = std::to_string(*number / 100);
      text = day_text;
      break;
    }
  }
  if (text.empty()) return false;

  auto compare = [&](const SelectorValue& operand) -> std::optional<int> {
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
  };
  switch (node.op) {
    case SelectorOp::in:
      return std::any_of(node.values.begin(), node.values.end(),
                         [&](const SelectorValue& value) { return compare(value) == 0; });
    case SelectorOp::has:
      // A ;-separated list holds any of the values.
      for (std::string_view rest = text; !rest.empty();) {
        const auto separator = rest.find(';');
        std::string_view item = rest.substr(0, separator);
        while (!item.empty() && item.front() == ' ')
          item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
          item.remove_suffix(1);
        for (const auto& value : node.values) {
          if (item == value.text) return true;
        }
        if (separator == std::string_view::npos) break;
        rest.remove_prefix(separator + 1);
      }
      return false;
    default:
      break;
  }
  const auto order = compare(node.values.front());
  if (!order) return false;
  switch (node.op) {
    case SelectorOp::eq:
      return *order == 0;
    case SelectorOp::ne:
      return *order != 0;
    case SelectorOp::lt:
      return *order < 0;
    case SelectorOp::le:
      return *order <= 0;
    case SelectorOp::gt:
      return *order > 0;
    case SelectorOp::ge:
      return *order >= 0;
    default:
      return false;
  }
}

bool SelectorMatcher::selects(const Selector& selector, TeacherIndex teacher, DayNumber on) const {
  return applies(bind(selector), teacher, on);
}

}  // namespace yanxiu::detail
