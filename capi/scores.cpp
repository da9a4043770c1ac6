// Rubrics: a policy's rubric scored from columns or CSV files, and the score table read back.

#include <stdexcept>
#include <string>

#include <yanxiu/report.hpp>
#include <yanxiu/rubrics.hpp>

#include "buffer.hpp"
#include "columns.hpp"
#include "enums.hpp"
#include "errors.hpp"
#include "handles.hpp"
#include "yanxiu.h"

namespace yanxiu::capi {

static_assert(static_cast<int>(RubricRowKind::item) == YX_SCORE_ROW_ITEM &&
              static_cast<int>(RubricRowKind::group) == YX_SCORE_ROW_GROUP &&
              static_cast<int>(RubricRowKind::total) == YX_SCORE_ROW_TOTAL);
static_assert(static_cast<int>(ScoreStatus::scored) == YX_SCORE_SCORED &&
              static_cast<int>(ScoreStatus::missing) == YX_SCORE_MISSING &&
              static_cast<int>(ScoreStatus::zero) == YX_SCORE_ZERO &&
              static_cast<int>(ScoreStatus::disagree) == YX_SCORE_DISAGREE &&
              static_cast<int>(ScoreStatus::complete) == YX_SCORE_COMPLETE &&
              static_cast<int>(ScoreStatus::incomplete) == YX_SCORE_INCOMPLETE &&
              static_cast<int>(ScoreStatus::vetoed) == YX_SCORE_VETOED);
static_assert(static_cast<int>(ScoreDisposition::used) == YX_SCORE_ROW_USED &&
              static_cast<int>(ScoreDisposition::unused) == YX_SCORE_ROW_UNUSED &&
              static_cast<int>(ScoreDisposition::duplicate) == YX_SCORE_ROW_DUPLICATE &&
              static_cast<int>(ScoreDisposition::invalid) == YX_SCORE_ROW_INVALID);
static_assert(no_score == YX_NO_SCORE);

ScoresState::ScoresState(RubricResult scored, std::shared_ptr<const PolicyView> view)
    : result(std::move(scored)),
      policy(std::move(view)),
      diagnostics(diagnostic_views(result.diagnostics().items())) {
  item_ids.reserve(result.rows().size());
  awards.reserve(result.rows().size());
  for (const RubricRow& row : result.rows()) {
    item_ids.push_back(result.item_id(row));
    awards.push_back(result.award_ids(row));
  }
}

namespace {

/// The sheet of a rubric the policy has; YX_ENOTFOUND (naming the rubrics) otherwise.
ScoreSheet open_sheet(const Policy& policy, const char* rubric_id, const InputLimits& limits = {}) {
  require(rubric_id, "rubric_id");
  try {
    return ScoreSheet(policy, rubric_id, limits);
  } catch (const std::invalid_argument& unknown) {
    fail(YX_ENOTFOUND, unknown.what(), "rubric_id");
  }
}

// yx_score_rubric_csv and its encoded form.
void score_csv(yx_scores** out, const yx_policy* policy, const char* rubric_id,
               const char* scores_path, const char* metrics_path, const InputLimits& limits) {
  require(out, "out");
  *out = nullptr;
  const PolicyState& view = state_of(policy, "policy");
  if (!scores_path && !metrics_path) {
    fail(YX_EINVAL, "scores_path and metrics_path are both NULL", "scores_path");
  }
  yanxiu::ScoreSheet sheet = open_sheet(view->policy, rubric_id, limits);
  if (scores_path) sheet.read_scores(scores_path);
  if (metrics_path) sheet.read_metrics(metrics_path);
  *out = make_handle<yx_scores>(yanxiu::score_rubric(sheet), view);
}

void check_columns(const yx_score_columns* columns) {
  check_version(columns->version, YX_SCORE_COLUMNS_VERSION, "scores",
                "YX_SCORE_COLUMNS_INIT or yx_score_columns_init");
  if (columns->count == 0) return;
  require_column(columns->subject_id, "scores", "subject_id");
  require_column(columns->item_id, "scores", "item_id");
}

void check_columns(const yx_metric_columns* columns) {
  check_version(columns->version, YX_METRIC_COLUMNS_VERSION, "metrics",
                "YX_METRIC_COLUMNS_INIT or yx_metric_columns_init");
  if (columns->count == 0) return;
  require_column(columns->subject_id, "metrics", "subject_id");
  require_column(columns->metric, "metrics", "metric");
  require_column(columns->value, "metrics", "value");
}

void add_scores(ScoreSheet& sheet, const yx_score_columns& columns) {
  const int file = sheet.add_source("scores");
  for (std::size_t i = 0; i < columns.count; ++i) {
    ScoreRow row;
    row.subject_id = cell_text(columns.subject_id, i);
    row.item_id = cell_text(columns.item_id, i);
    row.evaluator = cell_text(columns.evaluator, i);
    row.level = cell_text(columns.level, i);
    if (columns.score && columns.score[i] != YX_NO_SCORE) row.score = columns.score[i];
    sheet.add_score(row, {file, static_cast<int>(i + 1)});
  }
}

void add_metrics(ScoreSheet& sheet, const yx_metric_columns& columns) {
  const int file = sheet.add_source("metrics");
  for (std::size_t i = 0; i < columns.count; ++i) {
    MetricRow row;
    row.subject_id = cell_text(columns.subject_id, i);
    row.metric = cell_text(columns.metric, i);
    row.value = columns.value[i];
    sheet.add_metric(row, {file, static_cast<int>(i + 1)});
  }
}

/// The scores of a row getter, with the row checked against their size.
const ScoresState& scores_row(const yx_scores* scores, std::size_t row) {
  const ScoresState& state = state_of(scores, "scores");
  if (row >= state.result.rows().size()) {
    fail(YX_ERANGE,
         "row " + std::to_string(row) + " is out of range: the scores have " +
             std::to_string(state.result.rows().size()) + " rows",
         "row");
  }
  return state;
}

}  // namespace

}  // namespace yanxiu::capi

