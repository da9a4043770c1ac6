#pragma once

// The audit of the subjects that are not teachers (subject_rules.hpp): each group of teachers
// judged on its own records (group_records: a records file whose `group` column names the
// group), each school on the figures of schools.csv. Beside the teacher audit, never in it: a
// teacher is not judged for the group's duty.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/subject_rules.hpp>

namespace yanxiu {

/// One verdict about a group or a school.
struct SubjectRow {
  std::string subject_kind;  ///< the group kind's id ("research_group"), or "school"
  std::string subject_id;    ///< the group (the attribute's value) or the school
  std::string rule_id;
  std::string period;  ///< a period label as in the teacher audit; a school's: its year or "cycle"
  Date period_start;
  Date period_end;
  std::string required;  ///< as printed: a count, hours, or an amount of money to the cent
  std::string credited;
  std::string shortfall;
  Status status = Status::met;
};

/// The input files, as text with a name for messages; or as files (`*_path`, read when the text
/// is not given, named by their path).
struct SubjectInputs {
  std::optional<std::filesystem::path> group_records_path;
  std::optional<std::filesystem::path> schools_path;
  std::optional<std::string> group_records;
  std::string group_records_name = "group_records.csv";
  std::optional<std::string> schools;
  std::string schools_name = "schools.csv";
};

/// A group kind's audit: its groups as the teachers of a ledger of the kind's own policy.
struct GroupAudit {
  const GroupSubject* subject = nullptr;
  Audit audit;
  /// Each group's members (teacher ids, teachers.csv order), by the group's TeacherIndex.
  std::vector<std::vector<std::string>> members;
};

/// A school's figures as schools.csv gives them, in cents.
struct SchoolFigures {
  std::string school;
  std::string year;                 ///< empty: the file has no year column
  std::vector<std::int64_t> cents;  ///< by SubjectRules::figures
  int line = 0;
};

struct SubjectAudit {
  std::vector<SubjectRow> rows;  ///< group kinds in policy order, then the schools
  std::vector<GroupAudit> groups;
  std::vector<SchoolFigures> schools;
  /// Problems with rows of either file (each rejected row once, with its line).
  Diagnostics diagnostics;
  /// Every row of group_records, the invalid ones included.
  DispositionCounts group_record_counts;
  std::int64_t invalid_school_rows = 0;
};

/// Judges the policy's group and school rules. The groups are the distinct values of each kind's
/// attribute among the ledger's teachers; a record naming no such group is invalid. Throws
/// InputError when a file the rules need is absent or cannot be read (no `group` column, no
/// column of a figure a rule reads, a teachers file without the attribute).
SubjectAudit evaluate_subjects(const Policy& policy, const Ledger& teachers,
                               const SubjectInputs& inputs, const AuditOptions& options = {},
                               const InputLimits& limits = {});

/// The subject audit as CSV: subject_kind,subject_id,rule_id,period,period_start,period_end,
/// required,credited,shortfall,status.
std::string subject_audit_csv(const SubjectAudit& audit);

/// Every verdict about one group (`kind` empty: of any kind) or one school, with what it rests
/// on, as explain() tells a teacher's; nullopt when there is no such subject.
std::optional<std::string> explain_group(const SubjectAudit& audit, std::string_view group,
                                         const AuditOptions& options = {});
std::optional<std::string> explain_school(const Policy& policy, const SubjectAudit& audit,
                                          std::string_view school);

}  // namespace yanxiu
