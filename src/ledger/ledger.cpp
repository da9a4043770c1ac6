#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "util/make.hpp"
#include "util/text_index.hpp"
#include "util/utf8.hpp"

namespace yanxiu {

namespace {

constexpr std::string_view disposition_names[] = {"credited",  "capped",      "gated",  "outside",
                                                  "duplicate", "uncertified", "invalid"};

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

template <typename T>
void permute(std::vector<T>& column, const std::vector<std::int32_t>& order) {
  std::vector<T> sorted;
  sorted.reserve(column.size());
  for (auto old : order)
    sorted.push_back(column[static_cast<std::size_t>(old)]);
  column = std::move(sorted);
}

}  // namespace

std::string_view to_string(Disposition disposition) {
  return disposition_names[static_cast<int>(disposition)];
}

std::string summary_line(const DispositionCounts& counts) {
  return summary_line("records", counts);
}

void StringColumn::reserve(std::size_t rows, std::size_t chars) {
  ends_.reserve(rows);
  chars_.reserve(chars);
}

void StringColumn::grow(std::size_t more) {
  chars_.resize(std::max<std::size_t>({64, 2 * chars_.size(), chars_used() + more}));
}

void StringColumn::append(const StringColumn& other, std::size_t begin, std::size_t end) {
  if (begin == end) return;
  const std::uint64_t first = begin == 0 ? 0 : other.ends_[begin - 1];
  const std::uint64_t more = other.ends_[end - 1] - first;
  const std::uint64_t base = chars_used();
  if (more > chars_.size() - base) grow(more);
  if (more > 0) std::memcpy(chars_.data() + base, other.chars_.data() + first, more);
  ends_.reserve(ends_.size() + (end - begin));
  for (std::size_t r = begin; r < end; ++r)
    ends_.push_back(other.ends_[r] - first + base);
}

void StringColumn::append(std::span<const std::string_view> values) {
  std::uint64_t used = chars_used();
  std::size_t more = 0;
  for (const std::string_view value : values)
    more += value.size();
  if (more > chars_.size() - used) grow(more);
  const std::size_t first = ends_.size();
  ends_.resize(first + values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i].empty()) std::memcpy(chars_.data() + used, values[i].data(), values[i].size());
    used += values[i].size();
    ends_[first + i] = used;
  }
}

StringColumn StringColumn::permuted(std::span<const std::int32_t> order) const {
  StringColumn out;
  out.reserve(order.size(), chars_used());
  for (auto old : order)
    out.push_back((*this)[static_cast<std::size_t>(old)]);
  return out;
}

std::int32_t InternedColumn::find(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<std::int32_t>(i);
  }
  return -1;
}

const StringColumn* TeacherColumns::attribute(std::string_view name) const {
  for (std::size_t i = 0; i < attribute_names.size(); ++i) {
    if (attribute_names[i] == name) return &attributes[i];
  }
  return nullptr;
}

// --- Ledger -------------------------------------------------------------------------------

const Policy& Ledger::policy() const {
  return data_->policy;
}
const TeacherColumns& Ledger::teachers() const {
  return data_->teachers;
}
const RecordColumns& Ledger::records() const {
  return data_->records;
}
RecordIndex Ledger::record_begin(TeacherIndex teacher) const {
  return data_->record_begin[static_cast<std::size_t>(teacher)];
}
const std::vector<std::string>& Ledger::files() const {
  return data_->files;
}
const Diagnostics& Ledger::diagnostics() const {
  return data_->diagnostics;
}
const DispositionCounts& Ledger::intake_counts() const {
  return data_->intake;
}
std::int64_t Ledger::invalid_teacher_rows() const {
  return data_->invalid_teacher_rows;
}

std::optional<TeacherIndex> Ledger::find_teacher(std::string_view id) const {
  const auto found = data_->teacher_by_id.find(id);
  if (found == data_->teacher_by_id.end()) return std::nullopt;
  return found->second;
}

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

