/* The C ABI under abuse (docs/reliability.md): NULLs, zero and huge lengths, invalid UTF-8, a
   policy used by many threads at once. Each call returns an error status with a message, or
   succeeds; none crashes. test_handles.c covers freed and mistyped handles. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

static void test_nulls(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  const char* text = NULL;
  size_t count = 0;
  int32_t day = 0;
  yx_buf buf = YX_BUF_INIT;

  CHECK_STATUS(yx_policy_load(NULL, dali), YX_EINVAL);
  CHECK_STATUS(yx_policy_load(&policy, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "path");
  CHECK_STATUS(yx_policy_parse(&policy, NULL, 10, "p.json"), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "json");
  CHECK(policy == NULL);
  CHECK_STATUS(yx_policy_id(&text, NULL), YX_EINVAL);
  CHECK_STATUS(yx_policy_category_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_day_from_iso(&day, NULL), YX_EINVAL);
  CHECK_STATUS(yx_day_from_iso(NULL, "2017-09-01"), YX_EINVAL);
  CHECK_STATUS(yx_day_to_iso(NULL, 11, 17410), YX_EINVAL);
  yx_buf_dispose(NULL);

  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK_STATUS(yx_policy_id(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_policy_category_id(NULL, policy, 0), YX_EINVAL);
  CHECK_STATUS(yx_policy_find_category(NULL, policy, "school"), YX_EINVAL);
  {
    int16_t category = 0;
    CHECK(yx_policy_find_category(&category, policy, NULL) != YX_OK);
  }
  CHECK_STATUS(yx_ledger_new(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_ledger_new(&ledger, NULL), YX_EINVAL);
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_STATUS(yx_ledger_add_teachers(NULL, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_add_records(NULL, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_read_teachers_csv(ledger, NULL), YX_EINVAL);
  {
    /* A count with a NULL column behind it. */
    yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
    yx_record_columns records = YX_RECORD_COLUMNS_INIT;
    teachers.count = 3;
    CHECK_STATUS(yx_ledger_add_teachers(NULL, ledger, &teachers), YX_EINVAL);
    CHECK_LAST_ERROR(YX_EINVAL, "is NULL but count is not 0");
    records.count = 2;
    CHECK_STATUS(yx_ledger_add_records(NULL, ledger, &records), YX_EINVAL);
    CHECK_LAST_ERROR(YX_EINVAL, "is NULL but count is not 0");
  }
  CHECK_STATUS(yx_evaluate(NULL, policy, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate(&audit, NULL, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate(&audit, policy, NULL, NULL), YX_EINVAL);
  CHECK(audit == NULL);
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, NULL, NULL, NULL), YX_EINVAL);
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_STATUS(yx_audit_row_count(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_audit_write_csv(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_audit_explain(&buf, audit, NULL), YX_EINVAL);
  CHECK(buf.ptr == NULL);
  CHECK_STATUS(yx_audit_teacher_rows(NULL, NULL, audit, "T1"), YX_EINVAL);
  CHECK_STATUS(yx_score_rubric_csv(NULL, policy, "leader-assessment", NULL, NULL), YX_EINVAL);
  {
    yx_scores* scores = NULL;
    CHECK(yx_score_rubric_csv(&scores, policy, NULL, NULL, NULL) != YX_OK);
    CHECK(yx_score_rubric_csv(&scores, policy, "leader-assessment", NULL, NULL) != YX_OK);
    CHECK(scores == NULL);
  }
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
  CHECK_OK(yx_policy_free(NULL));
}

static void test_zero_and_huge_lengths(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  char small[4] = "x";
  size_t accepted = 99;
  const char json[] = "{}";

  /* Zero bytes of JSON, from a valid pointer and from NULL. */
  CHECK_STATUS(yx_policy_parse(&policy, json, 0, "empty.json"), YX_EPOLICY);
  CHECK_CONTAINS(yx_last_error()->file, "empty.json");
  CHECK(policy == NULL);
  /* A length far past the buffer is refused by the size bound before a byte is read. */
  CHECK_STATUS(yx_policy_parse(&policy, json, SIZE_MAX / 2, "huge.json"), YX_EPOLICY);
  CHECK_LAST_ERROR(YX_EPOLICY, "(policy_bytes)");
  CHECK(policy == NULL);
  /* Too small a buffer for a date. */
  CHECK_STATUS(yx_day_to_iso(small, 0, 17410), YX_EINVAL);
  CHECK_STATUS(yx_day_to_iso(small, sizeof small, 17410), YX_EINVAL);
  CHECK_STATUS(yx_day_to_iso(small, 11, INT32_MAX), YX_ERANGE);
  CHECK_STATUS(yx_day_to_iso(small, 11, INT32_MIN), YX_ERANGE);

  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK_OK(yx_ledger_new(&ledger, policy));
  {
    /* Zero rows, with and without columns behind them. */
    yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
    yx_record_columns records = YX_RECORD_COLUMNS_INIT;
    CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teachers));
    CHECK_INT(accepted, 0);
    accepted = 99;
    CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
    CHECK_INT(accepted, 0);
  }
  {
    /* Hours, days and counts at the ends of their types: rejected rows, each with a reason. */
    const char* ids[] = {"T1"};
    const char* record_ids[] = {"R1", "R2", "R3", "R4"};
    const char* teacher_ids[] = {"T1", "T1", "T1", "T1"};
    const int32_t days[] = {17449, INT32_MAX, INT32_MIN + 1, 17449};
    const int64_t hours[] = {INT64_MAX, 100, 100, INT64_MIN};
    const int16_t categories[] = {1, 1, 1, INT16_MAX};
    yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
    yx_record_columns records = YX_RECORD_COLUMNS_INIT;
    int64_t invalid = 0;
    teachers.count = 1;
    teachers.id = ids;
    CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teachers));
    records.count = 4;
    records.id = record_ids;
    records.teacher_id = teacher_ids;
    records.start_day = days;
    records.hours = hours;
    records.category = categories;
    CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
    CHECK_INT(accepted, 0);
    CHECK_OK(yx_ledger_freeze(ledger));
    CHECK_OK(yx_ledger_disposition_count(&invalid, ledger, YX_DISPOSITION_INVALID));
    CHECK_INT(invalid, 4);
  }
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

