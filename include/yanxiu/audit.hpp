#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <yanxiu/calendar.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/progress.hpp>

namespace yanxiu {

class TeacherSession;
struct Explanation;

/// The verdict of one rule for one teacher and period. Only ever appended to: the C ABI numbers
/// them.
enum class Status : std::uint8_t {
  met,
  short_,          ///< printed "short"
  exempt,          ///< waived by an exemption; never reported as met
  not_applicable,  ///< the teacher did not serve the period
  conflict,        ///< a choice rule found more than one of its options (S0.9: both)
};
inline constexpr int status_count = 5;
std::string_view to_string(Status status);

/// Which record statuses count (S0.7, S4.7).
enum class Basis : std::uint8_t {
  certified,  ///< the statuses the policy credits (`certification.credited`; certified by default)
  submitted,  ///< also what awaits review (pending, group_certified): what the audit will say
              ///< once everything submitted is certified; rejected records never count
};
inline constexpr int basis_count = 2;
std::string_view to_string(Basis basis);

/// An amount of a rule's kind as the audit prints it: hours with two decimals ("30.00"), counts
/// as whole numbers ("10").
std::string format_amount(RuleKind kind, Hours amount);
void append_amount(std::string& out, RuleKind kind, Hours amount);

struct AuditOptions {
  /// Judge as on this day: records ending after it are `outside`, periods starting after it are
  /// not reported. Unset: every record and every period of the cycle.
  std::optional<Date> as_of;
  /// Worker threads; 0 uses every core. The result is identical for any count.
  unsigned threads = 0;
  Basis basis = Basis::certified;
  /// Told how many teachers are judged (Phase::judging, progress.hpp); not kept in the audit,
  /// whose options() have none.
  Progress progress = {};  // a default: {as_of, threads} stays a complete initialiser
};

/// AuditRow::part of the row for the whole rule.
inline constexpr std::int16_t whole_rule = -1;

/// One verdict: teacher × rule (× part) × period.
struct AuditRow {
  TeacherIndex teacher = 0;
  RuleIndex rule = 0;
  std::int16_t part = whole_rule;
  PeriodKind period_kind = PeriodKind::cycle;
  std::int32_t period = 0;
  Hours required;
  Hours credited;
  Status status = Status::met;
  /// The hours behind `credited` (AuditColumns::hours).
  Hours hours;

  Hours shortfall() const { return status == Status::short_ ? required - credited : Hours(); }
};

/// The verdict columns, row i across all of them.
struct AuditColumns {
  std::vector<TeacherIndex> teacher;
  std::vector<RuleIndex> rule;
  std::vector<std::int16_t> part;
  std::vector<PeriodKind> period_kind;
  std::vector<std::int32_t> period;
  std::vector<std::int64_t> required;  ///< hundredths
  std::vector<std::int64_t> credited;  ///< hundredths
  std::vector<Status> status;
  /// Hundredths of an hour: the hours behind `credited`. In a policy counted in credits
  /// (Policy::unit().credits()), the exact sum of the hours recorded of the items a quota row
  /// counted, each once and whole, before its rate, rounding and caps: a split course by its
  /// portion, a conversion's amount (written in credits) with none; amounts carried between
  /// periods move credits, not hours. In a policy counted in hours, a quota row's `credited`.
  /// 0 for count and choice rows: a count has no hours behind it.
  std::vector<std::int64_t> hours;

  std::size_t size() const { return teacher.size(); }

 private:
  // Storage the library fills, not for hosts: the evaluators of one teacher size the columns.
  friend class TeacherSession;
  friend Explanation explain(const Policy&, const Ledger&, TeacherIndex, const AuditOptions&);
  /// Every column to `rows` rows (new rows zeroed).
  void resize(std::size_t rows) {
    teacher.resize(rows);
    rule.resize(rows);
    part.resize(rows);
    period_kind.resize(rows);
    period.resize(rows);
    required.resize(rows);
    credited.resize(rows);
    status.resize(rows);
    hours.resize(rows);
  }
};

namespace detail {
struct AuditData;
struct Make;
}  // namespace detail

/// The result of evaluating a policy over a ledger: rows ordered by teacher (ledger order), then
/// rule (policy order), then period (date order), each rule row followed by its part rows.
class Audit {
 public:
  const Policy& policy() const;
  const Ledger& ledger() const;
  const AuditOptions& options() const;

  const AuditColumns& columns() const;
  std::size_t size() const;
  AuditRow row(std::size_t index) const;
  /// Rows of teacher t are [row_begin(t), row_begin(t + 1)).
  std::size_t row_begin(TeacherIndex teacher) const;

  /// "semester-offline" or "semester-offline/school".
  std::string rule_id(const AuditRow& row) const;
  const Period& period(const AuditRow& row) const;

  /// The final disposition of every record of the ledger (RecordColumns order).
  std::span<const Disposition> dispositions() const;
  /// Counts over every input row, invalid ones included; they add up to the rows read.
  const DispositionCounts& disposition_counts() const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit Audit(std::shared_ptr<const detail::AuditData> data) : data_(std::move(data)) {}

  std::shared_ptr<const detail::AuditData> data_;
};

/// What an audit needs to be reproduced years later: the policy by id and by the SHA-256 of its
/// canonical form (Policy::digest), the engine's version, the as-of day and the basis.
struct DecisionRecord {
  std::string policy_id;
  std::string policy_digest;
  std::string engine_version;
  std::optional<Date> as_of;
  Basis basis = Basis::certified;

  /// "yanxiu-audit/1 engine 1.0.0 policy dali-2017 sha256 3f2a... as_of 2018-01-31 basis
  /// certified" (as_of "-" when unset): the comment line that heads the command line's CSV.
  std::string to_string() const;
};
DecisionRecord decision_record(const Audit& audit);

/// Evaluates every rule for every teacher. A pure function of its arguments.
///
/// `policy` may differ from the ledger's in its rules (a what-if), not in its categories or
/// calendar: those shaped the ledger, and a mismatch throws std::invalid_argument.
Audit evaluate(const Policy& policy, const Ledger& ledger, const AuditOptions& options = {});

/// The audit after some teachers' records changed: `ledger` is previous.ledger() with those
/// teachers' records replaced (replace_records), and only they are judged again; everyone
/// else's rows and dispositions are carried over. Equal to evaluate(previous.policy(), ledger,
/// previous.options()). Throws std::invalid_argument when the ledger has other teachers.
Audit reevaluate(const Audit& previous, const Ledger& ledger,
                 std::span<const TeacherIndex> teachers);

}  // namespace yanxiu
