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

// A policy counted in credits has the hours behind each row after `status`: 12 central hours at
// 1/8 are 1.5 credits from 12.00 h, 2 hours of a talk at 1/10 0.2 from 2.00 h; the year 1.70
// credits from 14.00 h. The talk rule counts 1 activity and has no hours: an empty cell, null.
Audit credits_audit() {
  const Policy policy = parse_policy(R"({"format": "yanxiu-policy/1", "id": "c", "title": "学分",
    "unit": {"kind": "credits", "label": "学分"},
    "calendar": {"cycle": {"start": "2024-09-01", "years": 1}, "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
    "categories": [{"id": "central", "rate": "1/8"}, {"id": "distance", "rate": "1/10"}],
    "rules": [{"id": "year", "period": "academic_year", "min": 3},
              {"id": "talks", "kind": "count", "period": "academic_year", "activity": "talk", "min": 1}]})");
  const Ledger ledger =
      testing::make_ledger(policy, "id\nT1\n",
                           "id,teacher_id,date,hours,category,activity\n"
                           "C1,T1,2024-10-01,12,central,\nA1,T1,2025-03-01,2,distance,talk\n");
  return evaluate(policy, ledger);
}

TEST(Report, AuditCsvInCreditsHasHours) {
  std::ostringstream out;
  write_audit_csv(out, credits_audit());
  EXPECT_EQ(out.str(),
            "teacher_id,rule_id,period,period_start,period_end,required,credited,shortfall,status,"
            "hours\n"
            "T1,year,2024-2025,2024-09-01,2025-08-31,3.00,1.70,1.30,short,14.00\n"
            "T1,talks,2024-2025,2024-09-01,2025-08-31,1,1,0,met,\n");
}

TEST(Report, AuditJsonInCreditsHasHours) {
  std::ostringstream out;
  write_audit_json(out, credits_audit());
  const std::string json = out.str();
  EXPECT_THAT(json, HasSubstr("\"credited\": 1.70, \"shortfall\": 1.30, \"status\": \"short\", "
                              "\"hours\": 14.00}"));
  EXPECT_THAT(json, HasSubstr("\"status\": \"met\", \"hours\": null}"));
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
