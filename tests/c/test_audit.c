/* Evaluation and the audit: rows read through the getters, CSV, JSON and explanations, and one
   teacher evaluated from arrays. Expected numbers follow from the Dali policy
   (examples/policies/dali-2017.json: 300 hours a cycle, 60 an academic year, 30 a semester, 30
   offline hours a semester = school 12 + workshop 8 + self 4 + holiday 6; semesters from 09-01
   and 02-01; cycle 2017-09-01..2022-08-31) and from the rows of tests/c/data. */
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

enum { ONLINE = 0, SCHOOL = 1, WORKSHOP = 2, SELF = 3, HOLIDAY = 4 };

/* Per teacher: the cycle, 5 academic years, 10 semester totals, 10 offline semesters of 1 + 4
   parts each, and the cycle's choice of a star project or a research topic: 1 + 5 + 10 + 50 + 1
   = 67 rows. In a teacher's rows: 0 is cycle-total, 1-5 year-total, 6-15 semester-total, 16 + 5 s
   the offline rule of semester s, then its parts; 66 the choice. */
enum { ROWS = 67, CYCLE = 0, YEAR = 1, SEMESTER_TOTAL = 6, OFFLINE = 16 };

struct row {
  const char* teacher;
  const char* rule;
  const char* period;
  int32_t start, end;
  int64_t required, credited, shortfall;
  yx_verdict status;
};

static struct row read_row(const yx_audit* audit, size_t index) {
  struct row row;
  memset(&row, 0, sizeof row);
  CHECK_OK(yx_audit_teacher_id(&row.teacher, audit, index));
  CHECK_OK(yx_audit_rule_id(&row.rule, audit, index));
  CHECK_OK(yx_audit_period_label(&row.period, audit, index));
  CHECK_OK(yx_audit_period_start(&row.start, audit, index));
  CHECK_OK(yx_audit_period_end(&row.end, audit, index));
  CHECK_OK(yx_audit_required(&row.required, audit, index));
  CHECK_OK(yx_audit_credited(&row.credited, audit, index));
  CHECK_OK(yx_audit_shortfall(&row.shortfall, audit, index));
  CHECK_OK(yx_audit_status(&row.status, audit, index));
  return row;
}

static int64_t disposition(const yx_audit* audit, yx_disposition which) {
  int64_t count = -1;
  CHECK_OK(yx_audit_disposition_count(&count, audit, which));
  return count;
}

static yx_ledger* csv_ledger(const yx_policy* policy) {
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, YX_TEST_DATA "/teachers.csv"));
  CHECK_OK(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/records.csv"));
  return ledger;
}

