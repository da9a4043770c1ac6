#pragma once

// Teacher and record columns from C arrays into the LedgerBuilder, row by row.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/ledger.hpp>

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
/// Row `row`'s periods of leave (version 2's `leave` column) into `ranges`; what is wrong, in
/// words, when the text is not FIRST..LAST periods.
std::optional<std::string> teacher_leave(const yx_teacher_columns& columns, std::size_t row,
                                         std::vector<DayRange>& ranges);

/// The columns as the core's arrays, all but `status` (an int-sized enum here, a byte there): the
/// fields of version 2 only when the caller's struct has them.
RecordArrays record_arrays(const yx_record_columns& columns);
/// Why a row's yx_record_status is refused.
std::string unknown_status(std::int32_t status);

/// Appends the rows, each reported as line (source.rows + 1) of `source`; returns how many the
/// builder took (the rest are its diagnostics).
std::size_t add_teachers(LedgerBuilder& builder, const yx_teacher_columns& columns,
                         ArraySource& source);
/// Rows without a teacher_id column belong to `teacher_id`; `category_count` is the policy's.
std::size_t add_records(LedgerBuilder& builder, const yx_record_columns& columns,
                        ArraySource& source, std::string_view teacher_id,
                        std::size_t category_count);

}  // namespace yanxiu::capi
