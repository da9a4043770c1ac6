#include <algorithm>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include <yanxiu/groups.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::read_source;
using testing::replaced;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// The 1-based line of `text` on which `needle` starts.
int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

/// The load errors of a policy text, as "LINE: PATH: message".
std::vector<std::string> load_errors(const std::string& json) {
  try {
    parse_policy(json, "p.json");
  } catch (const PolicyError& error) {
    std::vector<std::string> out;
    for (const auto& d : error.diagnostics())
      out.push_back(std::to_string(d.line) + ": " + d.path + ": " + d.message);
    return out;
  }
  return {};
}

// Two workshops of 100 seats for primary maths, one of 2 for music, and clusters.
const std::string small_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "g",
  "calendar": {"cycle": {"start": "2020-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}]},
  "categories": [{"id": "school", "groups": ["offline"]}, {"id": "online"}],
  "rules": [{"id": "year", "kind": "quota", "period": "academic_year", "min": 10}],
  "conversions": [{"id": "paper", "outcome": "paper", "hours": 2, "category": "school"}],
  "groups": [
    {"id": "workshop", "eligible": {"stage": {"in": ["primary", "junior"]}},
     "capacity": 100, "by": ["stage", "subject"],
     "units": [{"id": "math-1", "for": {"stage": "primary", "subject": "math"}},
               {"id": "math-2", "for": {"stage": "primary", "subject": "math"}},
               {"id": "music", "for": {"subject": "music", "stage": "primary"}}]},
    {"id": "cluster", "eligible": {"stage": "junior"}, "capacity": "none",
     "cluster_size": {"min": 2, "max": 4},
     "clusters": [{"centre": "A", "neighbours": ["B", "C"]},
                  {"id": "d-area", "centre": "D", "neighbours": ["E"]}]}
  ]
})";

const std::string no_records = "id,teacher_id,date,hours,category\n";

/// `count` teachers "PREFIX1".. of one school, stage and subject, as CSV rows.
std::string teachers(const std::string& prefix, int count, const std::string& school,
                     const std::string& stage, const std::string& subject) {
  std::string rows;
  for (int i = 1; i <= count; ++i)
    rows += prefix + std::to_string(i) + "," + school + "," + stage + "," + subject + "\n";
  return rows;
}

const std::string roster_header = "id,school,stage,subject\n";

std::map<std::string, std::int64_t> members_by_group(const GroupAssignment& assignment) {
  std::map<std::string, std::int64_t> members;
  for (const auto& placement : assignment.placements)
    ++members[assignment.groups[static_cast<std::size_t>(placement.group)].id];
  return members;
}

std::string assignment_csv(const Policy& policy, const Ledger& ledger,
                           const GroupAssignment& assignment) {
  std::ostringstream out;
  write_assignment_csv(out, policy, ledger, assignment);
  return out.str();
}

// --- loading ---------------------------------------------------------------------------------

TEST(GroupsLoad, KindsApartFromCategoryGroups) {
  const Policy policy = parse_policy(small_policy);
  ASSERT_EQ(policy.group_kinds().size(), 2u);
  EXPECT_EQ(policy.category_groups().size(), 1u);  // "offline", from categories[0].groups
  const GroupKind& workshop = policy.group_kinds()[0];
  EXPECT_EQ(workshop.capacity, 100);
  EXPECT_THAT(workshop.by, ElementsAre("stage", "subject"));
  EXPECT_THAT(workshop.units[2].pool, ElementsAre("primary", "music"));  // in `by` order
  const GroupKind& cluster = policy.group_kinds()[1];
  EXPECT_FALSE(cluster.capacity);
  EXPECT_TRUE(cluster.clustered);
  EXPECT_EQ(cluster.units[0].id, "A");  // a cluster is known by its centre
  EXPECT_EQ(cluster.units[1].id, "d-area");
  EXPECT_THAT(cluster.units[0].schools, ElementsAre("A", "B", "C"));
}

