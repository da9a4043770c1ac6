/*
 * yanxiu.h: the stable C ABI of yanxiu, the rules engine for teacher in-service training policy.
 *
 * Link with -lyanxiu (libyanxiu.so.1; `pkg-config --cflags --libs yanxiu`, or the CMake target
 * yanxiu::c). docs/c-api.md is the guide; this header is the reference.
 *
 * Conventions, in one place:
 * - Everything is prefixed yx_ / YX_. Handles are opaque numbers made by the library, never
 *   addresses: compare them only with NULL; a freed one is always YX_EINVAL.
 * - A fallible function returns a yx_status (YX_OK is 0) and writes its results through out
 *   parameters, which come first. On failure yx_last_error() says what went wrong (on this OS
 *   thread; the yx_*_e form of every such function fills a yx_error_info instead, for green
 *   threads) and *out handles are set to NULL.
 * - Ownership: a handle returned through `yx_x** out` is the caller's, released with yx_x_free
 *   (which accepts NULL). A `const char*` or `const yx_diagnostic*` result is borrowed: it
 *   stays valid until the handle it came from is freed. A yx_buf is the caller's, released with
 *   yx_buf_dispose. Never release library memory with free().
 * - Strings are UTF-8 and NUL-terminated. A NULL string inside a column reads as "".
 * - Days are day numbers: days since 1970-01-01 (int32_t), YX_NO_DAY for "no date".
 *   yx_day_from_iso / yx_day_to_iso convert from and to "YYYY-MM-DD".
 * - Hours are int64_t hundredths of an hour (1.5 hours is 150): exact, no floating point.
 * - Enumerations only ever gain values; a newer library may return a value this header does not
 *   name, which the yx_*_str functions still name.
 * - Structs the caller fills (options, columns) start with `unsigned int version`; initialise
 *   them with the YX_*_INIT macro or the yx_*_init function. Structs the library returns by
 *   pointer (yx_error, yx_diagnostic) may gain fields at their end.
 */
#ifndef YANXIU_H
#define YANXIU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define YX_API __attribute__((visibility("default")))
#else
#define YX_API
#endif

/* The version of this header; yx_version_number() is the library's, which may be newer. */
#define YX_VERSION_MAJOR 0
#define YX_VERSION_MINOR 1
#define YX_VERSION_PATCH 0
#define YX_VERSION_NUMBER (YX_VERSION_MAJOR * 10000 + YX_VERSION_MINOR * 100 + YX_VERSION_PATCH)

/* "Unknown" in a day column: no birth date, no join or leave date, a one-day record. */
#define YX_NO_DAY (-2147483647 - 1)

/* ---- Status codes and errors ------------------------------------------------------------- */

/* What a call returned. Numbered explicitly; new codes are only ever added. */
typedef enum yx_status {
  YX_OK = 0,
  /* An argument is wrong: NULL where a value is needed, a handle that is not a live handle of
     the expected type (freed, or another type), an unknown struct version, a bad date text. */
  YX_EINVAL = 1,
  /* Memory ran out; the handles given are unchanged. */
  YX_ENOMEM = 2,
  /* The policy cannot be loaded: yx_last_error() has the file, line and JSON path of the first
     problem, and its detail lists them all. */
  YX_EPOLICY = 3,
  /* A teachers or records file cannot be read at all (missing, empty, a required column
     absent), or yx_evaluate_teacher's teacher row was rejected. Bad rows of a ledger are not
     call failures: they are the ledger's diagnostics. */
  YX_EINPUT = 4,
  /* The handle's state does not allow the call: appending to a ledger already frozen, reading
     the counts of a ledger not yet frozen. */
  YX_ESTATE = 5,
  /* An index or a value is out of range: an audit row, a category, a disposition, a date. */
  YX_ERANGE = 6,
  /* No such teacher or category id. */
  YX_ENOTFOUND = 7,
  /* A bug in yanxiu: an unexpected failure inside the library. Please report it. */
  YX_EINTERNAL = 8,
  YX_STATUS_FORCE_INT = 0x7fffffff /* not a status: keeps the type int-sized */
} yx_status;

/* The last failure on the calling thread. */
typedef struct yx_error {
  yx_status code;      /* YX_OK until a call on this thread fails */
  const char* message; /* one line, "FILE:LINE: error: PATH: what is wrong" for input errors */
  const char* file;    /* the policy or CSV file, "" when none */
  int line;            /* 1-based, 0 when none */
  const char* path;    /* JSON path ("rules[2].min"), CSV column, or argument; "" when none */
  const char* detail;  /* every problem found, one per line (a policy may have several) */
} yx_error;

/* The last failure of a yx_ call on this thread; never NULL, thread-local. A successful call
   leaves it as it was. Borrowed: valid until the next failing yx_ call on this thread. */
YX_API const yx_error* yx_last_error(void);

/* A static description of a status code ("invalid argument"); never NULL. */
YX_API const char* yx_status_str(yx_status status);

/* A failure as an out-parameter, for hosts on green threads (Go goroutines, Java virtual
   threads), which may run the next call on another OS thread and so cannot rely on
   yx_last_error(). Every call returning a yx_status has an _e form taking one first:
   yx_evaluate_teacher_e(&error, &audit, policy, ...) is yx_evaluate_teacher(&audit, policy, ...)
   which, when it fails, also fills *error with what yx_last_error() says, inside the same call.
   A successful call leaves *error unchanged. Host-owned: start from YX_ERROR_INFO_INIT or
   yx_error_info_init; the strings live in `text`, the library's, until the next failure
   reported into the struct or yx_error_info_dispose. An error of an unknown version, or NULL,
   is not filled. */
typedef struct yx_error_info {
  unsigned int version; /* YX_ERROR_INFO_VERSION */
  yx_status code;       /* YX_OK until a failure is reported into it */
  const char* message;  /* as in yx_error */
  const char* file;
  int line;
  const char* path;
  const char* detail;
  void* text; /* the library's: where the strings live; NULL while none */
} yx_error_info;

#define YX_ERROR_INFO_VERSION 1
#define YX_ERROR_INFO_INIT \
  { YX_ERROR_INFO_VERSION, YX_OK, "", "", 0, "", "", NULL }

/* For callers that cannot use the macro: resets *error (call yx_error_info_dispose first if it
   holds text); YX_EINVAL for a NULL or an unknown version. */
YX_API yx_status yx_error_info_init(yx_error_info* error, unsigned int version);
/* Releases the text and resets *error as yx_error_info_init does; accepts NULL. */
YX_API void yx_error_info_dispose(yx_error_info* error);

/* ---- Versions ----------------------------------------------------------------------------- */

/* The library's version as MAJOR * 10000 + MINOR * 100 + PATCH, to compare with
   YX_VERSION_NUMBER; and as "MAJOR.MINOR.PATCH" (static). */
YX_API unsigned int yx_version_number(void);
YX_API const char* yx_version_string(void);

/* ---- Dates -------------------------------------------------------------------------------- */

/* Reads "YYYY-MM-DD" (also "YYYY/M/D"), years 1900..2200, into a day number. YX_EINVAL for a
   NULL or a text that is not such a date. */
YX_API yx_status yx_day_from_iso(int32_t* out, const char* iso);

/* Writes a day number as "YYYY-MM-DD" and a NUL into out, which holds `size` bytes (at least
   11). YX_ERANGE for a day outside 1900..2200, YX_EINVAL for a NULL or too small out. */
YX_API yx_status yx_day_to_iso(char* out, size_t size, int32_t day);

/* ---- Buffers ------------------------------------------------------------------------------ */

/* Text the library writes (CSV, JSON, an explanation). Caller-owned: start from YX_BUF_INIT,
   pass to a writer, read ptr[0..size) (NUL-terminated too), then yx_buf_dispose. A writer
   requires an empty buffer (ptr NULL) and returns YX_EINVAL otherwise. */
typedef struct yx_buf {
  char* ptr;
  size_t size; /* bytes, not counting the terminating NUL */
} yx_buf;

#define YX_BUF_INIT \
  { NULL, 0 }

/* Releases the text and empties the buffer; accepts NULL and an empty buffer. */
YX_API void yx_buf_dispose(yx_buf* buf);

/* ---- Diagnostics -------------------------------------------------------------------------- */

typedef enum yx_severity {
  YX_SEVERITY_ERROR = 0,   /* the row was rejected */
  YX_SEVERITY_WARNING = 1, /* the row was read but not counted (duplicate, outside the cycle) */
  YX_SEVERITY_FORCE_INT = 0x7fffffff
} yx_severity;

