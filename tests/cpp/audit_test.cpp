#include <algorithm>
#include <deque>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <yanxiu/audit.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;
using testing::find_row;
using testing::h;
using testing::make_ledger;

// Two-semester years, a cycle of `years`, categories school and online, and the given rules.
Policy small_policy(const std::string& rules, int years = 3) {
  return parse_policy(R"({"format": "yanxiu-policy/1", "id": "small",
    "calendar": {"cycle": {"start": "2020-09-01", "years": )" +
                      std::to_string(years) + R"(},
                 "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
    "categories": [{"id": "school"}, {"id": "online"}],
    "rules": [)" + rules +
                      "]}");
}

TEST(Audit, RowsPerTeacherFollowThePolicy) {
  const Ledger ledger =
      make_ledger(dali_policy(), "id\nT1\nT2\n", "id,teacher_id,date,hours,category\n");
  const Audit audit = evaluate(dali_policy(), ledger);
  // Dali: cycle 1 + years 5 + semester totals 10 + offline semesters 10 x (1 + 4 parts) +
  // the cycle's choice of a project or a topic 1 = 67.
  EXPECT_EQ(audit.size(), 134u);
  EXPECT_EQ(audit.row_begin(1), 67u);
  const AuditRow first = audit.row(0);
  EXPECT_EQ(audit.rule_id(first), "cycle-total");
  EXPECT_EQ(audit.period(first).label, "cycle");
  EXPECT_EQ(first.required, Hours::whole(300));
  EXPECT_EQ(first.status, Status::short_);
  EXPECT_EQ(first.shortfall(), Hours::whole(300));
  // A rule row is followed by its part rows for the same period.
  EXPECT_EQ(audit.rule_id(audit.row(16)), "semester-offline");
  EXPECT_EQ(audit.rule_id(audit.row(17)), "semester-offline/school");
  EXPECT_EQ(audit.period(audit.row(17)).label, "2017-2018/1");
  EXPECT_EQ(audit.rule_id(audit.row(21)), "semester-offline");
  EXPECT_EQ(audit.period(audit.row(21)).label, "2017-2018/2");
}

TEST(Audit, ProRatingRoundsUpToTheHundredth) {
  // 100 hours over 6 semesters; serving 1 of them owes 100/6 = 16.666..., rounded up to 16.67.
  const Policy policy = small_policy(R"({"id": "cycle", "period": "cycle", "min": 100})");
  const Ledger ledger =
      make_ledger(policy, "id,join_date\nT1,2023-02-01\n", "id,teacher_id,date,hours,category\n");
  const Audit audit = evaluate(policy, ledger);
  EXPECT_EQ(find_row(audit, "T1", "cycle", "cycle")->required, h(1667));
}

TEST(Audit, ProRatingCanBeTurnedOff) {
  const Policy policy =
      small_policy(R"({"id": "cycle", "period": "cycle", "min": 100, "pro_rate": false})");
  const Ledger ledger =
      make_ledger(policy, "id,join_date\nT1,2023-02-01\n", "id,teacher_id,date,hours,category\n");
  EXPECT_EQ(find_row(evaluate(policy, ledger), "T1", "cycle", "cycle")->required,
            Hours::whole(100));
}

TEST(Audit, SelectorsChooseWhoOwesARule) {
  const Policy policy = small_policy(R"(
    {"id": "senior", "period": "cycle", "min": 540, "applies_to": {"title": {"in": ["senior"]}}},
    {"id": "young", "period": "academic_year", "min": 10, "applies_to": {"age": {"lt": 45}}},
    {"id": "class", "period": "cycle", "min": 30, "applies_to": {"roles": {"has": "class_teacher"}}},
    {"id": "not-cadre", "period": "cycle", "min": 1, "applies_to": {"not": {"role": "cadre"}}},
    {"id": "star", "period": "cycle", "min": 1, "applies_to": {"star": {"ge": 3}}},
    {"id": "unknown", "period": "cycle", "min": 1, "applies_to": {"district": "east"}})");
  const Ledger ledger = make_ledger(policy,
                                    "id,title,roles,birth_date,star\n"
                                    "SENIOR,senior,cadre; class_teacher,1977-06-15,3\n"
                                    "JUNIOR,junior,,,10\n",
                                    "id,teacher_id,date,hours,category\n");
  const Audit audit = evaluate(policy, ledger);
  EXPECT_TRUE(find_row(audit, "SENIOR", "senior", "cycle"));
  EXPECT_FALSE(find_row(audit, "JUNIOR", "senior", "cycle"));
  // Born 1977-06-15: 44 at the end of 2020-2021 (2021-08-31), 45 at the end of 2021-2022.
  EXPECT_TRUE(find_row(audit, "SENIOR", "young", "2020-2021"));
  EXPECT_FALSE(find_row(audit, "SENIOR", "young", "2021-2022"));
  EXPECT_FALSE(find_row(audit, "JUNIOR", "young", "2020-2021"));  // no birth date: unknown age
  EXPECT_TRUE(find_row(audit, "SENIOR", "class", "cycle"));
  EXPECT_FALSE(find_row(audit, "JUNIOR", "class", "cycle"));
  EXPECT_FALSE(find_row(audit, "SENIOR", "not-cadre", "cycle"));
  EXPECT_TRUE(find_row(audit, "JUNIOR", "not-cadre", "cycle"));
  EXPECT_TRUE(find_row(audit, "SENIOR", "star", "cycle"));
  EXPECT_TRUE(find_row(audit, "JUNIOR", "star", "cycle"));  // 10 >= 3 as numbers, not as text
  EXPECT_FALSE(find_row(audit, "SENIOR", "unknown", "cycle"));
}

TEST(Audit, AnActivityNoRecordHasCountsNothing) {
  // Records without an activity must not match an activity the ledger never saw.
  const Policy policy = small_policy(R"(
    {"id": "observations", "kind": "count", "period": "cycle", "activity": "lesson_observation", "min": 10},
    {"id": "choice", "kind": "choice", "period": "cycle", "exactly_one": ["star_project", "research_topic"]})");
  const Ledger ledger = make_ledger(policy, "id\nT1\n",
                                    "id,teacher_id,date,hours,category\n"
                                    "R1,T1,2020-09-10,2,school\n"
                                    "R2,T1,2020-10-10,2,school\n");
  const Audit audit = evaluate(policy, ledger);
  EXPECT_EQ(find_row(audit, "T1", "observations", "cycle")->credited, Hours());
  EXPECT_EQ(find_row(audit, "T1", "choice", "cycle")->credited, Hours());
  EXPECT_EQ(find_row(audit, "T1", "choice", "cycle")->status, Status::short_);
}

TEST(Audit, WeeklyQuotas) {
  const Policy policy = small_policy(R"({"id": "weekly", "period": "week", "min": 3})", 1);
  const Ledger ledger = make_ledger(policy, "id\nT1\n",
                                    "id,teacher_id,date,hours,category\n"
                                    "R1,T1,2020-09-07,2,school\n"    // Monday of 2020-W37
                                    "R2,T1,2020-09-13,1.5,online\n"  // its Sunday
                                    "R3,T1,2020-09-14,1,school\n");  // the next Monday
  const Audit audit = evaluate(policy, ledger);
  EXPECT_EQ(find_row(audit, "T1", "weekly", "2020-W37")->credited, h(350));
  EXPECT_EQ(find_row(audit, "T1", "weekly", "2020-W37")->status, Status::met);
  EXPECT_EQ(find_row(audit, "T1", "weekly", "2020-W38")->status, Status::short_);
  EXPECT_EQ(audit.period(*find_row(audit, "T1", "weekly", "2020-W36")).first_day,
            to_day_number(Date(2020, 8, 31)));
}

TEST(Audit, CapsCutTheLatestRecordsAndAnUncappedRuleStillCountsThem) {
  const Policy policy = small_policy(R"(
    {"id": "online", "period": "semester", "categories": ["online"], "min": 10, "max": 20},
    {"id": "all", "period": "cycle", "min": 1})");
  const Ledger ledger = make_ledger(policy, "id\nT1\n",
                                    "id,teacher_id,date,hours,category\n"
                                    "O1,T1,2020-09-10,15,online\n"
                                    "O2,T1,2020-10-10,10,online\n"
                                    "O3,T1,2020-11-10,5,online\n");
  const Audit audit = evaluate(policy, ledger);
  EXPECT_EQ(find_row(audit, "T1", "online", "2020-2021/1")->credited, Hours::whole(20));
  EXPECT_EQ(find_row(audit, "T1", "all", "cycle")->credited, Hours::whole(30));
  // O3 is over the online cap but counted by "all": credited, not capped.
  EXPECT_EQ(audit.disposition_counts()[Disposition::credited], 3);
  EXPECT_EQ(audit.disposition_counts()[Disposition::capped], 0);
}

TEST(Audit, ResultDoesNotDependOnThreadCount) {
  const Policy policy = dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 1500;  // three blocks of teachers and a partial one
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger ledger = make_ledger(policy, county.teachers_csv, county.records_csv);
  const Audit one = evaluate(policy, ledger, {std::nullopt, 1});
  for (unsigned threads : {2u, 8u}) {
    const Audit many = evaluate(policy, ledger, {std::nullopt, threads});
    EXPECT_EQ(many.columns().teacher, one.columns().teacher);
    EXPECT_EQ(many.columns().rule, one.columns().rule);
    EXPECT_EQ(many.columns().period, one.columns().period);
    EXPECT_EQ(many.columns().required, one.columns().required);
    EXPECT_EQ(many.columns().credited, one.columns().credited);
    EXPECT_EQ(many.columns().status, one.columns().status);
    EXPECT_EQ(many.columns().hours, one.columns().hours);
    EXPECT_TRUE(std::equal(many.dispositions().begin(), many.dispositions().end(),
                           one.dispositions().begin()));
    EXPECT_EQ(many.disposition_counts(), one.disposition_counts());
  }
  EXPECT_EQ(one.disposition_counts().total(), county.record_rows);
}

TEST(Audit, TeachersOfDifferentRowCountsKeepTheirPlaceOnAnyThreadCount) {
  // Seniors owe one more rule, and the young one more per year until 45: each teacher's rows
  // have their own count, so the threads write at places a first pass computed.
  const Policy policy = small_policy(R"(
    {"id": "total", "period": "semester", "min": 10},
    {"id": "senior", "period": "cycle", "min": 540, "applies_to": {"title": "senior"}},
    {"id": "young", "period": "academic_year", "min": 10, "applies_to": {"age": {"lt": 45}}})");
  std::string teachers = "id,title,birth_date\n", records = "id,teacher_id,date,hours,category\n";
  for (int t = 0; t < 1300; ++t) {
    const std::string id = "T" + std::to_string(t);
    teachers +=
        id + (t % 3 == 0 ? ",senior," : ",junior,") + std::to_string(1974 + t % 5) + "-03-01\n";
    records += "R" + id + "," + id + ",2021-03-0" + std::to_string(1 + t % 9) + "," +
               std::to_string(t % 17) + ",school\n";
  }
  const Ledger ledger = make_ledger(policy, teachers, records);
  const Audit one = evaluate(policy, ledger, {std::nullopt, 1});
  EXPECT_NE(one.row_begin(1) - one.row_begin(0), one.row_begin(2) - one.row_begin(1));
  for (unsigned threads : {2u, 8u}) {
    const Audit many = evaluate(policy, ledger, {std::nullopt, threads});
    EXPECT_EQ(many.columns().teacher, one.columns().teacher);
    EXPECT_EQ(many.columns().rule, one.columns().rule);
    EXPECT_EQ(many.columns().period, one.columns().period);
    EXPECT_EQ(many.columns().credited, one.columns().credited);
    EXPECT_EQ(many.columns().status, one.columns().status);
    EXPECT_EQ(many.columns().hours, one.columns().hours);
  }
}

TEST(Audit, WhatIfPolicyWithTheSameCategoriesAndCalendar) {
  const Policy dali = dali_policy();
  const Ledger ledger = make_ledger(
      dali, "id\nT1\n", "id,teacher_id,date,hours,category\nR1,T1,2017-10-10,25,school\n");
  std::string text = R"({"format": "yanxiu-policy/1", "id": "dali-lenient",
    "calendar": {"cycle": {"start": "2017-09-01", "years": 5},
                 "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}], "assign_by": "end",
                 "phases": [{"id": "launch", "start": "2017-10-20", "end": "2017-10-27"},
                            {"id": "advance", "start": "2017-10-28", "end": "2018-08-31"},
                            {"id": "continue", "start": "2018-09-01", "end": "2021-08-31"},
                            {"id": "summary", "start": "2021-09-01", "end": "2021-12-31"}]},
    "categories": [{"id": "online"}, {"id": "school", "groups": ["offline"]}, {"id": "workshop", "groups": ["offline"]},
                   {"id": "self", "groups": ["offline"]}, {"id": "holiday", "groups": ["offline"]}],
    "rules": [{"id": "semester-total", "period": "semester", "min": 24}]})";
  const Policy lenient = parse_policy(text);
  EXPECT_EQ(find_row(evaluate(dali, ledger), "T1", "semester-total", "2017-2018/1")->status,
            Status::short_);
  EXPECT_EQ(find_row(evaluate(lenient, ledger), "T1", "semester-total", "2017-2018/1")->status,
            Status::met);

  const Policy other = parse_policy(R"({"format": "yanxiu-policy/1", "id": "other",
    "calendar": {"cycle": {"start": "2017-09-01", "years": 5}, "semesters": [{"name": "1", "start": "09-01"}]},
    "categories": [{"id": "school"}], "rules": []})");
  EXPECT_THROW(evaluate(other, ledger), std::invalid_argument);
}

