#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/calendar.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/enum_counts.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/limits.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/progress.hpp>

namespace yanxiu {

using TeacherIndex = std::int32_t;
using RecordIndex = std::int32_t;

/// Where every input record ends up; each row gets exactly one, and the counts add up to the
/// rows read (DESIGN.md, "Inputs").
enum class Disposition : std::uint8_t {
  credited,     ///< counted
  capped,       ///< every rule that would count it was already at its maximum
  gated,        ///< a policy gate failed (attendance, assessment)
  outside,      ///< dated outside the cycle, or after the audit's as-of date
  duplicate,    ///< the same record id was seen before
  uncertified,  ///< status pending or rejected
  invalid,      ///< the row could not be read; the diagnostic says why
};
inline constexpr int disposition_count = 7;
std::string_view to_string(Disposition disposition);

using DispositionCounts = EnumCounts<Disposition, disposition_count>;

/// "records: 190 credited, 0 capped, 0 gated, 1 outside, 1 duplicate, 1 uncertified, 3 invalid"
std::string summary_line(const DispositionCounts& counts);

/// The strings of one column packed into one buffer: no heap object per row.
class StringColumn {
 public:
  void push_back(std::string_view value) {
    const std::uint64_t used = chars_used();
    if (value.size() > chars_.size() - used) grow(value.size());
    if (!value.empty()) std::memcpy(chars_.data() + used, value.data(), value.size());
    ends_.push_back(used + value.size());
  }
  std::string_view operator[](std::size_t row) const {
    const std::uint64_t begin = row == 0 ? 0 : ends_[row - 1];
    return {chars_.data() + begin, static_cast<std::size_t>(ends_[row] - begin)};
  }
  std::size_t size() const { return ends_.size(); }
  void reserve(std::size_t rows, std::size_t chars);
  /// Empties the column, keeping its memory.
  void clear() { ends_.clear(); }
  /// Appends every string of `other`.
  void append(const StringColumn& other) { append(other, 0, other.size()); }
  /// Appends rows [begin, end) of `other`.
  void append(const StringColumn& other, std::size_t begin, std::size_t end);
  /// Appends every string of `values`.
  void append(std::span<const std::string_view> values);
  /// The same strings in the order `order` gives (order[i] is the old row of new row i).
  StringColumn permuted(std::span<const std::int32_t> order) const;

 private:
  std::uint64_t chars_used() const { return ends_.empty() ? 0 : ends_.back(); }
  /// Room for `more` characters after those used.
  void grow(std::size_t more);

  /// The characters, then room for more: a push copies into the room, without the bookkeeping
  /// of a vector's insert.
  std::vector<char> chars_;
  std::vector<std::uint64_t> ends_;
};

/// A text column with few distinct values (activities, outcomes, levels): each row holds an
/// index into `names`, or -1 when empty. Rules compare indices, not strings.
struct InternedColumn {
  std::vector<std::int32_t> ids;
  std::vector<std::string> names;

  std::string_view operator[](std::size_t row) const {
    return ids[row] < 0 ? std::string_view()
                        : std::string_view(names[static_cast<std::size_t>(ids[row])]);
  }
  /// The index of `name`, or -1 when no row has it.
  std::int32_t find(std::string_view name) const;
  std::size_t size() const { return ids.size(); }
};

/// Teachers as columns, in input order: TeacherIndex i is row i.
struct TeacherColumns {
  StringColumn id;
  std::vector<DayNumber> birth_day;  ///< no_day when unknown
  std::vector<DayNumber> join_day;   ///< no_day: employed since before the cycle
  std::vector<DayNumber> leave_day;  ///< no_day: still employed; else the last day employed
  std::vector<std::int32_t> line;    ///< source line of the row
  /// Periods of leave of absence (the `leave` column): teacher t's are
  /// [absence_begin[t], absence_begin[t + 1]) of absence_first_day / absence_last_day.
  std::vector<std::int32_t> absence_begin{0};
  std::vector<DayNumber> absence_first_day;
  std::vector<DayNumber> absence_last_day;
  /// Every other column, as text: school, subject, stage, title, roles, star, backbone, flags
  /// and whatever extra columns the export has. Usable in `applies_to`.
  std::vector<std::string> attribute_names;
  std::vector<StringColumn> attributes;

