// Ledgers: rows appended from arrays and CSV files while open; counts and diagnostics once
// frozen.

#include <string>

#include <yanxiu/ledger.hpp>

#include "columns.hpp"
#include "enums.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

LedgerView::LedgerView(Ledger built)
    : ledger(std::move(built)),
      teacher_ids(ledger.teachers().id),
      diagnostics(diagnostic_views(ledger.diagnostics().items())) {}

const yx_diagnostic& checked_diagnostic(const std::vector<yx_diagnostic>& diagnostics,
                                        std::size_t index) {
  if (index >= diagnostics.size()) {
    fail(YX_ERANGE,
         "diagnostic " + std::to_string(index) + " is out of range: there are " +
             std::to_string(diagnostics.size()),
         "index");
  }
  return diagnostics[index];
}

const std::shared_ptr<const LedgerView>& freeze(LedgerState& state) {
  if (!state.frozen) {
    state.frozen = std::make_shared<const LedgerView>(state.builder->build());
    state.builder.reset();
  }
  return state.frozen;
}

namespace {

LedgerBuilder& open_builder(LedgerState& state) {
  if (!state.builder) {
    fail(YX_ESTATE,
         "the ledger is frozen (by yx_ledger_freeze or yx_evaluate); rows go into a new ledger",
         "ledger");
  }
  return *state.builder;
}

const LedgerView& frozen_view(const LedgerState& state) {
  if (!state.frozen) {
    fail(YX_ESTATE,
         "the ledger is still open; freeze it with yx_ledger_freeze (or evaluate it) first",
         "ledger");
  }
  return *state.frozen;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return "(" + text + ")";
}

}  // namespace

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

yx_status yx_ledger_new(yx_ledger** out, const yx_policy* policy) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicyState& view = state_of(policy, "policy");
    *out = make_handle<yx_ledger>(view);
  });
}

yx_status yx_ledger_new_encoded(yx_ledger** out, const yx_policy* policy, yx_encoding encoding) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicyState& view = state_of(policy, "policy");
    *out = make_handle<yx_ledger>(view, encoding_limits(encoding));
  });
}

yx_status yx_ledger_free(yx_ledger* ledger) {
  return guarded(__func__, [&] { free_handle(ledger, "ledger"); });
}

yx_status yx_ledger_add_teachers(size_t* out_accepted, yx_ledger* ledger,
                                 const yx_teacher_columns* teachers) {
  return guarded(__func__, [&] {
    if (out_accepted) *out_accepted = 0;
    LedgerState& state = state_of(ledger, "ledger");
    check_columns(teachers, "teachers");
    yanxiu::LedgerBuilder& builder = open_builder(state);
    if (teachers->count == 0) return;
    std::vector<std::string> names = attribute_names(*teachers);
    if (state.attribute_names) {
      if (names != *state.attribute_names) {
        fail(YX_EINVAL,
             "teachers.attribute_names " + joined(names) +
                 " differ from those of the first teachers appended " +
                 joined(*state.attribute_names),
             "teachers.attribute_names");
      }
    } else if (!state.teachers_from_csv) {
      // A teachers CSV read first declares the attributes itself; the core then checks each
      // row's count of values.
      builder.set_attribute_names(names);
      state.attribute_names = std::move(names);
    }
    const std::size_t accepted = add_teachers(builder, *teachers, state.teacher_arrays);
    if (out_accepted) *out_accepted = accepted;
  });
}

yx_status yx_ledger_add_records(size_t* out_accepted, yx_ledger* ledger,
                                const yx_record_columns* records) {
  return guarded(__func__, [&] {
    if (out_accepted) *out_accepted = 0;
    LedgerState& state = state_of(ledger, "ledger");
    check_columns(records, "records", false);
    yanxiu::LedgerBuilder& builder = open_builder(state);
    const std::size_t accepted = add_records(builder, *records, state.record_arrays);
    if (out_accepted) *out_accepted = accepted;
  });
}

yx_status yx_ledger_read_teachers_csv(yx_ledger* ledger, const char* path) {
  return guarded(__func__, [&] {
    LedgerState& state = state_of(ledger, "ledger");
    require(path, "path");
    open_builder(state).read_teachers(path);
    state.teachers_from_csv = true;
  });
}

yx_status yx_ledger_read_records_csv(yx_ledger* ledger, const char* path) {
  return guarded(__func__, [&] {
    LedgerState& state = state_of(ledger, "ledger");
    require(path, "path");
    open_builder(state).read_records(path);
  });
}

yx_status yx_ledger_set_progress(yx_ledger* ledger, yx_progress_fn progress, void* user) {
  return guarded(__func__, [&] {
    open_builder(state_of(ledger, "ledger")).set_progress(c_progress(progress, user));
  });
}

yx_status yx_ledger_freeze(yx_ledger* ledger) {
  return guarded(__func__, [&] { freeze(state_of(ledger, "ledger")); });
}

yx_status yx_ledger_teacher_count(size_t* out, const yx_ledger* ledger) {
  return guarded(__func__, [&] {
    const LedgerView& view = frozen_view(state_of(ledger, "ledger"));
    require(out, "out");
    *out = view.ledger.teachers().size();
  });
}

yx_status yx_ledger_record_count(size_t* out, const yx_ledger* ledger) {
  return guarded(__func__, [&] {
    const LedgerView& view = frozen_view(state_of(ledger, "ledger"));
    require(out, "out");
    *out = view.ledger.records().size();
  });
}

yx_status yx_ledger_rejected_teacher_count(int64_t* out, const yx_ledger* ledger) {
  return guarded(__func__, [&] {
    const LedgerView& view = frozen_view(state_of(ledger, "ledger"));
    require(out, "out");
    *out = view.ledger.invalid_teacher_rows();
  });
}

yx_status yx_ledger_disposition_count(int64_t* out, const yx_ledger* ledger,
                                      yx_disposition disposition) {
  return guarded(__func__, [&] {
    const LedgerView& view = frozen_view(state_of(ledger, "ledger"));
    require(out, "out");
    *out = view.ledger.intake_counts()[checked_disposition(disposition)];
  });
}

yx_status yx_ledger_diagnostic_count(size_t* out, const yx_ledger* ledger) {
  return guarded(__func__, [&] {
    const LedgerView& view = frozen_view(state_of(ledger, "ledger"));
    require(out, "out");
    *out = view.diagnostics.size();
  });
}

yx_status yx_ledger_diagnostic(const yx_diagnostic** out, const yx_ledger* ledger, size_t index) {
  return guarded(__func__, [&] {
    const LedgerView& view = frozen_view(state_of(ledger, "ledger"));
    require(out, "out");
    *out = &checked_diagnostic(view.diagnostics, index);
  });
}

}  // extern "C"
