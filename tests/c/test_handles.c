/* Handles the API can tell apart from live ones: NULL, a handle of another type, a handle
   freed (twice, or used after its free). And what may cross threads: a policy shared by many,
   the last error kept per thread. */
#include <pthread.h>
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

static void test_double_free_is_an_error(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  const char* id = NULL;

  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));

  CHECK_OK(yx_audit_free(audit));
  CHECK_STATUS(yx_audit_free(audit), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_audit_free: audit is not a live yx_audit: it was freed");
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_STATUS(yx_ledger_free(ledger), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "ledger is not a live yx_ledger: it was freed");
  CHECK_OK(yx_policy_free(policy));
  CHECK_STATUS(yx_policy_free(policy), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "policy is not a live yx_policy: it was freed");
  /* Used after its free, too. */
  CHECK_STATUS(yx_policy_id(&id, policy), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_id: policy is not a live yx_policy: it was freed");
}

static void test_a_freed_handle_stays_detected_while_others_come_and_go(void) {
  yx_policy* freed = NULL;
  yx_policy* others[16];
  size_t i;
  const char* id = NULL;
  CHECK_OK(yx_policy_load(&freed, dali));
  CHECK_OK(yx_policy_free(freed));
  for (i = 0; i < 16; ++i) {
    CHECK_OK(yx_policy_load(&others[i], dali));
    CHECK(others[i] != freed);
  }
  CHECK_STATUS(yx_policy_id(&id, freed), YX_EINVAL);
  CHECK_STATUS(yx_policy_free(freed), YX_EINVAL);
  for (i = 0; i < 16; ++i)
    CHECK_OK(yx_policy_free(others[i]));
}

/* A freed handle stays detected whatever happened since: 10,000 audits made and freed after
   it, which reuse its slot many times over, and a newer audit live in that slot. */
static void test_a_stale_handle_never_reaches_a_newer_one(void) {
  const char* ids[] = {"T1"};
  const char* record_ids[] = {"r1"};
  const int32_t start_day[] = {17449};
  const int64_t hours[] = {100};
  const int16_t category[] = {1};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_policy* policy = NULL;
  yx_audit* stale = NULL;
  yx_audit* live = NULL;
  const char* id = NULL;
  size_t rows = 0;
  int i;
  teacher.count = 1;
  teacher.id = ids;
  records.count = 1;
  records.id = record_ids;
  records.start_day = start_day;
  records.hours = hours;
  records.category = category;
  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK_OK(yx_evaluate_teacher(&stale, policy, &teacher, &records, NULL));
  CHECK_OK(yx_audit_free(stale));
  for (i = 0; i < 10000; ++i) {
    yx_audit* audit = NULL;
    CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
    CHECK(audit != stale);
    CHECK_OK(yx_audit_free(audit));
  }
  CHECK_OK(yx_evaluate_teacher(&live, policy, &teacher, &records, NULL));
  CHECK_STATUS(yx_audit_teacher_id(&id, stale, 0), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_audit_teacher_id: audit is not a live yx_audit: it was freed");
  CHECK_STATUS(yx_audit_row_count(&rows, stale), YX_EINVAL);
  CHECK_STATUS(yx_audit_free(stale), YX_EINVAL);
  /* The live audits are untouched by the stale handle's calls. */
  CHECK_OK(yx_audit_teacher_id(&id, live, 0));
  CHECK_STR(id, "T1");
  CHECK_OK(yx_audit_free(live));
  /* And a policy, freed and reloaded 1,000 times over. */
  CHECK_OK(yx_policy_free(policy));
  for (i = 0; i < 1000; ++i) {
    yx_policy* other = NULL;
    CHECK_OK(yx_policy_load(&other, dali));
    CHECK(other != policy);
    CHECK_OK(yx_policy_free(other));
  }
  CHECK_STATUS(yx_policy_id(&id, policy), YX_EINVAL);
  CHECK_STATUS(yx_policy_free(policy), YX_EINVAL);
}

/* Pointers the library never returned: an address, and a number like a handle's. */
static void test_a_pointer_never_returned_is_an_error(void) {
  int local = 0;
  size_t count = 0;
  CHECK_STATUS(yx_audit_row_count(&count, (const yx_audit*)&local), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "audit is not a yx_audit handle: the library never returned it");
  CHECK_STATUS(yx_audit_free((yx_audit*)(uintptr_t)0x80000000007fffffull), YX_EINVAL);
}

static void test_a_handle_of_another_type_is_an_error(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_ledger* other = (yx_ledger*)&other;
  yx_audit* audit = NULL;
  size_t count = 0;

  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));

  /* What a caller of a binding without types could do. */
  CHECK_STATUS(yx_policy_free((yx_policy*)ledger), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "policy is a yx_ledger, not a yx_policy");
  CHECK_STATUS(yx_ledger_free((yx_ledger*)audit), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "ledger is a yx_audit, not a yx_ledger");
  CHECK_STATUS(yx_audit_free((yx_audit*)policy), YX_EINVAL);
  CHECK_STATUS(yx_ledger_new(&other, (yx_policy*)audit), YX_EINVAL);
  CHECK(other == NULL);
  CHECK_STATUS(yx_audit_row_count(&count, (yx_audit*)policy), YX_EINVAL);
  CHECK_STATUS(yx_policy_category_count(&count, (yx_policy*)audit), YX_EINVAL);

  /* The handles are untouched by the mistakes. */
  CHECK_OK(yx_audit_row_count(&count, audit));
  CHECK_INT(count, 0);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

/* A policy is shared by threads that each evaluate teachers with it: worker i's teacher has
   i + 1 records of one hour, and each audit is read again after the next call, which must not
   have refilled it. */
struct worker {
  const yx_policy* policy;
  int teacher;
  int64_t credited;
  int failures;
};

static void* evaluate_teachers(void* argument) {
  struct worker* worker = (struct worker*)argument;
  char id[16];
  const char* ids[1];
  const int32_t start_day[] = {17449, 17450, 17451, 17452}; /* 2017-10-10.. */
  const int64_t hours[] = {100, 100, 100, 100};
  const int16_t category[] = {1, 1, 1, 1}; /* school */
  const char* record_ids[] = {"r1", "r2", "r3", "r4"};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_audit* previous = NULL;
  const char* previous_teacher = NULL;
  int round;
  sprintf(id, "T%d", worker->teacher);
  ids[0] = id;
  teacher.count = 1;
  teacher.id = ids;
  records.count = (size_t)worker->teacher + 1;
  records.id = record_ids;
  records.start_day = start_day;
  records.hours = hours;
  records.category = category;
  for (round = 0; round < 50; ++round) {
    yx_audit* audit = NULL;
    int64_t credited = 0;
    if (yx_evaluate_teacher(&audit, worker->policy, &teacher, &records, NULL) != YX_OK) {
      ++worker->failures;
      continue;
    }
    if (previous != NULL) {
      if (yx_audit_credited(&credited, previous, 0) != YX_OK ||
          yx_audit_teacher_id(&previous_teacher, previous, 0) != YX_OK ||
          strcmp(previous_teacher, id) != 0 || yx_audit_free(previous) != YX_OK) {
        ++worker->failures;
      }
      worker->credited += credited;
    }
    previous = audit;
  }
  if (yx_audit_free(previous) != YX_OK) ++worker->failures;
  return NULL;
}

static void test_a_policy_is_shared_by_threads(void) {
  yx_policy* policy = NULL;
  pthread_t threads[4];
  struct worker workers[4];
  int i;
  CHECK_OK(yx_policy_load(&policy, dali));
  for (i = 0; i < 4; ++i) {
    workers[i].policy = policy;
    workers[i].teacher = i;
    workers[i].credited = 0;
    workers[i].failures = 0;
    CHECK(pthread_create(&threads[i], NULL, evaluate_teachers, &workers[i]) == 0);
  }
  for (i = 0; i < 4; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK_INT(workers[i].failures, 0);
    /* i + 1 hours on the cycle row of the first 49 audits */
    CHECK_INT(workers[i].credited, 49 * 100 * (i + 1));
  }
  CHECK_OK(yx_policy_free(policy));
}

static void* fail_once(void* argument) {
  int* code = (int*)argument;
  yx_policy* policy = NULL;
  yx_policy_load(&policy, "/no/such/policy.json");
  *code = (int)yx_last_error()->code;
  return NULL;
}

static void test_the_last_error_is_per_thread(void) {
  pthread_t thread;
  int other_code = 0;
  size_t count = 0;
  CHECK_STATUS(yx_policy_category_count(&count, NULL), YX_EINVAL);
  CHECK(pthread_create(&thread, NULL, fail_once, &other_code) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK_INT(other_code, YX_EPOLICY);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_category_count: policy is NULL");
  /* A successful call leaves it as it was. */
  CHECK_STR(yx_version_string(), yx_version_string());
  CHECK_INT(yx_last_error()->code, YX_EINVAL);
}

int main(void) {
  test_double_free_is_an_error();
  test_a_freed_handle_stays_detected_while_others_come_and_go();
  test_a_stale_handle_never_reaches_a_newer_one();
  test_a_pointer_never_returned_is_an_error();
  test_a_handle_of_another_type_is_an_error();
  test_a_policy_is_shared_by_threads();
  test_the_last_error_is_per_thread();
  return check_report("handles");
}
