#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <stdexcept>
#include <utility>

#include <yanxiu/session.hpp>

#include "engine/audit_data.hpp"
#include "engine/evaluator.hpp"
#include "ledger/ledger_data.hpp"
#include "util/make.hpp"
#include "util/text_index.hpp"
#include "util/utf8.hpp"

#if defined(__SANITIZE_THREAD__)
#define YANXIU_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define YANXIU_THREAD_SANITIZER 1
#endif
#endif
#ifndef YANXIU_THREAD_SANITIZER
#define YANXIU_THREAD_SANITIZER 0
#endif

namespace yanxiu {

namespace {

// A result released on another thread is seen through use_count() and an acquire fence.
// ThreadSanitizer does not model fences (GCC refuses them under it), so there the session never
// reuses columns a result has held: always correct, only slower.
constexpr bool reuse_released_results = !YANXIU_THREAD_SANITIZER;

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
  // Value columns with room for `rows` records.
  void make_room(std::size_t rows);
  // The general path: the row checked as by a LedgerBuilder, written in place.
  bool add_row(const RecordRow& row, RowOrigin origin);
  void mark_if_duplicate(std::size_t record, std::string_view id);
  std::size_t add_records(const RecordArrays& arrays, RowOrigin first);
  // Which rows are plain (`plain`), and their categories (`row_categories`).
  void screen(RecordArrays in);
  // Plain rows [begin, end) into the columns.
  void add_plain_rows(const RecordArrays& in, std::size_t begin, std::size_t end, RowOrigin first);
  Audit evaluate();

