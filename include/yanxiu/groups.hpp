#pragma once

// Groups (S0.10–S0.13, S1.2–S1.4): capacity-bound subject workshops, high-school quality groups,
// campus areas and Pucheng's school clusters. A group kind is data in the policy (`groups`); the
// engine places a roster's teachers into groups of each kind (assign_groups), checks an existing
// assignment (audit_groups) and sums up each group's members for its leader's assessment
// (assess_groups).
//
// Not to be confused with category groups (`"@offline"`, categories.hpp), which name sets of
// categories inside rules.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/group_rules.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

// --- Memberships (the assignment as rows) ----------------------------------------------------

/// One row of an assignment: `teacher_id,group_kind,group_id`, where it was read.
struct Membership {
  std::string teacher_id;
  std::string group_kind;
  std::string group_id;
  int line = 0;
};

/// Reads `teacher_id,group_kind,group_id` (the shape `yanxiu groups assign` writes). Throws
/// InputError when the file cannot be read or lacks a column; a row with an empty cell becomes a
/// diagnostic. `encoding` as for InputLimits::csv_encoding.
std::vector<Membership> read_memberships(const std::filesystem::path& path,
                                         Diagnostics& diagnostics,
                                         CsvEncoding encoding = CsvEncoding::utf8);
std::vector<Membership> read_memberships_text(std::string_view csv, std::string_view name,
                                              Diagnostics& diagnostics,
                                              CsvEncoding encoding = CsvEncoding::utf8);

// --- Assignment ------------------------------------------------------------------------------

/// A group as an assignment knows it: one the policy declares, or one opened for a pool.
struct AssignedGroup {
  std::int32_t kind = 0;   ///< index into Policy::group_kinds()
  std::int32_t unit = -1;  ///< index into the kind's units; -1 for an opened group
  std::string id;
  std::string pool;  ///< "stage=primary;subject=math"; a cluster's centre school
  std::int64_t members = 0;
};

struct Placement {
  TeacherIndex teacher = 0;
  std::int32_t group = 0;  ///< index into GroupAssignment::groups
  bool kept = false;       ///< from the current assignment
};

/// Why an eligible teacher has no group of a kind. Only ever appended to.
enum class UnplacedReason : std::uint8_t {
  no_kind,        ///< no group kind admits the teacher
  missing_value,  ///< the teacher lacks an attribute the kind groups by (or a school)
  no_group,       ///< the kind has no group for the teacher's pool or school
  over_capacity,  ///< every group of the pool is full
};
std::string_view to_string(UnplacedReason reason);

struct UnplacedTeacher {
  TeacherIndex teacher = 0;
  std::int32_t kind = -1;  ///< -1 with no_kind
  UnplacedReason reason = UnplacedReason::no_kind;
  std::string note;
};

/// A pool whose teachers did not all get a seat: how many seats, and groups of the kind's
/// capacity, would seat the rest.
struct PoolShortfall {
  std::int32_t kind = 0;
  std::string pool;
  std::int64_t teachers = 0;
  std::int64_t placed = 0;
  std::int64_t missing_seats = 0;  ///< the teachers left unplaced
  std::int64_t groups_needed = 0;
};

struct GroupAssignment {
  /// Per kind in policy order: its declared groups in order, then those opened, pool by pool.
  std::vector<AssignedGroup> groups;
  std::vector<Placement> placements;  ///< by teacher (input order), then kind
  std::vector<UnplacedTeacher> unplaced;
  std::vector<PoolShortfall> shortfalls;
  /// Current memberships not kept (unknown teacher or group, no longer eligible), and kinds
  /// no teacher of the roster can join.
  Diagnostics diagnostics;
};

