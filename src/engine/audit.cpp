#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <numeric>
#include <span>
#include <stdexcept>
#include <thread>

#include <yanxiu/audit.hpp>
#include <yanxiu/audit_batches.hpp>
#include <yanxiu/version.hpp>

#include "engine/audit_data.hpp"
#include "engine/evaluator.hpp"
#include "util/make.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"

namespace yanxiu {

namespace {

void reserve(AuditColumns& columns, std::size_t rows) {
  columns.teacher.reserve(rows);
  columns.rule.reserve(rows);
  columns.part.reserve(rows);
  columns.period_kind.reserve(rows);
  columns.period.reserve(rows);
  columns.required.reserve(rows);
  columns.credited.reserve(rows);
  columns.status.reserve(rows);
  columns.hours.reserve(rows);
}

// Teachers are judged in blocks of consecutive teachers, handed to whichever thread is free.
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
          c.status[i],
          Hours::from_hundredths(c.hours[i])};
}

DecisionRecord decision_record(const Audit& audit) {
  return decision_record(audit.policy(), audit.options());
}

std::string DecisionRecord::to_string() const {
  return "yanxiu-audit/1 engine " + engine_version + " policy " + policy_id + " sha256 " +
         policy_digest + " as_of " + (as_of ? to_iso(*as_of) : std::string("-")) + " basis " +
         std::string(yanxiu::to_string(basis));
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

// The rows of some teachers, in the order of the list, and where each one's rows begin.
struct Judged {
  AuditColumns columns;
  std::vector<std::size_t> row_begin;  ///< list size + 1 offsets
};

// The teachers a judging covers: `list` when it is not empty, else [first, end).
struct Teachers {
  TeacherIndex first = 0, end = 0;
  std::span<const TeacherIndex> list;

  TeacherIndex size() const {
    return list.empty() ? end - first : static_cast<TeacherIndex>(list.size());
  }
  TeacherIndex at(TeacherIndex k) const {
    return list.empty() ? first + k : list[static_cast<std::size_t>(k)];
  }
};

// Judges `teachers` into `judged` (its columns resized to their rows, their capacity reused),
// writing their records' dispositions. Teachers go in blocks to whichever thread is free; each
// teacher's rows have a place computed before (a first pass counts them), so the result does
// not depend on the threads. evaluate(), reevaluate() and evaluate_teachers() all judge here.
void judge(const Policy& policy, const Ledger& ledger, const AuditOptions& options,
           const Teachers& teachers, Disposition* dispositions, Judged& judged) {
  const TeacherIndex count = teachers.size();
  const TeacherIndex block_count = (count + block_size - 1) / block_size;
  unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(std::max(1, block_count)));
  std::atomic<TeacherIndex> next_block{0};
  auto stop = [&] { next_block = block_count; };
  detail::ProgressMeter meter(options.progress, Phase::judging, static_cast<std::uint64_t>(count));
  // Calls visit(evaluator, k) for every k of the list, in blocks over the threads; `meter`, when
  // given, counts the teachers of each block done.
  auto over_teachers = [&](const auto& visit, detail::ProgressMeter* counted) {
    next_block = 0;
    detail::on_threads(
        threads,
        [&] {
          detail::TeacherEvaluator evaluator(policy, ledger, options);
          for (TeacherIndex block; (block = next_block.fetch_add(1)) < block_count;) {
            const TeacherIndex end = std::min(count, (block + 1) * block_size);
            for (TeacherIndex k = block * block_size; k < end; ++k)
              visit(evaluator, k);
            if (counted) counted->add(static_cast<std::uint64_t>(end - block * block_size));
          }
        },
        stop, counted);
  };

  judged.row_begin.assign(static_cast<std::size_t>(count) + 1, 0);
  over_teachers(
      [&](const detail::TeacherEvaluator& evaluator, TeacherIndex k) {
        judged.row_begin[static_cast<std::size_t>(k) + 1] = evaluator.row_count(teachers.at(k));
      },
      nullptr);
  std::partial_sum(judged.row_begin.begin(), judged.row_begin.end(), judged.row_begin.begin());

  // Each column sized by one thread: touching fresh memory the first time costs as much as
  // judging, and the columns are independent.
  AuditColumns& columns = judged.columns;
  const std::size_t rows = judged.row_begin.back();
  const std::array<std::function<void()>, 9> sizings{
      [&] { columns.required.resize(rows); }, [&] { columns.credited.resize(rows); },
      [&] { columns.hours.resize(rows); },    [&] { columns.teacher.resize(rows); },
      [&] { columns.period.resize(rows); },   [&] { columns.rule.resize(rows); },
      [&] { columns.part.resize(rows); },     [&] { columns.period_kind.resize(rows); },
      [&] { columns.status.resize(rows); }};
  std::atomic<std::size_t> next_sizing{0};
  detail::on_threads(
      std::min<unsigned>(threads, sizings.size()),
      [&] {
        for (std::size_t i; (i = next_sizing.fetch_add(1)) < sizings.size();)
          sizings[i]();
      },
      [&] { next_sizing = sizings.size(); });

  over_teachers(
      [&](detail::TeacherEvaluator& evaluator, TeacherIndex k) {
        const TeacherIndex teacher = teachers.at(k);
        evaluator.run(teacher, columns, judged.row_begin[static_cast<std::size_t>(k)],
                      dispositions + ledger.record_begin(teacher), nullptr);
      },
      &meter);
  meter.finish();
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
  range(from.hours, to.hours);
}

}  // namespace

