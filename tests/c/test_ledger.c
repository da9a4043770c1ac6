/* Ledgers: teachers and records from CSV files (with bad rows) and from columns, the freeze,
   and what a frozen ledger reports. Expected numbers follow from the Dali policy
   (examples/policies/dali-2017.json) and the rows below. */
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

/* Dali's category indices, in the policy's declaration order. */
enum { ONLINE = 0, SCHOOL = 1, WORKSHOP = 2, SELF = 3, HOLIDAY = 4 };

static int ends_with(const char* text, const char* end) {
  const size_t length = strlen(text), end_length = strlen(end);
  return length >= end_length && strcmp(text + length - end_length, end) == 0;
}

static int64_t intake(const yx_ledger* ledger, yx_disposition disposition) {
  int64_t count = -1;
  CHECK_OK(yx_ledger_disposition_count(&count, ledger, disposition));
  return count;
}

static const yx_diagnostic* diagnostic(const yx_ledger* ledger, size_t index) {
  const yx_diagnostic* found = NULL;
  CHECK_OK(yx_ledger_diagnostic(&found, ledger, index));
  return found;
}

static void test_csv_ledger_with_bad_rows(yx_policy* policy) {
  yx_ledger* ledger = NULL;
  size_t count = 0;
  int64_t rejected = 0;
  const yx_diagnostic* d;

  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, YX_TEST_DATA "/teachers.csv"));
  CHECK_OK(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/records.csv"));
  /* Counts wait for the freeze: duplicates are only known then. */
  CHECK_STATUS(yx_ledger_teacher_count(&count, ledger), YX_ESTATE);
  CHECK_LAST_ERROR(YX_ESTATE, "the ledger is still open");
  CHECK_OK(yx_ledger_freeze(ledger));
  CHECK_OK(yx_ledger_freeze(ledger));

  /* T3's join date 2018-13-01 is no date: two of three teachers are taken. */
  CHECK_OK(yx_ledger_teacher_count(&count, ledger));
  CHECK_INT(count, 2);
  CHECK_OK(yx_ledger_rejected_teacher_count(&rejected, ledger));
  CHECK_INT(rejected, 1);
  /* Eleven record rows: R1-R5 and R10 to be judged (R5 is pending, which the audit, not the
     ledger, finds uncertified); the second R4 a duplicate; R6 dated 2023, after the cycle's end
     2022-08-31; R7 negative, R8 of an unknown teacher, R9 with three decimals: invalid. */
  CHECK_OK(yx_ledger_record_count(&count, ledger));
  CHECK_INT(count, 8);
  CHECK_INT(intake(ledger, YX_DISPOSITION_CREDITED), 6);
  CHECK_INT(intake(ledger, YX_DISPOSITION_CAPPED), 0);
  CHECK_INT(intake(ledger, YX_DISPOSITION_GATED), 0);
  CHECK_INT(intake(ledger, YX_DISPOSITION_OUTSIDE), 1);
  CHECK_INT(intake(ledger, YX_DISPOSITION_DUPLICATE), 1);
  CHECK_INT(intake(ledger, YX_DISPOSITION_UNCERTIFIED), 0);
  CHECK_INT(intake(ledger, YX_DISPOSITION_INVALID), 3);
  CHECK_STATUS(yx_ledger_disposition_count(&rejected, ledger, (yx_disposition)7), YX_ERANGE);
  CHECK_STATUS(yx_ledger_disposition_count(&rejected, ledger, (yx_disposition)-1), YX_ERANGE);

  /* Every bad row, in input order: the teachers file, then the records file by line. */
  CHECK_OK(yx_ledger_diagnostic_count(&count, ledger));
  CHECK_INT(count, 6);
  d = diagnostic(ledger, 0);
  CHECK(ends_with(d->file, "teachers.csv"));
  CHECK_INT(d->line, 4);
  CHECK_INT(d->severity, YX_SEVERITY_ERROR);
  CHECK_STR(d->path, "join_date");
  CHECK_CONTAINS(d->message, "2018-13-01");
  d = diagnostic(ledger, 1);
  CHECK(ends_with(d->file, "records.csv"));
  CHECK_INT(d->line, 6);
  CHECK_INT(d->severity, YX_SEVERITY_WARNING);
  CHECK_STR(d->path, "id");
  CHECK_CONTAINS(d->message, "duplicate record id \"R4\"");
  d = diagnostic(ledger, 2);
  CHECK_INT(d->line, 8);
  CHECK_INT(d->severity, YX_SEVERITY_WARNING);
  CHECK_CONTAINS(d->message, "outside the cycle");
  d = diagnostic(ledger, 3);
  CHECK_INT(d->line, 9);
  CHECK_INT(d->severity, YX_SEVERITY_ERROR);
  CHECK_STR(d->path, "hours");
  CHECK_CONTAINS(d->message, "negative");
  d = diagnostic(ledger, 4);
  CHECK_INT(d->line, 10);
  CHECK_STR(d->path, "teacher_id");
  CHECK_CONTAINS(d->message, "\"T9\"");
  d = diagnostic(ledger, 5);
  CHECK_INT(d->line, 11);
  CHECK_STR(d->path, "hours");
  CHECK_STATUS(yx_ledger_diagnostic(&d, ledger, 6), YX_ERANGE);

  /* Frozen: nothing more goes in. */
  CHECK_STATUS(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/records.csv"), YX_ESTATE);
  CHECK_LAST_ERROR(YX_ESTATE, "the ledger is frozen");
  CHECK_OK(yx_ledger_free(ledger));
}

static void test_csv_files_that_cannot_be_read(yx_policy* policy) {
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_STATUS(yx_ledger_read_teachers_csv(ledger, YX_TEST_DATA "/no-such.csv"), YX_EINPUT);
  CHECK(ends_with(yx_last_error()->file, "no-such.csv"));
  CHECK_CONTAINS(yx_last_error()->message, "cannot open the file");
  /* A records file as the teachers file lacks nothing; the reverse lacks teacher_id. */
  CHECK_STATUS(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/teachers.csv"), YX_EINPUT);
  CHECK(ends_with(yx_last_error()->file, "teachers.csv"));
  CHECK_INT(yx_last_error()->line, 1);
  CHECK_CONTAINS(yx_last_error()->message, "missing required column \"teacher_id\"");
  CHECK_STATUS(yx_ledger_read_teachers_csv(ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_read_records_csv(ledger, NULL), YX_EINVAL);
  CHECK_OK(yx_ledger_free(ledger));
}

/* A GB18030 export (Chinese Excel's "CSV") is refused by a UTF-8 ledger, saying so, and read by
   a ledger made for GB18030 or for detection; the same for score sheets. */
static void test_csv_encodings(yx_policy* policy) {
  static const char* const teachers = YX_SOURCE_DIR "/tests/cli/teachers-gb18030.csv";
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_STATUS(yx_ledger_read_teachers_csv(ledger, teachers), YX_EINPUT);
  CHECK_CONTAINS(yx_last_error()->message, "it looks like GB18030 (GBK)");
  CHECK_OK(yx_ledger_free(ledger));
  const yx_encoding encodings[] = {YX_ENCODING_GB18030, YX_ENCODING_AUTO};
  for (size_t i = 0; i < 2; ++i) {
    CHECK_OK(yx_ledger_new_encoded(&ledger, policy, encodings[i]));
    CHECK_OK(yx_ledger_read_teachers_csv(ledger, teachers));
    CHECK_OK(yx_ledger_freeze(ledger));
    size_t count = 0;
    CHECK_OK(yx_ledger_teacher_count(&count, ledger));
    CHECK_INT(count, 2);
    CHECK_OK(yx_ledger_free(ledger));
  }
  CHECK_STATUS(yx_ledger_new_encoded(&ledger, policy, (yx_encoding)7), YX_ERANGE);
  CHECK(ledger == NULL);

  yx_policy* pucheng = NULL;
  CHECK_OK(yx_policy_load(&pucheng, YX_SOURCE_DIR "/examples/policies/pucheng-2014.json"));
  static const char* const scores = YX_TEST_DATA "/scores-gb18030.csv";
  yx_scores* scored = NULL;
  CHECK_STATUS(yx_score_rubric_csv(&scored, pucheng, "school-evaluation", scores, NULL), YX_EINPUT);
  CHECK_CONTAINS(yx_last_error()->message, "it looks like GB18030 (GBK)");
  CHECK_OK(yx_score_rubric_csv_encoded(&scored, pucheng, "school-evaluation", scores, NULL,
                                       YX_ENCODING_GB18030));
  const char* subject = NULL;
  CHECK_OK(yx_scores_subject_id(&subject, scored, 0));
  CHECK_STR(subject, "\xE5\xAE\x9E\xE9\xAA\x8C\xE4\xB8\xAD\xE5\xAD\xA6"); /* 实验中学 */
  CHECK_OK(yx_scores_free(scored));
  CHECK_STATUS(yx_score_rubric_csv_encoded(&scored, pucheng, "school-evaluation", scores, NULL,
                                           (yx_encoding)-1),
               YX_ERANGE);
  CHECK_OK(yx_policy_free(pucheng));
}

static void test_columnar_ledger(yx_policy* policy) {
  const char* teacher_ids[] = {"A1", "A2", "", "A1"};
  const int32_t join_day[] = {YX_NO_DAY, 18140 /* 2019-09-01 */, YX_NO_DAY, YX_NO_DAY};
  const char* title_names[] = {"title"};
  const char* titles[] = {"junior", "senior", "junior", "junior"};
  const char* const* title_values[] = {titles};
  const char* record_ids[] = {"a", "b", "c", "d", "e", "f", "x1", "x2", "x3", "x4"};
  const char* record_teachers[] = {"A1", "A1", "A1", "A1", "A1", "A2", "A1", "A1", "NOPE", "A1"};
  /* 2017-10-10, -11-10, -12-10, 2018-01-10, 2018-03-01, 2020-03-01, then anything. */
  const int32_t start_day[] = {17449, 17480, 17510, 17541, 17591,
                               18322, 17449, 17449, 17449, 17449};
  const int64_t hours[] = {1200, 800, 400, 600, 3000, 250, -100, 100, 100, 100};
  const int16_t category[] = {SCHOOL, WORKSHOP, SELF, HOLIDAY, ONLINE,
                              SCHOOL, SCHOOL,   -1,   SCHOOL,  5};
  yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_ledger* ledger = NULL;
  size_t accepted = 99, count = 0;
  const yx_diagnostic* d;

  teachers.count = 4;
  teachers.id = teacher_ids;
  teachers.join_day = join_day;
  teachers.attribute_count = 1;
  teachers.attribute_names = title_names;
  teachers.attribute_values = title_values;
  records.count = 10;
  records.id = record_ids;
  records.teacher_id = record_teachers;
  records.start_day = start_day;
  records.hours = hours;
  records.category = category;

  CHECK_OK(yx_ledger_new(&ledger, policy));
  /* A1 and A2 are taken; an empty id and A1 again are rejected rows, not failures. */
  CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teachers));
  CHECK_INT(accepted, 2);
  /* Later teachers carry the same attribute names. */
  teachers.attribute_names = record_ids;
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, &teachers), YX_EINVAL);
  CHECK_INT(accepted, 0);
  CHECK_STR(yx_last_error()->path, "teachers.attribute_names");
  teachers.attribute_names = title_names;
  teachers.count = 0;
  CHECK_OK(yx_ledger_add_teachers(NULL, ledger, &teachers));

  /* Six good records; x1 negative, x2 category -1, x3 an unknown teacher, x4 category 5. */
  CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
  CHECK_INT(accepted, 6);
  records.count = 0;
  CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
  CHECK_INT(accepted, 0);
  CHECK_OK(yx_ledger_freeze(ledger));

  CHECK_OK(yx_ledger_teacher_count(&count, ledger));
  CHECK_INT(count, 2);
  CHECK_OK(yx_ledger_record_count(&count, ledger));
  CHECK_INT(count, 6);
  CHECK_INT(intake(ledger, YX_DISPOSITION_CREDITED), 6);
  CHECK_INT(intake(ledger, YX_DISPOSITION_INVALID), 4);
  CHECK_OK(yx_ledger_diagnostic_count(&count, ledger));
  CHECK_INT(count, 6);
  /* Rows from arrays are named by kind and numbered from 1 across appends. */
  d = diagnostic(ledger, 0);
  CHECK_STR(d->file, "teachers");
  CHECK_INT(d->line, 3);
  CHECK_STR(d->path, "id");
  d = diagnostic(ledger, 1);
  CHECK_STR(d->file, "teachers");
  CHECK_INT(d->line, 4);
  CHECK_CONTAINS(d->message, "duplicate teacher id \"A1\"");
  d = diagnostic(ledger, 2);
  CHECK_STR(d->file, "records");
  CHECK_INT(d->line, 7);
  CHECK_STR(d->path, "hours");
  CHECK_CONTAINS(d->message, "-1.00 is negative");
  d = diagnostic(ledger, 3);
  CHECK_INT(d->line, 8);
  CHECK_STR(d->path, "category");
  CHECK_CONTAINS(d->message, "category index -1 is out of range: the policy has 5 categories");
  d = diagnostic(ledger, 4);
  CHECK_INT(d->line, 9);
  CHECK_STR(d->path, "teacher_id");
  d = diagnostic(ledger, 5);
  CHECK_INT(d->line, 10);
  CHECK_CONTAINS(d->message, "category index 5 is out of range");

  records.count = 1;
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, &records), YX_ESTATE);
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, &teachers), YX_ESTATE);
  CHECK_OK(yx_ledger_free(ledger));
}

