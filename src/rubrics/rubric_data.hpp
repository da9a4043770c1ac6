#pragma once

// What a ScoreSheet gathers and a RubricResult holds, shared by the sheet's reader
// (score_sheet.cpp) and the scoring engine (rubric_scoring.cpp).

#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <yanxiu/rubrics.hpp>

#include "policy/words.hpp"

namespace yanxiu {

struct ScoreSheet::Data {
  Data(Policy loaded, const Rubric& chosen) : policy(std::move(loaded)), rubric(&chosen) {}

  /// Where a used row came from, for "first on line N".
  struct Origin {
    int file = 0;
    int line = 0;
  };
  /// One evaluator's score of an item: points for a score item, a level index for a level item.
  struct GivenScore {
    Hundredths points = 0;
    int level = -1;
    Origin origin;
  };
  struct GivenMetric {
    Hundredths value = 0;
    Origin origin;
  };
  /// (subject, item, evaluator); evaluator -1 in a rubric without evaluators.
  using ScoreKey = std::tuple<std::int32_t, int, int>;

  Policy policy;
  const Rubric* rubric;  ///< one of policy's
  InputLimits limits;
  std::vector<std::string> files;
  Diagnostics diagnostics;
  ScoreDispositionCounts score_counts;
  ScoreDispositionCounts metric_counts;
  std::vector<std::string> subjects;  ///< in the order they first appear in a used row
  std::unordered_map<std::string, std::int32_t> subject_index;
  std::map<ScoreKey, GivenScore> scores;
  std::map<std::pair<std::int32_t, std::string>, GivenMetric> metrics;
  /// Metrics the rubric does not read: each reported once, where first seen.
  std::vector<std::string> unused_metrics;

  std::int32_t subject(std::string_view id);
  const GivenMetric* metric(std::int32_t subject, const std::string& name) const;
};

namespace detail {

struct RubricResultData {
  Policy policy;
  const Rubric* rubric;  ///< one of policy's
  std::vector<std::string> subjects;
  std::unordered_map<std::string, std::int32_t> subject_index;
  std::vector<RubricRow> rows;
  std::vector<std::size_t> subject_rows;  ///< row_begin of each subject, and the end
  Diagnostics diagnostics;
  ScoreDispositionCounts score_counts;
  ScoreDispositionCounts metric_counts;
};

}  // namespace detail

}  // namespace yanxiu
