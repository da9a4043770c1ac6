#pragma once

// Enumerations crossing the boundary: read as the caller wrote them, checked, mapped.

#include <cstdint>
#include <cstring>
#include <string>

#include <yanxiu/ledger.hpp>

#include "errors.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

/// The value of an enum argument as the caller wrote it. Read through memcpy: a value the enum
/// does not name (a newer header, a mistake) is then a number to reject, not undefined behaviour.
template <typename Enum>
std::int32_t raw_value(const Enum& value) {
  static_assert(sizeof(Enum) == sizeof(std::int32_t), "the ABI's enums are int-sized");
  std::int32_t raw;
  std::memcpy(&raw, &value, sizeof raw);
  return raw;
}

/// A yx_disposition argument as the core's; throws YX_ERANGE for one it does not have.
inline Disposition checked_disposition(const yx_disposition& disposition) {
  const std::int32_t raw = raw_value(disposition);
  if (raw < 0 || raw >= disposition_count) {
    fail(YX_ERANGE,
         "disposition " + std::to_string(raw) + " is out of range: there are " +
             std::to_string(disposition_count),
         "disposition");
  }
  return static_cast<Disposition>(raw);
}

}  // namespace yanxiu::capi
