// Tiers: every teacher's standing on every ladder of a policy, read back row by row.

#include <algorithm>
#include <string>

#include <yanxiu/tiers.hpp>

#include "columns.hpp"
#include "enums.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

static_assert(static_cast<int>(TierStatus::eligible) == YX_TIER_ELIGIBLE &&
              static_cast<int>(TierStatus::short_) == YX_TIER_SHORT &&
              static_cast<int>(TierStatus::vetoed) == YX_TIER_VETOED &&
              static_cast<int>(TierStatus::top) == YX_TIER_TOP &&
              static_cast<int>(TierStatus::demoted) == YX_TIER_DEMOTED &&
              static_cast<int>(TierStatus::unknown_tier) == YX_TIER_UNKNOWN_TIER);
static_assert(no_day == YX_NO_DAY);

TiersState::TiersState(TierResult judged, std::shared_ptr<const PolicyView> view,
                       std::shared_ptr<const LedgerView> frozen)
    : result(std::move(judged)), policy(std::move(view)), ledger(std::move(frozen)) {
  const auto rows = result.rows().size();
  tiers.reserve(rows);
  next_tiers.reserve(rows);
  result_tiers.reserve(rows);
  missing.reserve(rows);
  for (const TierRow& row : result.rows()) {
    tiers.push_back(result.tier_id(row, row.tier));
    next_tiers.push_back(result.tier_id(row, row.next));
    result_tiers.push_back(result.tier_id(row, row.result_tier));
    missing.push_back(result.missing(row));
  }
}

namespace {

const TiersState& tiers_row(const yx_tiers* tiers, std::size_t row) {
  const TiersState& state = state_of(tiers, "tiers");
  if (row >= state.result.rows().size()) {
    fail(YX_ERANGE,
         "row " + std::to_string(row) + " is out of range: the tiers have " +
             std::to_string(state.result.rows().size()) + " rows",
         "row");
  }
  return state;
}

/// The body of a getter of a string column kept in the state.
yx_status string_getter(const char* function, const char** out, const yx_tiers* tiers,
                        std::size_t row, std::vector<std::string> TiersState::*column) {
  return guarded(function, [&] {
    const TiersState& state = tiers_row(tiers, row);
    require(out, "out");
    *out = (state.*column)[row].c_str();
  });
}

}  // namespace

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

yx_status yx_evaluate_tiers(yx_tiers** out, const yx_policy* policy, yx_ledger* ledger,
                            const yx_audit_options* options) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicyState& view = state_of(policy, "policy");
    LedgerState& state = state_of(ledger, "ledger");
    const yanxiu::AuditOptions read = read_options(options);
    std::shared_ptr<const LedgerView> frozen = freeze(state);
    yanxiu::TierOptions tier_options;
    tier_options.as_of = read.as_of;
    tier_options.basis = read.basis;
    yanxiu::TierResult result = yanxiu::evaluate_tiers(view->policy, frozen->ledger, tier_options);
    *out = make_handle<yx_tiers>(std::move(result), view, std::move(frozen));
  });
}

yx_status yx_tiers_free(yx_tiers* tiers) {
  return guarded(__func__, [&] { free_handle(tiers, "tiers"); });
}

yx_status yx_tiers_row_count(size_t* out, const yx_tiers* tiers) {
  return guarded(__func__, [&] {
    const TiersState& state = state_of(tiers, "tiers");
    require(out, "out");
    *out = state.result.rows().size();
  });
}

yx_status yx_tiers_teacher_id(const char** out, const yx_tiers* tiers, size_t row) {
  return guarded(__func__, [&] {
    const TiersState& state = tiers_row(tiers, row);
    require(out, "out");
    *out = state.ledger->teacher_ids[static_cast<std::size_t>(state.result.rows()[row].teacher)];
  });
}

yx_status yx_tiers_ladder_id(const char** out, const yx_tiers* tiers, size_t row) {
  return guarded(__func__, [&] {
    const TiersState& state = tiers_row(tiers, row);
    require(out, "out");
    const auto ladder = static_cast<std::size_t>(state.result.rows()[row].ladder);
    *out = state.result.policy().ladders()[ladder].id.c_str();
  });
}