static void test_invalid_utf8(void) {
  /* Bytes that are not UTF-8 in JSON keys and values, in ids and categories: refused, never a
     crash, and the writers still write. A teacher or record row with such a text is rejected
     (issue 20 item 6: they used to be kept as bytes and flow into JSON, CSV and explanations). */
  static const char bad_json[] = "{\"format\": \"yanxiu-policy/1\", \"\xff\xfe\": \"\xc3\x28\"}";
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  yx_buf buf = YX_BUF_INIT;
  int32_t day = 0;
  size_t accepted = 0;
  CHECK_STATUS(yx_policy_parse(&policy, bad_json, sizeof bad_json - 1, "bad\xff.json"), YX_EPOLICY);
  CHECK(yx_last_error()->message[0] != '\0');
  CHECK_STATUS(yx_day_from_iso(&day,
                               "2017\xe2\x80\x93"
                               "09\xe2\x80\x93"
                               "01"),
               YX_EINVAL);

  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK_OK(yx_ledger_new(&ledger, policy));
  {
    const char* ids[] = {"T1", "T\xff", "\xc3\x28", "\xed\xa0\x80"};
    const char* record_ids[] = {"R\xfe", "R2", "R3"};
    const char* teacher_ids[] = {"T1", "T1", "T1"};
    const char* categories[] = {"school", "sch\xc3\x28ool", "school"};
    const int32_t days[] = {17449, 17450, 17451};
    const int64_t hours[] = {200, 300, 400};
    yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
    yx_record_columns records = YX_RECORD_COLUMNS_INIT;
    int64_t invalid = 0;
    teachers.count = 4;
    teachers.id = ids;
    CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teachers));
    CHECK_INT(accepted, 1);
    records.count = 3;
    records.id = record_ids;
    records.teacher_id = teacher_ids;
    records.start_day = days;
    records.hours = hours;
    records.category_id = categories;
    CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
    CHECK_INT(accepted, 1);
    CHECK_OK(yx_ledger_freeze(ledger));
    CHECK_OK(yx_ledger_disposition_count(&invalid, ledger, YX_DISPOSITION_INVALID));
    CHECK_INT(invalid, 2);
  }
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_audit_write_json(&buf, audit));
  CHECK(buf.size > 0);
  yx_buf_dispose(&buf);
  CHECK_OK(yx_audit_write_csv(&buf, audit));
  yx_buf_dispose(&buf);
  CHECK_OK(yx_audit_explain(&buf, audit, "T1"));
  yx_buf_dispose(&buf);
  CHECK_STATUS(yx_audit_explain(&buf, audit, "T\xff"), YX_ENOTFOUND);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

