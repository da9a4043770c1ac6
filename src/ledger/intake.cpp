// The one reading of an input row's cells (sys/intake.hpp), and the words for what is wrong with
// a cell: every adapter (CSV files, DataFrames, the C ABI's columns) goes through here.

#include <charconv>
#include <cstdio>
#include <limits>

#include <yanxiu/sys/intake.hpp>

#include "ledger/ledger_data.hpp"
#include "util/csv.hpp"
#include "util/utf8.hpp"

namespace yanxiu {

namespace {

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string_view next_item(std::string_view& rest) {
  const auto separator = rest.find(';');
  const std::string_view item = detail::trim(rest.substr(0, separator));
  rest = separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 1);
  return item;
}

std::optional<CellProblem> problem(std::string column, std::string message) {
  return CellProblem{std::move(column), std::move(message)};
}

// A date cell into `day`: a day number, or text (empty: no_day); false for text that is not a
// date. (An out-parameter: an optional returned through memory stalls this hot loop.)
bool date_cell(const Cell& cell, DayNumber& day) {
  if (cell.has_value) {
    day = static_cast<DayNumber>(cell.value);
    return true;
  }
  if (cell.text.empty()) {
    day = no_day;
    return true;
  }
  const auto parsed = parse_day(cell.text);
  if (parsed) day = *parsed;
  return parsed.has_value();
}

std::string bad_date(std::string_view text) {
  return in_quotes(text) + " is not a date (YYYY-MM-DD, years 1900..2200)";
}

// Hours as text: exact to the hundredth, or what is wrong.
std::optional<Hours> hours_text(std::string_view text, std::string& why_not) {
  HoursSyntax why = HoursSyntax::ok;
  const auto hours = parse_hours(text, &why);
  if (!hours) why_not = in_quotes(text) + " " + std::string(describe(why));
  return hours;
}

// The statuses by name: the engine's own, then the words Chinese platforms export
// (docs/policy-format.md, "Inputs the policy judges").
struct StatusName {
  std::string_view name;
  RecordStatus status;
};
constexpr StatusName status_names[] = {
    {"certified", RecordStatus::certified}, {"group_certified", RecordStatus::group_certified},
    {"pending", RecordStatus::pending},     {"rejected", RecordStatus::rejected},
    {"已认证", RecordStatus::certified},    {"教研组已认证", RecordStatus::group_certified},
    {"待审核", RecordStatus::pending},      {"已驳回", RecordStatus::rejected},
};

std::optional<RecordStatus> status_cell(const Cell& cell, std::string& why_not) {
  if (cell.has_value) {
    if (cell.value >= 0 && cell.value < record_status_count)
      return static_cast<RecordStatus>(cell.value);
    why_not = "unknown status " + std::to_string(cell.value);
    return std::nullopt;
  }
  for (const StatusName& known : status_names) {
    if (known.name == cell.text) return known.status;
  }
  std::vector<std::string_view> names;
  for (const StatusName& known : status_names)
    names.push_back(known.name);
  const auto close = closest_match(cell.text, names);
  why_not = "unknown status " + in_quotes(cell.text) +
            "; expected \"certified\", \"group_certified\", \"pending\" or \"rejected\"" +
            (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?");
  return std::nullopt;
}

}  // namespace

std::string_view trim_cell(std::string_view text) {
  return detail::trim(text);
}

std::optional<bool> parse_flag(std::string_view text) {
  for (std::string_view yes : {"yes", "true", "1", "是"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"no", "false", "0", "否"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

std::optional<std::string> parse_ranges(std::string_view text, std::vector<DayRange>& ranges) {
  for (std::string_view rest = text; !rest.empty();) {
    const std::string_view item = next_item(rest);
    if (item.empty()) continue;
    const auto dots = item.find("..");
    const auto first = dots == std::string_view::npos
                           ? std::nullopt
                           : parse_day(detail::trim(item.substr(0, dots)));
    const auto last = dots == std::string_view::npos
                          ? std::nullopt
                          : parse_day(detail::trim(item.substr(dots + 2)));
    if (!first || !last)
      return in_quotes(item) + " is not a period FIRST..LAST of dates YYYY-MM-DD";
    ranges.push_back({*first, *last});
  }
  return std::nullopt;
}

// "school:10;self:5": a course split across categories.
std::optional<std::string> parse_split(std::string_view text, std::vector<SplitPortion>& portions) {
  for (std::string_view rest = text; !rest.empty();) {
    const std::string_view item = next_item(rest);
    if (item.empty()) continue;
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) return in_quotes(item) + " is not CATEGORY:HOURS";
    HoursSyntax why = HoursSyntax::ok;
    const auto hours = parse_hours(detail::trim(item.substr(colon + 1)), &why);
    if (!hours) return in_quotes(item.substr(colon + 1)) + " " + std::string(describe(why));
    portions.push_back({detail::trim(item.substr(0, colon)), *hours});
  }
  return std::nullopt;
}

std::optional<CellProblem> read_record_cells(const RecordCells& cells, std::size_t category_count,
                                             RecordRow& row, std::vector<SplitPortion>& portions) {
  using enum RecordField;
  // Every field written here, without a temporary RecordRow: this runs once a row.
  row.id = cells[id].text;
  row.teacher_id = cells[teacher_id].text;
  row.activity = cells[activity].text;
  row.outcome = cells[outcome].text;
  row.level = cells[level].text;
  row.certificate = cells[certificate].text;
  row.assessment = cells[assessment].text;
  row.counts_as = cells[counts_as].text;
  row.category = {};
  row.category_index = no_category;
  row.status = RecordStatus::certified;
  row.count = 0;
  row.attended.reset();
  row.exempted = false;
  row.split = {};

  if (!date_cell(cells[date], row.start_day)) return problem("date", bad_date(cells[date].text));
  if (!date_cell(cells[end_date], row.end_day))
    return problem("end_date", bad_date(cells[end_date].text));
  if (!date_cell(cells[recorded_at], row.recorded_day))
    return problem("recorded_at", bad_date(cells[recorded_at].text));

  std::string why_not;
  if (const Cell& cell = cells[hours]; cell.has_value) {
    row.hours = Hours::from_hundredths(cell.value);
  } else if (cell.text.empty() && (!row.activity.empty() || !row.outcome.empty())) {
    row.hours = Hours();  // an activity or outcome record need not carry hours
  } else if (cell.text.empty()) {
    return problem("hours", "is empty");
  } else if (const auto parsed = hours_text(cell.text, why_not)) {
    row.hours = *parsed;
  } else {
    return problem("hours", std::move(why_not));
  }

  if (const Cell& cell = cells[category]; cell.has_value) {
    // A value names the category by index, and a negative one is a wrong index, not "none".
    if (cell.value < 0 || cell.value > std::numeric_limits<CategoryIndex>::max()) {
      return problem("category", "category index " + std::to_string(cell.value) +
                                     " is out of range: the policy has " +
                                     std::to_string(category_count) + " categories");
    }
    row.category_index = static_cast<CategoryIndex>(cell.value);
  } else {
    row.category = cell.text;
  }

  if (const Cell& cell = cells[count]; cell.has_value) {
    row.count = static_cast<std::int32_t>(cell.value);
  } else if (!cell.text.empty()) {
    const char* const end = cell.text.data() + cell.text.size();
    const auto result = std::from_chars(cell.text.data(), end, row.count);
    if (result.ec != std::errc() || result.ptr != end)
      return problem("count", in_quotes(cell.text) + " is not a whole number");
  }

  if (const Cell& cell = cells[status]; cell.has_value || !cell.text.empty()) {
    const auto parsed = status_cell(cell, why_not);
    if (!parsed) return problem("status", std::move(why_not));
    row.status = *parsed;
  }

  if (const Cell& cell = cells[attended]; cell.has_value) {
    if (cell.value >= 0) row.attended = Hours::from_hundredths(cell.value);
  } else if (!cell.text.empty()) {
    row.attended = hours_text(cell.text, why_not);
    if (!row.attended) return problem("attended", std::move(why_not));
  }

  if (const Cell& cell = cells[exempted]; cell.has_value) {
    row.exempted = cell.value != 0;
  } else if (!cell.text.empty()) {
    const auto flag = parse_flag(cell.text);
    if (!flag) return problem("exempted", in_quotes(cell.text) + " is not yes or no");
    row.exempted = *flag;
  }

  portions.clear();
  if (const auto text = cells[split].text; !text.empty()) {
    if (auto wrong = parse_split(text, portions)) return problem("split", std::move(*wrong));
  }
  row.split = portions;
  return std::nullopt;
}

std::optional<CellProblem> read_teacher_cells(const TeacherCells& cells, TeacherRow& row,
                                              std::vector<DayRange>& absences) {
  using enum TeacherField;
  row = TeacherRow();
  row.id = cells[id].text;
  for (auto [field, target] : {std::pair{birth_date, &row.birth_day},
                               {join_date, &row.join_day},
                               {leave_date, &row.leave_day}}) {
    if (!date_cell(cells[field], *target)) {
      return problem(std::string(teacher_field_names[std::size_t(field)]),
                     bad_date(cells[field].text));
    }
  }
  absences.clear();
  if (auto wrong = parse_ranges(cells[leave].text, absences))
    return problem("leave", std::move(*wrong));
  row.attributes = cells.attributes;
  row.absences = absences;
  return std::nullopt;
}

namespace detail {

std::optional<std::string> invalid_text(std::string_view text) {
  const std::size_t at = first_invalid_utf8(text);
  if (at == std::string_view::npos) return std::nullopt;
  return not_utf8("", text, at);
}

std::optional<CategoryIndex> category_of(const Policy& policy, std::string_view text) {
  if (const auto by_id = policy.find_category(text)) return by_id;
  // A label names its category when no other category has it.
  std::optional<CategoryIndex> found;
  const auto& categories = policy.categories();
  for (std::size_t i = 0; i < categories.size(); ++i) {
    if (categories[i].label.empty() || categories[i].label != text) continue;
    if (found) return std::nullopt;
    found = static_cast<CategoryIndex>(i);
  }
  return found;
}

std::string unknown_category(const Policy& policy, std::string_view text) {
  const auto& categories = policy.categories();
  std::vector<std::string_view> ids, labels;
  std::string sharing;
  for (const Category& category : categories) {
    ids.push_back(category.id);
    if (category.label.empty()) continue;
    labels.push_back(category.label);
    if (category.label == text) sharing += (sharing.empty() ? "" : ", ") + in_quotes(category.id);
  }
  if (!sharing.empty()) {
    return "category label " + in_quotes(text) + " names several categories (" + sharing +
           "); write the id";
  }
  std::string message = "unknown category " + in_quotes(text);
  // A label cut short ("学校" for "学校研修") is too far for an edit distance counted in bytes:
  // the one label that holds the text is meant.
  std::string_view holding;
  int holders = 0;
  for (const std::string_view candidate : labels) {
    if (text.empty() || candidate.find(text) == std::string_view::npos) continue;
    holding = candidate;
    ++holders;
  }
  if (const auto close = closest_match(text, ids); !close.empty()) {
    message += "; did you mean " + in_quotes(close) + "?";
  } else if (const auto label = holders == 1 ? holding : closest_match(text, labels);
             !label.empty()) {
    for (const Category& category : categories) {
      if (category.label != label) continue;
      message += "; did you mean " + in_quotes(category.id) + " (" + std::string(label) + ")?";
      break;
    }
  }
  return message;
}

}  // namespace detail

}  // namespace yanxiu
