#include "sessions.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include <yanxiu/diagnostics.hpp>

#include "columns.hpp"
#include "enums.hpp"

namespace yanxiu::capi {

namespace {

/// Idle sessions kept per policy: one per thread that may call at once, as far as we can tell.
std::size_t max_idle() {
  static const std::size_t count =
      std::clamp<std::size_t>(std::thread::hardware_concurrency(), 4, 64);
  return count;
}

bool same_options(const AuditOptions& a, const AuditOptions& b) {
  return a.as_of == b.as_of && a.threads == b.threads && a.basis == b.basis;
}

}  // namespace

PooledSession::PooledSession(const Policy& policy, const AuditOptions& evaluated_with)
    : options(evaluated_with), session(policy, evaluated_with) {}

SessionPool::SessionPool() {
  // give_back then never allocates, so it cannot fail.
  idle_.reserve(max_idle());
}

std::unique_ptr<PooledSession> SessionPool::take(const Policy& policy,
                                                 const AuditOptions& options) {
  {
    const std::lock_guard lock(mutex_);
    for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
      if (!same_options((*it)->options, options)) continue;
      std::unique_ptr<PooledSession> found = std::move(*it);
      idle_.erase(std::next(it).base());
      return found;
    }
  }
  return std::make_unique<PooledSession>(policy, options);
}

void SessionPool::give_back(std::unique_ptr<PooledSession> session) noexcept {
  std::unique_ptr<PooledSession> dropped;  // destroyed after the lock is released
  const std::lock_guard lock(mutex_);
  if (idle_.size() == max_idle()) {
    dropped = std::move(idle_.front());
    idle_.erase(idle_.begin());
  }
  idle_.push_back(std::move(session));
}

Audit evaluate_teacher(PooledSession& pooled, const yx_teacher_columns& teacher,
                       const yx_record_columns& records) {
  TeacherSession& session = pooled.session;
  pooled.attribute_names.clear();
  for (std::size_t a = 0; a < teacher.attribute_count; ++a)
    pooled.attribute_names.emplace_back(teacher.attribute_names[a]);
  session.set_attribute_names(pooled.attribute_names);
  const int teacher_file = session.add_source("teacher");
  const int record_file = session.add_source("records");

  TeacherRow row;
  if (auto problem = read_teacher_row(teacher, 0, pooled.attributes, pooled.leave, row)) {
    throw InputError(
        {{Severity::error, "teacher", 1, std::move(problem->column), std::move(problem->message)}});
  }
  if (!session.add_teacher(row, {teacher_file, 1})) throw InputError(session.diagnostics().items());

  add_in_status_runs(
      records, record_arrays(records), pooled.statuses, 1,
      [&](const RecordArrays& rows, int line) {
        return session.add_records(rows, {record_file, line});
      },
      [&](int line, std::string message) {
        session.reject_record({record_file, line}, "status", std::move(message));
      });
  return session.evaluate();
}

}  // namespace yanxiu::capi
