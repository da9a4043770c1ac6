/* Policy sets through the C ABI. The county of tests/policies/county-plans: a plan of 60 hours
   a year and 200 a cycle from 2019-09-01, revised from 2021-09-01 to 50 a year and 180 a cycle.
   Each period is judged by the version in force on its last day, so the cycle (to 2022-08-31)
   falls to the revision: T1's 60 + 55 + 50 = 165 of 180, short 15. */
#include <string.h>

#include "check.h"

#define PLANS YX_SOURCE_DIR "/tests/policies/county-plans"

static yx_ledger* county_ledger(const yx_policy* policy) {
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, PLANS "/teachers.csv"));
  CHECK_OK(yx_ledger_read_records_csv(ledger, PLANS "/records.csv"));
  return ledger;
}

static void test_the_set_and_its_versions(void) {
  yx_policy_set* set = NULL;
  yx_policy* version = NULL;
  const char* text = NULL;
  size_t count = 0;
  int32_t effective = 0;

  CHECK_OK(yx_policy_set_load(&set, PLANS "/county.set.json"));
  CHECK_OK(yx_policy_set_id(&text, set));
  CHECK_STR(text, "county");
  CHECK_OK(yx_policy_set_sha256(&text, set));
  CHECK_INT(strlen(text), 64);
  CHECK_OK(yx_policy_set_version_count(&count, set));
  CHECK_INT(count, 2);
  CHECK_OK(yx_policy_set_version(&version, &effective, set, 1));
  CHECK_INT(effective, 18871); /* 2021-09-01 */
  CHECK_OK(yx_policy_id(&text, version));
  CHECK_STR(text, "county-2021");
  /* A version's handle outlives the set. */
  CHECK_OK(yx_policy_set_free(set));
  CHECK_OK(yx_policy_category_count(&count, version));
  CHECK_INT(count, 3);
  CHECK_OK(yx_policy_free(version));
}

