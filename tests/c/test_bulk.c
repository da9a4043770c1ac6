/* Reading an audit's rows in bulk (yx_audit_read_rows): the same values as the getters, in
   stretches of any size, only the arrays asked for. */
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

#define STRETCH 7

static void test_rows_in_stretches_equal_the_getters(const yx_policy* policy) {
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  const char *teacher[STRETCH], *rule[STRETCH], *period[STRETCH];
  int32_t start[STRETCH], end[STRETCH];
  int64_t required[STRETCH], credited[STRETCH], shortfall[STRETCH], hours[STRETCH];
  yx_verdict status[STRETCH];
  yx_rule_kind kind[STRETCH];
  yx_audit_rows rows = YX_AUDIT_ROWS_INIT;
  size_t total = 0, first = 0, count = 0, i;

  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, YX_TEST_DATA "/teachers.csv"));
  CHECK_OK(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/records.csv"));
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_audit_row_count(&total, audit));
  CHECK(total > 2 * STRETCH);
  rows.capacity = STRETCH;
  rows.teacher_id = teacher;
  rows.rule_id = rule;
  rows.period_label = period;
  rows.period_start = start;
  rows.period_end = end;
  rows.required = required;
  rows.credited = credited;
  rows.shortfall = shortfall;
  rows.status = status;
  rows.rule_kind = kind;
  rows.hours = hours;

  /* The first row, worked by hand in test_audit.c: T1 has 30 hours of the cycle's 300. */
  CHECK_OK(yx_audit_read_rows(&count, audit, 0, &rows));
  CHECK_INT(count, STRETCH);
  CHECK_STR(teacher[0], "T1");
  CHECK_STR(rule[0], "cycle-total");
  CHECK_STR(period[0], "cycle");
  CHECK_INT(start[0], 17410);
  CHECK_INT(end[0], 19235);
  CHECK_INT(required[0], 30000);
  CHECK_INT(credited[0], 3000);
  CHECK_INT(shortfall[0], 27000);
  CHECK_INT(status[0], YX_VERDICT_SHORT);
  CHECK_INT(kind[0], YX_RULE_QUOTA);
  CHECK_INT(hours[0], 3000); /* a policy in hours: its credited hours */

  for (first = 0; first < total; first += count) {
    CHECK_OK(yx_audit_read_rows(&count, audit, first, &rows));
    CHECK_INT(count, total - first < STRETCH ? total - first : STRETCH);
    for (i = 0; i < count; ++i) {
      const char* text = NULL;
      int32_t day = 0;
      int64_t amount = 0;
      yx_verdict verdict;
      yx_rule_kind rule_kind;
      CHECK_OK(yx_audit_teacher_id(&text, audit, first + i));
      CHECK(text == teacher[i]);
      CHECK_OK(yx_audit_rule_id(&text, audit, first + i));
      CHECK(text == rule[i]);
      CHECK_OK(yx_audit_period_label(&text, audit, first + i));
      CHECK(text == period[i]);
      CHECK_OK(yx_audit_period_start(&day, audit, first + i));
      CHECK_INT(day, start[i]);
      CHECK_OK(yx_audit_period_end(&day, audit, first + i));
      CHECK_INT(day, end[i]);
      CHECK_OK(yx_audit_required(&amount, audit, first + i));
      CHECK_INT(amount, required[i]);
      CHECK_OK(yx_audit_credited(&amount, audit, first + i));
      CHECK_INT(amount, credited[i]);
      CHECK_OK(yx_audit_shortfall(&amount, audit, first + i));
      CHECK_INT(amount, shortfall[i]);
      CHECK_OK(yx_audit_status(&verdict, audit, first + i));
      CHECK_INT(verdict, status[i]);
      CHECK_OK(yx_audit_rule_kind(&rule_kind, audit, first + i));
      CHECK_INT(rule_kind, kind[i]);
      CHECK_OK(yx_audit_hours(&amount, audit, first + i));
      CHECK_INT(amount, hours[i]);
    }
  }
  CHECK_INT(first, total);

  /* At the end: none; past it: out of range. */
  CHECK_OK(yx_audit_read_rows(&count, audit, total, &rows));
  CHECK_INT(count, 0);
  CHECK_STATUS(yx_audit_read_rows(&count, audit, total + 1, &rows), YX_ERANGE);
  CHECK_LAST_ERROR(YX_ERANGE, "first row");

  /* Only the arrays given are written. */
  memset(&rows, 0, sizeof rows);
  CHECK_STATUS(yx_audit_read_rows(&count, audit, 0, &rows), YX_EINVAL); /* version 0 */
  CHECK_OK(yx_audit_rows_init(&rows, YX_AUDIT_ROWS_VERSION));
  rows.capacity = 1;
  rows.credited = credited;
  credited[0] = -1;
  CHECK_OK(yx_audit_read_rows(&count, audit, 0, &rows));
  CHECK_INT(credited[0], 3000);
  CHECK_STATUS(yx_audit_rows_init(&rows, YX_AUDIT_ROWS_VERSION + 1), YX_EINVAL);
  CHECK_STATUS(yx_audit_read_rows(NULL, audit, 0, &rows), YX_EINVAL);
  CHECK_STATUS(yx_audit_read_rows(&count, audit, 0, NULL), YX_EINVAL);

  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
}

