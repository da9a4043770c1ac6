#pragma once

// UTF-8 validity of input text: ids and labels flow into JSON, CSV and explanations, whose
// readers (strict JSON parsers, MySQL utf8mb4) refuse invalid bytes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace yanxiu::detail {

/// The offset of the first byte of `text` that does not begin a well-formed UTF-8 sequence
/// (RFC 3629: no overlong forms, no surrogates ED A0..ED BF, nothing above U+10FFFF), or npos.
inline std::size_t invalid_utf8_at(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  // ASCII, the common case, eight bytes at a time.
  for (std::uint64_t word; i + 8 <= size; i += 8) {
    std::memcpy(&word, bytes + i, 8);
    if (word & 0x8080808080808080u) break;
  }
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The length of the sequence and the range of its second byte, which rules out overlongs
    // (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;  // a continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (size - i < length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

inline bool valid_utf8(std::string_view text) {
  return invalid_utf8_at(text) == std::string_view::npos;
}

}  // namespace yanxiu::detail
