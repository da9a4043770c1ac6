#pragma once

// Which pool of a group kind a teacher belongs to: the values of the kind's `by` attributes
// ("stage=primary;subject=math"), or the centre of the cluster holding the teacher's school.
// Shared by the assignment (groups.cpp) and the audit (group_audit.cpp).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/groups.hpp>

#include "ledger/selector_match.hpp"

namespace yanxiu::detail {

class KindPools {
 public:
  KindPools(const Policy& policy, const Ledger& ledger, const GroupKind& kind);

  /// Whether the kind admits the teacher (age judged on the cycle's last day).
  bool eligible(TeacherIndex teacher) const {
    return matcher_.applies(eligible_, teacher, judged_on_);
  }
  /// The teacher's pool, or nothing with the reason and a note saying why.
  std::optional<std::string> pool(TeacherIndex teacher, UnplacedReason& reason,
                                  std::string& note) const;
  /// The pool a declared group serves.
  std::string unit_pool(const GroupUnit& unit) const;
  std::string_view school(TeacherIndex teacher) const;

 private:
  const GroupKind* kind_;
  SelectorMatcher matcher_;
  SelectorMatcher::BoundSelector eligible_;
  DayNumber judged_on_;
  const StringColumn* school_;
  std::vector<const StringColumn*> by_;  ///< per `by` attribute; null when the roster lacks it
  std::map<std::string, int> cluster_of_school_;
};

}  // namespace yanxiu::detail
