#pragma once

// A Python callable as the engine's Progress: progress(phase, done, total), phase a name such as
// "reading records", called with the GIL taken on the thread that made the call.

#include <memory>
#include <pybind11/pybind11.h>
#include <string>

#include <yanxiu/progress.hpp>

namespace yanxiu::python {

/// None: an empty Progress (nothing reported). An exception the callable raises ends the call
/// with it (KeyboardInterrupt in a notebook stops the audit).
inline Progress python_progress(const pybind11::object& callback) {
  namespace py = pybind11;
  if (callback.is_none()) return {};
  // Shared, so that the engine's copies of the Progress (made without the GIL) never touch
  // Python's reference counts; the last copy lets go of the callable with the GIL taken.
  std::shared_ptr<py::object> held(new py::object(callback), [](py::object* object) {
    const py::gil_scoped_acquire gil;
    delete object;
  });
  return [held](const ProgressReport& report) {
    const py::gil_scoped_acquire gil;
    (*held)(std::string(to_string(report.phase)), report.done, report.total);
  };
}

}  // namespace yanxiu::python
