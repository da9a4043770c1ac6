// Windows that start at a teacher's own date (新教师试用期内, 任职第一年内), the window kept
// apart from the cycle (试用期培训不计入周期学时), and deadlines inside a period (第9周). A policy
// without windows runs none of this.

#include <algorithm>

#include "engine/evaluator.hpp"

namespace yanxiu::detail {

bool TeacherEvaluator::bind_windows(const Ledger& ledger) {
  const auto& names = ledger.teachers().attribute_names;
  bool any = false;
  window_column_.assign(rules_.size(), -1);
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    const auto& window = rules_[r].window;
    if (!window) continue;
    any = true;
    if (window->apart) apart_rule_ = static_cast<int>(r);
    if (window->from == "join_date") continue;
    const auto found = std::find(names.begin(), names.end(), window->from);
    // A teachers file without the column gives every teacher no date: no window.
    window_column_[r] =
        found == names.end() ? -2 : static_cast<std::int32_t>(found - names.begin());
  }
  return any;
}

bool TeacherEvaluator::window_days(std::size_t rule, TeacherIndex teacher, DayNumber& first,
                                   DayNumber& last) const {
  const TeacherColumns& teachers = ledger_.teachers();
  const auto t = static_cast<std::size_t>(teacher);
  const std::int32_t column = window_column_[rule];
  DayNumber start = no_day;
  if (column == -1) {
    start = teachers.join_day[t];
  } else if (column >= 0) {
    if (const auto day = parse_day(teachers.attributes[static_cast<std::size_t>(column)][t]))
      start = *day;
  }
  if (start == no_day) return false;
  first = start;
  last = window_last_day(start, rules_[rule].window->months);
  return true;
}

DayNumber window_last_day(DayNumber start, int months) {
  return to_day_number(from_day_number(start) + boost::gregorian::months(months)) - 1;
}

Period due_days(const Rule& rule, const Period& period) {
  Period days = period;
  if (rule.due_week > 0)
    days.last_day = std::min(period.last_day, period.first_day + 7 * rule.due_week - 1);
  return days;
}

bool teacher_window(const Rule& rule, const Ledger& ledger, TeacherIndex teacher, DayNumber& first,
                    DayNumber& last) {
  if (!rule.window) return false;
  const TeacherColumns& teachers = ledger.teachers();
  const auto t = static_cast<std::size_t>(teacher);
  DayNumber start = no_day;
  if (rule.window->from == "join_date") {
    start = teachers.join_day[t];
  } else {
    const auto& names = teachers.attribute_names;
    const auto found = std::find(names.begin(), names.end(), rule.window->from);
    if (found != names.end()) {
      if (const auto day =
              parse_day(teachers.attributes[static_cast<std::size_t>(found - names.begin())][t]))
        start = *day;
    }
  }
  if (start == no_day) return false;
  first = start;
  last = window_last_day(start, rule.window->months);
  return true;
}

bool TeacherEvaluator::find_window(std::size_t rule, TeacherIndex teacher) {
  const Period& cycle = calendar_.cycle();
  window_period_ = cycle;
  window_period_.first_day = cycle.last_day + 1;  // empty until the teacher's date is known
  DayNumber first = 0, last = 0;
  if (!window_days(rule, teacher, first, last)) return false;
  window_period_.first_day = std::max(first, cycle.first_day);
  window_period_.last_day = std::min(last, cycle.last_day);
  return window_period_.first_day <= window_period_.last_day;
}

void TeacherEvaluator::find_apart(TeacherIndex teacher) {
  apart_first_ = apart_last_ = no_day;
  if (apart_rule_ < 0) return;
  DayNumber first = 0, last = 0;
  if (!window_days(static_cast<std::size_t>(apart_rule_), teacher, first, last)) return;
  apart_first_ = first;
  apart_last_ = last;
}

void TeacherEvaluator::remove_apart() {
  for (const Item& item : items_) {
    if (item.day < apart_first_ || item.day > apart_last_) continue;
    const std::size_t cell =
        static_cast<std::size_t>(calendar_.semester_of(item.day)) * category_count_ +
        static_cast<std::size_t>(item.category);
    semester_sums_[cell] -= item.hours;
    if (hours_behind_ && item.hours > 0) semester_hours_[cell] -= item.recorded;
  }
}

}  // namespace yanxiu::detail