  std::size_t size() const { return id.size(); }
  const StringColumn* attribute(std::string_view name) const;
};

/// Records as columns, grouped by teacher and, within a teacher, in input order (the order of
/// dates is the evaluation's to take where it matters: caps credit the earliest records first).
/// Only rows that could be read are here; invalid rows exist only as diagnostics.
struct RecordColumns {
  StringColumn id;
  std::vector<TeacherIndex> teacher;
  std::vector<DayNumber> start_day;
  std::vector<DayNumber> end_day;  ///< equals start_day for a one-day record
  std::vector<DayNumber> day;      ///< the day the calendar's assign_by picks
  /// The first day an audit may know of the record: its end day, or the day it was entered
  /// (`recorded_at`) when that is later. An audit as of an earlier day leaves it `outside`.
  std::vector<DayNumber> known_day;
  std::vector<std::int32_t> hours;  ///< hundredths of an hour
  std::vector<CategoryIndex> category;
  std::vector<RecordStatus> status;
  /// The disposition known at intake: credited (still to be judged by the rules), outside,
  /// duplicate or uncertified. Evaluation refines credited into credited or capped.
  std::vector<Disposition> intake;
  std::vector<std::uint16_t> file;  ///< index into Ledger::files()
  std::vector<std::int32_t> line;
  InternedColumn activity;    ///< what was done, for count and choice rules
  InternedColumn outcome;     ///< what was achieved, for conversions
  InternedColumn level;       ///< the outcome's level ("provincial")
  InternedColumn assessment;  ///< the course's result, for assessment gates
  StringColumn certificate;
  std::vector<std::int32_t> count;  ///< activities or outcome items, at least 1
  std::vector<std::int32_t>
      attended;  ///< hundredths attended, for attendance gates; -1: not recorded
  std::vector<CategoryIndex> counts_as;  ///< the category it offsets (冲抵); no_category: none
  std::vector<std::uint8_t> exempted;    ///< credited by exemption (免修) without attendance
  /// A course split across categories: its portions are [split_first, split_first + split_count)
  /// of split_category / split_hours; split_count 0 for a record that is not split.
  std::vector<std::int32_t> split_first;
  std::vector<std::int16_t> split_count;
  std::vector<CategoryIndex> split_category;
  std::vector<std::int32_t> split_hours;

  std::size_t size() const { return teacher.size(); }
};

/// A span of days, both ends included.
struct DayRange {
  DayNumber first = 0;
  DayNumber last = 0;
};

/// A teacher row given as values rather than text (the C ABI and Python append these).
struct TeacherRow {
  std::string_view id;
  DayNumber birth_day = no_day;
  DayNumber join_day = no_day;
  DayNumber leave_day = no_day;
  /// Values of the attributes declared with LedgerBuilder::set_attribute_names, in that order.
  std::span<const std::string_view> attributes;
  /// Leave of absence: days not served, as if not employed.
  std::span<const DayRange> absences;
};

/// One category's share of a record split across several (S2.12).
struct SplitPortion {
  std::string_view category;
  Hours hours;
};

/// A record row given as values rather than text.
struct RecordRow {
  std::string_view id;
  std::string_view teacher_id;
  DayNumber start_day = no_day;
  DayNumber end_day = no_day;  ///< no_day: a one-day record
  /// When it was entered (`recorded_at`); no_day: not known, taken as its end day.
  DayNumber recorded_day = no_day;
  Hours hours;
  std::string_view category;
  /// The category by index into Policy::categories(), for callers that hold indices (the C ABI,
  /// numpy columns); when set, `category` is not read.
  CategoryIndex category_index = no_category;
  RecordStatus status = RecordStatus::certified;
  std::string_view activity;
  std::string_view outcome;
  std::string_view level;
  std::int32_t count = 0;  ///< 0: not given, which counts as 1
  std::string_view certificate;
  std::optional<Hours> attended;
  std::string_view assessment;
  std::string_view counts_as;
  bool exempted = false;
  std::span<const SplitPortion> split;
};

/// Records given as columns, the shape the C ABI passes and numpy holds (sys/intake.hpp).
struct RecordArrays;

/// Where a row came from: a file registered with the builder and a 1-based line.
struct RowOrigin {
  int file = 0;
  int line = 0;
};

namespace detail {
struct LedgerData;
struct Make;
}  // namespace detail

struct TeacherRecords;

/// Validated teachers and records, held as columns. Knows the policy's categories and calendar,
/// not its rules. Immutable; copies share one instance and may be read from many threads.
class Ledger {
 public:
  const Policy& policy() const;
  const TeacherColumns& teachers() const;
  const RecordColumns& records() const;
  /// Records of teacher t are [record_begin(t), record_begin(t + 1)).
  RecordIndex record_begin(TeacherIndex teacher) const;
  std::optional<TeacherIndex> find_teacher(std::string_view id) const;

