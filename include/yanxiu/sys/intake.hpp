#pragma once

// One row of input cells into a row value: the single reading of a row that the CSV reader, the
// Python DataFrame path and the C ABI's columns share, so a bad cell is refused in the same words
// whatever it came from. The checks of the row as a whole (teacher known, dates in range, the
// credit bank, UTF-8 of every text) follow in LedgerBuilder::add_record / add_teacher.

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

}  // namespace yanxiu
