// Group kinds on the policy, memberships from CSV, and the assignment engine.

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <yanxiu/groups.hpp>

#include "groups/group_pools.hpp"
#include "policy/json_reader.hpp"
#include "policy/policy_data.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"

namespace yanxiu {

std::string_view to_string(UnplacedReason reason) {
  switch (reason) {
    case UnplacedReason::no_kind:
      return "no_kind";
    case UnplacedReason::missing_value:
      return "missing_value";
    case UnplacedReason::no_group:
      return "no_group";
    case UnplacedReason::over_capacity:
      return "over_capacity";
  }
  return "?";
}

// --- memberships -----------------------------------------------------------------------------

std::vector<Membership> read_memberships_text(std::string_view csv, std::string_view name,
                                              Diagnostics& diagnostics, CsvEncoding encoding) {
  std::string converted;
  const detail::CsvText text = detail::csv_text(csv, name, encoding, converted, diagnostics);
  detail::CsvReader reader(text.text, 1, {}, text.check_rows, text.delimiter);
  const detail::CsvHeader header =
      detail::read_csv_header(reader, name, {"teacher_id", "group_kind", "group_id"});
  static constexpr std::string_view columns[] = {"teacher_id", "group_kind", "group_id"};
  header.warn_unknown(columns, name, "assignments", diagnostics);
  int position[3];
  for (int c = 0; c < 3; ++c)
    position[c] = header.find(columns[c]);
  std::vector<Membership> memberships;
  std::vector<std::string_view> fields;
  while (reader.next_row(fields)) {
    Membership row;
    row.line = reader.line();
    std::string* const cells[] = {&row.teacher_id, &row.group_kind, &row.group_id};
    bool complete = reader.problem().empty();
    if (!complete) diagnostics.error(std::string(name), row.line, "", reader.problem());
    for (int c = 0; c < 3 && complete; ++c) {
      const auto at = static_cast<std::size_t>(position[c]);
      const auto cell = at < fields.size() ? detail::trim(fields[at]) : std::string_view();
      if (cell.empty()) {
        diagnostics.error(std::string(name), row.line, std::string(columns[c]),
                          "empty; every row names a teacher, a group kind and a group");
        complete = false;
      }
      cells[c]->assign(cell);
    }
    if (complete) memberships.push_back(std::move(row));
  }
  return memberships;
}

std::vector<Membership> read_memberships(const std::filesystem::path& path,
                                         Diagnostics& diagnostics, CsvEncoding encoding) {
  return read_memberships_text(detail::read_input_file(path), path.string(), diagnostics, encoding);
}

namespace detail {

// --- pools -----------------------------------------------------------------------------------

KindPools::KindPools(const Policy& policy, const Ledger& ledger, const GroupKind& kind)
    : kind_(&kind),
      matcher_(ledger),
      eligible_(matcher_.bind(kind.eligible)),
      judged_on_(policy.calendar().cycle().last_day),
      school_(ledger.teachers().attribute("school")) {
  for (const auto& attribute : kind.by)
    by_.push_back(ledger.teachers().attribute(attribute));
  for (std::size_t u = 0; u < kind.units.size(); ++u) {
    const GroupUnit& unit = kind.units[u];
    if (kind.clustered) {
      for (const auto& school : unit.schools)
        cluster_of_school_.emplace(school, static_cast<int>(u));
    }
  }
}

std::string KindPools::unit_pool(const GroupUnit& unit) const {
  if (kind_->clustered) return unit.schools.front();
  std::string key;
  for (std::size_t a = 0; a < kind_->by.size(); ++a)
    key += (a == 0 ? "" : ";") + kind_->by[a] + "=" + unit.pool[a];
  return key;
}

std::optional<std::string> KindPools::pool(TeacherIndex teacher, UnplacedReason& reason,
                                           std::string& note) const {
  const auto row = static_cast<std::size_t>(teacher);
  if (kind_->clustered) {
    const std::string_view school = school_ ? (*school_)[row] : std::string_view();
    if (school.empty()) {
      reason = UnplacedReason::missing_value;
      note = "no school; clusters group teachers by school";
      return std::nullopt;
    }
    const auto found = cluster_of_school_.find(std::string(school));
    if (found == cluster_of_school_.end()) {
      reason = UnplacedReason::no_group;
      note = "school " + std::string(school) + " is in no cluster";
      return std::nullopt;
    }
    return kind_->units[static_cast<std::size_t>(found->second)].schools.front();
  }
  std::string key;
  for (std::size_t a = 0; a < by_.size(); ++a) {
    const std::string_view value = by_[a] ? (*by_[a])[row] : std::string_view();
    if (value.empty()) {
      reason = UnplacedReason::missing_value;
      note = "no " + kind_->by[a] + "; the kind groups teachers by it";
      return std::nullopt;
    }
    key += (a == 0 ? "" : ";") + kind_->by[a] + "=" + std::string(value);
  }
  return key;
}

std::string_view KindPools::school(TeacherIndex teacher) const {
  return school_ ? (*school_)[static_cast<std::size_t>(teacher)] : std::string_view();
}

}  // namespace detail

// --- assignment ------------------------------------------------------------------------------

namespace {

constexpr std::int64_t unlimited = std::numeric_limits<std::int64_t>::max();

/// The assignment of one kind, pool by pool.
class KindAssigner {
 public:
  KindAssigner(const Policy& policy, const Ledger& ledger, std::int32_t kind_index,
               GroupAssignment& out, std::set<std::string>& used_ids)
      : ledger_(ledger),
        kind_index_(kind_index),
        kind_(policy.group_kinds()[static_cast<std::size_t>(kind_index)]),
        pools_(policy, ledger, kind_),
        out_(out),
        used_ids_(used_ids) {}

