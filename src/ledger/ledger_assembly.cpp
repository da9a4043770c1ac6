// Assembling a ledger from record batches: LedgerBuilder::build() (merge, duplicates, grouping
// by teacher), and the ledgers derived from another (replace_records, teacher_with_records).

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "policy/json_reader.hpp"
#include "util/make.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"
#include "util/text_index.hpp"
#include "util/utf8.hpp"

namespace yanxiu {

using detail::in_quotes;

namespace {

template <typename T>
void permute(std::vector<T>& column, const std::vector<std::int32_t>& order) {
  std::vector<T> sorted;
  sorted.reserve(column.size());
  for (auto old : order)
    sorted.push_back(column[static_cast<std::size_t>(old)]);
  column = std::move(sorted);
}

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// The names of an interned column, to their ids.
detail::NameMap<std::int32_t> names_of(const InternedColumn& column) {
  detail::NameMap<std::int32_t> names;
  for (std::size_t i = 0; i < column.names.size(); ++i)
    names.emplace(column.names[i], static_cast<std::int32_t>(i));
  return names;
}

// An interned id of `from`, renumbered into `to`'s names (which gain it if new).
std::int32_t renumber(const InternedColumn& from, std::int32_t id, InternedColumn& to,
                      detail::NameMap<std::int32_t>& names) {
  if (id < 0) return -1;
  const std::string& name = from.names[static_cast<std::size_t>(id)];
  auto found = names.find(name);
  if (found == names.end()) {
    found = names.emplace(name, static_cast<std::int32_t>(to.names.size())).first;
    to.names.push_back(name);
  }
  return found->second;
}

// The merged names of the four interned columns.
struct MergedNames {
  detail::NameMap<std::int32_t> activities, outcomes, levels, assessments;
  explicit MergedNames(const RecordColumns& to)
      : activities(names_of(to.activity)),
        outcomes(names_of(to.outcome)),
        levels(names_of(to.level)),
        assessments(names_of(to.assessment)) {}
};

// Rows [begin, end) of an interned column appended to `into`, renumbered into its names
// (`merged`: into's names to their ids). Each name of `column` is looked up once, the first time
// a row has it; when `into`'s names begin with `column`'s (a ledger rebuilt from an older one),
// the ids stay as they are.
void append_interned(const InternedColumn& column, InternedColumn& into,
                     detail::NameMap<std::int32_t>& merged, std::size_t begin, std::size_t end) {
  if (into.names.size() >= column.names.size() &&
      std::equal(column.names.begin(), column.names.end(), into.names.begin())) {
    into.ids.insert(into.ids.end(), column.ids.begin() + static_cast<std::ptrdiff_t>(begin),
                    column.ids.begin() + static_cast<std::ptrdiff_t>(end));
    return;
  }
  constexpr std::int32_t unseen = -2;
  std::vector<std::int32_t> renumbered(column.names.size(), unseen);
  into.ids.reserve(into.ids.size() + (end - begin));
  for (std::size_t r = begin; r < end; ++r) {
    const std::int32_t id = column.ids[r];
    if (id < 0) {
      into.ids.push_back(-1);
      continue;
    }
    std::int32_t& to_id = renumbered[static_cast<std::size_t>(id)];
    if (to_id == unseen) to_id = renumber(column, id, into, merged);
    into.ids.push_back(to_id);
  }
}

// The split portions of rows [begin, end) of `from`, and where each row's begin, appended.
void append_splits(RecordColumns& to, const RecordColumns& from, std::size_t begin,
                   std::size_t end) {
  to.split_first.reserve(to.split_first.size() + (end - begin));
  for (std::size_t r = begin; r < end; ++r) {
    std::int32_t first_portion = -1;
    if (from.split_first[r] >= 0) {
      first_portion = static_cast<std::int32_t>(to.split_category.size());
      const auto first = static_cast<std::size_t>(from.split_first[r]);
      for (std::size_t p = first; p < first + static_cast<std::size_t>(from.split_count[r]); ++p) {
        to.split_category.push_back(from.split_category[p]);
        to.split_hours.push_back(from.split_hours[p]);
      }
    }
    to.split_first.push_back(first_portion);
  }
}

// Rows [begin, end) of `from` appended to `to`, interned ids and split portions renumbered.
void append_records(RecordColumns& to, const RecordColumns& from, std::size_t begin,
                    std::size_t end, MergedNames& names) {
  append_interned(from.activity, to.activity, names.activities, begin, end);
  append_interned(from.outcome, to.outcome, names.outcomes, begin, end);
  append_interned(from.level, to.level, names.levels, begin, end);
  append_interned(from.assessment, to.assessment, names.assessments, begin, end);
  to.id.append(from.id, begin, end);
  to.certificate.append(from.certificate, begin, end);
  append_splits(to, from, begin, end);
  detail::for_each_plain_column(
      [&](auto& into, const auto& column) {
        into.insert(into.end(), column.begin() + static_cast<std::ptrdiff_t>(begin),
                    column.begin() + static_cast<std::ptrdiff_t>(end));
      },
      to, from);
}

// The characters a string column holds.
std::size_t characters(const StringColumn& column) {
  if (column.size() == 0) return 0;
  const std::string_view first = column[0], last = column[column.size() - 1];
  return static_cast<std::size_t>(last.data() + last.size() - first.data());
}

// The batches' records, in batch order, as one set of columns: the first batch becomes the
// columns (its names the merged names), the others are appended. Each column is appended from
// every batch by one task, the tasks shared by the threads that read records.csv; a batch's
// column is freed once copied.
void merge_batches(detail::LedgerData& data, std::vector<detail::RecordBatch>& batches) {
  for (auto& batch : batches) {
    data.intake[Disposition::invalid] += batch.invalid;
    data.diagnostics.add_all(batch.diagnostics);
  }
  if (batches.empty()) return;
  RecordColumns& to = data.records;
  to = std::move(batches.front().records);
  const auto rest = std::span(batches).subspan(1);
  std::size_t total = to.size();
  for (const auto& batch : rest)
    total += batch.records.size();
  std::vector<std::function<void()>> tasks;
  detail::for_each_plain_member([&](auto member) {
    tasks.emplace_back([&, member] {
      auto& into = to.*member;
      into.reserve(total);
      for (auto& batch : rest) {
        auto& column = batch.records.*member;
        into.insert(into.end(), column.begin(), column.end());
        std::remove_reference_t<decltype(column)>().swap(column);
      }
    });
  });
  for (InternedColumn RecordColumns::*member :
       {&RecordColumns::activity, &RecordColumns::outcome, &RecordColumns::level,
        &RecordColumns::assessment}) {
    tasks.emplace_back([&, member] {
      InternedColumn& into = to.*member;
      detail::NameMap<std::int32_t> names = names_of(into);
      into.ids.reserve(total);
      for (auto& batch : rest) {
        InternedColumn& column = batch.records.*member;
        append_interned(column, into, names, 0, column.size());
        column = InternedColumn();
      }
    });
  }
  for (StringColumn RecordColumns::*member : {&RecordColumns::id, &RecordColumns::certificate}) {
    tasks.emplace_back([&, member] {
      std::size_t chars = characters(to.*member);
      for (const auto& batch : rest)
        chars += characters(batch.records.*member);
      (to.*member).reserve(total, chars);
      for (auto& batch : rest) {
        (to.*member).append(batch.records.*member);
        batch.records.*member = StringColumn();
      }
    });
  }
  // split_count is a plain column, freed by its task: the portions go by split_first alone.
  tasks.emplace_back([&] {
    for (auto& batch : rest) {
      const RecordColumns& from = batch.records;
      to.split_first.reserve(total);
      for (const std::int32_t first : from.split_first) {
        to.split_first.push_back(
            first < 0 ? -1 : first + static_cast<std::int32_t>(to.split_category.size()));
      }
      to.split_category.insert(to.split_category.end(), from.split_category.begin(),
                               from.split_category.end());
      to.split_hours.insert(to.split_hours.end(), from.split_hours.begin(), from.split_hours.end());
    }
  });
  std::atomic<std::size_t> next{0};
  const unsigned threads = detail::csv_stretching().threads
                               ? detail::csv_stretching().threads
                               : std::max(1u, std::thread::hardware_concurrency());
  detail::on_threads(
      std::min<unsigned>(threads, static_cast<unsigned>(tasks.size())),
      [&] {
        for (std::size_t k; (k = next++) < tasks.size();)
          tasks[k]();
      },
      [&] { next = tasks.size(); });
  for (auto& batch : rest)
    batch = detail::RecordBatch();
}

// Of the rows sharing an id, the first read is kept and the others are `duplicate`, whatever
// their content (a mentor and a mentee may log one session under two ids; one id twice is one
// record counted twice).
void mark_duplicates(detail::LedgerData& data) {
  const RecordColumns& records = data.records;
  detail::TextIndex ids;
  ids.clear(records.size());
  auto id_of = [&](std::int32_t row) { return records.id[static_cast<std::size_t>(row)]; };
  for (std::size_t r = 0; r < records.size(); ++r) {
    const std::int32_t first = ids.find_or_add(records.id[r], static_cast<std::int32_t>(r), id_of);
    if (first >= 0) {
      detail::mark_duplicate(data, r, static_cast<std::size_t>(first), data.diagnostics);
    }
  }
}

// The order that groups records by teacher, keeping input order within a teacher (a counting
// sort); empty when they are grouped already, as exports list them.
std::vector<std::int32_t> grouping_order(const RecordColumns& records, std::size_t teachers) {
  const std::size_t count = records.size();
  if (std::is_sorted(records.teacher.begin(), records.teacher.end())) return {};
  std::vector<std::int32_t> next(teachers + 1, 0);
  for (const TeacherIndex t : records.teacher)
    ++next[static_cast<std::size_t>(t) + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());
  std::vector<std::int32_t> order(count);
  for (std::size_t r = 0; r < count; ++r) {
    order[static_cast<std::size_t>(next[static_cast<std::size_t>(records.teacher[r])]++)] =
        static_cast<std::int32_t>(r);
  }
  return order;
}

void permute_records(RecordColumns& records, const std::vector<std::int32_t>& order) {
  records.id = records.id.permuted(order);
  records.certificate = records.certificate.permuted(order);
  detail::for_each_value_column(records, [&](auto& column) { permute(column, order); });
}

// A new row whose id another record has, or an earlier new row has, is a duplicate: the new
// rows come after everything read before. `changed` holds the new rows' ranges of `data`'s
// records, in ledger order, and the records outside them are the others: only the new ids are
// hashed, and each other id is checked against them with one bit of its hash.
void mark_new_duplicates(detail::LedgerData& data, int file,
                         std::span<const std::pair<std::size_t, std::size_t>> changed,
                         std::string_view source) {
  RecordColumns& to = data.records;
  std::unordered_map<std::string_view, std::size_t> seen;
  std::vector<std::uint64_t> maybe_new(1024);  // a bit per 16-bit piece of a hash
  auto bit_of = [](std::string_view id) { return detail::hash_text(id) >> 48; };
  for (const auto& [begin, end] : changed) {
    for (std::size_t r = begin; r < end; ++r) {
      seen.emplace(to.id[r], r);
      const auto bit = bit_of(to.id[r]);
      maybe_new[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
  if (seen.empty()) return;
  // The others, in ledger order: the first one with a new row's id is named as its first.
  auto other = [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      const std::string_view id = to.id[r];
      const auto bit = bit_of(id);
      if (!(maybe_new[bit / 64] >> (bit % 64) & 1)) continue;
      const auto found = seen.find(id);
      if (found != seen.end() && to.file[found->second] == file) found->second = r;
    }
  };
  std::size_t others_from = 0;
  for (const auto& [begin, end] : changed) {
    other(others_from, begin);
    others_from = end;
  }
  other(others_from, to.size());
  for (const auto& [begin, end] : changed) {
    for (std::size_t r = begin; r < end; ++r) {
      const auto first = seen.find(to.id[r]);
      if (first->second == r) continue;
      to.intake[r] = Disposition::duplicate;
      data.diagnostics.warning(source.empty() ? "" : std::string(source), to.line[r], "id",
                               "duplicate record id " + in_quotes(to.id[r]) + ", first in " +
                                   data.files[to.file[first->second]] + " line " +
                                   std::to_string(to.line[first->second]) + "; not counted again");
    }
  }
}

}  // namespace

Ledger replace_records(const Ledger& ledger, std::span<const TeacherRecords> changes,
                       std::string_view source) {
  const detail::LedgerData& base = *ledger.data_;
  auto data = std::make_shared<detail::LedgerData>(base.policy);
  data->limits = base.limits;
  data->teachers = base.teachers;
  data->teacher_by_id = base.teacher_by_id;
  data->files = base.files;
  data->diagnostics = base.diagnostics;
  data->invalid_teacher_rows = base.invalid_teacher_rows;
  const int file = static_cast<int>(data->files.size());
  data->files.emplace_back(source);
  std::vector<std::string_view> category_ids;
  for (const auto& category : base.policy.categories())
    category_ids.push_back(category.id);

  // The new rows, checked like any others, one batch per changed teacher.
  const std::size_t teacher_count = base.teachers.size();
  std::vector<int> batch_of(teacher_count, -1);
  std::vector<detail::RecordBatch> batches;
  int line = 0;
  for (const TeacherRecords& change : changes) {
    const auto teacher = base.teacher_by_id.find(change.teacher_id);
    if (teacher == base.teacher_by_id.end()) {
      throw InputError(
          {{Severity::error, std::string(source), 0, "teacher_id",
            "unknown teacher " + in_quotes(change.teacher_id) + " (not in the ledger)"}});
    }
    auto& slot = batch_of[static_cast<std::size_t>(teacher->second)];
    if (slot < 0) {
      slot = static_cast<int>(batches.size());
      batches.emplace_back();
    }
    detail::RecordBatch& batch = batches[static_cast<std::size_t>(slot)];
    for (RecordRow row : change.records) {
      if (row.teacher_id.empty()) row.teacher_id = change.teacher_id;
      const RowOrigin origin{file, ++line};
      if (row.teacher_id != change.teacher_id) {
        detail::reject_record(
            *data, batch, origin, "teacher_id",
            in_quotes(row.teacher_id) + " in the records of " + in_quotes(change.teacher_id));
        continue;
      }
      detail::append_record(*data, category_ids, batch, row, origin);
    }
  }

  // Each teacher's records from the old columns, or from its batch when it changed.
  RecordColumns& to = data->records;
  const RecordColumns& from = base.records;
  to.activity.names = from.activity.names;
  to.outcome.names = from.outcome.names;
  to.level.names = from.level.names;
  to.assessment.names = from.assessment.names;
  MergedNames names(to);
  detail::reserve(to, from.size());
  // Unchanged teachers in runs: their records are consecutive in the old columns. Where each
  // teacher's records begin, and the intake counts, follow from the old ones and the changed
  // teachers' rows, without counting the county again.
  data->intake = base.intake;
  data->record_begin.resize(teacher_count + 1);
  data->record_begin[0] = 0;
  std::vector<std::pair<std::size_t, std::size_t>> new_rows;  // in `to`, in ledger order
  std::size_t run_begin = 0;
  for (std::size_t t = 0; t <= teacher_count; ++t) {
    if (t < teacher_count && batch_of[t] < 0) continue;
    const auto old_begin = static_cast<std::size_t>(base.record_begin[run_begin]);
    const auto shift = static_cast<RecordIndex>(to.size()) - base.record_begin[run_begin];
    append_records(to, from, old_begin, static_cast<std::size_t>(base.record_begin[t]), names);
    for (std::size_t u = run_begin; u < t; ++u)
      data->record_begin[u + 1] = base.record_begin[u + 1] + shift;
    if (t == teacher_count) break;
    for (auto r = base.record_begin[t]; r < base.record_begin[t + 1]; ++r)
      --data->intake[from.intake[static_cast<std::size_t>(r)]];
    const RecordColumns& changed = batches[static_cast<std::size_t>(batch_of[t])].records;
    new_rows.emplace_back(to.size(), to.size() + changed.size());
    append_records(to, changed, 0, changed.size(), names);
    data->record_begin[t + 1] = static_cast<RecordIndex>(to.size());
    run_begin = t + 1;
  }
  for (auto& batch : batches) {
    data->intake[Disposition::invalid] += batch.invalid;
    for (const auto& diagnostic : batch.diagnostics.items())
      data->diagnostics.add(diagnostic);
  }

  mark_new_duplicates(*data, file, new_rows, source);

  for (const auto& [begin, end] : new_rows) {
    for (std::size_t r = begin; r < end; ++r)
      ++data->intake[to.intake[r]];
  }
  return detail::Make::from<Ledger>(std::move(data));
}

Ledger teacher_with_records(const Ledger& ledger, TeacherIndex teacher,
                            std::span<const RecordRow> added, std::string_view source) {
  const detail::LedgerData& base = *ledger.data_;
  const auto t = static_cast<std::size_t>(teacher);
  auto data = std::make_shared<detail::LedgerData>(base.policy);
  data->limits = base.limits;
  data->files = base.files;
  const int file = static_cast<int>(data->files.size());
  data->files.emplace_back(source);

  const TeacherColumns& from = base.teachers;
  TeacherColumns& to = data->teachers;
  to.id.push_back(from.id[t]);
  to.birth_day.push_back(from.birth_day[t]);
  to.join_day.push_back(from.join_day[t]);
  to.leave_day.push_back(from.leave_day[t]);
  to.line.push_back(from.line[t]);
  for (auto a = from.absence_begin[t]; a < from.absence_begin[t + 1]; ++a) {
    to.absence_first_day.push_back(from.absence_first_day[static_cast<std::size_t>(a)]);
    to.absence_last_day.push_back(from.absence_last_day[static_cast<std::size_t>(a)]);
  }
  to.absence_begin.push_back(static_cast<std::int32_t>(to.absence_first_day.size()));
  to.attribute_names = from.attribute_names;
  for (const auto& column : from.attributes)
    to.attributes.emplace_back().push_back(column[t]);
  data->teacher_by_id.emplace(std::string(from.id[t]), 0);

  MergedNames names(data->records);
  append_records(data->records, base.records, static_cast<std::size_t>(base.record_begin[t]),
                 static_cast<std::size_t>(base.record_begin[t + 1]), names);
  std::fill(data->records.teacher.begin(), data->records.teacher.end(), 0);
  std::vector<std::string_view> category_ids;
  for (const auto& category : base.policy.categories())
    category_ids.push_back(category.id);
  detail::RecordBatch batch;
  int line = 0;
  for (RecordRow row : added) {
    row.teacher_id = from.id[t];
    detail::append_record(*data, category_ids, batch, row, {file, ++line});
  }
  append_records(data->records, batch.records, 0, batch.records.size(), names);
  for (const auto& diagnostic : batch.diagnostics.items())
    data->diagnostics.add(diagnostic);
  data->intake[Disposition::invalid] = batch.invalid;
  for (auto disposition : data->records.intake)
    ++data->intake[disposition];
  data->record_begin = {0, static_cast<RecordIndex>(data->records.size())};
  return detail::Make::from<Ledger>(std::move(data));
}

Ledger LedgerBuilder::build() {
  auto& data = *data_;
  // The host's Progress goes with the builder's state; its phase ends with the ledger.
  const Progress progress = std::move(index_->progress);
  index_->progress = nullptr;
  std::size_t rows = data.records.size();
  for (const auto& batch : index_->batches)
    rows += batch.records.size();
  detail::ProgressMeter meter(progress, Phase::grouping, rows);
  merge_batches(data, index_->batches);
  index_->batches.clear();
  RecordColumns& records = data.records;
  mark_duplicates(data);
  if (const auto order = grouping_order(records, data.teachers.size()); !order.empty()) {
    permute_records(records, order);
  }

  data.record_begin.assign(data.teachers.size() + 1, 0);
  for (auto teacher : records.teacher)
    ++data.record_begin[static_cast<std::size_t>(teacher) + 1];
  std::partial_sum(data.record_begin.begin(), data.record_begin.end(), data.record_begin.begin());

  const std::int64_t invalid = data.intake[Disposition::invalid];
  data.intake = {};
  data.intake[Disposition::invalid] = invalid;
  for (auto disposition : records.intake)
    ++data.intake[disposition];

  detail::sort_diagnostics(data);

  auto built = std::shared_ptr<const detail::LedgerData>(std::move(data_));
  data_ = std::make_unique<detail::LedgerData>(built->policy);
  index_ = std::make_unique<Index>();
  for (const auto& category : built->policy.categories())
    index_->category_ids.push_back(category.id);
  meter.finish();
  return detail::Make::from<Ledger>(std::move(built));
}

}  // namespace yanxiu