  /// The input files, by RecordColumns::file / RowOrigin::file.
  const std::vector<std::string>& files() const;
  /// Every problem with a row (errors for rejected rows, warnings for duplicates and records
  /// outside the cycle), in input order.
  const Diagnostics& diagnostics() const;
  /// Intake dispositions of all record rows read, the invalid ones included.
  const DispositionCounts& intake_counts() const;
  std::int64_t invalid_teacher_rows() const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit Ledger(std::shared_ptr<const detail::LedgerData> data) : data_(std::move(data)) {}
  friend Ledger replace_records(const Ledger&, std::span<const TeacherRecords>, std::string_view);
  friend Ledger teacher_with_records(const Ledger&, TeacherIndex, std::span<const RecordRow>,
                                     std::string_view);
  std::shared_ptr<const detail::LedgerData> data_;
};

/// One teacher's records after a change (records added, changed or withdrawn): the whole list.
/// A row's teacher_id may be left empty; it is the teacher's.
struct TeacherRecords {
  std::string_view teacher_id;
  std::span<const RecordRow> records;
};

/// The ledger with some teachers' records replaced, everyone else's kept as they were: the
/// input of reevaluate() (audit.hpp). The new rows are checked like any others and named
/// `source` in messages, their lines counted from 1 across the changes; a new row whose id is
/// another record's is a duplicate. Throws InputError for a teacher the ledger does not have.
Ledger replace_records(const Ledger& ledger, std::span<const TeacherRecords> changes,
                       std::string_view source = "changes");

/// A ledger of one teacher of `ledger` alone, with their records and `added` after them (each row
/// checked as when read, named `source` in messages; their ids are not compared with the
/// teacher's others): what-ifs for one teacher at the cost of their rows only, such as the
/// proposals of a gap plan (gap_plan.hpp). The teacher is index 0.
Ledger teacher_with_records(const Ledger& ledger, TeacherIndex teacher,
                            std::span<const RecordRow> added, std::string_view source = "added");

/// Builds a ledger row by row or file by file, validating as it goes. Teachers come first:
/// a record names its teacher by id.
class LedgerBuilder {
 public:
  /// `limits` bounds the rows (line length, columns, hours, dates): a row past one is rejected
  /// with a diagnostic naming the bound; a header past one throws InputError.
  explicit LedgerBuilder(Policy policy, const InputLimits& limits = {});
  ~LedgerBuilder();
  LedgerBuilder(LedgerBuilder&&) noexcept;
  LedgerBuilder& operator=(LedgerBuilder&&) noexcept;

  /// Reads teachers.csv: a header row, then one teacher per row. Throws InputError when the
  /// file cannot be read or lacks the `id` column; a bad row becomes a diagnostic.
  void read_teachers(const std::filesystem::path& path);
  void read_teachers_text(std::string_view csv, std::string_view name);
  /// Reads records.csv; throws InputError when the file cannot be read or lacks a required
  /// column (id, teacher_id, date, hours, category).
  void read_records(const std::filesystem::path& path);
  void read_records_text(std::string_view csv, std::string_view name);
  /// Told how far each of the CSV files read from now on is (Phase::reading_teachers,
  /// reading_records; progress.hpp); empty (the default): nothing is told. Dropped by build().
  void set_progress(Progress progress);

  /// A name for messages about rows added by value; returns the file index for RowOrigin.
  int add_source(std::string_view name);
  /// Declares the attribute columns of the teachers that follow (once, before any teacher).
  void set_attribute_names(std::vector<std::string> names);
  /// Each returns false, with a diagnostic, when the row is rejected.
  bool add_teacher(const TeacherRow& row, RowOrigin origin);
  bool add_record(const RecordRow& row, RowOrigin origin);
  /// Each row as add_record would take it, row i from line first.line + i; a row whose category
  /// index is negative or whose split cannot be read is rejected. Returns the rows taken.
  std::size_t add_records(const RecordArrays& records, RowOrigin first);
  /// Count a row that could not even be parsed into a row value, with the reason.
  void reject_teacher(RowOrigin origin, std::string field, std::string message);
  void reject_record(RowOrigin origin, std::string field, std::string message);

  const Diagnostics& diagnostics() const;

  /// Groups the records by teacher, each teacher's in input order; the builder is empty afterwards.
  Ledger build();

 private:
  std::unique_ptr<detail::LedgerData> data_;
  struct Index;
  std::unique_ptr<Index> index_;
};

/// teachers.csv + records.csv into a ledger; bad rows end up in Ledger::diagnostics().
Ledger read_ledger(const Policy& policy, const std::filesystem::path& teachers,
                   const std::filesystem::path& records);

}  // namespace yanxiu