static void test_audit_of_a_csv_ledger(const yx_policy* policy) {
  yx_ledger* ledger = csv_ledger(policy);
  yx_audit* audit = NULL;
  size_t rows = 0, begin = 0, end = 0, count = 0;
  const yx_diagnostic* d = NULL;
  struct row row;

  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_audit_row_count(&rows, audit));
  CHECK_INT(rows, 2 * ROWS);

  /* T1: 12 school + 8 workshop + 4 self + 6 holiday in the first semester. */
  row = read_row(audit, CYCLE);
  CHECK_STR(row.teacher, "T1");
  CHECK_STR(row.rule, "cycle-total");
  CHECK_STR(row.period, "cycle");
  CHECK_INT(row.start, 17410); /* 2017-09-01 */
  CHECK_INT(row.end, 19235);   /* 2022-08-31 */
  CHECK_INT(row.required, 30000);
  CHECK_INT(row.credited, 3000);
  CHECK_INT(row.shortfall, 27000);
  CHECK_INT(row.status, YX_VERDICT_SHORT);
  row = read_row(audit, YEAR);
  CHECK_STR(row.rule, "year-total");
  CHECK_STR(row.period, "2017-2018");
  CHECK_INT(row.required, 6000);
  CHECK_INT(row.credited, 3000);
  CHECK_INT(row.shortfall, 3000);
  row = read_row(audit, SEMESTER_TOTAL);
  CHECK_STR(row.rule, "semester-total");
  CHECK_STR(row.period, "2017-2018/1");
  CHECK_INT(row.end, 17562); /* 2018-01-31 */
  CHECK_INT(row.required, 3000);
  CHECK_INT(row.credited, 3000);
  CHECK_INT(row.shortfall, 0);
  CHECK_INT(row.status, YX_VERDICT_MET);
  row = read_row(audit, OFFLINE);
  CHECK_STR(row.rule, "semester-offline");
  CHECK_STR(row.period, "2017-2018/1");
  CHECK_INT(row.credited, 3000);
  CHECK_INT(row.status, YX_VERDICT_MET);
  row = read_row(audit, OFFLINE + 1);
  CHECK_STR(row.rule, "semester-offline/school");
  CHECK_INT(row.required, 1200);
  CHECK_INT(row.credited, 1200);
  row = read_row(audit, OFFLINE + 4);
  CHECK_STR(row.rule, "semester-offline/holiday");
  CHECK_INT(row.required, 600);
  CHECK_INT(row.credited, 600);
  CHECK_INT(row.status, YX_VERDICT_MET);
  /* The second semester: nothing yet. */
  row = read_row(audit, OFFLINE + 5 + 2);
  CHECK_STR(row.rule, "semester-offline/workshop");
  CHECK_STR(row.period, "2017-2018/2");
  CHECK_INT(row.start, 17563); /* 2018-02-01 */
  CHECK_INT(row.required, 800);
  CHECK_INT(row.credited, 0);
  CHECK_INT(row.shortfall, 800);
  CHECK_INT(row.status, YX_VERDICT_SHORT);

  /* T2 joined 2019-09-01: 6 of 10 semesters served, so the cycle owes 300 x 6/10 = 180; the
     first two years were not served. R10 credits 10 online hours in 2019-2020/2. */
  CHECK_OK(yx_audit_teacher_rows(&begin, &end, audit, "T2"));
  CHECK_INT(begin, ROWS);
  CHECK_INT(end, 2 * ROWS);
  row = read_row(audit, ROWS + CYCLE);
  CHECK_STR(row.teacher, "T2");
  CHECK_INT(row.required, 18000);
  CHECK_INT(row.credited, 1000);
  CHECK_INT(row.shortfall, 17000);
  row = read_row(audit, ROWS + YEAR);
  CHECK_STR(row.period, "2017-2018");
  CHECK_INT(row.status, YX_VERDICT_NOT_APPLICABLE);
  CHECK_INT(row.shortfall, 0);
  row = read_row(audit, ROWS + YEAR + 2);
  CHECK_STR(row.period, "2019-2020");
  CHECK_INT(row.required, 6000);
  CHECK_INT(row.credited, 1000);
  row = read_row(audit, ROWS + SEMESTER_TOTAL + 5);
  CHECK_STR(row.period, "2019-2020/2");
  CHECK_INT(row.required, 3000);
  CHECK_INT(row.credited, 1000);
  CHECK_INT(row.shortfall, 2000);

  /* Every record row read ends in one disposition. */
  CHECK_INT(disposition(audit, YX_DISPOSITION_CREDITED), 5);
  CHECK_INT(disposition(audit, YX_DISPOSITION_CAPPED), 0);
  CHECK_INT(disposition(audit, YX_DISPOSITION_GATED), 0);
  CHECK_INT(disposition(audit, YX_DISPOSITION_OUTSIDE), 1);
  CHECK_INT(disposition(audit, YX_DISPOSITION_DUPLICATE), 1);
  CHECK_INT(disposition(audit, YX_DISPOSITION_UNCERTIFIED), 1);
  CHECK_INT(disposition(audit, YX_DISPOSITION_INVALID), 3);
  CHECK_OK(yx_audit_diagnostic_count(&count, audit));
  CHECK_INT(count, 6);
  CHECK_OK(yx_audit_diagnostic(&d, audit, 3));
  CHECK_INT(d->line, 9);
  CHECK_STR(d->path, "hours");
  CHECK_STATUS(yx_audit_diagnostic(&d, audit, 6), YX_ERANGE);

  /* Past the end, unknown teachers, unknown dispositions. */
  CHECK_STATUS(yx_audit_required(&row.required, audit, 2 * ROWS), YX_ERANGE);
  CHECK_LAST_ERROR(YX_ERANGE, "row 134 is out of range: the audit has 134 rows");
  CHECK_STR(yx_last_error()->path, "row");
  CHECK_STATUS(yx_audit_teacher_rows(&begin, &end, audit, "T3"), YX_ENOTFOUND);
  CHECK_LAST_ERROR(YX_ENOTFOUND, "the audit has no teacher \"T3\"");
  CHECK_STATUS(yx_audit_disposition_count(&row.required, audit, (yx_disposition)7), YX_ERANGE);

  /* The ledger is frozen by the evaluation; a second evaluation reuses it. */
  CHECK_STATUS(yx_ledger_read_records_csv(ledger, YX_TEST_DATA "/records.csv"), YX_ESTATE);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  /* Handles may be freed in any order: the audit keeps what it reads. */
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_audit_teacher_id(&row.teacher, audit, ROWS));
  CHECK_STR(row.teacher, "T2");
  CHECK_OK(yx_audit_free(audit));
}

