// A rubric's scores.csv and metrics.csv on any bytes (cut at the first form feed), for each
// rubric of the shipped policies: a file is refused with InputError, or every row ends in
// exactly one disposition and the rubric is scored; nothing else may happen.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "fuzz_support.hpp"

namespace {

using namespace yanxiu;

void score_with(const Policy& policy, const Rubric& rubric, std::string_view scores,
                std::string_view metrics) {
  ScoreSheet sheet(policy, rubric.id);
  std::int64_t score_rows = 0, metric_rows = 0;
  try {
    sheet.read_scores_text(scores, "scores.csv");
    score_rows = fuzz::data_rows(scores);
  } catch (const InputError& error) {
    fuzz::require_located(error.diagnostics());
  }
  try {
    sheet.read_metrics_text(metrics, "metrics.csv");
    metric_rows = fuzz::data_rows(metrics);
  } catch (const InputError& error) {
    fuzz::require_located(error.diagnostics());
  }
  fuzz::require_located(sheet.diagnostics().items());
  fuzz::require(
      sheet.score_counts().total() == score_rows && sheet.metric_counts().total() == metric_rows,
      "every score and metric row ends in exactly one disposition");
  const RubricResult result = score_rubric(sheet);
  fuzz::require(result.score_counts() == sheet.score_counts() &&
                    result.metric_counts() == sheet.metric_counts(),
                "scoring keeps every row's disposition");
  std::ostringstream out;
  write_score_csv(out, result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [scores, metrics] =
      fuzz::two_files(std::string_view(reinterpret_cast<const char*>(data), size));
  for (const Policy& policy : fuzz::shipped_policies()) {
    for (const Rubric& rubric : policy.rubrics())
      score_with(policy, rubric, scores, metrics);
  }
  return 0;
}
