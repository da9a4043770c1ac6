#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <yanxiu/ledger.hpp>

namespace yanxiu::detail {

struct LedgerData {
  explicit LedgerData(Policy p) : policy(std::move(p)) {}

  Policy policy;
  TeacherColumns teachers;
  RecordColumns records;
  std::vector<RecordIndex> record_begin;  ///< teacher count + 1 offsets
  std::unordered_map<std::string, TeacherIndex> teacher_by_id;
  std::vector<std::string> files;
  Diagnostics diagnostics;
  DispositionCounts intake;
  std::int64_t invalid_teacher_rows = 0;
};

}  // namespace yanxiu::detail

namespace yanxiu {

/// What the builder knows beside the columns it fills.
struct LedgerBuilder::Index {
  std::vector<std::string_view> category_ids;  ///< for "did you mean" on unknown categories
  bool attributes_fixed = false;
  // Interned columns' values to their ids.
  std::unordered_map<std::string, std::int32_t> activities, outcomes, levels, assessments;
};

}  // namespace yanxiu