/* Eight threads on one policy at once, each through the whole API: its own ledger, evaluation,
   writers, the policy's accessors, and calls that fail (each thread's last error is its own). */
struct worker {
  const yx_policy* policy;
  int index;
  int failures;
};

static void* use_the_policy(void* argument) {
  struct worker* worker = (struct worker*)argument;
  char id[16];
  const char* ids[1];
  const char* record_ids[] = {"r1", "r2"};
  const char* teacher_ids[2];
  const int32_t days[] = {17449, 17800};
  const int64_t hours[] = {150, 2500};
  const int16_t categories[] = {1, 2};
  int round;
  sprintf(id, "T%d", worker->index);
  ids[0] = id;
  teacher_ids[0] = teacher_ids[1] = id;
  for (round = 0; round < 20; ++round) {
    yx_ledger* ledger = NULL;
    yx_audit* audit = NULL;
    yx_buf buf = YX_BUF_INIT;
    yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
    yx_record_columns records = YX_RECORD_COLUMNS_INIT;
    const char* text = NULL;
    size_t count = 0, i;
    int16_t category = 0;
    teachers.count = 1;
    teachers.id = ids;
    records.count = 2;
    records.id = record_ids;
    records.teacher_id = teacher_ids;
    records.start_day = days;
    records.hours = hours;
    records.category = categories;
    if (yx_ledger_new(&ledger, worker->policy) != YX_OK ||
        yx_ledger_add_teachers(NULL, ledger, &teachers) != YX_OK ||
        yx_ledger_add_records(NULL, ledger, &records) != YX_OK ||
        yx_evaluate(&audit, worker->policy, ledger, NULL) != YX_OK ||
        yx_audit_write_json(&buf, audit) != YX_OK) {
      ++worker->failures;
    }
    yx_buf_dispose(&buf);
    if (yx_audit_explain(&buf, audit, id) != YX_OK) ++worker->failures;
    yx_buf_dispose(&buf);
    if (yx_policy_id(&text, worker->policy) != YX_OK ||
        yx_policy_category_count(&count, worker->policy) != YX_OK) {
      ++worker->failures;
    }
    for (i = 0; i < count; ++i) {
      if (yx_policy_category_id(&text, worker->policy, i) != YX_OK ||
          yx_policy_find_category(&category, worker->policy, text) != YX_OK) {
        ++worker->failures;
      }
    }
    /* A failure of this thread's own: its last error says so, whatever the others do. */
    if (yx_policy_category_id(&text, worker->policy, count + (size_t)worker->index) != YX_ERANGE ||
        yx_last_error()->code != YX_ERANGE) {
      ++worker->failures;
    }
    if (yx_audit_free(audit) != YX_OK || yx_ledger_free(ledger) != YX_OK) ++worker->failures;
  }
  return NULL;
}

static void test_a_policy_used_by_many_threads_at_once(void) {
  yx_policy* policy = NULL;
  pthread_t threads[8];
  struct worker workers[8];
  int i;
  CHECK_OK(yx_policy_load(&policy, dali));
  for (i = 0; i < 8; ++i) {
    workers[i].policy = policy;
    workers[i].index = i;
    workers[i].failures = 0;
    CHECK(pthread_create(&threads[i], NULL, use_the_policy, &workers[i]) == 0);
  }
  for (i = 0; i < 8; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK_INT(workers[i].failures, 0);
  }
  CHECK_OK(yx_policy_free(policy));
}

int main(void) {
  test_nulls();
  test_zero_and_huge_lengths();
  test_invalid_utf8();
  test_a_policy_used_by_many_threads_at_once();
  return check_report("capi.abuse");
}
