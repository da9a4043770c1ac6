/* Rubrics through the C ABI: Pucheng's school form scored from columns and from the shipped CSV
   files, Gaoyou's teacher evaluation with evaluators and the ethics veto, and the errors.
   Expected numbers follow from the policies (examples/policies/pucheng-2014.json: 22 items in
   groups of 10/10/50/20/10; gaoyou-3year.json: self, peer and school at 20/30/50, levels A 100,
   B 80, C 60, D 0 percent) and are worked out in the comments. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* const pucheng = YX_SOURCE_DIR "/examples/policies/pucheng-2014.json";
static const char* const gaoyou = YX_SOURCE_DIR "/examples/policies/gaoyou-3year.json";

/* The row of a subject's item ("7", "group:planning", "total"), or (size_t)-1. */
static size_t find_row(const yx_scores* scores, const char* subject, const char* item) {
  size_t begin = 0, end = 0, row;
  if (yx_scores_subject_rows(&begin, &end, scores, subject) != YX_OK) return (size_t)-1;
  for (row = begin; row < end; ++row) {
    const char* id = NULL;
    CHECK_OK(yx_scores_item_id(&id, scores, row));
    if (id && strcmp(id, item) == 0) return row;
  }
  return (size_t)-1;
}

static int64_t score_of(const yx_scores* scores, const char* subject, const char* item) {
  int64_t score = -2;
  const size_t row = find_row(scores, subject, item);
  CHECK(row != (size_t)-1);
  if (row != (size_t)-1) CHECK_OK(yx_scores_score(&score, scores, row));
  return score;
}

/* One school from columns: every given item full but item 11 at 7.5; items 12, 14, 15 from
   metrics: 9 of 10 months × 10 = 9, 11 of 12 trainees × 5 = 4.5833… → 4.58, 10 of 10 × 10 = 10.
   Activities 5 + 7.5 + 9 + 5 + 4.58 + 10 + 5 = 46.08; total 10 + 10 + 46.08 + 20 + 10 = 96.08. */
static void test_columns(const yx_policy* policy) {
  static const char* const items[] = {"1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10",
                                      "11", "13", "16", "17", "18", "19", "20", "21", "22", "23"};
  static const int64_t points[] = {200, 200, 200, 200, 200, 200, 400,  200, 200, 500,
                                   750, 500, 500, 200, 300, 500, 1000, 500, 500, 100};
  const char* subjects[20];
  const char* metric_subjects[5];
  static const char* const metric_names[] = {"months_uploaded", "months_due", "training_passed",
                                             "training_enrolled", "outreach_months_uploaded"};
  static const int64_t metric_values[] = {900, 1000, 1100, 1200, 1000};
  yx_score_columns scores = YX_SCORE_COLUMNS_INIT;
  yx_metric_columns metrics = YX_METRIC_COLUMNS_INIT;
  yx_scores* result = NULL;
  const yx_diagnostic* diagnostic = NULL;
  size_t rows = 0, count = 0, row;
  int64_t amount = 0;
  int32_t rank = 0;
  yx_score_status status;
  yx_score_row_kind kind;
  const char* text = NULL;
  int i;

  for (i = 0; i < 20; ++i)
    subjects[i] = "实验中学";
  for (i = 0; i < 5; ++i)
    metric_subjects[i] = "实验中学";
  scores.count = 20; /* the last row names item 23, which the form does not have */
  scores.subject_id = subjects;
  scores.item_id = items;
  scores.score = points;
  metrics.count = 5;
  metrics.subject_id = metric_subjects;
  metrics.metric = metric_names;
  metrics.value = metric_values;

  CHECK_OK(yx_score_rubric(&result, policy, "school-evaluation", &scores, &metrics));
  CHECK_OK(yx_scores_row_count(&rows, result));
  CHECK_INT(rows, 22 + 5 + 1);
  CHECK_INT(score_of(result, "实验中学", "11"), 750);
  CHECK_INT(score_of(result, "实验中学", "12"), 900);
  CHECK_INT(score_of(result, "实验中学", "14"), 458);
  CHECK_INT(score_of(result, "实验中学", "group:activities"), 4608);
  row = find_row(result, "实验中学", "total");
  CHECK_INT(row, rows - 1);
  CHECK_OK(yx_scores_score(&amount, result, row));
  CHECK_INT(amount, 9608);
  CHECK_OK(yx_scores_weight(&amount, result, row));
  CHECK_INT(amount, 10000);
  CHECK_OK(yx_scores_row_kind(&kind, result, row));
  CHECK_INT(kind, YX_SCORE_ROW_TOTAL);
  CHECK_OK(yx_scores_status(&status, result, row));
  CHECK_INT(status, YX_SCORE_COMPLETE);
  CHECK_STR(yx_score_status_str(status), "complete");
  CHECK_OK(yx_scores_band(&text, result, row));
  CHECK_STR(text, "excellent");
  CHECK_OK(yx_scores_rank(&rank, result, row));
  CHECK_INT(rank, 1);
  CHECK_OK(yx_scores_awards(&text, result, row));
  CHECK_STR(text, "model-school");
  CHECK_OK(yx_scores_veto(&text, result, row));
  CHECK_STR(text, "");
  CHECK_OK(yx_scores_subject_id(&text, result, 0));
  CHECK_STR(text, "实验中学");
  CHECK_OK(yx_scores_note(&text, result, find_row(result, "实验中学", "14")));
  CHECK_STR(text, "training_passed 11 of training_enrolled 12");

  /* The row of item 23 is the one diagnostic, at its position among the rows given. */
  CHECK_OK(yx_scores_score_disposition_count(&amount, result, YX_SCORE_ROW_USED));
  CHECK_INT(amount, 19);
  CHECK_OK(yx_scores_score_disposition_count(&amount, result, YX_SCORE_ROW_INVALID));
  CHECK_INT(amount, 1);
  CHECK_OK(yx_scores_metric_disposition_count(&amount, result, YX_SCORE_ROW_USED));
  CHECK_INT(amount, 5);
  CHECK_OK(yx_scores_diagnostic_count(&count, result));
  CHECK_INT(count, 1);
  CHECK_OK(yx_scores_diagnostic(&diagnostic, result, 0));
  CHECK_STR(diagnostic->file, "scores");
  CHECK_INT(diagnostic->line, 20);
  CHECK_STR(diagnostic->path, "item_id");
  CHECK_CONTAINS(diagnostic->message, "unknown item \"23\"");

  CHECK_STATUS(yx_scores_score(&amount, result, rows), YX_ERANGE);
  CHECK_STATUS(yx_scores_score_disposition_count(&amount, result, (yx_score_disposition)4),
               YX_ERANGE);
  CHECK_STATUS(yx_scores_subject_rows(&row, &count, result, "城关镇中"), YX_ENOTFOUND);
  CHECK_OK(yx_scores_free(result));
  CHECK_STATUS(yx_scores_free(result), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "scores is not a live yx_scores: it was freed");
}

