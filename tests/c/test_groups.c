/* Groups through the C ABI: Pucheng's clusters (examples/policies/pucheng-2014.json, the
   document's table: 高阳初中 is a neighbour of 罕中初中部, 永丰初中 is listed alone), Dali's campus
   areas assessed, and the errors. */
#include <string.h>

#include "check.h"

static const char* const pucheng = YX_SOURCE_DIR "/examples/policies/pucheng-2014.json";
static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";
static const char* const cli_data = YX_SOURCE_DIR "/tests/cli/";

static yx_ledger* roster(const yx_policy* policy, const char* teachers, const char* records) {
  char path[1024];
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  strcpy(path, cli_data);
  strcat(path, teachers);
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, path));
  if (records) {
    strcpy(path, cli_data);
    strcat(path, records);
    CHECK_OK(yx_ledger_read_records_csv(ledger, path));
  }
  return ledger;
}

static void test_assign_and_audit(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_buf assignment = YX_BUF_INIT, unplaced = YX_BUF_INIT, shortfalls = YX_BUF_INIT;
  yx_buf findings = YX_BUF_INIT;
  static const char current[] = "teacher_id,group_kind,group_id\nP2,cluster,永丰初中\n";
  static const char empty_cell[] = "teacher_id,group_kind,group_id\nP1,,A\n";
  CHECK_OK(yx_policy_load(&policy, pucheng));
  ledger = roster(policy, "groups-teachers.csv", NULL);

  CHECK_OK(yx_groups_assign(&assignment, &unplaced, &shortfalls, policy, ledger, NULL, 0));
  CHECK_STR(assignment.ptr,
            "teacher_id,group_kind,group_id\nP1,cluster,罕中初中部\nP2,cluster,罕中初中部\n"
            "P3,cluster,永丰初中\n");
  CHECK_STR(unplaced.ptr,
            "teacher_id,group_kind,reason,note\nP4,,no_kind,no group kind admits the teacher\n"
            "P5,cluster,no_group,school 未列初中 is in no cluster\n");
  CHECK_STR(shortfalls.ptr, "group_kind,pool,teachers,placed,missing_seats,groups_needed\n");
  yx_buf_dispose(&unplaced);
  yx_buf_dispose(&shortfalls);

  /* P2 of 高阳初中 does not belong in 永丰初中's cluster: placed anew, in 罕中初中部's. */
  yx_buf_dispose(&assignment);
  CHECK_OK(yx_groups_assign(&assignment, NULL, NULL, policy, ledger, current, strlen(current)));
  CHECK_CONTAINS(assignment.ptr, "\nP2,cluster,罕中初中部\n");

  CHECK_OK(yx_groups_audit(&findings, policy, ledger, current, strlen(current)));
  CHECK_CONTAINS(findings.ptr,
                 "\nineligible,cluster,永丰初中,P2,the teacher's cluster is 罕中初中部; the "
                 "group's is 永丰初中\n");
  CHECK_CONTAINS(findings.ptr, "\nunassigned,cluster,,P1,罕中初中部\n");

  /* Errors: a buffer not empty, a row with an empty cell, NULL text with a size. */
  CHECK_STATUS(yx_groups_audit(&findings, policy, ledger, current, strlen(current)), YX_EINVAL);
  yx_buf_dispose(&findings);
  CHECK_STATUS(yx_groups_audit(&findings, policy, ledger, empty_cell, strlen(empty_cell)),
               YX_EINPUT);
  CHECK_LAST_ERROR(YX_EINPUT, "empty; every row names a teacher, a group kind and a group");
  CHECK_INT(yx_last_error()->line, 2);
  CHECK_STATUS(yx_groups_assign(&findings, NULL, NULL, policy, ledger, NULL, 5), YX_EINVAL);
  CHECK(findings.ptr == NULL);
  CHECK_STATUS(yx_groups_assign(NULL, NULL, NULL, policy, ledger, NULL, 0), YX_EINVAL);

  yx_buf_dispose(&assignment);
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

/* Two teachers in one campus area: T1's 30 offline hours and T2's none make 15.00 a member. */
static void test_assess(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_audit* audit = NULL;
  yx_buf metrics = YX_BUF_INIT;
  static const char areas[] = "teacher_id,group_kind,group_id\nT1,area,area-1\nT2,area,area-1\n";
  CHECK_OK(yx_policy_load(&policy, dali));
  ledger = roster(policy, "teachers.csv", "records.csv");
  CHECK_OK(yx_evaluate(&audit, policy, ledger, NULL));
  CHECK_OK(yx_groups_assess(&metrics, audit, areas, strlen(areas)));
  CHECK_CONTAINS(metrics.ptr, "subject_id,metric,value\narea-1,members,2.00\n");
  CHECK_CONTAINS(metrics.ptr, "\narea-1,hours_per_member,15.00\n");
  yx_buf_dispose(&metrics);
  CHECK_OK(yx_audit_free(audit));
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

int main(void) {
  test_assign_and_audit();
  test_assess();
  return check_report("test_groups");
}
