#pragma once

#include <string>
#include <string_view>

namespace yanxiu::detail {

/// The SHA-256 digest of `data` as 64 lowercase hex digits (FIPS 180-4). Policies are digested
/// in their canonical form so that an audit names exactly the rules it applied.
std::string sha256_hex(std::string_view data);

}  // namespace yanxiu::detail
