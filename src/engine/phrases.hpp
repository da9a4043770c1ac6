#pragma once

// The framing words of explanations and gap plans in every Language: one table (phrases.cpp),
// so a language is added in one place and a test can see that every phrase has every language.
// The policy's own labels, ids and the document's quotes are never translated.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <yanxiu/audit.hpp>
#include <yanxiu/explain.hpp>
#include <yanxiu/language.hpp>

namespace yanxiu::detail {

/// One phrase of the table; {1}, {2}... stand for what say() fills in.
enum class Phrase : std::uint16_t {
#define YANXIU_PHRASE(name, en, zh) name,
#include "engine/phrase_table.inc"
#undef YANXIU_PHRASE
  count_
};
inline constexpr int phrase_count = static_cast<int>(Phrase::count_);

/// The phrase as written in the table, placeholders included.
std::string_view phrase(Phrase p, Language language);
/// The phrase with {1}, {2}... replaced by `args`.
std::string say(Language language, Phrase p, std::initializer_list<std::string_view> args = {});

std::string_view label(Status status, Language language);
std::string_view label(Disposition disposition, Language language);
/// "academic year" / "学年"
std::string_view label(PeriodKind kind, Language language);
/// The word after "per" in a cap: "year" / "学年" for an academic year.
std::string_view per_label(PeriodKind kind, Language language);
std::string_view label(CreditStep::Kind kind, Language language);
std::string_view label(RecordStatus status, Language language);
/// The unit of amounts of a rule: the policy's unit label (学分), else "h" / "学时" for hours;
/// "count" rules and choices count activities.
std::string unit_label(const Policy& policy, RuleKind kind, Language language);

}  // namespace yanxiu::detail
