// What belongs to no handle: versions, names of enumerations, dates, struct initialisers.

#include <array>
#include <cstddef>
#include <cstring>
#include <string>

#include <yanxiu/audit.hpp>
#include <yanxiu/calendar.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/rubrics.hpp>
#include <yanxiu/tiers.hpp>
#include <yanxiu/version.hpp>

#include "enums.hpp"
#include "errors.hpp"
#include "yanxiu.h"

// include/yanxiu/version.hpp is the single source of the version; the C header repeats it.
static_assert(YX_VERSION_MAJOR == YANXIU_VERSION_MAJOR &&
                  YX_VERSION_MINOR == YANXIU_VERSION_MINOR &&
                  YX_VERSION_PATCH == YANXIU_VERSION_PATCH && YX_VERSION_NUMBER == YANXIU_VERSION,
              "capi/yanxiu.h's YX_VERSION_* must equal include/yanxiu/version.hpp's");

namespace yanxiu::capi {

namespace {

/// NUL-terminated names of every value an enum stored in a byte can take, from the core's
/// to_string, made once; "unknown" for values the core does not name.
template <typename Enum, typename Name>
std::array<std::string, 256> byte_enum_names(Name name) {
  std::array<std::string, 256> names;
  for (int value = 0; value < 256; ++value) {
    const std::string text(name(static_cast<Enum>(value)));
    names[static_cast<std::size_t>(value)] = text == "?" ? "unknown" : text;
  }
  return names;
}

const char* byte_enum_name(const std::array<std::string, 256>& names, std::int32_t value) {
  return value >= 0 && value < 256 ? names[static_cast<std::size_t>(value)].c_str() : "unknown";
}

}  // namespace

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

unsigned int yx_version_number(void) {
  return YANXIU_VERSION;
}

const char* yx_version_string(void) {
  return yanxiu::version_string;
}

const char* yx_verdict_str(yx_verdict verdict) {
  static const auto names = byte_enum_names<yanxiu::Status>(
      [](yanxiu::Status status) { return yanxiu::to_string(status); });
  return byte_enum_name(names, raw_value(verdict));
}

const char* yx_phase_str(yx_phase phase) {
  static const auto names =
      byte_enum_names<yanxiu::Phase>([](yanxiu::Phase p) { return yanxiu::to_string(p); });
  return byte_enum_name(names, raw_value(phase));
}

const char* yx_disposition_str(yx_disposition disposition) {
  // The core names dispositions by indexing a table, so only its own values may be asked.
  static const auto names = byte_enum_names<yanxiu::Disposition>([](yanxiu::Disposition d) {
    return static_cast<int>(d) < yanxiu::disposition_count ? yanxiu::to_string(d) : "?";
  });
  return byte_enum_name(names, raw_value(disposition));
}

const char* yx_score_status_str(yx_score_status status) {
  static const auto names = byte_enum_names<yanxiu::ScoreStatus>(
      [](yanxiu::ScoreStatus score_status) { return yanxiu::to_string(score_status); });
  return byte_enum_name(names, raw_value(status));
}

const char* yx_tier_status_str(yx_tier_status status) {
  static const auto names = byte_enum_names<yanxiu::TierStatus>(
      [](yanxiu::TierStatus tier_status) { return yanxiu::to_string(tier_status); });
  return byte_enum_name(names, raw_value(status));
}

yx_status yx_day_from_iso(int32_t* out, const char* iso) {
  return guarded(__func__, [&] {
    require(out, "out");
    require(iso, "iso");
    const auto day = yanxiu::parse_day(iso);
    if (!day) {
      fail(YX_EINVAL, "\"" + std::string(iso) + "\" is not a date YYYY-MM-DD (years 1900..2200)",
           "iso");
    }
    *out = *day;
  });
}

yx_status yx_day_to_iso(char* out, size_t size, int32_t day) {
  return guarded(__func__, [&] {
    require(out, "out");
    if (day < yanxiu::earliest_day || day > yanxiu::latest_day) {
      fail(YX_ERANGE, "day " + std::to_string(day) + " is outside 1900-01-01..2200-12-31", "day");
    }
    const std::string iso = yanxiu::day_to_iso(day);
    if (size <= iso.size()) {
      fail(YX_EINVAL, "out holds " + std::to_string(size) + " bytes; a date needs 11", "size");
    }
    std::memcpy(out, iso.c_str(), iso.size() + 1);
  });
}

// An older caller's struct ends where its version's fields end: only that much is written.
yx_status yx_audit_options_init(yx_audit_options* options, unsigned int version) {
  return guarded(__func__, [&] {
    require(options, "options");
    if (version < 1 || version > YX_AUDIT_OPTIONS_VERSION) {
      fail(YX_EINVAL, "version " + std::to_string(version) + " of yx_audit_options is unknown",
           "version");
    }
    const yx_audit_options defaults = YX_AUDIT_OPTIONS_INIT;
    const std::size_t sizes[] = {offsetof(yx_audit_options, basis),
                                 offsetof(yx_audit_options, progress), sizeof defaults};
    std::memcpy(options, &defaults, sizes[version - 1]);
    options->version = version;
  });
}

yx_status yx_teacher_columns_init(yx_teacher_columns* columns, unsigned int version) {
  return guarded(__func__, [&] {
    require(columns, "columns");
    if (version < 1 || version > YX_TEACHER_COLUMNS_VERSION) {
      fail(YX_EINVAL, "version " + std::to_string(version) + " of yx_teacher_columns is unknown",
           "version");
    }
    const yx_teacher_columns defaults = YX_TEACHER_COLUMNS_INIT;
    std::memcpy(columns, &defaults,
                version == 1 ? offsetof(yx_teacher_columns, leave) : sizeof defaults);
    columns->version = version;
  });
}

yx_status yx_record_columns_init(yx_record_columns* columns, unsigned int version) {
  return guarded(__func__, [&] {
    require(columns, "columns");
    if (version < 1 || version > YX_RECORD_COLUMNS_VERSION) {
      fail(YX_EINVAL, "version " + std::to_string(version) + " of yx_record_columns is unknown",
           "version");
    }
    const yx_record_columns defaults = YX_RECORD_COLUMNS_INIT;
    std::memcpy(columns, &defaults,
                version == 1   ? offsetof(yx_record_columns, level)
                : version == 2 ? offsetof(yx_record_columns, recorded_day)
                               : sizeof defaults);
    columns->version = version;
  });
}

yx_status yx_score_columns_init(yx_score_columns* columns, unsigned int version) {
  return guarded(__func__, [&] {
    require(columns, "columns");
    if (version != YX_SCORE_COLUMNS_VERSION) {
      fail(YX_EINVAL, "version " + std::to_string(version) + " of yx_score_columns is unknown",
           "version");
    }
    *columns = YX_SCORE_COLUMNS_INIT;
  });
}

yx_status yx_metric_columns_init(yx_metric_columns* columns, unsigned int version) {
  return guarded(__func__, [&] {
    require(columns, "columns");
    if (version != YX_METRIC_COLUMNS_VERSION) {
      fail(YX_EINVAL, "version " + std::to_string(version) + " of yx_metric_columns is unknown",
           "version");
    }
    *columns = YX_METRIC_COLUMNS_INIT;
  });
}

}  // extern "C"
