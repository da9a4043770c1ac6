#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include <yanxiu/audit.hpp>

namespace yanxiu {

/// The audit table's columns, in order.
inline constexpr std::string_view audit_csv_header =
    "teacher_id,rule_id,period,period_start,period_end,required,credited,shortfall,status";

/// Writes the audit table as CSV: the header, then one line per row, hours with two decimals.
void write_audit_csv(std::ostream& out, const Audit& audit);

/// Writes the audit as one JSON object: the policy, the as-of date, the dispositions and the
/// rows. Hours are JSON numbers written with two decimals, so a reader that parses numbers as
/// decimals (Python's json with parse_float=Decimal) gets them exactly.
void write_audit_json(std::ostream& out, const Audit& audit);

/// Appends `text` as a JSON string literal, quotes and escapes included.
void append_json_string(std::string& out, std::string_view text);

/// Appends `text` as a CSV field, quoted when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view text);

}  // namespace yanxiu
