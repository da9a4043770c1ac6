// The kinds of case of a policy test besides the plain audit: groups, rubrics, tiers, and the
// audit under a policy set (test_case.hpp).

#include "tools/test_case.hpp"

namespace yanxiu::detail {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError({{Severity::error, path.string(), 0, "", "cannot open the file"}});
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

void index_row(AuditIndex& index, const Audit& audit, std::size_t i) {
  const AuditRow row = audit.row(i);
  index.emplace(
      std::tuple{std::string(audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)]),
                 audit.rule_id(row), audit.period(row).label},
      std::pair{&audit, i});
}

/// The values an expected row may name of an audit row; only made for the rows compared.
std::map<std::string, std::string> row_values(const Audit& audit, std::size_t i) {
  const AuditRow row = audit.row(i);
  const Period& period = audit.period(row);
  return {{"period_start", day_to_iso(period.first_day)},
          {"period_end", day_to_iso(period.last_day)},
          {"required", to_string(row.required)},
          {"credited", to_string(row.credited)},
          {"shortfall", to_string(row.shortfall())},
          {"status", std::string(to_string(row.status))},
          {"hours", to_string(row.hours)},
          {"policy", audit.policy().id()}};
}

void run_group_case(TestReader& reader, CaseRunner& runner, const Policy& policy,
                    const detail::Members& members, const JsonValue& entry,
                    const std::optional<CsvSource>& shared_teachers) {
  const auto action = reader.string_value(*members.get("groups"));
  if (action != "assign" && action != "audit") {
    reader.error(*members.get("groups"), "expected \"assign\" or \"audit\"");
    return;
  }
  std::optional<CsvSource> teachers = shared_teachers, assignment;
  if (auto value = members.get("teachers")) teachers = reader.csv(*value, "teachers.csv");
  if (auto value = members.get("assignment")) assignment = reader.csv(*value, "assignment.csv");
  if (!teachers) {
    reader.error(entry, "a groups case needs teachers (its own or the file's)");
    return;
  }
  std::vector<std::string> messages;
  LedgerBuilder builder(policy);
  builder.read_teachers_text(teachers->text, teachers->name);
  const Ledger ledger = builder.build();
  Diagnostics diagnostics;
  std::vector<Membership> current;
  if (assignment) current = read_memberships_text(assignment->text, assignment->name, diagnostics);
  for (const auto& d : ledger.diagnostics().items())
    messages.push_back(to_string(d));
  for (const auto& d : diagnostics.items())
    messages.push_back(to_string(d));

  using Rows = std::vector<std::map<std::string, std::string>>;
  auto compare = [&](std::string_view key, const TableColumns& columns, const Rows& actual) {
    const auto value = members.get(key);
    if (!value) return;
    if (auto table = reader.csv(*value, std::string(key))) {
      runner.compare_table(std::string(key), value->line(), actual,
                           runner.expected_rows(*table, value->line(), std::string(key), columns));
    }
  };
  const auto id_of = [&](TeacherIndex t) {
    return std::string(ledger.teachers().id[static_cast<std::size_t>(t)]);
  };
  const auto kind_of = [&](std::int32_t k) {
    return k < 0 ? std::string() : policy.group_kinds()[static_cast<std::size_t>(k)].id;
  };
  if (action == "assign") {
    const GroupAssignment result = assign_groups(policy, ledger, current, "assignment.csv");
    for (const auto& d : result.diagnostics.items())
      messages.push_back(to_string(d));
    Rows placed, unplaced, shortfalls;
    for (const auto& p : result.placements) {
      const auto& group = result.groups[static_cast<std::size_t>(p.group)];
      placed.push_back({{"teacher_id", id_of(p.teacher)},
                        {"group_kind", kind_of(group.kind)},
                        {"group_id", group.id}});
    }
    for (const auto& u : result.unplaced) {
      unplaced.push_back({{"teacher_id", id_of(u.teacher)},
                          {"group_kind", kind_of(u.kind)},
                          {"reason", std::string(to_string(u.reason))},
                          {"note", u.note}});
    }
    for (const auto& f : result.shortfalls) {
      shortfalls.push_back({{"group_kind", kind_of(f.kind)},
                            {"pool", f.pool},
                            {"teachers", std::to_string(f.teachers)},
                            {"placed", std::to_string(f.placed)},
                            {"missing_seats", std::to_string(f.missing_seats)},
                            {"groups_needed", std::to_string(f.groups_needed)}});
    }
    compare("expect_assignment", assignment_columns, placed);
    compare("expect_unplaced", unplaced_columns, unplaced);
    compare("expect_shortfalls", shortfall_columns, shortfalls);
  } else {
    Rows findings;
    for (const auto& row : audit_groups(policy, ledger, current)) {
      findings.push_back({{"finding", std::string(to_string(row.finding))},
                          {"group_kind", row.group_kind},
                          {"group_id", row.group_id},
                          {"teacher_id", row.teacher_id},
                          {"detail", row.detail}});
    }
    compare("expect_findings", finding_columns, findings);
  }
  if (auto value = members.get("messages")) runner.check_messages(reader, *value, messages);
}