// S1.3: the 16 clusters exactly as the table lists them.
TEST(GroupsLoad, PuchengClusterTable) {
  const Policy policy = load_policy(testing::source_path("examples/policies/pucheng-2014.json"));
  const GroupKind* kind = policy.find_group_kind("cluster");
  ASSERT_NE(kind, nullptr);
  ASSERT_EQ(kind->units.size(), 16u);
  EXPECT_THAT(kind->units[0].schools, ElementsAre("实验中学", "贾曲初中", "贾曲九年制初中"));
  EXPECT_THAT(kind->units[4].schools,
              ElementsAre("罕中初中部", "马村矿学校", "高阳初中", "东党初中"));
  EXPECT_THAT(kind->units[5].schools, ElementsAre("党睦初中", "陈庄初中", "龙池初中", "钤铒初中"));
  EXPECT_THAT(kind->units[14].schools, ElementsAre("苏坊初中", "桥陵初中"));
  EXPECT_THAT(kind->units[15].schools, ElementsAre("永丰初中"));  // listed alone
  std::size_t schools = 0;
  for (const auto& unit : kind->units)
    schools += unit.schools.size();
  EXPECT_EQ(schools, 38u);  // 16 centres and 22 neighbours
}

TEST(GroupsLoad, SeventeenthClusterReusingASchoolIsRejectedAtItsLine) {
  const std::string text =
      replaced(read_source("examples/policies/pucheng-2014.json"),
               R"({"centre": "永丰初中", "alone": true})",
               "{\"centre\": \"永丰初中\", \"alone\": true},\n"
               "       {\"centre\": \"新建初中\", \"neighbours\": [\"高阳初中\"]}");
  const int line = line_of(text, "新建初中");
  EXPECT_THAT(load_errors(text),
              ElementsAre(std::to_string(line) +
                          ": groups[0].clusters[16].neighbours[0]: school \"高阳初中\" is already "
                          "in cluster \"罕中初中部\" (line " +
                          std::to_string(line_of(text, "罕中初中部")) +
                          "); a school trains in one cluster"));
}

TEST(GroupsLoad, ClusterOutsideTwoToFourSchools) {
  const auto five = replaced(small_policy, R"("neighbours": ["B", "C"])",
                             R"("neighbours": ["B", "C", "F", "G"])");
  EXPECT_THAT(load_errors(five),
              ElementsAre(std::to_string(line_of(five, "\"centre\": \"A\"")) +
                          ": groups[1].clusters[0]: a cluster has 2 to 4 schools (the centre and "
                          "1 to 3 neighbours); this one has 5"));
  const auto one =
      replaced(small_policy, R"("centre": "D", "neighbours": ["E"])", R"("centre": "D")");
  EXPECT_THAT(load_errors(one), ElementsAre(HasSubstr("this one has 1 (\"alone\": true marks")));
  const auto alone_with_neighbours =
      replaced(small_policy, R"("neighbours": ["E"])", R"("neighbours": ["E"], "alone": true)");
  EXPECT_THAT(load_errors(alone_with_neighbours),
              ElementsAre(HasSubstr("groups[1].clusters[1].alone: \"alone\" marks a centre")));
}

TEST(GroupsLoad, CapacityBelowZero) {
  const auto text = replaced(small_policy, R"("capacity": 100)", R"("capacity": -5)");
  EXPECT_THAT(load_errors(text), ElementsAre(std::to_string(line_of(text, "-5")) +
                                             ": groups[0].capacity: a capacity may not be below "
                                             "zero; give the seats of one group, or \"none\" for "
                                             "no limit"));
}

TEST(GroupsLoad, UnitValuesMustMatchBy) {
  EXPECT_THAT(load_errors(replaced(small_policy, R"({"subject": "music", "stage": "primary"})",
                                   R"({"subjet": "music", "stage": "primary"})")),
              ElementsAre(HasSubstr("groups[0].units[2].for.subjet: the kind does not group by "
                                    "\"subjet\"; did you mean \"subject\"?"),
                          HasSubstr("groups[0].units[2].for: missing the group's value of "
                                    "\"subject\"")));
  EXPECT_THAT(load_errors(replaced(small_policy, R"("id": "music")", R"("id": "math-1")")),
              ElementsAre(HasSubstr("duplicate group id \"math-1\"")));
  EXPECT_THAT(load_errors(replaced(small_policy, R"("capacity": "none")", R"("capacity": "some")")),
              ElementsAre(HasSubstr("expected a number of seats or \"none\"")));
  EXPECT_THAT(
      load_errors(
          replaced(small_policy, R"("eligible": {"stage": {)", R"("eligable": {"stage": {)")),
      ElementsAre(HasSubstr("groups[0].eligable: unknown key; did you mean \"eligible\"?")));
}

