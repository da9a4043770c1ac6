/* Policies: loading from a file and from memory, errors that name the file, line and JSON
   path, and the getters. */
#include <string.h>

#include "check.h"

static const char* const dali = YX_SOURCE_DIR "/examples/policies/dali-2017.json";

static int ends_with(const char* text, const char* end) {
  const size_t length = strlen(text), end_length = strlen(end);
  return length >= end_length && strcmp(text + length - end_length, end) == 0;
}

static void test_load_dali(void) {
  yx_policy* policy = NULL;
  const char* text = NULL;
  size_t count = 99;
  int16_t category = -1;
  const yx_diagnostic* warning = NULL;

  CHECK_OK(yx_policy_load(&policy, dali));
  CHECK(policy != NULL);
  CHECK_OK(yx_policy_id(&text, policy));
  CHECK_STR(text, "dali-2017");
  /* Dali's categories, in declaration order: online, school, workshop, self, holiday. */
  CHECK_OK(yx_policy_category_count(&count, policy));
  CHECK_INT(count, 5);
  CHECK_OK(yx_policy_category_id(&text, policy, 0));
  CHECK_STR(text, "online");
  CHECK_OK(yx_policy_category_id(&text, policy, 4));
  CHECK_STR(text, "holiday");
  CHECK_STATUS(yx_policy_category_id(&text, policy, 5), YX_ERANGE);
  CHECK_LAST_ERROR(YX_ERANGE, "category 5 is out of range: the policy has 5 categories");
  CHECK_OK(yx_policy_find_category(&category, policy, "workshop"));
  CHECK_INT(category, 2);
  CHECK_OK(yx_policy_find_category(&category, policy, "online"));
  CHECK_INT(category, 0);
  CHECK_STATUS(yx_policy_find_category(&category, policy, "offline"), YX_ENOTFOUND);
  CHECK_LAST_ERROR(YX_ENOTFOUND, "policy \"dali-2017\" has no category \"offline\"");
  CHECK_OK(yx_policy_warning_count(&count, policy));
  CHECK_INT(count, 0);
  CHECK_STATUS(yx_policy_warning(&warning, policy, 0), YX_ERANGE);

  /* NULL outputs and arguments. */
  CHECK_STATUS(yx_policy_id(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_policy_category_count(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_policy_category_id(NULL, policy, 0), YX_EINVAL);
  CHECK_STATUS(yx_policy_find_category(NULL, policy, "school"), YX_EINVAL);
  CHECK_STATUS(yx_policy_find_category(&category, policy, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_find_category: id is NULL");
  CHECK_STR(yx_last_error()->path, "id");
  CHECK_STATUS(yx_policy_warning_count(NULL, policy), YX_EINVAL);
  CHECK_STATUS(yx_policy_warning(NULL, policy, 0), YX_EINVAL);
  CHECK_OK(yx_policy_free(policy));
}

static void test_a_policy_error_names_file_line_and_path(void) {
  yx_policy* policy = (yx_policy*)&policy; /* anything: a failed load sets it to NULL */
  const yx_error* error;
  CHECK_STATUS(yx_policy_load(&policy, YX_TEST_DATA "/misspelt-policy.json"), YX_EPOLICY);
  CHECK(policy == NULL);
  error = yx_last_error();
  CHECK_INT(error->code, YX_EPOLICY);
  CHECK(ends_with(error->file, "misspelt-policy.json"));
  CHECK_INT(error->line, 10); /* {"id": "total", "period": "cycle", "minimun": 300} */
  CHECK_STR(error->path, "rules[0].minimun");
  CHECK_CONTAINS(error->message, "misspelt-policy.json:10: error: rules[0].minimun: unknown key");
  CHECK_CONTAINS(error->message, "did you mean \"min\"?");
  /* The detail lists every problem: the misspelt key and the minimum it leaves missing. */
  CHECK_CONTAINS(error->detail, "unknown key");
  CHECK_CONTAINS(error->detail, "rules[0]: missing required key \"min\"");

  CHECK_STATUS(yx_policy_load(&policy, YX_TEST_DATA "/no-such-policy.json"), YX_EPOLICY);
  CHECK(ends_with(yx_last_error()->file, "no-such-policy.json"));
  CHECK_CONTAINS(yx_last_error()->message, "cannot open");
}

static void test_parse_from_memory(void) {
  /* Dali's calendar and one semester rule; line 7 holds the rules. The text goes on past
     `length`, which is all the parser may read. */
  const char text[] =
      "{\"format\": \"yanxiu-policy/1\", \"id\": \"memory\",\n"
      " \"calendar\": {\"cycle\": {\"start\": \"2017-09-01\", \"years\": 5},\n"
      "              \"semesters\": [{\"name\": \"1\", \"start\": \"09-01\"},\n"
      "                            {\"name\": \"2\", \"start\": \"02-01\"}]},\n"
      " \"categories\": [{\"id\": \"school\"}],\n"
      " \"rules\": [\n"
      "   {\"id\": \"term\", \"period\": \"semester\", \"min\": 30}]}"
      "NOT JSON";
  const char bad[] = "{\"format\": \"yanxiu-policy/1\",\n \"id\": \"bad\",\n \"colour\": 1}";
  const char no_rules[] =
      "{\"format\": \"yanxiu-policy/1\", \"id\": \"empty\",\n"
      " \"calendar\": {\"cycle\": {\"start\": \"2017-09-01\", \"years\": 1},\n"
      "              \"semesters\": [{\"name\": \"1\", \"start\": \"09-01\"}]},\n"
      " \"categories\": [{\"id\": \"school\"}],\n"
      " \"rules\": []}";
  yx_policy* policy = NULL;
  const char* id = NULL;
  size_t count = 0;
  const yx_diagnostic* warning = NULL;

  CHECK_OK(yx_policy_parse(&policy, text, strlen(text) - strlen("NOT JSON"), "memory.json"));
  CHECK_OK(yx_policy_id(&id, policy));
  CHECK_STR(id, "memory");
  CHECK_OK(yx_policy_free(policy));

  CHECK_STATUS(yx_policy_parse(&policy, text, strlen(text), "memory.json"), YX_EPOLICY);
  CHECK(policy == NULL);
  CHECK_STR(yx_last_error()->file, "memory.json");
  CHECK_INT(yx_last_error()->line, 7);

  CHECK_STATUS(yx_policy_parse(&policy, bad, strlen(bad), NULL), YX_EPOLICY);
  CHECK_STR(yx_last_error()->file, "<memory>");
  CHECK_INT(yx_last_error()->line, 3);
  CHECK_STR(yx_last_error()->path, "colour");

  CHECK_STATUS(yx_policy_parse(&policy, text, 0, "empty.json"), YX_EPOLICY);
  CHECK_STR(yx_last_error()->file, "empty.json");

  /* A policy with no rules loads, with a warning. */
  CHECK_OK(yx_policy_parse(&policy, no_rules, strlen(no_rules), "no-rules.json"));
  CHECK_OK(yx_policy_warning_count(&count, policy));
  CHECK_INT(count, 1);
  CHECK_OK(yx_policy_warning(&warning, policy, 0));
  CHECK_INT(warning->severity, YX_SEVERITY_WARNING);
  CHECK_STR(warning->file, "no-rules.json");
  CHECK_INT(warning->line, 5);
  CHECK_STR(warning->path, "rules");
  CHECK_CONTAINS(warning->message, "no rules");
  CHECK_STATUS(yx_policy_warning(&warning, policy, 1), YX_ERANGE);
  CHECK_OK(yx_policy_free(policy));
}

static void test_null_arguments(void) {
  yx_policy* policy = NULL;
  const char* text = NULL;
  size_t count = 0;
  int16_t category = 0;
  const yx_diagnostic* warning = NULL;

  CHECK_STATUS(yx_policy_load(NULL, dali), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_load: out is NULL");
  CHECK_STATUS(yx_policy_load(&policy, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_load: path is NULL");
  CHECK_STATUS(yx_policy_parse(NULL, "{}", 2, NULL), YX_EINVAL);
  CHECK_STATUS(yx_policy_parse(&policy, NULL, 0, NULL), YX_EINVAL);
  CHECK_OK(yx_policy_free(NULL));
  CHECK_STATUS(yx_policy_id(&text, NULL), YX_EINVAL);
  CHECK_LAST_ERROR(YX_EINVAL, "yx_policy_id: policy is NULL");
  CHECK_STATUS(yx_policy_category_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_policy_category_id(&text, NULL, 0), YX_EINVAL);
  CHECK_STATUS(yx_policy_find_category(&category, NULL, "school"), YX_EINVAL);
  CHECK_STATUS(yx_policy_warning_count(&count, NULL), YX_EINVAL);
  CHECK_STATUS(yx_policy_warning(&warning, NULL, 0), YX_EINVAL);
}

int main(void) {
  test_load_dali();
  test_a_policy_error_names_file_line_and_path();
  test_parse_from_memory();
  test_null_arguments();
  return check_report("policy");
}
