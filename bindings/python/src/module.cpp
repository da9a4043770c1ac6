// yanxiu._core: the C++ API for Python. An adapter only: no rule is judged here. Columns leave as
// numpy views of the engine's memory; evaluation, CSV reading and generation release the GIL.
// The pure-Python package (bindings/python/yanxiu) turns these into DataFrames.

#include <array>
#include <cstdint>
#include <optional>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/columns.hpp>
#include <yanxiu/yanxiu.hpp>

#include "columns.hpp"
#include "groups.hpp"
#include "ledger_input.hpp"
#include "lifecycle.hpp"
#include "progress_callback.hpp"
#include "rubrics.hpp"
#include "subjects.hpp"
#include "tiers.hpp"

namespace yanxiu::python {
namespace {

// --- Errors -----------------------------------------------------------------------------------

// Created once and never released: the translator may run until the interpreter ends.
PyObject* error_type = nullptr;
PyObject* policy_error_type = nullptr;
PyObject* input_error_type = nullptr;

void raise_error(PyObject* type, const Error& error) {
  py::object exception = py::reinterpret_borrow<py::object>(type)(error.what());
  exception.attr("file") = error.file();
  exception.attr("line") = error.line();
  exception.attr("path") = error.path();
  exception.attr("message") = error.message();
  exception.attr("diagnostics") = error.diagnostics();
  PyErr_SetObject(type, exception.ptr());
}

void define_errors(py::module_& module) {
  error_type = PyErr_NewExceptionWithDoc(
      "yanxiu.Error",
      "A policy or input file yanxiu cannot use. str() is every problem as the command line "
      "prints it, FILE:LINE: error: PATH: message; file, line, path and message describe the "
      "first, diagnostics lists them all.",
      PyExc_ValueError, nullptr);
  policy_error_type = PyErr_NewExceptionWithDoc(
      "yanxiu.PolicyError",
      "A policy that cannot be loaded: bad JSON, an unknown key, a wrong type.", error_type,
      nullptr);
  input_error_type = PyErr_NewExceptionWithDoc(
      "yanxiu.InputError",
      "A teachers or records table that cannot be read at all (missing, no header, a required "
      "column absent). Bad rows are not errors: they are the ledger's messages.",
      error_type, nullptr);
  if (!error_type || !policy_error_type || !input_error_type) throw py::error_already_set();
  module.add_object("Error", py::handle(error_type));
  module.add_object("PolicyError", py::handle(policy_error_type));
  module.add_object("InputError", py::handle(input_error_type));
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const PolicyError& error) {
      raise_error(policy_error_type, error);
    } catch (const InputError& error) {
      raise_error(input_error_type, error);
    } catch (const Error& error) {
      raise_error(error_type, error);
    }
  });
}

// --- Small conversions ------------------------------------------------------------------------

std::optional<std::int64_t> optional_hundredths(const std::optional<Hours>& hours) {
  if (!hours) return std::nullopt;
  return hours->hundredths();
}

py::dict disposition_dict(const DispositionCounts& counts) {
  py::dict dict;
  for (int i = 0; i < disposition_count; ++i) {
    dict[py::str(std::string(to_string(static_cast<Disposition>(i))))] = counts.counts[i];
  }
  return dict;
}

PeriodKind period_kind(std::string_view name) {
  const auto kind = parse_period_kind(name);
  if (!kind) throw py::value_error("unknown period kind \"" + std::string(name) + "\"");
  return *kind;
}

Basis basis(std::string_view name) {
  for (const Basis b : {Basis::certified, Basis::submitted}) {
    if (to_string(b) == name) return b;
  }
  throw py::value_error("unknown basis \"" + std::string(name) +
                        "\"; expected \"certified\" or \"submitted\"");
}

AuditOptions audit_options(std::optional<DayNumber> as_of, unsigned threads,
                           std::string_view basis_name) {
  AuditOptions options;
  if (as_of) options.as_of = from_day_number(*as_of);
  options.threads = threads;
  options.basis = basis(basis_name);
  return options;
}

std::string category_id(const Policy& policy, CategoryIndex category) {
  if (category == no_category) return {};
  return policy.categories()[static_cast<std::size_t>(category)].id;
}

/// The smallest signed integer type pandas keeps category codes in for `count` categories, so
/// it takes our codes without converting them.
py::dtype code_dtype(std::size_t count) {
  if (count < 127) return py::dtype::of<std::int8_t>();
  if (count < 32767) return py::dtype::of<std::int16_t>();
  return py::dtype::of<std::int32_t>();
}

template <typename Code>
void fill_codes(void* codes, const std::vector<std::int32_t>& values) {
  auto* out = static_cast<Code*>(codes);
  for (std::size_t i = 0; i < values.size(); ++i)
    out[i] = static_cast<Code>(values[i]);
}