/* One finding about an input row or a policy: FILE:LINE: error: PATH: MESSAGE. Library-owned,
   returned by pointer; may gain fields at its end. Rows appended from arrays are reported with
   file "teachers" or "records" and line = the row's 1-based position among all rows of that
   kind appended from arrays to the ledger. */
typedef struct yx_diagnostic {
  yx_severity severity;
  const char* file;
  int line;         /* 0 when the finding concerns the whole file */
  const char* path; /* the CSV column or JSON path; "" when none */
  const char* message;
} yx_diagnostic;

/* ---- Enumerations of the audit -------------------------------------------------------------- */

/* The verdict of one audit row. New verdicts are only ever added. */
typedef enum yx_verdict {
  YX_VERDICT_MET = 0,
  YX_VERDICT_SHORT = 1,
  YX_VERDICT_EXEMPT = 2,         /* waived by an exemption; never reported as met */
  YX_VERDICT_NOT_APPLICABLE = 3, /* the teacher did not serve the period */
  YX_VERDICT_CONFLICT = 4,       /* a choice rule found more than one of its options */
  YX_VERDICT_FORCE_INT = 0x7fffffff
} yx_verdict;

/* "met", "short", "exempt", "not_applicable", "conflict" as in the audit CSV; "unknown"
   otherwise. */
YX_API const char* yx_verdict_str(yx_verdict verdict);

/* Where an input record ended up; every record gets exactly one. */
typedef enum yx_disposition {
  YX_DISPOSITION_CREDITED = 0,
  YX_DISPOSITION_CAPPED = 1,      /* every rule that would count it was at its maximum */
  YX_DISPOSITION_GATED = 2,       /* a policy gate failed (attendance, assessment) */
  YX_DISPOSITION_OUTSIDE = 3,     /* outside the cycle, or after the as-of day */
  YX_DISPOSITION_DUPLICATE = 4,   /* the same record id was seen before */
  YX_DISPOSITION_UNCERTIFIED = 5, /* status pending or rejected */
  YX_DISPOSITION_INVALID = 6,     /* the row could not be read; a diagnostic says why */
  YX_DISPOSITION_FORCE_INT = 0x7fffffff
} yx_disposition;

/* "credited", "capped", ... as the summary line prints them; "unknown" otherwise. */
YX_API const char* yx_disposition_str(yx_disposition disposition);

/* The review state of a record: only certified hours are credited. */
typedef enum yx_record_status {
  YX_RECORD_CERTIFIED = 0,
  YX_RECORD_PENDING = 1,
  YX_RECORD_REJECTED = 2,
  YX_RECORD_GROUP_CERTIFIED = 3, /* certified by the teaching-research group, awaiting the dean */
  YX_RECORD_STATUS_FORCE_INT = 0x7fffffff
} yx_record_status;

/* What a rule measures. Amounts of quota rows are hundredths of an hour; amounts of count and
   choice rows are counts times 100 (a count of 10 is 1000), printed as whole numbers. */
typedef enum yx_rule_kind {
  YX_RULE_QUOTA = 0,  /* hours of some categories */
  YX_RULE_COUNT = 1,  /* activities: lesson observations, research activities */
  YX_RULE_CHOICE = 2, /* exactly one of a set of activities */
  YX_RULE_KIND_FORCE_INT = 0x7fffffff
} yx_rule_kind;

/* Which record statuses an evaluation counts. */
typedef enum yx_basis {
  YX_BASIS_CERTIFIED = 0, /* the statuses the policy credits */
  YX_BASIS_SUBMITTED = 1, /* also pending and group-certified: what awaits review */
  YX_BASIS_FORCE_INT = 0x7fffffff
} yx_basis;

/* ---- Policies ----------------------------------------------------------------------------- */

/* A loaded, validated policy. Immutable: one yx_policy may be used by any number of threads at
   once. It is reference-counted: calls in flight, ledgers and audits keep it alive, so it may be
   freed while other threads use it (docs/c-api.md, "Reloading a policy"); a call that starts
   after the free is YX_EINVAL. */
typedef struct yx_policy yx_policy;

/* Loads a policy file. YX_EPOLICY when it cannot be loaded (yx_last_error() names the file,
   line and JSON path). The caller frees *out with yx_policy_free. */
YX_API yx_status yx_policy_load(yx_policy** out, const char* path);

/* The same from `length` bytes of JSON in memory (no NUL needed); `name` (NULL: "<memory>")
   stands for the file in messages. */
YX_API yx_status yx_policy_parse(yx_policy** out, const char* json, size_t length,
                                 const char* name);

/* Releases the caller's policy; NULL is YX_OK. The policy itself goes when the last call in
   flight with it returns and the last ledger and audit made from it are freed. A policy already
   freed, or a handle of another type, is YX_EINVAL (always detected: docs/c-api.md, "Handles
   that are not live"). */
YX_API yx_status yx_policy_free(yx_policy* policy);

/* The policy's id ("dali-2017"). Borrowed. */
YX_API yx_status yx_policy_id(const char** out, const yx_policy* policy);
/* The SHA-256 of the policy's canonical form, 64 lowercase hex digits: the same for the same
   content whatever the file's layout or key order. Borrowed. */
YX_API yx_status yx_policy_sha256(const char** out, const yx_policy* policy);

/* Its categories, in declaration order: the indices yx_record_columns.category takes. */
YX_API yx_status yx_policy_category_count(size_t* out, const yx_policy* policy);
YX_API yx_status yx_policy_category_id(const char** out, const yx_policy* policy, size_t index);
/* The index of a category id; YX_ENOTFOUND when the policy has none of that id. */
YX_API yx_status yx_policy_find_category(int16_t* out, const yx_policy* policy, const char* id);

/* Findings that did not stop the load (a category no rule counts, ...). */
YX_API yx_status yx_policy_warning_count(size_t* out, const yx_policy* policy);
YX_API yx_status yx_policy_warning(const yx_diagnostic** out, const yx_policy* policy,
                                   size_t index);

/* ---- Columns of teachers and records ------------------------------------------------------ */

/* Teachers as parallel arrays of `count` rows, all borrowed for the call only. */
typedef struct yx_teacher_columns {
  unsigned int version; /* YX_TEACHER_COLUMNS_VERSION */
  size_t count;
  const char* const* id;    /* required */
  const int32_t* birth_day; /* NULL: all unknown; the `age` selector needs it */
  const int32_t* join_day;  /* NULL: employed since before the cycle */
  const int32_t* leave_day; /* NULL: still employed; else the last day employed */
  /* Extra columns for the policy's `applies_to` selectors (school, title, roles, ...):
     attribute_values[a][row] is the value of attribute_names[a]. The teachers appended to a
     ledger all carry the same attribute names, in the same order. */
  size_t attribute_count;
  const char* const* attribute_names; /* not id, birth_date, join_date, leave_date or leave */
  const char* const* const* attribute_values;
  /* Since version 2. */
  const char* const* leave; /* NULL: none; periods of leave of absence, as the CSV's `leave`
                               column: "2019-03-01..2019-06-30;2020-01-06..2020-01-31" */
} yx_teacher_columns;

#define YX_TEACHER_COLUMNS_VERSION 2
#define YX_TEACHER_COLUMNS_INIT \
  { YX_TEACHER_COLUMNS_VERSION, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }

/* Records as parallel arrays of `count` rows, all borrowed for the call only. */
typedef struct yx_record_columns {
  unsigned int version; /* YX_RECORD_COLUMNS_VERSION */
  size_t count;
  const char* const* id; /* required */
  const char* const*
      teacher_id;           /* required in a ledger; yx_evaluate_teacher: NULL is the teacher */
  const int32_t* start_day; /* required: the record's (first) day */
  const int32_t* end_day;   /* NULL, or YX_NO_DAY in a row: a one-day record */
  const int64_t* hours;     /* required: hundredths of an hour */
  /* The category of each row, exactly one of: indices into the policy's categories, or ids. */
  const int16_t* category;
  const char* const* category_id;
  const yx_record_status* status; /* NULL: all certified */
  const char* const* activity;    /* NULL: none (count rules) */
  const char* const* outcome;     /* NULL: none (conversions) */
  const int32_t* outcome_count;   /* NULL: 0, which counts as 1 */
  const char* const* certificate; /* NULL: none */
  /* Since version 2. */
  const char* const* level;      /* NULL: none; the outcome's level ("provincial") */
  const int64_t* attended;       /* NULL, or -1 in a row: not recorded; hundredths attended */
  const char* const* assessment; /* NULL: none; the course's result, for assessment gates */
  const char* const* counts_as;  /* NULL: none; a category id the record offsets (credit bank) */
  const uint8_t* exempted;       /* NULL: none; nonzero: an exempted course (credit bank) */
  const char* const* split;      /* NULL: none; "school:10;self:5": hours across categories */
  /* Since version 3. */
  const int32_t* recorded_day; /* NULL, or YX_NO_DAY in a row: not known; the day the record was
                                  entered: an audit as of an earlier day leaves it outside */
} yx_record_columns;

