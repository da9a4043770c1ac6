// Evaluation, of a ledger or of one teacher from arrays, and reading the audit it makes.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include <yanxiu/audit.hpp>
#include <yanxiu/decisions.hpp>
#include <yanxiu/explain.hpp>
#include <yanxiu/explanation_json.hpp>
#include <yanxiu/gap_plan.hpp>
#include <yanxiu/report.hpp>

#include "buffer.hpp"
#include "columns.hpp"
#include "enums.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "sessions.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

static_assert(static_cast<int>(Status::met) == YX_VERDICT_MET &&
              static_cast<int>(Status::short_) == YX_VERDICT_SHORT &&
              static_cast<int>(Status::exempt) == YX_VERDICT_EXEMPT &&
              static_cast<int>(Status::not_applicable) == YX_VERDICT_NOT_APPLICABLE &&
              static_cast<int>(Status::conflict) == YX_VERDICT_CONFLICT);
static_assert(static_cast<int>(RuleKind::quota) == YX_RULE_QUOTA &&
              static_cast<int>(RuleKind::count) == YX_RULE_COUNT &&
              static_cast<int>(RuleKind::choice) == YX_RULE_CHOICE);
static_assert(static_cast<int>(Basis::certified) == YX_BASIS_CERTIFIED &&
              static_cast<int>(Basis::submitted) == YX_BASIS_SUBMITTED);

AuditOptions read_options(const yx_audit_options* options) {
  AuditOptions read;
  if (options == nullptr) return read;
  // Version 1 callers' structs end before `basis`, version 2 callers' before `progress`.
  if (options->version < 1 || options->version > YX_AUDIT_OPTIONS_VERSION) {
    fail(YX_EINVAL,
         "options.version is " + std::to_string(options->version) +
             "; this library knows versions 1 to " + std::to_string(YX_AUDIT_OPTIONS_VERSION) +
             " (initialise with YX_AUDIT_OPTIONS_INIT or yx_audit_options_init)",
         "options.version");
  }
  if (options->as_of != nullptr) {
    read.as_of = parse_date(options->as_of);
    if (!read.as_of) {
      fail(YX_EINVAL,
           "options.as_of \"" + std::string(options->as_of) +
               "\" is not a date YYYY-MM-DD (years 1900..2200)",
           "options.as_of");
    }
  }
  read.threads = options->threads;
  if (options->version >= 2) {
    const std::int32_t basis = raw_value(options->basis);
    if (basis != YX_BASIS_CERTIFIED && basis != YX_BASIS_SUBMITTED) {
      fail(YX_EINVAL,
           "options.basis is " + std::to_string(basis) +
               "; expected YX_BASIS_CERTIFIED (0) or YX_BASIS_SUBMITTED (1)",
           "options.basis");
    }
    read.basis = static_cast<Basis>(basis);
  }
  if (options->version >= 3 && options->progress != nullptr)
    read.progress = c_progress(options->progress, options->progress_user);
  return read;
}

namespace {

yx_audit* make_audit(Audit audit, const PolicyState& policy,
                     std::shared_ptr<const LedgerView> ledger) {
  return make_handle<yx_audit>(AuditState{std::move(audit), policy, std::move(ledger)});
}

/// The audit of a row getter, with the row checked against its size.
const AuditState& audit_row(const yx_audit* audit, std::size_t row) {
  const AuditState& state = state_of(audit, "audit");
  if (row >= state.audit.size()) {
    fail(YX_ERANGE,
         "row " + std::to_string(row) + " is out of range: the audit has " +
             std::to_string(state.audit.size()) + " rows",
         "row");
  }
  return state;
}

TeacherIndex find_teacher(const AuditState& state, const char* teacher_id) {
  require(teacher_id, "teacher_id");
  const auto teacher = state.audit.ledger().find_teacher(teacher_id);
  if (!teacher) {
    fail(YX_ENOTFOUND, "the audit has no teacher \"" + std::string(teacher_id) + "\"",
         "teacher_id");
  }
  return *teacher;
}

}  // namespace

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

