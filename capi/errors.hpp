#pragma once

// The error side of the boundary: the thread-local last error, and the guard that turns every
// exception into a status before it could cross into C.

#include <string>
#include <utility>

#include "yanxiu.h"

namespace yanxiu::capi {

/// A failure the adapter itself finds: a bad argument, a handle in the wrong state.
struct ApiError {
  yx_status code;
  std::string message;
  std::string path;  ///< the argument or field at fault, for yx_error::path
};

[[noreturn]] void fail(yx_status code, std::string message, std::string path = {});

/// Throws YX_EINVAL when `pointer` is NULL.
inline void require(const void* pointer, const char* argument) {
  if (pointer == nullptr) fail(YX_EINVAL, std::string(argument) + " is NULL", argument);
}

/// Records the exception being handled as the thread's last error and returns its status.
/// Call only from a catch block.
yx_status record_current_exception(const char* function) noexcept;

/// The body of every yx_*_e variant: fills *error from the thread's last error when `status`
/// is a failure (and error is a known version); returns status.
yx_status report_to(yx_error_info* error, yx_status status) noexcept;

/// Runs the body of an entry point: YX_OK when it returns, the status of the exception it
/// throws otherwise. Nothing escapes.
template <typename Body>
yx_status guarded(const char* function, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
    return YX_OK;
  } catch (...) {
    return record_current_exception(function);
  }
}

}  // namespace yanxiu::capi
