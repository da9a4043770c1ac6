#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds _core.groups_assign, _core.groups_audit and _core.groups_assess: CSV text in and out,
/// which the package turns into DataFrames.
void bind_groups(pybind11::module_& module);

}  // namespace yanxiu::python