/// Codes as a numpy array of code_dtype(count).
py::array to_codes(std::vector<std::int32_t> values, std::size_t count) {
  const py::dtype dtype = code_dtype(count);
  py::array codes(dtype, {values.size()}, {static_cast<std::size_t>(dtype.itemsize())});
  void* out = codes.mutable_data();
  const py::gil_scoped_release release;
  if (count < 127)
    fill_codes<std::int8_t>(out, values);
  else if (count < 32767)
    fill_codes<std::int16_t>(out, values);
  else
    fill_codes<std::int32_t>(out, values);
  return codes;
}

// --- Policy -----------------------------------------------------------------------------------

// Amounts of a rule are hundredths of its unit (hours for quota rules, activities for count
// and choice rules): `_x100`. Hours that are hours whatever the rule are `_h100`.
py::dict rule_dict(const Policy& policy, const Rule& rule) {
  py::list parts;
  for (const QuotaPart& part : rule.parts) {
    parts.append(py::dict(py::arg("id") = part.id, py::arg("label") = part.label,
                          py::arg("categories") = policy.describe(part.categories),
                          py::arg("min_x100") = part.min.hundredths(),
                          py::arg("line") = part.position.line,
                          py::arg("path") = part.position.path));
  }
  py::list phases;
  for (const int phase : rule.phases)
    phases.append(policy.calendar().spec().phases[static_cast<std::size_t>(phase)].id);
  return py::dict(
      py::arg("id") = rule.id, py::arg("label") = rule.label, py::arg("source") = rule.source,
      py::arg("kind") = std::string(to_string(rule.kind)),
      py::arg("period") = std::string(to_string(rule.period)),
      py::arg("categories") = policy.describe(rule.categories),
      py::arg("min_x100") = rule.min.hundredths(),
      py::arg("max_x100") = optional_hundredths(rule.max), py::arg("pro_rate") = rule.pro_rate,
      py::arg("activities") = rule.activities,
      py::arg("carry_over_x100") = optional_hundredths(rule.carry_over),
      py::arg("fill_deficits") = rule.fill_deficits, py::arg("phases") = phases,
      py::arg("applies_to_everyone") = rule.applies_to.matches_everyone(), py::arg("parts") = parts,
      py::arg("line") = rule.position.line, py::arg("path") = rule.position.path);
}

py::list attribute_list(const Policy& policy) {
  py::list list;
  for (const AttributeSpec& a : policy.attributes()) {
    list.append(py::dict(py::arg("id") = a.id, py::arg("label") = a.label,
                         py::arg("type") = std::string(to_string(a.type)),
                         py::arg("values") = a.values, py::arg("line") = a.position.line,
                         py::arg("path") = a.position.path));
  }
  return list;
}

py::list period_caps(const std::vector<PeriodCap>& caps) {
  py::list list;
  for (const PeriodCap& cap : caps) {
    list.append(py::dict(py::arg("per") = std::string(to_string(cap.per)),
                         py::arg("hours_h100") = cap.hours.hundredths()));
  }
  return list;
}

py::list conversion_list(const Policy& policy) {
  py::list list;
  for (const Conversion& c : policy.conversions()) {
    py::list rates;
    for (const ConversionRate& rate : c.rates) {
      rates.append(py::dict(py::arg("level") = rate.level,
                            py::arg("min_h100") = rate.min.hundredths(),
                            py::arg("max_h100") = rate.max.hundredths()));
    }
    list.append(py::dict(
        py::arg("id") = c.id, py::arg("label") = c.label, py::arg("source") = c.source,
        py::arg("outcome") = c.outcome, py::arg("category") = category_id(policy, c.category),
        py::arg("rates") = rates, py::arg("item_cap_h100") = optional_hundredths(c.item_cap),
        py::arg("caps") = period_caps(c.caps),
        py::arg("applies_to_everyone") = c.applies_to.matches_everyone(),
        py::arg("line") = c.position.line, py::arg("path") = c.position.path));
  }
  return list;
}

py::list gate_list(const Policy& policy) {
  py::list list;
  for (const Gate& g : policy.gates()) {
    list.append(
        py::dict(py::arg("id") = g.id, py::arg("label") = g.label, py::arg("source") = g.source,
                 py::arg("kind") = std::string(to_string(g.kind)),
                 py::arg("categories") = policy.describe(g.categories),
                 py::arg("min_percent") = g.kind == GateKind::attendance
                                              ? py::object(py::int_(g.min_percent))
                                              : py::object(py::none()),
                 py::arg("passing") = g.passing, py::arg("activity") = g.activity,
                 py::arg("min_count") = g.kind == GateKind::evidence
                                            ? py::object(py::int_(g.min_count.hundredths() / 100))
                                            : py::object(py::none()),
                 py::arg("per") = g.kind == GateKind::evidence
                                      ? py::object(py::str(std::string(to_string(g.per))))
                                      : py::object(py::none()),
                 py::arg("line") = g.position.line, py::arg("path") = g.position.path));
  }
  return list;
}

py::list cap_list(const Policy& policy) {
  py::list list;
  for (const CategoryCap& c : policy.category_caps()) {
    list.append(py::dict(py::arg("id") = c.id, py::arg("label") = c.label,
                         py::arg("categories") = policy.describe(c.categories),
                         py::arg("per") = std::string(to_string(c.per)),
                         py::arg("max_h100") = c.max.hundredths(),
                         py::arg("line") = c.position.line, py::arg("path") = c.position.path));
  }
  return list;
}

