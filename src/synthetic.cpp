#include <algorithm>
#include <array>
#include <cstdio>

#include <yanxiu/calendar.hpp>
#include <yanxiu/synthetic.hpp>

namespace yanxiu {

namespace {

// xoshiro256** seeded by splitmix64: small, fast, and the same sequence everywhere (the
// standard distributions are not portable across library implementations).
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool chance(int per_10k) { return between(0, 9999) < per_10k; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

// How one category is usually earned in a semester: hours in [low, high] split over `records`.
struct Habit {
  std::string id;
  std::int64_t low = 0, high = 0;  ///< hundredths
  int records = 1;
  bool holiday = false;  ///< one course of several days in the winter or summer break
  bool online = false;   ///< certified by the online platform
};

std::vector<Habit> habits_for(const Policy& policy) {
  const std::vector<Habit> dali = {{"school", 1200, 1600, 2, false, false},
                                   {"workshop", 800, 1000, 1, false, false},
                                   {"self", 400, 600, 1, false, false},
                                   {"holiday", 600, 800, 1, true, false},
                                   {"online", 600, 1200, 1, false, true}};
  std::vector<Habit> habits;
  for (const auto& habit : dali) {
    if (policy.find_category(habit.id)) habits.push_back(habit);
  }
  if (habits.size() == dali.size()) return habits;
  habits.clear();
  for (const auto& category : policy.categories())
    habits.push_back({category.id, 600, 1200, 1, false, false});
  return habits;
}

const char* const subjects[] = {"语文", "数学", "英语", "物理", "化学", "生物",    "历史",
                                "地理", "政治", "音乐", "体育", "美术", "信息技术"};
const char* const stages[] = {"kindergarten", "primary",     "primary",    "primary",
                              "junior_high",  "junior_high", "senior_high"};
const char* const titles[] = {"none", "junior", "junior", "intermediate", "intermediate", "senior"};

void append_day(std::string& out, DayNumber day) {
  out += day_to_iso(day);
}

void append_hundredths(std::string& out, std::int64_t value) {
  append_hours(out, Hours::from_hundredths(value));
}

}  // namespace

SyntheticCounty generate_county(const Policy& policy, const SyntheticCountyOptions& options) {
  SyntheticCounty county;
  Random random(options.seed);
  const Calendar& calendar = policy.calendar();
  const Period& cycle = calendar.cycle();
  const auto& semesters = calendar.periods(PeriodKind::semester);
  const std::vector<Habit> habits = habits_for(policy);
  const std::int64_t schools = std::max<std::int64_t>(1, options.teachers / 60);

  county.teachers_csv =
      "id,school,subject,stage,title,roles,birth_date,join_date,leave_date,star,backbone,flags\n";
  county.records_csv =
      "id,teacher_id,date,end_date,hours,category,certificate,status,activity,outcome,level,"
      "count\n";
  std::string& t = county.teachers_csv;
  std::string& r = county.records_csv;
  std::string row;

  for (std::int64_t teacher = 0; teacher < options.teachers; ++teacher) {
    char id[48];
    std::snprintf(id, sizeof id, "T%07lld", static_cast<long long>(teacher + 1));
    const DayNumber birth =
        to_day_number(Date(1962, 1, 1)) + static_cast<DayNumber>(random.between(0, 38 * 365));
    DayNumber join = no_day, leave = no_day;
    if (random.chance(500))
      join = cycle.first_day + static_cast<DayNumber>(random.between(30, cycle.day_count() - 200));
    if (random.chance(300)) {
      const DayNumber from = join == no_day ? cycle.first_day + 200 : join + 200;
      if (from < cycle.last_day)
        leave = static_cast<DayNumber>(random.between(from, cycle.last_day));
    }
    const auto title = titles[random.between(0, 5)];
    t += id;
    t += ",S" + std::to_string(1000 + random.between(1, schools)).substr(1);
    t += ',';
    t += subjects[random.between(0, 12)];
    t += ',';
    t += stages[random.between(0, 6)];
    t += ',';
    t += title;
    t += ',';
    t += random.chance(3000) ? "class_teacher" : "";
    t += ',';
    append_day(t, birth);
    t += ',';
    if (join != no_day) append_day(t, join);
    t += ',';
    if (leave != no_day) append_day(t, leave);
    t += ',' + std::to_string(random.between(1, 5)) + ',';
    t += random.chance(800) ? "county" : "";
    t += ",\n";

    // Seven in ten comply, two miss a part now and then, one lags throughout.
    const std::int64_t profile = random.between(0, 9);
    const DayNumber employed_from = join == no_day ? cycle.first_day : join;
    const DayNumber employed_to = leave == no_day ? cycle.last_day : leave;
    int sequence = 0;
    for (const Period& semester : semesters) {
      if (semester.last_day < employed_from || semester.first_day > employed_to) continue;
      const DayNumber first = std::max(semester.first_day, employed_from);
      const DayNumber last = std::min(semester.last_day, employed_to);
      for (const Habit& habit : habits) {
        std::int64_t hours = random.between(habit.low, habit.high);
        if (profile == 9) hours = hours * random.between(40, 90) / 100;
        if (profile >= 7 && profile < 9 && random.chance(3000))
          hours = habit.low * random.between(50, 90) / 100;
        for (int k = 0; k < habit.records; ++k) {
          std::int64_t share = hours / habit.records + (k == 0 ? hours % habit.records : 0);
          DayNumber start = static_cast<DayNumber>(random.between(first, last));
          DayNumber end = start;
          if (habit.holiday) {
            // A course of a few days in the break at the end of the semester; one in five runs
            // past the semester's last day and, assigned by its end, counts in the next one.
            if (random.chance(2000)) {
              start = last - static_cast<DayNumber>(random.between(0, 3));
              end = std::min(cycle.last_day, last + static_cast<DayNumber>(random.between(1, 4)));
            } else {
              end = last - static_cast<DayNumber>(random.between(0, 20));
              start = end - static_cast<DayNumber>(random.between(2, 6));
            }
            start = std::max(first, start);
          }
          if (start > end) continue;
          char record_id[48];
          std::snprintf(record_id, sizeof record_id, "R%07lld-%03d",
                        static_cast<long long>(teacher + 1), ++sequence);
          const char* status = "";
          if (random.chance(options.uncertified_per_10k))
            status = random.chance(5000) ? "pending" : "rejected";
          if (random.chance(options.outside_per_10k)) {
            start = end = random.chance(5000)
                              ? cycle.first_day - static_cast<DayNumber>(random.between(1, 300))
                              : to_day_number(Date(2099, 1, 1)) +
                                    static_cast<DayNumber>(random.between(0, 300));
          }
          std::string category = habit.id;
          row.clear();
          row += record_id;
          row += ',';
          row += id;
          row += ',';
          if (random.chance(options.invalid_per_10k)) {
            // The mistakes old exports make: a negative amount, a day that does not exist, a typo.
            switch (random.between(0, 2)) {
              case 0:
                share = -share;
                break;
              case 1:
                row += "2019-02-30";
                start = no_day;
                break;
              default:
                category = "shcool";
            }
          }
          if (start != no_day) append_day(row, start);
          row += ',';
          if (end != start && start != no_day) append_day(row, end);
          row += ',';
          append_hundredths(row, share);
          row += ',' + category + ',';
          if (habit.online) row += "CERT-" + std::string(record_id + 1);
          row += ',';
          row += status;
          row += ",,,,\n";
          r += row;
          ++county.record_rows;
          if (random.chance(options.duplicates_per_10k)) {
            r += row;
            ++county.record_rows;
          }
        }
      }
    }

    // What a choice rule chooses from (S0.9): most teachers take up one option, a few two
    // (a conflict), some none.
    auto extra_record = [&](std::string_view category, std::string_view hours,
                            std::string_view activity, std::string_view outcome,
                            std::string_view level, int count) {
      char record_id[48];
      std::snprintf(record_id, sizeof record_id, "R%07lld-%03d",
                    static_cast<long long>(teacher + 1), ++sequence);
      r += record_id;
      r += ',';
      r += id;
      r += ',';
      append_day(r, static_cast<DayNumber>(random.between(employed_from, employed_to)));
      r += ",,";
      r += hours;
      r += ',';
      r += category;
      r += ",,,";
      r += activity;
      r += ',';
      r += outcome;
      r += ',';
      r += level;
      r += ',';
      r += count > 1 ? std::to_string(count) : "";
      r += '\n';
      ++county.record_rows;
    };
    const std::string_view any_category = policy.categories().front().id;
    for (const Rule& rule : policy.rules()) {
      if (rule.kind != RuleKind::choice) continue;
      const std::int64_t roll = random.between(0, 99);
      const int taken = roll < 10 ? 0 : roll < 95 ? 1 : 2;
      for (int k = 0; k < taken; ++k) {
        extra_record(any_category, "", rule.activities[static_cast<std::size_t>(k)], "", "", 1);
      }
    }
    // Outcomes converted to hours (S0.5): one teacher in five has a few.
    const auto& conversions = policy.conversions();
    if (!conversions.empty() && random.chance(2000)) {
      for (std::int64_t k = random.between(1, 3); k > 0; --k) {
        const Conversion& conversion = conversions[static_cast<std::size_t>(
            random.between(0, static_cast<std::int64_t>(conversions.size()) - 1))];
        const ConversionRate& rate = conversion.rates[static_cast<std::size_t>(
            random.between(0, static_cast<std::int64_t>(conversion.rates.size()) - 1))];
        std::string hours;
        if (rate.min != rate.max)
          append_hours(
              hours,
              Hours::whole(random.between(rate.min.hundredths(), rate.max.hundredths()) / 100));
        extra_record(policy.categories()[static_cast<std::size_t>(conversion.category)].id, hours,
                     "", conversion.outcome, rate.level, 1);
      }
    }
  }
  return county;
}

}  // namespace yanxiu
