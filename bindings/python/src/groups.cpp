// Groups for Python: an assignment crosses as CSV text (the package writes a DataFrame as CSV,
// so each row is read exactly as the command line reads it), and the tables come back as the
// command line's CSV, which the package reads into DataFrames.

#include "groups.hpp"

#include <pybind11/stl.h>
#include <sstream>
#include <string>
#include <vector>

#include <yanxiu/groups.hpp>

namespace yanxiu::python {

namespace py = pybind11;

namespace {

/// The memberships of `csv`; InputError (the package's yanxiu.InputError) for a row with an
/// empty cell.
std::vector<Membership> memberships(const std::string& csv, const std::string& name) {
  Diagnostics diagnostics;
  auto rows = read_memberships_text(csv, name, diagnostics);
  if (diagnostics.has_errors()) throw InputError(diagnostics.items());
  return rows;
}

}  // namespace

void bind_groups(py::module_& m) {
  m.def(
      "groups_assign",
      [](const Policy& policy, const Ledger& ledger, const std::string& current) {
        const auto rows = memberships(current, "current");
        std::ostringstream placed, unplaced, shortfalls;
        std::vector<Diagnostic> diagnostics;
        {
          const py::gil_scoped_release release;
          const GroupAssignment assignment = assign_groups(policy, ledger, rows, "current");
          write_assignment_csv(placed, policy, ledger, assignment);
          write_unplaced_csv(unplaced, policy, ledger, assignment);
          write_shortfalls_csv(shortfalls, policy, assignment);
          diagnostics = assignment.diagnostics.items();
        }
        return py::make_tuple(placed.str(), unplaced.str(), shortfalls.str(), diagnostics);
      },
      py::arg("policy"), py::arg("ledger"), py::arg("current"),
      "(assignment, unplaced, shortfalls) CSV text and the run's diagnostics.");
  m.def(
      "groups_audit",
      [](const Policy& policy, const Ledger& ledger, const std::string& assignment) {
        const auto rows = memberships(assignment, "assignment");
        std::ostringstream out;
        {
          const py::gil_scoped_release release;
          write_group_audit_csv(out, audit_groups(policy, ledger, rows));
        }
        return out.str();
      },
      py::arg("policy"), py::arg("ledger"), py::arg("assignment"), "The findings as CSV text.");
  m.def(
      "groups_assess",
      [](const Audit& audit, const std::string& assignment) {
        const auto rows = memberships(assignment, "assignment");
        std::ostringstream out;
        {
          const py::gil_scoped_release release;
          write_group_metrics_csv(out, assess_groups(audit, rows));
        }
        return out.str();
      },
      py::arg("audit"), py::arg("assignment"), "Each group's metrics as CSV text.");
}

}  // namespace yanxiu::python