py::dict credit_bank_dict(const Policy& policy) {
  const CreditBank& bank = policy.credit_bank();
  py::list offsets;
  for (const CreditBank::Offset& o : bank.offsets)
    offsets.append(py::make_tuple(category_id(policy, o.from), category_id(policy, o.to)));
  py::list exemptible;
  for (std::size_t c = 0; c < policy.categories().size(); ++c) {
    if (bank.exemptible >> c & 1) exemptible.append(policy.categories()[c].id);
  }
  return py::dict(py::arg("offsets") = offsets, py::arg("exemptible") = exemptible,
                  py::arg("split") = bank.split);
}

/// "RULE" or "RULE/PART", as audits name rows.
std::string row_name(const Policy& policy, RuleIndex rule, std::int16_t part) {
  const Rule& r = policy.rules()[static_cast<std::size_t>(rule)];
  if (part == whole_rule) return r.id;
  return r.id + "/" + r.parts[static_cast<std::size_t>(part)].id;
}

py::list exemption_list(const Policy& policy) {
  py::list list;
  for (const Exemption& e : policy.exemptions()) {
    py::list waives;
    for (const Exemption::Waived& w : e.waives)
      waives.append(row_name(policy, w.rule, w.part));
    list.append(py::dict(
        py::arg("id") = e.id, py::arg("label") = e.label, py::arg("source") = e.source,
        py::arg("requires_categories") = policy.describe(e.requires_categories),
        py::arg("requires_min_h100") = e.requires_min.hundredths(), py::arg("waives") = waives,
        py::arg("line") = e.position.line, py::arg("path") = e.position.path));
  }
  return list;
}

py::dict periods_dict(const Policy& policy, PeriodKind kind) {
  const auto& periods = policy.calendar().periods(kind);
  py::list labels;
  std::vector<DayNumber> first, last;
  for (const Period& period : periods) {
    labels.append(period.label);
    first.push_back(period.first_day);
    last.push_back(period.last_day);
  }
  return py::dict(py::arg("label") = labels,
                  py::arg("first_day") = py::array_t<DayNumber>(first.size(), first.data()),
                  py::arg("last_day") = py::array_t<DayNumber>(last.size(), last.data()));
}

void bind_policy(py::module_& m) {
  py::class_<Diagnostic>(m, "Diagnostic", "One finding about an input, where it is and what.")
      .def_property_readonly(
          "severity",
          [](const Diagnostic& d) { return d.severity == Severity::error ? "error" : "warning"; })
      .def_readonly("file", &Diagnostic::file)
      .def_readonly("line", &Diagnostic::line, "1-based; 0 when about the whole file")
      .def_readonly("path", &Diagnostic::path, "a JSON path in a policy, a column in a table")
      .def_readonly("message", &Diagnostic::message)
      .def("__str__", [](const Diagnostic& d) { return to_string(d); })
      .def("__repr__", [](const Diagnostic& d) { return "<Diagnostic " + to_string(d) + ">"; });

  py::class_<Policy>(m, "Policy", "A loaded, validated policy; immutable.")
      .def_property_readonly("id", &Policy::id)
      .def_property_readonly("title", &Policy::title)
      .def_property_readonly("source", &Policy::source)
      .def_property_readonly("file_name", &Policy::file_name)
      .def_property_readonly("sha256", &Policy::digest)
      .def_property_readonly("warnings",
                             [](const Policy& p) {
                               return std::vector<Diagnostic>(p.warnings().begin(),
                                                              p.warnings().end());
                             })
      .def_property_readonly(
          "categories",
          [](const Policy& p) {
            py::list list;
            for (const Category& c : p.categories()) {
              list.append(py::dict(py::arg("id") = c.id, py::arg("label") = c.label,
                                   py::arg("groups") = c.groups));
            }
            return list;
          })
      .def_property_readonly("rules",
                             [](const Policy& p) {
                               py::list list;
                               for (const Rule& rule : p.rules())
                                 list.append(rule_dict(p, rule));
                               return list;
                             })
      .def_property_readonly("attributes", &attribute_list)
      .def_property_readonly("conversions", &conversion_list)
      .def_property_readonly("gates", &gate_list)
      .def_property_readonly("category_caps", &cap_list)
      .def_property_readonly("credit_bank", &credit_bank_dict)
      .def_property_readonly("certification",
                             [](const Policy& p) {
                               py::list list;
                               for (const RecordStatus s : p.certification().credited)
                                 list.append(std::string(to_string(s)));
                               return list;
                             })
      .def_property_readonly("exemptions", &exemption_list)
      .def("find_rule", &Policy::find_rule, py::arg("id"), "The index of a rule, or None")
      .def(
          "periods",
          [](const Policy& p, std::string_view kind) { return periods_dict(p, period_kind(kind)); },
          py::arg("kind"), "label, first_day and last_day (day numbers) of every period of a kind");

  m.def(
      "load_policy", [](const std::filesystem::path& path) { return load_policy(path); },
      py::arg("path"), "Loads and validates a policy file; raises PolicyError.");
  m.def(
      "parse_policy",
      [](std::string_view json, std::string_view name) { return parse_policy(json, name); },
      py::arg("json"), py::arg("name"), "A policy from JSON text (str or bytes).");
  m.def(
      "canonical_column_name",
      [](std::string_view header) -> std::optional<std::string> {
        const auto name = canonical_column_name(header);
        return name ? std::optional<std::string>(*name) : std::nullopt;
      },
      py::arg("header"),
      "The column a header names as the CSV reader reads it (\"教师编号\" is \"teacher_id\"), or "
      "None for a name yanxiu does not know.");
}