/// Places every eligible teacher of `ledger` in one group of each kind that admits them, within
/// capacity. Members of `current` stay where they are while still eligible and seated (so
/// adding teachers moves no one); the rest are placed by pool: each school's teachers as one
/// block, largest blocks first (ties by school name), each into the group with the most free
/// seats that holds it whole, else split over the groups with free seats. Nothing depends on
/// hash order or threads. `current_name` names the memberships' file in messages.
GroupAssignment assign_groups(const Policy& policy, const Ledger& ledger,
                              std::span<const Membership> current = {},
                              std::string_view current_name = "assignment");

/// The policy's group kinds against a roster (`yanxiu check POLICY --teachers ROSTER`): the
/// warnings of a fresh assignment (assign_groups with no current one) that concern the policy,
/// each at the group kind's line: a pool with more eligible teachers than its groups seat (the
/// teachers, the seats, how many would be unplaced and the groups missing), and a kind whose
/// eligibility no teacher of the roster meets. `roster_name` names the roster in messages.
Diagnostics check_group_capacity(const Policy& policy, const Ledger& ledger,
                                 std::string_view roster_name);

// --- Capacity audit --------------------------------------------------------------------------

/// What is wrong with an existing assignment. Only ever appended to.
enum class GroupFinding : std::uint8_t {
  over_capacity,  ///< a group holds more members than seats
  ineligible,     ///< a member the kind does not admit, or of another pool or school
  unassigned,     ///< an eligible teacher in no group of the kind
  empty,          ///< a declared group without members
  unknown,        ///< a row naming a teacher, kind or group that does not exist
  duplicate,      ///< a teacher in a second group of the same kind
};
std::string_view to_string(GroupFinding finding);

struct GroupAuditRow {
  GroupFinding finding = GroupFinding::over_capacity;
  std::string group_kind;
  std::string group_id;
  std::string teacher_id;
  std::string detail;
};

/// Checks an assignment against the policy's group kinds and the roster; rows come grouped by
/// finding as the enum orders them, each in input order.
std::vector<GroupAuditRow> audit_groups(const Policy& policy, const Ledger& ledger,
                                        std::span<const Membership> memberships);

// --- Leader assessment (S0.13) ---------------------------------------------------------------

/// One figure of one group, in the shape a rubric's metrics file takes (`subject_id,metric,
/// value`): members, compliant, compliant_percent, members_participating (with a credited
/// record: 参学), members_researching (with a credited activity record: 参研), hours,
/// hours_per_member, hours.<category>, outcomes, outcomes_per_member, activities,
/// activities_per_member — the names Dali's leader-assessment rubric reads. Values are
/// hundredths; averages and the percentage are rounded half up to the hundredth.
struct GroupMetric {
  std::string group_kind;
  std::string group_id;
  std::string metric;
  std::int64_t value = 0;
};

/// Aggregates each group's members (from `memberships`) over the audit: credited hours by
/// category, outcome items and activities of credited records, and how many members meet every
/// rule (no `short` row). Groups in order of first appearance in `memberships`.
std::vector<GroupMetric> assess_groups(const Audit& audit, std::span<const Membership> memberships);

// --- Writers ---------------------------------------------------------------------------------

/// `teacher_id,group_kind,group_id`, one row per placement.
void write_assignment_csv(std::ostream& out, const Policy& policy, const Ledger& ledger,
                          const GroupAssignment& assignment);
/// `teacher_id,group_kind,reason,note`.
void write_unplaced_csv(std::ostream& out, const Policy& policy, const Ledger& ledger,
                        const GroupAssignment& assignment);
/// `group_kind,pool,teachers,placed,missing_seats,groups_needed`.
void write_shortfalls_csv(std::ostream& out, const Policy& policy,
                          const GroupAssignment& assignment);
/// `finding,group_kind,group_id,teacher_id,detail`.
void write_group_audit_csv(std::ostream& out, std::span<const GroupAuditRow> rows);
/// `subject_id,metric,value`, the rubric metrics file: a group id names one group (ids are
/// unique across kinds), and `yanxiu score --metrics` reads it as it is.
void write_group_metrics_csv(std::ostream& out, std::span<const GroupMetric> metrics);

}  // namespace yanxiu
