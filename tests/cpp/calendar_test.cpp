#include <gtest/gtest.h>

#include <yanxiu/calendar.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

Calendar dali_calendar() {
  return Calendar({Date(2017, 9, 1), 5, {{"1", 9, 1}, {"2", 2, 1}}, AssignBy::end, {}});
}

DayNumber day(int y, int m, int d) {
  return to_day_number(Date(y, m, d));
}

TEST(Calendar, DaliSemestersYearsAndCycle) {
  const Calendar calendar = dali_calendar();
  const auto& semesters = calendar.periods(PeriodKind::semester);
  ASSERT_EQ(semesters.size(), 10u);
  EXPECT_EQ(semesters[0].label, "2017-2018/1");
  EXPECT_EQ(semesters[0].first_day, day(2017, 9, 1));
  EXPECT_EQ(semesters[0].last_day, day(2018, 1, 31));
  EXPECT_EQ(semesters[1].label, "2017-2018/2");
  EXPECT_EQ(semesters[1].first_day, day(2018, 2, 1));
  EXPECT_EQ(semesters[1].last_day, day(2018, 8, 31));
  EXPECT_EQ(semesters[5].label, "2019-2020/2");
  EXPECT_EQ(semesters[5].day_count(), 213);  // 2020 is a leap year: Feb 1 .. Aug 31
  EXPECT_EQ(semesters[9].label, "2021-2022/2");

  const auto& years = calendar.periods(PeriodKind::academic_year);
  ASSERT_EQ(years.size(), 5u);
  EXPECT_EQ(years[0].label, "2017-2018");
  EXPECT_EQ(years[4].label, "2021-2022");
  EXPECT_EQ(years[4].last_day, day(2022, 8, 31));
  EXPECT_EQ(years[2].first_semester, 4);
  EXPECT_EQ(years[2].end_semester, 6);

  EXPECT_EQ(calendar.cycle().label, "cycle");
  EXPECT_EQ(calendar.cycle().first_day, day(2017, 9, 1));
  EXPECT_EQ(calendar.cycle().last_day, day(2022, 8, 31));
  EXPECT_TRUE(calendar.in_cycle(day(2022, 8, 31)));
  EXPECT_FALSE(calendar.in_cycle(day(2022, 9, 1)));
  EXPECT_FALSE(calendar.in_cycle(day(2017, 8, 31)));
}

TEST(Calendar, PlacesDaysInPeriods) {
  const Calendar calendar = dali_calendar();
  EXPECT_EQ(calendar.semester_of(day(2018, 1, 31)), 0);
  EXPECT_EQ(calendar.semester_of(day(2018, 2, 1)), 1);
  EXPECT_EQ(calendar.period_of(PeriodKind::academic_year, day(2019, 3, 1)), 1);
  EXPECT_EQ(calendar.period_of(PeriodKind::cycle, day(2021, 3, 1)), 0);
}

TEST(Calendar, IsoWeeks) {
  const Calendar calendar = dali_calendar();
  const auto& weeks = calendar.periods(PeriodKind::week);
  // 2017-09-01 is a Friday of ISO week 35, which began on Monday 2017-08-28.
  EXPECT_EQ(weeks.front().label, "2017-W35");
  EXPECT_EQ(weeks.front().first_day, day(2017, 8, 28));
  // 2022-08-31 is a Wednesday of 2022-W35.
  EXPECT_EQ(weeks.back().label, "2022-W35");
  EXPECT_EQ(weeks.back().last_day, day(2022, 9, 4));
  // Across a new year: Monday 2019-12-30 starts 2020-W01; Friday 2021-01-01 is in 2020-W53.
  EXPECT_EQ(weeks[static_cast<std::size_t>(calendar.week_of(day(2019, 12, 31)))].label, "2020-W01");
  EXPECT_EQ(weeks[static_cast<std::size_t>(calendar.week_of(day(2021, 1, 1)))].label, "2020-W53");
}

