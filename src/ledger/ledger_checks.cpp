// Checking one teacher or record row against the policy and the input limits: the
// diagnostics a row gets, and the checked row appended to the columns.

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "policy/json_reader.hpp"
#include "util/make.hpp"
#include "util/text_index.hpp"
#include "util/utf8.hpp"

namespace yanxiu {

using detail::in_quotes;

namespace {

std::int32_t intern(InternedColumn& column, detail::NameMap<std::int32_t>& index,
                    std::string_view value) {
  if (value.empty()) return -1;
  auto found = index.find(value);
  if (found == index.end()) {
    found = index.emplace(std::string(value), static_cast<std::int32_t>(column.names.size())).first;
    column.names.emplace_back(value);
  }
  return found->second;
}

std::string category_index_out_of_range(std::int64_t index, std::size_t category_count) {
  return "category index " + std::to_string(index) + " is out of range: the policy has " +
         std::to_string(category_count) + " categories";
}

std::string row_outcome(const RecordRow& row) {
  return in_quotes(row.outcome) + (row.level.empty() ? "" : " (" + std::string(row.level) + ")");
}

using FieldProblem = std::optional<std::pair<std::string, std::string>>;

FieldProblem field_problem(std::string column, std::string message) {
  return FieldProblem({std::move(column), std::move(message)});
}

// What the credit bank lets a record of `category` claim: attendance, an offset, an exemption,
// a split.
FieldProblem check_bank_fields(const Policy& policy, const RecordRow& row, CategoryIndex category) {
  const CreditBank& bank = policy.credit_bank();
  auto category_id = [&](CategoryIndex c) {
    return in_quotes(policy.categories()[static_cast<std::size_t>(c)].id);
  };
  if (row.attended) {
    if (*row.attended < Hours()) return field_problem("attended", "is negative");
    if (*row.attended > row.hours) {
      return field_problem("attended", to_string(*row.attended) + " hours attended of a " +
                                           to_string(row.hours) + "-hour course");
    }
  }
  if (!row.counts_as.empty()) {
    const auto target = detail::category_of(policy, row.counts_as);
    if (!target) return field_problem("counts_as", detail::unknown_category(policy, row.counts_as));
    const bool allowed = std::any_of(
        bank.offsets.begin(), bank.offsets.end(),
        [&](const CreditBank::Offset& o) { return o.from == category && o.to == *target; });
    if (!allowed) {
      return field_problem("counts_as", "the policy's credit bank lets no " +
                                            category_id(category) + " record count as " +
                                            category_id(*target));
    }
  }
  if (row.exempted && !(bank.exemptible >> category & 1)) {
    return field_problem("exempted", "courses of " + category_id(category) +
                                         " cannot be exempted under this policy");
  }
  if (!row.split.empty()) {
    if (!bank.split)
      return field_problem("split", "the policy's credit bank does not split courses");
    if (!row.counts_as.empty())
      return field_problem("split", "a record is split or counts as another category, not both");
    Hours sum;
    for (const SplitPortion& portion : row.split) {
      if (!detail::category_of(policy, portion.category)) {
        return field_problem("split", detail::unknown_category(policy, portion.category));
      }
      if (portion.hours < Hours()) return field_problem("split", "a negative portion");
      sum += portion.hours;
    }
    if (sum != row.hours) {
      return field_problem("split", "the portions add up to " + to_string(sum) +
                                        ", not the record's " + to_string(row.hours) + " hours");
    }
    if (row.split.size() > 64) return field_problem("split", "more than 64 portions");
  }
  return std::nullopt;
}

// An outcome: the policy must convert it, at the record's level, within the rate.
FieldProblem check_outcome_fields(const Policy& policy, const RecordRow& row, std::int32_t count) {
  if (row.outcome.empty()) {
    if (!row.level.empty())
      return field_problem("level", "a level qualifies an outcome, and the record has none");
    return std::nullopt;
  }
  const Conversion* conversion = policy.find_conversion(row.outcome);
  if (!conversion) {
    std::vector<std::string_view> outcomes;
    for (const auto& c : policy.conversions())
      outcomes.push_back(c.outcome);
    const auto close = closest_match(row.outcome, outcomes);
    return field_problem("outcome",
                         "the policy converts no outcome " + in_quotes(row.outcome) +
                             (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
  }
  const auto rate = std::find_if(conversion->rates.begin(), conversion->rates.end(),
                                 [&](const ConversionRate& r) { return r.level == row.level; });
  if (rate == conversion->rates.end()) {
    std::vector<std::string_view> levels;
    for (const auto& r : conversion->rates)
      levels.push_back(r.level);
    std::string listed;
    for (auto level : levels)
      listed += (listed.empty() ? "" : ", ") + in_quotes(level);
    const auto close = closest_match(row.level, levels);
    return field_problem(
        "level",
        (row.level.empty()
             ? "a " + row_outcome(row) + " needs a level: "
             : "unknown level " + in_quotes(row.level) + " for " + in_quotes(row.outcome) + "; ") +
            (close.empty() || row.level.empty() ? "one of " + listed
                                                : "did you mean " + in_quotes(close) + "?"));
  }
  const Hours low = Hours::from_hundredths(rate->min.hundredths() * count);
  const Hours high = Hours::from_hundredths(rate->max.hundredths() * count);
  if (rate->min == rate->max) {
    if (row.hours != Hours() && row.hours != low) {
      return field_problem("hours", row_outcome(row) + " converts at " + to_string(rate->min) +
                                        " hours an item; " + std::to_string(count) + " make " +
                                        to_string(low) + ", not " + to_string(row.hours) +
                                        " (leave hours empty)");
    }
  } else if (row.hours < low || row.hours > high) {
    return field_problem("hours", "the reviewer's choice for " + row_outcome(row) +
                                      " lies within " + to_string(rate->min) + ".." +
                                      to_string(rate->max) + " hours an item (" +
                                      std::to_string(count) + ": " + to_string(low) + ".." +
                                      to_string(high) + "), not " + to_string(row.hours));
  }
  return std::nullopt;
}

// What the credit bank and the conversions allow a record to claim (credits.hpp); the first
// problem as (column, message).
FieldProblem check_credit_fields(const Policy& policy, const RecordRow& row, CategoryIndex category,
                                 std::int32_t count) {
  if (auto found = check_bank_fields(policy, row, category)) return found;
  return check_outcome_fields(policy, row, count);
}

}  // namespace

namespace detail {

DayRange allowed_days(const InputLimits& limits) {
  // The default bounds, on every row: no date arithmetic.
  if (limits.first_year <= 1900 && limits.last_year >= 2200) return {earliest_day, latest_day};
  const auto day_of = [](int year, int month, int day) {
    return to_day_number(Date(static_cast<unsigned short>(std::clamp(year, 1900, 2200)),
                              static_cast<unsigned short>(month),
                              static_cast<unsigned short>(day)));
  };
  return {day_of(limits.first_year, 1, 1), day_of(limits.last_year, 12, 31)};
}

std::string outside_years(const InputLimits& limits) {
  return "date outside the years " + std::to_string(std::max(limits.first_year, 1900)) + ".." +
         std::to_string(std::min(limits.last_year, 2200)) + " (first_year..last_year)";
}

void reserve(RecordColumns& records, std::size_t rows) {
  const std::size_t total = records.size() + rows;
  records.id.reserve(total, total * 12);
  records.certificate.reserve(total, total * 4);
  for_each_value_column(records, [&](auto& column) { column.reserve(total); });
}

void reject_teacher(LedgerData& data, RowOrigin origin, std::string field, std::string message) {
  data.diagnostics.error(data.files[origin.file], origin.line, std::move(field),
                         std::move(message));
  ++data.invalid_teacher_rows;
}

std::optional<std::pair<std::string, std::string>> check_teacher(const LedgerData& data,
                                                                 const TeacherRow& row) {
  auto problem = [](std::string field, std::string message) {
    return std::optional<std::pair<std::string, std::string>>(
        {std::move(field), std::move(message)});
  };
  if (row.attributes.size() != data.teachers.attribute_names.size()) {
    return problem("", "expected " + std::to_string(data.teachers.attribute_names.size()) +
                           " attribute values, found " + std::to_string(row.attributes.size()));
  }
  if (row.id.empty()) return problem("id", "is empty; every teacher needs an id");
  if (!valid_utf8(row.id)) return problem("id", *invalid_text(row.id));
  for (std::size_t i = 0; i < row.attributes.size(); ++i) {
    if (!valid_utf8(row.attributes[i]))
      return problem(data.teachers.attribute_names[i], *invalid_text(row.attributes[i]));
  }
  const DayRange allowed = allowed_days(data.limits);
  for (auto [field, day] : {std::pair{"birth_date", row.birth_day},
                            {"join_date", row.join_day},
                            {"leave_date", row.leave_day}}) {
    if (day != no_day && (day < allowed.first || day > allowed.last)) {
      return problem(field, outside_years(data.limits));
    }
  }
  if (row.join_day != no_day && row.leave_day != no_day && row.leave_day < row.join_day) {
    return problem("leave_date",
                   day_to_iso(row.leave_day) + " is before join_date " + day_to_iso(row.join_day));
  }
  for (const DayRange& absence : row.absences) {
    if (absence.first < allowed.first || absence.last > allowed.last) {
      return problem("leave", outside_years(data.limits));
    }
    if (absence.last < absence.first) {
      return problem("leave", "a leave from " + day_to_iso(absence.first) +
                                  " ends before it starts, on " + day_to_iso(absence.last));
    }
  }
  if (data.teachers.size() >= static_cast<std::size_t>(INT32_MAX - 1)) {
    return problem("", "too many teachers");
  }
  return std::nullopt;
}

void push_teacher(LedgerData& data, const TeacherRow& row, RowOrigin origin) {
  auto& teachers = data.teachers;
  teachers.id.push_back(row.id);
  teachers.birth_day.push_back(row.birth_day);
  teachers.join_day.push_back(row.join_day);
  teachers.leave_day.push_back(row.leave_day);
  teachers.line.push_back(origin.line);
  for (std::size_t i = 0; i < row.attributes.size(); ++i)
    teachers.attributes[i].push_back(row.attributes[i]);
  for (const DayRange& absence : row.absences) {
    teachers.absence_first_day.push_back(absence.first);
    teachers.absence_last_day.push_back(absence.last);
  }
  teachers.absence_begin.push_back(static_cast<std::int32_t>(teachers.absence_first_day.size()));
  // A value the policy does not declare makes its selectors silently miss the teacher: say so.
  for (std::size_t i = 0; i < row.attributes.size(); ++i) {
    const std::string& name = teachers.attribute_names[i];
    for (const AttributeSpec& spec : data.policy.attributes()) {
      if (spec.id != name || spec.values.empty() || row.attributes[i].empty()) continue;
      std::string_view rest = row.attributes[i];
      while (!rest.empty()) {
        const auto separator =
            spec.type == AttributeType::list ? rest.find(';') : std::string_view::npos;
        std::string_view value = rest.substr(0, separator);
        while (!value.empty() && value.front() == ' ')
          value.remove_prefix(1);
        while (!value.empty() && value.back() == ' ')
          value.remove_suffix(1);
        if (!value.empty() &&
            std::find(spec.values.begin(), spec.values.end(), value) == spec.values.end()) {
          std::vector<std::string_view> known(spec.values.begin(), spec.values.end());
          const auto close = closest_match(value, known);
          data.diagnostics.warning(
              data.files[origin.file], origin.line, name,
              in_quotes(value) + " is not a value the policy declares" +
                  (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
        }
        if (separator == std::string_view::npos) break;
        rest.remove_prefix(separator + 1);
      }
    }
  }
}

void reject_record(const LedgerData& data, RecordChecks& checks, RowOrigin origin,
                   std::string field, std::string message) {
  checks.diagnostics.error(data.files[origin.file], origin.line, std::move(field),
                           std::move(message));
  ++checks.invalid;
}

std::optional<CheckedRecord> check_record(const LedgerData& data,
                                          const std::vector<std::string_view>& category_ids,
                                          RecordChecks& checks, const RecordRow& row,
                                          RowOrigin origin, std::size_t records_before) {
  auto reject = [&](std::string field, std::string message) {
    reject_record(data, checks, origin, std::move(field), std::move(message));
    return std::nullopt;
  };
  if (row.id.empty()) return reject("id", "is empty; every record needs an id");
  // Texts go on into JSON, CSV and explanations, whose readers refuse bytes that are not UTF-8.
  if (!checks.texts_utf8) {
    for (auto [field, text] : {std::pair{"id", row.id},
                               {"teacher_id", row.teacher_id},
                               {"category", row.category},
                               {"activity", row.activity},
                               {"outcome", row.outcome},
                               {"level", row.level},
                               {"certificate", row.certificate},
                               {"assessment", row.assessment},
                               {"counts_as", row.counts_as}}) {
      if (!valid_utf8(text)) return reject(field, *invalid_text(text));
    }
    for (const SplitPortion& portion : row.split) {
      if (!valid_utf8(portion.category)) return reject("split", *invalid_text(portion.category));
    }
  }
  if (checks.last_teacher < 0 || row.teacher_id != checks.last_teacher_id) {
    const auto found = data.teacher_by_id.find(row.teacher_id);
    if (found == data.teacher_by_id.end()) {
      return reject("teacher_id",
                    row.teacher_id.empty() ? "is empty" : unknown_teacher(data, row.teacher_id));
    }
    checks.last_teacher_id = row.teacher_id;
    checks.last_teacher = found->second;
  }
  if (row.start_day == no_day) return reject("date", "is empty");
  const DayRange allowed = allowed_days(data.limits);
  if (row.start_day < allowed.first || row.start_day > allowed.last) {
    return reject("date", outside_years(data.limits));
  }
  const DayNumber end_day = row.end_day == no_day ? row.start_day : row.end_day;
  if (end_day > allowed.last) return reject("end_date", outside_years(data.limits));
  if (end_day < row.start_day) {
    return reject("end_date", day_to_iso(end_day) + " is before date " + day_to_iso(row.start_day));
  }
  if (row.recorded_day != no_day &&
      (row.recorded_day < allowed.first || row.recorded_day > allowed.last)) {
    return reject("recorded_at", outside_years(data.limits));
  }
  if (row.hours < Hours()) return reject("hours", to_string(row.hours) + " is negative");
  if (row.hours > data.limits.record_hours) {
    return reject("hours", to_string(row.hours) + " is more than the limit of " +
                               to_string(data.limits.record_hours) +
                               " hours for one record (record_hours)");
  }
  const bool by_index = row.category_index != no_category;
  const auto category_count = static_cast<CategoryIndex>(category_ids.size());
  if (by_index && (row.category_index < 0 || row.category_index >= category_count)) {
    return reject("category", category_index_out_of_range(row.category_index, category_ids.size()));
  }
  const auto category = by_index ? std::optional<CategoryIndex>(row.category_index)
                                 : detail::category_of(data.policy, row.category);
  if (!category) {
    return reject("category", row.category.empty()
                                  ? "is empty"
                                  : detail::unknown_category(data.policy, row.category));
  }
  if (row.count < 0) return reject("count", "is negative");
  const std::int32_t count = row.count == 0 ? 1 : row.count;
  // Most records claim nothing of the credit bank or the conversions: nothing to check there.
  const bool claims_credit = row.attended || !row.counts_as.empty() || row.exempted ||
                             !row.split.empty() || !row.outcome.empty() || !row.level.empty();
  if (claims_credit) {
    if (auto problem = check_credit_fields(data.policy, row, *category, count))
      return reject(problem->first, problem->second);
  }
  if (records_before >= static_cast<std::size_t>(INT32_MAX - 1)) {
    return reject("", "too many records");
  }

  // Whether its status is credited is the audit's to judge (as certified or as submitted).
  const Calendar& calendar = data.policy.calendar();
  const DayNumber day = calendar.assign_by() == AssignBy::start ? row.start_day : end_day;
  Disposition intake = Disposition::credited;
  if (!calendar.in_cycle(day)) {
    intake = Disposition::outside;
    warn_outside(data, checks, origin, row.end_day != no_day, day);
  }
  const DayNumber known_day =
      row.recorded_day == no_day ? end_day : std::max(end_day, row.recorded_day);
  return CheckedRecord{checks.last_teacher, *category, count, end_day, day, known_day, intake};
}

void warn_outside(const LedgerData& data, RecordChecks& checks, RowOrigin origin, bool end_given,
                  DayNumber day) {
  const Calendar& calendar = data.policy.calendar();
  checks.diagnostics.warning(
      data.files[origin.file], origin.line,
      calendar.assign_by() == AssignBy::end && end_given ? "end_date" : "date",
      day_to_iso(day) + " is outside the cycle " + day_to_iso(calendar.cycle().first_day) + ".." +
          day_to_iso(calendar.cycle().last_day) + "; the record is not counted");
}

std::optional<CellProblem> array_row(const RecordArrays& records, std::size_t i,
                                     std::size_t category_count, RecordRow& row,
                                     std::vector<SplitPortion>& portions) {
  using enum RecordField;
  RecordCells cells;
  auto text = [&](RecordField field, const char* const* column) {
    cells[field] = Cell::of_text(text_at(column, i));
  };
  // A null value column is absent: its rows take RecordRow's defaults.
  auto value = [&](RecordField field, const auto* column, std::int64_t absent) {
    cells[field] = Cell::of_value(column ? static_cast<std::int64_t>(column[i]) : absent);
  };
  text(id, records.id);
  text(teacher_id, records.teacher_id);
  value(date, records.start_day, no_day);
  value(end_date, records.end_day, no_day);
  value(recorded_at, records.recorded_day, no_day);
  value(hours, records.hours, 0);
  if (records.category) {
    value(category, records.category, no_category);
  } else {
    text(category, records.category_id);
  }
  value(status, records.status, static_cast<std::int64_t>(RecordStatus::certified));
  text(activity, records.activity);
  text(outcome, records.outcome);
  value(count, records.outcome_count, 0);
  text(certificate, records.certificate);
  text(level, records.level);
  value(attended, records.attended, -1);
  text(assessment, records.assessment);
  text(counts_as, records.counts_as);
  value(exempted, records.exempted, 0);
  text(split, records.split);
  return read_record_cells(cells, category_count, row, portions);
}

bool append_record(const LedgerData& data, const std::vector<std::string_view>& category_ids,
                   RecordBatch& batch, const RecordRow& row, RowOrigin origin) {
  const auto checked = check_record(data, category_ids, batch, row, origin, batch.records.size());
  if (!checked) return false;
  RecordColumns& records = batch.records;
  const InternedIds ids{intern(records.activity, batch.activities, row.activity),
                        intern(records.outcome, batch.outcomes, row.outcome),
                        intern(records.level, batch.levels, row.level),
                        intern(records.assessment, batch.assessments, row.assessment)};
  write_record(records, data.policy, row, *checked, ids, origin,
               [](auto& column, auto value) { column.push_back(value); });
  return true;
}

void mark_duplicate(LedgerData& data, std::size_t row, std::size_t first, Diagnostics& warnings) {
  RecordColumns& records = data.records;
  records.intake[row] = Disposition::duplicate;
  warnings.warning(data.files[records.file[row]], records.line[row], "id",
                   "duplicate record id " + in_quotes(records.id[row]) + ", first on line " +
                       std::to_string(records.line[first]) + "; not counted again");
}

void sort_diagnostics(LedgerData& data) {
  auto file_rank = [&](const std::string& file) {
    return std::find(data.files.begin(), data.files.end(), file) - data.files.begin();
  };
  data.diagnostics.sort([&](const Diagnostic& a, const Diagnostic& b) {
    const auto rank_a = file_rank(a.file), rank_b = file_rank(b.file);
    return rank_a != rank_b ? rank_a < rank_b : a.line < b.line;
  });
  data.diagnostics.list_left_out();
}

}  // namespace detail

}  // namespace yanxiu
