// The capacity audit of an assignment, the leader assessment (S0.13), and the CSV writers.

#include <algorithm>
#include <map>
#include <ostream>

#include <yanxiu/groups.hpp>
#include <yanxiu/rubrics.hpp>

#include "groups/group_pools.hpp"

namespace yanxiu {

std::string_view to_string(GroupFinding finding) {
  switch (finding) {
    case GroupFinding::over_capacity:
      return "over_capacity";
    case GroupFinding::ineligible:
      return "ineligible";
    case GroupFinding::unassigned:
      return "unassigned";
    case GroupFinding::empty:
      return "empty";
    case GroupFinding::unknown:
      return "unknown";
    case GroupFinding::duplicate:
      return "duplicate";
  }
  return "?";
}

namespace {

constexpr int finding_count = 6;

/// A group as the assignment uses it: its members and the pool it serves.
struct UsedGroup {
  std::int64_t members = 0;
  std::string pool;  ///< declared groups: their pool; opened groups: their first member's
};

// An assignment checked against the policy's group kinds: findings kept by kind of finding, in
// the order they are found within each.
class AssignmentAudit {
 public:
  AssignmentAudit(const Policy& policy, const Ledger& ledger)
      : ledger_(ledger),
        kinds_(policy.group_kinds()),
        groups_(kinds_.size()),
        seated_(kinds_.size(), std::vector<bool>(ledger.teachers().size())) {
    for (const auto& kind : kinds_)
      pools_.emplace_back(policy, ledger, kind);
    for (std::size_t k = 0; k < kinds_.size(); ++k) {
      for (const auto& unit : kinds_[k].units)
        groups_[k][unit.id].pool = pools_[k].unit_pool(unit);
    }
  }

  /// A row of the assignment: its kind, teacher and group known, the teacher seated once, in a
  /// group of the teacher's pool.
  void check(const Membership& row) {
    const auto kind = std::find_if(kinds_.begin(), kinds_.end(),
                                   [&](const GroupKind& k) { return k.id == row.group_kind; });
    const std::string at = "line " + std::to_string(row.line) + ": ";
    if (kind == kinds_.end()) {
      report_row(GroupFinding::unknown, row, at + "the policy has no group kind " + row.group_kind);
      return;
    }
    const auto k = static_cast<std::size_t>(kind - kinds_.begin());
    const auto teacher = ledger_.find_teacher(row.teacher_id);
    if (!teacher) {
      report_row(GroupFinding::unknown, row, at + "no such teacher in the roster");
      return;
    }
    auto group = groups_[k].find(row.group_id);
    if (group == groups_[k].end()) {
      if (!kind->open()) {
        report_row(GroupFinding::unknown, row,
                   at + "kind " + kind->id + " has no group " + row.group_id);
        return;
      }
      group = groups_[k].emplace(row.group_id, UsedGroup{}).first;
    }
    const auto t = static_cast<std::size_t>(*teacher);
    if (seated_[k][t]) {
      report_row(GroupFinding::duplicate, row, at + "already in a group of kind " + kind->id);
      return;
    }
    seated_[k][t] = true;
    ++group->second.members;
    UnplacedReason reason{};
    std::string note;
    if (!pools_[k].eligible(*teacher)) {
      report_row(GroupFinding::ineligible, row, "kind " + kind->id + " does not admit the teacher");
      return;
    }
    const auto pool = pools_[k].pool(*teacher, reason, note);
    if (!pool) {
      report_row(GroupFinding::ineligible, row, note);
      return;
    }
    if (group->second.pool.empty()) group->second.pool = *pool;
    if (*pool != group->second.pool) {
      report_row(GroupFinding::ineligible, row,
                 std::string("the teacher's ") + (kind->clustered ? "cluster is " : "pool is ") +
                     *pool + "; the group's is " + group->second.pool);
    }
  }

  /// After every row: each kind's empty and overfull groups and the teachers it admits but no
  /// group of it seats.
  void check_kinds() {
    for (std::size_t k = 0; k < kinds_.size(); ++k) {
      const GroupKind& kind = kinds_[k];
      for (const auto& unit : kind.units) {
        const auto& group = groups_[k][unit.id];
        if (group.members == 0) report(GroupFinding::empty, kind.id, unit.id, "", group.pool);
      }
      for (const auto& [id, group] : groups_[k]) {
        if (kind.capacity && group.members > *kind.capacity) {
          report(GroupFinding::over_capacity, kind.id, id, "",
                 std::to_string(group.members) + " members, " + std::to_string(*kind.capacity) +
                     " seats");
        }
      }
      for (std::size_t t = 0; t < ledger_.teachers().size(); ++t) {
        const auto teacher = static_cast<TeacherIndex>(t);
        if (seated_[k][t] || !pools_[k].eligible(teacher)) continue;
        UnplacedReason reason{};
        std::string note;
        const auto pool = pools_[k].pool(teacher, reason, note);
        report(GroupFinding::unassigned, kind.id, "", std::string(ledger_.teachers().id[t]),
               pool ? *pool : note);
      }
    }
  }

