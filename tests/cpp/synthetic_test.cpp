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

}  // namespace
}  // namespace yanxiu