// --- Ledger -----------------------------------------------------------------------------------

void bind_ledger(py::module_& m) {
  py::class_<Ledger>(m, "Ledger", "Validated teachers and records, as columns; immutable.")
      .def_property_readonly("policy", &Ledger::policy)
      .def_property_readonly("teacher_count", [](const Ledger& l) { return l.teachers().size(); })
      .def_property_readonly("record_count", [](const Ledger& l) { return l.records().size(); })
      .def_property_readonly("files", &Ledger::files)
      .def_property_readonly("diagnostics", [](const Ledger& l) { return l.diagnostics().items(); })
      .def_property_readonly("intake_counts",
                             [](const Ledger& l) { return disposition_dict(l.intake_counts()); })
      .def_property_readonly("invalid_teacher_rows", &Ledger::invalid_teacher_rows)
      .def("find_teacher", &Ledger::find_teacher, py::arg("id"))
      .def("teacher_ids", [](const Ledger& l) { return to_list(l.teachers().id); })
      .def(
          "teacher_columns",
          [](const Ledger& l) {
            const TeacherColumns& t = l.teachers();
            const py::capsule base = keep_alive(l);
            py::dict attributes;
            for (std::size_t i = 0; i < t.attribute_names.size(); ++i)
              attributes[py::str(t.attribute_names[i])] = to_list(t.attributes[i]);
            return py::dict(
                py::arg("id") = to_list(t.id), py::arg("birth_day") = view(t.birth_day, base),
                py::arg("join_day") = view(t.join_day, base),
                py::arg("leave_day") = view(t.leave_day, base),
                py::arg("absence_begin") = view(t.absence_begin, base),
                py::arg("absence_first_day") = view(t.absence_first_day, base),
                py::arg("absence_last_day") = view(t.absence_last_day, base),
                py::arg("line") = view(t.line, base), py::arg("attributes") = attributes);
          },
          "Teacher columns in ledger order: numbers as read-only views, text as lists.")
      .def(
          "record_columns",
          [](const Ledger& l) {
            const RecordColumns& r = l.records();
            const py::capsule base = keep_alive(l);
            // Interned text (activity, outcome, level, assessment) as codes (-1: empty) and
            // the names they index: a pandas categorical without a string per row.
            auto interned = [&](const InternedColumn& column) {
              return py::make_tuple(view(column.ids, base), column.names);
            };
            return py::dict(
                py::arg("id") = to_list(r.id), py::arg("teacher") = view(r.teacher, base),
                py::arg("start_day") = view(r.start_day, base),
                py::arg("end_day") = view(r.end_day, base), py::arg("day") = view(r.day, base),
                py::arg("hours_h100") = view(r.hours, base),
                py::arg("category") = view(r.category, base),
                py::arg("status") = view(r.status, base), py::arg("intake") = view(r.intake, base),
                py::arg("file") = view(r.file, base), py::arg("line") = view(r.line, base),
                py::arg("activity") = interned(r.activity),
                py::arg("outcome") = interned(r.outcome), py::arg("level") = interned(r.level),
                py::arg("assessment") = interned(r.assessment),
                py::arg("certificate") = to_list(r.certificate),
                py::arg("count") = view(r.count, base),
                py::arg("attended_h100") = view(r.attended, base),
                py::arg("counts_as") = view(r.counts_as, base),
                py::arg("exempted") = view(r.exempted, base),
                py::arg("split_first") = view(r.split_first, base),
                py::arg("split_count") = view(r.split_count, base),
                py::arg("split_category") = view(r.split_category, base),
                py::arg("split_hours_h100") = view(r.split_hours, base));
          },
          "Record columns, grouped by teacher: numbers as read-only views.");
}

// --- Audit ------------------------------------------------------------------------------------

/// Rule lines in policy order, each rule followed by its parts: the rule_id categories.
struct RuleLines {
  std::vector<std::string> ids;
  std::vector<std::int32_t> first_line;  ///< of each rule

  explicit RuleLines(const Policy& policy) {
    for (const Rule& rule : policy.rules()) {
      first_line.push_back(static_cast<std::int32_t>(ids.size()));
      ids.push_back(rule.id);
      for (const QuotaPart& part : rule.parts)
        ids.push_back(rule.id + "/" + part.id);
    }
  }
};

/// Periods of the kinds the rules use, kind by kind: the period categories.
struct PeriodLines {
  std::vector<std::string> labels;
  std::vector<std::string> kinds;  ///< of each label
  std::vector<DayNumber> first_day, last_day;
  std::array<std::int32_t, period_kind_count> offset{};

