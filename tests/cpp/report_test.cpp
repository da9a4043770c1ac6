#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sstream>

#include <yanxiu/report.hpp>
#include <yanxiu/sys/fields.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using ::testing::HasSubstr;

Audit small_audit() {
  const Policy policy = parse_policy(R"({"format": "yanxiu-policy/1", "id": "p", "title": "小测试",
    "calendar": {"cycle": {"start": "2024-09-01", "years": 1}, "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
    "categories": [{"id": "school"}],
    "rules": [{"id": "term", "period": "semester", "min": 30, "parts": [{"categories": ["school"], "min": 10}]}]})");
  const Ledger ledger = testing::make_ledger(
      policy, "id\n\"T,1\"\n",
      "id,teacher_id,date,hours,category\nR1,\"T,1\",2024-10-01,12.5,school\n");
  return evaluate(policy, ledger);
}

TEST(Report, AuditCsv) {
  std::ostringstream out;
  write_audit_csv(out, small_audit());
  EXPECT_EQ(out.str(),
            "teacher_id,rule_id,period,period_start,period_end,required,credited,shortfall,status\n"
            "\"T,1\",term,2024-2025/1,2024-09-01,2025-01-31,30.00,12.50,17.50,short\n"
            "\"T,1\",term/1,2024-2025/1,2024-09-01,2025-01-31,10.00,12.50,0.00,met\n"
            "\"T,1\",term,2024-2025/2,2025-02-01,2025-08-31,30.00,0.00,30.00,short\n"
            "\"T,1\",term/1,2024-2025/2,2025-02-01,2025-08-31,10.00,0.00,10.00,short\n");
}

TEST(Report, AuditJson) {
  std::ostringstream out;
  write_audit_json(out, small_audit());
  const std::string json = out.str();
  EXPECT_THAT(json, HasSubstr("\"format\": \"yanxiu-audit/1\""));
  EXPECT_THAT(json, HasSubstr("\"policy\": {\"id\": \"p\", \"title\": \"小测试\", \"sha256\": \""));
  EXPECT_THAT(json, HasSubstr("\"}, \"as_of\": null, \"basis\": \"certified\""));
  EXPECT_THAT(json, HasSubstr("\"credited\": 1, \"capped\": 0"));
  EXPECT_THAT(
      json,
      HasSubstr(
          "{\"teacher_id\": \"T,1\", \"rule_id\": \"term/1\", \"period\": \"2024-2025/1\", "
          "\"period_start\": \"2024-09-01\", \"period_end\": \"2025-01-31\", "
          "\"required\": 10.00, \"credited\": 12.50, \"shortfall\": 0.00, \"status\": \"met\"}"));
}

TEST(Report, Escaping) {
  std::string json;
  append_json_string(json, "a\"b\\c\nd\x01");
  EXPECT_EQ(json, "\"a\\\"b\\\\c\\nd\\u0001\"");
  std::string csv;
  append_csv_field(csv, "say \"hi\"");
  EXPECT_EQ(csv, "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace yanxiu