  /// Places the kind's teachers; `current` maps a teacher to this kind's current membership.
  /// Returns which teachers the kind admits.
  std::vector<bool> run(const std::unordered_map<TeacherIndex, const Membership*>& current,
                        std::string_view current_name) {
    const auto teachers = static_cast<TeacherIndex>(ledger_.teachers().size());
    std::vector<bool> admitted(static_cast<std::size_t>(teachers));
    // Declared groups exist whether or not anyone joins them.
    for (std::size_t u = 0; u < kind_.units.size(); ++u) {
      const auto group = add_group(static_cast<std::int32_t>(u), kind_.units[u].id,
                                   pools_.unit_pool(kind_.units[u]));
      pools_of_key_[out_.groups[static_cast<std::size_t>(group)].pool].groups.push_back(group);
    }
    for (TeacherIndex t = 0; t < teachers; ++t) {
      if (!pools_.eligible(t)) continue;
      admitted[static_cast<std::size_t>(t)] = true;
      UnplacedReason reason{};
      std::string note;
      const auto key = pools_.pool(t, reason, note);
      if (!key) {
        out_.unplaced.push_back({t, kind_index_, reason, std::move(note)});
        continue;
      }
      pools_of_key_[*key].teachers.push_back(t);
    }
    for (auto& [key, pool] : pools_of_key_)
      assign_pool(key, pool, current, current_name);
    return admitted;
  }

 private:
  struct Pool {
    std::vector<TeacherIndex> teachers;  ///< input order
    std::vector<std::int32_t> groups;    ///< indices into out_.groups
  };

  std::int32_t add_group(std::int32_t unit, std::string id, std::string pool) {
    used_ids_.insert(id);
    out_.groups.push_back({kind_index_, unit, std::move(id), std::move(pool), 0});
    return static_cast<std::int32_t>(out_.groups.size() - 1);
  }

  std::int64_t free_seats(std::int32_t group) const {
    if (!kind_.capacity) return unlimited - out_.groups[static_cast<std::size_t>(group)].members;
    return *kind_.capacity - out_.groups[static_cast<std::size_t>(group)].members;
  }

  void place(TeacherIndex teacher, std::int32_t group, bool kept) {
    ++out_.groups[static_cast<std::size_t>(group)].members;
    out_.placements.push_back({teacher, group, kept});
  }

