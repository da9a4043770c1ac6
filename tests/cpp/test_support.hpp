#pragma once

#include <string>
#include <string_view>

#include <yanxiu/yanxiu.hpp>

namespace yanxiu::testing {

inline std::string source_path(std::string_view relative) {
  return std::string(YANXIU_SOURCE_DIR) + "/" + std::string(relative);
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