yx_status yx_evaluate(yx_audit** out, const yx_policy* policy, yx_ledger* ledger,
                      const yx_audit_options* options) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicyState& view = state_of(policy, "policy");
    LedgerState& state = state_of(ledger, "ledger");
    const yanxiu::AuditOptions read = read_options(options);
    std::shared_ptr<const LedgerView> frozen = freeze(state);
    yanxiu::Audit audit = yanxiu::evaluate(view->policy, frozen->ledger, read);
    *out = make_audit(std::move(audit), view, std::move(frozen));
  });
}

yx_status yx_evaluate_teacher(yx_audit** out, const yx_policy* policy,
                              const yx_teacher_columns* teacher, const yx_record_columns* records,
                              const yx_audit_options* options) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicyState& view = state_of(policy, "policy");
    check_columns(teacher, "teacher");
    if (teacher->count != 1) {
      fail(YX_EINVAL,
           "teacher.count is " + std::to_string(teacher->count) + "; one teacher is evaluated",
           "teacher.count");
    }
    check_columns(records, "records", true);
    yanxiu::AuditOptions read = read_options(options);
    read.progress = nullptr;  // one teacher: nothing to tell, and the pooled session keeps options

    SessionLease session(view->sessions, view->policy, read);
    yanxiu::Audit audit = evaluate_teacher(*session, *teacher, *records);
    session.done();
    auto ledger = std::make_shared<const LedgerView>(audit.ledger());
    *out = make_audit(std::move(audit), view, std::move(ledger));
  });
}

yx_status yx_audit_free(yx_audit* audit) {
  return guarded(__func__, [&] { free_handle(audit, "audit"); });
}

yx_status yx_audit_row_count(size_t* out, const yx_audit* audit) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = state.audit.size();
  });
}

yx_status yx_audit_teacher_rows(size_t* out_begin, size_t* out_end, const yx_audit* audit,
                                const char* teacher_id) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out_begin, "out_begin");
    require(out_end, "out_end");
    const yanxiu::TeacherIndex teacher = find_teacher(state, teacher_id);
    *out_begin = state.audit.row_begin(teacher);
    *out_end = state.audit.row_begin(teacher + 1);
  });
}

yx_status yx_audit_teacher_id(const char** out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.ledger->teacher_ids[static_cast<std::size_t>(state.audit.columns().teacher[row])];
  });
}

yx_status yx_audit_rule_id(const char** out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    const auto& columns = state.audit.columns();
    const auto& ids = state.policy->rule_ids[static_cast<std::size_t>(columns.rule[row])];
    *out = ids[static_cast<std::size_t>(columns.part[row] + 1)].c_str();
  });
}

yx_status yx_audit_period_label(const char** out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.period(state.audit.row(row)).label.c_str();
  });
}

yx_status yx_audit_period_start(int32_t* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.period(state.audit.row(row)).first_day;
  });
}

yx_status yx_audit_period_end(int32_t* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.period(state.audit.row(row)).last_day;
  });
}

yx_status yx_audit_required(int64_t* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.columns().required[row];
  });
}

yx_status yx_audit_credited(int64_t* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.columns().credited[row];
  });
}

yx_status yx_audit_shortfall(int64_t* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.row(row).shortfall().hundredths();
  });
}

yx_status yx_audit_status(yx_verdict* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = static_cast<yx_verdict>(state.audit.columns().status[row]);
  });
}

yx_status yx_audit_rule_kind(yx_rule_kind* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    const auto rule = static_cast<std::size_t>(state.audit.columns().rule[row]);
    *out = static_cast<yx_rule_kind>(state.audit.policy().rules()[rule].kind);
  });
}

