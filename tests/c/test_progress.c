/* Progress callbacks: on the calling thread, the first report of a phase done 0, the last and
   only the last done == total, done never falling, nothing once the call has returned; the audit
   the same with and without; structs of versions 1 and 2, without the callback, still taken. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

enum { PHASES = 5 };

struct seen {
  pthread_t caller;
  int in_call; /* set around each call that may report */
  int calls[PHASES];
  int completed[PHASES]; /* reports with done == total */
  uint64_t done[PHASES], total[PHASES];
  int wrong_thread, outside_call, bad_phase, first_not_zero, backwards, after_last, total_changed;
};

static void record(void* user, yx_phase phase, uint64_t done, uint64_t total) {
  struct seen* seen = (struct seen*)user;
  const int p = (int)phase;
  if (!pthread_equal(pthread_self(), seen->caller)) ++seen->wrong_thread;
  if (!seen->in_call) ++seen->outside_call;
  if (p < 0 || p >= PHASES) {
    ++seen->bad_phase;
    return;
  }
  if (seen->calls[p] == 0 && done != 0 && total != 0) ++seen->first_not_zero;
  if (seen->calls[p] > 0 && done < seen->done[p]) ++seen->backwards;
  if (seen->calls[p] > 0 && total != seen->total[p]) ++seen->total_changed;
  if (seen->completed[p] > 0) ++seen->after_last;
  if (done == total) ++seen->completed[p];
  ++seen->calls[p];
  seen->done[p] = done;
  seen->total[p] = total;
}

static void expect_clean(const struct seen* seen) {
  CHECK_INT(seen->wrong_thread, 0);
  CHECK_INT(seen->outside_call, 0);
  CHECK_INT(seen->bad_phase, 0);
  CHECK_INT(seen->first_not_zero, 0);
  CHECK_INT(seen->backwards, 0);
  CHECK_INT(seen->after_last, 0);
  CHECK_INT(seen->total_changed, 0);
}

static yx_ledger* read_ledger(const yx_policy* policy, struct seen* seen) {
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  if (seen) CHECK_OK(yx_ledger_set_progress(ledger, record, seen));
  if (seen) seen->in_call = 1;
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, YX_TEST_DATA "/teachers.csv"));
  CHECK_OK(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/records.csv"));
  if (seen) seen->in_call = 0;
  return ledger;
}

static char* audit_csv(const yx_audit* audit) {
  yx_buf text = YX_BUF_INIT;
  char* copy;
  CHECK_OK(yx_audit_write_csv(&text, audit));
  copy = (char*)malloc(text.size + 1);
  memcpy(copy, text.ptr, text.size + 1);
  yx_buf_dispose(&text);
  return copy;
}

static void test_reports_and_the_same_audit(const yx_policy* policy, unsigned threads) {
  struct seen seen;
  yx_ledger *plain_ledger, *ledger;
  yx_audit *plain = NULL, *audit = NULL;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  size_t teachers = 0;
  char *expected, *actual;
  memset(&seen, 0, sizeof seen);
  seen.caller = pthread_self();

  plain_ledger = read_ledger(policy, NULL);
  options.threads = threads;
  CHECK_OK(yx_evaluate(&plain, policy, plain_ledger, &options));

  ledger = read_ledger(policy, &seen);
  options.progress = record;
  options.progress_user = &seen;
  seen.in_call = 1;
  CHECK_OK(yx_evaluate(&audit, policy, ledger, &options));
  seen.in_call = 0;

  expect_clean(&seen);
  CHECK_OK(yx_ledger_teacher_count(&teachers, ledger));
  CHECK_INT(seen.completed[YX_PHASE_READING_TEACHERS], 1);
  CHECK_INT(seen.completed[YX_PHASE_READING_RECORDS], 1);
  CHECK_INT(seen.completed[YX_PHASE_GROUPING], 1); /* as the first evaluation froze it */
  CHECK_INT(seen.completed[YX_PHASE_JUDGING], 1);
  CHECK_INT(seen.calls[YX_PHASE_WRITING], 0);
  CHECK_INT(seen.total[YX_PHASE_JUDGING], teachers);
  CHECK(seen.calls[YX_PHASE_JUDGING] >= 2); /* done 0, then done == total */
  CHECK(seen.total[YX_PHASE_READING_RECORDS] > 0);

  expected = audit_csv(plain);
  actual = audit_csv(audit);
  CHECK(strcmp(expected, actual) == 0);
  free(expected);
  free(actual);

  /* A frozen ledger takes no callback. */
  CHECK_STATUS(yx_ledger_set_progress(ledger, record, &seen), YX_ESTATE);
  CHECK_STATUS(yx_ledger_set_progress(NULL, record, &seen), YX_EINVAL);
  yx_audit_free(audit);
  yx_audit_free(plain);
  yx_ledger_free(ledger);
  yx_ledger_free(plain_ledger);
  expect_clean(&seen); /* nothing after the calls returned */
}

/* What version 2 callers compiled: the struct without the callback's fields. */
struct options_v2 {
  unsigned int version;
  const char* as_of;
  unsigned int threads;
  yx_basis basis;
};

static void test_older_structs(const yx_policy* policy) {
  struct options_v2 old;
  yx_audit_options options;
  yx_ledger* ledger = read_ledger(policy, NULL);
  yx_audit* audit = NULL;
  old.version = 2;
  old.as_of = NULL;
  old.threads = 2;
  old.basis = YX_BASIS_CERTIFIED;
  CHECK_OK(yx_evaluate(&audit, policy, ledger, (const yx_audit_options*)(const void*)&old));
  yx_audit_free(audit);

  /* yx_audit_options_init of version 2 writes no field past `basis`. */
  memset(&options, 0x5a, sizeof options);
  CHECK_OK(yx_audit_options_init(&options, 2));
  CHECK_INT(options.version, 2);
  CHECK(options.basis == YX_BASIS_CERTIFIED);
  {
    unsigned char tail[sizeof options.progress];
    memcpy(tail, &options.progress, sizeof tail);
    CHECK(tail[0] == 0x5a && tail[sizeof tail - 1] == 0x5a);
  }
  CHECK_OK(yx_audit_options_init(&options, 3));
  CHECK(options.progress == NULL && options.progress_user == NULL);
  CHECK_STATUS(yx_audit_options_init(&options, 4), YX_EINVAL);
  yx_ledger_free(ledger);
}

static void test_phase_names(void) {
  CHECK(strcmp(yx_phase_str(YX_PHASE_READING_TEACHERS), "reading teachers") == 0);
  CHECK(strcmp(yx_phase_str(YX_PHASE_READING_RECORDS), "reading records") == 0);
  CHECK(strcmp(yx_phase_str(YX_PHASE_GROUPING), "grouping records") == 0);
  CHECK(strcmp(yx_phase_str(YX_PHASE_JUDGING), "judging") == 0);
  CHECK(strcmp(yx_phase_str(YX_PHASE_WRITING), "writing") == 0);
  CHECK(strcmp(yx_phase_str((yx_phase)77), "unknown") == 0);
}

int main(void) {
  yx_policy* policy = NULL;
  CHECK_OK(yx_policy_load(&policy, dali));
  test_reports_and_the_same_audit(policy, 1);
  test_reports_and_the_same_audit(policy, 2);
  test_older_structs(policy);
  test_phase_names();
  yx_policy_free(policy);
  return check_report("test_progress");
}