  Policy policy;
  AuditOptions options;
  std::vector<std::string_view> category_ids;  ///< the policy's, in order
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
  std::string teacher_id;                                  ///< of the last teacher row given
  detail::NameMap<TeacherIndex>::node_type teacher_entry;  ///< kept for the next teacher's id
  // Scratch of add_records.
  RecordRow general_row;  ///< an array row on the general path
  std::vector<SplitPortion> portions;
  std::vector<std::uint8_t> plain;
  std::vector<CategoryIndex> row_categories;
  std::vector<std::string_view> texts;
  std::vector<std::string_view> no_texts;  ///< empty, for an absent text column
  std::vector<std::uint32_t> id_sizes;     ///< of the ids screened
  bool started = false;
};

TeacherSession::State::State(Policy p, AuditOptions o)
    : policy(std::move(p)),
      options(o),
      names{NameColumn(&RecordColumns::activity), NameColumn(&RecordColumns::outcome),
            NameColumn(&RecordColumns::level), NameColumn(&RecordColumns::assessment)},
      data(nullptr),
      ledger(detail::Make::from<Ledger>(std::shared_ptr<const detail::LedgerData>())) {
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
  ledger = detail::Make::from<Ledger>(data);
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
  if (!reuse_released_results || audit.use_count() > 1)
    audit = std::make_shared<detail::AuditData>(policy, ledger, options);
  if (!reuse_released_results || data.use_count() > 3) {
    data = blank_ledger();
    ledger = detail::Make::from<Ledger>(data);
    audit->ledger = ledger;
  } else {
#if !YANXIU_THREAD_SANITIZER
    // Whoever released the result last may have read it on another thread.
    std::atomic_thread_fence(std::memory_order_acquire);
#endif
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
    // The value columns keep their rows: every row written is written whole, and the columns
    // are cut to the rows written when the teacher is judged.
    RecordColumns& records = data->records;
    records.id.clear();
    records.certificate.clear();
    records.split_category.clear();
    records.split_hours.clear();
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
  record_count = 0;
  record_room = data->records.teacher.size();
  if (!evaluator) evaluator.emplace(policy, ledger, options);
  started = true;
}

void TeacherSession::State::make_room(std::size_t rows) {
  if (rows <= record_room) return;
  record_room = std::max<std::size_t>({64, 2 * record_room, rows, last_record_count});
  detail::for_each_value_column(data->records, [&](auto& column) { column.resize(record_room); });
}

inline void TeacherSession::State::mark_if_duplicate(std::size_t record, std::string_view id) {
  const StringColumn& record_ids = data->records.id;
  const std::int32_t first = ids.find_or_add(
      id, static_cast<std::int32_t>(record),
      [&](std::int32_t other) { return record_ids[static_cast<std::size_t>(other)]; });
  if (first >= 0)
    detail::mark_duplicate(*data, record, static_cast<std::size_t>(first), duplicates);
}

bool TeacherSession::State::add_row(const RecordRow& row, RowOrigin origin) {
  RecordColumns& records = data->records;
  const std::size_t record = record_count;
  const auto checked = detail::check_record(*data, category_ids, checks, row, origin, record);
  if (!checked) return false;
  auto& [activities, outcomes, levels, assessments] = names;
  const detail::InternedIds interned{
      activities.intern(records, row.activity), outcomes.intern(records, row.outcome),
      levels.intern(records, row.level), assessments.intern(records, row.assessment)};
  make_room(record + 1);
  // Written in place rather than appended: a store a column.
  detail::write_record(records, policy, row, *checked, interned, origin,
                       [record](auto& column, auto value) { column[record] = value; });
  record_count = record + 1;
  mark_if_duplicate(record, records.id[record]);
  return true;
}

// Most rows are plain - the teacher's, with dates, hours and a category, maybe a status, an
// activity or a certificate - and pass every check. Such rows are screened column by column
// (detail::plain_values_pass) and go into the columns a run at a time; any other row takes the
// general path.
std::size_t TeacherSession::State::add_records(const RecordArrays& arrays, RowOrigin first) {
  // A copy the compiler knows no store can change, so it keeps the columns in registers.
  const RecordArrays in = arrays;
  screen(in);
  std::size_t taken = 0;
  for (std::size_t begin = 0; begin < in.count;) {
    if (!plain[begin]) {
      const RowOrigin origin{first.file, first.line + static_cast<int>(begin)};
      if (auto problem = detail::array_row(in, begin, category_ids.size(), general_row, portions)) {
        detail::reject_record(*data, checks, origin, std::move(problem->column),
                              std::move(problem->message));
      } else {
        if (!in.teacher_id) general_row.teacher_id = teacher_id;
        taken += add_row(general_row, origin) ? 1 : 0;
      }
      ++begin;
      continue;
    }
    std::size_t end = begin + 1;
    while (end < in.count && plain[end])
      ++end;
    add_plain_rows(in, begin, end, first);
    taken += end - begin;
    begin = end;
  }
  return taken;
}

void TeacherSession::State::screen(const RecordArrays in) {
  const std::size_t count = in.count, before = record_count;
  const bool possible = data->teachers.size() == 1 && in.id && in.start_day;
  plain.assign(count, possible ? 1 : 0);
  row_categories.resize(count);
  if (!possible) return;
  auto each = [&](const auto& passes) {
    for (std::size_t i = 0; i < count; ++i)
      if (plain[i] && !passes(i)) plain[i] = 0;
  };
  auto empty = [](const char* const* column, std::size_t i) {
    return column[i] == nullptr || column[i][0] == '\0';
  };
  // The texts a plain row writes must be UTF-8, as check_record wants them; a row that is not
  // takes the general path, which says so. ASCII, the common case, is seen in one pass.
  auto utf8 = [](const char* text) {
    if (text == nullptr) return true;
    const char* at = text;
    while (static_cast<unsigned char>(*at) - 1u < 0x7fu)
      ++at;
    return *at == '\0' || detail::valid_utf8(text);
  };
  // The ids' lengths come with the scan, so that writing and hashing them needs no strlen.
  id_sizes.resize(count);
  each([&](std::size_t i) {
    const char* const id = in.id[i];
    if (id == nullptr || id[0] == '\0') return false;
    const char* at = id;
    while (static_cast<unsigned char>(*at) - 1u < 0x7fu)
      ++at;
    if (*at != '\0') {
      const std::string_view text(id);
      if (!detail::valid_utf8(text)) return false;
      at = id + text.size();
    }
    id_sizes[i] = static_cast<std::uint32_t>(at - id);
    return true;
  });
  for (const char* const* texts_of : {in.certificate, in.activity, in.assessment}) {
    if (texts_of) each([&](std::size_t i) { return utf8(texts_of[i]); });
  }
  if (in.teacher_id) {
    each([&](std::size_t i) {
      return in.teacher_id[i] != nullptr && teacher_id == in.teacher_id[i];
    });
  }
  // The records before a row are at most those written and the rows before it.
  const DayRange allowed = detail::allowed_days(data->limits);
  const std::int64_t max_hours = data->limits.record_hours.hundredths();
  // These checks read numbers only, so they run on every row without a branch per row; the
  // common shape (a day, hours, a category index) has loops of its own.
  std::uint8_t* const flags = plain.data();
  if (in.hours && !in.end_day && !in.outcome_count) {
    for (std::size_t i = 0; i < count; ++i) {
      const bool passes = detail::plain_values_pass(in.start_day[i], no_day, in.hours[i], 0,
                                                    before + i, allowed, max_hours);
      flags[i] &= static_cast<std::uint8_t>(passes);
    }
  } else {
    each([&](std::size_t i) {
      return detail::plain_values_pass(
          in.start_day[i], in.end_day ? in.end_day[i] : no_day, in.hours ? in.hours[i] : 0,
          in.outcome_count ? in.outcome_count[i] : 0, before + i, allowed, max_hours);
    });
  }
  const auto category_count = static_cast<CategoryIndex>(category_ids.size());
  if (in.category) {
    for (std::size_t i = 0; i < count; ++i) {
      const CategoryIndex category = in.category[i];
      row_categories[i] = category;
      flags[i] &= static_cast<std::uint8_t>(category >= 0 && category < category_count);
    }
  }
  for (std::size_t i = 0; i < count && !in.category; ++i) {
    const auto found = policy.find_category(detail::text_at(in.category_id, i));
    row_categories[i] = found ? *found : no_category;
    if (!found || *found < 0 || *found >= category_count) plain[i] = 0;
  }
  for (const char* const* claims : {in.outcome, in.level, in.counts_as, in.split}) {
    if (claims) each([&](std::size_t i) { return empty(claims, i); });
  }
  if (in.attended) each([&](std::size_t i) { return in.attended[i] < 0; });
  if (in.exempted) each([&](std::size_t i) { return in.exempted[i] == 0; });
  if (in.recorded_day) each([&](std::size_t i) { return in.recorded_day[i] == no_day; });
}

void TeacherSession::State::add_plain_rows(const RecordArrays& in, std::size_t begin,
                                           std::size_t end, RowOrigin first) {
  const std::size_t rows = end - begin, r0 = record_count;
  make_room(r0 + rows);
  RecordColumns& records = data->records;
  auto fill = [&](auto& column, auto value) {
    std::fill_n(column.begin() + static_cast<std::ptrdiff_t>(r0), rows, value);
  };
  auto copy = [&](const auto* from, auto& column) {
    std::copy(from + begin, from + end, column.begin() + static_cast<std::ptrdiff_t>(r0));
  };
  fill(records.teacher, TeacherIndex{0});
  fill(records.file, static_cast<std::uint16_t>(first.file));
  fill(records.outcome.ids, std::int32_t{-1});
  fill(records.level.ids, std::int32_t{-1});
  fill(records.attended, std::int32_t{-1});
  fill(records.counts_as, no_category);
  fill(records.exempted, std::uint8_t{0});
  fill(records.split_first, std::int32_t{-1});
  fill(records.split_count, std::int16_t{0});
  copy(in.start_day, records.start_day);
  copy(row_categories.data(), records.category);
  DayNumber* const end_days = records.end_day.data() + r0;
  for (std::size_t k = 0; k < rows; ++k) {
    const DayNumber end_day = in.end_day ? in.end_day[begin + k] : no_day;
    end_days[k] = end_day == no_day ? in.start_day[begin + k] : end_day;
  }
  const Calendar& calendar = policy.calendar();
  const DayNumber* const days =
      calendar.assign_by() == AssignBy::start ? in.start_day + begin : end_days;
  std::copy_n(days, rows, records.day.begin() + static_cast<std::ptrdiff_t>(r0));
  std::copy_n(end_days, rows, records.known_day.begin() + static_cast<std::ptrdiff_t>(r0));
  std::int32_t* const hours = records.hours.data() + r0;
  std::int32_t* const lines = records.line.data() + r0;
  Disposition* const intakes = records.intake.data() + r0;
  for (std::size_t k = 0; k < rows; ++k) {
    hours[k] = in.hours ? static_cast<std::int32_t>(in.hours[begin + k]) : 0;
    lines[k] = first.line + static_cast<int>(begin + k);
    intakes[k] = calendar.in_cycle(days[k]) ? Disposition::credited : Disposition::outside;
  }
  for (std::size_t k = 0; k < rows; ++k) {
    if (intakes[k] != Disposition::outside) continue;
    const bool end_given = in.end_day && in.end_day[begin + k] != no_day;
    detail::warn_outside(*data, checks, {first.file, lines[k]}, end_given, days[k]);
  }
  if (in.status) {
    copy(in.status, records.status);
  } else {
    fill(records.status, RecordStatus::certified);
  }
  std::int32_t* const counts = records.count.data() + r0;
  for (std::size_t k = 0; k < rows; ++k) {
    const std::int32_t count = in.outcome_count ? in.outcome_count[begin + k] : 0;
    counts[k] = count == 0 ? 1 : count;
  }
  auto& [activities, outcomes, levels, assessments] = names;
  for (auto [column, texts_of] :
       {std::pair{&activities, in.activity}, std::pair{&assessments, in.assessment}}) {
    std::int32_t* const ids_of = (records.*column->column).ids.data() + r0;
    if (texts_of == nullptr) {  // the common case: no activity, no assessment
      std::fill_n(ids_of, rows, std::int32_t{-1});
      continue;
    }
    for (std::size_t k = 0; k < rows; ++k)
      ids_of[k] = column->intern(records, detail::text_at(texts_of, begin + k));
  }

  // The texts: viewed once, appended at once; ids then checked for repeats.
  if (texts.size() < rows) texts.resize(rows);
  const std::span<std::string_view> views(texts.data(), rows);
  if (in.certificate == nullptr) {  // the common case: none
    if (no_texts.size() < rows) no_texts.resize(rows);
    records.certificate.append(std::span<const std::string_view>(no_texts.data(), rows));
  } else {
    for (std::size_t k = 0; k < rows; ++k)
      views[k] = detail::text_at(in.certificate, begin + k);
    records.certificate.append(views);
  }
  for (std::size_t k = 0; k < rows; ++k)
    views[k] = std::string_view(in.id[begin + k], id_sizes[begin + k]);
  records.id.append(views);
  record_count = r0 + rows;
  for (std::size_t k = 0; k < rows; ++k)
    mark_if_duplicate(r0 + k, views[k]);
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
  return detail::Make::from<Audit>(audit);
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
  state.teacher_id = row.id;
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
  return state.add_row(row, origin);
}

std::size_t TeacherSession::add_records(const RecordArrays& records, RowOrigin first) {
  State& state = *state_;
  if (!state.started) state.start();
  return state.add_records(records, first);
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
