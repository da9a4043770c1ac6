#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds _core.evaluate_tiers and _core.TierResult: every teacher's standing on every ladder,
/// and each criterion judged, as columns.
void bind_tiers(pybind11::module_& module);

}  // namespace yanxiu::python
