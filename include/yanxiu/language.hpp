#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace yanxiu {

/// The language of an explanation's framing words (the words around the policy's own labels,
/// which stay as the policy writes them). Chosen per call; English by default.
enum class Language : std::uint8_t {
  en,     ///< "en"
  zh_cn,  ///< "zh-CN": simplified Chinese, as a county's training office writes it
};
inline constexpr int language_count = 2;

/// "en", "zh-CN": the BCP 47 tags the command line, the C ABI and Python take.
std::string_view to_string(Language language);
/// "en" or "zh-CN" (any case; "zh" and "zh_CN" too); nothing for any other tag.
std::optional<Language> parse_language(std::string_view tag);

}  // namespace yanxiu
