// The rubric model's small pieces: names of its enums, look-ups, exact decimals; and the
// words every policy reader shares (did_you_mean, format_decimal).

#include <algorithm>

#include <yanxiu/hours.hpp>
#include <yanxiu/rubric_rules.hpp>

#include "policy/words.hpp"

namespace yanxiu {

std::string_view to_string(RubricSubject subject) {
  switch (subject) {
    case RubricSubject::school:
      return "school";
    case RubricSubject::teacher:
      return "teacher";
    case RubricSubject::group:
      return "group";
  }
  return "unknown";
}

std::string_view to_string(ItemKind kind) {
  switch (kind) {
    case ItemKind::score:
      return "score";
    case ItemKind::level:
      return "level";
    case ItemKind::metric:
      return "metric";
  }
  return "unknown";
}

std::string_view to_string(VetoEffect effect) {
  switch (effect) {
    case VetoEffect::no_award:
      return "no_award";
    case VetoEffect::zero:
      return "zero";
  }
  return "unknown";
}

namespace {

template <typename Entry>
std::optional<int> index_of(const std::vector<Entry>& entries, std::string_view id) {
  const auto found = std::find_if(entries.begin(), entries.end(),
                                  [&](const Entry& entry) { return entry.id == id; });
  if (found == entries.end()) return std::nullopt;
  return static_cast<int>(found - entries.begin());
}

}  // namespace

std::optional<int> Rubric::find_item(std::string_view item_id) const {
  return index_of(items, item_id);
}

std::optional<int> Rubric::find_evaluator(std::string_view evaluator_id) const {
  return index_of(evaluators, evaluator_id);
}

bool Rubric::reads_metric(std::string_view metric) const {
  return std::any_of(items.begin(), items.end(),
                     [&](const RubricItem& item) {
                       return item.kind == ItemKind::metric &&
                              (item.metric == metric || item.of_metric == metric);
                     }) ||
         std::any_of(vetoes.begin(), vetoes.end(),
                     [&](const Veto& veto) { return veto.flag == metric; });
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known) {
  // Between numbers ("23" for one of "1".."22") or letters ("C" for one of A, B, D) a near miss
  // is no hint.
  if (word.size() < 3 ||
      std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "";
  const auto close = closest_match(word, known);
  return close.empty() ? "" : "; did you mean \"" + std::string(close) + "\"?";
}

// The hours parser reads exactly this syntax; only its words are about hours.
std::optional<std::string> parse_hundredths(std::string_view text, Hundredths& out) {
  HoursSyntax why = HoursSyntax::ok;
  const auto parsed = parse_hours(text, &why);
  if (parsed) {
    out = parsed->hundredths();
    return std::nullopt;
  }
  switch (why) {
    case HoursSyntax::empty:
      return "is empty";
    case HoursSyntax::too_many_decimals:
      return "has more than two decimal places (amounts are exact to the hundredth)";
    case HoursSyntax::too_large:
      return "is too large";
    case HoursSyntax::ok:
    case HoursSyntax::not_a_number:
      break;
  }
  return "is not a decimal number (write it like 10 or 2.5)";
}

std::string format_hundredths(Hundredths amount) {
  return to_string(Hours::from_hundredths(amount));
}

std::string format_decimal(Hundredths amount) {
  std::string text = format_hundredths(amount);
  if (text.ends_with("00")) return text.substr(0, text.size() - 3);
  if (text.ends_with('0')) text.pop_back();
  return text;
}

}  // namespace yanxiu