// What the credit bank and the conversions allow a record to claim (credits.hpp); the first
// problem as (column, message).
std::optional<std::pair<std::string, std::string>> check_credit_fields(const Policy& policy,
                                                                       const RecordRow& row,
                                                                       CategoryIndex category,
                                                                       std::int32_t count) {
  const CreditBank& bank = policy.credit_bank();
  auto category_id = [&](CategoryIndex c) {
    return in_quotes(policy.categories()[static_cast<std::size_t>(c)].id);
  };
  auto problem = [](std::string column, std::string message) {
    return std::optional<std::pair<std::string, std::string>>(
        {std::move(column), std::move(message)});
  };

  if (row.attended) {
    if (*row.attended < Hours()) return problem("attended", "is negative");
    if (*row.attended > row.hours) {
      return problem("attended", to_string(*row.attended) + " hours attended of a " +
                                     to_string(row.hours) + "-hour course");
    }
  }
  if (!row.counts_as.empty()) {
    const auto target = detail::category_of(policy, row.counts_as);
    if (!target) return problem("counts_as", detail::unknown_category(policy, row.counts_as));
    const bool allowed = std::any_of(
        bank.offsets.begin(), bank.offsets.end(),
        [&](const CreditBank::Offset& o) { return o.from == category && o.to == *target; });
    if (!allowed) {
      return problem("counts_as", "the policy's credit bank lets no " + category_id(category) +
                                      " record count as " + category_id(*target));
    }
  }
  if (row.exempted && !(bank.exemptible >> category & 1)) {
    return problem("exempted",
                   "courses of " + category_id(category) + " cannot be exempted under this policy");
  }
  if (!row.split.empty()) {
    if (!bank.split) return problem("split", "the policy's credit bank does not split courses");
    if (!row.counts_as.empty())
      return problem("split", "a record is split or counts as another category, not both");
    Hours sum;
    for (const SplitPortion& portion : row.split) {
      if (!detail::category_of(policy, portion.category)) {
        return problem("split", detail::unknown_category(policy, portion.category));
      }
      if (portion.hours < Hours()) return problem("split", "a negative portion");
      sum += portion.hours;
    }
    if (sum != row.hours) {
      return problem("split", "the portions add up to " + to_string(sum) + ", not the record's " +
                                  to_string(row.hours) + " hours");
    }
    if (row.split.size() > 64) return problem("split", "more than 64 portions");
  }
  if (row.outcome.empty()) {
    if (!row.level.empty())
      return problem("level", "a level qualifies an outcome, and the record has none");
    return std::nullopt;
  }

  // An outcome: the policy must convert it, at the record's level, within the rate.
  const Conversion* conversion = policy.find_conversion(row.outcome);
  if (!conversion) {
    std::vector<std::string_view> outcomes;
    for (const auto& c : policy.conversions())
      outcomes.push_back(c.outcome);
    const auto close = closest_match(row.outcome, outcomes);
    return problem("outcome",
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
    return problem("level", (row.level.empty() ? "a " + row_outcome(row) + " needs a level: "
                                               : "unknown level " + in_quotes(row.level) + " for " +
                                                     in_quotes(row.outcome) + "; ") +
                                (close.empty() || row.level.empty()
                                     ? "one of " + listed
                                     : "did you mean " + in_quotes(close) + "?"));
  }
  const Hours low = Hours::from_hundredths(rate->min.hundredths() * count);
  const Hours high = Hours::from_hundredths(rate->max.hundredths() * count);
  if (rate->min == rate->max) {
    if (row.hours != Hours() && row.hours != low) {
      return problem("hours", row_outcome(row) + " converts at " + to_string(rate->min) +
                                  " hours an item; " + std::to_string(count) + " make " +
                                  to_string(low) + ", not " + to_string(row.hours) +
                                  " (leave hours empty)");
    }
  } else if (row.hours < low || row.hours > high) {
    return problem("hours", "the reviewer's choice for " + row_outcome(row) + " lies within " +
                                to_string(rate->min) + ".." + to_string(rate->max) +
                                " hours an item (" + std::to_string(count) + ": " + to_string(low) +
                                ".." + to_string(high) + "), not " + to_string(row.hours));
  }
  return std::nullopt;
}

}  // namespace

// --- LedgerBuilder ------------------------------------------------------------------------

