/* What belongs to no handle: versions, status and enum names, the last error, dates, buffers
   and the initialisers of the versioned structs. */
#include <stdio.h>
#include <string.h>

#include "check.h"

static void test_last_error_starts_clean(void) {
  const yx_error* error = yx_last_error();
  CHECK(error != NULL);
  CHECK_INT(error->code, YX_OK);
  CHECK_STR(error->message, "no error");
  CHECK_STR(error->file, "");
  CHECK_INT(error->line, 0);
  CHECK_STR(error->path, "");
  CHECK_STR(error->detail, "no error");
}

static void test_versions(void) {
  char expected[32];
  CHECK_INT(YX_VERSION_NUMBER,
            YX_VERSION_MAJOR * 10000 + YX_VERSION_MINOR * 100 + YX_VERSION_PATCH);
  CHECK_INT(yx_version_number(), YX_VERSION_NUMBER);
  sprintf(expected, "%d.%d.%d", YX_VERSION_MAJOR, YX_VERSION_MINOR, YX_VERSION_PATCH);
  CHECK_STR(yx_version_string(), expected);
}

static void test_status_names(void) {
  const yx_status codes[] = {YX_OK,     YX_EINVAL, YX_ENOMEM,    YX_EPOLICY,  YX_EINPUT,
                             YX_ESTATE, YX_ERANGE, YX_ENOTFOUND, YX_EINTERNAL};
  size_t i, j;
  /* The numbers are the ABI: they never change. */
  CHECK_INT(YX_OK, 0);
  CHECK_INT(YX_EINVAL, 1);
  CHECK_INT(YX_ENOMEM, 2);
  CHECK_INT(YX_EPOLICY, 3);
  CHECK_INT(YX_EINPUT, 4);
  CHECK_INT(YX_ESTATE, 5);
  CHECK_INT(YX_ERANGE, 6);
  CHECK_INT(YX_ENOTFOUND, 7);
  CHECK_INT(YX_EINTERNAL, 8);
  CHECK_INT(sizeof(yx_status), sizeof(int));
  CHECK_STR(yx_status_str(YX_OK), "success");
  CHECK_STR(yx_status_str(YX_EINVAL), "invalid argument");
  CHECK_STR(yx_status_str(YX_EPOLICY), "the policy cannot be loaded");
  for (i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    CHECK(yx_status_str(codes[i]) != NULL && yx_status_str(codes[i])[0] != '\0');
    CHECK(strcmp(yx_status_str(codes[i]), "unknown status") != 0);
    for (j = 0; j < i; ++j)
      CHECK(strcmp(yx_status_str(codes[i]), yx_status_str(codes[j])) != 0);
  }
  CHECK_STR(yx_status_str((yx_status)99), "unknown status");
  CHECK_STR(yx_status_str((yx_status)-1), "unknown status");
}

static void test_enum_names(void) {
  CHECK_STR(yx_verdict_str(YX_VERDICT_MET), "met");
  CHECK_STR(yx_verdict_str(YX_VERDICT_SHORT), "short");
  CHECK_STR(yx_verdict_str(YX_VERDICT_EXEMPT), "exempt");
  CHECK_STR(yx_verdict_str(YX_VERDICT_NOT_APPLICABLE), "not_applicable");
  CHECK_STR(yx_verdict_str(YX_VERDICT_CONFLICT), "conflict");
  CHECK_STR(yx_verdict_str((yx_verdict)200), "unknown");
  CHECK_STR(yx_verdict_str((yx_verdict)-1), "unknown");

  CHECK_STR(yx_disposition_str(YX_DISPOSITION_CREDITED), "credited");
  CHECK_STR(yx_disposition_str(YX_DISPOSITION_CAPPED), "capped");
  CHECK_STR(yx_disposition_str(YX_DISPOSITION_GATED), "gated");
  CHECK_STR(yx_disposition_str(YX_DISPOSITION_OUTSIDE), "outside");
  CHECK_STR(yx_disposition_str(YX_DISPOSITION_DUPLICATE), "duplicate");
  CHECK_STR(yx_disposition_str(YX_DISPOSITION_UNCERTIFIED), "uncertified");
  CHECK_STR(yx_disposition_str(YX_DISPOSITION_INVALID), "invalid");
  CHECK_STR(yx_disposition_str((yx_disposition)7), "unknown");
  CHECK_STR(yx_disposition_str((yx_disposition)-5), "unknown");
}