static void test_buffers(const yx_policy* policy) {
  const char* const csv_header =
      "teacher_id,rule_id,period,period_start,period_end,required,credited,shortfall,status\n";
  yx_ledger* ledger = csv_ledger(policy);
  yx_audit* audit = NULL;
  yx_buf text = YX_BUF_INIT;

  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_audit_write_csv(&text, audit));
  CHECK(text.ptr != NULL);
  CHECK(text.size > 0 && strlen(text.ptr) == text.size);
  CHECK(strncmp(text.ptr, csv_header, strlen(csv_header)) == 0);
  CHECK_CONTAINS(text.ptr,
                 "\nT1,semester-offline,2017-2018/1,2017-09-01,2018-01-31,30.00,30.00,0.00,met\n");
  CHECK_CONTAINS(text.ptr,
                 "\nT2,cycle-total,cycle,2017-09-01,2022-08-31,180.00,10.00,170.00,short\n");
  /* A writer wants an empty buffer: no leak, no overwrite. */
  CHECK_STATUS(yx_audit_write_json(&text, audit), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "out holds text already");
  yx_buf_dispose(&text);
  CHECK(text.ptr == NULL && text.size == 0);

  CHECK_OK(yx_audit_write_json(&text, audit));
  CHECK(strlen(text.ptr) == text.size);
  CHECK(text.ptr[0] == '{');
  CHECK_CONTAINS(text.ptr,
                 "\"rule_id\": \"semester-offline/holiday\", \"period\": \"2017-2018/1\"");
  yx_buf_dispose(&text);

  CHECK_OK(yx_audit_explain(&text, audit, "T1"));
  CHECK(strlen(text.ptr) == text.size);
  CHECK_CONTAINS(text.ptr, "Teacher T1");
  CHECK_CONTAINS(text.ptr, "semester-offline");
  CHECK_CONTAINS(text.ptr, "学校研修"); /* the policy's label of school, in UTF-8 */
  yx_buf_dispose(&text);
  CHECK_STATUS(yx_audit_explain(&text, audit, "T3"), YX_ENOTFOUND);
  CHECK(text.ptr == NULL);
  CHECK_STATUS(yx_audit_explain(&text, audit, NULL), YX_EINVAL);
  CHECK_STATUS(yx_audit_explain(NULL, audit, "T1"), YX_EINVAL);

  /* The structured explanation (docs/explanation-schema.md), in Chinese: T1's first verdict is
     the cycle's, 12 + 8 + 4 + 6 = 30 of 300 hours, amounts as exact decimal strings. */
  CHECK_OK(yx_audit_explain_json(&text, audit, "T1", "zh-CN"));
  CHECK(strlen(text.ptr) == text.size);
  CHECK_CONTAINS(text.ptr, "{\"schema\": \"yanxiu-explanation/1\", \"lang\": \"zh-CN\"");
  CHECK_CONTAINS(text.ptr, "\"rule_id\": \"cycle-total\"");
  CHECK_CONTAINS(text.ptr,
                 "\"required\": \"300.00\", \"nominal_required\": \"300.00\", "
                 "\"credited\": \"30.00\", \"shortfall\": \"270.00\", "
                 "\"status\": \"short\", \"status_label\": \"未达标\"");
  CHECK_CONTAINS(text.ptr, "\"reason\": {\"code\": \"duplicate\", \"message\": \"重复：");
  CHECK_CONTAINS(text.ptr, "\"gap_plan\": {\"closes_every_gap\": true");
  yx_buf_dispose(&text);
  CHECK_OK(yx_audit_explain_json(&text, audit, "T1", NULL));
  CHECK_CONTAINS(text.ptr, "\"lang\": \"en\"");
  CHECK_CONTAINS(text.ptr, "\"status_label\": \"short\"");
  yx_buf_dispose(&text);
  CHECK_OK(yx_audit_explain_text(&text, audit, "T1", "zh-CN"));
  CHECK_CONTAINS(text.ptr, "教师 T1");
  CHECK_CONTAINS(text.ptr, "学校研修");
  yx_buf_dispose(&text);
  CHECK_STATUS(yx_audit_explain_json(&text, audit, "T1", "fr"), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "unknown language \"fr\"");
  CHECK(text.ptr == NULL);
  CHECK_STATUS(yx_audit_explain_json(&text, audit, "T3", "en"), YX_ENOTFOUND);
  CHECK_STATUS(yx_audit_explain_text(NULL, audit, "T1", "en"), YX_EINVAL);

  /* The decision record names the policy by its digest; the gap plan says what T2 needs. */
  const char* digest = NULL;
  CHECK_OK(yx_policy_sha256(&digest, policy));
  CHECK(digest != NULL && strlen(digest) == 64);
  CHECK_OK(yx_audit_decision_record(&text, audit));
  CHECK_CONTAINS(text.ptr, "yanxiu-audit/1 engine ");
  CHECK_CONTAINS(text.ptr, " policy dali-2017 sha256 ");
  CHECK_CONTAINS(text.ptr, digest);
  CHECK_CONTAINS(text.ptr, " as_of - basis certified");
  yx_buf_dispose(&text);
  CHECK_OK(yx_audit_gap_plan(&text, audit, "T2"));
  CHECK_CONTAINS(text.ptr, "needs ");
  CHECK_CONTAINS(text.ptr, " h 学校研修");
  yx_buf_dispose(&text);
  CHECK_STATUS(yx_audit_gap_plan(&text, audit, "T3"), YX_ENOTFOUND);
  CHECK_STATUS(yx_audit_decision_record(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_policy_sha256(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_audit_write_csv(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_audit_write_json(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_audit_write_csv(&text, NULL), YX_EINVAL);
  CHECK_STATUS(yx_audit_write_json(&text, NULL), YX_EINVAL);
  CHECK_STATUS(yx_audit_explain(&text, NULL, "T1"), YX_EINVAL);
  CHECK(text.ptr == NULL);

  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
}

static void test_options(const yx_policy* policy) {
  yx_ledger* ledger = csv_ledger(policy);
  yx_audit* audit = (yx_audit*)&audit;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  size_t rows = 0;
  const char* period = NULL;

  /* Bad options fail before the ledger is frozen. */
  options.as_of = "2018-02-30";
  CHECK_STATUS(yx_evaluate(&audit, policy, ledger, &options), YX_EINVAL);
  CHECK(audit == NULL);
  CHECK_LAST_ERROR(YX_EINVAL, "options.as_of \"2018-02-30\" is not a date");
  CHECK_STR(yx_last_error()->path, "options.as_of");
  options.as_of = NULL;
  options.version = 4;
  CHECK_STATUS(yx_evaluate(&audit, policy, ledger, &options), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "options.version is 4");
  options.version = YX_AUDIT_OPTIONS_VERSION;
  options.basis = (yx_basis)2;
  CHECK_STATUS(yx_evaluate(&audit, policy, ledger, &options), YX_EINVAL);
  CHECK_STR(yx_last_error()->path, "options.basis");
  options.basis = YX_BASIS_CERTIFIED;
  options.version = 0;
  CHECK_STATUS(yx_evaluate(&audit, policy, ledger, &options), YX_EINVAL);
  CHECK_OK(yx_audit_options_init(&options, YX_AUDIT_OPTIONS_VERSION));

  /* As on 2018-01-31, periods starting later are not reported: per teacher the cycle, the
     year 2017-2018 and its first semester, and the cycle's choice (1 + 1 + 1 + 5 + 1 rows).
     Both teachers are listed. */
  options.as_of = "2018-01-31";
  options.threads = 2;
  CHECK_OK(yx_evaluate(&audit, policy, ledger, &options));
  CHECK_OK(yx_audit_row_count(&rows, audit));
  CHECK_INT(rows, 2 * 9);
  CHECK_OK(yx_audit_period_label(&period, audit, 7));
  CHECK_STR(period, "2017-2018/1");
  /* R10 (2020-03-01) is now after the as-of day: outside, with R6. */
  CHECK_INT(disposition(audit, YX_DISPOSITION_OUTSIDE), 2);
  CHECK_INT(disposition(audit, YX_DISPOSITION_CREDITED), 4);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
}

static void test_a_policy_must_fit_the_ledger(const yx_policy* policy) {
  const char other[] =
      "{\"format\": \"yanxiu-policy/1\", \"id\": \"other\",\n"
      " \"calendar\": {\"cycle\": {\"start\": \"2017-09-01\", \"years\": 5},\n"
      "              \"semesters\": [{\"name\": \"1\", \"start\": \"09-01\"}]},\n"
      " \"categories\": [{\"id\": \"school\"}],\n"
      " \"rules\": [{\"id\": \"year\", \"period\": \"academic_year\", \"min\": 10}]}";
  yx_policy* what_if = NULL;
  yx_ledger* ledger = csv_ledger(policy);
  yx_audit* audit = NULL;
  CHECK_OK(yx_policy_parse(&what_if, other, strlen(other), "other.json"));
  CHECK_STATUS(yx_evaluate(&audit, what_if, ledger, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "their categories or calendars differ");
  CHECK(audit == NULL);
  CHECK_OK(yx_policy_free(what_if));
  CHECK_OK(yx_ledger_free(ledger));
}

static void test_one_teacher_from_arrays(const yx_policy* policy) {
  const char* teacher_id[] = {"S1"};
  const char* record_ids[] = {"r1", "r2", "r3", "r4", "r5", "r6"};
  /* 2017-10-10, -11-10, -12-10, 2018-01-29..02-03 (a holiday course that ends in the second
     semester: Dali assigns a record by its end), 2018-01-10, and 2017-10-11. */
  const int32_t start_day[] = {17449, 17480, 17510, 17560, 17541, 17450};
  const int32_t end_day[] = {YX_NO_DAY, YX_NO_DAY, YX_NO_DAY, 17565, YX_NO_DAY, YX_NO_DAY};
  const int64_t hours[] = {1200, 800, 400, 600, 600, 250};
  const int16_t category[] = {SCHOOL, WORKSHOP, SELF, HOLIDAY, HOLIDAY, ONLINE};
  const yx_record_status status[] = {YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED,
                                     YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED, YX_RECORD_PENDING};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_audit* audit = NULL;
  size_t rows = 0, begin = 0, end = 0;
  struct row row;
  yx_buf text = YX_BUF_INIT;

  teacher.count = 1;
  teacher.id = teacher_id;
  records.count = 6;
  records.id = record_ids;
  records.start_day = start_day;
  records.end_day = end_day;
  records.hours = hours;
  records.category = category;
  records.status = status;

  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  CHECK_OK(yx_audit_row_count(&rows, audit));
  CHECK_INT(rows, ROWS);
  CHECK_OK(yx_audit_teacher_rows(&begin, &end, audit, "S1"));
  CHECK_INT(begin, 0);
  CHECK_INT(end, ROWS);
  /* First semester: 12 + 8 + 4 + 6 (r5) = 30 offline; r4 counts in the second semester. */
  row = read_row(audit, OFFLINE);
  CHECK_STR(row.teacher, "S1");
  CHECK_STR(row.period, "2017-2018/1");
  CHECK_INT(row.credited, 3000);
  CHECK_INT(row.status, YX_VERDICT_MET);
  row = read_row(audit, OFFLINE + 5 + 4);
  CHECK_STR(row.rule, "semester-offline/holiday");
  CHECK_STR(row.period, "2017-2018/2");
  CHECK_INT(row.credited, 600);
  CHECK_INT(row.status, YX_VERDICT_MET);
  row = read_row(audit, YEAR);
  CHECK_INT(row.credited, 3600);
  CHECK_INT(row.shortfall, 2400);
  CHECK_INT(disposition(audit, YX_DISPOSITION_CREDITED), 5);
  CHECK_INT(disposition(audit, YX_DISPOSITION_UNCERTIFIED), 1);
  CHECK_OK(yx_audit_explain(&text, audit, "S1"));
  CHECK_CONTAINS(text.ptr, "Teacher S1");
  yx_buf_dispose(&text);
  CHECK_OK(yx_audit_free(audit));

  /* Records of another teacher, and bad rows, are the audit's diagnostics. */
  {
    const char* teacher_of[] = {"S1", "S1", "S1", "S1", "S2", "S1"};
    const int64_t bad_hours[] = {1200, 800, 400, 600, 600, 123456789};
    size_t count = 0;
    const yx_diagnostic* d = NULL;
    records.teacher_id = teacher_of;
    records.hours = bad_hours;
    CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
    CHECK_INT(disposition(audit, YX_DISPOSITION_INVALID), 2);
    CHECK_OK(yx_audit_diagnostic_count(&count, audit));
    CHECK_INT(count, 2);
    CHECK_OK(yx_audit_diagnostic(&d, audit, 0));
    CHECK_STR(d->file, "records");
    CHECK_INT(d->line, 5);
    CHECK_STR(d->path, "teacher_id");
    CHECK_OK(yx_audit_diagnostic(&d, audit, 1));
    CHECK_INT(d->line, 6);
    CHECK_STR(d->path, "hours");
    CHECK_OK(yx_audit_free(audit));
    records.teacher_id = NULL;
    records.hours = hours;
  }

  /* As of 2018-01-31, with the day each record was entered (version 3): r1 was entered on
     2018-02-05, after the day, and r4 ends on 2018-02-03, so both are outside; the first
     semester has 8 + 4 + 6 = 18 offline hours. */
  {
    const int32_t recorded_day[] = {17567, YX_NO_DAY, YX_NO_DAY, YX_NO_DAY, YX_NO_DAY, YX_NO_DAY};
    yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
    options.as_of = "2018-01-31";
    records.recorded_day = recorded_day;
    CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, &options));
    /* Only the periods begun by then: the cycle, the year, the semester's total and its
       offline rule (row 3) with four parts, and the choice. */
    row = read_row(audit, 3);
    CHECK_STR(row.rule, "semester-offline");
    CHECK_STR(row.period, "2017-2018/1");
    CHECK_INT(row.credited, 1800);
    CHECK_INT(disposition(audit, YX_DISPOSITION_OUTSIDE), 2);
    CHECK_INT(disposition(audit, YX_DISPOSITION_CREDITED), 3);
    CHECK_OK(yx_audit_free(audit));
    /* A version 2 caller has no recorded_day: whatever lies there is not read. */
    records.version = 2;
    records.recorded_day = (const int32_t*)&records;
    CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, &options));
    CHECK_INT(read_row(audit, 3).credited, 3000);
    CHECK_OK(yx_audit_free(audit));
    records.version = YX_RECORD_COLUMNS_VERSION;
    records.recorded_day = NULL;
  }

  /* A teacher with no records yet. */
  records.count = 0;
  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  row = read_row(audit, CYCLE);
  CHECK_INT(row.required, 30000);
  CHECK_INT(row.credited, 0);
  CHECK_OK(yx_audit_free(audit));
  records.count = 6;
}

