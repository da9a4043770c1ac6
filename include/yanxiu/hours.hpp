#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yanxiu {

/// Credit hours (学时) held exactly, as a count of hundredths of an hour.
///
/// Policies and records give hours with at most two decimal places, so every sum, cap and
/// comparison is integer arithmetic: results are identical on every platform and thread count.
class Hours {
 public:
  constexpr Hours() = default;
  static constexpr Hours from_hundredths(std::int64_t hundredths) { return Hours(hundredths); }
  static constexpr Hours whole(std::int64_t hours) { return Hours(hours * 100); }

  constexpr std::int64_t hundredths() const { return hundredths_; }

  constexpr Hours& operator+=(Hours other) {
    hundredths_ += other.hundredths_;
    return *this;
  }
  constexpr Hours& operator-=(Hours other) {
    hundredths_ -= other.hundredths_;
    return *this;
  }
  friend constexpr Hours operator+(Hours a, Hours b) {
    return Hours(a.hundredths_ + b.hundredths_);
  }
  friend constexpr Hours operator-(Hours a, Hours b) {
    return Hours(a.hundredths_ - b.hundredths_);
  }
  friend constexpr auto operator<=>(Hours, Hours) = default;

 private:
  constexpr explicit Hours(std::int64_t hundredths) : hundredths_(hundredths) {}
  std::int64_t hundredths_ = 0;
};

/// An exact ratio of positive whole numbers: a rate of 1/8 credit an hour, an attendance of 4/5.
/// Never rounded to a decimal: 1/8 is 1/8.
struct Fraction {
  std::int64_t num = 1;
  std::int64_t den = 1;
};

/// "1/8", "4/5", "3" (a whole number when den is 1).
std::string to_string(Fraction fraction);

/// Why a text is not an exact hour amount; `ok` when it is.
enum class HoursSyntax { ok, empty, not_a_number, too_many_decimals, too_large };

/// Reads "12", "12.5", "12.50", "-2" or "+3" exactly. Rejects exponents, more than two decimal
/// places and more than twelve integer digits. Sign checks are the caller's: a negative amount
/// parses, so the message can say "is negative" rather than "is not a number".
std::optional<Hours> parse_hours(std::string_view text, HoursSyntax* why = nullptr);

/// What is wrong, in words that complete "hours: "1.505" ...".
std::string_view describe(HoursSyntax syntax);

/// "12.50", "-2.00": always two decimals, as the audit table prints hours.
std::string to_string(Hours hours);

/// Appends to_string(hours) without a temporary; the writers of large tables use it.
void append_hours(std::string& out, Hours hours);

}  // namespace yanxiu