yx_status yx_audit_hours(int64_t* out, const yx_audit* audit, size_t row) {
  return guarded(__func__, [&] {
    const AuditState& state = audit_row(audit, row);
    require(out, "out");
    *out = state.audit.columns().hours[row];
  });
}

yx_status yx_audit_rows_init(yx_audit_rows* rows, unsigned int version) {
  return guarded(__func__, [&] {
    require(rows, "rows");
    check_version(version, YX_AUDIT_ROWS_VERSION, "rows", "YX_AUDIT_ROWS_INIT");
    // A version 1 caller's struct ends before `hours`.
    const yx_audit_rows defaults = YX_AUDIT_ROWS_INIT;
    std::memcpy(rows, &defaults, version == 1 ? offsetof(yx_audit_rows, hours) : sizeof defaults);
    rows->version = version;
  });
}

yx_status yx_audit_read_rows(size_t* out_count, const yx_audit* audit, size_t first,
                             yx_audit_rows* rows) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out_count, "out_count");
    require(rows, "rows");
    check_version(rows->version, YX_AUDIT_ROWS_VERSION, "rows",
                  "YX_AUDIT_ROWS_INIT or yx_audit_rows_init");
    const yanxiu::Audit& a = state.audit;
    if (first > a.size()) {
      fail(YX_ERANGE,
           "first row " + std::to_string(first) + " is out of range: the audit has " +
               std::to_string(a.size()) + " rows",
           "first");
    }
    const std::size_t count = std::min(rows->capacity, a.size() - first);
    const auto& columns = a.columns();
    const auto rules = a.policy().rules();
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t row = first + i;
      const auto rule = static_cast<std::size_t>(columns.rule[row]);
      if (rows->teacher_id)
        rows->teacher_id[i] =
            state.ledger->teacher_ids[static_cast<std::size_t>(columns.teacher[row])];
      if (rows->rule_id)
        rows->rule_id[i] =
            state.policy->rule_ids[rule][static_cast<std::size_t>(columns.part[row] + 1)].c_str();
      if (rows->period_label || rows->period_start || rows->period_end) {
        const auto& period = a.period(a.row(row));
        if (rows->period_label) rows->period_label[i] = period.label.c_str();
        if (rows->period_start) rows->period_start[i] = period.first_day;
        if (rows->period_end) rows->period_end[i] = period.last_day;
      }
      if (rows->required) rows->required[i] = columns.required[row];
      if (rows->credited) rows->credited[i] = columns.credited[row];
      if (rows->shortfall) rows->shortfall[i] = a.row(row).shortfall().hundredths();
      if (rows->status) rows->status[i] = static_cast<yx_verdict>(columns.status[row]);
      if (rows->rule_kind) rows->rule_kind[i] = static_cast<yx_rule_kind>(rules[rule].kind);
      if (rows->version >= 2 && rows->hours) rows->hours[i] = columns.hours[row];
    }
    *out_count = count;
  });
}

yx_status yx_audit_disposition_count(int64_t* out, const yx_audit* audit,
                                     yx_disposition disposition) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = state.audit.disposition_counts()[checked_disposition(disposition)];
  });
}

yx_status yx_audit_diagnostic_count(size_t* out, const yx_audit* audit) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = state.ledger->diagnostics.size();
  });
}

yx_status yx_audit_diagnostic(const yx_diagnostic** out, const yx_audit* audit, size_t index) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out, "out");
    *out = &checked_diagnostic(state.ledger->diagnostics, index);
  });
}

yx_status yx_audit_write_csv(yx_buf* out, const yx_audit* audit) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    write_buffer(out, [&](std::ostream& stream) { yanxiu::write_audit_csv(stream, state.audit); });
  });
}

yx_status yx_audit_write_json(yx_buf* out, const yx_audit* audit) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    write_buffer(out, [&](std::ostream& stream) { yanxiu::write_audit_json(stream, state.audit); });
  });
}

