#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace yanxiu::detail {

/// A hash of short texts (ids, names) in a few instructions, inline: a word at a time, the
/// tail read as two overlapping pieces.
inline std::uint64_t hash_text(std::string_view text) {
  const char* bytes = text.data();
  std::size_t left = text.size();
  std::uint64_t hash = 0x9E3779B97F4A7C15ULL ^ left;
  auto mix = [&](std::uint64_t word) {
    hash = (hash ^ word) * 0xBF58476D1CE4E5B9ULL;
    hash ^= hash >> 31;
  };
  for (; left >= 8; bytes += 8, left -= 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes, 8);
    mix(word);
  }
  if (left >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, bytes, 4);
    std::memcpy(&tail, bytes + left - 4, 4);
    mix(std::uint64_t{head} << 32 | tail);
  } else if (left > 0) {
    const auto byte = [&](std::size_t i) {
      return std::uint64_t{static_cast<unsigned char>(bytes[i])};
    };
    mix(byte(0) << 16 | byte(left / 2) << 8 | byte(left - 1));
  }
  hash *= 0x94D049BB133111EBULL;
  return hash ^ hash >> 32;
}

/// Rows found by their text - record ids, interned names - in an open-addressing table of
/// (hash, row) pairs. The texts stay where they are (a column, a list of names): the caller
/// passes the function that reads row i's text. Clearing keeps the memory, so a table reused for
/// every call allocates only when it must grow.
class TextIndex {
 public:
  /// Empties the table, with room for `rows` rows before it grows.
  void clear(std::size_t rows) {
    std::size_t capacity = 16;
    while (capacity < 2 * rows)
      capacity *= 2;
    slots_.assign(std::max(capacity, slots_.size()), Slot{});
    size_ = 0;
  }

  /// The row added before under a text equal to `text`, or -1 after adding `row` under it.
  template <typename TextOf>
  std::int32_t find_or_add(std::string_view text, std::int32_t row, const TextOf& text_of) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const auto hash = static_cast<std::uint32_t>(hash_text(text));
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      Slot& found = slots_[slot];
      if (found.row_after == 0) {
        found = {hash, static_cast<std::uint32_t>(row) + 1};
        ++size_;
        return -1;
      }
      const auto other = static_cast<std::int32_t>(found.row_after - 1);
      if (found.hash == hash && text_of(other) == text) return other;
    }
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t row_after = 0;  ///< the row + 1; 0: empty, so that clearing is a memset
  };

  // Twice the slots, each row moved to where its hash now points.
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(32, 2 * slots_.size()));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& moved : old) {
      if (moved.row_after == 0) continue;
      std::size_t slot = moved.hash & mask;
      while (slots_[slot].row_after != 0)
        slot = (slot + 1) & mask;
      slots_[slot] = moved;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace yanxiu::detail
