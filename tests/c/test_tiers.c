/* Tiers through the C ABI: the fixture ladder of tests/policies/tier-criteria.json judged as of
   2020-08-31 from the CSV files of tests/cli, whose numbers are worked out by hand in
   tests/policies/tier-criteria.test.json: T2 has 112 + 8 = 120 hours but one paper of two, T4 is
   vetoed for ethics, T5 keeps 20 of 30 upkeep hours and is demoted from 2 to 1. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* const fixture = YX_SOURCE_DIR "/tests/policies/tier-criteria.json";
static const char* const teachers = YX_SOURCE_DIR "/tests/cli/tier-teachers.csv";
static const char* const records = YX_SOURCE_DIR "/tests/cli/tier-records.csv";

static size_t find_row(const yx_tiers* tiers, const char* teacher) {
  size_t rows = 0, row;
  CHECK_OK(yx_tiers_row_count(&rows, tiers));
  for (row = 0; row < rows; ++row) {
    const char* id = NULL;
    CHECK_OK(yx_tiers_teacher_id(&id, tiers, row));
    if (id && strcmp(id, teacher) == 0) return row;
  }
  return (size_t)-1;
}

int main(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_tiers* tiers = NULL;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  size_t rows = 0, row;
  yx_tier_status status;
  const char* text = NULL;
  int32_t day = 0;

  CHECK_OK(yx_policy_load(&policy, fixture));
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, teachers));
  CHECK_OK(yx_ledger_read_records_csv(ledger, records));
  options.as_of = "2020-08-31";
  CHECK_OK(yx_evaluate_tiers(&tiers, policy, ledger, &options));
  CHECK_OK(yx_tiers_row_count(&rows, tiers));
  CHECK_INT(rows, 10);

  row = find_row(tiers, "T2");
  CHECK_OK(yx_tiers_ladder_id(&text, tiers, row));
  CHECK_STR(text, "star");
  CHECK_OK(yx_tiers_tier(&text, tiers, row));
  CHECK_STR(text, "1");
  CHECK_OK(yx_tiers_next_tier(&text, tiers, row));
  CHECK_STR(text, "2");
  CHECK_OK(yx_tiers_status(&status, tiers, row));
  CHECK_INT(status, YX_TIER_SHORT);
  CHECK_STR(yx_tier_status_str(status), "short");
  CHECK_OK(yx_tiers_missing(&text, tiers, row));
  CHECK_STR(text, "papers: 1 of 2 \xE2\x80\x94 1 short");
  CHECK_OK(yx_tiers_since(&day, tiers, row));
  CHECK_INT(day, YX_NO_DAY);

  row = find_row(tiers, "T4");
  CHECK_OK(yx_tiers_status(&status, tiers, row));
  CHECK_INT(status, YX_TIER_VETOED);
  CHECK_OK(yx_tiers_missing(&text, tiers, row));
  CHECK_STR(text, "vetoed: ethics");

  row = find_row(tiers, "T5");
  CHECK_OK(yx_tiers_status(&status, tiers, row));
  CHECK_INT(status, YX_TIER_DEMOTED);
  CHECK_OK(yx_tiers_result_tier(&text, tiers, row));
  CHECK_STR(text, "1");
  CHECK_OK(yx_tiers_since(&day, tiers, row));
  CHECK_INT(day, 17410); /* 2017-09-01 */

  /* The same rows in bulk, three at a time. */
  {
    const char *teacher[3], *ladder[3], *tier[3], *next[3], *result[3], *missing[3];
    int32_t since[3];
    yx_tier_status statuses[3];
    yx_tiers_rows bulk = YX_TIERS_ROWS_INIT;
    size_t first = 0, count = 0, i;
    bulk.capacity = 3;
    bulk.teacher_id = teacher;
    bulk.ladder_id = ladder;
    bulk.tier = tier;
    bulk.since = since;
    bulk.next_tier = next;
    bulk.status = statuses;
    bulk.result_tier = result;
    bulk.missing = missing;
    for (first = 0; first < rows; first += count) {
      CHECK_OK(yx_tiers_read_rows(&count, tiers, first, &bulk));
      CHECK_INT(count, rows - first < 3 ? rows - first : 3);
      for (i = 0; i < count; ++i) {
        CHECK_OK(yx_tiers_teacher_id(&text, tiers, first + i));
        CHECK(text == teacher[i]);
        CHECK_OK(yx_tiers_ladder_id(&text, tiers, first + i));
        CHECK(text == ladder[i]);
        CHECK_OK(yx_tiers_tier(&text, tiers, first + i));
        CHECK(text == tier[i]);
        CHECK_OK(yx_tiers_next_tier(&text, tiers, first + i));
        CHECK(text == next[i]);
        CHECK_OK(yx_tiers_result_tier(&text, tiers, first + i));
        CHECK(text == result[i]);
        CHECK_OK(yx_tiers_missing(&text, tiers, first + i));
        CHECK(text == missing[i]);
        CHECK_OK(yx_tiers_since(&day, tiers, first + i));
        CHECK_INT(day, since[i]);
        CHECK_OK(yx_tiers_status(&status, tiers, first + i));
        CHECK_INT(status, statuses[i]);
      }
    }
    /* T5's row, worked by hand above: demoted from 2 to 1, at 2 since 2017-09-01. */
    row = find_row(tiers, "T5");
    CHECK_OK(yx_tiers_read_rows(&count, tiers, row, &bulk));
    CHECK_STR(teacher[0], "T5");
    CHECK_INT(statuses[0], YX_TIER_DEMOTED);
    CHECK_STR(result[0], "1");
    CHECK_INT(since[0], 17410);
    CHECK_OK(yx_tiers_read_rows(&count, tiers, rows, &bulk));
    CHECK_INT(count, 0);
    CHECK_STATUS(yx_tiers_read_rows(&count, tiers, rows + 1, &bulk), YX_ERANGE);
    bulk.version = 2;
    CHECK_STATUS(yx_tiers_read_rows(&count, tiers, 0, &bulk), YX_EINVAL);
    CHECK_STATUS(yx_tiers_rows_init(&bulk, 2), YX_EINVAL);
    CHECK_OK(yx_tiers_rows_init(&bulk, YX_TIERS_ROWS_VERSION));
  }

  CHECK_OK(yx_tiers_explain(&text, tiers, "T2"));
  CHECK_CONTAINS(text, "    papers: 1 of 2 \xE2\x80\x94 1 short");
  CHECK_STATUS(yx_tiers_explain(&text, tiers, "T99"), YX_ENOTFOUND);
  CHECK_LAST_ERROR(YX_ENOTFOUND, "no teacher \"T99\"");
  CHECK_STATUS(yx_tiers_status(&status, tiers, rows), YX_ERANGE);
  CHECK_STATUS(yx_tiers_row_count(&rows, (const yx_tiers*)policy), YX_EINVAL);

  CHECK_OK(yx_tiers_free(tiers));
  CHECK_STATUS(yx_tiers_free(tiers), YX_EINVAL);
  CHECK_OK(yx_tiers_free(NULL));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
  return check_report("test_tiers");
}
