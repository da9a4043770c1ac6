#include <cstdio>
#include <stdexcept>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <yanxiu/calendar.hpp>

namespace yanxiu {

namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// Reads 1..max_digits digits; false when there are none or too many.
bool read_number(std::string_view& text, int max_digits, int& value) {
  int digits = 0;
  value = 0;
  while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
    if (++digits > max_digits) return false;
    value = value * 10 + (text.front() - '0');
    text.remove_prefix(1);
  }
  return digits > 0;
}

std::string two_digits(int value) {
  char text[4];
  std::snprintf(text, sizeof text, "%02d", value);
  return text;
}

Date make_date(int year, int month, int day) {
  using boost::gregorian::greg_day;
  using boost::gregorian::greg_month;
  using boost::gregorian::greg_year;
  return Date(greg_year(static_cast<unsigned short>(year)),
              greg_month(static_cast<unsigned short>(month)),
              greg_day(static_cast<unsigned short>(day)));
}

// Howard Hinnant's days_from_civil and civil_from_days: exact for the proleptic Gregorian
// calendar, and much cheaper than going through Boost's date arithmetic and stream formatting,
// which matters when a county's millions of record dates are read and written.
DayNumber days_from_civil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  int year, month, day;
};

Civil civil_from_days(DayNumber days) {
  days += 719468;
  const int era = (days >= 0 ? days : days - 146096) / 146097;
  const int day_of_era = days - era * 146097;
  const int year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int shifted_month = (5 * day_of_year + 2) / 153;
  const int day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

}  // namespace

DayNumber to_day_number(Date date) {
  return days_from_civil(date.year(), date.month(), date.day());
}

Date from_day_number(DayNumber day) {
  const Civil civil = civil_from_days(day);
  return make_date(civil.year, civil.month, civil.day);
}

std::string to_iso(Date date) {
  return day_to_iso(to_day_number(date));
}

void append_iso(std::string& out, DayNumber day) {
  const Civil civil = civil_from_days(day);  // years 1900..2200 by construction: four digits
  const char text[10] = {static_cast<char>('0' + civil.year / 1000 % 10),
                         static_cast<char>('0' + civil.year / 100 % 10),
                         static_cast<char>('0' + civil.year / 10 % 10),
                         static_cast<char>('0' + civil.year % 10),
                         '-',
                         static_cast<char>('0' + civil.month / 10),
                         static_cast<char>('0' + civil.month % 10),
                         '-',
                         static_cast<char>('0' + civil.day / 10),
                         static_cast<char>('0' + civil.day % 10)};
  out.append(text, sizeof text);
}

std::string day_to_iso(DayNumber day) {
  std::string text;
  append_iso(text, day);
  return text;
}

std::optional<Date> parse_date(std::string_view text) {
  const auto day = parse_day(text);
  if (!day) return std::nullopt;
  return from_day_number(*day);
}

std::optional<DayNumber> parse_day(std::string_view text) {
  // The usual "YYYY-MM-DD", read without the general path's loops.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    int digits[8];
    int n = 0;
    for (const int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
      const int digit = text[static_cast<std::size_t>(i)] - '0';
      if (digit < 0 || digit > 9) return std::nullopt;
      digits[n++] = digit;
    }
    const int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    const int month = digits[4] * 10 + digits[5];
    const int day = digits[6] * 10 + digits[7];
    if (year < 1900 || year > 2200 || month < 1 || month > 12) return std::nullopt;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return days_from_civil(year, month, day);
  }
  int year = 0, month = 0, day = 0;
  std::string_view rest = text;
  if (!read_number(rest, 4, year) || rest.empty()) return std::nullopt;
  const char separator = rest.front();
  if (separator != '-' && separator != '/') return std::nullopt;
  rest.remove_prefix(1);
  if (!read_number(rest, 2, month) || rest.empty() || rest.front() != separator)
    return std::nullopt;
  rest.remove_prefix(1);
  if (!read_number(rest, 2, day) || !rest.empty()) return std::nullopt;
  if (year < 1900 || year > 2200 || month < 1 || month > 12)
    return std::nullopt;  // earliest_day..latest_day
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return days_from_civil(year, month, day);
}

