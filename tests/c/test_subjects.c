/* Duties of groups and schools through the C ABI: the school plan's research groups (S4.3, 4
   activities a semester: 3 short, 4 met) and Dali's 5 % of public funds (S0.17, exact to the
   cent), and the errors. */
#include <string.h>

#include "check.h"

static const char* const observation = YX_SOURCE_DIR "/examples/policies/school-observation.json";
static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

static yx_ledger* teachers(const yx_policy* policy, const char* file) {
  char path[1024];
  yx_ledger* ledger = NULL;
  CHECK_OK(yx_ledger_new(&ledger, policy));
  strcpy(path, YX_SOURCE_DIR "/tests/cli/");
  strcat(path, file);
  CHECK_OK(yx_ledger_read_teachers_csv(ledger, path));
  return ledger;
}

static void test_groups(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_buf audit = YX_BUF_INIT, text = YX_BUF_INIT;
  static const char records[] =
      "id,group,date,activity\n"
      "A1,语文组,2020-09-20,research_activity\nA2,语文组,2020-10-20,research_activity\n"
      "A3,语文组,2020-11-20,research_activity\nA4,语文组,2020-12-20,research_activity\n"
      "B1,数学组,2020-09-21,research_activity\nB2,数学组,2020-10-21,research_activity\n"
      "B3,数学组,2020-11-21,research_activity\n";
  CHECK_OK(yx_policy_load(&policy, observation));
  ledger = teachers(policy, "subjects-teachers.csv");
  CHECK_OK(yx_subjects_audit(&audit, policy, ledger, records, strlen(records), NULL, 0));
  CHECK_CONTAINS(audit.ptr,
                 "\nresearch_group,语文组,research-activities,2020-2021/1,2020-08-31,2021-01-31,"
                 "4,4,0,met\n");
  CHECK_CONTAINS(audit.ptr,
                 "\nresearch_group,数学组,research-activities,2020-2021/1,2020-08-31,2021-01-31,"
                 "4,3,1,short\n");
  CHECK_OK(yx_subjects_explain(&text, policy, ledger, records, strlen(records), NULL, 0, "数学组",
                               NULL));
  CHECK_CONTAINS(text.ptr,
                 "Group 数学组 · 教研组 (teachers whose research_group is 数学组): SU OL");
  yx_buf_dispose(&text);
  /* Errors: no group records for group rules, a group nobody is in, both subjects named. */
  CHECK_STATUS(yx_subjects_explain(&text, policy, ledger, NULL, 0, NULL, 0, "数学组", NULL),
               YX_EINPUT);
  CHECK_STATUS(
      yx_subjects_explain(&text, policy, ledger, records, strlen(records), NULL, 0, "英语组", NULL),
      YX_ENOTFOUND);
  CHECK_STATUS(
      yx_subjects_explain(&text, policy, ledger, records, strlen(records), NULL, 0, "数学组", "S1"),
      YX_EINVAL);
  CHECK(text.ptr == NULL);
  yx_buf_dispose(&audit);
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

/* 5 % of 1234567.80 is 61728.39: met at that, a cent less short by 0.01. */
static void test_schools(void) {
  yx_policy* policy = NULL;
  yx_ledger* ledger = NULL;
  yx_buf audit = YX_BUF_INIT;
  static const char schools[] =
      "school,year,public_budget,training_spend\n"
      "S01,2018,1234567.80,61728.39\nS02,2018,1234567.80,61728.38\n";
  static const char no_figure[] = "school,public_budget\nS01,1\n";
  CHECK_OK(yx_policy_load(&policy, dali));
  ledger = teachers(policy, "teachers.csv");
  CHECK_OK(yx_subjects_audit(&audit, policy, ledger, NULL, 0, schools, strlen(schools)));
  CHECK_CONTAINS(audit.ptr,
                 "\nschool,S01,training-funds,2018,2018-01-01,2018-12-31,61728.39,61728.39,0.00,"
                 "met\n");
  CHECK_CONTAINS(audit.ptr,
                 "\nschool,S02,training-funds,2018,2018-01-01,2018-12-31,61728.39,61728.38,0.01,"
                 "short\n");
  yx_buf_dispose(&audit);
  CHECK_STATUS(yx_subjects_audit(&audit, policy, ledger, NULL, 0, no_figure, strlen(no_figure)),
               YX_EINPUT);
  CHECK_LAST_ERROR(YX_EINPUT, "no column \"training_spend\" (培训经费)");
  CHECK_STATUS(yx_subjects_audit(&audit, policy, ledger, NULL, 3, schools, strlen(schools)),
               YX_EINVAL);
  CHECK_OK(yx_ledger_free(ledger));
  CHECK_OK(yx_policy_free(policy));
}

int main(void) {
  test_groups();
  test_schools();
  return check_report("test_subjects");
}