static void test_one_teacher_errors(const yx_policy* policy) {
  const char* teacher_id[] = {"S1", "S2"};
  const int32_t join_day[] = {18140, YX_NO_DAY};  /* 2019-09-01 */
  const int32_t leave_day[] = {17410, YX_NO_DAY}; /* 2017-09-01, before joining */
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  yx_audit* audit = (yx_audit*)&audit;

  teacher.id = teacher_id;
  teacher.count = 2;
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL), YX_EINVAL);
  CHECK(audit == NULL);
  CHECK_LAST_ERROR(YX_EINVAL, "teacher.count is 2; one teacher is evaluated");
  teacher.count = 0;
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL), YX_EINVAL);
  teacher.count = 1;
  teacher.join_day = join_day;
  teacher.leave_day = leave_day;
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL), YX_EINPUT);
  CHECK_STR(yx_last_error()->file, "teacher");
  CHECK_INT(yx_last_error()->line, 1);
  CHECK_STR(yx_last_error()->path, "leave_date");
  CHECK_CONTAINS(yx_last_error()->message, "2017-09-01 is before join_date 2019-09-01");
  teacher.leave_day = NULL;
  options.version = 5;
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, &records, &options), YX_EINVAL);
  CHECK_STATUS(yx_evaluate_teacher(NULL, policy, &teacher, &records, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate_teacher(&audit, NULL, &teacher, &records, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, NULL, &records, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate_teacher(&audit, policy, &teacher, NULL, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_evaluate_teacher: records is NULL");
  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  CHECK_OK(yx_audit_free(audit));
}

static void test_null_arguments(const yx_policy* policy) {
  yx_ledger* ledger = csv_ledger(policy);
  yx_audit* audit = NULL;
  const char* text = NULL;
  int32_t day = 0;
  int64_t hours = 0;
  size_t count = 0, other = 0;
  yx_verdict verdict = YX_VERDICT_MET;
  const yx_diagnostic* d = NULL;

  CHECK_STATUS(yx_evaluate(NULL, policy, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate(&audit, NULL, ledger, NULL), YX_EINVAL);
  CHECK_STATUS(yx_evaluate(&audit, policy, NULL, NULL), YX_EINVAL);
  CHECK_OK(yx_audit_free(NULL));
  CHECK_STATUS(yx_audit_row_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_audit_teacher_rows(&count, &other, NULL, "T1"), YX_EINVAL);
  CHECK_STATUS(yx_audit_teacher_id(&text, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_rule_id(&text, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_period_label(&text, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_period_start(&day, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_period_end(&day, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_required(&hours, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_credited(&hours, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_shortfall(&hours, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_status(&verdict, NULL, 0), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_audit_status: audit is NULL");
  CHECK_STATUS(yx_audit_disposition_count(&hours, NULL, YX_DISPOSITION_CREDITED), YX_EINVAL);
  CHECK_STATUS(yx_audit_diagnostic_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_audit_diagnostic(&d, NULL, 0), YX_EINVAL);

  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_STATUS(yx_audit_row_count(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_audit_teacher_rows(NULL, &other, audit, "T1"), YX_EINVAL);
  CHECK_STATUS(yx_audit_teacher_rows(&count, NULL, audit, "T1"), YX_EINVAL);
  CHECK_STATUS(yx_audit_teacher_rows(&count, &other, audit, NULL), YX_EINVAL);
  CHECK_STATUS(yx_audit_teacher_id(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_rule_id(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_period_label(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_period_start(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_period_end(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_required(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_credited(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_shortfall(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_status(NULL, audit, 0), YX_EINVAL);
  CHECK_STATUS(yx_audit_disposition_count(NULL, audit, YX_DISPOSITION_CREDITED), YX_EINVAL);
  CHECK_STATUS(yx_audit_diagnostic_count(NULL, audit), YX_EINVAL);
  CHECK_STATUS(yx_audit_diagnostic(NULL, audit, 0), YX_EINVAL);
  /* Every row getter checks the row. */
  CHECK_STATUS(yx_audit_teacher_id(&text, audit, 1000), YX_ERANGE);
  CHECK_STATUS(yx_audit_rule_id(&text, audit, 1000), YX_ERANGE);
  CHECK_STATUS(yx_audit_period_label(&text, audit, 1000), YX_ERANGE);
  CHECK_STATUS(yx_audit_period_start(&day, audit, 1000), YX_ERANGE);
  CHECK_STATUS(yx_audit_period_end(&day, audit, 1000), YX_ERANGE);
  CHECK_STATUS(yx_audit_credited(&hours, audit, 1000), YX_ERANGE);
  CHECK_STATUS(yx_audit_shortfall(&hours, audit, (size_t)-1), YX_ERANGE);
  CHECK_STATUS(yx_audit_status(&verdict, audit, 1000), YX_ERANGE);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
}

/* The credit pipeline from arrays (version 2 columns): Dali converts outcomes (a provincial
   paper at the reviewer's 16 hours, within 10..20) and credits only certified hours unless the
   audit runs as submitted; its choice rule counts a star project or a research topic, one of the
   two. The Baoshan policy's credit bank lets a city course offset research and splits a course.
   Amounts of count and choice rules are counts times 100. */
static void test_credit_pipeline_from_arrays(const yx_policy* dali_policy) {
  const char* teacher_id[] = {"C1"};
  const char* ids[] = {"p1", "k1", "x1", "x2"};
  const int32_t start_day[] = {17459, 17480, 17600,
                               17965}; /* 2017-10-20, -11-10, 2018-03-10, 2019-03-10 */
  const int64_t hours[] = {1600, 800, 0, 0};
  const char* category[] = {"self", "workshop", "school", "school"};
  const char* outcome[] = {"paper", NULL, NULL, NULL};
  const char* level[] = {"provincial", NULL, NULL, NULL};
  const char* activity[] = {NULL, NULL, "star_project", "research_topic"};
  const yx_record_status status[] = {YX_RECORD_CERTIFIED, YX_RECORD_GROUP_CERTIFIED,
                                     YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  yx_audit* audit = NULL;
  yx_rule_kind kind;
  yx_verdict verdict;
  int64_t amount = 0;
  yx_policy* baoshan = NULL;

  teacher.count = 1;
  teacher.id = teacher_id;
  records.count = 4;
  records.id = ids;
  records.start_day = start_day;
  records.hours = hours;
  records.category_id = category;
  records.outcome = outcome;
  records.level = level;
  records.activity = activity;
  records.status = status;
  CHECK_OK(yx_evaluate_teacher(&audit, dali_policy, &teacher, &records, NULL));
  /* The self-study part of 2017-2018/1 has the paper's 16 hours; the group-certified workshop
     hours await the county. */
  CHECK_OK(yx_audit_credited(&amount, audit, OFFLINE + 3));
  CHECK_INT(amount, 1600);
  CHECK_OK(yx_audit_credited(&amount, audit, OFFLINE + 2));
  CHECK_INT(amount, 0);
  CHECK_OK(yx_audit_rule_kind(&kind, audit, OFFLINE));
  CHECK_INT(kind, YX_RULE_QUOTA);
  /* Row 66, the choice: both options taken, a conflict; its amounts are counts. */
  CHECK_OK(yx_audit_rule_kind(&kind, audit, ROWS - 1));
  CHECK_INT(kind, YX_RULE_CHOICE);
  CHECK_OK(yx_audit_status(&verdict, audit, ROWS - 1));
  CHECK_INT(verdict, YX_VERDICT_CONFLICT);
  CHECK_OK(yx_audit_credited(&amount, audit, ROWS - 1));
  CHECK_INT(amount, 200);
  CHECK_STATUS(yx_audit_rule_kind(&kind, audit, ROWS), YX_ERANGE);
  CHECK_STATUS(yx_audit_rule_kind(NULL, audit, 0), YX_EINVAL);
  CHECK_OK(yx_audit_free(audit));

  options.basis = YX_BASIS_SUBMITTED;
  CHECK_OK(yx_evaluate_teacher(&audit, dali_policy, &teacher, &records, &options));
  CHECK_OK(yx_audit_credited(&amount, audit, OFFLINE + 2));
  CHECK_INT(amount, 800);
  CHECK_OK(yx_audit_free(audit));

  /* A version 1 caller never names the later fields: the level is not read, and a paper
     without its level is refused. */
  records.version = 1;
  CHECK_OK(yx_evaluate_teacher(&audit, dali_policy, &teacher, &records, NULL));
  CHECK_OK(yx_audit_credited(&amount, audit, OFFLINE + 3));
  CHECK_INT(amount, 0);
  CHECK_INT(disposition(audit, YX_DISPOSITION_INVALID), 1);
  CHECK_OK(yx_audit_free(audit));

  {
    const char* b_teacher[] = {"B1"};
    const char* b_attribute_names[] = {"title"};
    const char* b_titles[] = {"senior"};
    const char* const* b_attribute_values[] = {b_titles};
    const char* b_ids[] = {"b1", "b2"};
    const int32_t b_days[] = {15409, 15440}; /* 2012-03-10, 2012-04-10 */
    const int64_t b_hours[] = {2000, 1500};
    const char* b_category[] = {"external", "course"};
    const char* b_counts_as[] = {"research", NULL};
    const char* b_split[] = {NULL, "course:10;research:5"};
    yx_teacher_columns b_teacher_columns = YX_TEACHER_COLUMNS_INIT;
    yx_record_columns b_records = YX_RECORD_COLUMNS_INIT;
    size_t begin = 0, end = 0;
    CHECK_OK(yx_policy_load(&baoshan, YX_SOURCE_DIR "/examples/policies/baoshan-2011.json"));
    b_teacher_columns.count = 1;
    b_teacher_columns.id = b_teacher;
    b_teacher_columns.attribute_count = 1;
    b_teacher_columns.attribute_names = b_attribute_names;
    b_teacher_columns.attribute_values = b_attribute_values;
    b_records.count = 2;
    b_records.id = b_ids;
    b_records.start_day = b_days;
    b_records.hours = b_hours;
    b_records.category_id = b_category;
    b_records.counts_as = b_counts_as;
    b_records.split = b_split;
    CHECK_OK(yx_evaluate_teacher(&audit, baoshan, &b_teacher_columns, &b_records, NULL));
    /* senior-cycle and its research part: 20 offset + 5 split = 25 of research in 35 hours. */
    CHECK_OK(yx_audit_teacher_rows(&begin, &end, audit, "B1"));
    CHECK_INT(end - begin, 2);
    CHECK_OK(yx_audit_credited(&amount, audit, 0));
    CHECK_INT(amount, 3500);
    CHECK_OK(yx_audit_credited(&amount, audit, 1));
    CHECK_INT(amount, 2500);
    CHECK_OK(yx_audit_free(audit));
    CHECK_OK(yx_policy_free(baoshan));
  }
}

/* The audit's CSV as a string the caller frees with yx_buf_dispose. */
static yx_buf audit_csv(const yx_audit* audit) {
  yx_buf csv = YX_BUF_INIT;
  CHECK_OK(yx_audit_write_csv(&csv, audit));
  return csv;
}

static void check_same_audit(const yx_audit* one, const yx_audit* other) {
  yx_buf one_csv = audit_csv(one), other_csv = audit_csv(other);
  size_t count = 0, other_count = 0, i;
  int d;
  CHECK_STR(one_csv.ptr, other_csv.ptr ? other_csv.ptr : "");
  yx_buf_dispose(&one_csv);
  yx_buf_dispose(&other_csv);
  for (d = YX_DISPOSITION_CREDITED; d <= YX_DISPOSITION_INVALID; ++d)
    CHECK_INT(disposition(one, (yx_disposition)d), disposition(other, (yx_disposition)d));
  CHECK_OK(yx_audit_diagnostic_count(&count, one));
  CHECK_OK(yx_audit_diagnostic_count(&other_count, other));
  CHECK_INT(count, other_count);
  for (i = 0; i < count && i < other_count; ++i) {
    const yx_diagnostic *a = NULL, *b = NULL;
    CHECK_OK(yx_audit_diagnostic(&a, one, i));
    CHECK_OK(yx_audit_diagnostic(&b, other, i));
    CHECK_INT(a->severity, b->severity);
    CHECK_STR(a->file, b->file);
    CHECK_INT(a->line, b->line);
    CHECK_STR(a->path, b->path);
    CHECK_STR(a->message, b->message);
  }
}

/* yx_evaluate_teacher reuses the policy's sessions between calls; it must still judge and report
   every row as a ledger of that one teacher does, and never touch an audit the caller holds. */
static void test_one_teacher_as_in_a_ledger(const yx_policy* policy) {
  enum { N = 13 };
  const char* teacher_id[] = {"S1"};
  const char* teacher_of[N];
  /* Plain; a repeated id; before the cycle; an unknown status; a negative category index and
     an unknown status (the category is named); too many hours; no id; pending, with an
     activity; ending before it starts; split; online; an index past the categories; a
     certificate. */
  const char* ids[N] = {"r1", "r1", "r3",  "r4",  "r5",  "r6", NULL,
                        "r8", "r9", "r10", "r11", "r12", "r13"};
  const int32_t start_day[N] = {17449, 17480, 16801, 17510, 17541, 17450, 17451,
                                17452, 17460, 17700, 17800, 17801, 17900};
  const int32_t end_day[N] = {YX_NO_DAY, YX_NO_DAY, YX_NO_DAY, YX_NO_DAY, YX_NO_DAY,
                              YX_NO_DAY, YX_NO_DAY, YX_NO_DAY, 17455,     YX_NO_DAY,
                              YX_NO_DAY, YX_NO_DAY, YX_NO_DAY};
  const int64_t hours[N] = {1200, 800, 400, 600, 600, 123456789, 100, 250, 300, 300, 500, 100, 700};
  const int16_t category[N] = {SCHOOL, WORKSHOP, SELF,   HOLIDAY, -1, ONLINE,  SCHOOL,
                               ONLINE, SELF,     SCHOOL, ONLINE,  99, WORKSHOP};
  const yx_record_status status[N] = {
      YX_RECORD_CERTIFIED,      YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED, (yx_record_status)7,
      (yx_record_status)9,      YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED, YX_RECORD_PENDING,
      YX_RECORD_CERTIFIED,      YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED, YX_RECORD_CERTIFIED,
      YX_RECORD_GROUP_CERTIFIED};
  const char* activity[N] = {NULL,      NULL, NULL, NULL, NULL, NULL, NULL,
                             "lecture", NULL, NULL, NULL, NULL, NULL};
  const char* split[N] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "school:2;self:1",
                          NULL, NULL, NULL};
  const char* certificate[N] = {NULL, NULL, NULL, NULL, NULL, NULL,  NULL,
                                NULL, NULL, NULL, NULL, NULL, "C-13"};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  yx_audit *held = NULL, *other = NULL;
  yx_buf held_csv = YX_BUF_INIT, held_csv_after = YX_BUF_INIT;
  int round, i;

  for (i = 0; i < N; ++i)
    teacher_of[i] = "S1";
  teacher.count = 1;
  teacher.id = teacher_id;
  records.count = N;
  records.id = ids;
  records.start_day = start_day;
  records.end_day = end_day;
  records.hours = hours;
  records.category = category;
  records.status = status;
  records.activity = activity;
  records.split = split;
  records.certificate = certificate;
  /* Twice each: a call with a session taken from the pool must equal the first. */
  for (round = 0; round < 4; ++round) {
    const yx_audit_options* chosen = round < 2 ? NULL : &options;
    yx_ledger* ledger = NULL;
    yx_audit *one = NULL, *whole = NULL;
    options.as_of = "2018-01-01";
    options.basis = YX_BASIS_SUBMITTED;
    CHECK_OK(yx_evaluate_teacher(&one, policy, &teacher, &records, chosen));
    CHECK_OK(yx_ledger_new(&ledger, policy));
    CHECK_OK(yx_ledger_add_teachers(NULL, ledger, &teacher));
    records.teacher_id = teacher_of;
    CHECK_OK(yx_ledger_add_records(NULL, ledger, &records));
    records.teacher_id = NULL;
    CHECK_OK(yx_evaluate(&whole, policy, ledger, chosen));
    check_same_audit(one, whole);
    CHECK_OK(yx_audit_free(one));
    CHECK_OK(yx_audit_free(whole));
    CHECK_OK(yx_ledger_free(ledger));
  }

  /* An audit held while the next teachers are judged keeps its rows. */
  CHECK_OK(yx_evaluate_teacher(&held, policy, &teacher, &records, NULL));
  held_csv = audit_csv(held);
  for (round = 0; round < 3; ++round) {
    records.count = 3 + (size_t)round;
    CHECK_OK(yx_evaluate_teacher(&other, policy, &teacher, &records, NULL));
    CHECK_OK(yx_audit_free(other));
  }
  records.count = N;
  held_csv_after = audit_csv(held);
  CHECK_STR(held_csv_after.ptr, held_csv.ptr);
  CHECK_INT(disposition(held, YX_DISPOSITION_DUPLICATE), 1);
  yx_buf_dispose(&held_csv);
  yx_buf_dispose(&held_csv_after);
  CHECK_OK(yx_audit_free(held));
}

/* An audit of one teacher outlives its policy, whose sessions go with the last of them. */
static void test_one_teacher_outlives_the_policy(void) {
  const char* teacher_id[] = {"S1"};
  const char* ids[] = {"r1"};
  const int32_t start_day[] = {17449};
  const int64_t hours[] = {1200};
  const int16_t category[] = {SCHOOL};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_policy* policy = NULL;
  yx_audit *audit = NULL, *after = (yx_audit*)&after;
  int64_t credited = 0;
  CHECK_OK(yx_policy_load(&policy, dali));
  teacher.count = 1;
  teacher.id = teacher_id;
  records.count = 1;
  records.id = ids;
  records.start_day = start_day;
  records.hours = hours;
  records.category = category;
  CHECK_OK(yx_evaluate_teacher(&audit, policy, &teacher, &records, NULL));
  CHECK_OK(yx_policy_free(policy));
  CHECK_STATUS(yx_evaluate_teacher(&after, policy, &teacher, &records, NULL), YX_EINVAL);
  CHECK(after == NULL);
  CHECK_OK(yx_audit_credited(&credited, audit, CYCLE));
  CHECK_INT(credited, 1200);
  CHECK_OK(yx_audit_free(audit));
}

/* Named decisions (issue 17): county-credits' re-registration for T1 (72 of 72 credits) and T3
   (6.12 of 72), the ledger of tests/cli/credits-*.csv. */
static void test_decisions(void) {
  yx_policy* credits = NULL;
  CHECK_OK(yx_policy_load(&credits, YX_SOURCE_DIR "/examples/policies/county-credits.json"));
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, credits));
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, YX_SOURCE_DIR "/tests/cli/credits-teachers.csv"));
  CHECK_OK(yx_ledger_read_records_csv(ledger, YX_SOURCE_DIR "/tests/cli/credits-records.csv"));
  yx_audit* audit = NULL;
  CHECK_OK(yx_evaluate(&audit, credits, ledger, NULL));
  int eligible = -1;
  CHECK_OK(yx_audit_decision(&eligible, audit, "T1", "re-registration"));
  CHECK(eligible == 1);
  CHECK_OK(yx_audit_decision(&eligible, audit, "T3", "re-registration"));
  CHECK(eligible == 0);
  CHECK_STATUS(yx_audit_decision(&eligible, audit, "T3", "re-registratoin"), YX_ENOTFOUND);
  CHECK_STATUS(yx_audit_decision(&eligible, audit, "T9", "re-registration"), YX_ENOTFOUND);
  CHECK_STATUS(yx_audit_decision(NULL, audit, "T3", "re-registration"), YX_EINVAL);
  yx_buf text = YX_BUF_INIT;
  CHECK_OK(yx_audit_write_decisions_csv(&text, audit));
  CHECK(strcmp(text.ptr,
               "teacher_id,decision,status,verdicts,blocking,detail\n"
               "T1,re-registration,eligible,3,0,\n"
               "T3,re-registration,not_eligible,3,1,cycle-72 cycle: short 6.12 of 72.00\n") == 0);
  yx_buf_dispose(&text);
  CHECK_OK(yx_audit_explain_decisions(&text, audit, "T3"));
  CHECK_CONTAINS(text.ptr, "re-registration (教师资格定期注册): not_eligible\n");
  CHECK_CONTAINS(text.ptr, "  cycle-72 cycle: short 6.12 of 72.00\n");
  yx_buf_dispose(&text);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(credits));
}

int main(void) {
  yx_policy* policy = NULL;
  if (yx_policy_load(&policy, dali) != YX_OK) {
    fprintf(stderr, "cannot load %s: %s\n", dali, yx_last_error()->message);
    return 1;
  }
  test_audit_of_a_csv_ledger(policy);
  test_buffers(policy);
  test_options(policy);
  test_a_policy_must_fit_the_ledger(policy);
  test_one_teacher_from_arrays(policy);
  test_one_teacher_errors(policy);
  test_null_arguments(policy);
  test_credit_pipeline_from_arrays(policy);
  test_one_teacher_as_in_a_ledger(policy);
  test_one_teacher_outlives_the_policy();
  test_decisions();
  CHECK_OK(yx_policy_free(policy));
  return check_report("audit");
}
