#include "errors.hpp"

#include <new>
#include <stdexcept>
#include <vector>

#include <yanxiu/diagnostics.hpp>

#include "enums.hpp"

namespace yanxiu::capi {

namespace {

/// The thread's last error: yx_error points into the strings beside it.
struct LastError {
  std::string message, file, path, detail;
  yx_error view{YX_OK, "no error", "", 0, "", "no error"};

  void set(yx_status code, std::string message_text, std::string file_name, int line_number,
           std::string path_text, std::string detail_text) noexcept {
    try {
      message = std::move(message_text);
      file = std::move(file_name);
      path = std::move(path_text);
      detail = std::move(detail_text);
      view = {code, message.c_str(), file.c_str(), line_number, path.c_str(), detail.c_str()};
    } catch (...) {
      // Copying the text ran out of memory: a static message still tells the code.
      set_static(code, "out of memory while recording the error");
    }
  }

  void set_static(yx_status code, const char* text) noexcept {
    view = {code, text, "", 0, "", text};
  }
};

thread_local LastError last_error;

void record_diagnostics(yx_status code, const Error& error) noexcept {
  try {
    const Diagnostic& first = error.diagnostics().front();
    last_error.set(code, to_string(first), first.file, first.line, first.path, error.what());
  } catch (...) {
    last_error.set_static(code, "out of memory while recording the error");
  }
}

void record(yx_status code, const char* function, const char* what, std::string path = {}) {
  std::string message = std::string(function) + ": " + what;
  std::string detail = message;
  last_error.set(code, std::move(message), "", 0, std::move(path), std::move(detail));
}

}  // namespace

void fail(yx_status code, std::string message, std::string path) {
  throw ApiError{code, std::move(message), std::move(path)};
}

yx_status record_current_exception(const char* function) noexcept {
  try {
    throw;
  } catch (const ApiError& error) {
    try {
      record(error.code, function, error.message.c_str(), error.path);
    } catch (...) {
      last_error.set_static(error.code, "out of memory while recording the error");
    }
    return error.code;
  } catch (const PolicyError& error) {
    record_diagnostics(YX_EPOLICY, error);
    return YX_EPOLICY;
  } catch (const Error& error) {
    record_diagnostics(YX_EINPUT, error);
    return YX_EINPUT;
  } catch (const std::bad_alloc&) {
    last_error.set_static(YX_ENOMEM, "out of memory");
    return YX_ENOMEM;
  } catch (const std::exception& error) {
    // The core signals a wrong argument (a ledger of another calendar) with invalid_argument and
    // a limit (too many rows or files) with length_error; anything else is a bug.
    const yx_status code = dynamic_cast<const std::invalid_argument*>(&error) ? YX_EINVAL
                           : dynamic_cast<const std::length_error*>(&error)   ? YX_ERANGE
                                                                              : YX_EINTERNAL;
    try {
      record(code, function, error.what());
    } catch (...) {
      last_error.set_static(code, "out of memory while recording the error");
    }
    return code;
  } catch (...) {
    last_error.set_static(YX_EINTERNAL, "an unknown exception");
    return YX_EINTERNAL;
  }
}

}  // namespace yanxiu::capi

extern "C" {

const yx_error* yx_last_error(void) {
  return &yanxiu::capi::last_error.view;
}

const char* yx_status_str(yx_status status) {
  switch (yanxiu::capi::raw_value(status)) {
    case YX_OK:
      return "success";
    case YX_EINVAL:
      return "invalid argument";
    case YX_ENOMEM:
      return "out of memory";
    case YX_EPOLICY:
      return "the policy cannot be loaded";
    case YX_EINPUT:
      return "the input cannot be read";
    case YX_ESTATE:
      return "not allowed in the handle's state";
    case YX_ERANGE:
      return "out of range";
    case YX_ENOTFOUND:
      return "not found";
    case YX_EINTERNAL:
      return "internal error";
    default:
      break;
  }
  return "unknown status";
}

}  // extern "C"