namespace {

// The teacher's explanation under the audit; YX_ENOTFOUND for an unknown teacher.
yanxiu::Explanation explanation_of(const AuditState& state, const char* teacher_id) {
  const yanxiu::TeacherIndex teacher = find_teacher(state, teacher_id);
  const yanxiu::Audit& a = state.audit;
  return yanxiu::explain(a.policy(), a.ledger(), teacher, a.options());
}

}  // namespace

yx_status yx_audit_explain(yx_buf* out, const yx_audit* audit, const char* teacher_id) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    check_empty(out);
    write_text(out, explanation_of(state, teacher_id).to_text());
  });
}

namespace {

// NULL is English, as yx_audit_explain always was.
yanxiu::Language language_of(const char* lang) {
  if (lang == nullptr) return yanxiu::Language::en;
  const auto language = yanxiu::parse_language(lang);
  if (!language)
    fail(YX_EINVAL, "unknown language \"" + std::string(lang) + "\"; expected \"en\" or \"zh-CN\"",
         "lang");
  return *language;
}

}  // namespace

yx_status yx_audit_explain_text(yx_buf* out, const yx_audit* audit, const char* teacher_id,
                                const char* lang) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    check_empty(out);
    const yanxiu::Language language = language_of(lang);
    write_text(out, explanation_of(state, teacher_id).to_text(language));
  });
}

yx_status yx_audit_explain_json(yx_buf* out, const yx_audit* audit, const char* teacher_id,
                                const char* lang) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    check_empty(out);
    const yanxiu::Language language = language_of(lang);
    write_text(out, yanxiu::explanation_json(explanation_of(state, teacher_id), language));
  });
}

yx_status yx_audit_decision_record(yx_buf* out, const yx_audit* audit) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    check_empty(out);
    write_text(out, yanxiu::decision_record(state.audit).to_string());
  });
}

yx_status yx_audit_gap_plan(yx_buf* out, const yx_audit* audit, const char* teacher_id) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    check_empty(out);
    const yanxiu::TeacherIndex teacher = find_teacher(state, teacher_id);
    const yanxiu::Audit& a = state.audit;
    write_text(out,
               yanxiu::plan_gaps(a.policy(), a.ledger(), teacher, a.options()).to_text(a.policy()));
  });
}

yx_status yx_audit_write_decisions_csv(yx_buf* out, const yx_audit* audit) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    write_buffer(out, [&](std::ostream& stream) {
      yanxiu::write_decisions_csv(stream, state.audit, yanxiu::decide(state.audit));
    });
  });
}

yx_status yx_audit_decision(int* out, const yx_audit* audit, const char* teacher_id,
                            const char* decision_id) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    require(out, "out");
    require(decision_id, "decision_id");
    const yanxiu::TeacherIndex teacher = find_teacher(state, teacher_id);
    const auto decisions = state.audit.policy().decisions();
    const auto found = std::find_if(decisions.begin(), decisions.end(),
                                    [&](const yanxiu::Decision& d) { return d.id == decision_id; });
    if (found == decisions.end()) {
      fail(YX_ENOTFOUND,
           "policy \"" + state.audit.policy().id() + "\" has no decision \"" +
               std::string(decision_id) + "\"",
           "decision_id");
    }
    const auto verdicts = yanxiu::decide(state.audit, teacher);
    *out = verdicts[static_cast<std::size_t>(found - decisions.begin())].eligible ? 1 : 0;
  });
}

yx_status yx_audit_explain_decisions(yx_buf* out, const yx_audit* audit, const char* teacher_id) {
  return guarded(__func__, [&] {
    const AuditState& state = state_of(audit, "audit");
    check_empty(out);
    const yanxiu::TeacherIndex teacher = find_teacher(state, teacher_id);
    std::string text;
    for (const auto& verdict : yanxiu::decide(state.audit, teacher))
      text += yanxiu::explain_decision(state.audit, verdict);
    write_text(out, text);
  });
}

}  // extern "C"