LedgerBuilder::LedgerBuilder(Policy policy, const InputLimits& limits)
    : data_(std::make_unique<detail::LedgerData>(std::move(policy))),
      index_(std::make_unique<Index>()) {
  data_->limits = limits;
  data_->diagnostics.keep_at_most(limits.kept_diagnostics);
  for (const auto& category : data_->policy.categories())
    index_->category_ids.push_back(category.id);
}

LedgerBuilder::~LedgerBuilder() = default;
LedgerBuilder::LedgerBuilder(LedgerBuilder&&) noexcept = default;
LedgerBuilder& LedgerBuilder::operator=(LedgerBuilder&&) noexcept = default;

const Diagnostics& LedgerBuilder::diagnostics() const {
  return data_->diagnostics;
}

int LedgerBuilder::add_source(std::string_view name) {
  if (data_->files.size() >= UINT16_MAX) throw std::length_error("too many input files");
  data_->files.emplace_back(name);
  return static_cast<int>(data_->files.size() - 1);
}

void LedgerBuilder::set_attribute_names(std::vector<std::string> names) {
  if (index_->attributes_fixed || data_->teachers.size() != 0) {
    throw std::logic_error("teacher attributes are declared once, before the first teacher");
  }
  data_->teachers.attributes.resize(names.size());
  data_->teachers.attribute_names = std::move(names);
  index_->attributes_fixed = true;
}

void LedgerBuilder::reject_teacher(RowOrigin origin, std::string field, std::string message) {
  detail::reject_teacher(*data_, origin, std::move(field), std::move(message));
}

bool LedgerBuilder::add_teacher(const TeacherRow& row, RowOrigin origin) {
  auto& data = *data_;
  index_->attributes_fixed = true;
  if (auto problem = detail::check_teacher(data, row)) {
    reject_teacher(origin, std::move(problem->first), std::move(problem->second));
    if (!row.id.empty()) data.rejected_teachers.try_emplace(std::string(row.id), origin);
    return false;
  }
  const auto index = static_cast<TeacherIndex>(data.teachers.size());
  const auto [found, inserted] = data.teacher_by_id.try_emplace(std::string(row.id), index);
  if (!inserted) {
    reject_teacher(origin, "id",
                   "duplicate teacher id " + in_quotes(row.id) + ", first on line " +
                       std::to_string(data.teachers.line[static_cast<std::size_t>(found->second)]));
    return false;
  }
  detail::push_teacher(data, row, origin);
  // The other way round from unknown_teacher's hint: the teachers file holds the lookalike, the
  // records the plain id. Said once, at the teacher's row.
  std::string plain(row.id);
  std::erase_if(plain, [](char c) { return c == ' ' || c == '\t'; });
  if (std::string folded = detail::fold_lookalikes(row.id); folded != plain) {
    data.diagnostics.warning(data.files[origin.file], origin.line, "id",
                             "teacher id " + in_quotes(row.id) +
                                 " holds invisible spaces or full-width characters: records "
                                 "that write it " +
                                 in_quotes(folded) + " name no teacher; retype it");
  }
  return true;
}

void LedgerBuilder::reject_record(RowOrigin origin, std::string field, std::string message) {
  detail::reject_record(*data_, index_->current_batch(), origin, std::move(field),
                        std::move(message));
}

bool LedgerBuilder::add_record(const RecordRow& row, RowOrigin origin) {
  return detail::append_record(*data_, index_->category_ids, index_->current_batch(), row, origin);
}

std::size_t LedgerBuilder::add_records(const RecordArrays& records, RowOrigin first) {
  RecordRow row;
  std::vector<SplitPortion> portions;
  std::size_t taken = 0;
  for (std::size_t i = 0; i < records.count; ++i) {
    const RowOrigin origin{first.file, first.line + static_cast<int>(i)};
    if (auto problem = detail::array_row(records, i, index_->category_ids.size(), row, portions)) {
      reject_record(origin, std::move(problem->column), std::move(problem->message));
    } else if (add_record(row, origin)) {
      ++taken;
    }
  }
  return taken;
}

