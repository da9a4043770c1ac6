#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string_view>

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

/// A generated teacher, before it becomes a CSV row or a ledger row.
struct GeneratedTeacher {
  std::string_view id;
  DayNumber birth = no_day, join = no_day, leave = no_day;
  /// The attribute columns, in the order of teacher_attributes.
  std::array<std::string_view, 8> attributes;
};
constexpr std::array<std::string_view, 8> teacher_attributes = {
    "school", "subject", "stage", "title", "roles", "star", "backbone", "flags"};

/// A generated record row. Bad rows are generated on purpose: negative hours, a typo in the
/// category, or a date that does not exist (`bad_date`, in place of `start`).
struct GeneratedRecord {
  std::string_view id, teacher_id;
  DayNumber start = no_day, end = no_day;  ///< end == start: a one-day record
  std::string_view bad_date;
  std::optional<std::int64_t> hours;  ///< hundredths; none for an activity or an outcome
  std::string_view category, certificate, status, activity, outcome, level;
  int count = 0;  ///< 0: not given
};

// The county as the text of teachers.csv and records.csv.
class CsvCounty {
 public:
  explicit CsvCounty(SyntheticCounty& county) : county_(county) {
    county_.teachers_csv = "id,birth_date,join_date,leave_date";
    for (auto name : teacher_attributes) {
      county_.teachers_csv += ',';
      county_.teachers_csv += name;
    }
    county_.teachers_csv += '\n';
    county_.records_csv =
        "id,teacher_id,date,end_date,hours,category,certificate,status,activity,outcome,level,"
        "count\n";
  }

  void teacher(const GeneratedTeacher& teacher) {
    std::string& t = county_.teachers_csv;
    t += teacher.id;
    for (DayNumber day : {teacher.birth, teacher.join, teacher.leave}) {
      t += ',';
      if (day != no_day) t += day_to_iso(day);
    }
    for (std::string_view value : teacher.attributes) {
      t += ',';
      t += value;
    }
    t += '\n';
  }

  void record(const GeneratedRecord& record) {
    std::string& r = county_.records_csv;
    r += record.id;
    r += ',';
    r += record.teacher_id;
    r += ',';
    if (!record.bad_date.empty()) {
      r += record.bad_date;
    } else {
      r += day_to_iso(record.start);
    }
    r += ',';
    if (record.bad_date.empty() && record.end != record.start) r += day_to_iso(record.end);
    r += ',';
    if (record.hours) append_hours(r, Hours::from_hundredths(*record.hours));
    for (std::string_view cell : {record.category, record.certificate, record.status,
                                  record.activity, record.outcome, record.level}) {
      r += ',';
      r += cell;
    }
    r += ',';
    if (record.count > 1) r += std::to_string(record.count);
    r += '\n';
    ++county_.record_rows;
  }

 private:
  SyntheticCounty& county_;
};

// The county straight into a ledger's columns, row by row as the CSV reader would add them.
class LedgerCounty {
 public:
  explicit LedgerCounty(const Policy& policy) : builder_(policy) {
    builder_.set_attribute_names({teacher_attributes.begin(), teacher_attributes.end()});
    teachers_ = builder_.add_source("teachers.csv");
    records_ = builder_.add_source("records.csv");
  }

  void teacher(const GeneratedTeacher& teacher) {
    TeacherRow row;
    row.id = teacher.id;
    row.birth_day = teacher.birth;
    row.join_day = teacher.join;
    row.leave_day = teacher.leave;
    row.attributes = teacher.attributes;
    builder_.add_teacher(row, {teachers_, ++teacher_line_});
  }

  void record(const GeneratedRecord& record) {
    const RowOrigin origin{records_, ++record_line_};
    if (!record.bad_date.empty()) {
      builder_.reject_record(
          origin, "date",
          "\"" + std::string(record.bad_date) + "\" is not a date (YYYY-MM-DD, years 1900..2200)");
      return;
    }
    RecordRow row;
    row.id = record.id;
    row.teacher_id = record.teacher_id;
    row.start_day = record.start;
    row.end_day = record.end == record.start ? no_day : record.end;
    row.hours = Hours::from_hundredths(record.hours.value_or(0));
    row.category = record.category;
    row.certificate = record.certificate;
    row.status = parse_record_status(record.status).value_or(RecordStatus::certified);
    row.activity = record.activity;
    row.outcome = record.outcome;
    row.level = record.level;
    row.count = record.count > 1 ? record.count : 0;
    builder_.add_record(row, origin);
  }

  Ledger build() { return builder_.build(); }

 private:
  LedgerBuilder builder_;
  int teachers_ = 0, records_ = 0;
  int teacher_line_ = 1, record_line_ = 1;  // after the header
};

