#pragma once

#include <optional>
#include <string_view>

namespace yanxiu {

/// The column a header cell of teachers.csv or records.csv names, as yanxiu spells it: the
/// cell with spaces around it removed (ASCII, no-break and ideographic), ASCII letters in
/// lower case and inner spaces or hyphens as underscores ("Teacher ID" is "teacher_id"), or a
/// documented Chinese alias ("教师编号" is "teacher_id"; the table is in docs/policy-format.md,
/// "Column names"). Nothing when the cell names no column yanxiu knows: such a column keeps
/// its name as written (a teacher attribute the policy declares, or an unused column).
std::optional<std::string_view> canonical_column_name(std::string_view header);

}  // namespace yanxiu
