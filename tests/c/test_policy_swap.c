/* A policy reloaded while it is in use: 4 threads evaluate teachers with whatever policy the
   host's pointer names, while the main thread loads a new one, swaps the pointer and frees the
   old one, 100 times (docs/c-api.md, "Reloading a policy"). A call in flight keeps its policy
   alive; a call that starts with a pointer read before a swap and freed since gets YX_EINVAL
   ("was freed") and is retried with the current one. Run under ThreadSanitizer too. */
#include <pthread.h>
#include <stdatomic.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

static _Atomic(yx_policy*) current;
static atomic_int done;

struct worker {
  int teacher; /* the teacher has teacher + 1 records of one hour each */
  long calls, retries, failures;
};

static void* evaluate_teachers(void* argument) {
  struct worker* worker = (struct worker*)argument;
  const char* ids[] = {"T1"};
  const int32_t start_day[] = {17449, 17450, 17451, 17452}; /* 2017-10-10.. */
  const int64_t hours[] = {100, 100, 100, 100};
  const int16_t category[] = {1, 1, 1, 1}; /* school */
  const char* record_ids[] = {"r1", "r2", "r3", "r4"};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  teacher.count = 1;
  teacher.id = ids;
  records.count = (size_t)worker->teacher + 1;
  records.id = record_ids;
  records.start_day = start_day;
  records.hours = hours;
  records.category = category;
  while (!atomic_load(&done)) {
    yx_audit* audit = NULL;
    int64_t credited = 0;
    const yx_status status =
        yx_evaluate_teacher(&audit, atomic_load(&current), &teacher, &records, NULL);
    ++worker->calls;
    if (status == YX_EINVAL && strstr(yx_last_error()->message, "was freed") != NULL) {
      ++worker->retries;
      continue;
    }
    /* Every record is on the first row, the cycle's: teacher + 1 hours. */
    if (status != YX_OK || yx_audit_credited(&credited, audit, 0) != YX_OK ||
        credited != 100 * (worker->teacher + 1) || yx_audit_free(audit) != YX_OK) {
      fprintf(stderr, "worker %d: %s\n", worker->teacher, yx_last_error()->message);
      ++worker->failures;
    }
  }
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  struct worker workers[4];
  yx_policy* first = NULL;
  int i, swap;
  CHECK_OK(yx_policy_load(&first, dali));
  atomic_store(&current, first);
  for (i = 0; i < 4; ++i) {
    workers[i].teacher = i;
    workers[i].calls = workers[i].retries = workers[i].failures = 0;
    CHECK(pthread_create(&threads[i], NULL, evaluate_teachers, &workers[i]) == 0);
  }
  /* The reload pattern: load the new policy, swap the pointer, free the old one. */
  for (swap = 0; swap < 100; ++swap) {
    yx_policy* next = NULL;
    CHECK_OK(yx_policy_load(&next, dali));
    CHECK_OK(yx_policy_free(atomic_exchange(&current, next)));
  }
  atomic_store(&done, 1);
  for (i = 0; i < 4; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK_INT(workers[i].failures, 0);
    CHECK(workers[i].calls > workers[i].retries);
  }
  CHECK_OK(yx_policy_free(atomic_load(&current)));
  return check_report("policy_swap");
}