static void test_errors(void) {
  yx_policy_set* set = (yx_policy_set*)&set;
  yx_policy* policy = NULL;
  yx_policy* version = NULL;
  yx_set_audit* audit = (yx_set_audit*)&audit;
  yx_ledger* ledgers[2] = {NULL, NULL};

  /* A file that is neither a set nor a policy: the policy reader says why, at its line. */
  CHECK_STATUS(yx_policy_set_load(&set, YX_SOURCE_DIR "/tests/cli/misspelt.json"), YX_EPOLICY);
  CHECK(set == NULL);
  CHECK_LAST_ERROR(YX_EPOLICY, "unknown key; did you mean \"min\"?");
  CHECK_INT(yx_last_error()->line, 10);
  /* A directory, in the command line's words. */
  set = (yx_policy_set*)&set;
  CHECK_STATUS(yx_policy_set_load(&set, PLANS), YX_EPOLICY);
  CHECK(set == NULL);
  CHECK_LAST_ERROR(YX_EPOLICY, "county-plans: error: is a directory, not a file");
  CHECK_STATUS(yx_policy_set_load(NULL, PLANS "/county.set.json"), YX_EINVAL);

  CHECK_OK(yx_policy_set_load(&set, PLANS "/county.set.json"));
  CHECK_STATUS(yx_policy_set_version(&version, NULL, set, 2), YX_ERANGE);
  CHECK(version == NULL);
  CHECK_LAST_ERROR(YX_ERANGE, "version 2 is out of range: the set has 2");
  /* One ledger per version, each made for its version's policy. */
  CHECK_OK(yx_policy_set_version(&policy, NULL, set, 0));
  ledgers[0] = county_ledger(policy);
  ledgers[1] = county_ledger(policy);
  CHECK_STATUS(yx_evaluate_set(&audit, set, ledgers, 1, NULL), YX_EINVAL);
  CHECK(audit == NULL);
  CHECK_LAST_ERROR(YX_EINVAL, "a policy set of 2 versions needs as many ledgers, not 1");
  CHECK_STATUS(yx_evaluate_set(&audit, set, ledgers, 2, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "ledger 1 was read with policy \"county-2019\"");
  CHECK_STATUS(yx_evaluate_set(&audit, (const yx_policy_set*)policy, ledgers, 2, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "set is a yx_policy, not a yx_policy_set");
  CHECK_OK(yx_ledger_free(ledgers[0]));
  CHECK_OK(yx_ledger_free(ledgers[1]));
  CHECK_OK(yx_policy_free(policy));
  CHECK_OK(yx_policy_set_free(set));
  CHECK_STATUS(yx_policy_set_free(set), YX_EINVAL);
  CHECK_OK(yx_set_audit_free(NULL));
}

static void test_the_audit(void) {
  yx_policy_set* set = NULL;
  yx_ledger* ledgers[2] = {NULL, NULL};
  yx_set_audit* audit = NULL;
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  yx_buf text = YX_BUF_INIT;
  const yx_diagnostic* d = NULL;
  size_t v = 0, count = 0;
  int64_t number = 0;

  CHECK_OK(yx_policy_set_load(&set, PLANS "/county.set.json"));
  for (v = 0; v < 2; ++v) {
    yx_policy* policy = NULL;
    CHECK_OK(yx_policy_set_version(&policy, NULL, set, v));
    ledgers[v] = county_ledger(policy);
    CHECK_OK(yx_policy_free(policy));
  }
  CHECK_OK(yx_evaluate_set(&audit, set, ledgers, 2, NULL));
  /* The set, the ledgers and the audit may be freed in any order. */
  CHECK_OK(yx_policy_set_free(set));
  CHECK_OK(yx_set_audit_write_csv(&text, audit));
  CHECK_CONTAINS(text.ptr, "shortfall,status,policy\n");
  CHECK_CONTAINS(text.ptr,
                 "\nT1,year,2020-2021,2020-09-01,2021-08-31,60.00,55.00,5.00,short,county-2019\n");
  CHECK_CONTAINS(text.ptr,
                 "\nT1,cycle,cycle,2019-09-01,2022-08-31,180.00,165.00,15.00,short,county-2021\n");
  yx_buf_dispose(&text);
  CHECK_OK(yx_set_audit_write_json(&text, audit));
  CHECK_CONTAINS(text.ptr, "\"policy_set\": {\"id\": \"county\"");
  yx_buf_dispose(&text);
  CHECK_OK(yx_set_audit_decision_record(&text, audit));
  CHECK_CONTAINS(text.ptr, " policy-set county sha256 ");
  CHECK_CONTAINS(text.ptr, "\nversion county-2021 sha256 ");
  CHECK_CONTAINS(text.ptr, " effective 2021-09-01\n");
  yx_buf_dispose(&text);
  /* 8 rows: 6 credited; B4 (holiday, dated under the plan, which has no such category) and
     B5 (negative hours) invalid. */
  CHECK_OK(yx_set_audit_disposition_count(&number, audit, YX_DISPOSITION_CREDITED));
  CHECK_INT(number, 6);
  CHECK_OK(yx_set_audit_disposition_count(&number, audit, YX_DISPOSITION_INVALID));
  CHECK_INT(number, 2);
  CHECK_OK(yx_set_audit_diagnostic_count(&count, audit));
  CHECK_INT(count, 3);
  CHECK_OK(yx_set_audit_diagnostic(&d, audit, 1));
  CHECK_INT(d->line, 8);
  CHECK_CONTAINS(d->message, "county-2021 reads the row");
  CHECK_STATUS(yx_set_audit_diagnostic(&d, audit, 3), YX_ERANGE);
  CHECK_OK(yx_set_audit_free(audit));

  /* As of 2021-06-30 the cycle is judged under the plan then in force: 60 of 200 (A2, entered
     on 2021-07-15, is outside). The ledgers are frozen now, and can be judged again. */
  CHECK_OK(yx_policy_set_load(&set, PLANS "/county.set.json"));
  options.as_of = "2021-06-30";
  CHECK_OK(yx_evaluate_set(&audit, set, ledgers, 2, &options));
  CHECK_OK(yx_set_audit_write_csv(&text, audit));
  CHECK_CONTAINS(text.ptr,
                 "\nT1,cycle,cycle,2019-09-01,2022-08-31,200.00,60.00,140.00,short,county-2019\n");
  yx_buf_dispose(&text);
  CHECK_OK(yx_set_audit_disposition_count(&number, audit, YX_DISPOSITION_OUTSIDE));
  CHECK_INT(number, 3);
  CHECK_OK(yx_ledger_free(ledgers[0]));
  CHECK_OK(yx_ledger_free(ledgers[1]));
  CHECK_OK(yx_set_audit_free(audit));
  CHECK_OK(yx_policy_set_free(set));
}

/* A single policy through the set calls: a set of one version whose audit is the policy's own,
   byte for byte, as yx_evaluate writes it. */
static void test_a_single_policy(void) {
  yx_policy_set* set = NULL;
  yx_policy* version = NULL;
  yx_ledger* ledger = NULL;
  yx_set_audit* audit = NULL;
  yx_audit* plain = NULL;
  yx_buf set_csv = YX_BUF_INIT, plain_csv = YX_BUF_INIT;
  const char* text = NULL;
  size_t count = 0;
  int32_t effective = 0;

  CHECK_OK(yx_policy_set_load(&set, PLANS "/county-2019.json"));
  CHECK_OK(yx_policy_set_id(&text, set));
  CHECK_STR(text, "county-2019");
  CHECK_OK(yx_policy_set_version_count(&count, set));
  CHECK_INT(count, 1);
  CHECK_OK(yx_policy_set_version(&version, &effective, set, 0));
  CHECK_INT(effective, 18140); /* 2019-09-01, the cycle's start */
  ledger = county_ledger(version);
  CHECK_OK(yx_evaluate_set(&audit, set, &ledger, 1, NULL));
  CHECK_OK(yx_set_audit_write_csv(&set_csv, audit));
  CHECK_OK(yx_evaluate(&plain, version, ledger, NULL));
  CHECK_OK(yx_audit_write_csv(&plain_csv, plain));
  CHECK_STR(set_csv.ptr, plain_csv.ptr);
  CHECK_CONTAINS(set_csv.ptr, "shortfall,status\n");
  yx_buf_dispose(&set_csv);
  yx_buf_dispose(&plain_csv);
  CHECK_OK(yx_audit_free(plain));
  CHECK_OK(yx_set_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(version));
  CHECK_OK(yx_policy_set_free(set));
}

int main(void) {
  test_a_single_policy();
  test_the_set_and_its_versions();
  test_errors();
  test_the_audit();
  return check_report("policy_sets");
}