  /// An opened group's id: "area-东城-3" for the third group of the pool whose `by` value is 东城.
  std::string next_open_id(const std::string& key) {
    std::string stem = kind_.id;
    for (std::string_view rest = key; !rest.empty();) {
      const auto end = rest.find(';');
      const auto pair = rest.substr(0, end);
      stem += "-" + std::string(pair.substr(pair.find('=') + 1));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
    for (int n = 1;; ++n) {
      std::string id = stem + "-" + std::to_string(n);
      if (!used_ids_.count(id)) return id;
    }
  }

  void assign_pool(const std::string& key, Pool& pool,
                   const std::unordered_map<TeacherIndex, const Membership*>& current,
                   std::string_view current_name) {
    if (pool.teachers.empty()) return;
    const std::vector<TeacherIndex> to_place = keep_current(key, pool, current, current_name);
    if (kind_.open()) {
      // Enough groups for the whole pool, opened after those the current assignment names.
      const auto size = static_cast<std::int64_t>(pool.teachers.size());
      const std::int64_t needed = !kind_.capacity ? 1
                                  : *kind_.capacity == 0
                                      ? 0
                                      : (size + *kind_.capacity - 1) / *kind_.capacity;
      while (static_cast<std::int64_t>(pool.groups.size()) < needed)
        pool.groups.push_back(add_group(-1, next_open_id(key), key));
    }
    const auto kept_at = kept_by_school(key);
    std::int64_t unplaced = 0;
    for (auto& [school, block] : school_blocks(to_place))
      unplaced += place_block(key, pool, block, kept_at, school);
    if (unplaced > 0) {
      const auto teachers = static_cast<std::int64_t>(pool.teachers.size());
      std::int64_t groups_needed = 1;
      if (kind_.capacity)
        groups_needed =
            *kind_.capacity == 0 ? 0 : (unplaced + *kind_.capacity - 1) / *kind_.capacity;
      out_.shortfalls.push_back(
          {kind_index_, key, teachers, teachers - unplaced, unplaced, groups_needed});
    }
  }

  /// Keeps current members where they are while their group stands and has a seat; returns the
  /// teachers of the pool left to place.
  std::vector<TeacherIndex> keep_current(
      const std::string& key, Pool& pool,
      const std::unordered_map<TeacherIndex, const Membership*>& current,
      std::string_view current_name) {
    std::vector<TeacherIndex> to_place;
    for (const TeacherIndex t : pool.teachers) {
      const auto found = current.find(t);
      if (found == current.end()) {
        to_place.push_back(t);
        continue;
      }
      const Membership& row = *found->second;
      auto group = std::find_if(pool.groups.begin(), pool.groups.end(), [&](std::int32_t g) {
        return out_.groups[static_cast<std::size_t>(g)].id == row.group_id;
      });
      std::string problem;
      if (group == pool.groups.end() && kind_.open() && !used_ids_.count(row.group_id)) {
        pool.groups.push_back(add_group(-1, row.group_id, key));
        group = pool.groups.end() - 1;
      }
      if (group == pool.groups.end()) {
        problem = "group " + row.group_id + " is not a group of kind " + kind_.id + " for " + key;
      } else if (free_seats(*group) <= 0) {
        problem = "group " + row.group_id + " is full";
      }
      if (!problem.empty()) {
        out_.diagnostics.warning(std::string(current_name), row.line, "group_id",
                                 problem + "; teacher " + row.teacher_id + " is placed anew");
        to_place.push_back(t);
        continue;
      }
      place(t, *group, true);
    }
    return to_place;
  }

  using SchoolBlock = std::pair<std::string_view, std::vector<TeacherIndex>>;

  /// A school's teachers of the pool stay together: blocks by school, largest first.
  std::vector<SchoolBlock> school_blocks(const std::vector<TeacherIndex>& to_place) const {
    std::map<std::string_view, std::vector<TeacherIndex>> by_school;
    for (const TeacherIndex t : to_place)
      by_school[pools_.school(t)].push_back(t);
    std::vector<SchoolBlock> blocks(by_school.begin(), by_school.end());
    std::stable_sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
      return a.second.size() > b.second.size();
    });
    return blocks;
  }

  using KeptAt = std::map<std::string_view, std::map<std::int32_t, std::int64_t>>;

  /// Where each school's kept teachers of the pool are, to join them.
  KeptAt kept_by_school(const std::string& key) const {
    KeptAt kept_at;
    for (const auto& placement : out_.placements) {
      const auto& group = out_.groups[static_cast<std::size_t>(placement.group)];
      if (placement.kept && group.kind == kind_index_ && group.pool == key)
        ++kept_at[pools_.school(placement.teacher)][placement.group];
    }
    return kept_at;
  }

