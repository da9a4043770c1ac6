#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <stdexcept>
#include <utility>

#include <yanxiu/session.hpp>

#include "audit_data.hpp"
#include "evaluator.hpp"
#include "ledger_data.hpp"
#include "text_index.hpp"

namespace yanxiu {

namespace {

void add_name(std::vector<std::string>& names, const std::string& name) {
  if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
    names.push_back(name);
}

// One interned column and the names in it that the policy knows: those its evaluator was bound
// to, the first names of every ledger the session fills. A teacher's other names follow them.
struct NameColumn {
  explicit NameColumn(InternedColumn RecordColumns::*interned) : column(interned) {}

  InternedColumn RecordColumns::*column;
  std::vector<std::string> known;
  detail::TextIndex index;
  std::size_t indexed = 0;  ///< names of the column in `index`

  // The column down to the known names, the index to match.
  void reset(RecordColumns& records) {
    InternedColumn& interned = records.*column;
    interned.names.resize(known.size());
    if (indexed == known.size()) return;
    index.clear(known.size());
    auto known_name = [&](std::int32_t name) {
      return std::string_view(known[static_cast<std::size_t>(name)]);
    };
    for (std::size_t i = 0; i < known.size(); ++i)
      index.find_or_add(known[i], static_cast<std::int32_t>(i), known_name);
    indexed = known.size();
  }

  std::int32_t intern(RecordColumns& records, std::string_view value) {
    if (value.empty()) return -1;
    std::vector<std::string>& names = (records.*column).names;
    const auto next = static_cast<std::int32_t>(names.size());
    const std::int32_t found = index.find_or_add(value, next, [&](std::int32_t name) {
      return std::string_view(names[static_cast<std::size_t>(name)]);
    });
    if (found >= 0) return found;
    names.emplace_back(value);
    ++indexed;
    return next;
  }
};

}  // namespace

struct TeacherSession::State {
  State(Policy p, AuditOptions o);

  // A ledger with the session's sources and attributes and the known names, and no rows.
  std::shared_ptr<detail::LedgerData> blank_ledger() const;
  // Ready for a teacher: the ledger emptied in place, unless an audit or ledger handed out still
  // holds it.
  void start();
  Audit evaluate();