/* A policy counted in credits (county-credits: 8学时折1学分 central, 10 distance, 20 degree), on
   the command line tests' files. T1: 100 + 100 + 100 central hours (12.5 credits each) and 345
   distance hours (34.5) are 72.00 credits from 645.00 h. T3: 40 central hours with exactly 1/5
   absent are gated; 40 central (5), 3 central (0.375), 7 distance (0.7) and 1 degree (0.05)
   are 6.125 credits, rounded down to 6.12, from 40 + 3 + 7 + 1 = 51.00 h. */
static void test_hours_behind_credits(void) {
  static const char* const credits = YX_SOURCE_DIR "/examples/policies/county-credits.json";
  static const char* const data = YX_SOURCE_DIR "/tests/cli/";
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  size_t begin = 0, end = 0, i, count = 0;
  int64_t credited = 0, hours = 0, bulk_hours[8];
  const char* rule = NULL;
  int found = 0;
  yx_audit_rows rows = YX_AUDIT_ROWS_INIT;

  CHECK_OK(yx_policy_load(&policy, credits));
  CHECK_OK(yx_ledger_new(&ledger, policy));
  {
    char teachers[1024], records[1024];
    snprintf(teachers, sizeof teachers, "%scredits-teachers.csv", data);
    snprintf(records, sizeof records, "%scredits-records.csv", data);
    CHECK_OK(yx_ledger_read_teachers_csv(ledger, teachers));
    CHECK_OK(yx_ledger_read_records_csv(ledger, records));
  }
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_audit_teacher_rows(&begin, &end, audit, "T1"));
  for (i = begin; i < end; ++i) {
    CHECK_OK(yx_audit_rule_id(&rule, audit, i));
    if (strcmp(rule, "cycle-72") != 0) continue;
    CHECK_OK(yx_audit_credited(&credited, audit, i));
    CHECK_OK(yx_audit_hours(&hours, audit, i));
    CHECK_INT(credited, 7200);
    CHECK_INT(hours, 64500);
    ++found;
  }
  CHECK_OK(yx_audit_teacher_rows(&begin, &end, audit, "T3"));
  for (i = begin; i < end; ++i) {
    CHECK_OK(yx_audit_rule_id(&rule, audit, i));
    if (strcmp(rule, "cycle-72") != 0) continue;
    CHECK_OK(yx_audit_credited(&credited, audit, i));
    CHECK_OK(yx_audit_hours(&hours, audit, i));
    CHECK_INT(credited, 612);
    CHECK_INT(hours, 5100);
    ++found;
    /* The same in bulk. */
    rows.capacity = 1;
    rows.hours = bulk_hours;
    CHECK_OK(yx_audit_read_rows(&count, audit, i, &rows));
    CHECK_INT(count, 1);
    CHECK_INT(bulk_hours[0], 5100);
  }
  CHECK_INT(found, 2);

  /* A version 1 caller's struct ends before `hours`: neither initialised nor written. */
  rows.hours = bulk_hours;
  CHECK_OK(yx_audit_rows_init(&rows, 1));
  CHECK(rows.hours == bulk_hours);
  CHECK_INT(rows.version, 1);
  rows.capacity = 1;
  bulk_hours[0] = -1;
  CHECK_OK(yx_audit_read_rows(&count, audit, 0, &rows));
  CHECK_INT(bulk_hours[0], -1);

  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

int main(void) {
  yx_policy* policy = NULL;
  if (yx_policy_load(&policy, dali) != YX_OK) {
    fprintf(stderr, "cannot load %s: %s\n", dali, yx_last_error()->message);
    return 1;
  }
  test_rows_in_stretches_equal_the_getters(policy);
  CHECK_OK(yx_policy_free(policy));
  test_hours_behind_credits();
  return check_report("bulk");
}