#define YX_RECORD_COLUMNS_VERSION 3
#define YX_RECORD_COLUMNS_INIT                                                                \
  {                                                                                           \
    YX_RECORD_COLUMNS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL                                  \
  }

/* For callers that cannot use the macros: reset *columns to the defaults of `version`;
   YX_EINVAL for an unknown version. */
YX_API yx_status yx_teacher_columns_init(yx_teacher_columns* columns, unsigned int version);
YX_API yx_status yx_record_columns_init(yx_record_columns* columns, unsigned int version);

/* ---- Progress ----------------------------------------------------------------------------- */

/* The phases of long work (docs/c-api.md, "Progress"). */
typedef enum yx_phase {
  YX_PHASE_READING_TEACHERS = 0, /* teachers.csv: done and total in bytes of the file */
  YX_PHASE_READING_RECORDS = 1,  /* records.csv: bytes of the file */
  YX_PHASE_GROUPING = 2,         /* records put in teacher order as the ledger freezes: records,
                                    reported as it starts and as it ends only */
  YX_PHASE_JUDGING = 3,          /* teachers judged */
  YX_PHASE_WRITING = 4,          /* rows of the audit table written */
  YX_PHASE_FORCE_INT = 0x7fffffff
} yx_phase;

/* "reading teachers", "reading records", "grouping records", "judging", "writing"; "unknown"
   otherwise. */
YX_API const char* yx_phase_str(yx_phase phase);

/* Told how far a call is: `done` of `total` units of `phase`, with the `user` pointer given
   beside it. Called on the thread that made the call, never on another, never two at once,
   never after the call returns: as each phase starts (done 0, unless total is 0), at most ten
   times a second while it runs, and as the phase completes: that call, and only it, has done ==
   total. done never decreases within a phase. It should return quickly and must not call
   yanxiu. The results are the same with and without it. */
typedef void (*yx_progress_fn)(void* user, yx_phase phase, uint64_t done, uint64_t total);

/* ---- Ledgers ------------------------------------------------------------------------------ */

/* Teachers and records being gathered for an audit. Open at first: rows are appended (teachers
   before the records that name them), and bad rows become diagnostics rather than failures.
   Freezing it (yx_ledger_freeze, or the first yx_evaluate) makes it immutable; appending then
   returns YX_ESTATE. Not shareable: use a ledger from one thread at a time. */
typedef struct yx_ledger yx_ledger;

/* A new, open ledger for the policy's categories and calendar. The caller frees *out with
   yx_ledger_free; the policy may be freed first. */
YX_API yx_status yx_ledger_new(yx_ledger** out, const yx_policy* policy);

/* How CSV files are read, as the command line's --encoding utf-8|gb18030|auto. Whatever is
   given, a file that starts with a UTF-16 byte-order mark is read as UTF-16 (as Excel's "Unicode
   text" saves), with a warning among the diagnostics. */
typedef enum yx_encoding {
  YX_ENCODING_UTF8 = 0,    /* UTF-8; a GB18030 file is refused with a message saying so */
  YX_ENCODING_GB18030 = 1, /* GB18030 (GBK), as Chinese Excel and WPS save CSV by default */
  YX_ENCODING_AUTO = 2     /* UTF-8, or GB18030 (with a warning) when a file reads only as it */
} yx_encoding;

/* yx_ledger_new, with yx_ledger_read_teachers_csv and yx_ledger_read_records_csv reading the
   files in `encoding` (yx_ledger_new reads UTF-8). YX_ERANGE for an encoding not named above. */
YX_API yx_status yx_ledger_new_encoded(yx_ledger** out, const yx_policy* policy,
                                       yx_encoding encoding);

/* Frees a ledger; NULL is YX_OK, a freed or wrong handle YX_EINVAL. */
YX_API yx_status yx_ledger_free(yx_ledger* ledger);

/* Appends teachers / records from columns. *out_accepted (out_accepted may be NULL) is how many
   rows were taken; the others are rejected with a diagnostic. A zero count is a no-op. */
YX_API yx_status yx_ledger_add_teachers(size_t* out_accepted, yx_ledger* ledger,
                                        const yx_teacher_columns* teachers);
YX_API yx_status yx_ledger_add_records(size_t* out_accepted, yx_ledger* ledger,
                                       const yx_record_columns* records);

/* Reads teachers.csv / records.csv (docs: "Inputs"). YX_EINPUT when the file cannot be used at
   all; a bad row becomes a diagnostic naming the file, line and column. */
YX_API yx_status yx_ledger_read_teachers_csv(yx_ledger* ledger, const char* path);
YX_API yx_status yx_ledger_read_records_csv(yx_ledger* ledger, const char* path);

/* Tells `progress` (NULL: nobody) how far each yx_ledger_read_teachers_csv and
   yx_ledger_read_records_csv call after it is (YX_PHASE_READING_TEACHERS, _RECORDS), and the
   freezing (YX_PHASE_GROUPING, by yx_ledger_freeze or the first evaluation), with `user` as
   its first argument. YX_ESTATE on a frozen ledger. */
YX_API yx_status yx_ledger_set_progress(yx_ledger* ledger, yx_progress_fn progress, void* user);

/* Freezes the ledger: duplicates are found, records ordered, diagnostics completed. Idempotent. */
YX_API yx_status yx_ledger_freeze(yx_ledger* ledger);

/* Of a frozen ledger (YX_ESTATE before): the teachers and records taken, the teacher rows
   rejected, the intake count of one disposition (credited means "to be judged"; capped and
   gated are decided by an audit), and every diagnostic in input order. */
