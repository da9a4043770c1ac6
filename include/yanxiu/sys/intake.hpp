#pragma once

// One row of input cells into a row value: the single reading of a row that the CSV reader, the
// Python DataFrame path and the C ABI's columns share, so a bad cell is refused in the same words
// whatever it came from. The checks of the row as a whole (teacher known, dates in range, the
// credit bank, UTF-8 of every text) follow in LedgerBuilder::add_record / add_teacher.
// Also what only adapters need: the parsers of the cells that hold lists (split, leave) and
// yes/no, and RecordArrays, the columns the C ABI and numpy pass. Not part of the host API
// (yanxiu.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/ledger.hpp>

namespace yanxiu {

/// One cell: text as a file holds it, or a value the caller holds already (see
/// read_record_cells for what a value means in each column).
struct Cell {
  std::string_view text;
  std::int64_t value = 0;
  bool has_value = false;

  static Cell of_text(std::string_view text) { return {text, 0, false}; }
  static Cell of_value(std::int64_t value) { return {{}, value, true}; }
};

/// The columns of a record row, by records.csv's names, in the order their cells are read.
enum class RecordField : std::uint8_t {
  id,
  teacher_id,
  date,
  end_date,
  hours,
  category,
  activity,
  outcome,
  level,
  count,
  certificate,
  status,
  attended,
  assessment,
  counts_as,
  exempted,
  split,
  recorded_at,
};
inline constexpr std::size_t record_field_count = 18;
/// records.csv's column names, by RecordField: every column an adapter may pass.
inline constexpr std::array<std::string_view, record_field_count> record_field_names = {
    "id",       "teacher_id", "date",      "end_date", "hours",       "category",
    "activity", "outcome",    "level",     "count",    "certificate", "status",
    "attended", "assessment", "counts_as", "exempted", "split",       "recorded_at"};

/// The cells of one record row; a column the input lacks is an empty text.
struct RecordCells {
  std::array<Cell, record_field_count> cells{};
  Cell& operator[](RecordField field) { return cells[static_cast<std::size_t>(field)]; }
  const Cell& operator[](RecordField field) const { return cells[static_cast<std::size_t>(field)]; }
};

/// A cell that keeps a row out: its column and what is wrong with it, in words.
struct CellProblem {
  std::string column;
  std::string message;
};

/// Reads one record row into `row` (texts viewed in place, a split read into `portions`), or
/// returns the first cell that keeps it out. A text cell is read as records.csv's (dates
/// YYYY-MM-DD, hours exact to the hundredth, statuses by name in English or Chinese, yes/no).
/// A value cell is: a date's day number (no_day: empty); hours or attended in hundredths
/// (attended negative: not recorded); a category's index into the policy's `category_count`
/// categories (a negative one is out of range); a RecordStatus; a count; exempted (nonzero: yes).
std::optional<CellProblem> read_record_cells(const RecordCells& cells, std::size_t category_count,
                                             RecordRow& row, std::vector<SplitPortion>& portions);

/// The fixed columns of a teacher row; every other column is an attribute.
enum class TeacherField : std::uint8_t { id, birth_date, join_date, leave_date, leave };
inline constexpr std::size_t teacher_field_count = 5;
inline constexpr std::array<std::string_view, teacher_field_count> teacher_field_names = {
    "id", "birth_date", "join_date", "leave_date", "leave"};

struct TeacherCells {
  std::array<Cell, teacher_field_count> cells{};
  /// The attribute values, in the order of the builder's attribute names.
  std::span<const std::string_view> attributes;
  Cell& operator[](TeacherField field) { return cells[static_cast<std::size_t>(field)]; }
  const Cell& operator[](TeacherField field) const {
    return cells[static_cast<std::size_t>(field)];
  }
};

/// Reads one teacher row into `row` (the periods of leave into `absences`), or returns the first
/// cell that keeps it out. Dates as in read_record_cells; `leave` is text only.
std::optional<CellProblem> read_teacher_cells(const TeacherCells& cells, TeacherRow& row,
                                              std::vector<DayRange>& absences);

/// A cell's text as a file or spreadsheet holds it, without the spaces and tabs old exports pad
/// it with (the C ABI's texts are taken as they are).
std::string_view trim_cell(std::string_view text);

/// Reads the `split` column's "school:10;self:5" into portions (views into `text`); returns what
/// is wrong, in words, when it cannot.
std::optional<std::string> parse_split(std::string_view text, std::vector<SplitPortion>& portions);

/// Reads a teacher's `leave` column, "2019-03-01..2019-06-30;2020-09-01..2020-12-31", appending
/// to `ranges`; returns what is wrong, in words, when it cannot.
std::optional<std::string> parse_ranges(std::string_view text, std::vector<DayRange>& ranges);

/// Reads a yes/no cell (`yes`/`no`, `true`/`false`, `1`/`0`, `是`/`否`); nullopt for anything else.
std::optional<bool> parse_flag(std::string_view text);

/// Records given as columns of `count` rows - the shape the C ABI passes and numpy holds -
/// borrowed for the call. A null column is absent, its rows taking RecordRow's defaults (id,
/// start_day and hours are wanted in every row); a null text in a column reads as empty.
struct RecordArrays {
  std::size_t count = 0;
  const char* const* id = nullptr;
  const char* const* teacher_id = nullptr;
  const DayNumber* start_day = nullptr;
  const DayNumber* end_day = nullptr;       ///< no_day in a row: a one-day record
  const DayNumber* recorded_day = nullptr;  ///< no_day in a row: not known (RecordRow)
  const std::int64_t* hours = nullptr;      ///< hundredths
  /// The category: by index into Policy::categories() (a negative one is out of range), or by
  /// id.
  const CategoryIndex* category = nullptr;
  const char* const* category_id = nullptr;
  const RecordStatus* status = nullptr;
  const char* const* activity = nullptr;
  const char* const* outcome = nullptr;
  const std::int32_t* outcome_count = nullptr;  ///< RecordRow::count
  const char* const* certificate = nullptr;
  const char* const* level = nullptr;
  const std::int64_t* attended = nullptr;  ///< hundredths; negative in a row: not recorded
  const char* const* assessment = nullptr;
  const char* const* counts_as = nullptr;
  const std::uint8_t* exempted = nullptr;  ///< nonzero: exempted
  const char* const* split = nullptr;      ///< "school:10;self:5"

  /// Rows [begin, end), as arrays of their own.
  RecordArrays rows(std::size_t begin, std::size_t end) const;
};

}  // namespace yanxiu
