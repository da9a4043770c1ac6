// The ledger's columns (strings, interned names, teachers' attributes) and the read-only
// Ledger: what hosts and the engine read of a built ledger.

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "util/make.hpp"
#include "util/text_index.hpp"
#include "util/utf8.hpp"

namespace yanxiu {

namespace {

constexpr std::string_view disposition_names[] = {"credited",  "capped",      "gated",  "outside",
                                                  "duplicate", "uncertified", "invalid"};

}  // namespace

std::string_view to_string(Disposition disposition) {
  return disposition_names[static_cast<int>(disposition)];
}

std::string summary_line(const DispositionCounts& counts) {
  return summary_line("records", counts);
}

void StringColumn::reserve(std::size_t rows, std::size_t chars) {
  ends_.reserve(rows);
  chars_.reserve(chars);
}

void StringColumn::grow(std::size_t more) {
  // Doubling, but not past the capacity reserved when that is enough: a reserved column is
  // never moved.
  const std::size_t needed = chars_used() + more;
  std::size_t size = std::max<std::size_t>({64, 2 * chars_.size(), needed});
  if (needed <= chars_.capacity()) size = std::min(size, chars_.capacity());
  chars_.resize(size);
}

void StringColumn::append(const StringColumn& other, std::size_t begin, std::size_t end) {
  if (begin == end) return;
  const std::uint64_t first = begin == 0 ? 0 : other.ends_[begin - 1];
  const std::uint64_t more = other.ends_[end - 1] - first;
  const std::uint64_t base = chars_used();
  if (more > chars_.size() - base) grow(more);
  if (more > 0) std::memcpy(chars_.data() + base, other.chars_.data() + first, more);
  // One resize and a loop the compiler vectorises: a push per row cost more than the copy.
  const std::size_t at = ends_.size();
  ends_.resize(at + (end - begin));
  const std::uint64_t* const from = other.ends_.data() + begin;
  std::uint64_t* const to = ends_.data() + at;
  const std::uint64_t shift = base - first;  // modulo 2^64, so a negative shift works too
  for (std::size_t r = 0; r < end - begin; ++r)
    to[r] = from[r] + shift;
}

void StringColumn::append(std::span<const std::string_view> values) {
  std::uint64_t used = chars_used();
  std::size_t more = 0;
  for (const std::string_view value : values)
    more += value.size();
  if (more > chars_.size() - used) grow(more);
  const std::size_t first = ends_.size();
  ends_.resize(first + values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i].empty()) std::memcpy(chars_.data() + used, values[i].data(), values[i].size());
    used += values[i].size();
    ends_[first + i] = used;
  }
}

StringColumn StringColumn::permuted(std::span<const std::int32_t> order) const {
  StringColumn out;
  out.reserve(order.size(), chars_used());
  for (auto old : order)
    out.push_back((*this)[static_cast<std::size_t>(old)]);
  return out;
}

std::int32_t InternedColumn::find(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<std::int32_t>(i);
  }
  return -1;
}

const StringColumn* TeacherColumns::attribute(std::string_view name) const {
  for (std::size_t i = 0; i < attribute_names.size(); ++i) {
    if (attribute_names[i] == name) return &attributes[i];
  }
  return nullptr;
}

// --- Ledger -------------------------------------------------------------------------------

const Policy& Ledger::policy() const {
  return data_->policy;
}
const TeacherColumns& Ledger::teachers() const {
  return data_->teachers;
}
const RecordColumns& Ledger::records() const {
  return data_->records;
}
RecordIndex Ledger::record_begin(TeacherIndex teacher) const {
  return data_->record_begin[static_cast<std::size_t>(teacher)];
}
const std::vector<std::string>& Ledger::files() const {
  return data_->files;
}
const Diagnostics& Ledger::diagnostics() const {
  return data_->diagnostics;
}
const DispositionCounts& Ledger::intake_counts() const {
  return data_->intake;
}
std::int64_t Ledger::invalid_teacher_rows() const {
  return data_->invalid_teacher_rows;
}

std::optional<TeacherIndex> Ledger::find_teacher(std::string_view id) const {
  const auto found = data_->teacher_by_id.find(id);
  if (found == data_->teacher_by_id.end()) return std::nullopt;
  return found->second;
}
}  // namespace yanxiu
