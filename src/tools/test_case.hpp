#pragma once

// The pieces of a policy test (yanxiu-test/1) that its kinds of case share: the test file's
// reader, the expected tables, the runner that compares and records failures, and one function
// per kind of case (groups, rubrics, tiers, policy sets). run_test_file (scenario.cpp) reads
// the file and hands each case to them.

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

#include <yanxiu/audit.hpp>
#include <yanxiu/decisions.hpp>
#include <yanxiu/explain.hpp>
#include <yanxiu/gap_plan.hpp>
#include <yanxiu/groups.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/rubrics.hpp>
#include <yanxiu/scenario.hpp>
#include <yanxiu/set_audit.hpp>
#include <yanxiu/tiers.hpp>

#include "policy/json_reader.hpp"
#include "util/csv.hpp"

namespace yanxiu::detail {

/// The columns an expected table may give; the first `key_count` name the row.
struct TableColumns {
  std::vector<std::string_view> names;
  std::size_t key_count;
};

inline const TableColumns audit_columns = {
    {"teacher_id", "rule_id", "period", "period_start", "period_end", "required", "credited",
     "shortfall", "status", "hours", "policy"},
    3};
inline const TableColumns decision_columns = {
    {"teacher_id", "decision", "status", "verdicts", "blocking", "detail"}, 2};
inline const TableColumns subject_columns = {
    {"subject_kind", "subject_id", "rule_id", "period", "period_start", "period_end", "required",
     "credited", "shortfall", "status"},
    4};
inline const TableColumns score_columns = {
    {"subject_id", "item_id", "weight", "score", "band", "rank", "status", "awards", "note"}, 2};

inline const TableColumns tier_columns = {
    {"teacher_id", "ladder", "tier", "since", "next", "status", "result_tier", "veto", "missing"},
    2};
inline const TableColumns criterion_columns = {
    {"teacher_id", "ladder", "use", "criterion", "have", "need", "met", "text"}, 4};
inline const TableColumns tier_count_columns = {
    {"ladder", "tier", "school", "teachers", "eligible"}, 3};
inline const TableColumns target_columns = {{"ladder", "target", "current", "projected", "gap"}, 1};
inline const std::vector<std::string_view> tier_case_keys = {
    "expect_tiers", "expect_criteria", "expect_tier_counts", "expect_targets", "explain_tiers"};

// Keys of a case about the audit (and the tiers), and of a case about a rubric.
inline const std::vector<std::string_view> audit_case_keys = {"as_of",
                                                              "basis",
                                                              "teachers",
                                                              "records",
                                                              "expect",
                                                              "expect_absent",
                                                              "dispositions",
                                                              "explain",
                                                              "expect_tiers",
                                                              "expect_criteria",
                                                              "expect_tier_counts",
                                                              "expect_targets",
                                                              "explain_tiers",
                                                              "expect_decisions",
                                                              "plan",
                                                              "group_records",
                                                              "schools",
                                                              "expect_subjects",
                                                              "explain_subjects",
                                                              "subject_messages"};
inline const std::vector<std::string_view> rubric_case_keys = {
    "rubric", "scores", "metrics", "expect_scores", "score_dispositions", "metric_dispositions"};

// A case about groups (groups.hpp): its keys, and the columns of the tables it compares.
inline const std::vector<std::string_view> group_case_keys = {
    "groups",          "assignment",        "expect_assignment",
    "expect_unplaced", "expect_shortfalls", "expect_findings"};

// Every key a case may have; its kind limits them.
inline const std::vector<std::string_view> case_keys = [] {
  std::vector<std::string_view> keys = {"name", "description", "messages"};
  for (const auto* kind : {&audit_case_keys, &rubric_case_keys, &group_case_keys})
    keys.insert(keys.end(), kind->begin(), kind->end());
  return keys;
}();
inline const TableColumns assignment_columns = {{"teacher_id", "group_kind", "group_id"}, 1};
inline const TableColumns unplaced_columns = {{"teacher_id", "group_kind", "reason", "note"}, 1};
inline const TableColumns shortfall_columns = {
    {"group_kind", "pool", "teachers", "placed", "missing_seats", "groups_needed"}, 1};
inline const TableColumns finding_columns = {
    {"finding", "group_kind", "group_id", "teacher_id", "detail"}, 1};

/// CSV given inline as an array of lines, or as the path of a file beside the test.
struct CsvSource {
  std::string name;  ///< "records.csv" inline, else the path
  std::string text;
  std::vector<int> lines;  ///< test-file line of each inline CSV line
};

/// The whole file, or InputError.
std::string read_text(const std::filesystem::path& path);

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

void index_row(AuditIndex& index, const Audit& audit, std::size_t i);

/// The values an expected row may name of an audit row; only made for the rows compared.
std::map<std::string, std::string> row_values(const Audit& audit, std::size_t i);

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
  /// The case's "messages" against what reading its input said; without "messages", an input
  /// that could not be read fails the case. Whether there is a result to compare.
  bool check_input(TestReader& reader, const Members& members, const JsonValue& entry,
                   const std::vector<std::string>& messages, bool read) {
    if (auto value = members.get("messages")) {
      check_messages(reader, *value, messages);
    } else if (!read) {
      fail(entry.line(),
           "the input could not be read: " + (messages.empty() ? "" : messages.front()));
    }
    return read;
  }

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
        column == "hours" || column == "weight" || column == "score" || column == "have" ||
        column == "need") {
      const auto a = parse_hours(expected), b = parse_hours(actual);
      if (a && b) return *a == *b;
    }
    return expected == actual;
  }

  const std::string& file_;
  CaseResult& result_;
};

/// A case with "groups": "assign" or "audit": the case's (or the file's) teachers and current

void run_group_case(TestReader& reader, CaseRunner& runner, const Policy& policy,
                    const detail::Members& members, const JsonValue& entry,
                    const std::optional<CsvSource>& shared_teachers);

/// A case with "rubric": the scores and metrics given (its own or the file's), scored, and
/// compared with the rows, dispositions and messages the case expects.
void run_rubric_case(TestReader& reader, CaseRunner& runner, const Policy& policy,
                     const detail::Members& members, const JsonValue& entry,
                     const std::optional<CsvSource>& shared_scores,
                     const std::optional<CsvSource>& shared_metrics);

/// The tier keys of a case: the teachers' standings, criteria, county counts and targets.
void check_tiers(TestReader& reader, CaseRunner& runner, const detail::Members& members,
                 const Audit& audit);

/// The subject keys of a case (subject_cases.cpp): the groups' records and schools.csv judged
/// under the policy's group and school rules, against `expect_subjects` (and the messages of
/// `subject_messages`) and the words `explain_subjects` wants of a group's or school's
/// explanation ({"group:ID": [...], "school:ID": [...]}). `named` gathers the rules named.
void check_subjects(TestReader& reader, CaseRunner& runner, const Policy& policy,
                    const detail::Members& members, const Audit& audit, const AuditOptions& options,
                    std::set<std::string>& named);

AuditOptions case_options(TestReader& reader, const detail::Members& members);

/// A case of a test whose policy is a policy set: the set's audit of the case's teachers and
/// records against the rows (`policy` naming the version that judged one), dispositions and
/// messages it expects. `named` gathers "VERSION/RULE" for the coverage.
void run_set_case(TestReader& reader, CaseRunner& runner, const PolicySet& set,
                  const detail::Members& members, const JsonValue& entry, const CsvSource& teachers,
                  const CsvSource& records, const AuditOptions& options,
                  std::set<std::string>& named);

}  // namespace yanxiu::detail
