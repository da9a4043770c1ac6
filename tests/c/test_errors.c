/* The error out-parameter form (yx_*_e): the failure travels with the call, not with the OS
   thread, as a host on green threads needs. */
#include <pthread.h>
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

/* What a goroutine does when it fails on one OS thread and reads the error on another. */
struct moved {
  yx_error_info* error;
  yx_status status;
};

static void* fail_here(void* argument) {
  struct moved* moved = (struct moved*)argument;
  yx_policy* policy = NULL;
  moved->status = yx_policy_load_e(moved->error, &policy, "/no/such/policy.json");
  return NULL;
}

static void test_the_error_goes_with_the_call(void) {
  yx_error_info error = YX_ERROR_INFO_INIT;
  struct moved moved;
  pthread_t thread;
  size_t count = 0;
  moved.error = &error;
  /* This thread's last error says something else, and stays so. */
  CHECK_STATUS(yx_policy_category_count(&count, NULL), YX_EINVAL);
  CHECK(pthread_create(&thread, NULL, fail_here, &moved) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK_INT(moved.status, YX_EPOLICY);
  CHECK_INT(error.code, YX_EPOLICY);
  CHECK_CONTAINS(error.message, "/no/such/policy.json");
  CHECK_STR(error.file, "/no/such/policy.json");
  CHECK_CONTAINS(error.detail, "/no/such/policy.json");
  CHECK(error.text != NULL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_category_count: policy is NULL");
  yx_error_info_dispose(&error);
  CHECK_INT(error.code, YX_OK);
  CHECK(error.text == NULL);
  CHECK_STR(error.message, "");
}

static void test_a_success_leaves_it_and_a_failure_replaces_it(void) {
  yx_error_info error;
  yx_policy* policy = NULL;
  const char* id = NULL;
  size_t rows = 0;
  CHECK_OK(yx_error_info_init(&error, YX_ERROR_INFO_VERSION));
  CHECK_STATUS(yx_audit_row_count_e(&error, &rows, NULL), YX_EINVAL);
  CHECK_STR(error.message, "yx_audit_row_count: audit is NULL");
  CHECK_STR(error.path, "audit");
  CHECK_OK(yx_policy_load_e(&error, &policy, dali));
  CHECK_OK(yx_policy_id_e(&error, &id, policy));
  CHECK_STR(id, "dali-2017");
  CHECK_STR(error.message, "yx_audit_row_count: audit is NULL"); /* unchanged */
  CHECK_STATUS(yx_policy_category_id_e(&error, &id, policy, 99), YX_ERANGE);
  CHECK_INT(error.code, YX_ERANGE);
  CHECK_CONTAINS(error.message, "category 99 is out of range");
  CHECK_OK(yx_policy_free_e(&error, policy));
  CHECK_STATUS(yx_policy_free_e(&error, policy), YX_EINVAL);
  CHECK_CONTAINS(error.message, "it was freed");
  yx_error_info_dispose(&error);
  yx_error_info_dispose(NULL);
}

static void test_no_error_struct_or_an_unknown_version(void) {
  yx_error_info error = YX_ERROR_INFO_INIT;
  size_t rows = 0;
  CHECK_STATUS(yx_audit_row_count_e(NULL, &rows, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "audit is NULL"); /* the thread-local is filled as ever */
  error.version = 99;
  CHECK_STATUS(yx_audit_row_count_e(&error, &rows, NULL), YX_EINVAL);
  CHECK_INT(error.code, YX_OK);
  CHECK_STATUS(yx_error_info_init(&error, 2), YX_EINVAL);
  CHECK_STATUS(yx_error_info_init(NULL, YX_ERROR_INFO_VERSION), YX_EINVAL);
}

int main(void) {
  test_the_error_goes_with_the_call();
  test_a_success_leaves_it_and_a_failure_replaces_it();
  test_no_error_struct_or_an_unknown_version();
  return check_report("errors");
}