/// A case with "rubric": the scores and metrics given (its own or the file's), scored, and
/// compared with the rows, dispositions and messages the case expects.
void run_rubric_case(TestReader& reader, CaseRunner& runner, const Policy& policy,
                     const detail::Members& members, const JsonValue& entry,
                     const std::optional<CsvSource>& shared_scores,
                     const std::optional<CsvSource>& shared_metrics) {
  const JsonValue rubric_value = *members.get("rubric");
  const auto rubric_id = reader.string_value(rubric_value);
  if (!rubric_id) return;
  std::optional<CsvSource> scores = shared_scores, metrics = shared_metrics;
  if (auto value = members.get("scores")) scores = reader.csv(*value, "scores.csv");
  if (auto value = members.get("metrics")) metrics = reader.csv(*value, "metrics.csv");
  if (!scores && !metrics) {
    reader.error(entry, "a rubric case needs scores or metrics (its own or the file's)");
    return;
  }

  std::optional<ScoreSheet> sheet;
  try {
    sheet.emplace(policy, *rubric_id);
  } catch (const std::invalid_argument& unknown) {
    reader.error(rubric_value, unknown.what());
    return;
  }
  std::vector<std::string> messages;
  std::optional<RubricResult> result;
  try {
    if (scores) sheet->read_scores_text(scores->text, scores->name);
    if (metrics) sheet->read_metrics_text(metrics->text, metrics->name);
    for (const auto& d : sheet->diagnostics().items())
      messages.push_back(to_string(d));
    result = score_rubric(*sheet);
  } catch (const InputError& error) {
    for (const auto& d : error.diagnostics())
      messages.push_back(to_string(d));
  }
  if (!runner.check_input(reader, members, entry, messages, result.has_value())) return;

  if (auto value = members.get("expect_scores")) {
    if (auto table = reader.csv(*value, "expect_scores")) {
      runner.compare_scores(
          *result, runner.expected_rows(*table, value->line(), "expect_scores", score_columns));
    }
  }
  if (auto value = members.get("score_dispositions"))
    runner.check_score_dispositions(reader, *value, "scores", result->score_counts());
  if (auto value = members.get("metric_dispositions"))
    runner.check_score_dispositions(reader, *value, "metrics", result->metric_counts());
}

/// The tier keys of a case: the teachers' standings, criteria, county counts and targets.
void check_tiers(TestReader& reader, CaseRunner& runner, const detail::Members& members,
                 const Audit& audit) {
  const bool any = std::any_of(tier_case_keys.begin(), tier_case_keys.end(),
                               [&](std::string_view key) { return members.get(key).has_value(); });
  if (!any) return;
  TierOptions options;
  options.as_of = audit.options().as_of;
  options.basis = audit.options().basis;
  const TierResult result = evaluate_tiers(audit.policy(), audit.ledger(), options);
  const auto ladders = audit.policy().ladders();
  const auto& teachers = audit.ledger().teachers();
  auto table = [&](const char* key, const TableColumns& columns,
                   const std::vector<std::map<std::string, std::string>>& actual) {
    if (auto value = members.get(key)) {
      if (auto csv = reader.csv(*value, key))
        runner.compare_table(key, columns, runner.expected_rows(*csv, value->line(), key, columns),
                             actual);
    }
  };
  std::vector<std::map<std::string, std::string>> tiers, criteria, counts, targets;
  for (const TierRow& row : result.rows()) {
    const Ladder& ladder = ladders[static_cast<std::size_t>(row.ladder)];
    const std::string teacher(teachers.id[static_cast<std::size_t>(row.teacher)]);
    tiers.push_back(
        {{"teacher_id", teacher},
         {"ladder", ladder.id},
         {"tier", result.tier_id(row, row.tier)},
         {"since", row.since == no_day ? "" : day_to_iso(row.since)},
         {"next", result.tier_id(row, row.next)},
         {"status", std::string(to_string(row.status))},
         {"result_tier", result.tier_id(row, row.result_tier)},
         {"veto", row.veto < 0 ? "" : ladder.vetoes[static_cast<std::size_t>(row.veto)].id},
         {"missing", result.missing(row)}});
    for (const CriterionRow& judged : result.criteria(row)) {
      const TierCriterion& c = result.criterion(row, judged);
      const bool whole = c.kind == CriterionKind::outcomes ||
                         c.kind == CriterionKind::years_at_tier ||
                         c.kind == CriterionKind::condition;
      auto amount = [&](std::int64_t value) {
        return whole ? std::to_string(value / 100) : format_hundredths(value);
      };
      criteria.push_back({{"teacher_id", teacher},
                          {"ladder", ladder.id},
                          {"use", std::string(to_string(judged.use))},
                          {"criterion", c.id},
                          {"have", judged.known ? amount(judged.have) : ""},
                          {"need", amount(judged.need)},
                          {"met", judged.met ? "yes" : "no"},
                          {"text", result.describe(row, judged)}});
    }
  }
  for (const TierCount& count : result.counts()) {
    const Ladder& ladder = ladders[static_cast<std::size_t>(count.ladder)];
    counts.push_back(
        {{"ladder", ladder.id},
         {"tier", count.tier < 0 ? "" : ladder.tiers[static_cast<std::size_t>(count.tier)].id},
         {"school", count.school},
         {"teachers", std::to_string(count.teachers)},
         {"eligible", std::to_string(count.eligible)}});
  }
  for (const TargetProgress& target : result.targets()) {
    targets.push_back({{"ladder", ladders[static_cast<std::size_t>(target.ladder)].id},
                       {"target", std::to_string(target.target)},
                       {"current", std::to_string(target.current)},
                       {"projected", std::to_string(target.projected)},
                       {"gap", std::to_string(target.gap())}});
  }
  table("expect_tiers", tier_columns, tiers);
  table("expect_criteria", criterion_columns, criteria);
  table("expect_tier_counts", tier_count_columns, counts);
  table("expect_targets", target_columns, targets);
  // "explain_tiers": {"T1": ["papers: 1 of 2 — 1 short", ...]}
  if (auto value = members.get("explain_tiers"); value && reader.expect(*value, JsonKind::object)) {
    for (const auto& [teacher_id, wanted] : value->members()) {
      const auto teacher = audit.ledger().find_teacher(teacher_id);
      if (!teacher) {
        runner.fail(wanted.line(), "explain_tiers: no teacher " + in_quotes(teacher_id));
        continue;
      }
      const std::string explanation = result.explain(*teacher);
      for (const auto& words : reader.array(wanted).value_or(std::vector<JsonValue>{})) {
        const auto expected = reader.string_value(words);
        if (expected && explanation.find(*expected) == std::string::npos) {
          runner.fail(words.line(), "explain_tiers " + teacher_id + ": expected " +
                                        in_quotes(*expected) + " in:\n" + explanation);
        }
      }
    }
  }
}

