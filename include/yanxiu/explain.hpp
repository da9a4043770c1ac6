#pragma once

#include <string>
#include <vector>

#include <yanxiu/audit.hpp>

namespace yanxiu {

/// How much of one record a verdict counted.
struct Contribution {
  RecordIndex record = 0;
  Hours counted;
  Hours over_cap;  ///< the part a rule's `max` left uncredited
};

/// One audit row with the reasons behind its numbers.
struct Verdict {
  AuditRow row;
  Hours nominal_min;         ///< the policy's minimum before pro-rating
  int served_semesters = 0;  ///< of the period's semesters (semester, year and cycle rows)
  int period_semesters = 0;
  std::vector<Contribution> contributions;  ///< records counted, in date order
};

/// Why a teacher's verdicts are what they are: every row of the audit for that teacher, the
/// records each one counted, the caps that cut them, and the records that did not count.
struct Explanation {
  Policy policy;
  Ledger ledger;
  AuditOptions options;
  TeacherIndex teacher = 0;
  std::vector<Verdict> verdicts;          ///< in audit row order
  std::vector<Disposition> dispositions;  ///< of the teacher's records, ledger order

  /// A report a county officer reads: per period, the records and each rule's verdict, using
  /// the policy's labels (often Chinese).
  std::string to_text() const;
};

/// Explains one teacher; its rows equal the teacher's rows of evaluate() with the same options.
Explanation explain(const Policy& policy, const Ledger& ledger, TeacherIndex teacher,
                    const AuditOptions& options = {});

}  // namespace yanxiu