static void test_columns_are_checked(yx_policy* policy) {
  const char* ids[] = {"T1"};
  const int32_t days[] = {17449};
  const int64_t hours[] = {100};
  const char* categories[] = {"school"};
  const int16_t indices[] = {SCHOOL};
  const yx_record_status statuses[] = {(yx_record_status)7};
  yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_ledger* ledger = NULL;
  size_t accepted = 0;
  const yx_diagnostic* d;

  CHECK_OK(yx_ledger_new(&ledger, policy));
  teachers.count = 1;
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, &teachers), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "teachers.id is NULL but count is not 0");
  teachers.id = ids;
  teachers.version = 0;
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, &teachers), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "teachers.version is 0; this library knows versions 1 to 2");
  teachers.version = YX_TEACHER_COLUMNS_VERSION;
  teachers.attribute_count = 1;
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, &teachers), YX_EINVAL);
  CHECK_STR(yx_last_error()->path, "teachers.attribute_names");
  teachers.attribute_count = 0;
  CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teachers));
  CHECK_INT(accepted, 1);

  records.count = 1;
  records.id = ids;
  records.teacher_id = ids;
  records.start_day = days;
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, &records), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "records.hours is NULL");
  records.hours = hours;
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, &records), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "exactly one of category (indices) and category_id");
  records.category = indices;
  records.category_id = categories;
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, &records), YX_EINVAL);
  records.category = NULL;
  records.teacher_id = NULL;
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, &records), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "records.teacher_id is NULL");
  records.teacher_id = ids;
  records.version = 4;
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, &records), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "records.version is 4; this library knows versions 1 to 3");
  records.version = YX_RECORD_COLUMNS_VERSION;
  /* An unknown status is a bad row, not a bad call. */
  records.status = statuses;
  CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
  CHECK_INT(accepted, 0);
  CHECK_STATUS(yx_ledger_add_records(&accepted, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, NULL), YX_EINVAL);
  CHECK_OK(yx_ledger_freeze(ledger));
  CHECK_OK(yx_ledger_diagnostic(&d, ledger, 0));
  CHECK_STR(d->path, "status");
  CHECK_CONTAINS(d->message, "unknown status 7");
  CHECK_OK(yx_ledger_free(ledger));
}

