#pragma once

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <string_view>

#include <yanxiu/yanxiu.hpp>

namespace yanxiu::testing {

inline std::string source_path(std::string_view relative) {
  return std::string(YANXIU_SOURCE_DIR) + "/" + std::string(relative);
}

/// The text of a file of the source tree.
inline std::string read_source(std::string_view relative) {
  std::ifstream file(source_path(relative), std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

/// `text` with the first `from` replaced by `to`; a failure when `text` has no `from`, so that
/// a test never goes on with the text it meant to change unchanged.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

/// Parses `json` expecting a PolicyError whose first diagnostic is at `line` and `path` and
/// says `words`.
inline void expect_first_load_error(const std::string& json, int line, const std::string& path,
                                    const std::string& words) {
  try {
    parse_policy(json, "policy.json");
    ADD_FAILURE() << "no error; expected " << words;
  } catch (const PolicyError& error) {
    EXPECT_EQ(error.file(), "policy.json");
    EXPECT_EQ(error.line(), line) << error.what();
    EXPECT_EQ(error.path(), path) << error.what();
    EXPECT_NE(error.message().find(words), std::string::npos) << error.what();
  }
}

/// Parses `json` expecting a PolicyError with some diagnostic at `line` and `path` saying
/// `words`.
inline void expect_load_error(const std::string& json, int line, const std::string& path,
                              const std::string& words) {
  try {
    parse_policy(json, "policy.json");
    ADD_FAILURE() << "no error; expected " << words;
  } catch (const PolicyError& error) {
    bool found = false;
    for (const auto& d : error.diagnostics()) {
      if (d.line == line && d.path == path && d.message.find(words) != std::string::npos)
        found = true;
    }
    EXPECT_TRUE(found) << "expected " << line << " " << path << ": " << words << "\n"
                       << error.what();
  }
}

inline Policy dali_policy() {
  return load_policy(source_path("examples/policies/dali-2017.json"));
}

inline Ledger make_ledger(const Policy& policy, std::string_view teachers,
                          std::string_view records) {
  LedgerBuilder builder(policy);
  builder.read_teachers_text(teachers, "teachers.csv");
  builder.read_records_text(records, "records.csv");
  return builder.build();
}

/// The audit row of one teacher, rule id ("rule" or "rule/part") and period label.
inline std::optional<AuditRow> find_row(const Audit& audit, std::string_view teacher,
                                        std::string_view rule, std::string_view period) {
  for (std::size_t i = 0; i < audit.size(); ++i) {
    const AuditRow row = audit.row(i);
    if (audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)] == teacher &&
        audit.rule_id(row) == rule && audit.period(row).label == period) {
      return row;
    }
  }
  return std::nullopt;
}

inline Hours h(std::int64_t hundredths) {
  return Hours::from_hundredths(hundredths);
}

}  // namespace yanxiu::testing
