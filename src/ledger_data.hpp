#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <yanxiu/ledger.hpp>

namespace yanxiu::detail {

/// Hashes views and strings alike, so maps keyed by std::string are searched without making one.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
template <typename Value>
using NameMap = std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>>;

/// Records read in one piece - the rows added one by one, or one stretch of a CSV file read by
/// one thread - with the names it interned, its messages and its rejected rows. The batches are
/// merged in order when the ledger is built, so the result does not depend on how the input was
/// split.
struct RecordBatch {
  RecordColumns records;
  NameMap<std::int32_t> activities, outcomes, levels, assessments;
  Diagnostics diagnostics;
  std::int64_t invalid = 0;
  // Exports list a teacher's records together: the last teacher found is looked up first.
  std::string last_teacher_id;
  TeacherIndex last_teacher = -1;
};

struct LedgerData {
  explicit LedgerData(Policy p) : policy(std::move(p)) {}

  Policy policy;
  InputLimits limits;
  TeacherColumns teachers;
  RecordColumns records;
  std::vector<RecordIndex> record_begin;  ///< teacher count + 1 offsets
  NameMap<TeacherIndex> teacher_by_id;
  std::vector<std::string> files;
  Diagnostics diagnostics;
  DispositionCounts intake;
  std::int64_t invalid_teacher_rows = 0;
};

/// Room for `rows` more records in every column, so appending does not regrow them.
void reserve(RecordColumns& records, std::size_t rows);

/// Checks a record and appends it to `batch`, or counts it rejected with a diagnostic there.
/// Reads `data` only, so threads may append to their own batches at once.
bool append_record(const LedgerData& data, const std::vector<std::string_view>& category_ids,
                   RecordBatch& batch, const RecordRow& row, RowOrigin origin);
void reject_record(const LedgerData& data, RecordBatch& batch, RowOrigin origin, std::string field,
                   std::string message);

}  // namespace yanxiu::detail

namespace yanxiu {

/// What the builder knows beside the columns it fills.
struct LedgerBuilder::Index {
  std::vector<std::string_view> category_ids;  ///< for "did you mean" on unknown categories
  bool attributes_fixed = false;
  std::vector<detail::RecordBatch> batches;  ///< in input order
  detail::RecordBatch& current_batch() {
    if (batches.empty()) batches.emplace_back();
    return batches.back();
  }
};

}  // namespace yanxiu
