#pragma once

// yx_evaluate_teacher's TeacherSessions. A session keeps its columns between teachers, which is
// what makes one teacher cost microseconds; but it serves one call at a time, and a policy is
// shared by every thread. So each policy keeps a few idle sessions: a call takes one out (or
// makes one), and puts it back when done. Two calls never hold the same session, and a result
// still held by the caller is never refilled (TeacherSession fills new columns instead).

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/session.hpp>

#include "yanxiu.h"

namespace yanxiu::capi {

/// A session and the scratch a call fills from the caller's columns.
struct PooledSession {
  PooledSession(const Policy& policy, const AuditOptions& evaluated_with);

  AuditOptions options;
  TeacherSession session;
  std::vector<std::string_view> attribute_names;
  std::vector<std::string_view> attributes;
  std::vector<RecordStatus> statuses;
  std::vector<DayRange> leave;
};

class SessionPool {
 public:
  SessionPool();

  /// A session evaluating with `options`: an idle one of those options, else a new one.
  std::unique_ptr<PooledSession> take(const Policy& policy, const AuditOptions& options);
  /// Back among the idle sessions; the least recently returned goes when they are too many.
  void give_back(std::unique_ptr<PooledSession> session) noexcept;

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<PooledSession>> idle_;  ///< the most recently returned last
};

/// A session taken from a pool for one call. It goes back only when the call marks it done: a
/// call that failed half-way may have left it in any state, and it is dropped.
class SessionLease {
 public:
  SessionLease(SessionPool& pool, const Policy& policy, const AuditOptions& options)
      : pool_(pool), session_(pool.take(policy, options)) {}
  ~SessionLease() {
    if (done_) pool_.give_back(std::move(session_));
  }
  SessionLease(const SessionLease&) = delete;
  SessionLease& operator=(const SessionLease&) = delete;

  PooledSession& operator*() const { return *session_; }
  void done() { done_ = true; }

 private:
  SessionPool& pool_;
  std::unique_ptr<PooledSession> session_;
  bool done_ = false;
};

/// The teacher and its records judged by the session, each row reported as the ledger path
/// reports it (sources "teacher" and "records", line = row + 1). Throws InputError when the
/// teacher row is rejected. The columns are checked (check_columns) and hold one teacher.
Audit evaluate_teacher(PooledSession& pooled, const yx_teacher_columns& teacher,
                       const yx_record_columns& records);

}  // namespace yanxiu::capi
