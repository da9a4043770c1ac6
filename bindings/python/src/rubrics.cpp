// Rubrics for Python: a ScoreSheet read from CSV text or files (the package writes a DataFrame as
// CSV text, so every cell is judged exactly as the command line judges it), scored with the GIL
// released, and the score table returned as columns.

#include "rubrics.hpp"

#include <cstdint>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <vector>

#include <yanxiu/rubrics.hpp>

#include "columns.hpp"

namespace yanxiu::python {

namespace {

py::dict counts_dict(const ScoreDispositionCounts& counts) {
  py::dict dict;
  for (int d = 0; d < score_disposition_count; ++d) {
    dict[py::str(std::string(to_string(static_cast<ScoreDisposition>(d))))] =
        counts.counts[static_cast<std::size_t>(d)];
  }
  return dict;
}

/// One dict per item of a rubric, with its rubric's and group's ids.
py::list rubric_items(const Policy& policy) {
  py::list list;
  for (const Rubric& rubric : policy.rubrics()) {
    for (const RubricItem& item : rubric.items) {
      list.append(py::dict(
          py::arg("rubric_id") = rubric.id,
          py::arg("subject") = std::string(to_string(rubric.subject)), py::arg("item_id") = item.id,
          py::arg("group") =
              item.group < 0
                  ? py::object(py::none())
                  : py::object(py::str(rubric.groups[static_cast<std::size_t>(item.group)].id)),
          py::arg("label") = item.label, py::arg("weight_x100") = item.weight,
          py::arg("kind") = std::string(to_string(item.kind)), py::arg("evidence") = item.evidence,
          py::arg("metric") = item.metric, py::arg("line") = item.position.line));
    }
  }
  return list;
}

/// The score table as columns: text as lists, numbers as numpy arrays (score_x100 -1: none).
py::dict result_columns(const RubricResult& result) {
  const auto& rows = result.rows();
  const Rubric& rubric = result.rubric();
  py::list subject_id, item_id, band, awards, veto, note;
  std::vector<std::int8_t> kind, status;
  std::vector<std::int64_t> weight, score;
  std::vector<std::int32_t> rank;
  for (const RubricRow& row : rows) {
    subject_id.append(result.subjects()[static_cast<std::size_t>(row.subject)]);
    item_id.append(result.item_id(row));
    kind.push_back(static_cast<std::int8_t>(row.kind));
    weight.push_back(row.weight);
    score.push_back(row.score);
    band.append(row.band < 0 ? std::string() : rubric.bands[static_cast<std::size_t>(row.band)].id);
    rank.push_back(row.rank);
    status.push_back(static_cast<std::int8_t>(row.status));
    awards.append(result.award_ids(row));
    veto.append(row.veto < 0 ? std::string()
                             : rubric.vetoes[static_cast<std::size_t>(row.veto)].id);
    note.append(row.note);
  }
  auto array = [](const auto& values) { return py::array(values.size(), values.data()); };
  return py::dict(py::arg("subject_id") = subject_id, py::arg("item_id") = item_id,
                  py::arg("kind") = array(kind), py::arg("weight_x100") = array(weight),
                  py::arg("score_x100") = array(score), py::arg("band") = band,
                  py::arg("rank") = array(rank), py::arg("status") = array(status),
                  py::arg("awards") = awards, py::arg("veto") = veto, py::arg("note") = note);
}

}  // namespace

void bind_rubrics(py::module_& m) {
  m.def("score_statuses", [] { return enum_names<ScoreStatus>(score_status_count); });
  m.def("score_dispositions", [] { return enum_names<ScoreDisposition>(score_disposition_count); });
  m.def("score_row_kinds", [] { return enum_names<RubricRowKind>(3); });
  m.def("item_kinds", [] { return enum_names<ItemKind>(item_kind_count); });
  m.def("rubric_items", &rubric_items, py::arg("policy"),
        "One dict per item of every rubric of the policy.");

  py::class_<ScoreSheet>(m, "ScoreSheet", "Scores and metrics given for one rubric.")
      .def(py::init([](Policy policy, std::string_view rubric, std::string_view encoding) {
             return ScoreSheet(std::move(policy), rubric, encoding_limits(encoding));
           }),
           py::arg("policy"), py::arg("rubric"), py::arg("encoding") = "utf-8",
           "Raises ValueError when the policy has no such rubric or encoding. `encoding` "
           "(\"utf-8\", \"gb18030\", \"auto\") reads the CSV files and texts.")
      .def(
          "read_scores",
          [](ScoreSheet& sheet, const std::filesystem::path& path) { sheet.read_scores(path); },
          py::arg("path"))
      .def("read_scores_text", &ScoreSheet::read_scores_text, py::arg("csv"), py::arg("name"))
      .def(
          "read_metrics",
          [](ScoreSheet& sheet, const std::filesystem::path& path) { sheet.read_metrics(path); },
          py::arg("path"))
      .def("read_metrics_text", &ScoreSheet::read_metrics_text, py::arg("csv"), py::arg("name"));

  m.def(
      "score_rubric",
      [](const ScoreSheet& sheet) {
        const py::gil_scoped_release release;
        return score_rubric(sheet);
      },
      py::arg("sheet"), "Scores every subject of the sheet.");

  py::class_<RubricResult>(m, "RubricResult", "The score table of a rubric; immutable.")
      .def_property_readonly("rubric_id", [](const RubricResult& r) { return r.rubric().id; })
      .def("__len__", [](const RubricResult& r) { return r.rows().size(); })
      .def("columns", &result_columns)
      .def_property_readonly("diagnostics",
                             [](const RubricResult& r) { return r.diagnostics().items(); })
      .def_property_readonly("score_counts",
                             [](const RubricResult& r) { return counts_dict(r.score_counts()); })
      .def_property_readonly("metric_counts",
                             [](const RubricResult& r) { return counts_dict(r.metric_counts()); });
}

}  // namespace yanxiu::python