  explicit PeriodLines(const Policy& policy) {
    std::array<bool, period_kind_count> used{};
    for (const Rule& rule : policy.rules())
      used[static_cast<std::size_t>(rule.period)] = true;
    for (std::size_t k = 0; k < period_kind_count; ++k) {
      offset[k] = static_cast<std::int32_t>(labels.size());
      if (!used[k]) continue;
      for (const Period& p : policy.calendar().periods(static_cast<PeriodKind>(k))) {
        labels.push_back(p.label);
        kinds.emplace_back(to_string(p.kind));
        first_day.push_back(p.first_day);
        last_day.push_back(p.last_day);
      }
    }
  }
};

/// What Audit.to_pandas() needs beside the audit's own columns: category codes for rule and
/// period, the rule's kind, period dates, and the shortfall. Computed without the GIL.
py::dict frame_columns(const Audit& audit) {
  const RuleLines rules(audit.policy());
  const PeriodLines periods(audit.policy());
  const AuditColumns& c = audit.columns();
  const std::size_t rows = audit.size();
  const auto policy_rules = audit.policy().rules();
  std::vector<std::int32_t> rule_codes(rows), period_codes(rows);
  py::array_t<std::int8_t> kinds(rows);
  py::array_t<std::int64_t> shortfall(rows);
  const py::dtype datetime("datetime64[ns]");
  py::array start(datetime, {rows}, {sizeof(std::int64_t)});
  py::array end(datetime, {rows}, {sizeof(std::int64_t)});
  auto* shortfall_out = shortfall.mutable_data();
  auto* kind_out = kinds.mutable_data();
  auto* start_out = static_cast<std::int64_t*>(start.mutable_data());
  auto* end_out = static_cast<std::int64_t*>(end.mutable_data());
  {
    const py::gil_scoped_release release;
    constexpr std::int64_t ns_per_day = 86'400'000'000'000;
    for (std::size_t i = 0; i < rows; ++i) {
      rule_codes[i] = rules.first_line[static_cast<std::size_t>(c.rule[i])] + c.part[i] + 1;
      kind_out[i] =
          static_cast<std::int8_t>(policy_rules[static_cast<std::size_t>(c.rule[i])].kind);
      const auto period = static_cast<std::size_t>(
          periods.offset[static_cast<std::size_t>(c.period_kind[i])] + c.period[i]);
      period_codes[i] = static_cast<std::int32_t>(period);
      start_out[i] = periods.first_day[period] * ns_per_day;
      end_out[i] = periods.last_day[period] * ns_per_day;
      shortfall_out[i] = audit.row(i).shortfall().hundredths();
    }
  }
  const py::capsule base = keep_alive(audit);
  const TeacherColumns& teachers = audit.ledger().teachers();
  return py::dict(
      py::arg("teacher") = view(c.teacher, base), py::arg("teacher_ids") = to_list(teachers.id),
      py::arg("rule") = to_codes(std::move(rule_codes), rules.ids.size()),
      py::arg("rule_ids") = rules.ids, py::arg("rule_kind") = kinds,
      py::arg("period_kind") = view(c.period_kind, base),
      py::arg("period") = to_codes(std::move(period_codes), periods.labels.size()),
      py::arg("period_labels") = periods.labels, py::arg("period_label_kinds") = periods.kinds,
      py::arg("period_start") = start, py::arg("period_end") = end,
      py::arg("required_x100") = view(c.required, base),
      py::arg("credited_x100") = view(c.credited, base), py::arg("shortfall_x100") = shortfall,
      py::arg("status") = view(c.status, base), py::arg("hours_h100") = view(c.hours, base));
}

std::string kind_name(const Audit& audit, const AuditRow& row) {
  return std::string(to_string(audit.policy().rules()[static_cast<std::size_t>(row.rule)].kind));
}

/// Chosen rows as lists (largest shortfalls, rows that differ between audits).
py::dict audit_rows(const Audit& audit, const std::vector<std::size_t>& indices) {
  py::list teacher, rule, kind, period, start, end, required, credited, shortfall, status;
  for (const std::size_t i : indices) {
    if (i >= audit.size()) throw py::index_error("no audit row " + std::to_string(i));
    const AuditRow row = audit.row(i);
    const Period& p = audit.period(row);
    teacher.append(
        std::string(audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)]));
    rule.append(audit.rule_id(row));
    kind.append(kind_name(audit, row));
    period.append(p.label);
    start.append(p.first_day);
    end.append(p.last_day);
    required.append(row.required.hundredths());
    credited.append(row.credited.hundredths());
    shortfall.append(row.shortfall().hundredths());
    status.append(std::string(to_string(row.status)));
  }
  return py::dict(py::arg("teacher_id") = teacher, py::arg("rule_id") = rule,
                  py::arg("rule_kind") = kind, py::arg("period") = period,
                  py::arg("period_start") = start, py::arg("period_end") = end,
                  py::arg("required_x100") = required, py::arg("credited_x100") = credited,
                  py::arg("shortfall_x100") = shortfall, py::arg("status") = status);
}

