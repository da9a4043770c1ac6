// Named decisions derived from verdicts (教师资格定期注册, 职务聘任), and the references to rules
// and parts that decisions and exemptions share.

#include <algorithm>
#include <set>

#include "policy/policy_reader.hpp"

namespace yanxiu::detail {

std::optional<RuleReference> PolicyReader::rule_reference(const JsonValue& at,
                                                          const std::string& name) {
  const auto slash = name.find('/');
  const std::string rule_id = name.substr(0, slash);
  const auto rule = std::find_if(policy_.rules.begin(), policy_.rules.end(),
                                 [&](const Rule& r) { return r.id == rule_id; });
  if (rule == policy_.rules.end()) {
    std::vector<std::string_view> known;
    for (const auto& r : policy_.rules)
      known.push_back(r.id);
    const auto close = closest_match(rule_id, known);
    error(at, "unknown rule " + in_quotes(rule_id) +
                  (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
    return std::nullopt;
  }
  RuleReference reference{static_cast<RuleIndex>(rule - policy_.rules.begin()), -1};
  if (slash != std::string::npos) {
    const std::string part_id = name.substr(slash + 1);
    const auto part = std::find_if(rule->parts.begin(), rule->parts.end(),
                                   [&](const QuotaPart& p) { return p.id == part_id; });
    if (part == rule->parts.end()) {
      error(at, "rule " + in_quotes(rule_id) + " has no part " + in_quotes(part_id));
      return std::nullopt;
    }
    reference.part = static_cast<std::int16_t>(part - rule->parts.begin());
  }
  return reference;
}

void PolicyReader::read_decisions(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "source", "requires"});
    if (!members) continue;
    Decision decision;
    decision.position = position(entry);
    bool ok = true;
    if (auto id = identifier(*members, entry))
      decision.id = *id;
    else
      ok = false;
    if (ok && !ids.insert(decision.id).second) {
      error(*members->get("id"), "duplicate decision id " + in_quotes(decision.id));
      ok = false;
    }
    if (auto label = optional_string(*members, "label")) decision.label = *label;
    if (auto source = read_source(*members)) decision.source = *source;
    if (auto requires_value = required(*members, entry, "requires")) {
      const auto names = strings(*requires_value);
      const auto elements = requires_value->elements();
      if (names && names->empty()) error(*requires_value, "a decision requires at least one rule");
      ok = ok && names && !names->empty();
      for (std::size_t i = 0; names && i < names->size(); ++i) {
        if (const auto reference = rule_reference(elements[i], (*names)[i]))
          decision.required_rules.push_back(*reference);
        else
          ok = false;
      }
    } else {
      ok = false;
    }
    if (ok) policy_.decisions.push_back(std::move(decision));
  }
}

}  // namespace yanxiu::detail