RecordArrays RecordArrays::rows(std::size_t begin, std::size_t end) const {
  auto from = [&](auto* column) { return column ? column + begin : column; };
  RecordArrays part = *this;
  part.count = end - begin;
  part.id = from(id);
  part.teacher_id = from(teacher_id);
  part.start_day = from(start_day);
  part.end_day = from(end_day);
  part.recorded_day = from(recorded_day);
  part.hours = from(hours);
  part.category = from(category);
  part.category_id = from(category_id);
  part.status = from(status);
  part.activity = from(activity);
  part.outcome = from(outcome);
  part.outcome_count = from(outcome_count);
  part.certificate = from(certificate);
  part.level = from(level);
  part.attended = from(attended);
  part.assessment = from(assessment);
  part.counts_as = from(counts_as);
  part.exempted = from(exempted);
  part.split = from(split);
  return part;
}

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

namespace {

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// The names of an interned column, to their ids.
detail::NameMap<std::int32_t> names_of(const InternedColumn& column) {
  detail::NameMap<std::int32_t> names;
  for (std::size_t i = 0; i < column.names.size(); ++i)
    names.emplace(column.names[i], static_cast<std::int32_t>(i));
  return names;
}

// An interned id of `from`, renumbered into `to`'s names (which gain it if new).
std::int32_t renumber(const InternedColumn& from, std::int32_t id, InternedColumn& to,
                      detail::NameMap<std::int32_t>& names) {
  if (id < 0) return -1;
  const std::string& name = from.names[static_cast<std::size_t>(id)];
  auto found = names.find(name);
  if (found == names.end()) {
    found = names.emplace(name, static_cast<std::int32_t>(to.names.size())).first;
    to.names.push_back(name);
  }
  return found->second;
}

// The merged names of the four interned columns.
struct MergedNames {
  detail::NameMap<std::int32_t> activities, outcomes, levels, assessments;
  explicit MergedNames(const RecordColumns& to)
      : activities(names_of(to.activity)),
        outcomes(names_of(to.outcome)),
        levels(names_of(to.level)),
        assessments(names_of(to.assessment)) {}
};

// Rows [begin, end) of `from` appended to `to`, interned ids and split portions renumbered.
void append_records(RecordColumns& to, const RecordColumns& from, std::size_t begin,
                    std::size_t end, MergedNames& names) {
  auto range = [&](const auto& column, auto& into) {
    into.insert(into.end(), column.begin() + static_cast<std::ptrdiff_t>(begin),
                column.begin() + static_cast<std::ptrdiff_t>(end));
  };
  // Each name of `from` is looked up in `to` once, the first time a row has it; when `to`'s
  // names begin with `from`'s (a ledger rebuilt from an older one), the ids stay as they are.
  auto interned = [&](const InternedColumn& column, InternedColumn& into,
                      detail::NameMap<std::int32_t>& merged) {
    if (into.names.size() >= column.names.size() &&
        std::equal(column.names.begin(), column.names.end(), into.names.begin())) {
      range(column.ids, into.ids);
      return;
    }
    constexpr std::int32_t unseen = -2;
    std::vector<std::int32_t> renumbered(column.names.size(), unseen);
    into.ids.reserve(into.ids.size() + (end - begin));
    for (std::size_t r = begin; r < end; ++r) {
      const std::int32_t id = column.ids[r];
      if (id < 0) {
        into.ids.push_back(-1);
        continue;
      }
      std::int32_t& to_id = renumbered[static_cast<std::size_t>(id)];
      if (to_id == unseen) to_id = renumber(column, id, into, merged);
      into.ids.push_back(to_id);
    }
  };
  interned(from.activity, to.activity, names.activities);
  interned(from.outcome, to.outcome, names.outcomes);
  interned(from.level, to.level, names.levels);
  interned(from.assessment, to.assessment, names.assessments);
  to.id.append(from.id, begin, end);
  to.certificate.append(from.certificate, begin, end);
  to.split_first.reserve(to.split_first.size() + (end - begin));
  for (std::size_t r = begin; r < end; ++r) {
    std::int32_t first_portion = -1;
    if (from.split_first[r] >= 0) {
      first_portion = static_cast<std::int32_t>(to.split_category.size());
      const auto first = static_cast<std::size_t>(from.split_first[r]);
      for (std::size_t p = first; p < first + static_cast<std::size_t>(from.split_count[r]); ++p) {
        to.split_category.push_back(from.split_category[p]);
        to.split_hours.push_back(from.split_hours[p]);
      }
    }
    to.split_first.push_back(first_portion);
  }
  detail::for_each_plain_column([&](auto& into, const auto& column) { range(column, into); }, to,
                                from);
}

// The batches' records, in batch order, as one set of columns: the first batch becomes the
// columns (its names the merged names), the others are appended.
void merge_batches(detail::LedgerData& data, std::vector<detail::RecordBatch>& batches) {
  for (auto& batch : batches) {
    data.intake[Disposition::invalid] += batch.invalid;
    data.diagnostics.add_all(batch.diagnostics);
  }
  if (batches.empty()) return;
  data.records = std::move(batches.front().records);
  MergedNames names(data.records);
  for (auto& batch : std::span(batches).subspan(1)) {
    append_records(data.records, batch.records, 0, batch.records.size(), names);
    batch = detail::RecordBatch();
  }
}

// Of the rows sharing an id, the first read is kept and the others are `duplicate`, whatever
// their content (a mentor and a mentee may log one session under two ids; one id twice is one
// record counted twice).
void mark_duplicates(detail::LedgerData& data) {
  const RecordColumns& records = data.records;
  detail::TextIndex ids;
  ids.clear(records.size());
  auto id_of = [&](std::int32_t row) { return records.id[static_cast<std::size_t>(row)]; };
  for (std::size_t r = 0; r < records.size(); ++r) {
    const std::int32_t first = ids.find_or_add(records.id[r], static_cast<std::int32_t>(r), id_of);
    if (first >= 0) {
      detail::mark_duplicate(data, r, static_cast<std::size_t>(first), data.diagnostics);
    }
  }
}

// The order that groups records by teacher, keeping input order within a teacher (a counting
// sort); empty when they are grouped already, as exports list them.
std::vector<std::int32_t> grouping_order(const RecordColumns& records, std::size_t teachers) {
  const std::size_t count = records.size();
  if (std::is_sorted(records.teacher.begin(), records.teacher.end())) return {};
  std::vector<std::int32_t> next(teachers + 1, 0);
  for (const TeacherIndex t : records.teacher)
    ++next[static_cast<std::size_t>(t) + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());
  std::vector<std::int32_t> order(count);
  for (std::size_t r = 0; r < count; ++r) {
    order[static_cast<std::size_t>(next[static_cast<std::size_t>(records.teacher[r])]++)] =
        static_cast<std::int32_t>(r);
  }
  return order;
}

void permute_records(RecordColumns& records, const std::vector<std::int32_t>& order) {
  records.id = records.id.permuted(order);
  records.certificate = records.certificate.permuted(order);
  detail::for_each_value_column(records, [&](auto& column) { permute(column, order); });
}

}  // namespace

