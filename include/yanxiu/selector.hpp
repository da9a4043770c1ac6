#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yanxiu {

/// What a selector node does. `all`/`any`/`not_` combine child nodes; the comparisons read one
/// teacher attribute; `has` asks whether a `;`-separated list attribute (roles, flags) holds a
/// value.
enum class SelectorOp : std::uint8_t { always, all, any, not_, eq, ne, lt, le, gt, ge, in, has };

/// An operand as the policy wrote it. A JSON number compares numerically (exact hundredths);
/// a JSON string compares as text, which orders ISO dates correctly.
struct SelectorValue {
  std::string text;
  std::optional<std::int64_t> hundredths;  ///< set when the policy wrote a number
};

struct SelectorNode {
  SelectorOp op = SelectorOp::always;
  std::string attribute;              ///< for comparisons and `has`
  std::vector<SelectorValue> values;  ///< one operand, or the list of `in`
  std::vector<int> children;          ///< indices into Selector::nodes, for all/any/not
};

/// `applies_to`: a condition over a teacher's attributes, as data. Loading builds it; the
/// evaluator reads it (the policy knows nothing of ledgers). The default selector matches every
/// teacher.
///
/// A comparison with an attribute the teacher lacks (an empty cell) is false, and so is a
/// numeric comparison with a value that is not a number: a rule for "age < 45" never applies
/// to a teacher whose birth date is unknown.
struct Selector {
  std::vector<SelectorNode> nodes{SelectorNode{}};  ///< nodes[0] is the root

  bool matches_everyone() const { return nodes.front().op == SelectorOp::always; }
};

/// The attribute derived from `birth_date`, in whole years on the last day of the period judged.
inline constexpr const char* age_attribute = "age";

}  // namespace yanxiu