  Policy policy;
  AuditOptions options;
  std::vector<std::string_view> category_ids;  ///< for "did you mean"
  std::vector<std::string> files;              ///< the sources, in every ledger
  std::vector<std::string> attribute_names;
  std::array<NameColumn, 4> names;
  std::shared_ptr<detail::LedgerData> data;  ///< the ledger being filled
  Ledger ledger;                             ///< the same, as the evaluator reads it
  std::shared_ptr<detail::AuditData> audit;  ///< the last result, refilled once released
  std::optional<detail::TeacherEvaluator> evaluator;
  detail::RecordChecks checks;
  Diagnostics duplicates;
  detail::TextIndex ids;
  /// The records written; the value columns have room for `record_room`, and are cut to the
  /// records written when the teacher is judged.
  std::size_t record_count = 0, record_room = 0;
  std::size_t last_record_count = 0;
  detail::NameMap<TeacherIndex>::node_type teacher_entry;  ///< kept for the next teacher's id
  bool started = false;
};

TeacherSession::State::State(Policy p, AuditOptions o)
    : policy(std::move(p)),
      options(o),
      names{NameColumn(&RecordColumns::activity), NameColumn(&RecordColumns::outcome),
            NameColumn(&RecordColumns::level), NameColumn(&RecordColumns::assessment)},
      data(nullptr),
      ledger(nullptr) {
  for (const Category& category : policy.categories())
    category_ids.push_back(category.id);
  // The names the policy's rules, conversions and gates compare with. A record's outcome and
  // level are always among them: intake rejects any other.
  auto& [activities, outcomes, levels, assessments] = names;
  for (const Rule& rule : policy.rules()) {
    for (const std::string& activity : rule.activities)
      add_name(activities.known, activity);
  }
  for (const Conversion& conversion : policy.conversions()) {
    add_name(outcomes.known, conversion.outcome);
    for (const ConversionRate& rate : conversion.rates)
      add_name(levels.known, rate.level);
  }
  for (const Gate& gate : policy.gates()) {
    add_name(activities.known, gate.activity);
    for (const std::string& result : gate.passing)
      add_name(assessments.known, result);
  }
  data = blank_ledger();
  ledger = Ledger(data);
  audit = std::make_shared<detail::AuditData>(policy, ledger, options);
}

std::shared_ptr<detail::LedgerData> TeacherSession::State::blank_ledger() const {
  auto blank = std::make_shared<detail::LedgerData>(policy);
  blank->files = files;
  blank->teachers.attribute_names = attribute_names;
  blank->teachers.attributes.resize(attribute_names.size());
  for (const NameColumn& column : names)
    (blank->records.*column.column).names = column.known;
  return blank;
}

void TeacherSession::State::start() {
  // Ours alone: `data`, `ledger` and the last audit's ledger hold the ledger, and nothing but
  // `audit` holds the audit.
  if (audit.use_count() > 1) audit = std::make_shared<detail::AuditData>(policy, ledger, options);
  if (data.use_count() > 3) {
    data = blank_ledger();
    ledger = Ledger(data);
    audit->ledger = ledger;
  } else {
    // Whoever released the result last may have read it on another thread.
    std::atomic_thread_fence(std::memory_order_acquire);
    TeacherColumns& teachers = data->teachers;
    teachers.id.clear();
    teachers.birth_day.clear();
    teachers.join_day.clear();
    teachers.leave_day.clear();
    teachers.line.clear();
    teachers.absence_begin.assign(1, 0);
    teachers.absence_first_day.clear();
    teachers.absence_last_day.clear();
    if (teachers.attribute_names != attribute_names) {
      teachers.attribute_names = attribute_names;
      teachers.attributes.resize(attribute_names.size());
    }
    for (StringColumn& column : teachers.attributes)
      column.clear();
    detail::clear(data->records);
    data->record_begin.clear();
    if (!data->teacher_by_id.empty())
      teacher_entry = data->teacher_by_id.extract(data->teacher_by_id.begin());
    data->diagnostics = Diagnostics();
    data->intake = {};
    data->invalid_teacher_rows = 0;
  }
  for (NameColumn& column : names)
    column.reset(data->records);
  checks.diagnostics = Diagnostics();
  checks.invalid = 0;
  checks.last_teacher = -1;
  duplicates = Diagnostics();
  ids.clear(last_record_count);
  record_count = record_room = 0;
  if (!evaluator) evaluator.emplace(policy, ledger, options);
  started = true;
}

Audit TeacherSession::State::evaluate() {
  if (!started) start();
  started = false;
  detail::LedgerData& built = *data;
  RecordColumns& records = built.records;
  detail::for_each_value_column(records, [&](auto& column) { column.resize(record_count); });
  last_record_count = record_count;

  // As LedgerBuilder::build() has them: the records' messages after the teacher's, duplicates
  // last, then all in input order.
  built.intake[Disposition::invalid] = checks.invalid;
  if (!checks.diagnostics.items().empty() || !duplicates.items().empty()) {
    for (const Diagnostic& diagnostic : checks.diagnostics.items())
      built.diagnostics.add(diagnostic);
    for (const Diagnostic& diagnostic : duplicates.items())
      built.diagnostics.add(diagnostic);
    detail::sort_diagnostics(built);
  }
  const std::size_t teachers = built.teachers.size();  // 0 or 1
  built.record_begin.assign(1, 0);
  if (teachers == 1) built.record_begin.push_back(static_cast<RecordIndex>(records.size()));
  for (const Disposition disposition : records.intake)
    ++built.intake[disposition];

  detail::AuditData& result = *audit;
  result.dispositions.resize(records.size());
  result.row_begin.assign(1, 0);
  const std::size_t rows = teachers == 1 ? evaluator->row_count(0) : 0;
  result.columns.resize(rows);
  if (teachers == 1) {
    evaluator->run(0, result.columns, 0, result.dispositions.data(), nullptr);
    result.row_begin.push_back(rows);
  }
  detail::count_dispositions(result);
  return Audit(audit);
}

TeacherSession::TeacherSession(Policy policy, AuditOptions options)
    : state_(std::make_unique<State>(std::move(policy), options)) {}
TeacherSession::~TeacherSession() = default;
TeacherSession::TeacherSession(TeacherSession&&) noexcept = default;
TeacherSession& TeacherSession::operator=(TeacherSession&&) noexcept = default;

const Policy& TeacherSession::policy() const {
  return state_->policy;
}
const AuditOptions& TeacherSession::options() const {
  return state_->options;
}
const Diagnostics& TeacherSession::diagnostics() const {
  return state_->data->diagnostics;
}

int TeacherSession::add_source(std::string_view name) {
  State& state = *state_;
  const auto found = std::find(state.files.begin(), state.files.end(), name);
  if (found != state.files.end()) return static_cast<int>(found - state.files.begin());
  if (state.files.size() >= UINT16_MAX) throw std::length_error("too many input files");
  state.files.emplace_back(name);
  state.data->files.emplace_back(name);
  return static_cast<int>(state.files.size() - 1);
}

void TeacherSession::set_attribute_names(std::span<const std::string_view> names) {
  State& state = *state_;
  if (std::equal(names.begin(), names.end(), state.attribute_names.begin(),
                 state.attribute_names.end())) {
    return;
  }
  state.attribute_names.assign(names.begin(), names.end());
  state.evaluator.reset();  // it finds selectors' attributes by name
  state.started = false;
}

bool TeacherSession::add_teacher(const TeacherRow& row, RowOrigin origin) {
  State& state = *state_;
  state.start();
  detail::LedgerData& data = *state.data;
  if (auto problem = detail::check_teacher(data, row)) {
    detail::reject_teacher(data, origin, std::move(problem->first), std::move(problem->second));
    return false;
  }
  if (state.teacher_entry) {
    state.teacher_entry.key() = row.id;
    state.teacher_entry.mapped() = 0;
    data.teacher_by_id.insert(std::move(state.teacher_entry));
  } else {
    data.teacher_by_id.emplace(std::string(row.id), 0);
  }
  detail::push_teacher(data, row, origin);
  return true;
}

bool TeacherSession::add_record(const RecordRow& row, RowOrigin origin) {
  State& state = *state_;
  if (!state.started) state.start();
  detail::LedgerData& data = *state.data;
  RecordColumns& records = data.records;
  const std::size_t record = state.record_count;
  const auto checked =
      detail::check_record(data, state.category_ids, state.checks, row, origin, record);
  if (!checked) return false;
  auto& [activities, outcomes, levels, assessments] = state.names;
  const detail::InternedIds ids{
      activities.intern(records, row.activity), outcomes.intern(records, row.outcome),
      levels.intern(records, row.level), assessments.intern(records, row.assessment)};
  // Written in place rather than appended: a handful of instructions a column.
  if (record == state.record_room) {
    state.record_room = std::max<std::size_t>({64, 2 * record, state.last_record_count});
    detail::for_each_value_column(records, [&](auto& column) { column.resize(state.record_room); });
  }
  detail::write_record(records, state.policy, row, *checked, ids, origin,
                       [record](auto& column, auto value) { column[record] = value; });
  state.record_count = record + 1;
  const std::int32_t first = state.ids.find_or_add(
      records.id[record], static_cast<std::int32_t>(record),
      [&](std::int32_t other) { return records.id[static_cast<std::size_t>(other)]; });
  if (first >= 0)
    detail::mark_duplicate(data, record, static_cast<std::size_t>(first), state.duplicates);
  return true;
}

void TeacherSession::reject_record(RowOrigin origin, std::string field, std::string message) {
  State& state = *state_;
  if (!state.started) state.start();
  detail::reject_record(*state.data, state.checks, origin, std::move(field), std::move(message));
}

Audit TeacherSession::evaluate() {
  return state_->evaluate();
}

Audit TeacherSession::evaluate(const TeacherRow& teacher, std::span<const RecordRow> records) {
  const int teacher_file = add_source("teacher");
  const int record_file = add_source("records");
  add_teacher(teacher, {teacher_file, 1});
  for (std::size_t i = 0; i < records.size(); ++i)
    add_record(records[i], {record_file, static_cast<int>(i + 1)});
  return evaluate();
}

}  // namespace yanxiu
