// Rules whose subject is a group of teachers or a school (subject_rules.hpp, subjects.hpp).

#include <gtest/gtest.h>

#include <yanxiu/subjects.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::source_path;

// Line numbers below count from the first line of this text.
const std::string subjects_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "subjects",
  "calendar": {"cycle": {"start": "2020-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
  "categories": [{"id": "teaching"}],
  "attributes": [{"id": "research_group", "label": "教研组"}],
  "subjects": {
    "groups": [{"id": "research_group", "label": "教研组", "by": "research_group"}],
    "school": {"figures": [{"id": "public_budget", "label": "公用经费预算"},
                           {"id": "training_spend", "label": "培训经费"}]}
  },
  "rules": [
    {"id": "hours", "period": "semester", "min": 10},
    {"id": "activities", "subject": "research_group", "kind": "count", "period": "semester",
     "activity": "research_activity", "min": 4},
    {"id": "funds", "subject": "school", "kind": "share", "figure": "training_spend",
     "of": "public_budget", "min_percent": 5}
  ]
})";

const std::string teachers = "id,research_group\nT1,语文组\nT2,语文组\nT3,数学组\nT4,\n";

TEST(SubjectRules, GroupAndSchoolRulesAreNotTeacherRules) {
  const Policy policy = parse_policy(subjects_policy);
  ASSERT_EQ(policy.rules().size(), 1u);
  EXPECT_EQ(policy.rules()[0].id, "hours");
  const SubjectRules& subjects = subject_rules(policy);
  ASSERT_EQ(subjects.groups.size(), 1u);
  ASSERT_EQ(subjects.groups[0].rules.size(), 1u);
  EXPECT_EQ(subjects.groups[0].rules[0].id, "activities");
  ASSERT_EQ(subjects.school_rules.size(), 1u);
  EXPECT_EQ(subjects.school_rules[0].min_percent, 500);
  // The teacher audit: the hours rule for each teacher, nothing of the group's duty.
  const Ledger ledger =
      testing::make_ledger(policy, teachers,
                           "id,teacher_id,date,hours,category,activity\nR1,T1,2020-10-01,,teaching,"
                           "research_activity\n");
  const Audit audit = evaluate(policy, ledger);
  for (std::size_t i = 0; i < audit.size(); ++i)
    EXPECT_EQ(audit.rule_id(audit.row(i)), "hours");
}

TEST(SubjectRules, MistakesAtTheirLine) {
  // The group kind's attribute is not declared (line 9).
  testing::expect_load_error(
      testing::replaced(subjects_policy, R"("by": "research_group")", R"("by": "reserch_group")"),
      9, "subjects.groups[0].by",
      "unknown attribute \"reserch_group\"; did you mean \"research_group\"?");
  // A school rule reads a figure the policy does not declare (line 17).
  testing::expect_load_error(testing::replaced(subjects_policy, R"("figure": "training_spend")",
                                               R"("figure": "training_spent")"),
                             17, "rules[2].figure", "unknown school figure \"training_spent\"");
  // A rule names a subject nobody declared (line 15).
  testing::expect_load_error(testing::replaced(subjects_policy, R"("subject": "research_group")",
                                               R"("subject": "reserch_group")"),
                             15, "rules[1].subject",
                             "unknown subject \"reserch_group\"; did you mean \"research_group\"?");
  // A group has no age: applies_to is refused on a group rule.
  testing::expect_load_error(
      testing::replaced(
          subjects_policy, R"("activity": "research_activity", "min": 4})",
          R"("activity": "research_activity", "min": 4, "applies_to": {"age": {"lt": 50}}})"),
      16, "rules[1].applies_to", "a group rule has no \"applies_to\"");
}

SubjectAudit judge(const Policy& policy, std::optional<std::string> group_records,
                   std::optional<std::string> schools) {
  const Ledger ledger =
      testing::make_ledger(policy, teachers, "id,teacher_id,date,hours,category\n");
  SubjectInputs inputs;
  inputs.group_records = std::move(group_records);
  inputs.schools = std::move(schools);
  return evaluate_subjects(policy, ledger, inputs);
}

const SubjectRow* find(const SubjectAudit& audit, std::string_view subject,
                       std::string_view period) {
  for (const SubjectRow& row : audit.rows)
    if (row.subject_id == subject && row.period == period) return &row;
  return nullptr;
}

TEST(SubjectAudit, AGroupWithThreeActivitiesIsShortAndOneWithFourMet) {
  const Policy policy = parse_policy(subjects_policy);
  const SubjectAudit audit =
      judge(policy,
            "id,group,date,activity\n"
            "A1,语文组,2020-09-20,research_activity\nA2,语文组,2020-10-20,research_activity\n"
            "A3,语文组,2020-11-20,research_activity\nA4,语文组,2020-12-20,research_activity\n"
            "B1,数学组,2020-09-20,research_activity\nB2,数学组,2020-10-20,research_activity\n"
            "B3,数学组,2020-11-20,research_activity\nX1,英语组,2020-11-20,research_activity\n",
            "school,public_budget,training_spend\nS1,1000000,50000\n");
  const SubjectRow* chinese = find(audit, "语文组", "2020-2021/1");
  const SubjectRow* maths = find(audit, "数学组", "2020-2021/1");
  ASSERT_TRUE(chinese && maths);
  EXPECT_EQ(chinese->subject_kind, "research_group");
  EXPECT_EQ(chinese->credited, "4");
  EXPECT_EQ(chinese->status, Status::met);
  EXPECT_EQ(maths->credited, "3");
  EXPECT_EQ(maths->shortfall, "1");
  EXPECT_EQ(maths->status, Status::short_);
  // 8 rows: 7 credited, the 英语组 one invalid at line 9 (no teacher is in that group).
  EXPECT_EQ(audit.group_record_counts[Disposition::credited], 7);
  EXPECT_EQ(audit.group_record_counts[Disposition::invalid], 1);
  ASSERT_EQ(audit.diagnostics.items().size(), 1u);
  EXPECT_EQ(to_string(audit.diagnostics.items()[0]),
            "group_records.csv:9: error: group: unknown group \"英语组\" (no teacher in the "
            "teachers file belongs to it)");
  const auto text = explain_group(audit, "数学组");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Group 数学组 · 教研组 (teachers whose research_group is 数学组): T3"),
            std::string::npos)
      << *text;
  EXPECT_FALSE(explain_group(audit, "英语组"));
}

