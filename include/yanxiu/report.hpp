#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include <yanxiu/audit.hpp>
#include <yanxiu/progress.hpp>
#include <yanxiu/rubrics.hpp>
#include <yanxiu/set_audit.hpp>

namespace yanxiu {

/// The audit table's columns, in order.
inline constexpr std::string_view audit_csv_header =
    "teacher_id,rule_id,period,period_start,period_end,required,credited,shortfall,status";
/// The column after `status` of an audit counted in credits (hours_column): the hours behind
/// each row (AuditColumns::hours), empty on count and choice rows. Only such audits have it, so
/// the table of every policy counted in hours stays as it was.
inline constexpr std::string_view audit_csv_hours_column = "hours";

/// Whether the audit's tables have the hours column: its policy (a set: one of its versions)
/// counts in credits.
bool hours_column(const Policy& policy);
bool hours_column(const Audit& audit);
bool hours_column(const SetAudit& audit);

/// Writes the audit table as CSV: the header, then one line per row, hours with two decimals.
/// Formatted on the audit's threads (AuditOptions::threads), written in order: the same bytes
/// for any count. `progress` is told the rows written (Phase::writing), as are the writers' below.
void write_audit_csv(std::ostream& out, const Audit& audit, const Progress& progress = {});

/// The header line of write_audit_csv for an audit under `policy`.
void write_audit_csv_header(std::ostream& out, const Policy& policy);
/// The lines of write_audit_csv for `rows`, verdicts of `ledger`'s teachers under `policy`
/// (evaluate_teachers, audit_batches.hpp), without the header: for a table written a batch of
/// teachers at a time. Formatted on `threads` threads (0: every core).
void write_audit_csv_rows(std::ostream& out, const Policy& policy, const Ledger& ledger,
                          const AuditColumns& rows, unsigned threads);

/// Writes the audit as one JSON object: the policy, the as-of date, the dispositions and the
/// rows (with `hours` when hours_column, null on count and choice rows). Hours are JSON numbers
/// written with two decimals, so a reader that parses numbers as decimals (Python's json with
/// parse_float=Decimal) gets them exactly.
void write_audit_json(std::ostream& out, const Audit& audit, const Progress& progress = {});

/// The audit table of a policy set: the columns of audit_csv_header, `hours` when
/// hours_column, and `policy`, the id of the version that judged the row.
void write_set_audit_csv(std::ostream& out, const SetAudit& audit, const Progress& progress = {});
/// The same as JSON: the set with its versions, the as-of date, the dispositions and the rows,
/// each naming its `policy`.
void write_set_audit_json(std::ostream& out, const SetAudit& audit, const Progress& progress = {});
/// (A single policy's set audit, PolicySet::is_single_policy, is written byte for byte as
/// write_audit_csv, write_audit_json and write_audit_record_json write its audit.)

/// The decision record beside an audit table (`yanxiu audit --out F` writes it to F.meta.json,
/// so that the CSV stays a plain table): the head of the JSON audit (format, engine, policy or
/// set with its digests, as-of date, basis, dispositions), `table` (the CSV's file name), its
/// row count and `decision_record`, the lines of decision_record(audit).to_string() or
/// decision_record_lines(audit).
void write_audit_record_json(std::ostream& out, const Audit& audit, std::string_view table);
void write_audit_record_json(std::ostream& out, const SetAudit& audit, std::string_view table);
/// The same for a table written in batches (write_audit_csv_rows): the policy, options and
/// counts it was judged with, and its row count.
void write_audit_record_json(std::ostream& out, const Policy& policy, const AuditOptions& options,
                             const DispositionCounts& counts, std::string_view table,
                             std::size_t rows);

/// The score table's columns, in order (`yanxiu score`).
inline constexpr std::string_view score_csv_header =
    "subject_id,item_id,weight,score,band,rank,status,awards,note";

/// Writes the score table as CSV: per subject its item rows, its `group:<id>` subtotal rows and
/// its `total` row; amounts with two decimals; band, rank and awards on the total row only; an
/// empty score where there is none.
void write_score_csv(std::ostream& out, const RubricResult& result);

}  // namespace yanxiu