static void test_days(void) {
  int32_t day = 1;
  char iso[11];
  char small[10];
  /* Days since 1970-01-01: the Dali cycle starts on day 17410 and ends on day 19235. */
  CHECK_OK(yx_day_from_iso(&day, "1970-01-01"));
  CHECK_INT(day, 0);
  CHECK_OK(yx_day_from_iso(&day, "2017-09-01"));
  CHECK_INT(day, 17410);
  CHECK_OK(yx_day_from_iso(&day, "2017/9/1"));
  CHECK_INT(day, 17410);
  CHECK_OK(yx_day_from_iso(&day, "2022-08-31"));
  CHECK_INT(day, 19235);
  CHECK_STATUS(yx_day_from_iso(&day, "2017-02-30"), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "\"2017-02-30\" is not a date");
  CHECK_STR(yx_last_error()->path, "iso");
  CHECK_STATUS(yx_day_from_iso(&day, "20177-09-01"), YX_EINVAL);
  CHECK_STATUS(yx_day_from_iso(&day, ""), YX_EINVAL);
  CHECK_STATUS(yx_day_from_iso(NULL, "2017-09-01"), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_day_from_iso: out is NULL");
  CHECK_STATUS(yx_day_from_iso(&day, NULL), YX_EINVAL);

  CHECK_OK(yx_day_to_iso(iso, sizeof iso, 17410));
  CHECK_STR(iso, "2017-09-01");
  CHECK_OK(yx_day_to_iso(iso, sizeof iso, -1));
  CHECK_STR(iso, "1969-12-31");
  CHECK_STATUS(yx_day_to_iso(small, sizeof small, 17410), YX_EINVAL);
  CHECK_STATUS(yx_day_to_iso(iso, 0, 17410), YX_EINVAL);
  CHECK_STATUS(yx_day_to_iso(NULL, 11, 17410), YX_EINVAL);
  CHECK_STATUS(yx_day_to_iso(iso, sizeof iso, YX_NO_DAY), YX_ERANGE);
  CHECK_STATUS(yx_day_to_iso(iso, sizeof iso, 1000000), YX_ERANGE);
}

static void test_buffers(void) {
  yx_buf empty = YX_BUF_INIT;
  CHECK(empty.ptr == NULL && empty.size == 0);
  yx_buf_dispose(NULL);
  yx_buf_dispose(&empty);
  yx_buf_dispose(&empty);
  CHECK(empty.ptr == NULL && empty.size == 0);
}

static void test_initialisers(void) {
  const yx_audit_options options_macro = YX_AUDIT_OPTIONS_INIT;
  const yx_teacher_columns teachers_macro = YX_TEACHER_COLUMNS_INIT;
  const yx_record_columns records_macro = YX_RECORD_COLUMNS_INIT;
  yx_audit_options options;
  yx_teacher_columns teachers;
  yx_record_columns records;

  CHECK_INT(options_macro.version, YX_AUDIT_OPTIONS_VERSION);
  CHECK(options_macro.as_of == NULL && options_macro.threads == 0);
  memset(&options, 0xff, sizeof options);
  CHECK_OK(yx_audit_options_init(&options, YX_AUDIT_OPTIONS_VERSION));
  CHECK_INT(options.version, 3);
  CHECK(options.as_of == NULL && options.threads == 0 && options.basis == YX_BASIS_CERTIFIED);
  CHECK(options.progress == NULL && options.progress_user == NULL);
  /* A version 1 caller's struct ends before `basis`: the library writes no further. */
  memset(&options, 0xff, sizeof options);
  CHECK_OK(yx_audit_options_init(&options, 1));
  CHECK_INT(options.version, 1);
  CHECK(options.as_of == NULL && options.threads == 0);
  CHECK_INT((int)options.basis, -1);
  CHECK_STATUS(yx_audit_options_init(&options, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_options_init(&options, 4), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "version 4 of yx_audit_options is unknown");
  CHECK_STATUS(yx_audit_options_init(NULL, 1), YX_EINVAL);

  CHECK_INT(teachers_macro.version, YX_TEACHER_COLUMNS_VERSION);
  memset(&teachers, 0xff, sizeof teachers);
  CHECK_OK(yx_teacher_columns_init(&teachers, YX_TEACHER_COLUMNS_VERSION));
  CHECK_INT(teachers.version, 2);
  CHECK_INT(teachers.count, 0);
  CHECK(teachers.id == NULL && teachers.birth_day == NULL && teachers.join_day == NULL &&
        teachers.leave_day == NULL && teachers.attribute_count == 0 &&
        teachers.attribute_names == NULL && teachers.attribute_values == NULL &&
        teachers.leave == NULL);
  /* A version 1 caller's struct ends before leave, which is not written. */
  memset(&teachers, 0xff, sizeof teachers);
  CHECK_OK(yx_teacher_columns_init(&teachers, 1));
  CHECK_INT(teachers.version, 1);
  CHECK(teachers.attribute_values == NULL && teachers.leave != NULL);
  CHECK_STATUS(yx_teacher_columns_init(&teachers, 9), YX_EINVAL);
  CHECK_STATUS(yx_teacher_columns_init(NULL, 1), YX_EINVAL);

  CHECK_INT(records_macro.version, YX_RECORD_COLUMNS_VERSION);
  memset(&records, 0xff, sizeof records);
  CHECK_OK(yx_record_columns_init(&records, YX_RECORD_COLUMNS_VERSION));
  CHECK_INT(records.version, 3);
  CHECK(records.level == NULL && records.attended == NULL && records.assessment == NULL &&
        records.counts_as == NULL && records.exempted == NULL && records.split == NULL &&
        records.recorded_day == NULL);
  CHECK_INT(records.count, 0);
  CHECK(records.id == NULL && records.teacher_id == NULL && records.start_day == NULL &&
        records.end_day == NULL && records.hours == NULL && records.category == NULL &&
        records.category_id == NULL && records.status == NULL && records.activity == NULL &&
        records.outcome == NULL && records.outcome_count == NULL && records.certificate == NULL);
  /* A version 2 caller's struct ends before recorded_day: nothing is written there. */
  memset(&records, 0xff, sizeof records);
  CHECK_OK(yx_record_columns_init(&records, 2));
  CHECK_INT(records.version, 2);
  CHECK(records.split == NULL && records.recorded_day != NULL);
  CHECK_STATUS(yx_record_columns_init(&records, 0), YX_EINVAL);
  CHECK_STATUS(yx_record_columns_init(NULL, 1), YX_EINVAL);
}

int main(void) {
  test_last_error_starts_clean();
  test_versions();
  test_status_names();
  test_enum_names();
  test_days();
  test_buffers();
  test_initialisers();
  return check_report("basics");
}
