#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <yanxiu/ledger.hpp>
#include <yanxiu/sys/intake.hpp>

namespace yanxiu::detail {

/// Hashes views and strings alike, so maps keyed by std::string are searched without making one.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
template <typename Value>
using NameMap = std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>>;

/// What checking record rows keeps beside the columns: the messages and rejected rows of one piece
/// of input, and the teacher found last.
struct RecordChecks {
  Diagnostics diagnostics;
  std::int64_t invalid = 0;
  // Exports list a teacher's records together: the last teacher found is looked up first.
  std::string last_teacher_id;
  TeacherIndex last_teacher = -1;
  /// The rows' texts are known to be UTF-8 (cut at ASCII bytes from text checked whole), so
  /// check_record need not check each.
  bool texts_utf8 = false;
};

/// Records read in one piece - the rows added one by one, or one stretch of a CSV file read by
/// one thread - with the names it interned, its messages and its rejected rows. The batches are
/// merged in order when the ledger is built, so the result does not depend on how the input was
/// split.
struct RecordBatch : RecordChecks {
  RecordColumns records;
  NameMap<std::int32_t> activities, outcomes, levels, assessments;
};

struct LedgerData {
  explicit LedgerData(Policy p) : policy(std::move(p)) {}

  Policy policy;
  InputLimits limits;
  TeacherColumns teachers;
  RecordColumns records;
  std::vector<RecordIndex> record_begin;  ///< teacher count + 1 offsets
  NameMap<TeacherIndex> teacher_by_id;
  std::vector<std::string> files;
  Diagnostics diagnostics;
  DispositionCounts intake;
  std::int64_t invalid_teacher_rows = 0;
  /// The ids of teacher rows that were rejected, and where: their records say so.
  NameMap<RowOrigin> rejected_teachers;
};

/// Calls visit(&RecordColumns::column) for each column with one value per record whose values
/// mean the same in any set of columns: all of RecordColumns but the strings, the interned ids,
/// and the split portions and where they begin.
template <typename Visit>
void for_each_plain_member(const Visit& visit) {
  visit(&RecordColumns::teacher);
  visit(&RecordColumns::start_day);
  visit(&RecordColumns::end_day);
  visit(&RecordColumns::day);
  visit(&RecordColumns::known_day);
  visit(&RecordColumns::hours);
  visit(&RecordColumns::category);
  visit(&RecordColumns::status);
  visit(&RecordColumns::intake);
  visit(&RecordColumns::file);
  visit(&RecordColumns::line);
  visit(&RecordColumns::count);
  visit(&RecordColumns::attended);
  visit(&RecordColumns::counts_as);
  visit(&RecordColumns::exempted);
  visit(&RecordColumns::split_count);
}

/// Calls visit(column...) with the same column of each of `records` in turn, for each column
/// for_each_plain_member names.
template <typename Visit, typename... Columns>
void for_each_plain_column(const Visit& visit, Columns&... records) {
  for_each_plain_member([&](auto member) { visit((records.*member)...); });
}

/// Why a record's teacher id finds no teacher: the row that was rejected, or an id that matches
/// a known one but for invisible or full-width characters, or none.
std::string unknown_teacher(const LedgerData& data, std::string_view id);

/// Calls visit(column) for each column with one value per record: all of RecordColumns but the
/// strings and a split's portions.
template <typename Visit>
void for_each_value_column(RecordColumns& records, const Visit& visit) {
  for_each_plain_column(visit, records);
  visit(records.activity.ids);
  visit(records.outcome.ids);
  visit(records.level.ids);
  visit(records.assessment.ids);
  visit(records.split_first);
}

/// Room for `rows` more records in every column, so appending does not regrow them.
void reserve(RecordColumns& records, std::size_t rows);

/// A record row that passed every check, and what its columns hold beyond the row's own values.
struct CheckedRecord {
  TeacherIndex teacher = 0;
  CategoryIndex category = no_category;
  std::int32_t count = 1;
  DayNumber end_day = no_day;
  DayNumber day = no_day;                      ///< the day the calendar's assign_by picks
  DayNumber known_day = no_day;                ///< RecordColumns::known_day
  Disposition intake = Disposition::credited;  ///< or outside the cycle, with a warning
};

/// A record's ids in the four interned columns; -1 for an empty value.
struct InternedIds {
  std::int32_t activity = -1;
  std::int32_t outcome = -1;
  std::int32_t level = -1;
  std::int32_t assessment = -1;
};

/// The days InputLimits::first_year..last_year allow, within those any date can have.
DayRange allowed_days(const InputLimits& limits);
/// The message of a date outside them.
std::string outside_years(const InputLimits& limits);

/// check_record's checks of a record's dates, hours and count and of the records before it, in
/// one expression (`allowed` and `max_hours` from the ledger's limits). For those who screen plain
/// rows without building them: a row that claims nothing of the credit bank or the conversions (no
/// outcome, level, attended, counts_as, exempted or split), of a known teacher and category, is
/// accepted by check_record exactly when this holds; only warn_outside may then have something to
/// say.
inline bool plain_values_pass(DayNumber start_day, DayNumber end_day, std::int64_t hours,
                              std::int32_t count, std::size_t records_before,
                              const DayRange& allowed, std::int64_t max_hours) {
  const DayNumber end = end_day == no_day ? start_day : end_day;
  return start_day >= allowed.first && start_day <= end && end <= allowed.last && hours >= 0 &&
         hours <= max_hours && count >= 0 &&
         records_before < static_cast<std::size_t>(INT32_MAX - 1);
}

/// check_record's warning about a record whose day (`end_given`: taken from its end_date) lies
/// outside the cycle.
void warn_outside(const LedgerData& data, RecordChecks& checks, RowOrigin origin, bool end_given,
                  DayNumber day);

/// Row `row` of a text column; empty for a null column or text.
inline std::string_view text_at(const char* const* column, std::size_t row) {
  if (column == nullptr || column[row] == nullptr) return {};
  return column[row];
}

/// Row `i` of `records` as a row value (texts viewed in place, a split read into `portions`),
/// read by read_record_cells, or the cell that rejects it before any check.
std::optional<CellProblem> array_row(const RecordArrays& records, std::size_t i,
                                     std::size_t category_count, RecordRow& row,
                                     std::vector<SplitPortion>& portions);

/// What is wrong with a text that is not UTF-8, for a diagnostic of its column; nullopt when it is.
std::optional<std::string> invalid_text(std::string_view text);
/// The category a cell names: by id, or by the label the policy gives it when no other category
/// has that label.
std::optional<CategoryIndex> category_of(const Policy& policy, std::string_view text);
/// Why category_of found nothing: an unknown name ("did you mean" the id, or the id of the label
/// it is close to), or a label several categories share.
std::string unknown_category(const Policy& policy, std::string_view text);

/// Checks a record row to be appended after `records_before` others (`category_ids`: the
/// policy's, in order): what it adds to the columns, or nothing when it is rejected (counted, with
/// a diagnostic in `checks`). A record outside the cycle is kept, with a warning there. Reads
/// `data` only, so threads may check rows into their own `checks` at once.
std::optional<CheckedRecord> check_record(const LedgerData& data,
                                          const std::vector<std::string_view>& category_ids,
                                          RecordChecks& checks, const RecordRow& row,
                                          RowOrigin origin, std::size_t records_before);
/// Writes a checked row: set(column, value) for each value column (the builder appends, a
/// TeacherSession writes in place), the strings and a split's portions appended.
template <typename Set>
void write_record(RecordColumns& records, const Policy& policy, const RecordRow& row,
                  const CheckedRecord& checked, const InternedIds& ids, RowOrigin origin,
                  const Set& set) {
  records.id.push_back(row.id);
  records.certificate.push_back(row.certificate);
  set(records.teacher, checked.teacher);
  set(records.start_day, row.start_day);
  set(records.end_day, checked.end_day);
  set(records.day, checked.day);
  set(records.known_day, checked.known_day);
  set(records.hours, static_cast<std::int32_t>(row.hours.hundredths()));
  set(records.category, checked.category);
  set(records.status, row.status);
  set(records.intake, checked.intake);
  set(records.file, static_cast<std::uint16_t>(origin.file));
  set(records.line, std::int32_t{origin.line});
  set(records.activity.ids, ids.activity);
  set(records.outcome.ids, ids.outcome);
  set(records.level.ids, ids.level);
  set(records.assessment.ids, ids.assessment);
  set(records.count, checked.count);
  set(records.attended,
      row.attended ? static_cast<std::int32_t>(row.attended->hundredths()) : std::int32_t{-1});
  set(records.counts_as, row.counts_as.empty() ? no_category : *category_of(policy, row.counts_as));
  set(records.exempted, std::uint8_t{row.exempted});
  set(records.split_first, row.split.empty()
                               ? std::int32_t{-1}
                               : static_cast<std::int32_t>(records.split_category.size()));
  set(records.split_count, static_cast<std::int16_t>(row.split.size()));
  for (const SplitPortion& portion : row.split) {
    records.split_category.push_back(*category_of(policy, portion.category));
    records.split_hours.push_back(static_cast<std::int32_t>(portion.hours.hundredths()));
  }
}
/// How records.csv is cut for reading on threads (LedgerBuilder::read_records_text): `threads`
/// at once (0: one a core) in stretches of `stretch_bytes` (0: four stretches a thread, of a
/// megabyte at least). The result is the same for any; tests force many threads and small
/// stretches to show it.
struct CsvStretching {
  unsigned threads = 0;
  std::size_t stretch_bytes = 0;
};
CsvStretching& csv_stretching();

/// Checks a record and appends it to `batch`, or counts it rejected with a diagnostic there.
bool append_record(const LedgerData& data, const std::vector<std::string_view>& category_ids,
                   RecordBatch& batch, const RecordRow& row, RowOrigin origin);
void reject_record(const LedgerData& data, RecordChecks& checks, RowOrigin origin,
                   std::string field, std::string message);

/// The first problem with a teacher row as (column, message), a repeated id aside.
std::optional<std::pair<std::string, std::string>> check_teacher(const LedgerData& data,
                                                                 const TeacherRow& row);
/// Appends a checked teacher, its id registered already, and warns about attribute values the
/// policy does not declare.
void push_teacher(LedgerData& data, const TeacherRow& row, RowOrigin origin);
void reject_teacher(LedgerData& data, RowOrigin origin, std::string field, std::string message);

/// Marks record `row` a duplicate of the earlier record `first`, with a warning in `warnings`.
void mark_duplicate(LedgerData& data, std::size_t row, std::size_t first, Diagnostics& warnings);
/// Orders the diagnostics as the input: file by file (in the order of `files`), line by line.
void sort_diagnostics(LedgerData& data);

}  // namespace yanxiu::detail

namespace yanxiu {

/// What the builder knows beside the columns it fills.
struct LedgerBuilder::Index {
  std::vector<std::string_view> category_ids;  ///< the policy's, in order
  bool attributes_fixed = false;
  std::vector<detail::RecordBatch> batches;  ///< in input order
  Progress progress;                         ///< the host's, until build()
  detail::RecordBatch& current_batch() {
    if (batches.empty()) batches.emplace_back();
    return batches.back();
  }
};

}  // namespace yanxiu
