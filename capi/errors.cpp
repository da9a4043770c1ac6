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

/// The strings an yx_error_info points into (its `text`).
struct ErrorText {
  std::string message, file, path, detail;
};

void reset(yx_error_info& error) noexcept {
  error = {YX_ERROR_INFO_VERSION, YX_OK, "", "", 0, "", "", nullptr};
}

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

yx_status report_to(yx_error_info* error, yx_status status) noexcept {
  if (status == YX_OK || error == nullptr || error->version != YX_ERROR_INFO_VERSION) return status;
  const yx_error& from = last_error.view;
  delete static_cast<ErrorText*>(error->text);
  error->text = nullptr;
  try {
    auto* text = new ErrorText{from.message, from.file, from.path, from.detail};
    *error = {YX_ERROR_INFO_VERSION, from.code, text->message.c_str(),
              text->file.c_str(),    from.line, text->path.c_str(),
              text->detail.c_str(),  text};
  } catch (...) {
    reset(*error);
    error->code = status;
    error->message = error->detail = "out of memory while recording the error";
  }
  return status;
}

}  // namespace yanxiu::capi

extern "C" {

yx_status yx_error_info_init(yx_error_info* error, unsigned int version) {
  return yanxiu::capi::guarded(__func__, [&] {
    yanxiu::capi::require(error, "error");
    if (version != YX_ERROR_INFO_VERSION) {
      yanxiu::capi::fail(YX_EINVAL,
                         "version is " + std::to_string(version) + "; this library knows version 1",
                         "version");
    }
    yanxiu::capi::reset(*error);
  });
}

void yx_error_info_dispose(yx_error_info* error) {
  if (error == nullptr) return;
  delete static_cast<yanxiu::capi::ErrorText*>(error->text);
  yanxiu::capi::reset(*error);
}

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
