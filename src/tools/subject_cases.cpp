// The subject keys of a policy test's audit case: group and school duties (subjects.hpp).

#include <yanxiu/subjects.hpp>

#include "tools/test_case.hpp"

namespace yanxiu::detail {

void check_subjects(TestReader& reader, CaseRunner& runner, const Policy& policy,
                    const detail::Members& members, const Audit& audit, const AuditOptions& options,
                    std::set<std::string>& named) {
  const auto group_value = members.get("group_records");
  const auto school_value = members.get("schools");
  const auto expect_value = members.get("expect_subjects");
  if (!group_value && !school_value && !expect_value) return;
  SubjectInputs inputs;
  if (group_value) {
    if (auto csv = reader.csv(*group_value, "group_records.csv")) {
      inputs.group_records = csv->text;
      inputs.group_records_name = csv->name;
    }
  }
  if (school_value) {
    if (auto csv = reader.csv(*school_value, "schools.csv")) {
      inputs.schools = csv->text;
      inputs.schools_name = csv->name;
    }
  }
  const int line =
      expect_value ? expect_value->line() : (group_value ? group_value : school_value)->line();
  std::optional<SubjectAudit> result;
  std::vector<std::string> messages;
  try {
    result = evaluate_subjects(policy, audit.ledger(), inputs, options);
    for (const auto& d : result->diagnostics.items())
      messages.push_back(to_string(d));
  } catch (const InputError& error) {
    for (const auto& d : error.diagnostics())
      messages.push_back(to_string(d));
  }
  if (auto value = members.get("subject_messages")) {
    runner.check_messages(reader, *value, messages);
  } else if (!messages.empty()) {
    runner.fail(line, "subjects: unexpected message " + messages.front());
  }
  if (!result) return;
  if (expect_value) {
    if (auto table = reader.csv(*expect_value, "expect_subjects")) {
      const auto expected =
          runner.expected_rows(*table, expect_value->line(), "expect_subjects", subject_columns);
      std::vector<std::map<std::string, std::string>> actual;
      for (const SubjectRow& row : result->rows) {
        actual.push_back({{"subject_kind", row.subject_kind},
                          {"subject_id", row.subject_id},
                          {"rule_id", row.rule_id},
                          {"period", row.period},
                          {"period_start", to_iso(row.period_start)},
                          {"period_end", to_iso(row.period_end)},
                          {"required", row.required},
                          {"credited", row.credited},
                          {"shortfall", row.shortfall},
                          {"status", std::string(to_string(row.status))}});
      }
      for (const auto& row : expected)
        named.insert(row.values.at("rule_id"));
      runner.compare_table("expect_subjects", subject_columns, expected, actual);
    }
  }
  if (auto value = members.get("explain_subjects")) {
    if (!reader.expect(*value, JsonKind::object)) return;
    for (const auto& [subject, wanted] : value->members()) {
      const bool is_school = subject.rfind("school:", 0) == 0;
      const bool is_group = subject.rfind("group:", 0) == 0;
      if (!is_school && !is_group) {
        runner.fail(wanted.line(), "explain_subjects: name \"group:ID\" or \"school:ID\"");
        continue;
      }
      const std::string id = subject.substr(subject.find(':') + 1);
      const auto text =
          is_group ? explain_group(*result, id, options) : explain_school(policy, *result, id);
      if (!text) {
        runner.fail(wanted.line(), "explain_subjects: no " + subject);
        continue;
      }
      for (const auto& words : reader.array(wanted).value_or(std::vector<JsonValue>{})) {
        const auto expected = reader.string_value(words);
        if (expected && text->find(*expected) == std::string::npos)
          runner.fail(words.line(), "explain " + subject + ": expected " + in_quotes(*expected) +
                                        " in:\n" + *text);
      }
    }
  }
}

}  // namespace yanxiu::detail
