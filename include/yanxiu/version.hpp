#pragma once

// The single source of the version: CMake reads these three lines with a regex.
#define YANXIU_VERSION_MAJOR 0
#define YANXIU_VERSION_MINOR 1
#define YANXIU_VERSION_PATCH 0

#define YANXIU_VERSION \
  (YANXIU_VERSION_MAJOR * 10000 + YANXIU_VERSION_MINOR * 100 + YANXIU_VERSION_PATCH)

#define YANXIU_DETAIL_STR(x) #x
#define YANXIU_DETAIL_XSTR(x) YANXIU_DETAIL_STR(x)

namespace yanxiu {
/// "MAJOR.MINOR.PATCH", as written in audit outputs so a verdict can be traced to its engine.
inline constexpr const char* version_string =
    YANXIU_DETAIL_XSTR(YANXIU_VERSION_MAJOR) "." YANXIU_DETAIL_XSTR(
        YANXIU_VERSION_MINOR) "." YANXIU_DETAIL_XSTR(YANXIU_VERSION_PATCH);
}  // namespace yanxiu
