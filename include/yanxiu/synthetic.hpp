#pragma once

#include <cstdint>
#include <string>

#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>

namespace yanxiu {

/// A made-up county for demos, tests and benchmarks: deterministic for a seed, on any platform.
struct SyntheticCountyOptions {
  std::int64_t teachers = 3000;
  std::uint64_t seed = 2017;
  /// Anomalies per 10,000 records, so the dispositions have something to count.
  int duplicates_per_10k = 20;
  int invalid_per_10k = 10;
  int uncertified_per_10k = 100;
  int outside_per_10k = 20;
};

/// teachers.csv and records.csv as text.
struct SyntheticCounty {
  std::string teachers_csv;
  std::string records_csv;
  std::int64_t record_rows = 0;
};

/// Generates a county shaped like Dali's (S0): about six records per teacher and semester across
/// the policy's categories — school-based sessions, a workshop, self-study, a holiday course
/// that may span the semester boundary, certified online hours. Seven in ten teachers comply,
/// two fall short in a part now and then, one lags throughout; some join or leave mid-cycle.
/// Categories are taken from `policy`: the five Dali ids when it has them, else all of its own.
SyntheticCounty generate_county(const Policy& policy, const SyntheticCountyOptions& options = {});

/// The same county straight into a ledger's columns, without the text: the rows, their
/// dispositions and messages are those of reading generate_county's CSV (for a seed, the same
/// county). Sizes of a province and more fit where their CSV text would not.
Ledger generate_ledger(const Policy& policy, const SyntheticCountyOptions& options = {});

}  // namespace yanxiu
