#include <gtest/gtest.h>

#include <yanxiu/synthetic.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

TEST(Synthetic, SameSeedSameCountyOtherSeedAnother) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 200;
  const SyntheticCounty a = generate_county(policy, options);
  const SyntheticCounty b = generate_county(policy, options);
  EXPECT_EQ(a.teachers_csv, b.teachers_csv);
  EXPECT_EQ(a.records_csv, b.records_csv);
  options.seed = 7;
  EXPECT_NE(generate_county(policy, options).records_csv, a.records_csv);
}

TEST(Synthetic, ARealisticMixOfDispositions) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 2000;
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger ledger = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  const Audit audit = evaluate(policy, ledger);
  const auto& counts = audit.disposition_counts();
  EXPECT_EQ(counts.total(), county.record_rows);
  EXPECT_EQ(ledger.teachers().size(), 2000u);
  // About six records a teacher and semester, and some of every anomaly.
  EXPECT_GT(county.record_rows, 2000 * 10 * 5);
  for (auto d : {Disposition::outside, Disposition::duplicate, Disposition::uncertified,
                 Disposition::invalid}) {
    EXPECT_GT(counts[d], 0) << to_string(d);
  }
  std::int64_t met = 0, short_ = 0;
  for (auto status : audit.columns().status) {
    met += status == Status::met;
    short_ += status == Status::short_;
  }
  EXPECT_GT(met, short_);  // most comply
  EXPECT_GT(short_, 0);    // not all
}

TEST(Synthetic, TheLedgerFormIsTheCsvRead) {
  const Policy policy = testing::dali_policy();
  SyntheticCountyOptions options;
  options.teachers = 1200;
  const SyntheticCounty county = generate_county(policy, options);
  const Ledger read = testing::make_ledger(policy, county.teachers_csv, county.records_csv);
  const Ledger direct = generate_ledger(policy, options);

  EXPECT_EQ(direct.intake_counts(), read.intake_counts());
  EXPECT_EQ(direct.intake_counts().total(), county.record_rows);
  ASSERT_EQ(direct.diagnostics().items().size(), read.diagnostics().items().size());
  for (std::size_t i = 0; i < read.diagnostics().items().size(); ++i) {
    EXPECT_EQ(to_string(direct.diagnostics().items()[i]), to_string(read.diagnostics().items()[i]));
  }
  const RecordColumns &a = direct.records(), &b = read.records();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.teacher, b.teacher);
  EXPECT_EQ(a.day, b.day);
  EXPECT_EQ(a.end_day, b.end_day);
  EXPECT_EQ(a.hours, b.hours);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.intake, b.intake);
  EXPECT_EQ(a.count, b.count);
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a.id[r], b.id[r]);
    ASSERT_EQ(a.certificate[r], b.certificate[r]);
    ASSERT_EQ(a.activity[r], b.activity[r]);
    ASSERT_EQ(a.outcome[r], b.outcome[r]);
    ASSERT_EQ(a.level[r], b.level[r]);
  }
  const TeacherColumns &s = direct.teachers(), &t = read.teachers();
  ASSERT_EQ(s.size(), t.size());
  EXPECT_EQ(s.birth_day, t.birth_day);
  EXPECT_EQ(s.join_day, t.join_day);
  EXPECT_EQ(s.leave_day, t.leave_day);
  for (const char* attribute : {"school", "title", "roles", "star"}) {
    for (std::size_t i = 0; i < s.size(); ++i)
      ASSERT_EQ((*s.attribute(attribute))[i], (*t.attribute(attribute))[i]) << attribute;
  }
}

}  // namespace
}  // namespace yanxiu