  /// Places a school's block: with its kept colleagues, else in the roomiest group that holds it,
  /// else split over the roomiest groups. Returns how many found no seat.
  std::int64_t place_block(const std::string& key, const Pool& pool,
                           const std::vector<TeacherIndex>& block, const KeptAt& kept_at,
                           std::string_view school) {
    const auto size = static_cast<std::int64_t>(block.size());
    std::optional<std::int32_t> target;
    if (const auto colleagues = kept_at.find(school); colleagues != kept_at.end()) {
      std::int64_t most = 0;
      for (const auto& [group, count] : colleagues->second) {
        if (count > most && free_seats(group) >= size) {
          most = count;
          target = group;
        }
      }
    }
    if (!target) target = roomiest(pool, size);
    std::size_t next = 0;
    if (target) {
      for (; next < block.size(); ++next)
        place(block[next], *target, false);
    }
    // Too big for any one group: split it over the roomiest groups.
    while (next < block.size()) {
      const auto group = roomiest(pool, 1);
      if (!group) break;
      for (std::int64_t seats = free_seats(*group); seats > 0 && next < block.size(); --seats)
        place(block[next++], *group, false);
    }
    std::int64_t unplaced = 0;
    for (; next < block.size(); ++next) {
      out_.unplaced.push_back(
          {block[next], kind_index_,
           pool.groups.empty() ? UnplacedReason::no_group : UnplacedReason::over_capacity,
           pool.groups.empty() ? "no group of kind " + kind_.id + " for " + key
                               : "every group for " + key + " is full"});
      ++unplaced;
    }
    return unplaced;
  }

  /// The group of the pool with the most free seats, at least `seats` (first declared on a tie).
  std::optional<std::int32_t> roomiest(const Pool& pool, std::int64_t seats) const {
    std::optional<std::int32_t> best;
    for (const auto group : pool.groups) {
      if (free_seats(group) >= seats && (!best || free_seats(group) > free_seats(*best)))
        best = group;
    }
    return best;
  }

  const Ledger& ledger_;
  std::int32_t kind_index_;
  const GroupKind& kind_;
  detail::KindPools pools_;
  GroupAssignment& out_;
  std::set<std::string>& used_ids_;
  std::map<std::string, Pool> pools_of_key_;  ///< ordered: no hash order reaches the result
};

}  // namespace