YX_API yx_status yx_ledger_teacher_count(size_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_record_count(size_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_rejected_teacher_count(int64_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_disposition_count(int64_t* out, const yx_ledger* ledger,
                                             yx_disposition disposition);
YX_API yx_status yx_ledger_diagnostic_count(size_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_diagnostic(const yx_diagnostic** out, const yx_ledger* ledger,
                                      size_t index);

/* ---- Evaluation --------------------------------------------------------------------------- */

/* How to evaluate. NULL options mean the defaults. */
typedef struct yx_audit_options {
  unsigned int version; /* YX_AUDIT_OPTIONS_VERSION */
  /* Judge as on this day, "YYYY-MM-DD": records ending after it are outside, periods starting
     after it are not reported. NULL: the whole cycle. Borrowed for the call. */
  const char* as_of;
  /* Worker threads for yx_evaluate; 0 uses every core. The result is the same for any count. */
  unsigned int threads;
  /* Since version 2: which record statuses count. */
  yx_basis basis;
  /* Since version 3: told how many teachers yx_evaluate and yx_evaluate_set have judged
     (YX_PHASE_JUDGING), with progress_user as its first argument; NULL: nobody. */
  yx_progress_fn progress;
  void* progress_user;
} yx_audit_options;

#define YX_AUDIT_OPTIONS_VERSION 3
#define YX_AUDIT_OPTIONS_INIT \
  { YX_AUDIT_OPTIONS_VERSION, NULL, 0, YX_BASIS_CERTIFIED, NULL, NULL }

/* For callers that cannot use the macro. */
YX_API yx_status yx_audit_options_init(yx_audit_options* options, unsigned int version);

/* The verdicts of an evaluation: one row per teacher x rule (x part) x period, ordered by
   teacher, then rule, then period, each rule row followed by its part rows. Immutable once
   made, but not shareable: use an audit from one thread at a time. */
typedef struct yx_audit yx_audit;

/* Evaluates `policy` over every teacher of `ledger`, freezing the ledger first. The policy may
   differ from the ledger's in its rules (a what-if) but not in its categories or calendar
   (YX_EINVAL). The caller frees *out with yx_audit_free; the policy and ledger may be freed
   first. */
YX_API yx_status yx_evaluate(yx_audit** out, const yx_policy* policy, yx_ledger* ledger,
                             const yx_audit_options* options);

/* Evaluates one teacher from arrays, with no ledger: the call a platform makes when a teacher
   saves a record. `teacher` holds exactly one row; `records` are that teacher's (their
   teacher_id may be NULL). YX_EINPUT when the teacher row is rejected; a bad record is a
   diagnostic of the audit. The caller frees *out with yx_audit_free. */
YX_API yx_status yx_evaluate_teacher(yx_audit** out, const yx_policy* policy,
                                     const yx_teacher_columns* teacher,
                                     const yx_record_columns* records,
                                     const yx_audit_options* options);

/* Frees an audit; NULL is YX_OK, a freed or wrong handle YX_EINVAL. */
YX_API yx_status yx_audit_free(yx_audit* audit);

/* ---- Reading an audit --------------------------------------------------------------------- */

YX_API yx_status yx_audit_row_count(size_t* out, const yx_audit* audit);

/* The rows of one teacher: [*out_begin, *out_end). YX_ENOTFOUND for an unknown id. */
YX_API yx_status yx_audit_teacher_rows(size_t* out_begin, size_t* out_end, const yx_audit* audit,
                                       const char* teacher_id);

/* The columns of row `row` (YX_ERANGE past the end). Strings are borrowed from the audit. */
YX_API yx_status yx_audit_teacher_id(const char** out, const yx_audit* audit, size_t row);
/* "semester-offline", or "semester-offline/school" for a part of a rule. */
YX_API yx_status yx_audit_rule_id(const char** out, const yx_audit* audit, size_t row);
/* "2017-2018/1" (semester), "2017-2018" (academic year), "cycle", "2017-W36" (week). */
YX_API yx_status yx_audit_period_label(const char** out, const yx_audit* audit, size_t row);
/* The period's first and last day (inclusive), as day numbers. */
YX_API yx_status yx_audit_period_start(int32_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_period_end(int32_t* out, const yx_audit* audit, size_t row);
/* Hundredths of the policy's unit (hours, or credits in a policy counted in credits) for a
   quota row, activities times 100 for a count or choice row; the shortfall is required -
   credited for a short row, else 0. */
YX_API yx_status yx_audit_required(int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_credited(int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_shortfall(int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_status(yx_verdict* out, const yx_audit* audit, size_t row);
/* What the row's rule measures, to read its amounts: hours or counts. */
YX_API yx_status yx_audit_rule_kind(yx_rule_kind* out, const yx_audit* audit, size_t row);
/* Hundredths of an hour: the hours behind `credited`. In a policy counted in credits, the exact
   sum of the hours recorded of the records a quota row counted (each whole, before its rate,
   rounding and caps; a conversion brings none); in a policy counted in hours, `credited`. 0 for
   count and choice rows. */
YX_API yx_status yx_audit_hours(int64_t* out, const yx_audit* audit, size_t row);

/* Rows of an audit in bulk, into arrays the caller provides: one call instead of a getter call
   per row and column, for hosts whose calls into C cost (Go, Java). Each array holds `capacity`
   elements; a NULL array is not written. Strings are borrowed from the audit, as the getters'
   are. Fields are only ever appended, with a new version. */
typedef struct yx_audit_rows {
  unsigned int version; /* YX_AUDIT_ROWS_VERSION */
  size_t capacity;
  const char** teacher_id;
  const char** rule_id;      /* "semester-offline", "semester-offline/school" */
  const char** period_label; /* "2017-2018/1" */
  int32_t* period_start;     /* day numbers, the period's first and last day */
  int32_t* period_end;
  int64_t* required; /* hundredths of an hour, or counts times 100 (rule_kind) */
  int64_t* credited;
  int64_t* shortfall;
  yx_verdict* status;
  yx_rule_kind* rule_kind;
  /* Since version 2: hundredths of an hour, as yx_audit_hours. */
  int64_t* hours;
} yx_audit_rows;

#define YX_AUDIT_ROWS_VERSION 2
#define YX_AUDIT_ROWS_INIT \
  { YX_AUDIT_ROWS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/* For callers that cannot use the macro; YX_EINVAL for an unknown version. */
YX_API yx_status yx_audit_rows_init(yx_audit_rows* rows, unsigned int version);

/* Writes rows [first, first + n) of the audit into *rows, n = min(rows->capacity, row count -
   first), and n to *out_count. first == the row count writes none; past it is YX_ERANGE. A
   teacher's rows are [begin, end) of yx_audit_teacher_rows; yx_evaluate_teacher's audit is one
   teacher's: read it whole with first 0. */
YX_API yx_status yx_audit_read_rows(size_t* out_count, const yx_audit* audit, size_t first,
                                    yx_audit_rows* rows);

/* How many input records ended in `disposition`; over all of them, the counts add up to the
   record rows read, invalid ones included. */
YX_API yx_status yx_audit_disposition_count(int64_t* out, const yx_audit* audit,
                                            yx_disposition disposition);

/* The diagnostics of the rows the audit was evaluated from (the ledger's, or those of
   yx_evaluate_teacher's records). */
YX_API yx_status yx_audit_diagnostic_count(size_t* out, const yx_audit* audit);
YX_API yx_status yx_audit_diagnostic(const yx_diagnostic** out, const yx_audit* audit,
                                     size_t index);

/* The audit table as CSV (teacher_id,rule_id,period,period_start,period_end,required,credited,
   shortfall,status, then hours when the policy counts in credits) or as one JSON object, into
   an empty *out. */
YX_API yx_status yx_audit_write_csv(yx_buf* out, const yx_audit* audit);
YX_API yx_status yx_audit_write_json(yx_buf* out, const yx_audit* audit);

/* Why a teacher's verdicts are what they are, as UTF-8 text a county officer reads: each
   period's records and each rule's verdict. YX_ENOTFOUND for an unknown teacher id. */
YX_API yx_status yx_audit_explain(yx_buf* out, const yx_audit* audit, const char* teacher_id);

/* The same in a language: `lang` "en" or "zh-CN" (NULL: "en"; anything else YX_EINVAL) for the
   framing words; the policy's own labels stay as written. */
YX_API yx_status yx_audit_explain_text(yx_buf* out, const yx_audit* audit, const char* teacher_id,
                                       const char* lang);

/* The explanation as one UTF-8 JSON object for a program or a web page, schema
   "yanxiu-explanation/1" (docs/explanation-schema.md): the teacher, each verdict with the records
   behind it, each record with what the credit pipeline did to it and why it did not count, the
   caps, gates, conversions and exemptions that acted, and the gap plan. Amounts are exact decimal
   strings ("27.67"), never JSON numbers. `label` and `message` fields in `lang` ("en" or
   "zh-CN"; NULL: "en"), codes in English. YX_ENOTFOUND for an unknown teacher id. */
YX_API yx_status yx_audit_explain_json(yx_buf* out, const yx_audit* audit, const char* teacher_id,
                                       const char* lang);

/* What makes the audit reproducible, as one line into an empty *out: "yanxiu-audit/1 engine
   0.1.0 policy dali-2017 sha256 <64 hex digits> as_of 2018-01-31 basis certified" (as_of "-"
   when unset). */
YX_API yx_status yx_audit_decision_record(yx_buf* out, const yx_audit* audit);

/* What closes a teacher's gap, as UTF-8 text into an empty *out: a line per short period, "needs
   2.00 h 学校研修 in 2019-2020/2, by 2020-08-31 (semester-offline/school)", judged as the audit
   was (docs/policy-lifecycle.md). YX_ENOTFOUND for an unknown teacher id. */
YX_API yx_status yx_audit_gap_plan(yx_buf* out, const yx_audit* audit, const char* teacher_id);

/* The policy's named decisions (docs/policy-format.md, "Decisions": 教师资格定期注册 when every
   verdict it requires is met, exempt or not applicable). The table
   teacher_id,decision,status,verdicts,blocking,detail as CSV into an empty *out (the header
   alone when the policy declares none). */
YX_API yx_status yx_audit_write_decisions_csv(yx_buf* out, const yx_audit* audit);

/* A teacher's verdict on a decision: *out 1 when eligible, 0 when a verdict it requires is short
   or in conflict. YX_ENOTFOUND for an unknown teacher or decision id. */
YX_API yx_status yx_audit_decision(int* out, const yx_audit* audit, const char* teacher_id,
                                   const char* decision_id);

/* A teacher's decisions with the verdicts behind each, as UTF-8 text into an empty *out:
   "re-registration (教师资格定期注册): not_eligible" then a line per verdict. YX_ENOTFOUND for an
   unknown teacher id. */
YX_API yx_status yx_audit_explain_decisions(yx_buf* out, const yx_audit* audit,
                                            const char* teacher_id);

/* ---- Rubrics ------------------------------------------------------------------------------ */

/* A policy's rubrics (its `rubrics` key, docs/policy-format.md) score schools, teachers or groups
   item by item. Amounts — weights, scores, metric values — are int64_t hundredths, as hours are
   (2.5 points is 250); an item's score is exact, rounded once, half up, to the hundredth. */

/* "No score": a missing item, an incomplete group or total; in yx_score_columns, no score given. */
#define YX_NO_SCORE (-1)

/* Scores given for a rubric as parallel arrays of `count` rows, all borrowed for the call only:
   one evaluator's score of one item of one subject. */
typedef struct yx_score_columns {
  unsigned int version; /* YX_SCORE_COLUMNS_VERSION */
  size_t count;
  const char* const* subject_id; /* required: the school, teacher or group */
  const char* const* item_id;    /* required */
  const char* const* evaluator;  /* NULL: none, for a rubric without evaluators */
  const int64_t* score;          /* score items: hundredths; NULL, or YX_NO_SCORE in a row: none */
  const char* const* level; /* level items: the level's id; NULL, or NULL or "" in a row: none */
} yx_score_columns;

#define YX_SCORE_COLUMNS_VERSION 1
#define YX_SCORE_COLUMNS_INIT \
  { YX_SCORE_COLUMNS_VERSION, 0, NULL, NULL, NULL, NULL, NULL }

/* Figures about the subjects (months with uploads, members trained, a flag) as parallel arrays,
   borrowed for the call only. */
typedef struct yx_metric_columns {
  unsigned int version; /* YX_METRIC_COLUMNS_VERSION */
  size_t count;
  const char* const* subject_id; /* required */
  const char* const* metric;     /* required */
  const int64_t* value;          /* required: hundredths; a flag that is set is 100 */
} yx_metric_columns;

#define YX_METRIC_COLUMNS_VERSION 1
#define YX_METRIC_COLUMNS_INIT \
  { YX_METRIC_COLUMNS_VERSION, 0, NULL, NULL, NULL }

/* For callers that cannot use the macros; YX_EINVAL for an unknown version. */
YX_API yx_status yx_score_columns_init(yx_score_columns* columns, unsigned int version);
YX_API yx_status yx_metric_columns_init(yx_metric_columns* columns, unsigned int version);

/* What a row of the score table is: one per item, one per group (its subtotal), one total. */
typedef enum yx_score_row_kind {
  YX_SCORE_ROW_ITEM = 0,
  YX_SCORE_ROW_GROUP = 1,
  YX_SCORE_ROW_TOTAL = 2,
  YX_SCORE_ROW_KIND_FORCE_INT = 0x7fffffff
} yx_score_row_kind;

/* What a score row says. New statuses are only ever added. */
typedef enum yx_score_status {
  YX_SCORE_SCORED = 0,     /* item: every score it needs was given */
  YX_SCORE_MISSING = 1,    /* item: a score or metric is missing; no score, not counted */
  YX_SCORE_ZERO = 2,       /* item: missing, counted as 0 as the rubric says */
  YX_SCORE_DISAGREE = 3,   /* item: evaluators differ beyond the rubric's spread; it counts */
  YX_SCORE_COMPLETE = 4,   /* group or total: every item has a score */
  YX_SCORE_INCOMPLETE = 5, /* group or total: an item is missing; no score, band or rank */
  YX_SCORE_VETOED = 6,     /* total: a veto holds; the note says which and why */
  YX_SCORE_STATUS_FORCE_INT = 0x7fffffff
} yx_score_status;

/* "scored", "missing", ... as the score table prints them; "unknown" otherwise. */
YX_API const char* yx_score_status_str(yx_score_status status);

/* Where a score or metric row ended up; every row gets exactly one. */
typedef enum yx_score_disposition {
  YX_SCORE_ROW_USED = 0,
  YX_SCORE_ROW_UNUSED = 1,    /* a metric the rubric does not read */
  YX_SCORE_ROW_DUPLICATE = 2, /* the same subject, item and evaluator (or metric) seen before */
  YX_SCORE_ROW_INVALID = 3,   /* the row could not be used; a diagnostic says why */
  YX_SCORE_DISPOSITION_FORCE_INT = 0x7fffffff
} yx_score_disposition;

/* The scores of a rubric: for each subject (in the order subjects first appear in a used row),
   its item rows in rubric order, its group rows, then its total row. Immutable; not shareable:
   use it from one thread at a time. */
typedef struct yx_scores yx_scores;

/* Scores rubric `rubric_id` of `policy` from columns; `scores` or `metrics` may be NULL, not
   both. YX_ENOTFOUND for a rubric the policy does not have. A bad row is not a failure: it is a
   diagnostic of the result, reported with file "scores" or "metrics" and line = the row's
   1-based position. The caller frees *out with yx_scores_free; the policy may be freed first. */
YX_API yx_status yx_score_rubric(yx_scores** out, const yx_policy* policy, const char* rubric_id,
                                 const yx_score_columns* scores, const yx_metric_columns* metrics);

/* The same from CSV files (subject_id,item_id,score|level[,evaluator] and
   subject_id,metric,value); either path may be NULL, not both. YX_EINPUT when a file cannot be
   read at all; a bad row is a diagnostic naming its file, line and column. */
YX_API yx_status yx_score_rubric_csv(yx_scores** out, const yx_policy* policy,
                                     const char* rubric_id, const char* scores_path,
                                     const char* metrics_path);

/* yx_score_rubric_csv reading the files in `encoding` (yx_score_rubric_csv reads UTF-8).
   YX_ERANGE for an encoding yx_encoding does not name. */
YX_API yx_status yx_score_rubric_csv_encoded(yx_scores** out, const yx_policy* policy,
                                             const char* rubric_id, const char* scores_path,
                                             const char* metrics_path, yx_encoding encoding);

/* Frees scores; NULL is YX_OK, a freed or wrong handle YX_EINVAL. */
YX_API yx_status yx_scores_free(yx_scores* scores);

YX_API yx_status yx_scores_row_count(size_t* out, const yx_scores* scores);

/* The rows of one subject: [*out_begin, *out_end). YX_ENOTFOUND for an unknown id. */
YX_API yx_status yx_scores_subject_rows(size_t* out_begin, size_t* out_end, const yx_scores* scores,
                                        const char* subject_id);

/* The columns of row `row` (YX_ERANGE past the end). Strings are borrowed from the scores. */
YX_API yx_status yx_scores_subject_id(const char** out, const yx_scores* scores, size_t row);
/* The item's id, "group:<group id>" or "total". */
YX_API yx_status yx_scores_item_id(const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_row_kind(yx_score_row_kind* out, const yx_scores* scores, size_t row);
/* Hundredths: the item's weight, the group's subtotal or the total; the score, or YX_NO_SCORE. */
YX_API yx_status yx_scores_weight(int64_t* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_score(int64_t* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_status(yx_score_status* out, const yx_scores* scores, size_t row);
/* Total rows: the band's id, the awards' ids separated by ';', the id of the first veto that
   holds ("" for none, and on other rows), and the rank (1 the best, equal totals sharing a
   rank; 0 when not ranked). */
YX_API yx_status yx_scores_band(const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_awards(const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_veto(const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_rank(int32_t* out, const yx_scores* scores, size_t row);
/* Why, in words: the evaluators' scores, the metric, what is missing, the veto; "" for none. */
YX_API yx_status yx_scores_note(const char** out, const yx_scores* scores, size_t row);

/* How many score rows / metric rows ended in `disposition`; over all of them, the counts add up
   to the rows given. */
YX_API yx_status yx_scores_score_disposition_count(int64_t* out, const yx_scores* scores,
                                                   yx_score_disposition disposition);
YX_API yx_status yx_scores_metric_disposition_count(int64_t* out, const yx_scores* scores,
                                                    yx_score_disposition disposition);

/* ---- Tiers: star levels and backbone ladders ---------------------------------------------- */

/* A teacher's standing on a ladder. Values are only ever added. */
typedef enum yx_tier_status {
  YX_TIER_ELIGIBLE = 0,     /* every criterion of the next tier (and the current's upkeep) met */
  YX_TIER_SHORT = 1,        /* some criterion is not met: yx_tiers_missing says which */
  YX_TIER_VETOED = 2,       /* a veto of the ladder holds (S4.8) */
  YX_TIER_TOP = 3,          /* at the ladder's top tier */
  YX_TIER_DEMOTED = 4,      /* the upkeep failed and the ladder demotes */
  YX_TIER_UNKNOWN_TIER = 5, /* the teacher's tier column names no tier of the ladder */
  YX_TIER_STATUS_FORCE_INT = 0x7fffffff
} yx_tier_status;

/* "eligible", "short", "vetoed", "top", "demoted", "unknown_tier"; never NULL. */
YX_API const char* yx_tier_status_str(yx_tier_status status);

/* Every teacher's standing on every tier ladder of a policy: one row per teacher (ledger order)
   and ladder (policy order). Immutable; not shareable: use it from one thread at a time. */
typedef struct yx_tiers yx_tiers;

/* Judges every teacher of `ledger` on every ladder of `policy` (freezing the ledger, as
   yx_evaluate does). `options` as for yx_evaluate: as_of is the day judged (NULL: the cycle's
   last day), basis which statuses count; threads is not used. The caller frees *out with
   yx_tiers_free; the policy and the ledger may be freed first. */
YX_API yx_status yx_evaluate_tiers(yx_tiers** out, const yx_policy* policy, yx_ledger* ledger,
                                   const yx_audit_options* options);

/* Frees tiers; NULL is YX_OK, a freed or wrong handle YX_EINVAL. */
YX_API yx_status yx_tiers_free(yx_tiers* tiers);

YX_API yx_status yx_tiers_row_count(size_t* out, const yx_tiers* tiers);

/* The columns of row `row` (YX_ERANGE past the end). Strings are borrowed from the tiers; a tier
   is its id, "" for none. `since` is the day the current tier was reached, or YX_NO_DAY. */
YX_API yx_status yx_tiers_teacher_id(const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_ladder_id(const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_tier(const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_since(int32_t* out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_next_tier(const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_status(yx_tier_status* out, const yx_tiers* tiers, size_t row);
/* The tier after this evaluation: the next when eligible, one down when demoted. */
YX_API yx_status yx_tiers_result_tier(const char** out, const yx_tiers* tiers, size_t row);
/* What is missing, in words: "papers: 1 of 2 — 1 short", "vetoed: ethics"; "" when nothing. */
YX_API yx_status yx_tiers_missing(const char** out, const yx_tiers* tiers, size_t row);

/* Rows of tiers in bulk, into arrays the caller provides, as yx_audit_rows for an audit: each
   array holds `capacity` elements, a NULL array is not written, strings are borrowed from the
   tiers. */
typedef struct yx_tiers_rows {
  unsigned int version; /* YX_TIERS_ROWS_VERSION */
  size_t capacity;
  const char** teacher_id;
  const char** ladder_id;
  const char** tier; /* "" for none, as the getters */
  int32_t* since;    /* YX_NO_DAY when unknown */
  const char** next_tier;
  yx_tier_status* status;
  const char** result_tier;
  const char** missing;
} yx_tiers_rows;

#define YX_TIERS_ROWS_VERSION 1
#define YX_TIERS_ROWS_INIT \
  { YX_TIERS_ROWS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/* For callers that cannot use the macro; YX_EINVAL for an unknown version. */
YX_API yx_status yx_tiers_rows_init(yx_tiers_rows* rows, unsigned int version);

/* Writes rows [first, first + n) into *rows, n = min(rows->capacity, row count - first), and n
   to *out_count; first == the row count writes none, past it is YX_ERANGE. */
YX_API yx_status yx_tiers_read_rows(size_t* out_count, const yx_tiers* tiers, size_t first,
                                    yx_tiers_rows* rows);

/* One teacher's standing on every ladder, criterion by criterion, as text (UTF-8).
   YX_ENOTFOUND for an unknown teacher. Borrowed until the next yx_tiers_explain on `tiers`. */
YX_API yx_status yx_tiers_explain(const char** out, yx_tiers* tiers, const char* teacher_id);

/* The diagnostics of the rows scored. */
YX_API yx_status yx_scores_diagnostic_count(size_t* out, const yx_scores* scores);
YX_API yx_status yx_scores_diagnostic(const yx_diagnostic** out, const yx_scores* scores,
                                      size_t index);

/* The score table as CSV (subject_id,item_id,weight,score,band,rank,status,awards,note), into an
   empty *out. */
YX_API yx_status yx_scores_write_csv(yx_buf* out, const yx_scores* scores);

/* ---- Groups ------------------------------------------------------------------------------- */

/* Workshops, quality groups, campus areas and school clusters: the policy's "groups". An
   assignment is CSV text, `teacher_id,group_kind,group_id` with a header row, `size` bytes
   (UTF-8); a row with an empty cell is YX_EINPUT naming its line. Each function freezes the
   ledger first and fills empty buffers (YX_EINVAL for one that is not empty). */

/* Places every eligible teacher of `ledger` in a group of each kind that admits them, within
   capacity; the members of `current` (NULL and 0: none) stay where they are while still
   eligible and seated. Writes `teacher_id,group_kind,group_id` to *out_assignment and, when not
   NULL, `teacher_id,group_kind,reason,note` (the teachers that fit no group) to *out_unplaced
   and `group_kind,pool,teachers,placed,missing_seats,groups_needed` to *out_shortfalls. */
YX_API yx_status yx_groups_assign(yx_buf* out_assignment, yx_buf* out_unplaced,
                                  yx_buf* out_shortfalls, const yx_policy* policy,
                                  yx_ledger* ledger, const char* current, size_t current_size);

/* Checks an assignment: `finding,group_kind,group_id,teacher_id,detail`, the findings
   over_capacity, ineligible, unassigned, empty, unknown, duplicate, in that order. */
YX_API yx_status yx_groups_audit(yx_buf* out, const yx_policy* policy, yx_ledger* ledger,
                                 const char* assignment, size_t assignment_size);

/* Each group's figures for its leader's assessment, from the audit's ledger and verdicts, as a
   rubric's metrics file: `subject_id,metric,value` (subject_id the group id). */
YX_API yx_status yx_groups_assess(yx_buf* out, const yx_audit* audit, const char* assignment,
                                  size_t assignment_size);

/* ---- Group and school duties ------------------------------------------------------------- */

/* Rules whose subject is a group of teachers or a school (docs/policy-format.md, "Subjects").
   `group_records` is a records file whose `group` column names the group (a value of the
   teachers' attribute the group kind is by), `schools` a schools.csv; each is CSV text of its
   `size` bytes, or NULL and 0 when the policy's rules do not need it (YX_EINPUT when they do,
   or for a missing column). Rows that cannot be read are left out of the result (the command
   line `yanxiu subjects` names each). Each freezes the ledger first and fills an empty buffer. */

/* Writes `subject_kind,subject_id,rule_id,period,period_start,period_end,required,credited,
   shortfall,status`: one row per group or school x rule x period. */
YX_API yx_status yx_subjects_audit(yx_buf* out, const yx_policy* policy, yx_ledger* ledger,
                                   const char* group_records, size_t group_records_size,
                                   const char* schools, size_t schools_size);

/* Writes the explanation of one group (`group`, `school` NULL) or one school (`school`,
   `group` NULL), as `yanxiu subjects --group` prints it; YX_ENOTFOUND when it is not judged. */
YX_API yx_status yx_subjects_explain(yx_buf* out, const yx_policy* policy, yx_ledger* ledger,
                                     const char* group_records, size_t group_records_size,
                                     const char* schools, size_t schools_size, const char* group,
                                     const char* school);

/* ---- Policy sets: successive versions with effective dates -------------------------------- */

/* A policy set (yanxiu-policy-set/1, docs/policy-lifecycle.md): the versions of a county's
   policy, each in force from its effective date until the next's. Immutable; shareable. */
typedef struct yx_policy_set yx_policy_set;

/* Loads a set and each version's policy file, or a single policy file as a set of one version
   (its id and sha256 the policy's, effective from its cycle's start, in force every day; its
   set audit is written as the policy's plain audit, without the `policy` column): a host that
   takes either needs only this family. YX_EPOLICY when it cannot be loaded (yx_last_error()
   names the file, line and JSON path: the set's or a version's; a directory: "is a directory,
   not a file"). The caller frees *out with yx_policy_set_free. */
YX_API yx_status yx_policy_set_load(yx_policy_set** out, const char* path);
YX_API yx_status yx_policy_set_free(yx_policy_set* set);

/* Strings owned by the set, valid until it is freed. sha256 names the versions by their
   policies' digests and effective dates. */
YX_API yx_status yx_policy_set_id(const char** out, const yx_policy_set* set);
YX_API yx_status yx_policy_set_sha256(const char** out, const yx_policy_set* set);
YX_API yx_status yx_policy_set_version_count(size_t* out, const yx_policy_set* set);
/* Version `index` (YX_ERANGE past the last): a policy handle of its own, to read the county
   into a ledger for it with yx_ledger_new (the caller frees it with yx_policy_free, before or
   after the set), and the day it takes effect. Either out may be NULL. */
YX_API yx_status yx_policy_set_version(yx_policy** out_policy, int32_t* out_effective,
                                       const yx_policy_set* set, size_t index);

/* A county judged under a set: each verdict from the version in force for its period, each
   record's disposition from the version in force on its date. Immutable. */
typedef struct yx_set_audit yx_set_audit;

/* Judges the county under every version: ledgers[v] holds the county read with version v's
   policy (as yx_policy_set_version gives it), the same rows in each; each ledger is frozen.
   YX_EINVAL when ledger_count is not the number of versions or a ledger was made for another
   policy. `options` as for yx_evaluate. The caller frees *out with yx_set_audit_free; the set
   and the ledgers may be freed first. */
YX_API yx_status yx_evaluate_set(yx_set_audit** out, const yx_policy_set* set,
                                 yx_ledger* const* ledgers, size_t ledger_count,
                                 const yx_audit_options* options);
YX_API yx_status yx_set_audit_free(yx_set_audit* audit);

/* Every input record row once, as for an audit. */
YX_API yx_status yx_set_audit_disposition_count(int64_t* out, const yx_set_audit* audit,
                                                yx_disposition disposition);
/* The input's problems as the judging versions saw them; valid until the audit is freed. */
YX_API yx_status yx_set_audit_diagnostic_count(size_t* out, const yx_set_audit* audit);
YX_API yx_status yx_set_audit_diagnostic(const yx_diagnostic** out, const yx_set_audit* audit,
                                         size_t index);
/* The audit table with a last column `policy`, the version that judged the row; the JSON adds
   the set and its versions. Into an empty buffer. */
YX_API yx_status yx_set_audit_write_csv(yx_buf* out, const yx_set_audit* audit);
YX_API yx_status yx_set_audit_write_json(yx_buf* out, const yx_set_audit* audit);
/* "yanxiu-audit/1 engine 0.1.0 policy-set ID sha256 <64 hex> as_of - basis certified", then a
   line "version ID sha256 <64 hex> effective YYYY-MM-DD" per version, each ended by a newline. */
YX_API yx_status yx_set_audit_decision_record(yx_buf* out, const yx_set_audit* audit);

/* ---- BEGIN generated by capi/error_variants.py: do not edit ---- */
/* clang-format off */
/* The same calls with the error as an out-parameter: yx_NAME_e(error, ...) is
   yx_NAME(...) which, when it fails and error is not NULL, also fills *error
   (docs/c-api.md, "Errors from green threads"). */
YX_API yx_status yx_day_from_iso_e(yx_error_info* error, int32_t* out, const char* iso);
YX_API yx_status yx_day_to_iso_e(yx_error_info* error, char* out, size_t size, int32_t day);
YX_API yx_status yx_policy_load_e(yx_error_info* error, yx_policy** out, const char* path);
YX_API yx_status yx_policy_parse_e(yx_error_info* error, yx_policy** out, const char* json, size_t length, const char* name);
YX_API yx_status yx_policy_free_e(yx_error_info* error, yx_policy* policy);
YX_API yx_status yx_policy_id_e(yx_error_info* error, const char** out, const yx_policy* policy);
YX_API yx_status yx_policy_sha256_e(yx_error_info* error, const char** out, const yx_policy* policy);
YX_API yx_status yx_policy_category_count_e(yx_error_info* error, size_t* out, const yx_policy* policy);
YX_API yx_status yx_policy_category_id_e(yx_error_info* error, const char** out, const yx_policy* policy, size_t index);
YX_API yx_status yx_policy_find_category_e(yx_error_info* error, int16_t* out, const yx_policy* policy, const char* id);
YX_API yx_status yx_policy_warning_count_e(yx_error_info* error, size_t* out, const yx_policy* policy);
YX_API yx_status yx_policy_warning_e(yx_error_info* error, const yx_diagnostic** out, const yx_policy* policy, size_t index);
YX_API yx_status yx_teacher_columns_init_e(yx_error_info* error, yx_teacher_columns* columns, unsigned int version);
YX_API yx_status yx_record_columns_init_e(yx_error_info* error, yx_record_columns* columns, unsigned int version);
YX_API yx_status yx_ledger_new_e(yx_error_info* error, yx_ledger** out, const yx_policy* policy);
YX_API yx_status yx_ledger_new_encoded_e(yx_error_info* error, yx_ledger** out, const yx_policy* policy, yx_encoding encoding);
YX_API yx_status yx_ledger_free_e(yx_error_info* error, yx_ledger* ledger);
YX_API yx_status yx_ledger_add_teachers_e(yx_error_info* error, size_t* out_accepted, yx_ledger* ledger, const yx_teacher_columns* teachers);
YX_API yx_status yx_ledger_add_records_e(yx_error_info* error, size_t* out_accepted, yx_ledger* ledger, const yx_record_columns* records);
YX_API yx_status yx_ledger_read_teachers_csv_e(yx_error_info* error, yx_ledger* ledger, const char* path);
YX_API yx_status yx_ledger_read_records_csv_e(yx_error_info* error, yx_ledger* ledger, const char* path);
YX_API yx_status yx_ledger_set_progress_e(yx_error_info* error, yx_ledger* ledger, yx_progress_fn progress, void* user);
YX_API yx_status yx_ledger_freeze_e(yx_error_info* error, yx_ledger* ledger);
YX_API yx_status yx_ledger_teacher_count_e(yx_error_info* error, size_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_record_count_e(yx_error_info* error, size_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_rejected_teacher_count_e(yx_error_info* error, int64_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_disposition_count_e(yx_error_info* error, int64_t* out, const yx_ledger* ledger, yx_disposition disposition);
YX_API yx_status yx_ledger_diagnostic_count_e(yx_error_info* error, size_t* out, const yx_ledger* ledger);
YX_API yx_status yx_ledger_diagnostic_e(yx_error_info* error, const yx_diagnostic** out, const yx_ledger* ledger, size_t index);
YX_API yx_status yx_audit_options_init_e(yx_error_info* error, yx_audit_options* options, unsigned int version);
YX_API yx_status yx_evaluate_e(yx_error_info* error, yx_audit** out, const yx_policy* policy, yx_ledger* ledger, const yx_audit_options* options);
YX_API yx_status yx_evaluate_teacher_e(yx_error_info* error, yx_audit** out, const yx_policy* policy, const yx_teacher_columns* teacher, const yx_record_columns* records, const yx_audit_options* options);
YX_API yx_status yx_audit_free_e(yx_error_info* error, yx_audit* audit);
YX_API yx_status yx_audit_row_count_e(yx_error_info* error, size_t* out, const yx_audit* audit);
YX_API yx_status yx_audit_teacher_rows_e(yx_error_info* error, size_t* out_begin, size_t* out_end, const yx_audit* audit, const char* teacher_id);
YX_API yx_status yx_audit_teacher_id_e(yx_error_info* error, const char** out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_rule_id_e(yx_error_info* error, const char** out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_period_label_e(yx_error_info* error, const char** out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_period_start_e(yx_error_info* error, int32_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_period_end_e(yx_error_info* error, int32_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_required_e(yx_error_info* error, int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_credited_e(yx_error_info* error, int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_shortfall_e(yx_error_info* error, int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_status_e(yx_error_info* error, yx_verdict* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_rule_kind_e(yx_error_info* error, yx_rule_kind* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_hours_e(yx_error_info* error, int64_t* out, const yx_audit* audit, size_t row);
YX_API yx_status yx_audit_rows_init_e(yx_error_info* error, yx_audit_rows* rows, unsigned int version);
YX_API yx_status yx_audit_read_rows_e(yx_error_info* error, size_t* out_count, const yx_audit* audit, size_t first, yx_audit_rows* rows);
YX_API yx_status yx_audit_disposition_count_e(yx_error_info* error, int64_t* out, const yx_audit* audit, yx_disposition disposition);
YX_API yx_status yx_audit_diagnostic_count_e(yx_error_info* error, size_t* out, const yx_audit* audit);
YX_API yx_status yx_audit_diagnostic_e(yx_error_info* error, const yx_diagnostic** out, const yx_audit* audit, size_t index);
YX_API yx_status yx_audit_write_csv_e(yx_error_info* error, yx_buf* out, const yx_audit* audit);
YX_API yx_status yx_audit_write_json_e(yx_error_info* error, yx_buf* out, const yx_audit* audit);
YX_API yx_status yx_audit_explain_e(yx_error_info* error, yx_buf* out, const yx_audit* audit, const char* teacher_id);
YX_API yx_status yx_audit_explain_text_e(yx_error_info* error, yx_buf* out, const yx_audit* audit, const char* teacher_id, const char* lang);
YX_API yx_status yx_audit_explain_json_e(yx_error_info* error, yx_buf* out, const yx_audit* audit, const char* teacher_id, const char* lang);
YX_API yx_status yx_audit_decision_record_e(yx_error_info* error, yx_buf* out, const yx_audit* audit);
YX_API yx_status yx_audit_gap_plan_e(yx_error_info* error, yx_buf* out, const yx_audit* audit, const char* teacher_id);
YX_API yx_status yx_audit_write_decisions_csv_e(yx_error_info* error, yx_buf* out, const yx_audit* audit);
YX_API yx_status yx_audit_decision_e(yx_error_info* error, int* out, const yx_audit* audit, const char* teacher_id, const char* decision_id);
YX_API yx_status yx_audit_explain_decisions_e(yx_error_info* error, yx_buf* out, const yx_audit* audit, const char* teacher_id);
YX_API yx_status yx_score_columns_init_e(yx_error_info* error, yx_score_columns* columns, unsigned int version);
YX_API yx_status yx_metric_columns_init_e(yx_error_info* error, yx_metric_columns* columns, unsigned int version);
YX_API yx_status yx_score_rubric_e(yx_error_info* error, yx_scores** out, const yx_policy* policy, const char* rubric_id, const yx_score_columns* scores, const yx_metric_columns* metrics);
YX_API yx_status yx_score_rubric_csv_e(yx_error_info* error, yx_scores** out, const yx_policy* policy, const char* rubric_id, const char* scores_path, const char* metrics_path);
YX_API yx_status yx_score_rubric_csv_encoded_e(yx_error_info* error, yx_scores** out, const yx_policy* policy, const char* rubric_id, const char* scores_path, const char* metrics_path, yx_encoding encoding);
YX_API yx_status yx_scores_free_e(yx_error_info* error, yx_scores* scores);
YX_API yx_status yx_scores_row_count_e(yx_error_info* error, size_t* out, const yx_scores* scores);
YX_API yx_status yx_scores_subject_rows_e(yx_error_info* error, size_t* out_begin, size_t* out_end, const yx_scores* scores, const char* subject_id);
YX_API yx_status yx_scores_subject_id_e(yx_error_info* error, const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_item_id_e(yx_error_info* error, const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_row_kind_e(yx_error_info* error, yx_score_row_kind* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_weight_e(yx_error_info* error, int64_t* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_score_e(yx_error_info* error, int64_t* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_status_e(yx_error_info* error, yx_score_status* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_band_e(yx_error_info* error, const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_awards_e(yx_error_info* error, const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_veto_e(yx_error_info* error, const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_rank_e(yx_error_info* error, int32_t* out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_note_e(yx_error_info* error, const char** out, const yx_scores* scores, size_t row);
YX_API yx_status yx_scores_score_disposition_count_e(yx_error_info* error, int64_t* out, const yx_scores* scores, yx_score_disposition disposition);
YX_API yx_status yx_scores_metric_disposition_count_e(yx_error_info* error, int64_t* out, const yx_scores* scores, yx_score_disposition disposition);
YX_API yx_status yx_evaluate_tiers_e(yx_error_info* error, yx_tiers** out, const yx_policy* policy, yx_ledger* ledger, const yx_audit_options* options);
YX_API yx_status yx_tiers_free_e(yx_error_info* error, yx_tiers* tiers);
YX_API yx_status yx_tiers_row_count_e(yx_error_info* error, size_t* out, const yx_tiers* tiers);
YX_API yx_status yx_tiers_teacher_id_e(yx_error_info* error, const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_ladder_id_e(yx_error_info* error, const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_tier_e(yx_error_info* error, const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_since_e(yx_error_info* error, int32_t* out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_next_tier_e(yx_error_info* error, const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_status_e(yx_error_info* error, yx_tier_status* out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_result_tier_e(yx_error_info* error, const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_missing_e(yx_error_info* error, const char** out, const yx_tiers* tiers, size_t row);
YX_API yx_status yx_tiers_rows_init_e(yx_error_info* error, yx_tiers_rows* rows, unsigned int version);
YX_API yx_status yx_tiers_read_rows_e(yx_error_info* error, size_t* out_count, const yx_tiers* tiers, size_t first, yx_tiers_rows* rows);
YX_API yx_status yx_tiers_explain_e(yx_error_info* error, const char** out, yx_tiers* tiers, const char* teacher_id);
YX_API yx_status yx_scores_diagnostic_count_e(yx_error_info* error, size_t* out, const yx_scores* scores);
YX_API yx_status yx_scores_diagnostic_e(yx_error_info* error, const yx_diagnostic** out, const yx_scores* scores, size_t index);
YX_API yx_status yx_scores_write_csv_e(yx_error_info* error, yx_buf* out, const yx_scores* scores);
YX_API yx_status yx_groups_assign_e(yx_error_info* error, yx_buf* out_assignment, yx_buf* out_unplaced, yx_buf* out_shortfalls, const yx_policy* policy, yx_ledger* ledger, const char* current, size_t current_size);
YX_API yx_status yx_groups_audit_e(yx_error_info* error, yx_buf* out, const yx_policy* policy, yx_ledger* ledger, const char* assignment, size_t assignment_size);
YX_API yx_status yx_groups_assess_e(yx_error_info* error, yx_buf* out, const yx_audit* audit, const char* assignment, size_t assignment_size);
YX_API yx_status yx_subjects_audit_e(yx_error_info* error, yx_buf* out, const yx_policy* policy, yx_ledger* ledger, const char* group_records, size_t group_records_size, const char* schools, size_t schools_size);
YX_API yx_status yx_subjects_explain_e(yx_error_info* error, yx_buf* out, const yx_policy* policy, yx_ledger* ledger, const char* group_records, size_t group_records_size, const char* schools, size_t schools_size, const char* group, const char* school);
YX_API yx_status yx_policy_set_load_e(yx_error_info* error, yx_policy_set** out, const char* path);
YX_API yx_status yx_policy_set_free_e(yx_error_info* error, yx_policy_set* set);
YX_API yx_status yx_policy_set_id_e(yx_error_info* error, const char** out, const yx_policy_set* set);
YX_API yx_status yx_policy_set_sha256_e(yx_error_info* error, const char** out, const yx_policy_set* set);
YX_API yx_status yx_policy_set_version_count_e(yx_error_info* error, size_t* out, const yx_policy_set* set);
YX_API yx_status yx_policy_set_version_e(yx_error_info* error, yx_policy** out_policy, int32_t* out_effective, const yx_policy_set* set, size_t index);
YX_API yx_status yx_evaluate_set_e(yx_error_info* error, yx_set_audit** out, const yx_policy_set* set, yx_ledger* const* ledgers, size_t ledger_count, const yx_audit_options* options);
YX_API yx_status yx_set_audit_free_e(yx_error_info* error, yx_set_audit* audit);
YX_API yx_status yx_set_audit_disposition_count_e(yx_error_info* error, int64_t* out, const yx_set_audit* audit, yx_disposition disposition);
YX_API yx_status yx_set_audit_diagnostic_count_e(yx_error_info* error, size_t* out, const yx_set_audit* audit);
YX_API yx_status yx_set_audit_diagnostic_e(yx_error_info* error, const yx_diagnostic** out, const yx_set_audit* audit, size_t index);
YX_API yx_status yx_set_audit_write_csv_e(yx_error_info* error, yx_buf* out, const yx_set_audit* audit);
YX_API yx_status yx_set_audit_write_json_e(yx_error_info* error, yx_buf* out, const yx_set_audit* audit);
YX_API yx_status yx_set_audit_decision_record_e(yx_error_info* error, yx_buf* out, const yx_set_audit* audit);
/* clang-format on */
/* ---- END generated by capi/error_variants.py ---- */

#ifdef __cplusplus
}
#endif

#endif /* YANXIU_H */
