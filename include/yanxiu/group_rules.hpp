#pragma once

// The group kinds a policy declares (`groups`): the model the policy loader fills and the
// group functions (groups.hpp) read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yanxiu/categories.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

/// One group the policy declares: a workshop for one pool of teachers (its `for` values), or a
/// cluster of schools (a centre school and its neighbours).
struct GroupUnit {
  std::string id;
  std::string label;
  std::vector<std::string> pool;     ///< values of GroupKind::by, in that order
  std::vector<std::string> schools;  ///< a cluster's schools, the centre first
  SourcePosition position;
};

/// A kind of group: who may join (`eligible`), how many seats a group has, and either the groups
/// themselves (`units`), the clusters of schools (`clusters`, fixed membership), or neither:
/// then groups are opened as the roster needs them, one pool at a time.
struct GroupKind {
  std::string id;
  std::string label;
  std::string source;
  Selector eligible;
  SourcePosition eligible_position;
  std::optional<std::int64_t> capacity;  ///< seats per group; none: no limit
  /// Attributes a group's members share (stage, subject): teachers with the same values form a
  /// pool, and a group serves one pool.
  std::vector<std::string> by;
  std::vector<GroupUnit> units;
  bool clustered = false;  ///< units are clusters: membership by the teacher's school
  SourcePosition position;

  /// Groups are opened as needed: the kind declares neither units nor clusters.
  bool open() const { return units.empty() && !clustered; }
};

}  // namespace yanxiu