GroupAssignment assign_groups(const Policy& policy, const Ledger& ledger,
                              std::span<const Membership> current, std::string_view current_name) {
  GroupAssignment out;
  const auto kinds = policy.group_kinds();
  // Every declared id is taken before any group is opened.
  std::set<std::string> used_ids;
  for (const auto& kind : kinds) {
    for (const auto& unit : kind.units)
      used_ids.insert(unit.id);
  }
  std::vector<std::unordered_map<TeacherIndex, const Membership*>> current_of_kind(kinds.size());
  for (const Membership& row : current) {
    const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const GroupKind& k) { return k.id == row.group_kind; });
    const auto teacher = ledger.find_teacher(row.teacher_id);
    if (kind == kinds.end() || !teacher) {
      out.diagnostics.warning(
          std::string(current_name), row.line, kind == kinds.end() ? "group_kind" : "teacher_id",
          kind == kinds.end() ? "the policy has no group kind " + row.group_kind
                              : "teacher " + row.teacher_id + " is not in the roster");
      continue;
    }
    auto& of_kind = current_of_kind[static_cast<std::size_t>(kind - kinds.begin())];
    if (!of_kind.emplace(*teacher, &row).second) {
      out.diagnostics.warning(std::string(current_name), row.line, "group_id",
                              "teacher " + row.teacher_id + " is already in a group of kind " +
                                  row.group_kind + "; this row is ignored");
    }
  }
  std::vector<bool> admitted(ledger.teachers().size());
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    KindAssigner assigner(policy, ledger, static_cast<std::int32_t>(k), out, used_ids);
    const auto admitted_by_kind = assigner.run(current_of_kind[k], current_name);
    bool anyone = false;
    for (std::size_t t = 0; t < admitted.size(); ++t) {
      anyone = anyone || admitted_by_kind[t];
      admitted[t] = admitted[t] || admitted_by_kind[t];
    }
    if (!anyone && !admitted.empty()) {
      const auto& at =
          kinds[k].eligible.matches_everyone() ? kinds[k].position : kinds[k].eligible_position;
      out.diagnostics.warning(
          policy.file_name(), at.line, at.path,
          "no teacher of the roster meets the eligibility of group kind " + kinds[k].id);
    }
    for (const auto& [teacher, row] : current_of_kind[k]) {
      if (!admitted_by_kind[static_cast<std::size_t>(teacher)]) {
        out.diagnostics.warning(std::string(current_name), row->line, "teacher_id",
                                "teacher " + row->teacher_id + " is no longer eligible for kind " +
                                    kinds[k].id + "; left out");
      }
    }
  }
  for (std::size_t t = 0; t < admitted.size(); ++t) {
    if (!admitted[t] && !kinds.empty()) {
      out.unplaced.push_back({static_cast<TeacherIndex>(t), -1, UnplacedReason::no_kind,
                              "no group kind admits the teacher"});
    }
  }
  // Results by teacher, then kind: the order of the roster, whatever order groups filled in.
  std::stable_sort(out.placements.begin(), out.placements.end(),
                   [&](const Placement& a, const Placement& b) {
                     if (a.teacher != b.teacher) return a.teacher < b.teacher;
                     return out.groups[static_cast<std::size_t>(a.group)].kind <
                            out.groups[static_cast<std::size_t>(b.group)].kind;
                   });
  std::stable_sort(out.unplaced.begin(), out.unplaced.end(),
                   [](const UnplacedTeacher& a, const UnplacedTeacher& b) {
                     return a.teacher != b.teacher ? a.teacher < b.teacher : a.kind < b.kind;
                   });
  return out;
}

Diagnostics check_group_capacity(const Policy& policy, const Ledger& ledger,
                                 std::string_view roster_name) {
  GroupAssignment assignment = assign_groups(policy, ledger);
  Diagnostics out = std::move(assignment.diagnostics);
  const auto kinds = policy.group_kinds();
  auto plural = [](std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  for (const PoolShortfall& shortfall : assignment.shortfalls) {
    const GroupKind& kind = kinds[static_cast<std::size_t>(shortfall.kind)];
    // With no current assignment every group of a short pool is full: its seats are its groups'
    // capacity (a kind without a capacity falls short only of a pool with no group at all).
    const auto groups = std::count_if(
        assignment.groups.begin(), assignment.groups.end(), [&](const AssignedGroup& group) {
          return group.kind == shortfall.kind && group.pool == shortfall.pool;
        });
    const std::string of_capacity =
        kind.capacity ? " of " + std::to_string(*kind.capacity) : std::string();
    std::string message = std::string(kind.clustered ? "cluster " : "pool ") +
                          detail::in_quotes(shortfall.pool) + " of " + detail::in_quotes(kind.id) +
                          " has " +
                          plural(shortfall.teachers, "eligible teacher", "eligible teachers") +
                          " in " + std::string(roster_name) + " but ";
    if (kind.capacity && *kind.capacity == 0) {
      message += "the kind's capacity is 0; all " + std::to_string(shortfall.missing_seats) +
                 " would be unplaced";
    } else if (groups == 0) {
      message += "no group; " + std::to_string(shortfall.missing_seats) + " would be unplaced (" +
                 plural(shortfall.groups_needed, "more group", "more groups") + of_capacity +
                 " needed)";
    } else {
      message += plural(kind.capacity.value_or(0) * groups, "seat", "seats") + " (" +
                 plural(groups, "group", "groups") + of_capacity + "); " +
                 std::to_string(shortfall.missing_seats) + " would be unplaced";
      // A cluster is its schools' one group: more groups would not seat them.
      if (!kind.clustered)
        message += " (" + plural(shortfall.groups_needed, "more group", "more groups") +
                   of_capacity + " needed)";
    }
    out.warning(policy.file_name(), kind.position.line, kind.position.path, std::move(message));
  }
  return out;
}

}  // namespace yanxiu
