// Tiers for Python: evaluate_tiers with the GIL released, the standings and the criteria as
// columns (text as lists, numbers as numpy arrays); the package makes DataFrames of them.

#include "tiers.hpp"

#include <cstdint>
#include <optional>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <stdexcept>
#include <string>
#include <vector>

#include <yanxiu/tiers.hpp>

#include "columns.hpp"

namespace yanxiu::python {

namespace {

template <typename Value>
py::array array_of(const std::vector<Value>& values) {
  return py::array(static_cast<py::ssize_t>(values.size()), values.data());
}

py::dict standing_columns(const TierResult& result) {
  const auto ladders = result.policy().ladders();
  const TeacherColumns& teachers = result.ledger().teachers();
  const StringColumn* school_column = teachers.attribute("school");
  py::list teacher_id, school, ladder, tier, next_tier, status, result_tier, veto, missing;
  std::vector<DayNumber> since;
  for (const TierRow& row : result.rows()) {
    const auto t = static_cast<std::size_t>(row.teacher);
    const Ladder& on = ladders[static_cast<std::size_t>(row.ladder)];
    teacher_id.append(std::string(teachers.id[t]));
    school.append(school_column ? std::string((*school_column)[t]) : std::string());
    ladder.append(on.id);
    tier.append(result.tier_id(row, row.tier));
    since.push_back(row.since);
    next_tier.append(result.tier_id(row, row.next));
    status.append(std::string(to_string(row.status)));
    result_tier.append(result.tier_id(row, row.result_tier));
    veto.append(row.veto < 0 ? std::string() : on.vetoes[static_cast<std::size_t>(row.veto)].id);
    missing.append(result.missing(row));
  }
  return py::dict(py::arg("teacher_id") = teacher_id, py::arg("school") = school,
                  py::arg("ladder") = ladder, py::arg("tier") = tier,
                  py::arg("since") = array_of(since), py::arg("next_tier") = next_tier,
                  py::arg("status") = status, py::arg("result_tier") = result_tier,
                  py::arg("veto") = veto, py::arg("missing") = missing);
}

py::dict criterion_columns(const TierResult& result) {
  const auto ladders = result.policy().ladders();
  const TeacherColumns& teachers = result.ledger().teachers();
  py::list teacher_id, ladder, use, tier, criterion, kind, text;
  std::vector<std::int64_t> have, need;
  std::vector<std::uint8_t> known, met;
  for (const TierRow& row : result.rows()) {
    for (const CriterionRow& judged : result.criteria(row)) {
      const TierCriterion& c = result.criterion(row, judged);
      teacher_id.append(std::string(teachers.id[static_cast<std::size_t>(row.teacher)]));
      ladder.append(ladders[static_cast<std::size_t>(row.ladder)].id);
      use.append(std::string(to_string(judged.use)));
      tier.append(result.tier_id(row, judged.tier));
      criterion.append(c.id);
      kind.append(std::string(to_string(c.kind)));
      have.push_back(judged.have);
      need.push_back(judged.need);
      known.push_back(judged.known ? 1 : 0);
      met.push_back(judged.met ? 1 : 0);
      text.append(result.describe(row, judged));
    }
  }
  return py::dict(py::arg("teacher_id") = teacher_id, py::arg("ladder") = ladder,
                  py::arg("use") = use, py::arg("tier") = tier, py::arg("criterion") = criterion,
                  py::arg("kind") = kind, py::arg("have_x100") = array_of(have),
                  py::arg("need_x100") = array_of(need), py::arg("known") = array_of(known),
                  py::arg("met") = array_of(met), py::arg("text") = text);
}

}  // namespace

void bind_tiers(py::module_& m) {
  m.def("tier_statuses", [] { return enum_names<TierStatus>(tier_status_count); });
  m.def(
      "evaluate_tiers",
      [](const Policy& policy, const Ledger& ledger, std::optional<DayNumber> as_of,
         std::string_view basis_name) {
        TierOptions options;
        if (as_of) options.as_of = from_day_number(*as_of);
        if (basis_name == "submitted") {
          options.basis = Basis::submitted;
        } else if (basis_name != "certified") {
          throw std::invalid_argument("basis is \"certified\" or \"submitted\"");
        }
        const py::gil_scoped_release release;
        return evaluate_tiers(policy, ledger, options);
      },
      py::arg("policy"), py::arg("ledger"), py::arg("as_of"), py::arg("basis") = "certified",
      "Judges every teacher on every ladder; as_of is a day number or None.");

  py::class_<TierResult>(m, "TierResult", "Every teacher's standing on every ladder; immutable.")
      .def("__len__", [](const TierResult& r) { return r.rows().size(); })
      .def_property_readonly("as_of", &TierResult::as_of)
      .def("columns", &standing_columns)
      .def("criteria_columns", &criterion_columns)
      .def("explain", &TierResult::explain, py::arg("teacher"));
}

}  // namespace yanxiu::python
