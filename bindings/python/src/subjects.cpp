// Group and school duties for Python: the groups' records and schools.csv cross as CSV text (the
// package writes a DataFrame as CSV, so each row is read as the command line reads it), and the
// audit comes back as the command line's CSV.

#include "subjects.hpp"

#include <optional>
#include <pybind11/stl.h>
#include <string>
#include <vector>

#include <yanxiu/subjects.hpp>

namespace yanxiu::python {

namespace py = pybind11;

namespace {

SubjectInputs inputs(const std::optional<std::string>& group_records,
                     const std::optional<std::string>& schools) {
  SubjectInputs in;
  in.group_records = group_records;
  in.schools = schools;
  return in;
}

}  // namespace

void bind_subjects(py::module_& m) {
  m.def(
      "subjects_audit",
      [](const Policy& policy, const Ledger& teachers,
         const std::optional<std::string>& group_records,
         const std::optional<std::string>& schools) {
        std::string csv;
        std::vector<Diagnostic> diagnostics;
        {
          const py::gil_scoped_release release;
          const SubjectAudit audit =
              evaluate_subjects(policy, teachers, inputs(group_records, schools));
          csv = subject_audit_csv(audit);
          diagnostics = audit.diagnostics.items();
        }
        return py::make_tuple(csv, diagnostics);
      },
      py::arg("policy"), py::arg("teachers"), py::arg("group_records"), py::arg("schools"),
      "(audit CSV text, diagnostics) of the policy's group and school rules.");
  m.def(
      "subjects_explain",
      [](const Policy& policy, const Ledger& teachers,
         const std::optional<std::string>& group_records, const std::optional<std::string>& schools,
         const std::optional<std::string>& group, const std::optional<std::string>& school) {
        const py::gil_scoped_release release;
        const SubjectAudit audit =
            evaluate_subjects(policy, teachers, inputs(group_records, schools));
        return group ? explain_group(audit, *group) : explain_school(policy, audit, *school);
      },
      py::arg("policy"), py::arg("teachers"), py::arg("group_records"), py::arg("schools"),
      py::arg("group"), py::arg("school"), "The explanation of one group or school, or None.");
}

}  // namespace yanxiu::python
