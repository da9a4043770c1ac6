#pragma once

// Selectors (selector.hpp) judged against a ledger's teachers: who a rule, a conversion, an
// exemption or a group kind applies to. Bound once to the ledger's columns, then asked per
// teacher; shared by the evaluator and the group functions, which need no evaluator for it.

#include <cstddef>
#include <vector>

#include <yanxiu/ledger.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu::detail {

class SelectorMatcher {
 public:
  explicit SelectorMatcher(const Ledger& ledger) : ledger_(ledger) {}

  /// Where a selector node finds its attribute in the ledger: by position, not address, so that
  /// a TeacherSession may refill another ledger of the same shape for the evaluator.
  struct BoundAttribute {
    enum class Source { none, text, day, age, id } source = Source::none;
    std::size_t text = 0;  ///< index into TeacherColumns::attributes
    std::vector<DayNumber> TeacherColumns::*days = nullptr;
  };
  struct BoundSelector {
    const Selector* selector = nullptr;
    std::vector<BoundAttribute> attributes;  ///< one per node
    bool uses_age = false;
  };
  /// A selector bound once to the ledger's columns, to judge many teachers (the audit's rules,
  /// a group kind's eligibility).
  BoundSelector bind(const Selector& selector) const;
  /// Whether the bound selector holds for the teacher on the day `on` (ages are judged then).
  bool applies(const BoundSelector& bound, TeacherIndex teacher, DayNumber on) const;
  /// bind() and applies() at once, for a selector asked once.
  bool selects(const Selector& selector, TeacherIndex teacher, DayNumber on) const;

 private:
  bool matches(const BoundSelector& bound, int node, TeacherIndex teacher, DayNumber on) const;

  const Ledger& ledger_;
};

}  // namespace yanxiu::detail
