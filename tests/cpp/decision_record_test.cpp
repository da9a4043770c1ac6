// Decision records: an audit names the policy it applied by the SHA-256 of its canonical form.

#include <gtest/gtest.h>
#include <sstream>

#include "test_support.hpp"
#include "util/sha256.hpp"

namespace yanxiu {
namespace {

// FIPS 180-4's examples, and a message whose padding takes a second block.
TEST(Sha256, KnownDigests) {
  EXPECT_EQ(detail::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(detail::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(detail::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(detail::sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

const char* const policy_text = R"({"format": "yanxiu-policy/1", "id": "p", "title": "t",
  "calendar": {"cycle": {"start": "2024-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
  "categories": [{"id": "school"}],
  "rules": [{"id": "year", "period": "academic_year", "min": 60}]})";

TEST(DecisionRecord, TheDigestIgnoresLayoutKeyOrderAndTrailingZeros) {
  const Policy policy = parse_policy(policy_text);
  const Policy same = parse_policy(R"({
    "title": "t", "id": "p", "format": "yanxiu-policy/1",
    "categories": [ { "id": "school" } ],
    "calendar": {"semesters": [{"start": "09-01", "name": "1"}, {"name": "2", "start": "02-01"}],
                 "cycle": {"years": 1, "start": "2024-09-01"}},
    "rules": [{"min": 60.00, "period": "academic_year", "id": "year"}]
  })");
  EXPECT_EQ(policy.digest().size(), 64U);
  EXPECT_EQ(policy.digest(), same.digest());
  std::string changed = policy_text;
  changed.replace(changed.find("\"min\": 60"), 9, "\"min\": 50");
  EXPECT_NE(parse_policy(changed).digest(), policy.digest());
}

TEST(DecisionRecord, NamesPolicyDigestEngineAsOfAndBasis) {
  const Policy policy = parse_policy(policy_text);
  AuditOptions options;
  options.as_of = parse_date("2025-01-31");
  options.basis = Basis::submitted;
  const Audit audit = evaluate(
      policy, testing::make_ledger(policy, "id\nT1\n", "id,teacher_id,date,hours,category\n"),
      options);
  const DecisionRecord record = decision_record(audit);
  EXPECT_EQ(record.policy_id, "p");
  EXPECT_EQ(record.policy_digest, policy.digest());
  EXPECT_EQ(record.engine_version, version_string);
  EXPECT_EQ(record.to_string(), "yanxiu-audit/1 engine " + std::string(version_string) +
                                    " policy p sha256 " + policy.digest() +
                                    " as_of 2025-01-31 basis submitted");
  std::ostringstream json;
  write_audit_json(json, audit);
  EXPECT_NE(json.str().find("\"sha256\": \"" + policy.digest() + "\""), std::string::npos);
  EXPECT_NE(json.str().find("\"basis\": \"submitted\""), std::string::npos);
}

}  // namespace
}  // namespace yanxiu