// One teacher being generated: the storage the GeneratedTeacher's views point into, the days
// the teacher is employed in the cycle, and the numbering of the teacher's records.
struct TeacherDraft {
  std::int64_t number = 0;  ///< 1-based
  char id[48] = {};
  std::string school, star;
  GeneratedTeacher person;
  DayNumber employed_from = no_day, employed_to = no_day;
  int sequence = 0;
  char record_id[48] = {};

  std::string_view next_record_id() {
    std::snprintf(record_id, sizeof record_id, "R%07lld-%03d", static_cast<long long>(number),
                  ++sequence);
    return std::string_view(record_id);
  }
};

// The county, teacher after teacher. The order of the draws from `random_` is the county: a seed
// gives the same county everywhere, so a change here changes every generated county.
template <typename County>
class CountyGenerator {
 public:
  CountyGenerator(const Policy& policy, const SyntheticCountyOptions& options, County& out)
      : policy_(policy),
        options_(options),
        out_(out),
        random_(options.seed),
        cycle_(policy.calendar().cycle()),
        habits_(habits_for(policy)),
        schools_(std::max<std::int64_t>(1, options.teachers / 60)) {}

  void run() {
    for (std::int64_t teacher = 0; teacher < options_.teachers; ++teacher) {
      TeacherDraft draft;
      draw_teacher(teacher + 1, draft);
      out_.teacher(draft.person);
      // Seven in ten comply, two miss a part now and then, one lags throughout.
      const std::int64_t profile = random_.between(0, 9);
      for (const Period& semester : policy_.calendar().periods(PeriodKind::semester))
        draw_semester(draft, semester, profile);
      draw_choices(draft);
      draw_conversions(draft);
    }
  }

 private:
  void draw_teacher(std::int64_t number, TeacherDraft& draft) {
    draft.number = number;
    std::snprintf(draft.id, sizeof draft.id, "T%07lld", static_cast<long long>(number));
    GeneratedTeacher& person = draft.person;
    person.id = draft.id;
    person.birth =
        to_day_number(Date(1962, 1, 1)) + static_cast<DayNumber>(random_.between(0, 38 * 365));
    if (random_.chance(500)) {
      person.join =
          cycle_.first_day + static_cast<DayNumber>(random_.between(30, cycle_.day_count() - 200));
    }
    if (random_.chance(300)) {
      const DayNumber from = person.join == no_day ? cycle_.first_day + 200 : person.join + 200;
      if (from < cycle_.last_day)
        person.leave = static_cast<DayNumber>(random_.between(from, cycle_.last_day));
    }
    person.attributes[3] = titles[random_.between(0, 5)];
    draft.school = "S" + std::to_string(1000 + random_.between(1, schools_)).substr(1);
    person.attributes[0] = draft.school;
    person.attributes[1] = subjects[random_.between(0, 12)];
    person.attributes[2] = stages[random_.between(0, 6)];
    person.attributes[4] = random_.chance(3000) ? "class_teacher" : "";
    draft.star = std::to_string(random_.between(1, 5));
    person.attributes[5] = draft.star;
    person.attributes[6] = random_.chance(800) ? "county" : "";
    draft.employed_from = person.join == no_day ? cycle_.first_day : person.join;
    draft.employed_to = person.leave == no_day ? cycle_.last_day : person.leave;
  }

  // The teacher's usual records of every category in the part of a semester the teacher is
  // employed in.
  void draw_semester(TeacherDraft& draft, const Period& semester, std::int64_t profile) {
    if (semester.last_day < draft.employed_from || semester.first_day > draft.employed_to) return;
    const DayNumber first = std::max(semester.first_day, draft.employed_from);
    const DayNumber last = std::min(semester.last_day, draft.employed_to);
    for (const Habit& habit : habits_) {
      std::int64_t hours = random_.between(habit.low, habit.high);
      if (profile == 9) hours = hours * random_.between(40, 90) / 100;
      if (profile >= 7 && profile < 9 && random_.chance(3000))
        hours = habit.low * random_.between(50, 90) / 100;
      for (int k = 0; k < habit.records; ++k) {
        const std::int64_t share = hours / habit.records + (k == 0 ? hours % habit.records : 0);
        draw_record(draft, habit, first, last, share);
      }
    }
  }