/// A case's as_of and basis.

AuditOptions case_options(TestReader& reader, const detail::Members& members) {
  AuditOptions options;
  options.threads = 1;
  if (auto as_of = members.get("as_of")) {
    auto date_text = reader.string_value(*as_of);
    auto date = date_text ? parse_date(*date_text) : std::nullopt;
    if (!date) reader.error(*as_of, "expected a date (YYYY-MM-DD)");
    options.as_of = date;
  }
  if (auto basis = members.get("basis")) {
    const auto basis_text = reader.string_value(*basis);
    if (basis_text == "submitted") {
      options.basis = Basis::submitted;
    } else if (basis_text != "certified") {
      reader.error(*basis, "expected \"certified\" or \"submitted\"");
    }
  }
  return options;
}

// The keys a case under a policy set may have: it checks the set's audit.
const std::vector<std::string_view> set_case_keys = {
    "name",     "description", "messages", "as_of",         "basis",
    "teachers", "records",     "expect",   "expect_absent", "dispositions"};

/// A case of a test whose policy is a policy set: the set's audit of the case's teachers and
/// records against the rows (`policy` naming the version that judged one), dispositions and
/// messages it expects. `named` gathers "VERSION/RULE" for the coverage.
void run_set_case(TestReader& reader, CaseRunner& runner, const PolicySet& set,
                  const detail::Members& members, const JsonValue& entry, const CsvSource& teachers,
                  const CsvSource& records, const AuditOptions& options,
                  std::set<std::string>& named) {
  for (const auto& [key, value] : members.all()) {
    if (std::find(set_case_keys.begin(), set_case_keys.end(), key) == set_case_keys.end())
      reader.error(value,
                   "a case under a policy set checks its audit; it has no " + in_quotes(key));
  }
  std::vector<std::string> messages;
  std::optional<SetAudit> audit;
  try {
    audit = evaluate(
        set,
        [&](const Policy& policy) {
          LedgerBuilder builder(policy);
          builder.read_teachers_text(teachers.text, teachers.name);
          builder.read_records_text(records.text, records.name);
          return builder.build();
        },
        options);
    for (const auto& d : audit->diagnostics().items())
      messages.push_back(to_string(d));
  } catch (const InputError& error) {
    for (const auto& d : error.diagnostics())
      messages.push_back(to_string(d));
  }
  if (!runner.check_input(reader, members, entry, messages, audit.has_value())) return;
  AuditIndex index;
  for (const SetAuditRow& row : audit->rows())
    index_row(index, audit->audit(row.version), row.row);
  for (const char* key : {"expect", "expect_absent"}) {
    auto value = members.get(key);
    if (!value) continue;
    auto table = reader.csv(*value, key);
    if (!table) continue;
    const auto rows = runner.expected_rows(*table, value->line(), key, audit_columns);
    for (const auto& row : rows) {
      const auto policy = row.values.find("policy");
      for (const PolicyVersion& version : set.versions()) {
        if (policy == row.values.end() || policy->second == version.policy.id())
          named.insert(version.policy.id() + "/" + row.values.at("rule_id"));
      }
    }
    runner.compare_rows(index, rows, std::string_view(key) == "expect_absent");
  }
  if (auto value = members.get("dispositions"))
    runner.check_dispositions(reader, *value, audit->disposition_counts());
}

}  // namespace yanxiu::detail
