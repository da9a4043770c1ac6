// Policies: loading, and the getters a caller needs to fill record columns.

#include <limits>
#include <string>

#include <yanxiu/policy.hpp>

#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

std::vector<yx_diagnostic> diagnostic_views(std::span<const Diagnostic> diagnostics) {
  std::vector<yx_diagnostic> views;
  views.reserve(diagnostics.size());
  for (const Diagnostic& d : diagnostics) {
    views.push_back({d.severity == Severity::error ? YX_SEVERITY_ERROR : YX_SEVERITY_WARNING,
                     d.file.c_str(), d.line, d.path.c_str(), d.message.c_str()});
  }
  return views;
}

PolicyView::PolicyView(Policy loaded) : policy(std::move(loaded)) {
  for (const Rule& rule : policy.rules()) {
    std::vector<std::string>& ids = rule_ids.emplace_back();
    ids.push_back(rule.id);
    for (const QuotaPart& part : rule.parts)
      ids.push_back(rule.id + "/" + part.id);
  }
  warnings = diagnostic_views(policy.warnings());
}

namespace {

yx_policy* make_policy(Policy policy) {
  return make_handle<yx_policy>(std::make_shared<const PolicyView>(std::move(policy)));
}

}  // namespace

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

yx_status yx_policy_load(yx_policy** out, const char* path) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    require(path, "path");
    *out = make_policy(yanxiu::load_policy(path));
  });
}

yx_status yx_policy_parse(yx_policy** out, const char* json, size_t length, const char* name) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    require(json, "json");
    *out =
        make_policy(yanxiu::parse_policy(std::string_view(json, length), name ? name : "<memory>"));
  });
}

yx_status yx_policy_free(yx_policy* policy) {
  return guarded(__func__, [&] { free_handle(policy, "policy"); });
}

yx_status yx_policy_id(const char** out, const yx_policy* policy) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    *out = view->policy.id().c_str();
  });
}

yx_status yx_policy_sha256(const char** out, const yx_policy* policy) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    *out = view->policy.digest().c_str();
  });
}

yx_status yx_policy_category_count(size_t* out, const yx_policy* policy) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    *out = view->policy.categories().size();
  });
}

yx_status yx_policy_category_id(const char** out, const yx_policy* policy, size_t index) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    const auto categories = view->policy.categories();
    if (index >= categories.size()) {
      fail(YX_ERANGE,
           "category " + std::to_string(index) + " is out of range: the policy has " +
               std::to_string(categories.size()) + " categories",
           "index");
    }
    *out = categories[index].id.c_str();
  });
}

yx_status yx_policy_find_category(int16_t* out, const yx_policy* policy, const char* id) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    require(id, "id");
    const auto found = view->policy.find_category(id);
    if (!found) {
      fail(YX_ENOTFOUND,
           "policy \"" + view->policy.id() + "\" has no category \"" + std::string(id) + "\"",
           "id");
    }
    *out = *found;
  });
}

yx_status yx_policy_warning_count(size_t* out, const yx_policy* policy) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    *out = view->warnings.size();
  });
}

yx_status yx_policy_warning(const yx_diagnostic** out, const yx_policy* policy, size_t index) {
  return guarded(__func__, [&] {
    const PolicyState& view = state_of(policy, "policy");
    require(out, "out");
    if (index >= view->warnings.size()) {
      fail(YX_ERANGE,
           "warning " + std::to_string(index) + " is out of range: the policy has " +
               std::to_string(view->warnings.size()),
           "index");
    }
    *out = &view->warnings[index];
  });
}

}  // extern "C"
