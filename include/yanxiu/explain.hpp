#pragma once

#include <string>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/language.hpp>

namespace yanxiu {

/// How much of one record a verdict counted (for count and choice rules: the record's count).
struct Contribution {
  RecordIndex record = 0;
  CategoryIndex category = no_category;  ///< the category it counted as
  Hours counted;
  Hours over_cap;  ///< the part a rule's `max` left uncredited
};

/// One step of the credit pipeline (credits.hpp) that changed what a record earns.
struct CreditStep {
  enum class Kind : std::uint8_t {
    converted,        ///< an outcome became hours: `ref` is the conversion
    not_convertible,  ///< the conversion does not apply to the teacher (S2.10: 45 or older)
    gated,            ///< a gate failed: `ref` is the gate
    item_cap,         ///< a conversion's cap per item: `ref` is the conversion
    conversion_cap,   ///< a conversion's cap per period: `ref` is the conversion, `per` the period
    category_cap,     ///< a category cap: `ref` is the cap
    offset,           ///< counted as another category (冲抵): `category` is that one
    split,            ///< a portion of a split course: `category` and `after` are the portion
    exempted,         ///< credited by exemption (免修), no attendance or assessment asked
    rated,  ///< hours became the policy's unit at the category's rate: `before` hours, `after`
            ///< units
  };
  Kind kind = Kind::converted;
  int ref = -1;
  PeriodKind per = PeriodKind::cycle;
  CategoryIndex category = no_category;
  Hours before;
  Hours after;
};
/// The step's name as the Python explanation frames print it ("conversion_cap").
std::string_view to_string(CreditStep::Kind kind);

/// What became of one of the teacher's records.
struct RecordTrace {
  RecordIndex record = 0;
  Disposition disposition = Disposition::credited;
  Hours credited;  ///< after the credit pipeline, before rules
  std::vector<CreditStep> steps;
};

/// One audit row with the reasons behind its numbers.
struct Verdict {
  AuditRow row;
  Hours nominal_min;         ///< the policy's minimum before pro-rating
  int served_semesters = 0;  ///< of the period's semesters (semester, year and cycle rows)
  int period_semesters = 0;
  std::vector<Contribution> contributions;  ///< records counted, in date order
  Hours carried_in;    ///< surplus of the previous period counted here (carry_over)
  Hours moved_back;    ///< hours of this period sent to fill the previous one (fill_deficits)
  Hours filled;        ///< hours of the next period that filled this one's shortfall
  int exemption = -1;  ///< the exemption that waived the row
  int exemption_pending =
      -1;                    ///< an exemption whose condition holds but whose requirement is unmet
  Hours exemption_progress;  ///< what that exemption's required categories have so far
};

/// Why a teacher's verdicts are what they are: every row of the audit for that teacher, the
/// records each one counted, the caps, gates and conversions that changed them, and the records
/// that did not count.
struct Explanation {
  Policy policy;
  Ledger ledger;
  AuditOptions options;
  TeacherIndex teacher = 0;
  std::vector<Verdict> verdicts;     ///< in audit row order
  std::vector<RecordTrace> records;  ///< the teacher's records, ledger order

  /// A report a county officer reads: per period, the records and each rule's verdict, using
  /// the policy's labels (often Chinese) and framing words in `language`.
  std::string to_text(Language language = Language::en) const;
};

/// Explains one teacher; its rows equal the teacher's rows of evaluate() with the same options.
Explanation explain(const Policy& policy, const Ledger& ledger, TeacherIndex teacher,
                    const AuditOptions& options = {});

}  // namespace yanxiu
