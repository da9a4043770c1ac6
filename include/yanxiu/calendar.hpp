#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace yanxiu {

using Date = boost::gregorian::date;

/// Days since 1970-01-01, the unit of every date column (the same unit as numpy's
/// datetime64[D], so columns cross into Python unchanged).
using DayNumber = std::int32_t;

/// Marks an absent date in a day column (no join date, no leave date).
inline constexpr DayNumber no_day = INT32_MIN;

/// The dates inputs may carry: 1900-01-01 .. 2200-12-31.
inline constexpr DayNumber earliest_day = -25567;
inline constexpr DayNumber latest_day = 84370;

DayNumber to_day_number(Date date);
Date from_day_number(DayNumber day);

/// "2017-09-01"
std::string to_iso(Date date);
std::string day_to_iso(DayNumber day);
void append_iso(std::string& out, DayNumber day);

/// Reads "2017-09-01" (also "2017/9/1", as spreadsheets export it). Years 1900..2200 only, so a
/// slip of the keyboard ("20177-09-01", "0217-09-01") is an error rather than a far date.
std::optional<Date> parse_date(std::string_view text);
/// The same, as a day number.
std::optional<DayNumber> parse_day(std::string_view text);

/// The periods a rule can be judged over. Only ever appended to: the C ABI numbers them.
enum class PeriodKind : std::uint8_t { semester, academic_year, cycle, week, fortnight, phase };
inline constexpr int period_kind_count = 6;

/// "semester", "academic_year", "cycle", "week", "fortnight", "phase": as the policy format
/// names them.
std::string_view to_string(PeriodKind kind);
std::optional<PeriodKind> parse_period_kind(std::string_view name);

/// Which date places a record that spans several days (a summer course) in a period.
enum class AssignBy : std::uint8_t { start, end };

/// One semester of the academic year as the policy declares it: it starts on month-day and
/// runs to the day before the next semester's start.
struct SemesterSpec {
  std::string name;
  int month = 9;
  int day = 1;
};

/// A named stretch of the year with its own kind of training (S3.4: "summer study 2024-07..09,
/// central + remote"). Phases may overlap each other and the cycle's edges.
struct PhaseSpec {
  std::string id;
  std::string label;
  DayNumber first_day = 0;
  DayNumber last_day = 0;          ///< inclusive
  std::vector<std::string> forms;  ///< how it is delivered: "central", "remote", "school"...
};

struct CalendarSpec {
  Date cycle_start{2017, 9, 1};
  int years = 5;
  std::vector<SemesterSpec> semesters;
  AssignBy assign_by = AssignBy::end;
  std::vector<PhaseSpec> phases;
};

/// One period of the cycle: a semester, an academic year, the cycle, or an ISO week.
struct Period {
  PeriodKind kind = PeriodKind::cycle;
  int index = 0;  ///< position among the periods of its kind, in date order
  DayNumber first_day = 0;
  DayNumber last_day = 0;  ///< inclusive
  std::string label;  ///< "2017-2018/1", "2017-2018", "cycle", "2017-W36", "2017-W36+1", a phase id
  /// Semesters [first_semester, end_semester) make up the period (semesters, years, the cycle);
  /// empty for weeks, fortnights and phases, which are judged from their days.
  int first_semester = 0;
  int end_semester = 0;

  int day_count() const { return last_day - first_day + 1; }
  bool contains(DayNumber day) const { return first_day <= day && day <= last_day; }
};

/// The periods of one training cycle, computed once from the policy's calendar.
///
/// Academic year N-(N+1) starts on the first semester's start in year N; semesters tile the
/// year without gaps, so every day of the cycle lies in exactly one semester and one year.
/// Weeks are the ISO weeks (Monday..Sunday) that overlap the cycle; fortnights pair them from the
/// cycle's first week. Phases are the policy's own named stretches.
class Calendar {
 public:
  /// Throws std::invalid_argument, in words a policy author understands, when the semesters are
  /// empty, out of order, not a valid month-day, or the cycle does not start on the first
  /// semester's start; the policy loader reports that message at the calendar's line.
  explicit Calendar(CalendarSpec spec);

  const CalendarSpec& spec() const { return spec_; }
  AssignBy assign_by() const { return spec_.assign_by; }

  const Period& cycle() const { return cycle_.front(); }
  const std::vector<Period>& periods(PeriodKind kind) const;
  int semesters_per_year() const { return static_cast<int>(spec_.semesters.size()); }

  bool in_cycle(DayNumber day) const { return cycle().contains(day); }
  /// The semester / week holding `day`; the day must be in the cycle.
  int semester_of(DayNumber day) const { return semester_of_day_[day - cycle().first_day]; }
  int week_of(DayNumber day) const { return (day - weeks_.front().first_day) / 7; }
  /// The period of `kind` holding `day`, the day in the cycle; for phases, which may overlap or
  /// leave gaps, the first phase holding it or -1.
  int period_of(PeriodKind kind, DayNumber day) const;

 private:
  CalendarSpec spec_;
  std::vector<Period> semesters_, years_, cycle_, weeks_, fortnights_, phases_;
  std::vector<std::uint16_t> semester_of_day_;
};

}  // namespace yanxiu