yx_status yx_tiers_tier(const char** out, const yx_tiers* tiers, size_t row) {
  return string_getter(__func__, out, tiers, row, &TiersState::tiers);
}

yx_status yx_tiers_since(int32_t* out, const yx_tiers* tiers, size_t row) {
  return guarded(__func__, [&] {
    const TiersState& state = tiers_row(tiers, row);
    require(out, "out");
    *out = state.result.rows()[row].since;
  });
}

yx_status yx_tiers_next_tier(const char** out, const yx_tiers* tiers, size_t row) {
  return string_getter(__func__, out, tiers, row, &TiersState::next_tiers);
}

yx_status yx_tiers_status(yx_tier_status* out, const yx_tiers* tiers, size_t row) {
  return guarded(__func__, [&] {
    const TiersState& state = tiers_row(tiers, row);
    require(out, "out");
    *out = static_cast<yx_tier_status>(state.result.rows()[row].status);
  });
}

yx_status yx_tiers_result_tier(const char** out, const yx_tiers* tiers, size_t row) {
  return string_getter(__func__, out, tiers, row, &TiersState::result_tiers);
}

yx_status yx_tiers_missing(const char** out, const yx_tiers* tiers, size_t row) {
  return string_getter(__func__, out, tiers, row, &TiersState::missing);
}

yx_status yx_tiers_rows_init(yx_tiers_rows* rows, unsigned int version) {
  return guarded(__func__, [&] {
    require(rows, "rows");
    check_version(version, YX_TIERS_ROWS_VERSION, "rows", "YX_TIERS_ROWS_INIT");
    *rows = YX_TIERS_ROWS_INIT;
  });
}

yx_status yx_tiers_read_rows(size_t* out_count, const yx_tiers* tiers, size_t first,
                             yx_tiers_rows* rows) {
  return guarded(__func__, [&] {
    const TiersState& state = state_of(tiers, "tiers");
    require(out_count, "out_count");
    require(rows, "rows");
    check_version(rows->version, YX_TIERS_ROWS_VERSION, "rows",
                  "YX_TIERS_ROWS_INIT or yx_tiers_rows_init");
    const auto all = state.result.rows();
    if (first > all.size()) {
      fail(YX_ERANGE,
           "first row " + std::to_string(first) + " is out of range: the tiers have " +
               std::to_string(all.size()) + " rows",
           "first");
    }
    const std::size_t count = std::min(rows->capacity, all.size() - first);
    const auto ladders = state.result.policy().ladders();
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t row = first + i;
      const yanxiu::TierRow& tier = all[row];
      if (rows->teacher_id)
        rows->teacher_id[i] = state.ledger->teacher_ids[static_cast<std::size_t>(tier.teacher)];
      if (rows->ladder_id)
        rows->ladder_id[i] = ladders[static_cast<std::size_t>(tier.ladder)].id.c_str();
      if (rows->tier) rows->tier[i] = state.tiers[row].c_str();
      if (rows->since) rows->since[i] = tier.since;
      if (rows->next_tier) rows->next_tier[i] = state.next_tiers[row].c_str();
      if (rows->status) rows->status[i] = static_cast<yx_tier_status>(tier.status);
      if (rows->result_tier) rows->result_tier[i] = state.result_tiers[row].c_str();
      if (rows->missing) rows->missing[i] = state.missing[row].c_str();
    }
    *out_count = count;
  });
}

yx_status yx_tiers_explain(const char** out, yx_tiers* tiers, const char* teacher_id) {
  return guarded(__func__, [&] {
    TiersState& state = state_of(tiers, "tiers");
    require(out, "out");
    require(teacher_id, "teacher_id");
    const auto teacher = state.result.ledger().find_teacher(teacher_id);
    if (!teacher) {
      fail(YX_ENOTFOUND, "no teacher \"" + std::string(teacher_id) + "\" in the ledger",
           "teacher_id");
    }
    state.explanation = state.result.explain(*teacher);
    *out = state.explanation.c_str();
  });
}
