#include "engine/phrases.hpp"

#include <algorithm>

namespace yanxiu {

std::string_view to_string(Language language) {
  return language == Language::zh_cn ? "zh-CN" : "en";
}

std::optional<Language> parse_language(std::string_view tag) {
  std::string lower(tag);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  if (lower == "en") return Language::en;
  if (lower == "zh-cn" || lower == "zh" || lower == "zh-hans") return Language::zh_cn;
  return std::nullopt;
}

namespace detail {

namespace {

struct PhraseText {
  std::string_view text[language_count];
};

constexpr PhraseText table[] = {
#define YANXIU_PHRASE(name, en, zh) {{en, zh}},
#include "engine/phrase_table.inc"
#undef YANXIU_PHRASE
};
static_assert(std::size(table) == phrase_count);

template <typename Enum>
std::string_view from(Phrase first, Enum value, Language language) {
  return phrase(static_cast<Phrase>(static_cast<int>(first) + static_cast<int>(value)), language);
}

}  // namespace

std::string_view phrase(Phrase p, Language language) {
  return table[static_cast<int>(p)].text[static_cast<int>(language)];
}

std::string say(Language language, Phrase p, std::initializer_list<std::string_view> args) {
  const std::string_view pattern = phrase(p, language);
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
      const auto arg = static_cast<std::size_t>(pattern[i + 1] - '1');
      if (arg < args.size()) out += *(args.begin() + arg);
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// The enums' phrases are consecutive in the table, in the enums' order.
std::string_view label(Status status, Language language) {
  static_assert(static_cast<int>(Phrase::status_conflict) - static_cast<int>(Phrase::status_met) +
                    1 ==
                status_count);
  return from(Phrase::status_met, status, language);
}

std::string_view label(Disposition disposition, Language language) {
  static_assert(static_cast<int>(Phrase::disposition_invalid) -
                    static_cast<int>(Phrase::disposition_credited) + 1 ==
                disposition_count);
  return from(Phrase::disposition_credited, disposition, language);
}

std::string_view label(PeriodKind kind, Language language) {
  static_assert(static_cast<int>(Phrase::period_phase) - static_cast<int>(Phrase::period_semester) +
                    1 ==
                period_kind_count);
  return from(Phrase::period_semester, kind, language);
}

std::string_view per_label(PeriodKind kind, Language language) {
  return kind == PeriodKind::academic_year ? phrase(Phrase::per_year, language)
                                           : label(kind, language);
}

std::string_view label(CreditStep::Kind kind, Language language) {
  static_assert(static_cast<int>(Phrase::step_kind_rated) -
                    static_cast<int>(Phrase::step_kind_converted) ==
                static_cast<int>(CreditStep::Kind::rated));
  return from(Phrase::step_kind_converted, kind, language);
}

std::string_view label(RecordStatus status, Language language) {
  static_assert(static_cast<int>(Phrase::record_group_certified) -
                    static_cast<int>(Phrase::record_certified) + 1 ==
                record_status_count);
  return from(Phrase::record_certified, status, language);
}

std::string unit_label(const Policy& policy, RuleKind kind, Language language) {
  if (kind != RuleKind::quota) return std::string(phrase(Phrase::unit_count, language));
  if (!policy.unit().label.empty()) return policy.unit().label;
  return std::string(
      phrase(policy.unit().credits() ? Phrase::unit_credits : Phrase::unit_hours, language));
}

}  // namespace detail

}  // namespace yanxiu
