// LedgerBuilder's appends: sources, attribute names, and teacher and record rows (one at a
// time or from the C ABI's arrays), each checked into the current batch.

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "policy/json_reader.hpp"
#include "util/make.hpp"
#include "util/text_index.hpp"
#include "util/utf8.hpp"

namespace yanxiu {

using detail::in_quotes;

// --- LedgerBuilder ------------------------------------------------------------------------

LedgerBuilder::LedgerBuilder(Policy policy, const InputLimits& limits)
    : data_(std::make_unique<detail::LedgerData>(std::move(policy))),
      index_(std::make_unique<Index>()) {
  data_->limits = limits;
  data_->diagnostics.keep_at_most(limits.kept_diagnostics);
  for (const auto& category : data_->policy.categories())
    index_->category_ids.push_back(category.id);
}

LedgerBuilder::~LedgerBuilder() = default;
LedgerBuilder::LedgerBuilder(LedgerBuilder&&) noexcept = default;
LedgerBuilder& LedgerBuilder::operator=(LedgerBuilder&&) noexcept = default;

void LedgerBuilder::set_progress(Progress progress) {
  index_->progress = std::move(progress);
}

const Diagnostics& LedgerBuilder::diagnostics() const {
  return data_->diagnostics;
}

int LedgerBuilder::add_source(std::string_view name) {
  if (data_->files.size() >= UINT16_MAX) throw std::length_error("too many input files");
  data_->files.emplace_back(name);
  return static_cast<int>(data_->files.size() - 1);
}

void LedgerBuilder::set_attribute_names(std::vector<std::string> names) {
  if (index_->attributes_fixed || data_->teachers.size() != 0) {
    throw std::logic_error("teacher attributes are declared once, before the first teacher");
  }
  data_->teachers.attributes.resize(names.size());
  data_->teachers.attribute_names = std::move(names);
  index_->attributes_fixed = true;
}

void LedgerBuilder::reject_teacher(RowOrigin origin, std::string field, std::string message) {
  detail::reject_teacher(*data_, origin, std::move(field), std::move(message));
}

bool LedgerBuilder::add_teacher(const TeacherRow& row, RowOrigin origin) {
  auto& data = *data_;
  index_->attributes_fixed = true;
  if (auto problem = detail::check_teacher(data, row)) {
    reject_teacher(origin, std::move(problem->first), std::move(problem->second));
    if (!row.id.empty()) data.rejected_teachers.try_emplace(std::string(row.id), origin);
    return false;
  }
  const auto index = static_cast<TeacherIndex>(data.teachers.size());
  const auto [found, inserted] = data.teacher_by_id.try_emplace(std::string(row.id), index);
  if (!inserted) {
    reject_teacher(origin, "id",
                   "duplicate teacher id " + in_quotes(row.id) + ", first on line " +
                       std::to_string(data.teachers.line[static_cast<std::size_t>(found->second)]));
    return false;
  }
  detail::push_teacher(data, row, origin);
  // The other way round from unknown_teacher's hint: the teachers file holds the lookalike, the
  // records the plain id. Said once, at the teacher's row.
  std::string plain(row.id);
  std::erase_if(plain, [](char c) { return c == ' ' || c == '\t'; });
  if (std::string folded = detail::fold_lookalikes(row.id); folded != plain) {
    data.diagnostics.warning(data.files[origin.file], origin.line, "id",
                             "teacher id " + in_quotes(row.id) +
                                 " holds invisible spaces or full-width characters: records "
                                 "that write it " +
                                 in_quotes(folded) + " name no teacher; retype it");
  }
  return true;
}

void LedgerBuilder::reject_record(RowOrigin origin, std::string field, std::string message) {
  detail::reject_record(*data_, index_->current_batch(), origin, std::move(field),
                        std::move(message));
}

bool LedgerBuilder::add_record(const RecordRow& row, RowOrigin origin) {
  return detail::append_record(*data_, index_->category_ids, index_->current_batch(), row, origin);
}

std::size_t LedgerBuilder::add_records(const RecordArrays& records, RowOrigin first) {
  RecordRow row;
  std::vector<SplitPortion> portions;
  std::size_t taken = 0;
  for (std::size_t i = 0; i < records.count; ++i) {
    const RowOrigin origin{first.file, first.line + static_cast<int>(i)};
    if (auto problem = detail::array_row(records, i, index_->category_ids.size(), row, portions)) {
      reject_record(origin, std::move(problem->column), std::move(problem->message));
    } else if (add_record(row, origin)) {
      ++taken;
    }
  }
  return taken;
}

RecordArrays RecordArrays::rows(std::size_t begin, std::size_t end) const {
  auto from = [&](auto* column) { return column ? column + begin : column; };
  RecordArrays part = *this;
  part.count = end - begin;
  part.id = from(id);
  part.teacher_id = from(teacher_id);
  part.start_day = from(start_day);
  part.end_day = from(end_day);
  part.recorded_day = from(recorded_day);
  part.hours = from(hours);
  part.category = from(category);
  part.category_id = from(category_id);
  part.status = from(status);
  part.activity = from(activity);
  part.outcome = from(outcome);
  part.outcome_count = from(outcome_count);
  part.certificate = from(certificate);
  part.level = from(level);
  part.attended = from(attended);
  part.assessment = from(assessment);
  part.counts_as = from(counts_as);
  part.exempted = from(exempted);
  part.split = from(split);
  return part;
}
}  // namespace yanxiu