py::dict summary_dict(const Audit& audit, std::size_t top) {
  const AuditSummary summary = summarize(audit, top);
  py::list rules, periods;
  for (const auto& line : summary.rules) {
    py::dict statuses;
    for (std::size_t s = 0; s < line.statuses.size(); ++s)
      statuses[py::str(std::string(to_string(static_cast<Status>(s))))] = line.statuses[s];
    const Rule& rule = audit.policy().rules()[static_cast<std::size_t>(line.rule)];
    rules.append(py::dict(
        py::arg("rule_id") = line.rule_id, py::arg("rule_kind") = std::string(to_string(rule.kind)),
        py::arg("period") = std::string(to_string(line.period_kind)),
        py::arg("statuses") = statuses, py::arg("shortfall_x100") = line.shortfall.hundredths()));
  }
  for (const auto& line : summary.periods) {
    const Period& p =
        audit.policy().calendar().periods(line.kind)[static_cast<std::size_t>(line.index)];
    periods.append(py::dict(
        py::arg("period") = line.label, py::arg("period_kind") = std::string(to_string(line.kind)),
        py::arg("period_start") = p.first_day, py::arg("period_end") = p.last_day,
        py::arg("teachers") = line.teachers, py::arg("compliant") = line.compliant));
  }
  return py::dict(py::arg("teachers") = summary.teachers, py::arg("rules") = rules,
                  py::arg("periods") = periods,
                  py::arg("largest_shortfalls") = audit_rows(audit, summary.largest_shortfalls),
                  py::arg("dispositions") = disposition_dict(summary.dispositions));
}

Language language_of(std::string_view lang) {
  const auto language = parse_language(lang);
  if (!language)
    throw py::value_error("unknown language \"" + std::string(lang) +
                          "\"; expected \"en\" or \"zh-CN\"");
  return *language;
}

py::dict explanation_dict(const Audit& audit, TeacherIndex teacher, std::string_view lang) {
  const Language language = language_of(lang);
  const Explanation explanation = explain(audit.policy(), audit.ledger(), teacher, audit.options());
  const Policy& policy = audit.policy();
  const RecordColumns& records = audit.ledger().records();
  auto exemption_id = [&](int index) -> py::object {
    if (index < 0) return py::none();
    return py::str(policy.exemptions()[static_cast<std::size_t>(index)].id);
  };
  py::list verdicts, contributions, teacher_records, steps;
  for (const Verdict& verdict : explanation.verdicts) {
    const std::string rule_id = audit.rule_id(verdict.row);
    const std::string kind = kind_name(audit, verdict.row);
    const std::string& period = audit.period(verdict.row).label;
    verdicts.append(py::dict(
        py::arg("rule_id") = rule_id, py::arg("rule_kind") = kind, py::arg("period") = period,
        py::arg("required_x100") = verdict.row.required.hundredths(),
        py::arg("credited_x100") = verdict.row.credited.hundredths(),
        py::arg("shortfall_x100") = verdict.row.shortfall().hundredths(),
        py::arg("status") = std::string(to_string(verdict.row.status)),
        py::arg("nominal_min_x100") = verdict.nominal_min.hundredths(),
        py::arg("served_semesters") = verdict.served_semesters,
        py::arg("period_semesters") = verdict.period_semesters,
        py::arg("carried_in_x100") = verdict.carried_in.hundredths(),
        py::arg("moved_back_x100") = verdict.moved_back.hundredths(),
        py::arg("filled_x100") = verdict.filled.hundredths(),
        py::arg("exemption") = exemption_id(verdict.exemption),
        py::arg("exemption_pending") = exemption_id(verdict.exemption_pending),
        py::arg("exemption_progress_h100") = verdict.exemption_progress.hundredths()));
    for (const Contribution& c : verdict.contributions) {
      const auto r = static_cast<std::size_t>(c.record);
      contributions.append(py::dict(py::arg("rule_id") = rule_id, py::arg("rule_kind") = kind,
                                    py::arg("period") = period,
                                    py::arg("record_id") = std::string(records.id[r]),
                                    py::arg("category") = category_id(policy, c.category),
                                    py::arg("counted_x100") = c.counted.hundredths(),
                                    py::arg("over_cap_x100") = c.over_cap.hundredths()));
    }
  }
  for (const RecordTrace& trace : explanation.records) {
    const auto r = static_cast<std::size_t>(trace.record);
    const std::string record_id(records.id[r]);
    teacher_records.append(py::dict(
        py::arg("record_id") = record_id, py::arg("date") = records.start_day[r],
        py::arg("end_date") = records.end_day[r],
        py::arg("category") = category_id(policy, records.category[r]),
        py::arg("hours_h100") = records.hours[r],
        py::arg("activity") = std::string(records.activity[r]), py::arg("count") = records.count[r],
        py::arg("status") = std::string(to_string(records.status[r])),
        py::arg("credited_h100") = trace.credited.hundredths(),
        py::arg("disposition") = std::string(to_string(trace.disposition)),
        py::arg("file") = audit.ledger().files()[records.file[r]],
        py::arg("line") = records.line[r]));
    for (const CreditStep& step : trace.steps) {
      // What `ref` indexes depends on the step: a conversion, a gate or a category cap.
      py::object ref = py::none();
      if (step.ref >= 0) {
        const auto i = static_cast<std::size_t>(step.ref);
        switch (step.kind) {
          case CreditStep::Kind::converted:
          case CreditStep::Kind::not_convertible:
          case CreditStep::Kind::item_cap:
          case CreditStep::Kind::conversion_cap:
            ref = py::str(policy.conversions()[i].id);
            break;
          case CreditStep::Kind::gated:
            ref = py::str(policy.gates()[i].id);
            break;
          case CreditStep::Kind::category_cap:
            ref = py::str(policy.category_caps()[i].id);
            break;
          case CreditStep::Kind::offset:
          case CreditStep::Kind::split:
          case CreditStep::Kind::exempted:
          case CreditStep::Kind::rated:
            break;
        }
      }
      steps.append(
          py::dict(py::arg("record_id") = record_id,
                   py::arg("step") = std::string(to_string(step.kind)), py::arg("ref") = ref,
                   py::arg("per") = step.kind == CreditStep::Kind::conversion_cap
                                        ? py::object(py::str(std::string(to_string(step.per))))
                                        : py::object(py::none()),
                   py::arg("category") = category_id(policy, step.category),
                   py::arg("before_h100") = step.before.hundredths(),
                   py::arg("after_h100") = step.after.hundredths()));
    }
  }
  return py::dict(py::arg("text") = explanation.to_text(language),
                  py::arg("json") = explanation_json(explanation, language),
                  py::arg("verdicts") = verdicts, py::arg("contributions") = contributions,
                  py::arg("records") = teacher_records, py::arg("steps") = steps);
}

