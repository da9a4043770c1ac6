#pragma once

// A county judged a range of teachers at a time into columns the caller keeps and reuses: for a
// host that writes verdicts as they come (the command line's audit table) instead of holding a
// whole county's (a million teachers' verdicts are 2 GB).

#include <span>

#include <yanxiu/audit.hpp>

namespace yanxiu {

/// Judges teachers [first, last) of `ledger` under `policy`: their rows into `rows`, resized to
/// exactly theirs in the order of evaluate() (the columns' memory is reused from call to call),
/// and the final disposition of each of their records into `dispositions` (one per record of the
/// ledger, RecordColumns order; the others are left alone). The rows of consecutive ranges,
/// concatenated, are evaluate()'s columns: evaluate() judges the same way over every teacher.
/// Throws std::invalid_argument as evaluate() does, for a range outside the ledger, or for
/// `dispositions` not of the ledger's record count.
void evaluate_teachers(const Policy& policy, const Ledger& ledger, const AuditOptions& options,
                       TeacherIndex first, TeacherIndex last, AuditColumns& rows,
                       std::span<Disposition> dispositions);

/// The counts of Audit::disposition_counts() from every record's final disposition (each
/// teacher's range judged) and the ledger's invalid rows.
DispositionCounts count_dispositions(const Ledger& ledger,
                                     std::span<const Disposition> dispositions);

/// The decision record of an audit of `ledger` under `policy` with `options`, before or without
/// the audit: what decision_record(audit) gives.
DecisionRecord decision_record(const Policy& policy, const AuditOptions& options);

}  // namespace yanxiu
