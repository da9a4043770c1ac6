// The policy's unit (学时 or 学分), the categories' rates and per-record caps, and exact
// fractions (credits.hpp, categories.hpp).

#include <algorithm>
#include <numeric>

#include "policy/policy_reader.hpp"

namespace yanxiu::detail {

namespace {

// Bounds that keep a period's exact sum, hundredths × rate × denominator, far inside 64 bits.
constexpr std::int64_t max_fraction_term = 1000;
constexpr std::int64_t max_unit_denominator = 100000;

std::optional<std::int64_t> whole_number(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<Fraction> PolicyReader::fraction(const JsonValue& value, bool allow_zero) {
  Fraction result;
  if (value.kind() == detail::JsonKind::number) {
    const auto whole = integer(value, 0, max_fraction_term);
    if (!whole) return std::nullopt;
    result = {*whole, 1};
  } else {
    const auto text = string_value(value);
    if (!text) return std::nullopt;
    const auto slash = text->find('/');
    const auto num = whole_number(std::string_view(*text).substr(0, slash));
    const auto den = slash == std::string::npos
                         ? std::optional<std::int64_t>(1)
                         : whole_number(std::string_view(*text).substr(slash + 1));
    if (!num || !den) {
      error(value, in_quotes(*text) + " is not a fraction; write whole numbers as \"1/8\"");
      return std::nullopt;
    }
    if (*den == 0) {
      error(value, in_quotes(*text) + " divides by 0");
      return std::nullopt;
    }
    if (*num > max_fraction_term || *den > max_fraction_term) {
      error(value, in_quotes(*text) + ": numerator and denominator are at most " +
                       std::to_string(max_fraction_term));
      return std::nullopt;
    }
    const std::int64_t divisor = std::gcd(*num, *den);
    result = {divisor ? *num / divisor : 0, divisor ? *den / divisor : 1};
  }
  if (result.num == 0 && !allow_zero) {
    error(value, "a rate of 0 credits nothing; leave the category out of the rules instead");
    return std::nullopt;
  }
  return result;
}

void PolicyReader::read_unit(const JsonValue& value) {
  const auto members = object(value, {"kind", "label", "step", "rounding", "round"});
  if (!members) return;
  CreditUnit& unit = policy_.unit;
  if (const auto kind = members->get("kind")) {
    if (const auto index = reference(*kind, "unit kind", {"hours", "credits"}))
      unit.kind = static_cast<CreditUnit::Kind>(*index);
  }
  if (auto label = optional_string(*members, "label")) unit.label = *label;
  if (const auto step_value = members->get("step")) {
    if (const auto step = hours(*step_value)) {
      if (*step == Hours())
        error(*step_value, "a step of 0 rounds to nothing; the finest step is 0.01");
      else
        unit.step = *step;
    }
  }
  if (const auto rounding = members->get("rounding")) {
    if (const auto index = reference(*rounding, "rounding", {"down", "half_up"}))
      unit.rounding = static_cast<CreditUnit::Rounding>(*index);
  }
  if (const auto round = members->get("round")) {
    if (const auto index = reference(*round, "rounding place", {"period", "record"}))
      unit.round_at = static_cast<CreditUnit::RoundAt>(*index);
  }
}

bool PolicyReader::read_category_terms(const Members& members, const JsonValue& entry,
                                       Category& category) {
  bool ok = true;
  const auto rate = members.get("rate");
  if (rate && !policy_.unit.credits()) {
    error(*rate, "a rate needs a policy counted in credits (\"unit\": {\"kind\": \"credits\"})");
    ok = false;
  } else if (rate) {
    if (auto value = fraction(*rate, false))
      category.rate = *value;
    else
      ok = false;
  } else if (policy_.unit.credits()) {
    error(entry, "category " + in_quotes(category.id) +
                     " needs a \"rate\": the credits one hour earns (\"1/8\")");
    ok = false;
  }
  if (const auto item_max = members.get("item_max")) {
    if (auto cap = hours(*item_max)) {
      if (*cap == Hours()) {
        error(*item_max, "an item_max of 0 credits nothing");
        ok = false;
      } else {
        category.item_max = *cap;
      }
    } else {
      ok = false;
    }
  }
  return ok;
}

void PolicyReader::finish_unit(const JsonValue& at) {
  CreditUnit& unit = policy_.unit;
  if (!unit.credits()) return;
  std::int64_t denominator = 1;
  for (const Category& category : policy_.categories) {
    denominator = std::lcm(denominator, category.rate.den);
    if (denominator > max_unit_denominator) {
      error(at, "the rates' denominators have a common multiple over " +
                    std::to_string(max_unit_denominator) + "; use simpler rates");
      return;
    }
  }
  unit.denominator = denominator;
}

bool PolicyReader::read_window(const JsonValue& value, Rule& rule) {
  const auto members = object(value, {"from", "months", "years", "apart"});
  if (!members) return false;
  TeacherWindow window;
  const auto from = required_string(*members, value, "from");
  if (!from) return false;
  window.from = *from;
  const bool known_date = window.from == "join_date" ||
                          std::any_of(policy_.attributes.begin(), policy_.attributes.end(),
                                      [&](const AttributeSpec& a) { return a.id == window.from; });
  if (!known_date && !policy_.attributes.empty()) {
    error(*members->get("from"), "unknown date attribute " + in_quotes(window.from) +
                                     "; \"join_date\" or a declared attribute of type date");
    return false;
  }
  const auto months = members->get("months");
  const auto years = members->get("years");
  if ((months ? 1 : 0) + (years ? 1 : 0) != 1) {
    error(months ? *months : value, "a window needs \"months\" or \"years\", one of them");
    return false;
  }
  const auto length = integer(months ? *months : *years, 1, months ? 600 : 50);
  if (!length) return false;
  window.months = static_cast<int>(*length) * (months ? 1 : 12);
  const int cycle_months = policy_.calendar ? policy_.calendar->spec().years * 12 : 600;
  if (window.months > cycle_months) {
    error(months ? *months : *years, "a window of " + std::to_string(window.months) +
                                         " months is longer than the cycle's " +
                                         std::to_string(cycle_months));
    return false;
  }
  if (const auto apart = members->get("apart")) {
    const auto flag = boolean(*apart);
    if (!flag) return false;
    window.apart = *flag;
    const bool another =
        std::any_of(policy_.rules.begin(), policy_.rules.end(),
                    [](const Rule& other) { return other.window && other.window->apart; });
    if (window.apart && another) {
      error(*apart, "only one window of a policy is kept apart from the other rules");
      return false;
    }
  }
  if (rule.kind != RuleKind::quota || rule.period != PeriodKind::cycle) {
    error(value, "a window is the period of a quota rule with \"period\": \"cycle\"");
    return false;
  }
  rule.window = window;
  return true;
}

void PolicyReader::check_unit_ladders() {
  const CreditUnit& unit = policy_.unit;
  if (!unit.credits() || unit.round_at != CreditUnit::RoundAt::period) return;
  for (const Ladder& ladder : policy_.ladders) {
    for (const Tier& tier : ladder.tiers) {
      for (const auto* criteria : {&tier.promotion, &tier.upkeep}) {
        for (const TierCriterion& criterion : *criteria) {
          if (criterion.kind != CriterionKind::hours) continue;
          error(criterion.position,
                "an hours criterion needs credits rounded per record (\"unit\": {\"round\": "
                "\"record\"}): a period's credits are rounded only when a rule's row is");
        }
      }
    }
  }
}

}  // namespace yanxiu::detail
