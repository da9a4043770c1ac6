#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds the policy lifecycle's tools: _core.compare_audits (the impact of one policy against
/// another on one county), _core.plan_gaps and _core.plan_county_gaps (what closes a gap).
void bind_lifecycle(pybind11::module_& module);

}  // namespace yanxiu::python