// --- assignment ------------------------------------------------------------------------------

TEST(GroupsAssign, OverflowReportsMissingSeatsAndGroups) {
  const Policy policy = parse_policy(small_policy);
  // 250 primary maths teachers for 2 workshops of 100: 50 seats and 1 group missing.
  const Ledger ledger =
      testing::make_ledger(policy,
                           roster_header + teachers("M", 130, "S1", "primary", "math") +
                               teachers("N", 120, "S2", "primary", "math"),
                           no_records);
  const GroupAssignment assignment = assign_groups(policy, ledger);
  EXPECT_EQ(assignment.placements.size(), 200u);
  ASSERT_EQ(assignment.shortfalls.size(), 1u);
  const PoolShortfall& shortfall = assignment.shortfalls[0];
  EXPECT_EQ(shortfall.pool, "stage=primary;subject=math");
  EXPECT_EQ(shortfall.teachers, 250);
  EXPECT_EQ(shortfall.placed, 200);
  EXPECT_EQ(shortfall.missing_seats, 50);
  EXPECT_EQ(shortfall.groups_needed, 1);
  EXPECT_EQ(assignment.unplaced.size(), 50u);
  for (const auto& unplaced : assignment.unplaced)
    EXPECT_EQ(unplaced.reason, UnplacedReason::over_capacity);
  const auto members = members_by_group(assignment);
  EXPECT_EQ(members.at("math-1"), 100);
  EXPECT_EQ(members.at("math-2"), 100);
}

TEST(GroupsAssign, KeepsSchoolsTogetherAndBalances) {
  const Policy policy = parse_policy(small_policy);
  // 60 + 50 + 40 teachers of three schools into two workshops of 100: no school is split.
  const Ledger ledger = testing::make_ledger(
      policy,
      roster_header + teachers("C", 40, "S3", "primary", "math") +
          teachers("A", 60, "S1", "primary", "math") + teachers("B", 50, "S2", "primary", "math"),
      no_records);
  const GroupAssignment assignment = assign_groups(policy, ledger);
  std::map<std::string, std::set<std::string>> groups_of_school;
  for (const auto& placement : assignment.placements) {
    const auto school = ledger.teachers().attribute("school");
    groups_of_school[std::string((*school)[static_cast<std::size_t>(placement.teacher)])].insert(
        assignment.groups[static_cast<std::size_t>(placement.group)].id);
  }
  EXPECT_THAT(groups_of_school.at("S1"), ElementsAre("math-1"));
  EXPECT_THAT(groups_of_school.at("S2"), ElementsAre("math-2"));
  EXPECT_THAT(groups_of_school.at("S3"), ElementsAre("math-2"));
  EXPECT_TRUE(assignment.unplaced.empty());
}

TEST(GroupsAssign, IneligibleAndUnfitTeachersWithReasons) {
  const Policy policy = parse_policy(small_policy);
  const Ledger ledger = testing::make_ledger(policy,
                                             roster_header +
                                                 "K1,S1,kindergarten,math\n"  // no kind admits
                                                 "P1,S1,primary,art\n"        // no art workshop
                                                 "P2,S1,primary,\n"           // no subject
                                                 "J1,Z,junior,math\n"         // Z: in no cluster
                                                 "J2,B,junior,math\n",        // cluster A
                                             no_records);
  const GroupAssignment assignment = assign_groups(policy, ledger);
  std::vector<std::string> unplaced;
  for (const auto& u : assignment.unplaced) {
    unplaced.push_back(std::string(ledger.teachers().id[static_cast<std::size_t>(u.teacher)]) +
                       " " + std::string(to_string(u.reason)) + ": " + u.note);
  }
  EXPECT_THAT(unplaced, ElementsAre("K1 no_kind: no group kind admits the teacher",
                                    "P1 no_group: no group of kind workshop for "
                                    "stage=primary;subject=art",
                                    "P2 missing_value: no subject; the kind groups teachers by it",
                                    "J1 no_group: no group of kind workshop for "
                                    "stage=junior;subject=math",
                                    "J1 no_group: school Z is in no cluster",
                                    "J2 no_group: no group of kind workshop for "
                                    "stage=junior;subject=math"));
  EXPECT_EQ(assignment_csv(policy, ledger, assignment),
            "teacher_id,group_kind,group_id\nJ2,cluster,A\n");
}