std::string_view to_string(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::semester:
      return "semester";
    case PeriodKind::academic_year:
      return "academic_year";
    case PeriodKind::cycle:
      return "cycle";
    case PeriodKind::week:
      return "week";
    case PeriodKind::fortnight:
      return "fortnight";
    case PeriodKind::phase:
      return "phase";
  }
  return "?";
}

std::optional<PeriodKind> parse_period_kind(std::string_view name) {
  for (auto kind : {PeriodKind::semester, PeriodKind::academic_year, PeriodKind::cycle,
                    PeriodKind::week, PeriodKind::fortnight, PeriodKind::phase}) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

namespace {

// Checks the semesters of a spec; for each, whether it starts in the calendar year after the
// academic year's (09-01, then 02-01 of the following year).
std::vector<bool> check_semesters(const CalendarSpec& spec) {
  const auto& semesters = spec.semesters;
  if (semesters.empty()) throw std::invalid_argument("a calendar needs at least one semester");
  if (semesters.size() > 12) throw std::invalid_argument("a calendar has at most 12 semesters");
  if (spec.years < 1 || spec.years > 50) {
    throw std::invalid_argument("a cycle lasts 1 to 50 academic years");
  }
  // A semester's position in the academic year: month*100+day, plus 1300 once the list has
  // wrapped into the next calendar year.
  std::vector<bool> next_year(semesters.size(), false);
  int previous = -1;
  bool wrapped = false;
  for (std::size_t i = 0; i < semesters.size(); ++i) {
    const auto& semester = semesters[i];
    if (semester.month < 1 || semester.month > 12 || semester.day < 1 ||
        semester.day > days_in_month(2001, semester.month)) {
      throw std::invalid_argument("semester \"" + semester.name + "\" starts on " +
                                  two_digits(semester.month) + "-" + two_digits(semester.day) +
                                  ", which is not a day of every year");
    }
    int position = semester.month * 100 + semester.day + (wrapped ? 1300 : 0);
    if (position <= previous && !wrapped) {
      wrapped = true;
      position += 1300;
    }
    if (position <= previous ||
        position >= 1300 + semesters.front().month * 100 + semesters.front().day) {
      throw std::invalid_argument(
          "semesters must be listed in the order of the academic year, within one year of the "
          "first (semester \"" +
          semester.name + "\" is out of order)");
    }
    next_year[i] = wrapped;
    previous = position;
  }
  const auto& first = semesters.front();
  if (spec.cycle_start.month() != first.month || spec.cycle_start.day() != first.day) {
    throw std::invalid_argument("the cycle starts on " + to_iso(spec.cycle_start) +
                                ", not on the first semester's start (" + two_digits(first.month) +
                                "-" + two_digits(first.day) + ")");
  }
  return next_year;
}

// The semesters and the academic years of the cycle, in date order.
void add_semesters_and_years(const CalendarSpec& spec, const std::vector<bool>& next_year,
                             std::vector<Period>& semesters_out, std::vector<Period>& years_out) {
  const auto& semesters = spec.semesters;
  const int first_year = spec.cycle_start.year();
  auto semester_start = [&](int academic_year, std::size_t i) {
    return to_day_number(
        make_date(academic_year + (next_year[i] ? 1 : 0), semesters[i].month, semesters[i].day));
  };
  const int per_year = static_cast<int>(semesters.size());
  for (int y = 0; y < spec.years; ++y) {
    const int year = first_year + y;
    const std::string year_label = std::to_string(year) + "-" + std::to_string(year + 1);
    for (int i = 0; i < per_year; ++i) {
      Period period;
      period.kind = PeriodKind::semester;
      period.index = y * per_year + i;
      period.first_day = semester_start(year, i);
      period.last_day =
          (i + 1 < per_year ? semester_start(year, i + 1) : semester_start(year + 1, 0)) - 1;
      period.label = year_label + "/" + semesters[i].name;
      period.first_semester = period.index;
      period.end_semester = period.index + 1;
      semesters_out.push_back(std::move(period));
    }
    Period period;
    period.kind = PeriodKind::academic_year;
    period.index = y;
    period.first_day = semesters_out[y * per_year].first_day;
    period.last_day = semesters_out.back().last_day;
    period.label = year_label;
    period.first_semester = y * per_year;
    period.end_semester = (y + 1) * per_year;
    years_out.push_back(std::move(period));
  }
}

// The ISO weeks (Monday..Sunday) that overlap the cycle.
std::vector<Period> iso_weeks(const Period& cycle) {
  std::vector<Period> weeks;
  // Boost numbers Sunday 0, so Monday is 1.
  const Date cycle_first = from_day_number(cycle.first_day);
  const int back_to_monday = (cycle_first.day_of_week().as_number() + 6) % 7;
  for (DayNumber monday = cycle.first_day - back_to_monday; monday <= cycle.last_day; monday += 7) {
    const Date thursday = from_day_number(monday + 3);  // its year is the ISO year
    Period week;
    week.kind = PeriodKind::week;
    week.index = static_cast<int>(weeks.size());
    week.first_day = monday;
    week.last_day = monday + 6;
    week.label = std::to_string(thursday.year()) + "-W" + two_digits(thursday.week_number());
    weeks.push_back(std::move(week));
  }
  return weeks;
}

// Fortnights: "2017-W35+1" is week 2017-W35 and the one after it.
std::vector<Period> fortnights_of(const std::vector<Period>& weeks) {
  std::vector<Period> fortnights;
  for (std::size_t w = 0; w < weeks.size(); w += 2) {
    Period fortnight = weeks[w];
    fortnight.kind = PeriodKind::fortnight;
    fortnight.index = static_cast<int>(fortnights.size());
    fortnight.last_day = fortnight.first_day + 13;
    fortnight.label += "+1";
    fortnights.push_back(std::move(fortnight));
  }
  return fortnights;
}

std::vector<Period> phases_of(const CalendarSpec& spec) {
  std::vector<Period> phases;
  for (const auto& phase : spec.phases) {
    if (phase.last_day < phase.first_day) {
      throw std::invalid_argument("phase \"" + phase.id + "\" ends before it starts");
    }
    Period period;
    period.kind = PeriodKind::phase;
    period.index = static_cast<int>(phases.size());
    period.first_day = phase.first_day;
    period.last_day = phase.last_day;
    period.label = phase.id;
    phases.push_back(std::move(period));
  }
  return phases;
}

}  // namespace

Calendar::Calendar(CalendarSpec spec) : spec_(std::move(spec)) {
  add_semesters_and_years(spec_, check_semesters(spec_), semesters_, years_);
  Period cycle;
  cycle.kind = PeriodKind::cycle;
  cycle.first_day = semesters_.front().first_day;
  cycle.last_day = semesters_.back().last_day;
  cycle.label = "cycle";
  cycle.end_semester = static_cast<int>(semesters_.size());
  cycle_.push_back(std::move(cycle));

  semester_of_day_.resize(static_cast<std::size_t>(cycle_.front().day_count()));
  for (const auto& semester : semesters_) {
    for (DayNumber day = semester.first_day; day <= semester.last_day; ++day) {
      semester_of_day_[day - cycle_.front().first_day] = static_cast<std::uint16_t>(semester.index);
    }
  }
  weeks_ = iso_weeks(cycle_.front());
  fortnights_ = fortnights_of(weeks_);
  phases_ = phases_of(spec_);
}

const std::vector<Period>& Calendar::periods(PeriodKind kind) const {
  switch (kind) {
    case PeriodKind::semester:
      return semesters_;
    case PeriodKind::academic_year:
      return years_;
    case PeriodKind::week:
      return weeks_;
    case PeriodKind::fortnight:
      return fortnights_;
    case PeriodKind::phase:
      return phases_;
    case PeriodKind::cycle:
      break;
  }
  return cycle_;
}

int Calendar::period_of(PeriodKind kind, DayNumber day) const {
  switch (kind) {
    case PeriodKind::semester:
      return semester_of(day);
    case PeriodKind::academic_year:
      return semester_of(day) / semesters_per_year();
    case PeriodKind::week:
      return week_of(day);
    case PeriodKind::fortnight:
      return week_of(day) / 2;
    case PeriodKind::phase:
      for (const auto& phase : phases_) {
        if (phase.contains(day)) return phase.index;
      }
      return -1;
    case PeriodKind::cycle:
      break;
  }
  return 0;
}

}  // namespace yanxiu
