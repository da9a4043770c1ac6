// Policy tests (yanxiu-test/1): teachers and records inline or in CSV files, the verdicts,
// dispositions and messages expected of them; or a rubric's scores and metrics and the score
// rows expected of them. Only what a case lists is compared.

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

#include <yanxiu/audit.hpp>
#include <yanxiu/explain.hpp>
#include <yanxiu/groups.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/policy_set.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/rubrics.hpp>
#include <yanxiu/scenario.hpp>
#include <yanxiu/tiers.hpp>

#include "util/csv.hpp"
#include "util/json_reader.hpp"

namespace yanxiu {

namespace {

using detail::in_quotes;
using detail::JsonKind;
using detail::JsonReader;
using detail::JsonValue;

/// The columns an expected table may give; the first `key_count` name the row.
struct TableColumns {
  std::vector<std::string_view> names;
  std::size_t key_count;
};

const TableColumns audit_columns = {
    {"teacher_id", "rule_id", "period", "period_start", "period_end", "required", "credited",
     "shortfall", "status", "policy"},
    3};
const TableColumns score_columns = {
    {"subject_id", "item_id", "weight", "score", "band", "rank", "status", "awards", "note"}, 2};

const TableColumns tier_columns = {
    {"teacher_id", "ladder", "tier", "since", "next", "status", "result_tier", "veto", "missing"},
    2};
const TableColumns criterion_columns = {
    {"teacher_id", "ladder", "use", "criterion", "have", "need", "met", "text"}, 4};
const TableColumns tier_count_columns = {{"ladder", "tier", "school", "teachers", "eligible"}, 3};
const TableColumns target_columns = {{"ladder", "target", "current", "projected", "gap"}, 1};
const std::vector<std::string_view> tier_case_keys = {
    "expect_tiers", "expect_criteria", "expect_tier_counts", "expect_targets", "explain_tiers"};

// Keys of a case about the audit (and the tiers), and of a case about a rubric.
const std::vector<std::string_view> audit_case_keys = {
    "as_of",        "basis",           "teachers",           "records",
    "expect",       "expect_absent",   "dispositions",       "explain",
    "expect_tiers", "expect_criteria", "expect_tier_counts", "expect_targets",
    "explain_tiers"};
const std::vector<std::string_view> rubric_case_keys = {
    "rubric", "scores", "metrics", "expect_scores", "score_dispositions", "metric_dispositions"};

// A case about groups (groups.hpp): its keys, and the columns of the tables it compares.
const std::vector<std::string_view> group_case_keys = {
    "groups",          "assignment",        "expect_assignment",
    "expect_unplaced", "expect_shortfalls", "expect_findings"};
const TableColumns assignment_columns = {{"teacher_id", "group_kind", "group_id"}, 1};
const TableColumns unplaced_columns = {{"teacher_id", "group_kind", "reason", "note"}, 1};
const TableColumns shortfall_columns = {
    {"group_kind", "pool", "teachers", "placed", "missing_seats", "groups_needed"}, 1};
const TableColumns finding_columns = {{"finding", "group_kind", "group_id", "teacher_id", "detail"},
                                      1};

/// CSV given inline as an array of lines, or as the path of a file beside the test.
struct CsvSource {
  std::string name;  ///< "records.csv" inline, else the path
  std::string text;
  std::vector<int> lines;  ///< test-file line of each inline CSV line
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError({{Severity::error, path.string(), 0, "", "cannot open the file"}});
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

class TestReader : public JsonReader {
 public:
  TestReader(std::filesystem::path path, Diagnostics& diagnostics)
      : JsonReader(path.string(), diagnostics), directory_(path.parent_path()) {}