/* The verdict of rule `rule` in period `period` of the audit's first teacher. */
static yx_verdict verdict_of(const yx_audit* audit, const char* rule, const char* period) {
  const char *rules[256], *periods[256];
  yx_verdict verdicts[256];
  yx_audit_rows rows = YX_AUDIT_ROWS_INIT;
  size_t count = 0, i;
  rows.capacity = 256;
  rows.rule_id = rules;
  rows.period_label = periods;
  rows.status = verdicts;
  CHECK_OK(yx_audit_read_rows(&count, audit, 0, &rows));
  for (i = 0; i < count; ++i)
    if (strcmp(rules[i], rule) == 0 && strcmp(periods[i], period) == 0) return verdicts[i];
  CHECK(!"no such row");
  return YX_VERDICT_FORCE_INT;
}

/* Leave of absence from columns (version 2), as teachers.csv's leave column gives it: a teacher
   on leave for the whole first semester did not serve it. */
static void test_leave_of_absence(yx_policy* policy) {
  const char* ids[] = {"T1"};
  const char* whole_semester[] = {"2017-09-01..2018-01-31"};
  const char* not_a_period[] = {"2017-09-01"};
  const char* names[] = {"school", "leave"};
  const char* schools[] = {"S1"};
  const char* const* values[] = {schools, whole_semester};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  size_t accepted = 9;
  const yx_diagnostic* d;
  teacher.count = 1;
  teacher.id = ids;

  /* Without leave the semester is short; with it, not applicable. */
  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  CHECK_INT(verdict_of(audit, "semester-total", "2017-2018/1"), YX_VERDICT_SHORT);
  CHECK_OK(yx_audit_free(audit));
  teacher.leave = whole_semester;
  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  CHECK_INT(verdict_of(audit, "semester-total", "2017-2018/1"), YX_VERDICT_NOT_APPLICABLE);
  CHECK_INT(verdict_of(audit, "semester-total", "2017-2018/2"), YX_VERDICT_SHORT);
  CHECK_OK(yx_audit_free(audit));
  /* A version 1 caller's struct has no leave: the field past its end is not read. */
  teacher.version = 1;
  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  CHECK_INT(verdict_of(audit, "semester-total", "2017-2018/1"), YX_VERDICT_SHORT);
  CHECK_OK(yx_audit_free(audit));
  teacher.version = YX_TEACHER_COLUMNS_VERSION;

  /* A leave that is no period rejects the teacher, as the CSV reader does. */
  teacher.leave = not_a_period;
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL), YX_EINPUT);
  CHECK_STR(yx_last_error()->path, "leave");
  CHECK_CONTAINS(yx_last_error()->message, "\"2017-09-01\" is not a period FIRST..LAST");
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teacher));
  CHECK_INT(accepted, 0);
  CHECK_OK(yx_ledger_freeze(ledger));
  CHECK_OK(yx_ledger_diagnostic(&d, ledger, 0));
  CHECK_STR(d->file, "teachers");
  CHECK_INT(d->line, 1);
  CHECK_STR(d->path, "leave");
  CHECK_OK(yx_ledger_free(ledger));

  /* Leave, or a date, passed as an attribute would be ignored: it is refused. */
  teacher.leave = NULL;
  teacher.attribute_count = 2;
  teacher.attribute_names = names;
  teacher.attribute_values = values;
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL,
                   "teacher.attribute_names[1] is \"leave\", which is not an "
                   "attribute: give it in teacher.leave (version 2)");
  names[1] = "join_date";
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_STATUS(yx_ledger_add_teachers(&accepted, ledger, &teacher), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "give it in teachers.join_day");
  CHECK_OK(yx_ledger_free(ledger));
}