void bind_audit(py::module_& m) {
  py::class_<Audit>(m, "Audit", "Verdicts per teacher x rule (x part) x period; immutable.")
      .def_property_readonly("policy", &Audit::policy)
      .def_property_readonly("ledger", &Audit::ledger)
      .def_property_readonly("as_of",
                             [](const Audit& a) -> std::optional<DayNumber> {
                               if (!a.options().as_of) return std::nullopt;
                               return to_day_number(*a.options().as_of);
                             })
      .def_property_readonly("threads", [](const Audit& a) { return a.options().threads; })
      .def_property_readonly(
          "basis", [](const Audit& a) { return std::string(to_string(a.options().basis)); })
      .def_property_readonly("decision_record",
                             [](const Audit& a) { return decision_record(a).to_string(); })
      .def_property_readonly("hours_column", [](const Audit& a) { return hours_column(a); })
      .def("__len__", &Audit::size)
      .def(
          "columns",
          [](const Audit& a) {
            const AuditColumns& c = a.columns();
            const py::capsule base = keep_alive(a);
            return py::dict(py::arg("teacher") = view(c.teacher, base),
                            py::arg("rule") = view(c.rule, base),
                            py::arg("part") = view(c.part, base),
                            py::arg("period_kind") = view(c.period_kind, base),
                            py::arg("period") = view(c.period, base),
                            py::arg("required_x100") = view(c.required, base),
                            py::arg("credited_x100") = view(c.credited, base),
                            py::arg("status") = view(c.status, base),
                            py::arg("hours_h100") = view(c.hours, base));
          },
          "The verdict columns as read-only numpy views of the audit's memory (no copy).")
      .def("frame_columns", &frame_columns)
      .def("rows", &audit_rows, py::arg("indices"))
      .def(
          "dispositions",
          [](const Audit& a) {
            const auto d = a.dispositions();
            return read_only_view(py::dtype::of<std::int8_t>(), d.data(), d.size(), 1,
                                  keep_alive(a));
          },
          "The final disposition of every ledger record (ledger order), as numbers.")
      .def_property_readonly(
          "disposition_counts",
          [](const Audit& a) { return disposition_dict(a.disposition_counts()); })
      .def("summary", &summary_dict, py::arg("top") = 10)
      .def("explain", &explanation_dict, py::arg("teacher"), py::arg("lang") = "en");

  m.def(
      "evaluate",
      [](const Policy& policy, const Ledger& ledger, std::optional<DayNumber> as_of,
         unsigned threads, std::string_view basis_name, const py::object& progress) {
        AuditOptions options = audit_options(as_of, threads, basis_name);
        options.progress = python_progress(progress);
        const py::gil_scoped_release release;
        return evaluate(policy, ledger, options);
      },
      py::arg("policy"), py::arg("ledger"), py::arg("as_of"), py::arg("threads"),
      py::arg("basis") = "certified", py::arg("progress") = py::none(),
      "Evaluates every rule for every teacher; as_of is a day number or None, basis "
      "\"certified\" or \"submitted\"; progress(phase, done, total) or None is told how many "
      "teachers are judged.");
}