TEST(Calendar, ThreeSemesterYearWrapsOnce) {
  const Calendar calendar({Date(2020, 9, 1),
                           1,
                           {{"autumn", 9, 1}, {"spring", 2, 15}, {"summer", 7, 1}},
                           AssignBy::end,
                           {}});
  const auto& semesters = calendar.periods(PeriodKind::semester);
  ASSERT_EQ(semesters.size(), 3u);
  EXPECT_EQ(semesters[1].first_day, day(2021, 2, 15));
  EXPECT_EQ(semesters[2].label, "2020-2021/summer");
  EXPECT_EQ(semesters[2].last_day, day(2021, 8, 31));
}

TEST(Calendar, RejectsInconsistentSemesters) {
  // 01-01 after 02-01 would be a second wrap into another year.
  EXPECT_THROW(
      Calendar({Date(2017, 9, 1), 1, {{"1", 9, 1}, {"2", 2, 1}, {"3", 1, 1}}, AssignBy::end, {}}),
      std::invalid_argument);
  EXPECT_THROW(Calendar({Date(2017, 9, 1), 1, {{"1", 9, 1}, {"2", 9, 1}}, AssignBy::end, {}}),
               std::invalid_argument);
  EXPECT_THROW(Calendar({Date(2017, 9, 1), 1, {{"1", 2, 29}}, AssignBy::end, {}}),
               std::invalid_argument);
  EXPECT_THROW(Calendar({Date(2017, 9, 1), 1, {}, AssignBy::end, {}}), std::invalid_argument);
  EXPECT_THROW(Calendar({Date(2017, 9, 1), 0, {{"1", 9, 1}}, AssignBy::end, {}}),
               std::invalid_argument);
  // The cycle must start where an academic year does.
  EXPECT_THROW(Calendar({Date(2017, 9, 15), 5, {{"1", 9, 1}, {"2", 2, 1}}, AssignBy::end, {}}),
               std::invalid_argument);
}

TEST(Calendar, ParsesDates) {
  EXPECT_EQ(parse_date("2017-09-01"), Date(2017, 9, 1));
  EXPECT_EQ(parse_date("2017/9/1"), Date(2017, 9, 1));
  EXPECT_EQ(parse_date("2020-02-29"), Date(2020, 2, 29));
  EXPECT_FALSE(parse_date("2019-02-29"));
  EXPECT_FALSE(parse_date("2017-13-01"));
  EXPECT_FALSE(parse_date("2017-9/1"));
  EXPECT_FALSE(parse_date("20177-09-01"));
  EXPECT_FALSE(parse_date("1899-12-31"));
  EXPECT_FALSE(parse_date("2201-01-01"));
  EXPECT_FALSE(parse_date("2017-09-01T00:00"));
  EXPECT_FALSE(parse_date(""));
}

TEST(Calendar, DayNumbersCountFromTheUnixEpoch) {
  EXPECT_EQ(to_day_number(Date(1970, 1, 1)), 0);
  EXPECT_EQ(to_day_number(Date(2017, 9, 1)), 17410);
  EXPECT_EQ(from_day_number(17410), Date(2017, 9, 1));
  EXPECT_EQ(day_to_iso(17410), "2017-09-01");
  // The ends of the accepted range, and a leap day of a century year divisible by 400.
  EXPECT_EQ(parse_day("1900-01-01"), -25567);
  EXPECT_EQ(parse_day("2200-12-31"), 84370);
  EXPECT_EQ(earliest_day, -25567);
  EXPECT_EQ(latest_day, 84370);
  EXPECT_EQ(parse_day("2000-02-29"), 11016);
  EXPECT_EQ(day_to_iso(-25567), "1900-01-01");
  EXPECT_EQ(day_to_iso(84370), "2200-12-31");
  EXPECT_EQ(from_day_number(11016), Date(2000, 2, 29));
  // Every day of the range round-trips through text and Boost.
  for (DayNumber day = -25567; day <= 84370; day += 7) {
    ASSERT_EQ(parse_day(day_to_iso(day)), day);
    ASSERT_EQ(to_day_number(from_day_number(day)), day);
  }
}

}  // namespace
}  // namespace yanxiu