static void test_null_arguments(yx_policy* policy) {
  yx_ledger* ledger = (yx_ledger*)&ledger;
  size_t count = 0;
  int64_t number = 0;
  const yx_diagnostic* d = NULL;
  const yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
  const yx_record_columns records = YX_RECORD_COLUMNS_INIT;

  CHECK_STATUS(yx_ledger_new(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_ledger_new(&ledger, NULL), YX_EINVAL);
  CHECK(ledger == NULL);
  CHECK_OK(yx_ledger_free(NULL));
  CHECK_STATUS(yx_ledger_add_teachers(&count, NULL, &teachers), YX_EINVAL);
  CHECK_STATUS(yx_ledger_add_records(&count, NULL, &records), YX_EINVAL);
  CHECK_STATUS(yx_ledger_read_teachers_csv(NULL, YX_TEST_DATA "/teachers.csv"), YX_EINVAL);
  CHECK_STATUS(yx_ledger_read_records_csv(NULL, YX_TEST_DATA "/records.csv"), YX_EINVAL);
  CHECK_STATUS(yx_ledger_freeze(NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_teacher_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_record_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_rejected_teacher_count(&number, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_disposition_count(&number, NULL, YX_DISPOSITION_CREDITED), YX_EINVAL);
  CHECK_STATUS(yx_ledger_diagnostic_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_ledger_diagnostic(&d, NULL, 0), YX_EINVAL);

  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_freeze(ledger));
  CHECK_STATUS(yx_ledger_teacher_count(NULL, ledger), YX_EINVAL);
  CHECK_STATUS(yx_ledger_record_count(NULL, ledger), YX_EINVAL);
  CHECK_STATUS(yx_ledger_rejected_teacher_count(NULL, ledger), YX_EINVAL);
  CHECK_STATUS(yx_ledger_disposition_count(NULL, ledger, YX_DISPOSITION_CREDITED), YX_EINVAL);
  CHECK_STATUS(yx_ledger_diagnostic_count(NULL, ledger), YX_EINVAL);
  CHECK_STATUS(yx_ledger_diagnostic(NULL, ledger, 0), YX_EINVAL);
  /* An empty ledger is a ledger. */
  CHECK_OK(yx_ledger_teacher_count(&count, ledger));
  CHECK_INT(count, 0);
  CHECK_OK(yx_ledger_free(ledger));
}

/* Texts must be UTF-8 (they go on into JSON, CSV and explanations): a teacher id saved as GBK,
   an attribute value and a record id with a byte no UTF-8 text has are refused, row by row, with
   the row and the column; the rows around them are taken. */
static void test_texts_that_are_not_utf8(yx_policy* policy) {
  /* "T" then 城 in GBK (B3 C7): B3 is a continuation byte, the 2nd byte of 3. */
  const char* teacher_ids[] = {"T1", "T\xb3\xc7", "T3"};
  const char* title_names[] = {"title"};
  const char* titles[] = {"senior", "senior", "sen\xed\xa0\x80ior"}; /* a surrogate, U+D800 */
  const char* const* title_columns[] = {titles};
  const char* record_ids[] = {"R1", "R\xff"};
  const char* record_teachers[] = {"T1", "T1"};
  const int32_t start_day[] = {17449, 17449};
  const int64_t hours[] = {100, 100};
  const int16_t category[] = {SCHOOL, SCHOOL};
  yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_ledger* ledger = NULL;
  size_t accepted = 99, count = 0;
  const yx_diagnostic* d;

  teachers.count = 3;
  teachers.id = teacher_ids;
  teachers.attribute_count = 1;
  teachers.attribute_names = title_names;
  teachers.attribute_values = title_columns;
  records.count = 2;
  records.id = record_ids;
  records.teacher_id = record_teachers;
  records.start_day = start_day;
  records.hours = hours;
  records.category = category;

  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_add_teachers(&accepted, ledger, &teachers));
  CHECK_INT(accepted, 1);
  CHECK_OK(yx_ledger_add_records(&accepted, ledger, &records));
  CHECK_INT(accepted, 1);
  CHECK_OK(yx_ledger_freeze(ledger));
  CHECK_OK(yx_ledger_diagnostic_count(&count, ledger));
  CHECK_INT(count, 3);
  d = diagnostic(ledger, 0);
  CHECK_STR(d->file, "teachers");
  CHECK_INT(d->line, 2);
  CHECK_STR(d->path, "id");
  CHECK_STR(d->message, "is not UTF-8 (byte 0xB3 at byte 2 of 3)");
  d = diagnostic(ledger, 1);
  CHECK_INT(d->line, 3);
  CHECK_STR(d->path, "title");
  CHECK_STR(d->message, "is not UTF-8 (byte 0xED at byte 4 of 9)");
  d = diagnostic(ledger, 2);
  CHECK_STR(d->file, "records");
  CHECK_INT(d->line, 2);
  CHECK_STR(d->path, "id");
  CHECK_STR(d->message, "is not UTF-8 (byte 0xFF at byte 2 of 2)");
  CHECK_OK(yx_ledger_free(ledger));
}

int main(void) {
  yx_policy* policy = NULL;
  if (yx_policy_load(&policy, dali) != YX_OK) {
    fprintf(stderr, "cannot load %s: %s\n", dali, yx_last_error()->message);
    return 1;
  }
  test_csv_ledger_with_bad_rows(policy);
  test_csv_files_that_cannot_be_read(policy);
  test_csv_encodings(policy);
  test_columnar_ledger(policy);
  test_columns_are_checked(policy);
  test_leave_of_absence(policy);
  test_texts_that_are_not_utf8(policy);
  test_null_arguments(policy);
  CHECK_OK(yx_policy_free(policy));
  return check_report("ledger");
}
