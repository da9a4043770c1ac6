/* The C ABI and the command line give identical audits on the same county: the teachers and
   records of tests/c/data/parity (leave of absence, employment dates, split records, end
   dates, outcomes with levels and counts, certificates, every status, recorded_at, attributes,
   and bad rows of each kind) are read here from CSV into columns, as a platform holding them in
   its database would pass them, evaluated, and the audit table compared byte for byte with the
   one `yanxiu audit` wrote from the CSV files; the dispositions and rejected teachers are
   compared with the library's own CSV reader's.

   Usage: capi_test_parity POLICY TEACHERS.csv RECORDS.csv AS_OF CLI_AUDIT.csv */
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define MAX_ROWS 64
#define MAX_COLUMNS 16

/* A CSV file without quoted fields, split in place. */
struct table {
  char* text;
  size_t rows, columns;
  const char* header[MAX_COLUMNS];
  const char* cells[MAX_ROWS][MAX_COLUMNS];
};

static char* read_file(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  char* text;
  long length;
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  length = ftell(file);
  fseek(file, 0, SEEK_SET);
  text = (char*)malloc((size_t)length + 1);
  if (text == NULL || fread(text, 1, (size_t)length, file) != (size_t)length) exit(2);
  text[length] = '\0';
  fclose(file);
  if (size) *size = (size_t)length;
  return text;
}

static size_t split(char* line, const char** cells) {
  size_t count = 0;
  for (;;) {
    char* comma = strchr(line, ',');
    cells[count++] = line;
    if (comma == NULL || count == MAX_COLUMNS) return count;
    *comma = '\0';
    line = comma + 1;
  }
}