void bind_policy_sets(py::module_& m) {
  py::class_<PolicySet>(m, "PolicySet", "Successive versions of a policy; immutable.")
      .def_property_readonly("id", &PolicySet::id)
      .def_property_readonly("title", &PolicySet::title)
      .def_property_readonly("file_name", &PolicySet::file_name)
      .def_property_readonly("sha256", &PolicySet::digest)
      .def_property_readonly(
          "in_force_on", [](const PolicySet& s) { return std::string(to_string(s.in_force_on())); })
      .def_property_readonly("is_single_policy", &PolicySet::is_single_policy)
      .def_property_readonly(
          "versions",
          [](const PolicySet& s) {
            py::list versions;
            for (const PolicyVersion& version : s.versions())
              versions.append(py::make_tuple(version.policy, to_day_number(version.effective)));
            return versions;
          },
          "(Policy, effective day number) per version, in date order.");
  m.def(
      "load_policy_set", [](const std::filesystem::path& path) { return load_policy_or_set(path); },
      py::arg("path"),
      "A policy set, or a single policy as a set of one version (is_single_policy).");

  py::class_<SetAudit>(m, "SetAudit", "A county judged under a policy set; immutable.")
      .def_property_readonly("policy_set", &SetAudit::policy_set)
      .def_property_readonly("audits",
                             [](const SetAudit& a) {
                               py::list audits;
                               for (std::size_t v = 0; v < a.policy_set().versions().size(); ++v)
                                 audits.append(a.audit(v));
                               return audits;
                             })
      .def(
          "rows",
          [](const SetAudit& a) {
            const auto rows = a.rows();
            py::array_t<std::uint32_t> version(static_cast<py::ssize_t>(rows.size()));
            py::array_t<std::uint32_t> row(static_cast<py::ssize_t>(rows.size()));
            auto v = version.mutable_unchecked<1>();
            auto r = row.mutable_unchecked<1>();
            for (std::size_t i = 0; i < rows.size(); ++i) {
              v(static_cast<py::ssize_t>(i)) = rows[i].version;
              r(static_cast<py::ssize_t>(i)) = rows[i].row;
            }
            return py::make_tuple(version, row);
          },
          "(version, row) arrays: the verdicts kept, row `row` of audits[version].")
      .def_property_readonly(
          "disposition_counts",
          [](const SetAudit& a) { return disposition_dict(a.disposition_counts()); })
      .def_property_readonly("diagnostics",
                             [](const SetAudit& a) { return a.diagnostics().items(); })
      .def_property_readonly("decision_record",
                             [](const SetAudit& a) { return decision_record_lines(a); });

  m.def(
      "evaluate_set",
      [](const PolicySet& set, const std::function<Ledger(const Policy&)>& read,
         std::optional<DayNumber> as_of, unsigned threads, std::string_view basis_name,
         const py::object& progress) {
        AuditOptions options = audit_options(as_of, threads, basis_name);
        options.progress = python_progress(progress);
        // `read` and `progress` take the GIL back for the Python they call.
        const py::gil_scoped_release release;
        return evaluate(set, read, options);
      },
      py::arg("policy_set"), py::arg("read"), py::arg("as_of"), py::arg("threads"),
      py::arg("basis") = "certified", py::arg("progress") = py::none(),
      "Judges the county under every version; read(policy) returns the county's ledger read "
      "with that version's policy.");
}

}  // namespace
}  // namespace yanxiu::python

PYBIND11_MODULE(_core, m) {
  using namespace yanxiu;
  using namespace yanxiu::python;
  m.doc() = "The yanxiu engine's C++ API; use the yanxiu package, which wraps it for pandas.";
  m.attr("__version__") = version_string;
  m.attr("no_day") = no_day;
  m.attr("earliest_day") = earliest_day;
  m.attr("latest_day") = latest_day;
  m.def("statuses", [] { return enum_names<Status>(status_count); });
  m.def("dispositions", [] { return enum_names<Disposition>(disposition_count); });
  m.def("period_kinds", [] { return enum_names<PeriodKind>(period_kind_count); });
  m.def("rule_kinds", [] { return enum_names<RuleKind>(rule_kind_count); });
  m.def("record_statuses", [] { return enum_names<RecordStatus>(record_status_count); });
  m.def("bases", [] { return enum_names<Basis>(basis_count); });

  define_errors(m);
  bind_policy(m);
  bind_ledger_builder(m);
  bind_ledger(m);
  bind_audit(m);
  bind_rubrics(m);
  bind_groups(m);
  bind_subjects(m);
  bind_tiers(m);
  bind_lifecycle(m);
  bind_policy_sets(m);

  m.def(
      "generate_county",
      [](const Policy& policy, std::int64_t teachers, std::uint64_t seed) {
        SyntheticCountyOptions options;
        options.teachers = teachers;
        options.seed = seed;
        SyntheticCounty county;
        {
          const py::gil_scoped_release release;
          county = generate_county(policy, options);
        }
        return py::make_tuple(py::str(county.teachers_csv), py::str(county.records_csv));
      },
      py::arg("policy"), py::arg("teachers"), py::arg("seed"),
      "A synthetic county as (teachers.csv, records.csv) text.");
}