TEST(GroupsAssign, WarnsWhenNoTeacherMeetsAnEligibility) {
  const Policy policy = parse_policy(small_policy);
  const Ledger ledger =
      testing::make_ledger(policy, roster_header + "P1,S1,primary,math\n", no_records);
  const GroupAssignment assignment = assign_groups(policy, ledger);
  ASSERT_EQ(assignment.diagnostics.items().size(), 1u);
  EXPECT_EQ(
      to_string(assignment.diagnostics.items()[0]),
      "<memory>:" + std::to_string(line_of(small_policy, "\"eligible\": {\"stage\": \"junior\"")) +
          ": warning: groups[1].eligible: no teacher of the roster meets the eligibility of "
          "group kind cluster");
}

TEST(GroupsAssign, CurrentMembersStayAndNewOnesFillFreeSeats) {
  const Policy policy = parse_policy(small_policy);
  Diagnostics diagnostics;
  // M1 sits in math-2 (kept, though math-1 is emptier); X1 is unknown; M2's group is wrong.
  const auto current = read_memberships_text(
      "teacher_id,group_kind,group_id\nM1,workshop,math-2\nX1,workshop,math-1\n"
      "M2,workshop,music\n",
      "a.csv", diagnostics);
  EXPECT_FALSE(diagnostics.has_errors());
  const Ledger ledger = testing::make_ledger(
      policy, roster_header + teachers("M", 3, "S1", "primary", "math"), no_records);
  const GroupAssignment assignment = assign_groups(policy, ledger, current, "a.csv");
  EXPECT_EQ(assignment_csv(policy, ledger, assignment),
            "teacher_id,group_kind,group_id\nM1,workshop,math-2\nM2,workshop,math-2\n"
            "M3,workshop,math-2\n");  // M2 and M3 join their school's colleague M1
  std::vector<std::string> warnings;
  for (const auto& d : assignment.diagnostics.items())
    warnings.push_back(to_string(d));
  EXPECT_THAT(warnings,
              ElementsAre("a.csv:3: warning: teacher_id: teacher X1 is not in the roster",
                          "a.csv:4: warning: group_id: group music is not a group of kind "
                          "workshop for stage=primary;subject=math; teacher M2 is placed anew",
                          HasSubstr("no teacher of the roster meets the eligibility of group "
                                    "kind cluster")));
}

// --- a county of 10,000 ----------------------------------------------------------------------

class GroupsCounty : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new Policy(testing::dali_policy());
    SyntheticCountyOptions options;
    options.teachers = 10000;
    roster_ = new std::string(generate_county(*policy_, options).teachers_csv);
  }
  static void TearDownTestSuite() {
    delete policy_;
    delete roster_;
  }
  static Ledger ledger(const std::string& extra = {}) {
    return testing::make_ledger(*policy_, *roster_ + extra, no_records);
  }
  static Policy* policy_;
  static std::string* roster_;
};
Policy* GroupsCounty::policy_ = nullptr;
std::string* GroupsCounty::roster_ = nullptr;

