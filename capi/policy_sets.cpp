// Policy sets: the versions of a county's policy with their effective dates, and the audit that
// judges each period by the version in force for it.

#include <string>
#include <vector>

#include <yanxiu/report.hpp>
#include <yanxiu/set_audit.hpp>

#include "buffer.hpp"
#include "enums.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

PolicySetState::PolicySetState(PolicySet loaded) : set(std::move(loaded)) {
  for (const PolicyVersion& version : set.versions())
    versions.push_back(std::make_shared<const PolicyView>(version.policy));
}

SetAuditState::SetAuditState(SetAudit judged)
    : audit(std::move(judged)), diagnostics(diagnostic_views(audit.diagnostics().items())) {}

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

yx_status yx_policy_set_load(yx_policy_set** out, const char* path) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    require(path, "path");
    *out = make_handle<yx_policy_set>(yanxiu::load_policy_or_set(path));
  });
}

yx_status yx_policy_set_free(yx_policy_set* set) {
  return guarded(__func__, [&] { free_handle(set, "set"); });
}

yx_status yx_policy_set_id(const char** out, const yx_policy_set* set) {
  return guarded(__func__, [&] {
    const PolicySetState& state = state_of(set, "set");
    require(out, "out");
    *out = state.set.id().c_str();
  });
}

yx_status yx_policy_set_sha256(const char** out, const yx_policy_set* set) {
  return guarded(__func__, [&] {
    const PolicySetState& state = state_of(set, "set");
    require(out, "out");
    *out = state.set.digest().c_str();
  });
}

yx_status yx_policy_set_version_count(size_t* out, const yx_policy_set* set) {
  return guarded(__func__, [&] {
    const PolicySetState& state = state_of(set, "set");
    require(out, "out");
    *out = state.versions.size();
  });
}

yx_status yx_policy_set_version(yx_policy** out_policy, int32_t* out_effective,
                                const yx_policy_set* set, size_t index) {
  return guarded(__func__, [&] {
    if (out_policy) *out_policy = nullptr;
    const PolicySetState& state = state_of(set, "set");
    if (index >= state.versions.size()) {
      fail(YX_ERANGE,
           "version " + std::to_string(index) + " is out of range: the set has " +
               std::to_string(state.versions.size()),
           "index");
    }
    if (out_effective)
      *out_effective = yanxiu::to_day_number(state.set.versions()[index].effective);
    if (out_policy) *out_policy = make_handle<yx_policy>(state.versions[index]);
  });
}

yx_status yx_evaluate_set(yx_set_audit** out, const yx_policy_set* set, yx_ledger* const* ledgers,
                          size_t ledger_count, const yx_audit_options* options) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicySetState& state = state_of(set, "set");
    if (ledger_count > 0) require(ledgers, "ledgers");
    const yanxiu::AuditOptions read = read_options(options);
    std::vector<yanxiu::Ledger> frozen;
    for (std::size_t v = 0; v < ledger_count; ++v) {
      const std::string name = "ledgers[" + std::to_string(v) + "]";
      frozen.push_back(freeze(state_of(ledgers[v], name.c_str()))->ledger);
    }
    *out = make_handle<yx_set_audit>(yanxiu::evaluate(state.set, frozen, read));
  });
}

yx_status yx_set_audit_free(yx_set_audit* audit) {
  return guarded(__func__, [&] { free_handle(audit, "audit"); });
}

yx_status yx_set_audit_disposition_count(int64_t* out, const yx_set_audit* audit,
                                         yx_disposition disposition) {
  return guarded(__func__, [&] {
    const SetAuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = state.audit.disposition_counts()[checked_disposition(disposition)];
  });
}

yx_status yx_set_audit_diagnostic_count(size_t* out, const yx_set_audit* audit) {
  return guarded(__func__, [&] {
    const SetAuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = state.diagnostics.size();
  });
}

yx_status yx_set_audit_diagnostic(const yx_diagnostic** out, const yx_set_audit* audit,
                                  size_t index) {
  return guarded(__func__, [&] {
    const SetAuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = &checked_diagnostic(state.diagnostics, index);
  });
}

yx_status yx_set_audit_write_csv(yx_buf* out, const yx_set_audit* audit) {
  return guarded(__func__, [&] {
    const SetAuditState& state = state_of(audit, "audit");
    write_buffer(out,
                 [&](std::ostream& stream) { yanxiu::write_set_audit_csv(stream, state.audit); });
  });
}

yx_status yx_set_audit_write_json(yx_buf* out, const yx_set_audit* audit) {
  return guarded(__func__, [&] {
    const SetAuditState& state = state_of(audit, "audit");
    write_buffer(out,
                 [&](std::ostream& stream) { yanxiu::write_set_audit_json(stream, state.audit); });
  });
}

yx_status yx_set_audit_decision_record(yx_buf* out, const yx_set_audit* audit) {
  return guarded(__func__, [&] {
    const SetAuditState& state = state_of(audit, "audit");
    check_empty(out);
    std::string text;
    for (const std::string& line : yanxiu::decision_record_lines(state.audit))
      text += line + "\n";
    write_text(out, text);
  });
}

}  // extern "C"
