/* A school platform's use of yanxiu through its C ABI: load the county's policy, hand over the
   teachers and training records the platform holds as arrays, audit them, show what is short,
   explain one teacher; then evaluate one teacher alone, as when a teacher saves a record.

   Build against an installed yanxiu:
     cc school_audit.c $(pkg-config --cflags --libs yanxiu) -o school_audit
   Run:
     ./school_audit examples/policies/dali-2017.json */
#include <stdio.h>
#include <stdlib.h>
#include <yanxiu.h>

/* Prints what went wrong and leaves: every yx_ call that fails says why in yx_last_error(). */
static void check(yx_status status, const char* what) {
  const yx_error* error;
  if (status == YX_OK) return;
  error = yx_last_error();
  fprintf(stderr, "%s failed (%s): %s\n", what, yx_status_str(status), error->message);
  if (error->detail[0] != '\0') fprintf(stderr, "%s\n", error->detail);
  exit(1);
}

/* Amounts are hundredths: of an hour for a quota rule, of a count for count and choice rules. */
static void print_amount(const char* label, yx_rule_kind kind, int64_t hundredths) {
  if (kind == YX_RULE_QUOTA) {
    printf(" %s %lld.%02lld", label, (long long)(hundredths / 100), (long long)(hundredths % 100));
  } else {
    printf(" %s %lld", label, (long long)(hundredths / 100));
  }
}

/* Every verdict that is short, one line each. */
static void print_short_rows(const yx_audit* audit) {
  size_t rows, row;
  check(yx_audit_row_count(&rows, audit), "yx_audit_row_count");
  for (row = 0; row < rows; ++row) {
    const char *teacher, *rule, *period;
    int64_t required, credited, shortfall;
    yx_verdict status;
    yx_rule_kind kind;
    check(yx_audit_status(&status, audit, row), "yx_audit_status");
    if (status != YX_VERDICT_SHORT) continue;
    check(yx_audit_teacher_id(&teacher, audit, row), "yx_audit_teacher_id");
    check(yx_audit_rule_id(&rule, audit, row), "yx_audit_rule_id");
    check(yx_audit_period_label(&period, audit, row), "yx_audit_period_label");
    check(yx_audit_required(&required, audit, row), "yx_audit_required");
    check(yx_audit_credited(&credited, audit, row), "yx_audit_credited");
    check(yx_audit_shortfall(&shortfall, audit, row), "yx_audit_shortfall");
    printf("%s %s %s", teacher, rule, period);
    check(yx_audit_rule_kind(&kind, audit, row), "yx_audit_rule_kind");
    print_amount("required", kind, required);
    print_amount("credited", kind, credited);
    print_amount("short", kind, shortfall);
    printf("\n");
  }
}

static void print_dispositions(const yx_audit* audit) {
  int d;
  printf("records:");
  for (d = YX_DISPOSITION_CREDITED; d <= YX_DISPOSITION_INVALID; ++d) {
    int64_t count;
    check(yx_audit_disposition_count(&count, audit, (yx_disposition)d),
          "yx_audit_disposition_count");
    printf("%s %lld %s", d == 0 ? "" : ",", (long long)count,
           yx_disposition_str((yx_disposition)d));
  }
  printf("\n");
}

/* Bad rows do not fail a call: they are diagnostics, FILE:LINE: error: PATH: MESSAGE. */
static void print_diagnostics(const yx_audit* audit) {
  size_t count, i;
  check(yx_audit_diagnostic_count(&count, audit), "yx_audit_diagnostic_count");
  for (i = 0; i < count; ++i) {
    const yx_diagnostic* d;
    check(yx_audit_diagnostic(&d, audit, i), "yx_audit_diagnostic");
    fprintf(stderr, "%s:%d: %s: %s: %s\n", d->file, d->line,
            d->severity == YX_SEVERITY_ERROR ? "error" : "warning", d->path, d->message);
  }
}

static int32_t day(const char* iso) {
  int32_t number;
  check(yx_day_from_iso(&number, iso), iso);
  return number;
}