TEST_F(GroupsCounty, NeverExceedsACapacity) {
  const Ledger county = ledger();
  const GroupAssignment assignment = assign_groups(*policy_, county);
  const auto members = members_by_group(assignment);
  for (const auto& group : assignment.groups) {
    const auto& kind = policy_->group_kinds()[static_cast<std::size_t>(group.kind)];
    const auto found = members.find(group.id);
    const std::int64_t count = found == members.end() ? 0 : found->second;
    EXPECT_EQ(count, group.members) << group.id;
    if (kind.capacity) {
      EXPECT_LE(count, *kind.capacity) << group.id;
    }
  }
  // S0.10: 29 workshops of 100 seats; the synthetic county draws no teacher of primary 科学,
  // 道德与法治 or 综合实践 or of kindergarten 健康 or 社会, and more than 100 for each of the other
  // 24 (13 junior-high, 7 primary, kindergarten 语文, 数学, 音乐, 美术).
  EXPECT_EQ(std::count_if(assignment.placements.begin(), assignment.placements.end(),
                          [&](const Placement& p) {
                            return assignment.groups[static_cast<std::size_t>(p.group)].kind == 0;
                          }),
            24 * 100);
}

TEST_F(GroupsCounty, IdenticalOnEveryRun) {
  const Ledger county = ledger();
  const auto first = assignment_csv(*policy_, county, assign_groups(*policy_, county));
  const Ledger again = ledger();
  EXPECT_EQ(assignment_csv(*policy_, again, assign_groups(*policy_, again)), first);
}

TEST_F(GroupsCounty, FiftyMoreTeachersMoveNoOne) {
  const Ledger county = ledger();
  const auto before = assignment_csv(*policy_, county, assign_groups(*policy_, county));
  std::string added;
  const char* const stages[] = {"primary", "junior_high", "kindergarten", "senior_high"};
  for (int i = 0; i < 50; ++i) {
    added += "N" + std::to_string(i) + ",1980-01-01,,,S00" + std::to_string(i % 7 + 1) + "," +
             (i % 2 ? "数学" : "音乐") + "," + stages[i % 4] + ",junior,,1,,\n";
  }
  const Ledger grown = ledger(added);
  Diagnostics diagnostics;
  const auto current = read_memberships_text(before, "before.csv", diagnostics);
  const GroupAssignment after = assign_groups(*policy_, grown, current, "before.csv");
  EXPECT_TRUE(after.diagnostics.items().empty());
  const auto after_csv = assignment_csv(*policy_, grown, after);
  // The old rows come first, in roster order, unchanged; the new teachers follow.
  ASSERT_GT(after_csv.size(), before.size());
  EXPECT_EQ(after_csv.substr(0, before.size()), before);
  for (const auto& placement : after.placements) {
    EXPECT_EQ(placement.kept, placement.teacher < 10000);
  }
  for (const auto& group : after.groups) {
    const auto& kind = policy_->group_kinds()[static_cast<std::size_t>(group.kind)];
    if (kind.capacity) {
      EXPECT_LE(group.members, *kind.capacity) << group.id;
    }
  }
}

