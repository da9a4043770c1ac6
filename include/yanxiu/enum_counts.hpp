#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>

namespace yanxiu {

/// How many rows ended in each value of an enum (a record's disposition, a score row's): one
/// count per value, in the enum's order.
template <typename Enum, int Count>
struct EnumCounts {
  std::array<std::int64_t, Count> counts{};

  std::int64_t& operator[](Enum value) { return counts[static_cast<std::size_t>(value)]; }
  std::int64_t operator[](Enum value) const { return counts[static_cast<std::size_t>(value)]; }
  std::int64_t total() const {
    return std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
  }
  friend bool operator==(const EnumCounts&, const EnumCounts&) = default;
};

/// "WHAT: 190 credited, 0 capped, …": every value's count, named by the enum's to_string.
template <typename Enum, int Count>
std::string summary_line(std::string_view what, const EnumCounts<Enum, Count>& counts) {
  std::string line(what);
  line += ':';
  for (int value = 0; value < Count; ++value) {
    line += value == 0 ? " " : ", ";
    line += std::to_string(counts.counts[static_cast<std::size_t>(value)]);
    line += ' ';
    line += to_string(static_cast<Enum>(value));
  }
  return line;
}

}  // namespace yanxiu
