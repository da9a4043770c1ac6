#include <stdio.h>
#include <yanxiu.h>

int main(int argc, char** argv) {
  yx_policy* policy = NULL;
  const char* id = NULL;
  if (argc != 2 || yx_policy_load(&policy, argv[1]) != YX_OK ||
      yx_policy_id(&id, policy) != YX_OK) {
    fprintf(stderr, "%s\n", yx_last_error()->message);
    return 1;
  }
  printf("C: %s with yanxiu %s\n", id, yx_version_string());
  return yx_policy_free(policy) == YX_OK ? 0 : 1;
}