DispositionCounts count_dispositions(const Ledger& ledger,
                                     std::span<const Disposition> dispositions) {
  DispositionCounts counts;
  counts[Disposition::invalid] = ledger.intake_counts()[Disposition::invalid];
  for (auto disposition : dispositions)
    ++counts[disposition];
  return counts;
}

void detail::count_dispositions(AuditData& data) {
  data.counts = count_dispositions(data.ledger, data.dispositions);
}

DecisionRecord decision_record(const Policy& policy, const AuditOptions& options) {
  return {policy.id(), policy.digest(), std::string(version_string), options.as_of, options.basis};
}

void evaluate_teachers(const Policy& policy, const Ledger& ledger, const AuditOptions& options,
                       TeacherIndex first, TeacherIndex last, AuditColumns& rows,
                       std::span<Disposition> dispositions) {
  detail::check_compatible(policy, ledger);
  if (first < 0 || last < first || static_cast<std::size_t>(last) > ledger.teachers().size()) {
    throw std::invalid_argument("evaluate_teachers: teachers " + std::to_string(first) + ".." +
                                std::to_string(last) + " are not a range of the ledger's " +
                                std::to_string(ledger.teachers().size()));
  }
  if (dispositions.size() != ledger.records().size()) {
    throw std::invalid_argument("evaluate_teachers: " + std::to_string(dispositions.size()) +
                                " dispositions for the ledger's " +
                                std::to_string(ledger.records().size()) + " records");
  }
  Judged judged;
  std::swap(judged.columns, rows);  // judged into the caller's columns, their memory reused
  judge(policy, ledger, options, {first, last, {}}, dispositions.data(), judged);
  std::swap(judged.columns, rows);
}

Audit evaluate(const Policy& policy, const Ledger& ledger, const AuditOptions& options) {
  detail::check_compatible(policy, ledger);
  auto data = std::make_shared<detail::AuditData>(policy, ledger, options);
  data->dispositions.resize(ledger.records().size());
  Judged judged;
  const auto teachers = static_cast<TeacherIndex>(ledger.teachers().size());
  judge(policy, ledger, options, {0, teachers, {}}, data->dispositions.data(), judged);
  data->columns = std::move(judged.columns);
  data->row_begin = std::move(judged.row_begin);
  detail::count_dispositions(*data);
  return detail::Make::from<Audit>(std::move(data));
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
  Judged judged;
  judge(previous.policy(), ledger, previous.options(), {0, 0, changed}, data->dispositions.data(),
        judged);

  // Everyone in teacher order: the changed teachers' new rows, the others' previous rows and
  // dispositions.
  AuditColumns& all = data->columns;
  reserve(all, previous.size());
  data->row_begin.reserve(static_cast<std::size_t>(teacher_count) + 1);
  data->row_begin.push_back(0);
  const auto previous_dispositions = previous.dispositions();
  // The unchanged teachers between two changed ones go in one copy: their rows and records
  // are consecutive in both.
  auto copy_unchanged = [&](TeacherIndex first, TeacherIndex end) {
    if (first == end) return;
    const std::size_t shift = all.size() - previous.row_begin(first);
    append_rows(all, previous.columns(), previous.row_begin(first), previous.row_begin(end));
    for (TeacherIndex t = first; t < end; ++t)
      data->row_begin.push_back(previous.row_begin(t + 1) + shift);
    std::copy(previous_dispositions.begin() + before.record_begin(first),
              previous_dispositions.begin() + before.record_begin(end),
              data->dispositions.begin() + ledger.record_begin(first));
  };
  TeacherIndex unchanged_from = 0;
  std::size_t next = 0;
  for (TeacherIndex t = 0; t < teacher_count; ++t) {
    if (next < changed.size() && changed[next] == t) {
      copy_unchanged(unchanged_from, t);
      append_rows(all, judged.columns, judged.row_begin[next], judged.row_begin[next + 1]);
      data->row_begin.push_back(all.size());
      unchanged_from = t + 1;
      ++next;
    } else if (before.record_begin(t + 1) - before.record_begin(t) !=
               ledger.record_begin(t + 1) - ledger.record_begin(t)) {
      throw std::invalid_argument("reevaluate: teacher " +
                                  std::string(ledger.teachers().id[static_cast<std::size_t>(t)]) +
                                  "'s records changed, but the teacher is not listed");
    }
  }
  copy_unchanged(unchanged_from, teacher_count);
  detail::count_dispositions(*data);
  return detail::Make::from<Audit>(std::move(data));
}

}  // namespace yanxiu