  std::optional<CsvSource> csv(const JsonValue& value, std::string inline_name) {
    if (value.kind() == JsonKind::string) {
      const auto path = directory_ / value.text();
      return CsvSource{path.string(), read_text(path), {}};
    }
    auto lines = array(value);
    if (!lines) return std::nullopt;
    CsvSource source{std::move(inline_name), "", {}};
    for (const auto& line : *lines) {
      auto text = string_value(line);
      if (!text) return std::nullopt;
      source.text += *text;
      source.text += '\n';
      source.lines.push_back(line.line());
    }
    return source;
  }

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
};

struct ExpectedRow {
  int line = 0;
  std::map<std::string, std::string> values;
};

/// Audit rows (audit, row) by teacher_id, rule_id and period; a policy set's audit may have a
/// key twice (the cycles of two versions).
using AuditIndex = std::multimap<std::tuple<std::string, std::string, std::string>,
                                 std::pair<const Audit*, std::size_t>>;

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
          {"policy", audit.policy().id()}};
}

class CaseRunner {
 public:
  CaseRunner(const std::string& file, CaseResult& result) : file_(file), result_(result) {}

  void fail(int line, std::string message) {
    result_.failures.push_back(file_ + ":" + std::to_string(line) + ": " + std::move(message));
  }

