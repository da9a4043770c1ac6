// Duties of groups and schools: the groups' records and schools.csv as CSV text in, the subject
// audit or one explanation as text out.

#include <optional>
#include <string>

#include <yanxiu/subjects.hpp>

#include "buffer.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {
namespace {

/// `size` bytes of `text`, or nothing for NULL (with size 0).
std::optional<std::string> optional_text(const char* text, std::size_t size, const char* argument) {
  if (!text) {
    if (size != 0)
      fail(YX_EINVAL, std::string(argument) + " is NULL but its size is not 0", argument);
    return std::nullopt;
  }
  return std::string(text, size);
}

SubjectInputs subject_inputs(const char* group_records, std::size_t group_records_size,
                             const char* schools, std::size_t schools_size) {
  SubjectInputs inputs;
  inputs.group_records = optional_text(group_records, group_records_size, "group_records");
  inputs.schools = optional_text(schools, schools_size, "schools");
  return inputs;
}

}  // namespace
}  // namespace yanxiu::capi

using namespace yanxiu::capi;

yx_status yx_subjects_audit(yx_buf* out, const yx_policy* policy, yx_ledger* ledger,
                            const char* group_records, size_t group_records_size,
                            const char* schools, size_t schools_size) {
  return guarded(__func__, [&] {
    require(out, "out");
    const PolicyState& view = state_of(policy, "policy");
    LedgerState& state = state_of(ledger, "ledger");
    const auto inputs = subject_inputs(group_records, group_records_size, schools, schools_size);
    const auto frozen = freeze(state);
    const auto audit = yanxiu::evaluate_subjects(view->policy, frozen->ledger, inputs);
    write_buffer(out, [&](std::ostream& stream) { stream << yanxiu::subject_audit_csv(audit); });
  });
}

yx_status yx_subjects_explain(yx_buf* out, const yx_policy* policy, yx_ledger* ledger,
                              const char* group_records, size_t group_records_size,
                              const char* schools, size_t schools_size, const char* group,
                              const char* school) {
  return guarded(__func__, [&] {
    require(out, "out");
    if ((group == nullptr) == (school == nullptr))
      fail(YX_EINVAL, "give group or school, one of them", group ? "school" : "group");
    const PolicyState& view = state_of(policy, "policy");
    LedgerState& state = state_of(ledger, "ledger");
    const auto inputs = subject_inputs(group_records, group_records_size, schools, schools_size);
    const auto frozen = freeze(state);
    const auto audit = yanxiu::evaluate_subjects(view->policy, frozen->ledger, inputs);
    const auto text = group ? yanxiu::explain_group(audit, group)
                            : yanxiu::explain_school(view->policy, audit, school);
    if (!text) {
      fail(YX_ENOTFOUND,
           std::string("no ") + (group ? "group \"" : "school \"") + (group ? group : school) +
               "\" judged",
           group ? "group" : "school");
    }
    write_buffer(out, [&](std::ostream& stream) { stream << *text; });
  });
}