/* The shipped example: 罕中初中部 99, 实验中学 97, 东党初中 92 are the model schools; 城关镇中
   75.67; 永丰初中 has no score for item 20. */
static void test_csv(const yx_policy* policy) {
  yx_scores* result = NULL;
  yx_buf csv = YX_BUF_INIT;
  size_t row;
  int32_t rank = -1;
  yx_score_status status;
  const char* text = NULL;

  CHECK_OK(yx_score_rubric_csv(&result, policy, "school-evaluation",
                               YX_SOURCE_DIR "/examples/scores/pucheng-2014-scores.csv",
                               YX_SOURCE_DIR "/examples/scores/pucheng-2014-metrics.csv"));
  CHECK_INT(score_of(result, "城关镇中", "total"), 7567);
  CHECK_INT(score_of(result, "罕中初中部", "total"), 9900);
  row = find_row(result, "永丰初中", "total");
  CHECK_OK(yx_scores_status(&status, result, row));
  CHECK_INT(status, YX_SCORE_INCOMPLETE);
  CHECK_INT(score_of(result, "永丰初中", "total"), YX_NO_SCORE);
  CHECK_OK(yx_scores_rank(&rank, result, row));
  CHECK_INT(rank, 0);
  CHECK_OK(yx_scores_note(&text, result, row));
  CHECK_STR(text, "missing: 20");
  CHECK_OK(yx_scores_write_csv(&csv, result));
  CHECK_CONTAINS(csv.ptr, "subject_id,item_id,weight,score,band,rank,status,awards,note\n");
  CHECK_CONTAINS(csv.ptr, "\n东党初中,total,100.00,92.00,excellent,3,complete,model-school,\n");
  yx_buf_dispose(&csv);
  CHECK_OK(yx_scores_free(result));

  CHECK_STATUS(yx_score_rubric_csv(&result, policy, "school-evaluation",
                                   YX_SOURCE_DIR "/no-such-scores.csv", NULL),
               YX_EINPUT);
  CHECK(result == NULL);
  CHECK_LAST_ERROR(YX_EINPUT, "no-such-scores.csv: error: cannot open the file");
}

/* Gaoyou: T2 has every item A from all three evaluators and 20 of 20 sessions, but the school
   judges its ethics "fail": 0 + 20 + 20 + 20 + 15 + 15 = 90, vetoed, no award. */
