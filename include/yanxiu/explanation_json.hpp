#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/explain.hpp>
#include <yanxiu/language.hpp>
#include <yanxiu/policy_set.hpp>

namespace yanxiu {

/// The schema of explanation_json's object; a field is only ever added under it, and a change
/// that could break a reader gets a new number (docs/explanation-schema.md).
inline constexpr std::string_view explanation_schema = "yanxiu-explanation/1";

/// One teacher's explanation as one JSON object for a program or a web page
/// (docs/explanation-schema.md): the teacher, each verdict with the records it counted, every
/// record with the credit pipeline's steps and why it did not count, the caps, gates,
/// conversions and exemptions that acted, and the gap plan (planned here, with the
/// explanation's options). Amounts are exact decimal strings ("27.67", "10"), never JSON
/// numbers; codes are stable English words, and every `label` and `message` is in `language`.
/// Valid UTF-8 whatever the ids hold, since the ledger and policy accept only UTF-8.
std::string explanation_json(const Explanation& explanation, Language language = Language::en);

/// What `yanxiu explain` prints: to_text(language), then, when a verdict is short, "What closes
/// the gap" and the gap plan (planned with the explanation's options).
std::string explanation_report(const Explanation& explanation, Language language = Language::en);

/// A teacher's explanations under a policy set (explain of set_audit.hpp), one per version:
/// {"schema": "yanxiu-explanation-set/1", "set": {"id", "title", "sha256"}, "explanations":
/// [...]}, each an explanation_json object with "in_force_from", the version's first day.
std::string set_explanation_json(const PolicySet& set, const std::vector<Explanation>& explanations,
                                 Language language = Language::en);
/// The same as text: "Under dali-2017, in force from 2017-09-01" and each version's to_text.
std::string set_explanation_text(const PolicySet& set, const std::vector<Explanation>& explanations,
                                 Language language = Language::en);

}  // namespace yanxiu