using namespace yanxiu::capi;

extern "C" {

yx_status yx_score_rubric(yx_scores** out, const yx_policy* policy, const char* rubric_id,
                          const yx_score_columns* scores, const yx_metric_columns* metrics) {
  return guarded(__func__, [&] {
    require(out, "out");
    *out = nullptr;
    const PolicyState& view = state_of(policy, "policy");
    if (!scores && !metrics) fail(YX_EINVAL, "scores and metrics are both NULL", "scores");
    if (scores) check_columns(scores);
    if (metrics) check_columns(metrics);
    yanxiu::ScoreSheet sheet = open_sheet(view->policy, rubric_id);
    if (scores) add_scores(sheet, *scores);
    if (metrics) add_metrics(sheet, *metrics);
    *out = make_handle<yx_scores>(yanxiu::score_rubric(sheet), view);
  });
}

yx_status yx_score_rubric_csv(yx_scores** out, const yx_policy* policy, const char* rubric_id,
                              const char* scores_path, const char* metrics_path) {
  return guarded(__func__, [&] {
    score_csv(out, policy, rubric_id, scores_path, metrics_path, yanxiu::InputLimits{});
  });
}

yx_status yx_score_rubric_csv_encoded(yx_scores** out, const yx_policy* policy,
                                      const char* rubric_id, const char* scores_path,
                                      const char* metrics_path, yx_encoding encoding) {
  return guarded(__func__, [&] {
    score_csv(out, policy, rubric_id, scores_path, metrics_path, encoding_limits(encoding));
  });
}

yx_status yx_scores_free(yx_scores* scores) {
  return guarded(__func__, [&] { free_handle(scores, "scores"); });
}

yx_status yx_scores_row_count(size_t* out, const yx_scores* scores) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    require(out, "out");
    *out = state.result.rows().size();
  });
}

yx_status yx_scores_subject_rows(size_t* out_begin, size_t* out_end, const yx_scores* scores,
                                 const char* subject_id) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    require(out_begin, "out_begin");
    require(out_end, "out_end");
    require(subject_id, "subject_id");
    const auto subject = state.result.find_subject(subject_id);
    if (!subject) {
      fail(YX_ENOTFOUND, "the scores have no subject \"" + std::string(subject_id) + "\"",
           "subject_id");
    }
    *out_begin = state.result.row_begin(*subject);
    *out_end = state.result.row_begin(*subject + 1);
  });
}

yx_status yx_scores_subject_id(const char** out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    const auto subject = static_cast<std::size_t>(state.result.rows()[row].subject);
    *out = state.result.subjects()[subject].c_str();
  });
}

yx_status yx_scores_item_id(const char** out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = state.item_ids[row].c_str();
  });
}

yx_status yx_scores_row_kind(yx_score_row_kind* out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = static_cast<yx_score_row_kind>(state.result.rows()[row].kind);
  });
}

yx_status yx_scores_weight(int64_t* out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = state.result.rows()[row].weight;
  });
}

yx_status yx_scores_score(int64_t* out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = state.result.rows()[row].score;
  });
}

yx_status yx_scores_status(yx_score_status* out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = static_cast<yx_score_status>(state.result.rows()[row].status);
  });
}

yx_status yx_scores_band(const char** out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    const auto band = state.result.rows()[row].band;
    *out = band < 0 ? "" : state.result.rubric().bands[static_cast<std::size_t>(band)].id.c_str();
  });
}

yx_status yx_scores_awards(const char** out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = state.awards[row].c_str();
  });
}

yx_status yx_scores_veto(const char** out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    const auto veto = state.result.rows()[row].veto;
    *out = veto < 0 ? "" : state.result.rubric().vetoes[static_cast<std::size_t>(veto)].id.c_str();
  });
}

yx_status yx_scores_rank(int32_t* out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = state.result.rows()[row].rank;
  });
}

yx_status yx_scores_note(const char** out, const yx_scores* scores, size_t row) {
  return guarded(__func__, [&] {
    const ScoresState& state = scores_row(scores, row);
    require(out, "out");
    *out = state.result.rows()[row].note.c_str();
  });
}

yx_status yx_scores_score_disposition_count(int64_t* out, const yx_scores* scores,
                                            yx_score_disposition disposition) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    require(out, "out");
    *out = state.result.score_counts()[checked_enum<yanxiu::ScoreDisposition>(
        disposition, yanxiu::score_disposition_count, "disposition")];
  });
}

yx_status yx_scores_metric_disposition_count(int64_t* out, const yx_scores* scores,
                                             yx_score_disposition disposition) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    require(out, "out");
    *out = state.result.metric_counts()[checked_enum<yanxiu::ScoreDisposition>(
        disposition, yanxiu::score_disposition_count, "disposition")];
  });
}

yx_status yx_scores_diagnostic_count(size_t* out, const yx_scores* scores) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    require(out, "out");
    *out = state.diagnostics.size();
  });
}

yx_status yx_scores_diagnostic(const yx_diagnostic** out, const yx_scores* scores, size_t index) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    require(out, "out");
    *out = &checked_diagnostic(state.diagnostics, index);
  });
}

yx_status yx_scores_write_csv(yx_buf* out, const yx_scores* scores) {
  return guarded(__func__, [&] {
    const ScoresState& state = state_of(scores, "scores");
    write_buffer(out, [&](std::ostream& stream) { yanxiu::write_score_csv(stream, state.result); });
  });
}

}  // extern "C"