static void test_veto(void) {
  static const char* const items[] = {
      "ethics",   "study",    "study",    "study",      "reflection", "reflection", "reflection",
      "research", "research", "research", "technology", "technology", "technology"};
  static const char* const evaluators[] = {"school", "self",   "peer",  "school", "self",
                                           "peer",   "school", "self",  "peer",   "school",
                                           "self",   "peer",   "school"};
  static const char* const levels[] = {"fail", "A", "A", "A", "A", "A", "A",
                                       "A",    "A", "A", "A", "A", "A"};
  static const char* const metric_names[] = {"sessions_attended", "sessions_held"};
  static const int64_t metric_values[] = {2000, 2000};
  const char* subjects[13];
  yx_policy* policy = NULL;
  yx_score_columns scores = YX_SCORE_COLUMNS_INIT;
  yx_metric_columns metrics;
  yx_scores* result = NULL;
  size_t row;
  int32_t rank = 0;
  yx_score_status status;
  const char* text = NULL;
  int i;

  for (i = 0; i < 13; ++i)
    subjects[i] = "T2";
  CHECK_OK(yx_policy_load(&policy, gaoyou));
  scores.count = 13;
  scores.subject_id = subjects;
  scores.item_id = items;
  scores.evaluator = evaluators;
  scores.level = levels;
  CHECK_OK(yx_metric_columns_init(&metrics, YX_METRIC_COLUMNS_VERSION));
  metrics.count = 2;
  metrics.subject_id = subjects;
  metrics.metric = metric_names;
  metrics.value = metric_values;

  CHECK_OK(yx_score_rubric(&result, policy, "teacher-evaluation", &scores, &metrics));
  row = find_row(result, "T2", "total");
  CHECK_INT(score_of(result, "T2", "total"), 9000);
  CHECK_OK(yx_scores_status(&status, result, row));
  CHECK_INT(status, YX_SCORE_VETOED);
  CHECK_OK(yx_scores_veto(&text, result, row));
  CHECK_STR(text, "ethics");
  CHECK_OK(yx_scores_note(&text, result, row));
  CHECK_CONTAINS(text, "vetoed by ethics");
  CHECK_CONTAINS(text, "school gave item ethics level fail; no award");
  CHECK_OK(yx_scores_awards(&text, result, row));
  CHECK_STR(text, "");
  CHECK_OK(yx_scores_rank(&rank, result, row));
  CHECK_INT(rank, 1);
  CHECK_OK(yx_scores_free(result));
  CHECK_OK(yx_policy_free(policy));
}

static void test_errors(const yx_policy* policy) {
  yx_score_columns scores = YX_SCORE_COLUMNS_INIT;
  yx_scores* result = (yx_scores*)&scores;

  CHECK_STATUS(yx_score_rubric(&result, policy, "school", &scores, NULL), YX_ENOTFOUND);
  CHECK(result == NULL);
  CHECK_LAST_ERROR(YX_ENOTFOUND,
                   "policy pucheng-2014 has no rubric \"school\"; its rubrics: school-evaluation");
  CHECK_STATUS(yx_score_rubric(&result, policy, "school-evaluation", NULL, NULL), YX_EINVAL);
  CHECK_STATUS(yx_score_rubric(&result, policy, NULL, &scores, NULL), YX_EINVAL);
  scores.version = 2;
  CHECK_STATUS(yx_score_rubric(&result, policy, "school-evaluation", &scores, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "scores.version is 2; this library knows version 1");
  scores.version = YX_SCORE_COLUMNS_VERSION;
  scores.count = 1;
  CHECK_STATUS(yx_score_rubric(&result, policy, "school-evaluation", &scores, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "scores.subject_id is NULL but count is not 0");
  CHECK_STATUS(yx_score_columns_init(&scores, 7), YX_EINVAL);
  CHECK_OK(yx_score_columns_init(&scores, YX_SCORE_COLUMNS_VERSION));
  CHECK_INT(scores.count, 0);
  CHECK_STATUS(yx_scores_row_count(NULL, NULL), YX_EINVAL);
  CHECK_STATUS(yx_scores_row_count(NULL, (const yx_scores*)policy), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "scores is a yx_policy, not a yx_scores");
  CHECK_OK(yx_scores_free(NULL));
  CHECK_STR(yx_score_status_str((yx_score_status)99), "unknown");
}

int main(void) {
  yx_policy* policy = NULL;
  CHECK_OK(yx_policy_load(&policy, pucheng));
  test_columns(policy);
  test_csv(policy);
  test_veto();
  test_errors(policy);
  CHECK_OK(yx_policy_free(policy));
  return check_report("test_scores");
}
