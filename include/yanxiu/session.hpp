#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <yanxiu/audit.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>

namespace yanxiu {

/// Evaluates one teacher at a time with one policy: the call a platform makes whenever a teacher
/// saves a record. The rows go in as into a LedgerBuilder, and evaluate() returns what
/// evaluate(policy, builder.build(), options) would, row for row and diagnostic for diagnostic,
/// without building anything anew: the session keeps its ledger columns, its evaluator (bound
/// to the policy once) and its audit columns, and refills them for each teacher. Once the
/// previous teacher's Audit (and any Ledger taken from it) is released, a teacher allocates
/// nothing unless it has more records than any before; a result still held is never touched,
/// the session then fills new columns.
///
/// Not thread-safe: use one session per thread. Any number of sessions may share a policy.
class TeacherSession {
 public:
  explicit TeacherSession(Policy policy, AuditOptions options = {});
  ~TeacherSession();
  TeacherSession(TeacherSession&&) noexcept;
  TeacherSession& operator=(TeacherSession&&) noexcept;

  const Policy& policy() const;
  const AuditOptions& options() const;

  /// A name for messages about the rows that follow (as LedgerBuilder::add_source); a name
  /// given before returns the same index.
  int add_source(std::string_view name);
  /// The attribute columns of the teachers that follow (as LedgerBuilder::set_attribute_names).
  /// The names of the last teacher again cost nothing; others forget the teacher begun.
  void set_attribute_names(std::span<const std::string_view> names);

  /// Begins a teacher, forgetting any rows given since the last evaluate(). Returns false, with
  /// a diagnostic, when the row is rejected; the teacher's records are then rejected too.
  bool add_teacher(const TeacherRow& row, RowOrigin origin);
  /// A record of the teacher; false, with a diagnostic, when it is rejected.
  bool add_record(const RecordRow& row, RowOrigin origin);
  /// Records as LedgerBuilder::add_records takes them, a null teacher_id column standing for the
  /// teacher's; the fast way in. Returns the rows taken.
  std::size_t add_records(const RecordArrays& records, RowOrigin first);
  /// Counts a record that could not even be parsed into a row value, with the reason.
  void reject_record(RowOrigin origin, std::string field, std::string message);
  /// The findings about the teacher row so far (the records' join them in the audit's ledger).
  const Diagnostics& diagnostics() const;

  /// Judges the teacher and its records. The next row given begins the next teacher.
  Audit evaluate();
  /// All at once: the teacher as line 1 of source "teacher", its records as lines 1, 2, ... of
  /// source "records".
  Audit evaluate(const TeacherRow& teacher, std::span<const RecordRow> records);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace yanxiu