TEST(SubjectAudit, TheShareIsExactToTheCent) {
  const Policy policy = parse_policy(subjects_policy);
  // 5 % of 1234567.89 is 61728.3945: 61728.39 is short by the rounded-up cent, 61728.40 met;
  // 5 % of 1000000.00 is exactly 50000.00, met; 49999.99 short by 0.01.
  const SubjectAudit audit =
      judge(policy, "id,group,date,activity\n",
            "学校,公用经费预算,培训经费\nS1,1234567.89,61728.39\n"
            "S2,1234567.89,61728.40\nS3,1000000,50000\nS4,1000000.00,49999.99\n"
            "S5,100,5.001\nS1,1,1\n");
  ASSERT_EQ(audit.schools.size(), 4u);
  const SubjectRow* s1 = find(audit, "S1", "cycle");
  const SubjectRow* s2 = find(audit, "S2", "cycle");
  const SubjectRow* s3 = find(audit, "S3", "cycle");
  const SubjectRow* s4 = find(audit, "S4", "cycle");
  ASSERT_TRUE(s1 && s2 && s3 && s4);
  EXPECT_EQ(s1->required, "61728.40");
  EXPECT_EQ(s1->status, Status::short_);
  EXPECT_EQ(s1->shortfall, "0.01");
  EXPECT_EQ(s2->status, Status::met);
  EXPECT_EQ(s3->required, "50000.00");
  EXPECT_EQ(s3->status, Status::met);
  EXPECT_EQ(s4->status, Status::short_);
  EXPECT_EQ(s4->shortfall, "0.01");
  // Three decimals and a school given twice: each refused at its line.
  EXPECT_EQ(audit.invalid_school_rows, 2);
  ASSERT_EQ(audit.diagnostics.items().size(), 2u);
  EXPECT_EQ(audit.diagnostics.items()[0].line, 6);
  EXPECT_EQ(audit.diagnostics.items()[0].path, "training_spend");
  EXPECT_EQ(audit.diagnostics.items()[1].line, 7);
}

// Spreadsheets export "CSV" with tabs or semicolons; the reader says so and reads them as it
// reads a records file (the group's activities: 2 met rows of 4 would be 1 column without it).
TEST(SubjectAudit, TabAndSemicolonFilesAreReadLikeCommaOnes) {
  const Policy policy = parse_policy(subjects_policy);
  const SubjectAudit audit = judge(
      policy,
      "id\tgroup\tdate\tactivity\n"
      "A1\t语文组\t2020-09-20\tresearch_activity\nA2\t语文组\t2020-10-20\tresearch_activity\n"
      "A3\t语文组\t2020-11-20\tresearch_activity\nA4\t语文组\t2020-12-20\tresearch_activity\n",
      "school;public_budget;training_spend\nS1;1000000;50000\n");
  const SubjectRow* chinese = find(audit, "语文组", "2020-2021/1");
  const SubjectRow* school = find(audit, "S1", "cycle");
  ASSERT_TRUE(chinese && school);
  EXPECT_EQ(chinese->credited, "4");
  EXPECT_EQ(chinese->status, Status::met);
  EXPECT_EQ(school->required, "50000.00");
  EXPECT_EQ(school->status, Status::met);
  EXPECT_EQ(audit.group_record_counts[Disposition::credited], 4);
}

TEST(SubjectAudit, MissingInputsAndColumnsAreErrors) {
  const Policy policy = parse_policy(subjects_policy);
  EXPECT_THROW(judge(policy, std::nullopt, "school,public_budget,training_spend\n"), InputError);
  EXPECT_THROW(judge(policy, "id,group,date,activity\n", std::nullopt), InputError);
  try {
    judge(policy, "id,group,date,activity\n", "school,budget,training_spend\n");
    ADD_FAILURE() << "no error for a missing figure column";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("no column \"public_budget\" (公用经费预算)"),
              std::string::npos)
        << error.what();
  }
}

TEST(SubjectRules, ShippedPolicies) {
  // S4.3: the research activities are the research group's, no teacher's.
  const Policy observation = load_policy(source_path("examples/policies/school-observation.json"));
  EXPECT_FALSE(observation.find_rule("research-activities"));
  EXPECT_EQ(subject_rules(observation).group_rule_count(), 1u);
  // S0.17: Dali's school spends 5 % of its public budget on training.
  const Policy dali = testing::dali_policy();
  ASSERT_EQ(subject_rules(dali).school_rules.size(), 1u);
  EXPECT_EQ(subject_rules(dali).school_rules[0].id, "training-funds");
  EXPECT_EQ(subject_rules(dali).school_rules[0].min_percent, 500);
}

}  // namespace
}  // namespace yanxiu
