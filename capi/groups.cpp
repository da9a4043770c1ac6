// Groups: workshops and clusters assigned, audited and assessed, CSV text in and out.

#include <initializer_list>
#include <string_view>
#include <vector>

#include <yanxiu/groups.hpp>

#include "buffer.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {
namespace {

/// The memberships of `text` (`size` bytes; NULL: none). A row that cannot be read is an input
/// error naming its line, as a file of the command line would be.
std::vector<Membership> read_assignment(const char* text, std::size_t size, const char* argument) {
  if (!text) {
    if (size != 0)
      fail(YX_EINVAL, std::string(argument) + " is NULL but its size is not 0", argument);
    return {};
  }
  Diagnostics diagnostics;
  auto memberships = read_memberships_text(std::string_view(text, size), argument, diagnostics);
  if (diagnostics.has_errors()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : diagnostics.items()) {
      if (d.severity == Severity::error) errors.push_back(d);
    }
    throw InputError(std::move(errors));
  }
  return memberships;
}

}  // namespace
}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

yx_status yx_groups_assign(yx_buf* out_assignment, yx_buf* out_unplaced, yx_buf* out_shortfalls,
                           const yx_policy* policy, yx_ledger* ledger, const char* current,
                           size_t current_size) {
  return guarded(__func__, [&] {
    require(out_assignment, "out_assignment");
    // All three are checked before any is written: a failure leaves them as they were.
    for (const yx_buf* buffer : {out_assignment, out_unplaced, out_shortfalls}) {
      if (buffer) check_empty(buffer);
    }
    const PolicyState& view = state_of(policy, "policy");
    LedgerState& state = state_of(ledger, "ledger");
    const auto memberships = read_assignment(current, current_size, "current");
    const auto frozen = freeze(state);
    const auto assignment =
        yanxiu::assign_groups(view->policy, frozen->ledger, memberships, "current");
    write_buffer(out_assignment, [&](std::ostream& stream) {
      yanxiu::write_assignment_csv(stream, view->policy, frozen->ledger, assignment);
    });
    if (out_unplaced) {
      write_buffer(out_unplaced, [&](std::ostream& stream) {
        yanxiu::write_unplaced_csv(stream, view->policy, frozen->ledger, assignment);
      });
    }
    if (out_shortfalls) {
      write_buffer(out_shortfalls, [&](std::ostream& stream) {
        yanxiu::write_shortfalls_csv(stream, view->policy, assignment);
      });
    }
  });
}

yx_status yx_groups_audit(yx_buf* out, const yx_policy* policy, yx_ledger* ledger,
                          const char* assignment, size_t assignment_size) {
  return guarded(__func__, [&] {
    require(out, "out");
    require(assignment, "assignment");
    const PolicyState& view = state_of(policy, "policy");
    LedgerState& state = state_of(ledger, "ledger");
    const auto memberships = read_assignment(assignment, assignment_size, "assignment");
    const auto frozen = freeze(state);
    const auto rows = yanxiu::audit_groups(view->policy, frozen->ledger, memberships);
    write_buffer(out, [&](std::ostream& stream) { yanxiu::write_group_audit_csv(stream, rows); });
  });
}

yx_status yx_groups_assess(yx_buf* out, const yx_audit* audit, const char* assignment,
                           size_t assignment_size) {
  return guarded(__func__, [&] {
    require(out, "out");
    require(assignment, "assignment");
    const AuditState& state = state_of(audit, "audit");
    const auto memberships = read_assignment(assignment, assignment_size, "assignment");
    const auto metrics = yanxiu::assess_groups(state.audit, memberships);
    write_buffer(out,
                 [&](std::ostream& stream) { yanxiu::write_group_metrics_csv(stream, metrics); });
  });
}

}  // extern "C"