static void read_table(struct table* table, const char* path) {
  char* line;
  char* next;
  table->text = read_file(path, NULL);
  if (table->text == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  next = strchr(table->text, '\n');
  *next = '\0';
  table->columns = split(table->text, table->header);
  table->rows = 0;
  for (line = next + 1; *line != '\0' && table->rows < MAX_ROWS; line = next + 1) {
    next = strchr(line, '\n');
    *next = '\0';
    CHECK_INT(split(line, table->cells[table->rows]), table->columns);
    ++table->rows;
  }
}

static int column(const struct table* table, const char* name) {
  size_t c;
  for (c = 0; c < table->columns; ++c)
    if (strcmp(table->header[c], name) == 0) return (int)c;
  return -1;
}

static const char* cell(const struct table* table, size_t row, const char* name) {
  const int c = column(table, name);
  return c < 0 ? "" : table->cells[row][c];
}

static int32_t day(const char* text) {
  int32_t value = YX_NO_DAY;
  if (*text != '\0') CHECK_OK(yx_day_from_iso(&value, text));
  return value;
}

/* "4.5" is 450, "-3" is -300: hundredths, as the CSV reader counts them. */
static int64_t hundredths(const char* text) {
  int64_t sign = 1, whole = 0, fraction = 0, scale = 10;
  if (*text == '-') {
    sign = -1;
    ++text;
  }
  for (; *text >= '0' && *text <= '9'; ++text)
    whole = whole * 10 + (*text - '0');
  if (*text == '.') {
    for (++text; *text >= '0' && *text <= '9' && scale > 0; ++text, scale /= 10)
      fraction += (*text - '0') * scale;
  }
  return sign * (whole * 100 + fraction);
}

static yx_record_status status_of(const char* text) {
  if (*text == '\0' || strcmp(text, "certified") == 0) return YX_RECORD_CERTIFIED;
  if (strcmp(text, "pending") == 0) return YX_RECORD_PENDING;
  if (strcmp(text, "rejected") == 0) return YX_RECORD_REJECTED;
  if (strcmp(text, "group_certified") == 0) return YX_RECORD_GROUP_CERTIFIED;
  return (yx_record_status)99; /* what a platform's unknown status would be */
}

int main(int argc, char** argv) {
  static struct table teachers, records;
  static const char* teacher_ids[MAX_ROWS];
  static int32_t birth[MAX_ROWS], join[MAX_ROWS], leave_day[MAX_ROWS];
  static const char* leave[MAX_ROWS];
  static const char* attribute_names[MAX_COLUMNS];
  static const char* attribute_cells[MAX_COLUMNS][MAX_ROWS];
  static const char* const* attribute_values[MAX_COLUMNS];
  static const char *record_ids[MAX_ROWS], *owners[MAX_ROWS], *categories[MAX_ROWS];
  static const char *certificates[MAX_ROWS], *outcomes[MAX_ROWS], *levels[MAX_ROWS];
  static const char *activities[MAX_ROWS], *splits[MAX_ROWS];
  static int32_t start[MAX_ROWS], end[MAX_ROWS], recorded[MAX_ROWS], counts[MAX_ROWS];
  static int64_t hours[MAX_ROWS];
  static yx_record_status statuses[MAX_ROWS];
  yx_teacher_columns teacher_columns = YX_TEACHER_COLUMNS_INIT;
  yx_record_columns record_columns = YX_RECORD_COLUMNS_INIT;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  yx_policy* policy = NULL;
  yx_ledger *from_columns = NULL, *from_csv = NULL;
  yx_audit *audit = NULL, *csv_audit = NULL;
  yx_buf table = YX_BUF_INIT;
  char* cli;
  size_t cli_size, row, c, attributes = 0;
  int64_t rejected = 0, csv_rejected = 0;
  int disposition;

  if (argc != 6) {
    fprintf(stderr, "usage: %s POLICY TEACHERS RECORDS AS_OF CLI_AUDIT\n", argv[0]);
    return 2;
  }
  read_table(&teachers, argv[2]);
  read_table(&records, argv[3]);
  CHECK_OK(yx_policy_load(&policy, argv[1]));
  options.as_of = argv[4];

  for (c = 0; c < teachers.columns; ++c) {
    const char* name = teachers.header[c];
    if (strcmp(name, "id") == 0 || strstr(name, "_date") != NULL || strcmp(name, "leave") == 0)
      continue;
    attribute_names[attributes] = name;
    for (row = 0; row < teachers.rows; ++row)
      attribute_cells[attributes][row] = teachers.cells[row][c];
    attribute_values[attributes] = attribute_cells[attributes];
    ++attributes;
  }
  for (row = 0; row < teachers.rows; ++row) {
    teacher_ids[row] = cell(&teachers, row, "id");
    birth[row] = day(cell(&teachers, row, "birth_date"));
    join[row] = day(cell(&teachers, row, "join_date"));
    leave_day[row] = day(cell(&teachers, row, "leave_date"));
    leave[row] = cell(&teachers, row, "leave");
  }
  teacher_columns.count = teachers.rows;
  teacher_columns.id = teacher_ids;
  teacher_columns.birth_day = birth;
  teacher_columns.join_day = join;
  teacher_columns.leave_day = leave_day;
  teacher_columns.leave = leave;
  teacher_columns.attribute_count = attributes;
  teacher_columns.attribute_names = attribute_names;
  teacher_columns.attribute_values = attribute_values;

  for (row = 0; row < records.rows; ++row) {
    record_ids[row] = cell(&records, row, "id");
    owners[row] = cell(&records, row, "teacher_id");
    start[row] = day(cell(&records, row, "date"));
    end[row] = day(cell(&records, row, "end_date"));
    recorded[row] = day(cell(&records, row, "recorded_at"));
    hours[row] = hundredths(cell(&records, row, "hours"));
    categories[row] = cell(&records, row, "category");
    certificates[row] = cell(&records, row, "certificate");
    statuses[row] = status_of(cell(&records, row, "status"));
    activities[row] = cell(&records, row, "activity");
    outcomes[row] = cell(&records, row, "outcome");
    levels[row] = cell(&records, row, "level");
    counts[row] = (int32_t)atoi(cell(&records, row, "count"));
    splits[row] = cell(&records, row, "split");
  }
  record_columns.count = records.rows;
  record_columns.id = record_ids;
  record_columns.teacher_id = owners;
  record_columns.start_day = start;
  record_columns.end_day = end;
  record_columns.hours = hours;
  record_columns.category_id = categories;
  record_columns.status = statuses;
  record_columns.activity = activities;
  record_columns.outcome = outcomes;
  record_columns.outcome_count = counts;
  record_columns.certificate = certificates;
  record_columns.level = levels;
  record_columns.split = splits;
  record_columns.recorded_day = recorded;

  CHECK_OK(yx_ledger_new(&from_columns, policy));
  CHECK_OK(yx_ledger_add_teachers(NULL, from_columns, &teacher_columns));
  CHECK_OK(yx_ledger_add_records(NULL, from_columns, &record_columns));
  CHECK_OK(yx_evaluate(&audit, policy, from_columns, &options));
  CHECK_OK(yx_audit_write_csv(&table, audit));
  cli = read_file(argv[5], &cli_size);
  CHECK(cli != NULL);
  /* The command line's table starts with its decision record, "# yanxiu-audit/1 ...". */
  if (cli != NULL && cli[0] == '#') {
    const char* table_start = strchr(cli, '\n') + 1;
    cli_size -= (size_t)(table_start - cli);
    memmove(cli, table_start, cli_size + 1);
  }
  if (cli != NULL && (table.size != cli_size || memcmp(table.ptr, cli, cli_size) != 0)) {
    fprintf(stderr, "the audit from columns differs from the command line's:\n%s\n", table.ptr);
    ++check_failures;
  }

  /* Every record row ends where the CSV reader's path puts it; the same teachers are refused. */
  CHECK_OK(yx_ledger_new(&from_csv, policy));
  CHECK_OK(yx_ledger_read_teachers_csv(from_csv, argv[2]));
  CHECK_OK(yx_ledger_read_records_csv(from_csv, argv[3]));
  CHECK_OK(yx_evaluate(&csv_audit, policy, from_csv, &options));
  for (disposition = YX_DISPOSITION_CREDITED; disposition <= YX_DISPOSITION_INVALID;
       ++disposition) {
    int64_t count = -1, csv_count = -2;
    CHECK_OK(yx_audit_disposition_count(&count, audit, (yx_disposition)disposition));
    CHECK_OK(yx_audit_disposition_count(&csv_count, csv_audit, (yx_disposition)disposition));
    if (count != csv_count) {
      fprintf(stderr, "%s: %lld from columns, %lld from CSV\n",
              yx_disposition_str((yx_disposition)disposition), (long long)count,
              (long long)csv_count);
      ++check_failures;
    }
  }
  CHECK_OK(yx_ledger_rejected_teacher_count(&rejected, from_columns));
  CHECK_OK(yx_ledger_rejected_teacher_count(&csv_rejected, from_csv));
  CHECK_INT(rejected, csv_rejected);
  CHECK_INT(rejected, 2); /* T06's leave is no period, T02 comes twice */

  yx_buf_dispose(&table);
  free(cli);
  free(teachers.text);
  free(records.text);
  yx_audit_free(audit);
  yx_audit_free(csv_audit);
  yx_ledger_free(from_columns);
  yx_ledger_free(from_csv);
  yx_policy_free(policy);
  return check_report("parity");
}
