#pragma once

// UTF-8 validation for text from outside: CSV cells, policy strings, columns given through the C
// ABI and Python. Invalid bytes must be refused where they enter, since they would flow into
// JSON, CSV and explanations written later.

#include <cstddef>
#include <string>
#include <string_view>

namespace yanxiu::detail {

/// The offset of the first byte of `text` that does not begin a well-formed UTF-8 sequence
/// (RFC 3629: no overlong forms, no surrogates U+D800..U+DFFF such as `ED A0 80`, nothing past
/// U+10FFFF, no truncated sequence), or npos when the whole text is well formed. NUL is valid
/// UTF-8; callers that refuse it look for it themselves.
inline std::size_t first_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII eight bytes at a time: real files are mostly ASCII.
    while (i + 8 <= size) {
      std::size_t word = 0;
      for (int k = 0; k < 8; ++k)
        word |= bytes[i + k];
      if (word & 0x80) break;
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong below U+0800
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong below U+10000
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

inline bool valid_utf8(std::string_view text) {
  return first_invalid_utf8(text) == std::string_view::npos;
}

/// "0xD6": a byte for a message.
inline std::string hex_byte(char byte) {
  static constexpr char digits[] = "0123456789ABCDEF";
  const auto value = static_cast<unsigned char>(byte);
  return std::string("0x") + digits[value >> 4] + digits[value & 15];
}

/// The one phrasing of text that is not UTF-8, for every message that says so (a file, a row,
/// a cell, a policy): "WHAT is not UTF-8 (byte 0xB5 at byte 32 of 1200)", the byte at `offset`
/// and its 1-based position in `text`, which is what `what` names. An empty `what` gives "is
/// not UTF-8 (...)", for a cell's message after its column ("id: is not UTF-8 (...)").
inline std::string not_utf8(std::string_view what, std::string_view text, std::size_t offset) {
  return std::string(what) + (what.empty() ? "" : " ") + "is not UTF-8 (byte " +
         hex_byte(text[offset]) + " at byte " + std::to_string(offset + 1) + " of " +
         std::to_string(text.size()) + ")";
}

/// `text` without the characters that look like nothing or like ASCII: spaces of any width
/// (ASCII, U+00A0 no-break, U+3000 ideographic), U+200B zero-width space and U+FEFF, and with
/// full-width ASCII (U+FF01..U+FF5E, from Chinese input methods) made ASCII. Two ids equal
/// after folding are one id typed two ways.
inline std::string fold_lookalikes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view rest = text.substr(i);
    if (rest[0] == ' ' || rest[0] == '\t') {
      i += 1;
    } else if (rest.starts_with("\xC2\xA0")) {
      i += 2;
    } else if (rest.starts_with("\xE3\x80\x80") || rest.starts_with("\xE2\x80\x8B") ||
               rest.starts_with("\xEF\xBB\xBF")) {
      i += 3;
    } else if (rest.size() >= 3 && rest[0] == '\xEF' &&
               ((rest[1] == '\xBC' && static_cast<unsigned char>(rest[2]) >= 0x81) ||
                (rest[1] == '\xBD' && static_cast<unsigned char>(rest[2]) <= 0x9E))) {
      // U+FF01..U+FF5E is '!'..'~' plus 0xFEE0: EF BC 81..BF and EF BD 80..9E.
      const unsigned code =
          (rest[1] == '\xBC' ? 0xFF00u : 0xFF40u) + (static_cast<unsigned char>(rest[2]) & 0x3Fu);
      out.push_back(static_cast<char>(code - 0xFEE0u));
      i += 3;
    } else {
      out.push_back(rest[0]);
      i += 1;
    }
  }
  return out;
}

}  // namespace yanxiu::detail
