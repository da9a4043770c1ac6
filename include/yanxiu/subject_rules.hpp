#pragma once

// Rules whose subject is not a teacher (policy `subjects`, a rule's `subject`): the duties of
// teaching-research groups ("每个教研组在本学期进行不少于4次的教研活动") and of schools
// ("将中小学校 年度公用经费预算总额的5%用于教师培训"). The model the policy loader fills and the
// subject audit (subjects.hpp) reads. A policy without subjects has none of these, and its teacher
// audit is the same as before they existed.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <yanxiu/diagnostics.hpp>
#include <yanxiu/rules.hpp>

namespace yanxiu {

class Policy;

/// A kind of group (`subjects.groups`): teachers with the same value of a teacher attribute
/// (`by`, a column of teachers.csv the policy declares in `attributes`) form one group, named
/// by that value. Its rules are ordinary quota or count rules over the group's own records.
struct GroupSubject {
  std::string id;     ///< what a rule's `subject` names ("research_group")
  std::string label;  ///< 教研组
  std::string by;     ///< the teacher attribute whose value names a teacher's group
  std::vector<Rule> rules;
  SourcePosition position;
};

/// A figure schools.csv gives of each school (`subjects.school.figures`): an amount of money,
/// exact to the cent.
struct SchoolFigure {
  std::string id;     ///< the column of schools.csv ("public_budget")
  std::string label;  ///< 年度公用经费预算总额; also accepted as the column's name
  SourcePosition position;
};

/// A school rule (`"subject": "school"`, `"kind": "share"`): figure >= percent % of `of`.
struct ShareRule {
  std::string id;
  std::string label;
  std::string source;
  int figure = 0;                ///< index into SubjectRules::figures
  int of = 0;                    ///< index into SubjectRules::figures
  std::int64_t min_percent = 0;  ///< hundredths of a percent: 5 % is 500
  SourcePosition position;
};

/// Every rule of a policy whose subject is not a teacher.
struct SubjectRules {
  std::vector<GroupSubject> groups;
  std::vector<SchoolFigure> figures;
  std::vector<ShareRule> school_rules;
  /// One policy per group subject, of its rules alone (rules() are GroupSubject::rules), the
  /// calendar and categories the policy's: a group is judged as a teacher of it would be.
  std::vector<std::shared_ptr<const Policy>> group_policies;

  bool empty() const { return groups.empty() && school_rules.empty(); }
  std::size_t group_rule_count() const;
};

/// The policy's rules of groups and schools; Policy::rules() holds the teachers' alone.
const SubjectRules& subject_rules(const Policy& policy);

}  // namespace yanxiu