  /// Reads the rows of an expected table (`table`: "expect", "expect_scores"); its header must
  /// name the columns' keys.
  std::vector<ExpectedRow> expected_rows(const CsvSource& source, int table_line,
                                         const std::string& table, const TableColumns& columns) {
    std::vector<ExpectedRow> rows;
    detail::CsvReader reader(source.text);
    std::vector<std::string_view> fields;
    if (!reader.next_row(fields)) return rows;
    std::vector<std::string> header;
    for (auto field : fields) {
      const std::string name(detail::trim(field));
      if (std::find(columns.names.begin(), columns.names.end(), name) == columns.names.end()) {
        fail(table_line, table + ": unknown column " + in_quotes(name));
        return rows;
      }
      header.push_back(name);
    }
    for (std::size_t k = 0; k < columns.key_count; ++k) {
      if (std::find(header.begin(), header.end(), columns.names[k]) == header.end()) {
        fail(table_line, table + ": the header must name " + in_quotes(columns.names[k]));
        return rows;
      }
    }
    while (reader.next_row(fields)) {
      const int line = source.lines.empty()
                           ? reader.line()
                           : source.lines[static_cast<std::size_t>(reader.line() - 1)];
      if (fields.size() != header.size()) {
        fail(line, table + ": " + std::to_string(header.size()) + " fields in the header, " +
                       std::to_string(fields.size()) + " here");
        continue;
      }
      ExpectedRow row{line, {}};
      for (std::size_t i = 0; i < fields.size(); ++i)
        row.values[header[i]] = detail::trim(fields[i]);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void compare_rows(const AuditIndex& index, const std::vector<ExpectedRow>& expected,
                    bool absent) {
    for (const auto& want : expected) {
      const auto key = std::tuple{want.values.at("teacher_id"), want.values.at("rule_id"),
                                  want.values.at("period")};
      const std::string name = std::get<0>(key) + " " + std::get<1>(key) + " " + std::get<2>(key);
      // With a `policy` column, the row of that version; else the first with the key.
      const auto [first, last] = index.equal_range(key);
      const auto policy = want.values.find("policy");
      auto found = first;
      if (policy != want.values.end()) {
        found = std::find_if(first, last, [&](const auto& row) {
          return row.second.first->policy().id() == policy->second;
        });
        if (found == last) found = first;
      }
      if (absent) {
        if (found != last &&
            (policy == want.values.end() || found->second.first->policy().id() == policy->second))
          fail(want.line, "expected no row " + name + ", but the audit has one");
        continue;
      }
      if (found == last) {
        fail(want.line, "expected a row " + name + ", but the audit has none");
        continue;
      }
      const auto actual = row_values(*found->second.first, found->second.second);
      for (const auto& [column, value] : want.values) {
        const auto got = actual.find(column);
        if (got == actual.end()) continue;
        if (!same_value(column, value, got->second)) {
          fail(want.line, name + ": " + column + " expected " + value + ", got " + got->second);
        }
      }
    }
  }

  void compare_scores(const RubricResult& result, const std::vector<ExpectedRow>& expected) {
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (std::size_t i = 0; i < result.rows().size(); ++i) {
      const RubricRow& row = result.rows()[i];
      index.emplace(
          std::pair{result.subjects()[static_cast<std::size_t>(row.subject)], result.item_id(row)},
          i);
    }
    const Rubric& rubric = result.rubric();
    for (const auto& want : expected) {
      const auto key = std::pair{want.values.at("subject_id"), want.values.at("item_id")};
      const std::string name = key.first + " " + key.second;
      const auto found = index.find(key);
      if (found == index.end()) {
        fail(want.line, "expected a score row " + name + ", but the result has none");
        continue;
      }
      const RubricRow& row = result.rows()[found->second];
      const std::map<std::string, std::string> actual = {
          {"weight", format_hundredths(row.weight)},
          {"score", row.score == no_score ? "" : format_hundredths(row.score)},
          {"band", row.band < 0 ? "" : rubric.bands[static_cast<std::size_t>(row.band)].id},
          {"rank", row.rank == 0 ? "" : std::to_string(row.rank)},
          {"status", std::string(to_string(row.status))},
          {"awards", result.award_ids(row)},
          {"note", row.note}};
      for (const auto& [column, value] : want.values) {
        const auto got = actual.find(column);
        if (got == actual.end()) continue;
        const bool same = column == "note" ? got->second.find(value) != std::string::npos
                                           : same_value(column, value, got->second);
        if (!same) {
          fail(want.line, name + ": " + column + " expected " + (value.empty() ? "none" : value) +
                              ", got " + (got->second.empty() ? "none" : got->second));
        }
      }
    }
  }

  /// Compares `expected` rows with `actual` ones, both keyed by the table's key columns.
  void compare_table(const std::string& table, const TableColumns& columns,
                     const std::vector<ExpectedRow>& expected,
                     const std::vector<std::map<std::string, std::string>>& actual_rows) {
    for (const auto& want : expected) {
      std::string name;
      for (std::size_t k = 0; k < columns.key_count; ++k)
        name += (name.empty() ? "" : " ") + want.values.at(std::string(columns.names[k]));
      const auto found =
          std::find_if(actual_rows.begin(), actual_rows.end(), [&](const auto& actual) {
            for (std::size_t k = 0; k < columns.key_count; ++k) {
              const std::string key(columns.names[k]);
              if (actual.at(key) != want.values.at(key)) return false;
            }
            return true;
          });
      if (found == actual_rows.end()) {
        fail(want.line, table + ": expected a row " + name + ", but there is none");
        continue;
      }
      for (const auto& [column, value] : want.values) {
        const auto got = found->find(column);
        if (got == found->end()) continue;
        const bool same = column == "missing" || column == "text"
                              ? got->second.find(value) != std::string::npos
                              : same_value(column, value, got->second);
        if (!same) {
          fail(want.line, table + ": " + name + ": " + column + " expected " +
                              (value.empty() ? "none" : value) + ", got " +
                              (got->second.empty() ? "none" : got->second));
        }
      }
    }
  }

  /// "messages": each text must appear in one of the input's messages.
  void check_messages(TestReader& reader, const JsonValue& wanted_value,
                      const std::vector<std::string>& messages) {
    for (const auto& want : reader.array(wanted_value).value_or(std::vector<JsonValue>{})) {
      auto wanted_text = reader.string_value(want);
      if (!wanted_text) continue;
      const bool seen = std::any_of(messages.begin(), messages.end(), [&](const std::string& m) {
        return m.find(*wanted_text) != std::string::npos;
      });
      if (seen) continue;
      std::string got;
      for (const auto& m : messages)
        got += "\n      " + m;
      fail(want.line(),
           "expected a message containing " + in_quotes(*wanted_text) +
               (messages.empty() ? ", but there were none" : "; the messages were:" + got));
    }
  }

  /// `{"credited": 4, "invalid": 1}` against the record dispositions of an audit.
  void check_dispositions(TestReader& reader, const JsonValue& value,
                          const DispositionCounts& actual_counts) {
    const auto counts = reader.object(
        value, {"credited", "capped", "gated", "outside", "duplicate", "uncertified", "invalid"});
    if (!counts) return;
    for (const auto& [name, count] : counts->all()) {
      auto expected = reader.integer(count, 0, 1'000'000'000);
      if (!expected) continue;
      for (int d = 0; d < disposition_count; ++d) {
        if (to_string(static_cast<Disposition>(d)) != name) continue;
        const auto actual = actual_counts.counts[static_cast<std::size_t>(d)];
        if (actual != *expected) {
          fail(count.line(), "dispositions: " + name + " expected " + std::to_string(*expected) +
                                 ", got " + std::to_string(actual) + " (" +
                                 summary_line(actual_counts) + ")");
        }
      }
    }
  }

  /// `{"used": 22, "invalid": 1}` against the counts of one input (`what`: "scores").
  void check_score_dispositions(TestReader& reader, const JsonValue& value, std::string_view what,
                                const ScoreDispositionCounts& counts) {
    const auto expected = reader.object(value, {"used", "unused", "duplicate", "invalid"});
    if (!expected) return;
    for (const auto& [name, count] : expected->all()) {
      const auto wanted = reader.integer(count, 0, 1'000'000'000);
      if (!wanted) continue;
      for (int d = 0; d < score_disposition_count; ++d) {
        if (to_string(static_cast<ScoreDisposition>(d)) != name) continue;
        const auto actual = counts.counts[static_cast<std::size_t>(d)];
        if (actual != *wanted) {
          fail(count.line(), std::string(what) + " dispositions: " + name + " expected " +
                                 std::to_string(*wanted) + ", got " + std::to_string(actual) +
                                 " (" + summary_line(what, counts) + ")");
        }
      }
    }
  }

  /// The rows a group case computed against the whole table it expects: each expected row
  /// once, no other row (compared on the columns the table names, in any order).
  void compare_table(const std::string& table, int table_line,
                     const std::vector<std::map<std::string, std::string>>& actual,
                     const std::vector<ExpectedRow>& expected) {
    if (expected.empty() && !actual.empty()) {
      fail(table_line, table + ": expected no rows, got " + std::to_string(actual.size()));
      return;
    }
    std::vector<std::string> columns;
    if (!expected.empty()) {
      for (const auto& [column, value] : expected.front().values)
        columns.push_back(column);
    }
    auto project = [&](const std::map<std::string, std::string>& values) {
      std::string row;
      for (const auto& column : columns)
        row += (row.empty() ? "" : ",") + values.at(column);
      return row;
    };
    std::multiset<std::string> left;
    for (const auto& row : actual)
      left.insert(project(row));
    for (const auto& want : expected) {
      const auto found = left.find(project(want.values));
      if (found == left.end()) {
        fail(want.line, table + ": expected a row " + project(want.values) + ", but there is none");
      } else {
        left.erase(found);
      }
    }
    for (const auto& extra : left)
      fail(table_line, table + ": unexpected row " + extra);
  }

 private:
  // Amounts compare as amounts ("30" equals "30.00"); everything else as text.
  static bool same_value(const std::string& column, const std::string& expected,
                         const std::string& actual) {
    if (column == "required" || column == "credited" || column == "shortfall" ||
        column == "weight" || column == "score" || column == "have" || column == "need") {
      const auto a = parse_hours(expected), b = parse_hours(actual);
      if (a && b) return *a == *b;
    }
    return expected == actual;
  }

  const std::string& file_;
  CaseResult& result_;
};

/// A case with "groups": "assign" or "audit": the case's (or the file's) teachers and current
/// assignment, assigned or audited, and compared with the tables the case expects.
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
  if (auto value = members.get("messages")) {
    runner.check_messages(reader, *value, messages);
  } else if (!result) {
    runner.fail(entry.line(),
                "the input could not be read: " + (messages.empty() ? "" : messages.front()));
  }
  if (!result) return;

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
  if (auto value = members.get("messages")) {
    runner.check_messages(reader, *value, messages);
  } else if (!audit) {
    runner.fail(entry.line(),
                "the input could not be read: " + (messages.empty() ? "" : messages.front()));
  }
  if (!audit) return;
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

}  // namespace

bool TestFileResult::passed() const {
  return std::all_of(cases.begin(), cases.end(), [](const CaseResult& c) { return c.passed(); });
}

TestFileResult run_test_file(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string text = read_text(path);
  Diagnostics diagnostics;
  detail::JsonDocument document(text);
  for (const auto& problem : document.problems()) {
    diagnostics.error(file, problem.line, problem.path, problem.message);
  }
  if (!document.ok()) throw PolicyError(diagnostics.items());

  TestReader reader(path, diagnostics);
  const JsonValue root = document.root();
  const auto top = reader.object(root, {"format", "policy", "description", "teachers", "records",
                                        "scores", "metrics", "cases"});
  if (!top) throw PolicyError(diagnostics.items());
  if (auto format = reader.required_string(*top, root, "format");
      format && *format != test_format) {
    reader.error(*top->get("format"), "unsupported format " + in_quotes(*format) + "; expected " +
                                          in_quotes(test_format));
  }
  const auto policy_path = reader.required_string(*top, root, "policy");
  std::optional<CsvSource> shared_teachers, shared_records;
  if (auto value = top->get("teachers")) shared_teachers = reader.csv(*value, "teachers.csv");
  if (auto value = top->get("records")) shared_records = reader.csv(*value, "records.csv");
  std::optional<CsvSource> shared_scores, shared_metrics;
  if (auto value = top->get("scores")) shared_scores = reader.csv(*value, "scores.csv");
  if (auto value = top->get("metrics")) shared_metrics = reader.csv(*value, "metrics.csv");
  const auto cases_value = reader.required(*top, root, "cases");
  const auto cases = cases_value ? reader.array(*cases_value) : std::nullopt;
  if (diagnostics.has_errors()) throw PolicyError(diagnostics.items());

  TestFileResult result;
  result.file = file;
  result.policy_file = (reader.directory() / *policy_path).lexically_normal().string();
  // A test of a policy set judges its cases under the set; its first version stands for the
  // policy where a case has nothing to do with the audit (and is refused).
  std::optional<PolicySet> set;
  if (is_policy_set_file(result.policy_file)) set = load_policy_set(result.policy_file);
  const Policy policy = set ? set->versions().front().policy : load_policy(result.policy_file);
  // What the cases' expected rows name, for the coverage.
  std::set<std::string> named_rules, named_rubrics;

  for (const auto& entry : *cases) {
    const auto members = reader.object(entry, {"name",
                                               "description",
                                               "messages",
                                               "as_of",
                                               "basis",
                                               "teachers",
                                               "records",
                                               "expect",
                                               "expect_absent",
                                               "dispositions",
                                               "explain",
                                               "rubric",
                                               "scores",
                                               "metrics",
                                               "expect_scores",
                                               "score_dispositions",
                                               "metric_dispositions",
                                               "expect_tiers",
                                               "expect_criteria",
                                               "expect_tier_counts",
                                               "expect_targets",
                                               "explain_tiers",
                                               "groups",
                                               "assignment",
                                               "expect_assignment",
                                               "expect_unplaced",
                                               "expect_shortfalls",
                                               "expect_findings"});
    if (!members) continue;
    CaseResult& outcome = result.cases.emplace_back();
    outcome.line = entry.line();
    outcome.name = reader.required_string(*members, entry, "name").value_or("(unnamed)");
    CaseRunner runner(file, outcome);

    // A case is about the audit or, when it names a rubric, about that rubric's scores; under a
    // policy set, about the set's audit (run_set_case refuses the other keys).
    const bool rubric_case = !set && members->get("rubric").has_value();
    for (auto key : set           ? std::vector<std::string_view>()
                    : rubric_case ? audit_case_keys
                                  : rubric_case_keys) {
      if (auto misplaced = members->get(key)) {
        reader.error(*misplaced, rubric_case ? "a rubric case has no " + in_quotes(key)
                                             : in_quotes(key) +
                                                   " belongs to a rubric case, "
                                                   "which names its \"rubric\"");
      }
    }
    if (rubric_case) {
      if (auto rubric_id = reader.string_value(*members->get("rubric")))
        named_rubrics.insert(*rubric_id);
      run_rubric_case(reader, runner, policy, *members, entry, shared_scores, shared_metrics);
      continue;
    }
    // A case about groups names "groups"; it reads teachers and an assignment only.
    const bool group_case = !set && members->get("groups").has_value();
    for (auto key : group_case_keys) {
      if (auto misplaced = members->get(key); misplaced && !group_case && !set)
        reader.error(*misplaced, in_quotes(key) +
                                     " belongs to a groups case, which names "
                                     "\"groups\": \"assign\" or \"audit\"");
    }
    if (group_case) {
      run_group_case(reader, runner, policy, *members, entry, shared_teachers);
      continue;
    }

    const AuditOptions options = case_options(reader, *members);
    std::optional<CsvSource> teachers = shared_teachers, records = shared_records;
    if (auto value = members->get("teachers")) teachers = reader.csv(*value, "teachers.csv");
    if (auto value = members->get("records")) records = reader.csv(*value, "records.csv");
    if (!teachers || !records) {
      reader.error(entry, "a case needs teachers and records (its own or the file's)");
      continue;
    }
    if (set) {
      run_set_case(reader, runner, *set, *members, entry, *teachers, *records, options,
                   named_rules);
      continue;
    }

    // Messages the ledger or the CSV reader gave, for "messages".
    std::vector<std::string> messages;
    std::optional<Audit> audit;
    try {
      LedgerBuilder builder(policy);
      builder.read_teachers_text(teachers->text, teachers->name);
      builder.read_records_text(records->text, records->name);
      const Ledger ledger = builder.build();
      for (const auto& d : ledger.diagnostics().items())
        messages.push_back(to_string(d));
      audit = evaluate(policy, ledger, options);
    } catch (const InputError& error) {
      for (const auto& d : error.diagnostics())
        messages.push_back(to_string(d));
    }

    if (auto value = members->get("messages")) {
      runner.check_messages(reader, *value, messages);
    } else if (!audit) {
      runner.fail(entry.line(),
                  "the input could not be read: " + (messages.empty() ? "" : messages.front()));
    }
    if (!audit) continue;

    for (const char* key : {"expect", "expect_absent"}) {
      if (auto value = members->get(key)) {
        if (auto table = reader.csv(*value, key)) {
          const auto rows = runner.expected_rows(*table, value->line(), key, audit_columns);
          for (const auto& row : rows)
            named_rules.insert(row.values.at("rule_id"));
          AuditIndex index;
          for (std::size_t i = 0; i < audit->size(); ++i)
            index_row(index, *audit, i);
          runner.compare_rows(index, rows, std::string_view(key) == "expect_absent");
        }
      }
    }
    check_tiers(reader, runner, *members, *audit);
    // "explain": {"T1": ["words the explanation must contain", ...]}
    if (auto value = members->get("explain"); value && reader.expect(*value, JsonKind::object)) {
      for (const auto& [teacher_id, wanted] : value->members()) {
        const auto teacher = audit->ledger().find_teacher(teacher_id);
        if (!teacher) {
          runner.fail(wanted.line(), "explain: no teacher " + in_quotes(teacher_id));
          continue;
        }
        const std::string explanation =
            explain(policy, audit->ledger(), *teacher, options).to_text();
        for (const auto& words : reader.array(wanted).value_or(std::vector<JsonValue>{})) {
          const auto expected = reader.string_value(words);
          if (expected && explanation.find(*expected) == std::string::npos) {
            runner.fail(words.line(), "explain " + teacher_id + ": expected " +
                                          in_quotes(*expected) + " in:\n" + explanation);
          }
        }
      }
    }
    if (auto value = members->get("dispositions"))
      runner.check_dispositions(reader, *value, audit->disposition_counts());
  }
  // A set's rules are named "VERSION/RULE" in named_rules and listed as "RULE (version VERSION)".
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
  }
  for (const Rubric& rubric : policy.rubrics()) {
    if (!named_rubrics.count(rubric.id)) result.uncovered_rubrics.push_back(rubric.id);
  }
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
