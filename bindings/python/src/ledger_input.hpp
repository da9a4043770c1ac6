#pragma once

#include <pybind11/pybind11.h>

namespace yanxiu::python {

/// Binds _core.LedgerBuilder: CSV files and text, or numpy columns, into a Ledger.
void bind_ledger_builder(pybind11::module_& module);

}  // namespace yanxiu::python