TEST_F(GroupsCounty, OverflowingSubjectsReportExactlyTheMissingSeats) {
  const Ledger county = ledger();
  // Count each workshop pool straight from the roster: its seats are 100 per declared workshop.
  const auto& kind = policy_->group_kinds()[0];
  std::map<std::string, std::int64_t> teachers, seats;
  const auto& columns = county.teachers();
  for (std::size_t t = 0; t < columns.size(); ++t) {
    const std::string stage(columns.attribute("stage")->operator[](t));
    if (stage == "senior_high") continue;
    ++teachers["stage=" + stage + ";subject=" + std::string((*columns.attribute("subject"))[t])];
  }
  for (const auto& unit : kind.units)
    seats["stage=" + unit.pool[0] + ";subject=" + unit.pool[1]] += 100;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> expected;  // missing, groups
  for (const auto& [pool, count] : teachers) {
    const std::int64_t missing = std::max<std::int64_t>(0, count - seats[pool]);
    if (missing > 0) expected[pool] = {missing, (missing + 99) / 100};
  }
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> reported;
  for (const auto& shortfall : assign_groups(*policy_, county).shortfalls) {
    if (shortfall.kind == 0)
      reported[shortfall.pool] = {shortfall.missing_seats, shortfall.groups_needed};
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(reported, expected);
}

// --- audit and assessment --------------------------------------------------------------------

TEST(GroupsAudit, FindsWhatIsWrong) {
  const Policy policy =
      parse_policy(replaced(small_policy, R"("capacity": 100)", R"("capacity": 2)"));
  const Ledger ledger =
      testing::make_ledger(policy,
                           roster_header + teachers("M", 4, "S1", "primary", "math") +
                               "J1,B,junior,math\nJ2,E,junior,math\n",
                           no_records);
  Diagnostics diagnostics;
  const auto rows = audit_groups(
      policy, ledger,
      read_memberships_text("teacher_id,group_kind,group_id\n"
                            "M1,workshop,math-1\nM2,workshop,math-1\nM3,workshop,math-1\n"
                            "J1,workshop,music\nJ1,cluster,d-area\nJ2,cluster,d-area\n"
                            "J2,cluster,A\nM4,cluster,A\nX,cluster,A\nM1,workshop,math-9\n",
                            "a.csv", diagnostics));
  std::ostringstream out;
  write_group_audit_csv(out, rows);
  EXPECT_EQ(out.str(),
            "finding,group_kind,group_id,teacher_id,detail\n"
            "over_capacity,workshop,math-1,,\"3 members, 2 seats\"\n"
            "ineligible,workshop,music,J1,the teacher's pool is stage=junior;subject=math; the "
            "group's is stage=primary;subject=music\n"
            "ineligible,cluster,d-area,J1,the teacher's cluster is A; the group's is D\n"
            "ineligible,cluster,A,M4,kind cluster does not admit the teacher\n"
            "unassigned,workshop,,M4,stage=primary;subject=math\n"
            "unassigned,workshop,,J2,stage=junior;subject=math\n"
            "empty,workshop,math-2,,stage=primary;subject=math\n"
            "unknown,cluster,A,X,line 10: no such teacher in the roster\n"
            "unknown,workshop,math-9,M1,line 11: kind workshop has no group math-9\n"
            "duplicate,cluster,A,J2,line 8: already in a group of kind cluster\n");
}

TEST(GroupsAssess, AggregatesMembersForTheLeader) {
  const Policy policy = parse_policy(small_policy);
  const Ledger ledger = testing::make_ledger(
      policy, roster_header + teachers("M", 3, "S1", "primary", "math"),
      "id,teacher_id,date,hours,category,outcome,count\n"
      "R1,M1,2020-10-01,12,school,,\n"   // meets the 10-hour year
      "R2,M2,2020-10-01,4.5,online,,\n"  // short: 4.5 hours + 2 papers of 2 hours
      "R3,M2,2020-11-01,0,school,paper,2\n"
      "R4,M3,2020-10-01,10,online,,\n");  // meets
  Diagnostics diagnostics;
  const auto memberships = read_memberships_text(
      "teacher_id,group_kind,group_id\nM1,workshop,math-1\nM2,workshop,math-1\n"
      "M3,workshop,math-2\n",
      "a.csv", diagnostics);
  std::ostringstream out;
  write_group_metrics_csv(out, assess_groups(evaluate(policy, ledger), memberships));
  EXPECT_EQ(out.str(),
            "subject_id,metric,value\n"
            "math-1,members,2.00\nmath-1,compliant,1.00\nmath-1,compliant_percent,50.00\n"
            "math-1,members_participating,2.00\nmath-1,members_researching,0.00\n"
            "math-1,hours,16.50\nmath-1,hours_per_member,8.25\nmath-1,hours.school,12.00\n"
            "math-1,hours.online,4.50\nmath-1,outcomes,2.00\nmath-1,outcomes_per_member,1.00\n"
            "math-1,activities,0.00\nmath-1,activities_per_member,0.00\n"
            "math-2,members,1.00\nmath-2,compliant,1.00\nmath-2,compliant_percent,100.00\n"
            "math-2,members_participating,1.00\nmath-2,members_researching,0.00\n"
            "math-2,hours,10.00\nmath-2,hours_per_member,10.00\nmath-2,hours.school,0.00\n"
            "math-2,hours.online,10.00\nmath-2,outcomes,0.00\nmath-2,outcomes_per_member,0.00\n"
            "math-2,activities,0.00\nmath-2,activities_per_member,0.00\n");
}

}  // namespace
}  // namespace yanxiu
