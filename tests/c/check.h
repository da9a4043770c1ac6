/* A minimal check harness for the C tests: each failed check prints where and why, and the
   test exits non-zero if any failed. */
#ifndef YX_TEST_CHECK_H
#define YX_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "yanxiu.h"

static int check_failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      ++check_failures;                                                             \
    }                                                                               \
  } while (0)

#define CHECK_STATUS(call, expected)                                                              \
  do {                                                                                            \
    const yx_status check_status_ = (call);                                                       \
    if (check_status_ != (expected)) {                                                            \
      fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d; last error: %s\n", __FILE__,      \
              __LINE__, #call, (int)check_status_, yx_status_str(check_status_), (int)(expected), \
              yx_last_error()->message);                                                          \
      ++check_failures;                                                                           \
    }                                                                                             \
  } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, YX_OK)

#define CHECK_INT(actual, expected)                                                      \
  do {                                                                                   \
    const long long check_actual_ = (long long)(actual);                                 \
    const long long check_expected_ = (long long)(expected);                             \
    if (check_actual_ != check_expected_) {                                              \
      fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #actual, \
              check_actual_, check_expected_);                                           \
      ++check_failures;                                                                  \
    }                                                                                    \
  } while (0)

#define CHECK_STR(actual, expected)                                                          \
  do {                                                                                       \
    const char* check_actual_ = (actual);                                                    \
    if (check_actual_ == NULL || strcmp(check_actual_, (expected)) != 0) {                   \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual, \
              check_actual_ ? check_actual_ : "(null)", (expected));                         \
      ++check_failures;                                                                      \
    }                                                                                        \
  } while (0)

#define CHECK_CONTAINS(text, part)                                                              \
  do {                                                                                          \
    const char* check_text_ = (text);                                                           \
    if (check_text_ == NULL || strstr(check_text_, (part)) == NULL) {                           \
      fprintf(stderr, "%s:%d: %s does not contain \"%s\": \"%s\"\n", __FILE__, __LINE__, #text, \
              (part), check_text_ ? check_text_ : "(null)");                                    \
      ++check_failures;                                                                         \
    }                                                                                           \
  } while (0)

/* The last error's code and a part of its message, after a call that failed. */
#define CHECK_LAST_ERROR(status, part)                \
  do {                                                \
    CHECK_INT(yx_last_error()->code, (status));       \
    CHECK_CONTAINS(yx_last_error()->message, (part)); \
  } while (0)

static int check_report(const char* test) {
  if (check_failures == 0) {
    printf("%s: all checks passed\n", test);
    return 0;
  }
  fprintf(stderr, "%s: %d checks failed\n", test, check_failures);
  return 1;
}

#endif
