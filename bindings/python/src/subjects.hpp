#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds _core.subjects_audit and _core.subjects_explain: the duties of groups and schools
/// (subjects.hpp), their inputs as CSV text in, the audit as CSV text out.
void bind_subjects(pybind11::module_& module);

}  // namespace yanxiu::python
