#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds _core.compare_audits: the impact of one policy against another on one county.
void bind_impact(pybind11::module_& module);

}  // namespace yanxiu::python
