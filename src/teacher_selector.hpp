#pragma once

// A selector (selector.hpp) bound to a ledger's teacher columns, so that judging a teacher looks
// up no attribute by name. The audit's rules, conversions and exemptions and the group kinds'
// eligibility all judge teachers through it.

#include <vector>

#include <yanxiu/ledger.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu::detail {

class TeacherSelector {
 public:
  /// Both must outlive the TeacherSelector.
  TeacherSelector(const Selector& selector, const TeacherColumns& teachers);

  /// Whether the selector reads `age`, the one attribute that depends on the day judged.
  bool uses_age() const { return uses_age_; }
  /// Whether the teacher meets the selector on day `on` (which only `age` reads).
  bool applies(TeacherIndex teacher, DayNumber on) const {
    return selector_->matches_everyone() || matches(0, teacher, on);
  }

 private:
  /// Where a selector node finds its attribute in the ledger.
  struct BoundAttribute {
    enum class Source { none, text, day, age, id } source = Source::none;
    const StringColumn* text = nullptr;
    const std::vector<DayNumber>* days = nullptr;
  };

  bool matches(int node, TeacherIndex teacher, DayNumber on) const;

  const Selector* selector_;
  const TeacherColumns* teachers_;
  std::vector<BoundAttribute> attributes_;  ///< one per node
  bool uses_age_ = false;
};

}  // namespace yanxiu::detail