Ledger replace_records(const Ledger& ledger, std::span<const TeacherRecords> changes,
                       std::string_view source) {
  const detail::LedgerData& base = *ledger.data_;
  auto data = std::make_shared<detail::LedgerData>(base.policy);
  data->limits = base.limits;
  data->teachers = base.teachers;
  data->teacher_by_id = base.teacher_by_id;
  data->files = base.files;
  data->diagnostics = base.diagnostics;
  data->invalid_teacher_rows = base.invalid_teacher_rows;
  data->intake[Disposition::invalid] = base.intake[Disposition::invalid];
  const int file = static_cast<int>(data->files.size());
  data->files.emplace_back(source);
  std::vector<std::string_view> category_ids;
  for (const auto& category : base.policy.categories())
    category_ids.push_back(category.id);

  // The new rows, checked like any others, one batch per changed teacher.
  const std::size_t teacher_count = base.teachers.size();
  std::vector<int> batch_of(teacher_count, -1);
  std::vector<detail::RecordBatch> batches;
  int line = 0;
  for (const TeacherRecords& change : changes) {
    const auto teacher = base.teacher_by_id.find(change.teacher_id);
    if (teacher == base.teacher_by_id.end()) {
      throw InputError(
          {{Severity::error, std::string(source), 0, "teacher_id",
            "unknown teacher " + in_quotes(change.teacher_id) + " (not in the ledger)"}});
    }
    auto& slot = batch_of[static_cast<std::size_t>(teacher->second)];
    if (slot < 0) {
      slot = static_cast<int>(batches.size());
      batches.emplace_back();
    }
    detail::RecordBatch& batch = batches[static_cast<std::size_t>(slot)];
    for (RecordRow row : change.records) {
      if (row.teacher_id.empty()) row.teacher_id = change.teacher_id;
      const RowOrigin origin{file, ++line};
      if (row.teacher_id != change.teacher_id) {
        detail::reject_record(
            *data, batch, origin, "teacher_id",
            in_quotes(row.teacher_id) + " in the records of " + in_quotes(change.teacher_id));
        continue;
      }
      detail::append_record(*data, category_ids, batch, row, origin);
    }
  }

  // Each teacher's records from the old columns, or from its batch when it changed.
  RecordColumns& to = data->records;
  const RecordColumns& from = base.records;
  to.activity.names = from.activity.names;
  to.outcome.names = from.outcome.names;
  to.level.names = from.level.names;
  to.assessment.names = from.assessment.names;
  MergedNames names(to);
  detail::reserve(to, from.size());
  // Unchanged teachers in runs: their records are consecutive in the old columns.
  std::size_t run_begin = 0;
  for (std::size_t t = 0; t <= teacher_count; ++t) {
    if (t < teacher_count && batch_of[t] < 0) continue;
    append_records(to, from, static_cast<std::size_t>(base.record_begin[run_begin]),
                   static_cast<std::size_t>(base.record_begin[t]), names);
    if (t == teacher_count) break;
    const RecordColumns& changed = batches[static_cast<std::size_t>(batch_of[t])].records;
    append_records(to, changed, 0, changed.size(), names);
    run_begin = t + 1;
  }
  for (auto& batch : batches) {
    data->intake[Disposition::invalid] += batch.invalid;
    for (const auto& diagnostic : batch.diagnostics.items())
      data->diagnostics.add(diagnostic);
  }

  // A new row whose id another record has, or an earlier new row has, is a duplicate: the new
  // rows come after everything read before. Only the new ids are hashed; the other records are
  // checked against them.
  std::unordered_map<std::string_view, std::size_t> seen;
  // A bit per cheap fingerprint of the new ids spares hashing most of the others.
  std::vector<std::uint64_t> maybe_new(1024);
  auto fingerprint = [](std::string_view id) {
    std::uint64_t tail = 0;
    const std::size_t n = std::min<std::size_t>(id.size(), 8);
    std::memcpy(&tail, id.data() + id.size() - n, n);
    return ((tail ^ id.size()) * 0x9E3779B97F4A7C15ULL) >> 48;  // 16 bits
  };
  for (std::size_t r = 0; r < to.size(); ++r) {
    if (to.file[r] != file) continue;
    seen.emplace(to.id[r], r);
    const auto bit = fingerprint(to.id[r]);
    maybe_new[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  for (std::size_t r = 0; r < to.size() && !seen.empty(); ++r) {
    if (to.file[r] == file) continue;
    const auto bit = fingerprint(to.id[r]);
    if (!(maybe_new[bit / 64] >> (bit % 64) & 1)) continue;
    const auto found = seen.find(to.id[r]);
    if (found != seen.end() && to.file[found->second] == file) found->second = r;
  }
  for (std::size_t r = 0; r < to.size(); ++r) {
    if (to.file[r] != file) continue;
    const auto first = seen.find(to.id[r]);
    if (first->second == r) continue;
    to.intake[r] = Disposition::duplicate;
    data->diagnostics.warning(source.empty() ? "" : std::string(source), to.line[r], "id",
                              "duplicate record id " + in_quotes(to.id[r]) + ", first in " +
                                  data->files[to.file[first->second]] + " line " +
                                  std::to_string(to.line[first->second]) + "; not counted again");
  }

  data->record_begin.assign(teacher_count + 1, 0);
  for (auto teacher : to.teacher)
    ++data->record_begin[static_cast<std::size_t>(teacher) + 1];
  std::partial_sum(data->record_begin.begin(), data->record_begin.end(),
                   data->record_begin.begin());
  for (auto disposition : to.intake)
    ++data->intake[disposition];
  return detail::Make::from<Ledger>(std::move(data));
}

Ledger teacher_with_records(const Ledger& ledger, TeacherIndex teacher,
                            std::span<const RecordRow> added, std::string_view source) {
  const detail::LedgerData& base = *ledger.data_;
  const auto t = static_cast<std::size_t>(teacher);
  auto data = std::make_shared<detail::LedgerData>(base.policy);
  data->limits = base.limits;
  data->files = base.files;
  const int file = static_cast<int>(data->files.size());
  data->files.emplace_back(source);

  const TeacherColumns& from = base.teachers;
  TeacherColumns& to = data->teachers;
  to.id.push_back(from.id[t]);
  to.birth_day.push_back(from.birth_day[t]);
  to.join_day.push_back(from.join_day[t]);
  to.leave_day.push_back(from.leave_day[t]);
  to.line.push_back(from.line[t]);
  for (auto a = from.absence_begin[t]; a < from.absence_begin[t + 1]; ++a) {
    to.absence_first_day.push_back(from.absence_first_day[static_cast<std::size_t>(a)]);
    to.absence_last_day.push_back(from.absence_last_day[static_cast<std::size_t>(a)]);
  }
  to.absence_begin.push_back(static_cast<std::int32_t>(to.absence_first_day.size()));
  to.attribute_names = from.attribute_names;
  for (const auto& column : from.attributes)
    to.attributes.emplace_back().push_back(column[t]);
  data->teacher_by_id.emplace(std::string(from.id[t]), 0);

  MergedNames names(data->records);
  append_records(data->records, base.records, static_cast<std::size_t>(base.record_begin[t]),
                 static_cast<std::size_t>(base.record_begin[t + 1]), names);
  std::fill(data->records.teacher.begin(), data->records.teacher.end(), 0);
  std::vector<std::string_view> category_ids;
  for (const auto& category : base.policy.categories())
    category_ids.push_back(category.id);
  detail::RecordBatch batch;
  int line = 0;
  for (RecordRow row : added) {
    row.teacher_id = from.id[t];
    detail::append_record(*data, category_ids, batch, row, {file, ++line});
  }
  append_records(data->records, batch.records, 0, batch.records.size(), names);
  for (const auto& diagnostic : batch.diagnostics.items())
    data->diagnostics.add(diagnostic);
  data->intake[Disposition::invalid] = batch.invalid;
  for (auto disposition : data->records.intake)
    ++data->intake[disposition];
  data->record_begin = {0, static_cast<RecordIndex>(data->records.size())};
  return detail::Make::from<Ledger>(std::move(data));
}

Ledger LedgerBuilder::build() {
  auto& data = *data_;
  merge_batches(data, index_->batches);
  index_->batches.clear();
  RecordColumns& records = data.records;
  mark_duplicates(data);
  if (const auto order = grouping_order(records, data.teachers.size()); !order.empty()) {
    permute_records(records, order);
  }

  data.record_begin.assign(data.teachers.size() + 1, 0);
  for (auto teacher : records.teacher)
    ++data.record_begin[static_cast<std::size_t>(teacher) + 1];
  std::partial_sum(data.record_begin.begin(), data.record_begin.end(), data.record_begin.begin());

  const std::int64_t invalid = data.intake[Disposition::invalid];
  data.intake = {};
  data.intake[Disposition::invalid] = invalid;
  for (auto disposition : records.intake)
    ++data.intake[disposition];

  detail::sort_diagnostics(data);

  auto built = std::shared_ptr<const detail::LedgerData>(std::move(data_));
  data_ = std::make_unique<detail::LedgerData>(built->policy);
  index_ = std::make_unique<Index>();
  for (const auto& category : built->policy.categories())
    index_->category_ids.push_back(category.id);
  return detail::Make::from<Ledger>(std::move(built));
}

}  // namespace yanxiu
