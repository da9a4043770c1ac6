// Policy tests (yanxiu-test/1): teachers and records inline or in CSV files, the verdicts,
// dispositions and messages expected of them; or a rubric's scores and metrics and the score
// rows expected of them. Only what a case lists is compared.

#include <yanxiu/subject_rules.hpp>

#include "tools/test_case.hpp"

namespace yanxiu {

bool TestFileResult::passed() const {
  return std::all_of(cases.begin(), cases.end(), [](const CaseResult& c) { return c.passed(); });
}

namespace {

using detail::in_quotes;
using detail::JsonKind;
using detail::JsonValue;
using detail::Members;

/// What the file gives every case: its policy (or set) and shared inputs.
struct TestFile {
  std::optional<detail::CsvSource> teachers, records, scores, metrics;
  std::vector<JsonValue> cases;
};

TestFile read_test_file(detail::TestReader& reader, const JsonValue& root,
                        const Diagnostics& diagnostics, std::string& policy_path) {
  const auto top = reader.object(root, {"format", "policy", "description", "teachers", "records",
                                        "scores", "metrics", "cases"});
  if (!top) throw PolicyError(diagnostics.items());
  if (auto format = reader.required_string(*top, root, "format");
      format && *format != test_format) {
    reader.error(*top->get("format"), "unsupported format " + in_quotes(*format) + "; expected " +
                                          in_quotes(test_format));
  }
  policy_path = reader.required_string(*top, root, "policy").value_or("");
  TestFile file;
  if (auto value = top->get("teachers")) file.teachers = reader.csv(*value, "teachers.csv");
  if (auto value = top->get("records")) file.records = reader.csv(*value, "records.csv");
  if (auto value = top->get("scores")) file.scores = reader.csv(*value, "scores.csv");
  if (auto value = top->get("metrics")) file.metrics = reader.csv(*value, "metrics.csv");
  const auto cases_value = reader.required(*top, root, "cases");
  const auto cases = cases_value ? reader.array(*cases_value) : std::nullopt;
  if (diagnostics.has_errors()) throw PolicyError(diagnostics.items());
  file.cases = *cases;
  return file;
}

/// Reports the keys that belong to another kind of case than the one `members` is.
void check_case_keys(detail::TestReader& reader, const Members& members, bool rubric_case,
                     bool group_case) {
  for (auto key : rubric_case ? detail::audit_case_keys : detail::rubric_case_keys) {
    if (auto misplaced = members.get(key)) {
      reader.error(*misplaced, rubric_case ? "a rubric case has no " + in_quotes(key)
                                           : in_quotes(key) +
                                                 " belongs to a rubric case, "
                                                 "which names its \"rubric\"");
    }
  }
  if (group_case) return;
  for (auto key : detail::group_case_keys) {
    if (auto misplaced = members.get(key))
      reader.error(*misplaced, in_quotes(key) +
                                   " belongs to a groups case, which names "
                                   "\"groups\": \"assign\" or \"audit\"");
  }
}

/// "explain": {"T1": ["words the explanation must contain", ...]}
void check_explanations(detail::TestReader& reader, detail::CaseRunner& runner,
                        const JsonValue& value, const Policy& policy, const Audit& audit,
                        const AuditOptions& options) {
  if (!reader.expect(value, JsonKind::object)) return;
  for (const auto& [teacher_id, wanted] : value.members()) {
    const auto teacher = audit.ledger().find_teacher(teacher_id);
    if (!teacher) {
      runner.fail(wanted.line(), "explain: no teacher " + in_quotes(teacher_id));
      continue;
    }
    const std::string explanation = explain(policy, audit.ledger(), *teacher, options).to_text();
    for (const auto& words : reader.array(wanted).value_or(std::vector<JsonValue>{})) {
      const auto expected = reader.string_value(words);
      if (expected && explanation.find(*expected) == std::string::npos) {
        runner.fail(words.line(), "explain " + teacher_id + ": expected " + in_quotes(*expected) +
                                      " in:\n" + explanation);
      }
    }
  }
}

/// "plan": {"T1": ["needs 90.00 h 集中培训 in cycle, by 2025-08-31 (central-block)"]}: the
/// teacher's gap plan, line by line, exactly.
void check_plans(detail::TestReader& reader, detail::CaseRunner& runner, const JsonValue& value,
                 const Audit& audit, const AuditOptions& options) {
  if (!reader.expect(value, JsonKind::object)) return;
  for (const auto& [teacher_id, wanted] : value.members()) {
    const auto teacher = audit.ledger().find_teacher(teacher_id);
    if (!teacher) {
      runner.fail(wanted.line(), "plan: no teacher " + in_quotes(teacher_id));
      continue;
    }
    std::string expected;
    for (const auto& line : reader.array(wanted).value_or(std::vector<JsonValue>{}))
      expected += reader.string_value(line).value_or("") + "\n";
    const std::string plan =
        plan_gaps(audit.policy(), audit.ledger(), *teacher, options).to_text(audit.policy());
    if (plan != expected)
      runner.fail(wanted.line(),
                  "plan " + teacher_id + ": expected\n" + expected + "but the plan is\n" + plan);
  }
}

/// "expect_decisions": rows of the decisions table (decisions_csv_header) by teacher and
/// decision; only the columns given are compared.
void check_decisions(detail::TestReader& reader, detail::CaseRunner& runner, const JsonValue& value,
                     const Audit& audit) {
  const auto table = reader.csv(value, "expect_decisions");
  if (!table) return;
  const auto rows =
      runner.expected_rows(*table, value.line(), "expect_decisions", detail::decision_columns);
  const auto verdicts = decide(audit);
  const auto& ids = audit.ledger().teachers().id;
  for (const auto& want : rows) {
    const std::string& teacher = want.values.at("teacher_id");
    const std::string& decision = want.values.at("decision");
    const auto found = std::find_if(verdicts.begin(), verdicts.end(), [&](const auto& verdict) {
      return ids[static_cast<std::size_t>(verdict.teacher)] == teacher &&
             audit.policy().decisions()[verdict.decision].id == decision;
    });
    if (found == verdicts.end()) {
      runner.fail(want.line, "expected a decision " + teacher + " " + decision + ", but none");
      continue;
    }
    const std::map<std::string, std::string> have = {
        {"status", std::string(decision_status(found->eligible))},
        {"verdicts", std::to_string(found->rows.size())},
        {"blocking", std::to_string(found->blocking.size())},
        {"detail", blocking_text(audit, *found)}};
    for (const auto& [column, expected] : want.values) {
      const auto it = have.find(column);
      if (it != have.end() && it->second != expected)
        runner.fail(want.line, "decision " + teacher + " " + decision + ": " + column + " is " +
                                   in_quotes(it->second) + ", expected " + in_quotes(expected));
    }
  }
}

/// A case about the audit: the case's teachers and records audited under the policy, and
/// compared with the messages, rows, tiers, explanations and dispositions it expects. `named`
/// gathers the rules an expected row names, for the coverage.
void run_audit_case(detail::TestReader& reader, detail::CaseRunner& runner, const Policy& policy,
                    const Members& members, const JsonValue& entry,
                    const detail::CsvSource& teachers, const detail::CsvSource& records,
                    const AuditOptions& options, std::set<std::string>& named) {
  // Messages the ledger or the CSV reader gave, for "messages".
  std::vector<std::string> messages;
  std::optional<Audit> audit;
  try {
    LedgerBuilder builder(policy);
    builder.read_teachers_text(teachers.text, teachers.name);
    builder.read_records_text(records.text, records.name);
    const Ledger ledger = builder.build();
    for (const auto& d : ledger.diagnostics().items())
      messages.push_back(to_string(d));
    audit = evaluate(policy, ledger, options);
  } catch (const InputError& error) {
    for (const auto& d : error.diagnostics())
      messages.push_back(to_string(d));
  }

  if (!runner.check_input(reader, members, entry, messages, audit.has_value())) return;

  for (const char* key : {"expect", "expect_absent"}) {
    const auto value = members.get(key);
    const auto table = value ? reader.csv(*value, key) : std::nullopt;
    if (!table) continue;
    const auto rows = runner.expected_rows(*table, value->line(), key, detail::audit_columns);
    for (const auto& row : rows)
      named.insert(row.values.at("rule_id"));
    detail::AuditIndex index;
    for (std::size_t i = 0; i < audit->size(); ++i)
      detail::index_row(index, *audit, i);
    runner.compare_rows(index, rows, std::string_view(key) == "expect_absent");
  }
  detail::check_tiers(reader, runner, members, *audit);
  detail::check_subjects(reader, runner, policy, members, *audit, options, named);
  if (auto value = members.get("explain"))
    check_explanations(reader, runner, *value, policy, *audit, options);
  if (auto value = members.get("expect_decisions")) check_decisions(reader, runner, *value, *audit);
  if (auto value = members.get("plan")) check_plans(reader, runner, *value, *audit, options);
  if (auto value = members.get("dispositions"))
    runner.check_dispositions(reader, *value, audit->disposition_counts());
}

/// The rules and rubrics no expected row names. A set's rules are named "VERSION/RULE" in
/// `named_rules` and listed as "RULE (version VERSION)".
void list_uncovered(TestFileResult& result, const Policy& policy,
                    const std::optional<PolicySet>& set, const std::set<std::string>& named_rules,
                    const std::set<std::string>& named_rubrics) {
  auto uncovered = [&](const Policy& of, const std::string& prefix, const std::string& suffix) {
    for (const Rule& rule : of.rules()) {
      if (!named_rules.count(prefix + rule.id)) result.uncovered_rules.push_back(rule.id + suffix);
      for (const QuotaPart& part : rule.parts) {
        const std::string id = rule.id + "/" + part.id;
        if (!named_rules.count(prefix + id)) result.uncovered_rules.push_back(id + suffix);
      }
    }
  };
  if (set) {
    for (const PolicyVersion& version : set->versions())
      uncovered(version.policy, version.policy.id() + "/",
                " (version " + version.policy.id() + ")");
  } else {
    uncovered(policy, "", "");
    // The rules of groups and schools, which expect_subjects names.
    const SubjectRules& subjects = subject_rules(policy);
    for (const GroupSubject& group : subjects.groups) {
      for (const Rule& rule : group.rules)
        if (!named_rules.count(rule.id)) result.uncovered_rules.push_back(rule.id);
    }
    for (const ShareRule& rule : subjects.school_rules)
      if (!named_rules.count(rule.id)) result.uncovered_rules.push_back(rule.id);
  }
  for (const Rubric& rubric : policy.rubrics()) {
    if (!named_rubrics.count(rubric.id)) result.uncovered_rubrics.push_back(rubric.id);
  }
}

// What the cases' expected rows name, for the coverage.
struct Named {
  std::set<std::string> rules, rubrics;
};

// Runs one case of the file into result.cases. A case is about the audit; when it names a
// rubric, about that rubric's scores; when it names "groups", about an assignment; under a
// policy set (`set`), about the set's audit (run_set_case refuses the other keys).
void run_case(detail::TestReader& reader, const TestFile& file, const Policy& policy,
              const std::optional<PolicySet>& set, const JsonValue& entry, TestFileResult& result,
              Named& named) {
  const auto members = reader.object(entry, detail::case_keys);
  if (!members) return;
  CaseResult& outcome = result.cases.emplace_back();
  outcome.line = entry.line();
  outcome.name = reader.required_string(*members, entry, "name").value_or("(unnamed)");
  detail::CaseRunner runner(result.file, outcome);

  const bool rubric_case = !set && members->get("rubric").has_value();
  const bool group_case = !set && members->get("groups").has_value();
  if (!set) check_case_keys(reader, *members, rubric_case, group_case);
  if (rubric_case) {
    if (auto rubric_id = reader.string_value(*members->get("rubric")))
      named.rubrics.insert(*rubric_id);
    detail::run_rubric_case(reader, runner, policy, *members, entry, file.scores, file.metrics);
    return;
  }
  if (group_case) {
    detail::run_group_case(reader, runner, policy, *members, entry, file.teachers);
    return;
  }

  const AuditOptions options = detail::case_options(reader, *members);
  std::optional<detail::CsvSource> teachers = file.teachers, records = file.records;
  if (auto value = members->get("teachers")) teachers = reader.csv(*value, "teachers.csv");
  if (auto value = members->get("records")) records = reader.csv(*value, "records.csv");
  if (!teachers || !records) {
    reader.error(entry, "a case needs teachers and records (its own or the file's)");
    return;
  }
  if (set) {
    detail::run_set_case(reader, runner, *set, *members, entry, *teachers, *records, options,
                         named.rules);
  } else {
    run_audit_case(reader, runner, policy, *members, entry, *teachers, *records, options,
                   named.rules);
  }
}

}  // namespace

TestFileResult run_test_file(const std::filesystem::path& path) {
  const std::string file_name = path.string();
  const std::string text = detail::read_text(path);
  Diagnostics diagnostics;
  detail::JsonDocument document(text);
  for (const auto& problem : document.problems()) {
    diagnostics.error(file_name, problem.line, problem.path, problem.message);
  }
  if (!document.ok()) throw PolicyError(diagnostics.items());

  detail::TestReader reader(path, diagnostics);
  std::string policy_path;
  const TestFile file = read_test_file(reader, document.root(), diagnostics, policy_path);

  TestFileResult result;
  result.file = file_name;
  result.policy_file = (reader.directory() / policy_path).lexically_normal().string();
  // The file is read once: a policy is a set of one version. A test of a policy set judges its
  // cases under the set; its first version stands for the policy where a case has nothing to do
  // with the audit (and is refused).
  std::optional<PolicySet> set = load_policy_or_set(result.policy_file);
  const Policy policy = set->versions().front().policy;
  if (set->is_single_policy()) set.reset();
  Named named;
  for (const auto& entry : file.cases)
    run_case(reader, file, policy, set, entry, result, named);
  list_uncovered(result, policy, set, named.rules, named.rubrics);
  if (diagnostics.has_errors()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : diagnostics.items()) {
      if (d.severity == Severity::error) errors.push_back(d);
    }
    throw PolicyError(std::move(errors));
  }
  return result;
}

}  // namespace yanxiu