/* The school's teachers and records, as the platform holds them: one array per column. */
static yx_ledger* school_ledger(const yx_policy* policy) {
  const char* teacher_ids[] = {"T001", "T002"};
  const char* attribute_names[] = {"school", "title"};
  const char* schools[] = {"城关一小", "城关一小"};
  const char* titles[] = {"junior", "senior"};
  const char* const* attribute_values[] = {schools, titles};
  const char* record_ids[] = {"R1", "R2", "R3", "R4", "R5"};
  const char* record_teachers[] = {"T001", "T001", "T001", "T001", "T002"};
  const char* categories[] = {"school", "workshop", "self", "holiday", "school"};
  const int32_t dates[] = {day("2017-10-10"), day("2017-11-10"), day("2017-12-10"),
                           day("2018-01-10"), day("2017-10-12")};
  const int64_t hours[] = {1200, 600, 400, 600, -100}; /* hundredths: 12.00, 6.00, ... */
  yx_teacher_columns teachers = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_ledger* ledger = NULL;
  size_t accepted;

  teachers.count = 2;
  teachers.id = teacher_ids;
  teachers.attribute_count = 2;
  teachers.attribute_names = attribute_names;
  teachers.attribute_values = attribute_values;
  records.count = 5;
  records.id = record_ids;
  records.teacher_id = record_teachers;
  records.start_day = dates;
  records.hours = hours;
  records.category_id = categories;

  check(yx_ledger_new(&ledger, policy), "yx_ledger_new");
  check(yx_ledger_add_teachers(&accepted, ledger, &teachers), "yx_ledger_add_teachers");
  check(yx_ledger_add_records(&accepted, ledger, &records), "yx_ledger_add_records");
  printf("%lu of %lu records taken\n", (unsigned long)accepted, (unsigned long)records.count);
  return ledger;
}

/* T001 saves R6: judge T001 alone, with all of T001's records, R6 included; no ledger. */
static void on_record_saved(const yx_policy* policy, const yx_audit_options* options) {
  const char* teacher_id[] = {"T001"};
  const char* record_ids[] = {"R1", "R2", "R3", "R4", "R6"};
  const char* categories[] = {"school", "workshop", "self", "holiday", "workshop"};
  const int32_t dates[] = {day("2017-10-10"), day("2017-11-10"), day("2017-12-10"),
                           day("2018-01-10"), day("2018-01-15")};
  const int64_t hours[] = {1200, 600, 400, 600, 200};
  yx_teacher_columns teacher = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns records = YX_RECORD_COLUMNS_INIT;
  yx_audit* audit = NULL;
  size_t rows;

  teacher.count = 1;
  teacher.id = teacher_id;
  records.count = 5;
  records.id = record_ids;
  records.start_day = dates;
  records.hours = hours;
  records.category_id = categories;
  check(yx_evaluate_teacher(&audit, policy, &teacher, &records, options), "yx_evaluate_teacher");
  check(yx_audit_row_count(&rows, audit), "yx_audit_row_count");
  printf("after R6, T001 has %lu verdicts; still short:\n", (unsigned long)rows);
  print_short_rows(audit);
  yx_audit_free(audit);
}

int main(int argc, char** argv) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  yx_buf explanation = YX_BUF_INIT;

  if (argc != 2) {
    fprintf(stderr, "usage: %s POLICY.json\n", argv[0]);
    return 2;
  }
  if (yx_version_number() / 10000 != YX_VERSION_MAJOR) {
    fprintf(stderr, "built for yanxiu %d.x, running with %s\n", YX_VERSION_MAJOR,
            yx_version_string());
    return 1;
  }
  check(yx_policy_load(&policy, argv[1]), "yx_policy_load");
  ledger = school_ledger(policy);

  /* The end of the first semester: later periods are not reported yet. */
  options.as_of = "2018-01-31";
  check(yx_evaluate(&audit, policy, ledger, &options), "yx_evaluate");
  print_diagnostics(audit);
  print_short_rows(audit);
  print_dispositions(audit);

  check(yx_audit_explain(&explanation, audit, "T001"), "yx_audit_explain");
  fwrite(explanation.ptr, 1, explanation.size, stdout);
  yx_buf_dispose(&explanation);

  on_record_saved(policy, &options);

  yx_audit_free(audit);
  yx_ledger_free(ledger);
  yx_policy_free(policy);
  return 0;
}
