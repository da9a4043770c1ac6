#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <span>
#include <stdexcept>
#include <thread>

#include <yanxiu/audit.hpp>

#include "evaluator.hpp"

namespace yanxiu {

namespace detail {

struct AuditData {
  AuditData(Policy p, Ledger l, AuditOptions o)
      : policy(std::move(p)), ledger(std::move(l)), options(o) {}

  Policy policy;
  Ledger ledger;
  AuditOptions options;
  AuditColumns columns;
  std::vector<std::size_t> row_begin;  ///< teacher count + 1 offsets
  std::vector<Disposition> dispositions;
  DispositionCounts counts;
};

}  // namespace detail

namespace {

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

void reserve(AuditColumns& columns, std::size_t rows) {
  columns.teacher.reserve(rows);
  columns.rule.reserve(rows);
  columns.part.reserve(rows);
  columns.period_kind.reserve(rows);
  columns.period.reserve(rows);
  columns.required.reserve(rows);
  columns.credited.reserve(rows);
  columns.status.reserve(rows);
}

// Teachers are judged in blocks; each block's rows land in its own columns, which are joined in
// block order, so the result does not depend on which thread judged which block.
constexpr TeacherIndex block_size = 512;

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::met:
      return "met";
    case Status::short_:
      return "short";
    case Status::exempt:
      return "exempt";
    case Status::not_applicable:
      return "not_applicable";
    case Status::conflict:
      return "conflict";
  }
  return "?";
}

std::string_view to_string(Basis basis) {
  return basis == Basis::certified ? "certified" : "submitted";
}

void append_amount(std::string& out, RuleKind kind, Hours amount) {
  if (kind == RuleKind::quota) {
    append_hours(out, amount);
  } else {
    out += std::to_string(amount.hundredths() / 100);
  }
}

std::string format_amount(RuleKind kind, Hours amount) {
  std::string text;
  append_amount(text, kind, amount);
  return text;
}

const Policy& Audit::policy() const {
  return data_->policy;
}
const Ledger& Audit::ledger() const {
  return data_->ledger;
}
const AuditOptions& Audit::options() const {
  return data_->options;
}
const AuditColumns& Audit::columns() const {
  return data_->columns;
}
std::size_t Audit::size() const {
  return data_->columns.size();
}
std::size_t Audit::row_begin(TeacherIndex teacher) const {
  return data_->row_begin[static_cast<std::size_t>(teacher)];
}
std::span<const Disposition> Audit::dispositions() const {
  return data_->dispositions;
}
const DispositionCounts& Audit::disposition_counts() const {
  return data_->counts;
}

AuditRow Audit::row(std::size_t i) const {
  const AuditColumns& c = data_->columns;
  return {c.teacher[i],
          c.rule[i],
          c.part[i],
          c.period_kind[i],
          c.period[i],
          Hours::from_hundredths(c.required[i]),
          Hours::from_hundredths(c.credited[i]),
          c.status[i]};
}

std::string Audit::rule_id(const AuditRow& row) const {
  const Rule& rule = data_->policy.rules()[static_cast<std::size_t>(row.rule)];
  if (row.part == whole_rule) return rule.id;
  return rule.id + "/" + rule.parts[static_cast<std::size_t>(row.part)].id;
}

const Period& Audit::period(const AuditRow& row) const {
  return data_->policy.calendar().periods(row.period_kind)[static_cast<std::size_t>(row.period)];
}

namespace {

// Rows of some teachers, judged in blocks of consecutive teachers of the list; each block's
// rows land in its own columns, so the result does not depend on which thread judged which
// block.
struct Judged {
  std::vector<AuditColumns> blocks;
  std::vector<std::vector<std::size_t>> row_counts;  ///< per block, per teacher
};

// Judges `teachers` (every teacher when empty), writing their records' dispositions.
Judged judge(const Policy& policy, const Ledger& ledger, const AuditOptions& options,
             std::span<const TeacherIndex> teachers, Disposition* dispositions) {
  const auto count =
      static_cast<TeacherIndex>(teachers.empty() ? ledger.teachers().size() : teachers.size());
  auto teacher_at = [&](TeacherIndex k) {
    return teachers.empty() ? k : teachers[static_cast<std::size_t>(k)];
  };
  const TeacherIndex block_count = (count + block_size - 1) / block_size;
  // Every rule applying to every teacher bounds the rows; reserving it spares regrowth.
  std::size_t rows_per_teacher = 0;
  for (const Rule& rule : policy.rules()) {
    rows_per_teacher += policy.calendar().periods(rule.period).size() * (1 + rule.parts.size());
  }
  Judged judged;
  judged.blocks.resize(static_cast<std::size_t>(block_count));
  judged.row_counts.resize(static_cast<std::size_t>(block_count));
  std::atomic<TeacherIndex> next_block{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto judge_blocks = [&] {
    detail::TeacherEvaluator evaluator(policy, ledger, options);
    for (TeacherIndex block; (block = next_block.fetch_add(1)) < block_count;) {
      AuditColumns& rows = judged.blocks[static_cast<std::size_t>(block)];
      auto& row_counts = judged.row_counts[static_cast<std::size_t>(block)];
      const TeacherIndex end = std::min(count, (block + 1) * block_size);
      reserve(rows, static_cast<std::size_t>(end - block * block_size) * rows_per_teacher);
      for (TeacherIndex k = block * block_size; k < end; ++k) {
        const TeacherIndex teacher = teacher_at(k);
        const std::size_t before = rows.size();
        evaluator.run(teacher, rows, dispositions + ledger.record_begin(teacher), nullptr);
        row_counts.push_back(rows.size() - before);
      }
    }
  };
  auto work = [&] {
    try {
      judge_blocks();
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_block = block_count;  // the others stop at their next block
    }
  };
  unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(std::max(1, block_count)));
  if (threads == 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < threads; ++i)
      pool.emplace_back(work);
  }
  if (failure) std::rethrow_exception(failure);
  return judged;
}