  // One record of a habit in the days [first, last], with the flaws of real exports now and
  // then: uncertified, outside the cycle, invalid, or given twice.
  void draw_record(TeacherDraft& draft, const Habit& habit, DayNumber first, DayNumber last,
                   std::int64_t share) {
    DayNumber start = static_cast<DayNumber>(random_.between(first, last));
    DayNumber end = start;
    if (habit.holiday) {
      // A course of a few days in the break at the end of the semester; one in five runs
      // past the semester's last day and, assigned by its end, counts in the next one.
      if (random_.chance(2000)) {
        start = last - static_cast<DayNumber>(random_.between(0, 3));
        end = std::min(cycle_.last_day, last + static_cast<DayNumber>(random_.between(1, 4)));
      } else {
        end = last - static_cast<DayNumber>(random_.between(0, 20));
        start = end - static_cast<DayNumber>(random_.between(2, 6));
      }
      start = std::max(first, start);
    }
    if (start > end) return;
    GeneratedRecord record;
    record.id = draft.next_record_id();
    record.teacher_id = draft.id;
    if (random_.chance(options_.uncertified_per_10k))
      record.status = random_.chance(5000) ? "pending" : "rejected";
    if (random_.chance(options_.outside_per_10k)) {
      start = end =
          random_.chance(5000)
              ? cycle_.first_day - static_cast<DayNumber>(random_.between(1, 300))
              : to_day_number(Date(2099, 1, 1)) + static_cast<DayNumber>(random_.between(0, 300));
    }
    record.category = habit.id;
    if (random_.chance(options_.invalid_per_10k)) {
      // The mistakes old exports make: a negative amount, a day that does not exist, a typo.
      switch (random_.between(0, 2)) {
        case 0:
          share = -share;
          break;
        case 1:
          record.bad_date = "2019-02-30";
          break;
        default:
          record.category = "shcool";
      }
    }
    record.start = start;
    record.end = end;
    record.hours = share;
    const std::string certificate = habit.online ? "CERT-" + std::string(record.id.substr(1)) : "";
    record.certificate = certificate;
    out_.record(record);
    if (random_.chance(options_.duplicates_per_10k)) out_.record(record);
  }

  // What a choice rule chooses from (S0.9): most teachers take up one option, a few two
  // (a conflict), some none.
  void draw_choices(TeacherDraft& draft) {
    const std::string_view any_category = policy_.categories().front().id;
    for (const Rule& rule : policy_.rules()) {
      if (rule.kind != RuleKind::choice) continue;
      const std::int64_t roll = random_.between(0, 99);
      const int taken = roll < 10 ? 0 : roll < 95 ? 1 : 2;
      for (int k = 0; k < taken; ++k) {
        draw_extra_record(draft, any_category, std::nullopt,
                          rule.activities[static_cast<std::size_t>(k)], "", "");
      }
    }
  }

  // Outcomes converted to hours (S0.5): one teacher in five has a few.
  void draw_conversions(TeacherDraft& draft) {
    const auto& conversions = policy_.conversions();
    if (conversions.empty() || !random_.chance(2000)) return;
    for (std::int64_t k = random_.between(1, 3); k > 0; --k) {
      const Conversion& conversion = conversions[static_cast<std::size_t>(
          random_.between(0, static_cast<std::int64_t>(conversions.size()) - 1))];
      const ConversionRate& rate = conversion.rates[static_cast<std::size_t>(
          random_.between(0, static_cast<std::int64_t>(conversion.rates.size()) - 1))];
      std::optional<std::int64_t> hours;
      if (rate.min != rate.max)
        hours = random_.between(rate.min.hundredths(), rate.max.hundredths()) / 100 * 100;
      draw_extra_record(draft,
                        policy_.categories()[static_cast<std::size_t>(conversion.category)].id,
                        hours, "", conversion.outcome, rate.level);
    }
  }

  // A one-day record of an activity or an outcome on a day the teacher is employed.
  void draw_extra_record(TeacherDraft& draft, std::string_view category,
                         std::optional<std::int64_t> hours, std::string_view activity,
                         std::string_view outcome, std::string_view level) {
    GeneratedRecord record;
    record.id = draft.next_record_id();
    record.teacher_id = draft.id;
    record.start = record.end =
        static_cast<DayNumber>(random_.between(draft.employed_from, draft.employed_to));
    record.hours = hours;
    record.category = category;
    record.activity = activity;
    record.outcome = outcome;
    record.level = level;
    out_.record(record);
  }

  const Policy& policy_;
  const SyntheticCountyOptions& options_;
  County& out_;
  Random random_;
  const Period& cycle_;
  const std::vector<Habit> habits_;
  const std::int64_t schools_;
};

template <typename County>
void generate(const Policy& policy, const SyntheticCountyOptions& options, County& out) {
  CountyGenerator<County>(policy, options, out).run();
}

}  // namespace

SyntheticCounty generate_county(const Policy& policy, const SyntheticCountyOptions& options) {
  SyntheticCounty county;
  CsvCounty out(county);
  generate(policy, options, out);
  return county;
}

Ledger generate_ledger(const Policy& policy, const SyntheticCountyOptions& options) {
  LedgerCounty out(policy);
  generate(policy, options, out);
  return out.build();
}

}  // namespace yanxiu
