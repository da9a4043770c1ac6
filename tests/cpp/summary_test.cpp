#include <gtest/gtest.h>

#include <yanxiu/summary.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

TEST(Summary, CountsVerdictsAndCompliantTeachers) {
  const Policy policy = testing::dali_policy();
  // T1 meets 2017-2018/1 exactly (S0.3, S0.4); T2 has nothing; T3 joins after the first year.
  const Ledger ledger =
      testing::make_ledger(policy, "id,join_date\nT1,\nT2,\nT3,2018-09-01\n",
                           "id,teacher_id,date,hours,category\n"
                           "R1,T1,2017-10-01,12,school\nR2,T1,2017-10-02,8,workshop\n"
                           "R3,T1,2017-10-03,4,self\nR4,T1,2018-01-10,6,holiday\n");
  const Audit audit = evaluate(policy, ledger);
  const AuditSummary summary = summarize(audit, 3);
  EXPECT_EQ(summary.teachers, 3);
  ASSERT_EQ(summary.rules.size(), 9u);  // 5 rules, 4 parts
  EXPECT_EQ(summary.rules[2].rule_id, "semester-total");
  // semester-total: 30 verdicts; T1 met one, T3 did not serve two.
  EXPECT_EQ(summary.rules[2].statuses[static_cast<int>(Status::met)], 1);
  EXPECT_EQ(summary.rules[2].statuses[static_cast<int>(Status::not_applicable)], 2);
  EXPECT_EQ(summary.rules[2].statuses[static_cast<int>(Status::short_)], 27);
  EXPECT_EQ(summary.rules[4].rule_id, "semester-offline/school");

  ASSERT_EQ(summary.periods.front().label, "2017-2018/1");
  EXPECT_EQ(summary.periods.front().teachers, 2);
  EXPECT_EQ(summary.periods.front().compliant, 1);
  EXPECT_EQ(summary.periods[2].label, "2017-2018");
  EXPECT_EQ(summary.periods.back().label, "cycle");
  EXPECT_EQ(summary.periods.back().teachers, 3);

  ASSERT_EQ(summary.largest_shortfalls.size(), 3u);
  // The largest: T2's whole cycle, 300 hours short.
  const AuditRow worst = audit.row(summary.largest_shortfalls[0]);
  EXPECT_EQ(worst.shortfall(), Hours::whole(300));
  EXPECT_EQ(audit.ledger().teachers().id[static_cast<std::size_t>(worst.teacher)], "T2");
}

TEST(Summary, AConflictIsNotCompliance) {
  // S0.9: a star project or a small research topic, exactly one; both is a conflict.
  const Policy policy = parse_policy(R"({
    "format": "yanxiu-policy/1", "id": "choice-only",
    "calendar": {"cycle": {"start": "2017-09-01", "years": 5},
                 "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
    "categories": [{"id": "school"}],
    "rules": [{"id": "creation-or-topic", "kind": "choice", "period": "cycle",
               "exactly_one": ["star_project", "research_topic"]}]
  })",
                                     "choice-only.json");
  const Ledger ledger = testing::make_ledger(policy, "id\nONE\nBOTH\n",
                                             "id,teacher_id,date,hours,category,activity\n"
                                             "X1,ONE,2018-03-01,,school,star_project\n"
                                             "X2,BOTH,2018-03-01,,school,star_project\n"
                                             "X3,BOTH,2019-03-01,,school,research_topic\n");
  const AuditSummary summary = summarize(evaluate(policy, ledger));
  ASSERT_EQ(summary.rules.size(), 1u);
  EXPECT_EQ(summary.rules[0].statuses[static_cast<int>(Status::met)], 1);
  EXPECT_EQ(summary.rules[0].statuses[static_cast<int>(Status::conflict)], 1);
  ASSERT_EQ(summary.periods.size(), 1u);
  EXPECT_EQ(summary.periods[0].teachers, 2);
  EXPECT_EQ(summary.periods[0].compliant, 1);
}

}  // namespace
}  // namespace yanxiu