TEST(Audit, ExemptIsNeverProducedWithoutExemptions) {
  const Ledger ledger =
      make_ledger(dali_policy(), "id\nT1\n", "id,teacher_id,date,hours,category\n");
  const Audit audit = evaluate(dali_policy(), ledger);
  EXPECT_TRUE(std::none_of(audit.columns().status.begin(), audit.columns().status.end(),
                           [](Status s) { return s == Status::exempt; }));
  EXPECT_EQ(to_string(Status::short_), "short");
  EXPECT_EQ(to_string(Status::not_applicable), "not_applicable");
}

}  // namespace
}  // namespace yanxiu

namespace yanxiu {
namespace {

// A teacher's records as rows, the way a platform would send them back after an edit.
std::vector<RecordRow> rows_of(const Ledger& ledger, TeacherIndex teacher) {
  const RecordColumns& records = ledger.records();
  std::vector<RecordRow> rows;
  for (RecordIndex r = ledger.record_begin(teacher); r < ledger.record_begin(teacher + 1); ++r) {
    const auto i = static_cast<std::size_t>(r);
    RecordRow row;
    row.id = records.id[i];
    row.start_day = records.start_day[i];
    row.end_day = records.end_day[i];
    row.hours = Hours::from_hundredths(records.hours[i]);
    row.category_index = records.category[i];
    row.status = records.status[i];
    row.activity = records.activity[i];
    row.outcome = records.outcome[i];
    row.level = records.level[i];
    row.count = records.count[i];
    row.certificate = records.certificate[i];
    rows.push_back(row);
  }
  return rows;
}

TEST(Reevaluate, EqualsAFullRecomputeAfterOnePercentChanges) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 1500;
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  const Audit audit = evaluate(policy, ledger, {std::nullopt, 2});