  /// The findings, by kind of finding.
  std::vector<GroupAuditRow> rows() {
    std::vector<GroupAuditRow> rows;
    for (auto& finding : by_finding_)
      rows.insert(rows.end(), finding.begin(), finding.end());
    return rows;
  }

 private:
  void report(GroupFinding finding, std::string kind, std::string group, std::string teacher,
              std::string detail) {
    by_finding_[static_cast<int>(finding)].push_back(
        {finding, std::move(kind), std::move(group), std::move(teacher), std::move(detail)});
  }
  void report_row(GroupFinding finding, const Membership& row, std::string detail) {
    report(finding, row.group_kind, row.group_id, row.teacher_id, std::move(detail));
  }

  const Ledger& ledger_;
  const std::span<const GroupKind> kinds_;
  std::vector<detail::KindPools> pools_;
  std::vector<std::map<std::string, UsedGroup>> groups_;
  std::vector<std::vector<bool>> seated_;  ///< per kind, the teachers in a group of it
  std::vector<GroupAuditRow> by_finding_[finding_count];
};

}  // namespace

std::vector<GroupAuditRow> audit_groups(const Policy& policy, const Ledger& ledger,
                                        std::span<const Membership> memberships) {
  AssignmentAudit audit(policy, ledger);
  for (const Membership& row : memberships)
    audit.check(row);
  audit.check_kinds();
  return audit.rows();
}

// --- leader assessment -----------------------------------------------------------------------

namespace {

/// Half up to the whole hundredth: `amount` hundredths shared by `count`.
std::int64_t average(std::int64_t amount, std::int64_t count) {
  return count == 0 ? 0 : (2 * amount + count) / (2 * count);
}

/// What one teacher brings to a group.
struct MemberFigures {
  bool compliant = true;
  bool participating = false;  ///< a credited record (参学)
  bool researching = false;    ///< a credited record of an activity (参研)
  std::int64_t hours = 0;
  std::vector<std::int64_t> category_hours;
  std::int64_t outcomes = 0;
  std::int64_t activities = 0;
};

}  // namespace

std::vector<GroupMetric> assess_groups(const Audit& audit,
                                       std::span<const Membership> memberships) {
  const Policy& policy = audit.policy();
  const Ledger& ledger = audit.ledger();
  const auto categories = policy.categories().size();
  std::vector<MemberFigures> figures(ledger.teachers().size());
  for (auto& member : figures)
    member.category_hours.assign(categories, 0);
  const AuditColumns& rows = audit.columns();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows.status[r] == Status::short_)
      figures[static_cast<std::size_t>(rows.teacher[r])].compliant = false;
  }
  // Hours of credited records as recorded, by category (a split course by its portions);
  // outcomes and activities as the items their credited records count.
  const RecordColumns& records = ledger.records();
  const auto dispositions = audit.dispositions();
  for (std::size_t r = 0; r < records.size(); ++r) {
    if (dispositions[r] != Disposition::credited) continue;
    MemberFigures& member = figures[static_cast<std::size_t>(records.teacher[r])];
    if (records.split_count[r] > 0) {
      const auto first = static_cast<std::size_t>(records.split_first[r]);
      for (std::size_t p = first; p < first + static_cast<std::size_t>(records.split_count[r]); ++p)
        member.category_hours[records.split_category[p]] += records.split_hours[p];
    } else {
      member.category_hours[records.category[r]] += records.hours[r];
    }
    member.hours += records.hours[r];
    member.participating = true;
    member.researching = member.researching || records.activity.ids[r] >= 0;
    if (records.outcome.ids[r] >= 0) member.outcomes += records.count[r];
    if (records.activity.ids[r] >= 0) member.activities += records.count[r];
  }

  struct GroupTotals {
    std::string kind, id;
    std::int64_t members = 0, compliant = 0, participating = 0, researching = 0, hours = 0,
                 outcomes = 0, activities = 0;
    std::vector<std::int64_t> category_hours;
  };
  std::vector<GroupTotals> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  std::map<std::pair<std::string, TeacherIndex>, bool> counted;  // (kind, teacher): one group each
  for (const Membership& row : memberships) {
    const auto teacher = ledger.find_teacher(row.teacher_id);
    if (!teacher || !policy.find_group_kind(row.group_kind)) continue;
    if (!counted.emplace(std::make_pair(row.group_kind, *teacher), true).second) continue;
    const auto [found, added] =
        index.emplace(std::make_pair(row.group_kind, row.group_id), groups.size());
    if (added) {
      groups.emplace_back();
      groups.back().kind = row.group_kind;
      groups.back().id = row.group_id;
      groups.back().category_hours.assign(categories, 0);
    }
    GroupTotals& group = groups[found->second];
    const MemberFigures& member = figures[static_cast<std::size_t>(*teacher)];
    ++group.members;
    group.compliant += member.compliant ? 1 : 0;
    group.participating += member.participating ? 1 : 0;
    group.researching += member.researching ? 1 : 0;
    group.hours += member.hours;
    group.outcomes += member.outcomes;
    group.activities += member.activities;
    for (std::size_t c = 0; c < categories; ++c)
      group.category_hours[c] += member.category_hours[c];
  }

  std::vector<GroupMetric> metrics;
  for (const auto& group : groups) {
    auto add = [&](std::string metric, std::int64_t value) {
      metrics.push_back({group.kind, group.id, std::move(metric), value});
    };
    add("members", group.members * 100);
    add("compliant", group.compliant * 100);
    add("compliant_percent", average(group.compliant * 10000, group.members));
    add("members_participating", group.participating * 100);
    add("members_researching", group.researching * 100);
    add("hours", group.hours);
    add("hours_per_member", average(group.hours, group.members));
    for (std::size_t c = 0; c < categories; ++c)
      add("hours." + policy.categories()[c].id, group.category_hours[c]);
    add("outcomes", group.outcomes * 100);
    add("outcomes_per_member", average(group.outcomes * 100, group.members));
    add("activities", group.activities * 100);
    add("activities_per_member", average(group.activities * 100, group.members));
  }
  return metrics;
}

