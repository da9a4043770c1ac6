#pragma once

// Teacher and record columns from C arrays into the LedgerBuilder, row by row.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/ledger.hpp>
#include <yanxiu/sys/intake.hpp>

#include "enums.hpp"
#include "state.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

/// Row `row` of a string column; "" for a NULL column or a NULL string.
std::string_view cell_text(const char* const* column, std::size_t row);
/// Throws YX_EINVAL unless 1 <= version <= newest (`init` names the initialiser to use).
void check_version(unsigned int version, unsigned int newest, const std::string& argument,
                   const char* init);
/// Throws YX_EINVAL when a column a non-empty struct needs is NULL.
void require_column(const void* column, const std::string& argument, const char* name);

/// Throws YX_EINVAL unless the struct has a known version and the arrays its rows need.
void check_columns(const yx_teacher_columns* columns, const char* argument);
/// `teacher_id_optional`: the teacher_id column may be absent (one teacher's records).
void check_columns(const yx_record_columns* columns, const char* argument,
                   bool teacher_id_optional);

std::vector<std::string> attribute_names(const yx_teacher_columns& columns);
/// Row `row` of the teacher columns read through the core's intake (read_teacher_cells, as a
/// teachers.csv row is): into `row`, whose texts view the columns and `attributes`, and whose
/// leave periods are `absences`; or what is wrong with the row.
std::optional<CellProblem> read_teacher_row(const yx_teacher_columns& columns, std::size_t i,
                                            std::vector<std::string_view>& attributes,
                                            std::vector<DayRange>& absences, TeacherRow& row);

/// The columns as the core's arrays, all but `status` (an int-sized enum here, a byte there): the
/// fields of version 2 only when the caller's struct has them.
RecordArrays record_arrays(const yx_record_columns& columns);
/// Why a row's yx_record_status is refused.
std::string unknown_status(std::int32_t status);

/// Appends the rows, each reported as line (source.rows + 1) of `source`; returns how many the
/// builder took (the rest are its diagnostics). Each row is read by the core's
/// read_teacher_cells / read_record_cells, as a CSV row or a DataFrame's is.
std::size_t add_teachers(LedgerBuilder& builder, const yx_teacher_columns& columns,
                         ArraySource& source);
std::size_t add_records(LedgerBuilder& builder, const yx_record_columns& columns,
                        ArraySource& source);

/// Adds `arrays` (the rows of `columns`, row i as line first_line + i) in runs through
/// add(rows, first line of the run), with each row's yx_record_status as the core's in
/// `statuses`; a row whose status the ABI does not name is rejected through reject(line,
/// message) in its place - after a negative category index, which the core reports first.
/// Returns the rows taken.
template <typename Add, typename Reject>
std::size_t add_in_status_runs(const yx_record_columns& columns, RecordArrays arrays,
                               std::vector<RecordStatus>& statuses, int first_line, const Add& add,
                               const Reject& reject) {
  if (columns.status == nullptr) return add(arrays, first_line);
  statuses.resize(columns.count);
  arrays.status = statuses.data();  // rows are added once their statuses are written
  std::size_t begin = 0, taken = 0;
  for (std::size_t i = 0; i < columns.count; ++i) {
    const std::int32_t status = raw_value(columns.status[i]);
    if (status >= YX_RECORD_CERTIFIED && status <= YX_RECORD_GROUP_CERTIFIED) {
      statuses[i] = static_cast<RecordStatus>(status);
      continue;
    }
    statuses[i] = RecordStatus::certified;
    if (columns.category && columns.category[i] < 0) continue;
    taken += add(arrays.rows(begin, i), first_line + static_cast<int>(begin));
    reject(first_line + static_cast<int>(i), unknown_status(status));
    begin = i + 1;
  }
  return taken + add(arrays.rows(begin, columns.count), first_line + static_cast<int>(begin));
}

}  // namespace yanxiu::capi
