#pragma once

// A county judged under a policy set (policy_set.hpp).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/explain.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy_set.hpp>

namespace yanxiu {

/// One verdict of a set audit: row `row` of version `version`'s audit.
struct SetAuditRow {
  std::uint32_t version = 0;
  std::uint32_t row = 0;
};

namespace detail {
struct SetAuditData;
struct Make;
}  // namespace detail

/// A county judged under a policy set. Every version judges the county with its own ledger (the
/// same files, read with its policy); a verdict is kept from the version in force for its period
/// (PolicySet::in_force_on), and each input record takes its disposition from the version in
/// force on its date, so the counts still add up to the rows read.
class SetAudit {
 public:
  const PolicySet& policy_set() const;
  const AuditOptions& options() const;
  /// Version v's whole audit, periods it does not judge included.
  const Audit& audit(std::size_t version) const;
  /// The verdicts kept, by teacher (the first version's ledger order, then teachers only later
  /// versions could read), then version, then the audit's own order.
  std::span<const SetAuditRow> rows() const;
  AuditRow row(const SetAuditRow& row) const { return audit(row.version).row(row.row); }
  /// Every input row once: the version in force on a record's date gave its disposition.
  const DispositionCounts& disposition_counts() const;
  /// The input's problems as the judging versions saw them: a record's from the version that
  /// gives its disposition, the teachers' from the first version (or a later one that alone saw
  /// a problem with the row).
  const Diagnostics& diagnostics() const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit SetAudit(std::shared_ptr<const detail::SetAuditData> data) : data_(std::move(data)) {}
  std::shared_ptr<const detail::SetAuditData> data_;
};

/// Reads the county for one version: the same input, with that version's policy.
using LedgerReader = std::function<Ledger(const Policy&)>;

/// Judges the county under every version of `set` and keeps each verdict from the version in
/// force for it. `ledgers[v]` is the county read with version v's policy; all come from the same
/// input rows (their records are matched by file name and line). Throws std::invalid_argument
/// when their number is not the versions' or a ledger was read with another policy.
SetAudit evaluate(const PolicySet& set, std::span<const Ledger> ledgers,
                  const AuditOptions& options = {});

/// The same, `read` called once per version in order to read its ledger.
SetAudit evaluate(const PolicySet& set, const LedgerReader& read, const AuditOptions& options = {});

/// The same from teachers.csv and records.csv.
SetAudit evaluate(const PolicySet& set, const std::filesystem::path& teachers,
                  const std::filesystem::path& records, const AuditOptions& options = {});

/// One teacher's explanation under each version that judges some of their periods, in version
/// order; each keeps the verdicts of that version's periods only. Empty for a teacher no version
/// has. A single policy's is the teacher's whole explanation, verdicts or none.
std::vector<Explanation> explain(const SetAudit& audit, std::string_view teacher_id);

/// The same without an audit of the county: the teacher judged alone under each version, from
/// the ledgers evaluate() takes (`ledgers[v]` read with version v's policy). Equal to explain of
/// the set audit of those ledgers with the same options, at the cost of the teacher's rows.
/// Throws std::invalid_argument as evaluate() does.
std::vector<Explanation> explain(const PolicySet& set, std::span<const Ledger> ledgers,
                                 std::string_view teacher_id, const AuditOptions& options = {});

/// What a set audit says of its input, without judging anyone (an explain of one teacher needs
/// no more): each record row taken from the version in force on its date.
struct SetIntake {
  std::int64_t record_rows = 0;      ///< SetAudit::disposition_counts().total()
  std::int64_t invalid_records = 0;  ///< SetAudit::disposition_counts()[Disposition::invalid]
  Diagnostics diagnostics;           ///< SetAudit::diagnostics()
};

/// The intake of the ledgers evaluate() would take. Throws std::invalid_argument as evaluate()
/// does.
SetIntake settle_intake(const PolicySet& set, std::span<const Ledger> ledgers);

/// The decision record of a set audit, one line each: the set
/// ("yanxiu-audit/1 engine 1.0.0 policy-set dali sha256 ... as_of - basis certified"), then each
/// version ("version dali-2017 sha256 ... effective 2017-09-01"). For a single policy
/// (PolicySet::is_single_policy), the policy's own line, as decision_record gives it.
std::vector<std::string> decision_record_lines(const SetAudit& audit);

}  // namespace yanxiu