// --- writers ---------------------------------------------------------------------------------

namespace {

/// A CSV cell, quoted when it holds a comma, a quote or a line break.
std::string cell(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

void write_assignment_csv(std::ostream& out, const Policy& policy, const Ledger& ledger,
                          const GroupAssignment& assignment) {
  out << "teacher_id,group_kind,group_id\n";
  for (const auto& placement : assignment.placements) {
    const auto& group = assignment.groups[static_cast<std::size_t>(placement.group)];
    out << cell(ledger.teachers().id[static_cast<std::size_t>(placement.teacher)]) << ','
        << cell(policy.group_kinds()[static_cast<std::size_t>(group.kind)].id) << ','
        << cell(group.id) << '\n';
  }
}

void write_unplaced_csv(std::ostream& out, const Policy& policy, const Ledger& ledger,
                        const GroupAssignment& assignment) {
  out << "teacher_id,group_kind,reason,note\n";
  for (const auto& unplaced : assignment.unplaced) {
    out << cell(ledger.teachers().id[static_cast<std::size_t>(unplaced.teacher)]) << ','
        << (unplaced.kind < 0
                ? std::string()
                : cell(policy.group_kinds()[static_cast<std::size_t>(unplaced.kind)].id))
        << ',' << to_string(unplaced.reason) << ',' << cell(unplaced.note) << '\n';
  }
}

void write_shortfalls_csv(std::ostream& out, const Policy& policy,
                          const GroupAssignment& assignment) {
  out << "group_kind,pool,teachers,placed,missing_seats,groups_needed\n";
  for (const auto& shortfall : assignment.shortfalls) {
    out << cell(policy.group_kinds()[static_cast<std::size_t>(shortfall.kind)].id) << ','
        << cell(shortfall.pool) << ',' << shortfall.teachers << ',' << shortfall.placed << ','
        << shortfall.missing_seats << ',' << shortfall.groups_needed << '\n';
  }
}

void write_group_audit_csv(std::ostream& out, std::span<const GroupAuditRow> rows) {
  out << "finding,group_kind,group_id,teacher_id,detail\n";
  for (const auto& row : rows) {
    out << to_string(row.finding) << ',' << cell(row.group_kind) << ',' << cell(row.group_id) << ','
        << cell(row.teacher_id) << ',' << cell(row.detail) << '\n';
  }
}

void write_group_metrics_csv(std::ostream& out, std::span<const GroupMetric> metrics) {
  out << "subject_id,metric,value\n";
  for (const auto& metric : metrics) {
    out << cell(metric.group_id) << ',' << cell(metric.metric) << ','
        << format_hundredths(metric.value) << '\n';
  }
}

}  // namespace yanxiu
