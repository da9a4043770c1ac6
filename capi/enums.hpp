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

/// An enum argument (`argument`) as the core's, which has `count` values; throws YX_ERANGE for
/// one it does not have.
template <typename Core, typename CEnum>
Core checked_enum(const CEnum& value, int count, const char* argument) {
  const std::int32_t raw = raw_value(value);
  if (raw < 0 || raw >= count) {
    fail(YX_ERANGE,
         std::string(argument) + " " + std::to_string(raw) + " is out of range: there are " +
             std::to_string(count),
         argument);
  }
  return static_cast<Core>(raw);
}

/// A host's progress callback, with its user pointer, as the core's Progress (empty for NULL).
inline Progress c_progress(yx_progress_fn progress, void* user) {
  static_assert(YX_PHASE_READING_TEACHERS == int(Phase::reading_teachers) &&
                YX_PHASE_READING_RECORDS == int(Phase::reading_records) &&
                YX_PHASE_GROUPING == int(Phase::grouping) &&
                YX_PHASE_JUDGING == int(Phase::judging) && YX_PHASE_WRITING == int(Phase::writing));
  if (progress == nullptr) return {};
  return [progress, user](const ProgressReport& report) {
    progress(user, static_cast<yx_phase>(report.phase), report.done, report.total);
  };
}

/// A yx_encoding argument as the limits that read CSV files in it.
inline InputLimits encoding_limits(const yx_encoding& encoding) {
  static_assert(YX_ENCODING_UTF8 == int(CsvEncoding::utf8) &&
                YX_ENCODING_GB18030 == int(CsvEncoding::gb18030) &&
                YX_ENCODING_AUTO == int(CsvEncoding::detect));
  InputLimits limits;
  limits.csv_encoding = checked_enum<CsvEncoding>(encoding, 3, "encoding");
  return limits;
}

/// A yx_disposition argument as the core's.
inline Disposition checked_disposition(const yx_disposition& disposition) {
  return checked_enum<Disposition>(disposition, disposition_count, "disposition");
}

}  // namespace yanxiu::capi
