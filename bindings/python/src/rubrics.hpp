#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds _core.ScoreSheet, _core.score_rubric and _core.RubricResult, and the rubrics of a
/// policy as plain data.
void bind_rubrics(pybind11::module_& module);

}  // namespace yanxiu::python