// Rows [begin, end) of `from` appended to `to`.
void append_rows(AuditColumns& to, const AuditColumns& from, std::size_t begin, std::size_t end) {
  auto range = [&](const auto& column, auto& into) {
    into.insert(into.end(), column.begin() + static_cast<std::ptrdiff_t>(begin),
                column.begin() + static_cast<std::ptrdiff_t>(end));
  };
  range(from.teacher, to.teacher);
  range(from.rule, to.rule);
  range(from.part, to.part);
  range(from.period_kind, to.period_kind);
  range(from.period, to.period);
  range(from.required, to.required);
  range(from.credited, to.credited);
  range(from.status, to.status);
}

void count_dispositions(detail::AuditData& data) {
  data.counts = {};
  data.counts[Disposition::invalid] = data.ledger.intake_counts()[Disposition::invalid];
  for (auto disposition : data.dispositions)
    ++data.counts[disposition];
}

}  // namespace

Audit evaluate(const Policy& policy, const Ledger& ledger, const AuditOptions& options) {
  detail::check_compatible(policy, ledger);
  auto data = std::make_shared<detail::AuditData>(policy, ledger, options);
  data->dispositions.resize(ledger.records().size());
  Judged judged = judge(policy, ledger, options, {}, data->dispositions.data());

  AuditColumns& all = data->columns;
  std::size_t total = 0;
  for (const auto& rows : judged.blocks)
    total += rows.size();
  reserve(all, total);
  data->row_begin.reserve(ledger.teachers().size() + 1);
  data->row_begin.push_back(0);
  for (std::size_t b = 0; b < judged.blocks.size(); ++b) {
    append_rows(all, judged.blocks[b], 0, judged.blocks[b].size());
    for (auto n : judged.row_counts[b])
      data->row_begin.push_back(data->row_begin.back() + n);
    judged.blocks[b] = AuditColumns();
  }
  count_dispositions(*data);
  return Audit(std::move(data));
}

Audit reevaluate(const Audit& previous, const Ledger& ledger,
                 std::span<const TeacherIndex> teachers) {
  const Ledger& before = previous.ledger();
  const auto teacher_count = static_cast<TeacherIndex>(ledger.teachers().size());
  if (static_cast<std::size_t>(teacher_count) != before.teachers().size()) {
    throw std::invalid_argument("reevaluate: the ledger has other teachers than the audit's");
  }
  std::vector<TeacherIndex> changed(teachers.begin(), teachers.end());
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  if (!changed.empty() && (changed.front() < 0 || changed.back() >= teacher_count)) {
    throw std::invalid_argument("reevaluate: a teacher index is out of range");
  }

  auto data = std::make_shared<detail::AuditData>(previous.policy(), ledger, previous.options());
  data->dispositions.resize(ledger.records().size());
  Judged judged =
      judge(previous.policy(), ledger, previous.options(), changed, data->dispositions.data());

  // Everyone in teacher order: the changed teachers' new rows, the others' previous rows and
  // dispositions.
  AuditColumns& all = data->columns;
  reserve(all, previous.size());
  data->row_begin.reserve(static_cast<std::size_t>(teacher_count) + 1);
  data->row_begin.push_back(0);
  const auto previous_dispositions = previous.dispositions();
  std::size_t next = 0, block = 0, in_block = 0, block_row = 0;
  for (TeacherIndex t = 0; t < teacher_count; ++t) {
    if (next < changed.size() && changed[next] == t) {
      const std::size_t rows = judged.row_counts[block][in_block];
      append_rows(all, judged.blocks[block], block_row, block_row + rows);
      block_row += rows;
      ++next;
      if (++in_block == judged.row_counts[block].size()) {
        ++block;
        in_block = block_row = 0;
      }
    } else {
      if (before.record_begin(t + 1) - before.record_begin(t) !=
          ledger.record_begin(t + 1) - ledger.record_begin(t)) {
        throw std::invalid_argument("reevaluate: teacher " +
                                    std::string(ledger.teachers().id[static_cast<std::size_t>(t)]) +
                                    "'s records changed, but the teacher is not listed");
      }
      append_rows(all, previous.columns(), previous.row_begin(t), previous.row_begin(t + 1));
      std::copy(previous_dispositions.begin() + before.record_begin(t),
                previous_dispositions.begin() + before.record_begin(t + 1),
                data->dispositions.begin() + ledger.record_begin(t));
    }
    data->row_begin.push_back(all.size());
  }
  count_dispositions(*data);
  return Audit(std::move(data));
}

}  // namespace yanxiu
