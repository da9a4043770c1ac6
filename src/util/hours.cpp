#include <charconv>
#include <cstdlib>

#include <yanxiu/hours.hpp>

namespace yanxiu {

std::optional<Hours> parse_hours(std::string_view text, HoursSyntax* why) {
  auto fail = [why](HoursSyntax syntax) -> std::optional<Hours> {
    if (why) *why = syntax;
    return std::nullopt;
  };
  if (text.empty()) return fail(HoursSyntax::empty);
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return fail(HoursSyntax::not_a_number);
  if (dot != std::string_view::npos && fraction.empty()) return fail(HoursSyntax::not_a_number);
  for (std::string_view digits : {whole, fraction}) {
    for (char c : digits) {
      if (c < '0' || c > '9') return fail(HoursSyntax::not_a_number);
    }
  }
  if (fraction.size() > 2) return fail(HoursSyntax::too_many_decimals);
  if (whole.size() > 12) return fail(HoursSyntax::too_large);

  std::int64_t hundredths = 0;
  for (char c : whole)
    hundredths = hundredths * 10 + (c - '0');
  hundredths *= 100;
  if (!fraction.empty()) hundredths += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) hundredths += fraction[1] - '0';
  if (why) *why = HoursSyntax::ok;
  return Hours::from_hundredths(negative ? -hundredths : hundredths);
}

std::string_view describe(HoursSyntax syntax) {
  switch (syntax) {
    case HoursSyntax::ok:
      return "is valid";
    case HoursSyntax::empty:
      return "is empty";
    case HoursSyntax::not_a_number:
      return "is not a decimal number (write hours like 12 or 1.5)";
    case HoursSyntax::too_many_decimals:
      return "has more than two decimal places (hours are exact to the hundredth)";
    case HoursSyntax::too_large:
      return "is too large";
  }
  return "is invalid";
}

void append_hours(std::string& out, Hours hours) {
  // Unsigned, so that the magnitude of the most negative value exists too.
  std::uint64_t value = static_cast<std::uint64_t>(hours.hundredths());
  if (hours.hundredths() < 0) {
    out.push_back('-');
    value = 0 - value;
  }
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value / 100).ptr;
  out.append(digits, end);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + value % 100 / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

std::string to_string(Fraction fraction) {
  std::string out = std::to_string(fraction.num);
  if (fraction.den != 1) out += "/" + std::to_string(fraction.den);
  return out;
}

std::string to_string(Hours hours) {
  std::string out;
  append_hours(out, hours);
  return out;
}

}  // namespace yanxiu
