#include "teacher_selector.hpp"

#include <algorithm>
#include <optional>
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

TeacherSelector::TeacherSelector(const Selector& selector, const TeacherColumns& teachers)
    : selector_(&selector), teachers_(&teachers) {
  for (const SelectorNode& node : selector.nodes) {
    using Source = BoundAttribute::Source;
    BoundAttribute attribute;
    if (node.attribute.empty()) {
    } else if (node.attribute == age_attribute) {
      attribute.source = Source::age;
      uses_age_ = true;
    } else if (node.attribute == "id") {
      attribute.source = Source::id;
    } else if (node.attribute == "birth_date") {
      attribute = {Source::day, nullptr, &teachers.birth_day};
    } else if (node.attribute == "join_date") {
      attribute = {Source::day, nullptr, &teachers.join_day};
    } else if (node.attribute == "leave_date") {
      attribute = {Source::day, nullptr, &teachers.leave_day};
    } else if (const StringColumn* column = teachers.attribute(node.attribute)) {
      attribute = {Source::text, column, nullptr};
    }
    attributes_.push_back(attribute);
  }
}

bool TeacherSelector::matches(int index, TeacherIndex teacher, DayNumber on) const {
  const SelectorNode& node = selector_->nodes[static_cast<std::size_t>(index)];
  switch (node.op) {
    case SelectorOp::always:
      return true;
    case SelectorOp::all:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](int child) { return matches(child, teacher, on); });
    case SelectorOp::any:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](int child) { return matches(child, teacher, on); });
    case SelectorOp::not_:
      return !matches(node.children.front(), teacher, on);
    default:
      break;
  }

  // The teacher's value, as text and, for numeric operands, as hundredths.
  const BoundAttribute& attribute = attributes_[static_cast<std::size_t>(index)];
  using Source = BoundAttribute::Source;
  const auto row = static_cast<std::size_t>(teacher);
  std::string day_text;
  std::string_view text;
  std::optional<std::int64_t> number;
  switch (attribute.source) {
    case Source::none:
      return false;
    case Source::id:
      text = (*teachers_).id[row];
      break;
    case Source::text:
      text = (*attribute.text)[row];
      break;
    case Source::day: {
      const DayNumber day = (*attribute.days)[row];
      if (day == no_day) return false;
      day_text = day_to_iso(day);
      text = day_text;
      break;
    }
    case Source::age: {
      const DayNumber birth = (*teachers_).birth_day[row];
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

}  // namespace yanxiu::detail