  // Every 97th teacher: the first record withdrawn, one changed, one added.
  std::vector<std::vector<RecordRow>> kept_rows;
  std::vector<std::string> new_ids;
  // The added rows keep views of these ids: the vector must not reallocate under them.
  new_ids.reserve(1500 / 97 + 1);
  std::vector<TeacherIndex> changed;
  for (TeacherIndex t = 0; t < 1500; t += 97) {
    auto rows = rows_of(ledger, t);
    if (rows.size() < 3) continue;
    rows.erase(rows.begin());
    rows[0].hours = rows[0].hours + Hours::whole(5);
    new_ids.push_back("NEW-" + std::to_string(t));
    RecordRow added = rows[1];
    added.id = new_ids.back();
    added.hours = Hours::whole(7);
    rows.push_back(added);
    kept_rows.push_back(std::move(rows));
    changed.push_back(t);
  }
  std::vector<TeacherRecords> changes;
  for (std::size_t k = 0; k < changed.size(); ++k) {
    changes.push_back({ledger.teachers().id[static_cast<std::size_t>(changed[k])], kept_rows[k]});
  }
  const Ledger updated = replace_records(ledger, changes);
  EXPECT_EQ(updated.records().size(), ledger.records().size());  // per teacher one out, one in

  const Audit incremental = reevaluate(audit, updated, changed);
  const Audit full = evaluate(policy, updated, {std::nullopt, 1});
  EXPECT_EQ(incremental.columns().teacher, full.columns().teacher);
  EXPECT_EQ(incremental.columns().rule, full.columns().rule);
  EXPECT_EQ(incremental.columns().period, full.columns().period);
  EXPECT_EQ(incremental.columns().required, full.columns().required);
  EXPECT_EQ(incremental.columns().credited, full.columns().credited);
  EXPECT_EQ(incremental.columns().status, full.columns().status);
  EXPECT_EQ(incremental.columns().hours, full.columns().hours);
  EXPECT_TRUE(std::equal(incremental.dispositions().begin(), incremental.dispositions().end(),
                         full.dispositions().begin(), full.dispositions().end()));
  EXPECT_EQ(incremental.disposition_counts(), full.disposition_counts());
  for (TeacherIndex t = 0; t < 1500; ++t)
    ASSERT_EQ(incremental.row_begin(t), full.row_begin(t));
  // And the change shows: the changed teachers' cycle totals moved by +5 - first + 7 hours.
  EXPECT_NE(incremental.columns().credited, audit.columns().credited);
}

// Random changes, one round after another on the ledger the last made: ids reused from other
// teachers, from the teacher's own withdrawn records and within a change, rows rejected, records
// withdrawn. Each round's ledger must count what it holds, and its incremental audit must equal
// a full one.
TEST(Reevaluate, EqualsAFullRecomputeAfterRandomChangesRoundAfterRound) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 300;
  const SyntheticCounty county = generate_county(policy, options);
  Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  Audit audit = evaluate(policy, ledger, {std::nullopt, 2});
  std::uint64_t state = 12345;
  auto next = [&](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  for (int round = 0; round < 6; ++round) {
    std::deque<std::string> ids;  // views of them live in the rows
    std::vector<std::vector<RecordRow>> rows_of_change;
    std::vector<TeacherIndex> changed;
    const auto teachers = static_cast<TeacherIndex>(ledger.teachers().size());
    for (int k = 0; k < 12; ++k) {
      const auto t = static_cast<TeacherIndex>(next(static_cast<std::uint64_t>(teachers)));
      if (std::find(changed.begin(), changed.end(), t) != changed.end()) continue;
      auto rows = rows_of(ledger, t);
      if (!rows.empty() && next(2) == 0) rows.erase(rows.begin());
      for (int added = static_cast<int>(next(4)); added > 0; --added) {
        RecordRow row = rows.empty() ? RecordRow() : rows[next(rows.size())];
        if (rows.empty()) {
          row.start_day = policy.calendar().cycle().first_day + 30;
          row.category_index = 1;
        }
        switch (next(4)) {
          case 0:  // another record's id, of any teacher
            ids.emplace_back(ledger.records().id[next(ledger.records().size())]);
            break;
          case 1:  // an id given twice in this round
            ids.emplace_back("R" + std::to_string(round) + "-" + std::to_string(next(3)));
            break;
          default:
            ids.emplace_back("N" + std::to_string(round) + "-" + std::to_string(k) + "-" +
                             std::to_string(added));
        }
        row.id = ids.back();
        row.hours = Hours::from_hundredths(static_cast<std::int64_t>(next(900)) - 50);
        rows.push_back(row);  // a negative hours row is rejected
      }
      rows_of_change.push_back(std::move(rows));
      changed.push_back(t);
    }
    std::vector<TeacherRecords> changes;
    for (std::size_t k = 0; k < changed.size(); ++k)
      changes.push_back(
          {ledger.teachers().id[static_cast<std::size_t>(changed[k])], rows_of_change[k]});
    const Ledger updated = replace_records(ledger, changes, "round" + std::to_string(round));

    // The ledger counts what it holds.
    const RecordColumns& records = updated.records();
    DispositionCounts counted;
    counted[Disposition::invalid] = updated.intake_counts()[Disposition::invalid];
    for (const Disposition disposition : records.intake)
      ++counted[disposition];
    EXPECT_EQ(updated.intake_counts(), counted);
    for (TeacherIndex t = 0; t < teachers; ++t) {
      for (RecordIndex r = updated.record_begin(t); r < updated.record_begin(t + 1); ++r)
        ASSERT_EQ(records.teacher[static_cast<std::size_t>(r)], t);
    }
    ASSERT_EQ(static_cast<std::size_t>(updated.record_begin(teachers)), records.size());
    // A new row is a duplicate exactly when an older record or an earlier new row has its id.
    const auto file = static_cast<std::uint16_t>(updated.files().size() - 1);
    for (std::size_t r = 0; r < records.size(); ++r) {
      if (records.file[r] != file) continue;
      bool repeated = false;
      for (std::size_t o = 0; o < records.size() && !repeated; ++o)
        repeated = o != r && records.id[o] == records.id[r] && (records.file[o] != file || o < r);
      EXPECT_EQ(records.intake[r] == Disposition::duplicate, repeated) << records.id[r];
    }

    const Audit incremental = reevaluate(audit, updated, changed);
    const Audit full = evaluate(policy, updated, {std::nullopt, 1});
    ASSERT_EQ(incremental.size(), full.size());
    EXPECT_EQ(incremental.columns().teacher, full.columns().teacher);
    EXPECT_EQ(incremental.columns().rule, full.columns().rule);
    EXPECT_EQ(incremental.columns().part, full.columns().part);
    EXPECT_EQ(incremental.columns().period, full.columns().period);
    EXPECT_EQ(incremental.columns().required, full.columns().required);
    EXPECT_EQ(incremental.columns().credited, full.columns().credited);
    EXPECT_EQ(incremental.columns().status, full.columns().status);
    EXPECT_TRUE(std::equal(incremental.dispositions().begin(), incremental.dispositions().end(),
                           full.dispositions().begin(), full.dispositions().end()));
    EXPECT_EQ(incremental.disposition_counts(), full.disposition_counts());
    for (TeacherIndex t = 0; t <= teachers; ++t)
      ASSERT_EQ(incremental.row_begin(t), full.row_begin(t));
    ledger = updated;
    audit = incremental;
  }
}

TEST(Reevaluate, ReplacedRecordsAreCheckedLikeAnyOthers) {
  const Policy policy = testing::dali_policy();
  const Ledger ledger = testing::make_ledger(policy, "id\nT1\nT2\n",
                                             "id,teacher_id,date,hours,category\n"
                                             "A,T1,2017-10-10,12,school\n"
                                             "B,T2,2017-10-10,12,school\n");
  RecordRow again;
  again.id = "B";  // T2's record id
  again.start_day = to_day_number(Date(2017, 11, 1));
  again.hours = Hours::whole(3);
  again.category = "school";
  RecordRow bad = again;
  bad.id = "C";
  bad.hours = Hours::from_hundredths(-100);
  RecordRow fine = again;
  fine.id = "D";
  RecordRow own = again;
  own.id = "A";  // T1's withdrawn record: its id is free again
  const RecordRow rows[] = {again, bad, fine, fine, own};
  const TeacherRecords changes[] = {{"T1", rows}};
  const Ledger updated = replace_records(ledger, changes, "platform");
  EXPECT_EQ(updated.records().size(), 5u);  // T1's B (a duplicate), D twice and A, T2's B
  EXPECT_EQ(updated.intake_counts()[Disposition::duplicate], 2);
  EXPECT_EQ(updated.intake_counts()[Disposition::invalid], 1);
  std::vector<std::string> messages;
  for (const auto& d : updated.diagnostics().items())
    messages.push_back(to_string(d));
  EXPECT_THAT(messages, ::testing::Contains("platform:2: error: hours: -1.00 is negative"));
  EXPECT_THAT(messages, ::testing::Contains(::testing::HasSubstr(
                            "platform:1: warning: id: duplicate record id \"B\"")));
  EXPECT_THAT(messages, ::testing::Contains(::testing::HasSubstr(
                            "platform:4: warning: id: duplicate record id \"D\", first in "
                            "platform line 3")));
  EXPECT_THAT(messages, ::testing::Not(::testing::Contains(::testing::HasSubstr("\"A\""))));

  const TeacherRecords unknown[] = {{"T9", rows}};
  EXPECT_THROW(replace_records(ledger, unknown), InputError);
  const Audit audit = evaluate(policy, ledger);
  const TeacherIndex none[] = {0};
  EXPECT_THROW(reevaluate(audit, updated, {}), std::invalid_argument);  // T1 changed, not listed
  EXPECT_NO_THROW(reevaluate(audit, updated, none));
}

}  // namespace
}  // namespace yanxiu
