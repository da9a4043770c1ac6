#pragma once

// What each handle holds. The parts an audit shares with its policy and ledger are immutable
// and reference-counted, so the C caller may free handles in any order.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/rubrics.hpp>
#include <yanxiu/set_audit.hpp>
#include <yanxiu/tiers.hpp>

#include "sessions.hpp"
#include "strings.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

/// yx_diagnostic views of diagnostics that outlive them (the owner keeps both).
std::vector<yx_diagnostic> diagnostic_views(std::span<const Diagnostic> diagnostics);

/// A policy with the NUL-terminated strings its getters and its audits' getters return.
struct PolicyView {
  explicit PolicyView(Policy loaded);

  Policy policy;
  /// rule_ids[rule][0] is the rule's id, rule_ids[rule][1 + part] "RULE/PART".
  std::vector<std::vector<std::string>> rule_ids;
  std::vector<yx_diagnostic> warnings;
  /// yx_evaluate_teacher's sessions: calls from any number of threads take them in turn.
  mutable SessionPool sessions;
};

/// A frozen ledger with the NUL-terminated teacher ids and the diagnostics as yx_diagnostic.
struct LedgerView {
  explicit LedgerView(Ledger built);

  Ledger ledger;
  NulStrings teacher_ids;
  std::vector<yx_diagnostic> diagnostics;
};

/// Rows appended from arrays are reported under one source name per kind, numbered on.
struct ArraySource {
  const char* name;
  int file = -1;  ///< registered with the builder on first use
  int rows = 0;   ///< rows appended so far: the next row is line rows + 1
};

struct LedgerState {
  explicit LedgerState(std::shared_ptr<const PolicyView> view, const InputLimits& limits = {})
      : policy(std::move(view)), builder(std::in_place, policy->policy, limits) {}

  std::shared_ptr<const PolicyView> policy;
  std::optional<LedgerBuilder> builder;      ///< while open
  std::shared_ptr<const LedgerView> frozen;  ///< once frozen
  ArraySource teacher_arrays{"teachers"};
  ArraySource record_arrays{"records"};
  bool teachers_from_csv = false;
  /// The attribute names of the first teachers appended from arrays, which later ones repeat.
  std::optional<std::vector<std::string>> attribute_names;
};

/// Freezes an open ledger (idempotent) and returns what it froze into.
const std::shared_ptr<const LedgerView>& freeze(LedgerState& state);

/// diagnostics[index]; throws YX_ERANGE past the end.
const yx_diagnostic& checked_diagnostic(const std::vector<yx_diagnostic>& diagnostics,
                                        std::size_t index);

struct AuditState {
  Audit audit;
  std::shared_ptr<const PolicyView> policy;
  std::shared_ptr<const LedgerView> ledger;
};

/// Scores of a rubric with the NUL-terminated strings their getters return, made once.
struct ScoresState {
  ScoresState(RubricResult scored, std::shared_ptr<const PolicyView> view);

  RubricResult result;
  std::shared_ptr<const PolicyView> policy;
  std::vector<std::string> item_ids;  ///< per row: "7", "group:planning", "total"
  std::vector<std::string> awards;    ///< per row: "model-school;..."
  std::vector<yx_diagnostic> diagnostics;
};

/// yx_audit_options as the core's options; YX_EINVAL for an unknown version, date or basis.
AuditOptions read_options(const yx_audit_options* options);

/// Tier standings with the strings their getters return, made once; the explanation of the
/// teacher last asked for.
struct TiersState {
  TiersState(TierResult judged, std::shared_ptr<const PolicyView> view,
             std::shared_ptr<const LedgerView> frozen);

  TierResult result;
  std::shared_ptr<const PolicyView> policy;
  std::shared_ptr<const LedgerView> ledger;
  std::vector<std::string> tiers, next_tiers, result_tiers, missing;  ///< per row
  std::string explanation;
};

/// A policy set with a view of each version, which yx_policy_set_version hands out as handles.
struct PolicySetState {
  explicit PolicySetState(PolicySet loaded);

  PolicySet set;
  std::vector<std::shared_ptr<const PolicyView>> versions;
};

struct SetAuditState {
  explicit SetAuditState(SetAudit judged);

  SetAudit audit;
  std::vector<yx_diagnostic> diagnostics;
};

}  // namespace yanxiu::capi
