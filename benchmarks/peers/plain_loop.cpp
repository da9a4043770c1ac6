// A plain single-threaded C++ loop over the ledger's columns, hand-writing the audit for the
// rule kinds of the Dali policy (quota rules with parts over semesters, academic years and the
// cycle; conversions with per-period caps; a certificate gate; a choice rule): what a programmer
// would write for one policy, without yanxiu's evaluator. It starts from the ledger yanxiu read,
// so intake (invalid rows, duplicates, records outside the cycle) is already done.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <yanxiu/yanxiu.hpp>

#include "peers_common.hpp"

namespace {

using yanxiu::DayNumber;
using yanxiu::Status;

/// A rule or one of its parts: one audit row per period.
struct Line {
  yanxiu::RuleIndex rule = 0;
  std::int16_t part = yanxiu::whole_rule;
  std::string id;
  yanxiu::RuleKind kind = yanxiu::RuleKind::quota;
  yanxiu::PeriodKind period = yanxiu::PeriodKind::cycle;
  yanxiu::CategoryMask categories = 0;
  std::int64_t min = 0;
  bool pro_rate = true;
  std::vector<std::int32_t> options;  ///< choice: the ledger's activity ids
};

/// An outcome's hours, kept apart until the conversion caps have run in date order.
struct Converted {
  DayNumber day;
  std::int32_t order;
  std::int16_t conversion;
  yanxiu::CategoryIndex category;
  std::int64_t hours;
};

std::vector<Line> lines_of(const yanxiu::Policy& policy, const yanxiu::Ledger& ledger) {
  if (!policy.category_caps().empty() || !policy.exemptions().empty() ||
      policy.credit_bank().split || !policy.credit_bank().offsets.empty()) {
    throw std::invalid_argument("the plain loop does not judge caps, exemptions or credit banks");
  }
  std::vector<Line> lines;
  for (std::size_t r = 0; r < policy.rules().size(); ++r) {
    const yanxiu::Rule& rule = policy.rules()[r];
    if (rule.max || rule.carry_over || rule.fill_deficits || !rule.phases.empty() ||
        !rule.applies_to.matches_everyone() || rule.kind == yanxiu::RuleKind::count ||
        rule.period == yanxiu::PeriodKind::week || rule.period == yanxiu::PeriodKind::fortnight ||
        rule.period == yanxiu::PeriodKind::phase) {
      throw std::invalid_argument("the plain loop does not judge rule " + rule.id);
    }
    Line line{static_cast<yanxiu::RuleIndex>(r),
              yanxiu::whole_rule,
              rule.id,
              rule.kind,
              rule.period,
              rule.categories,
              rule.min.hundredths(),
              rule.pro_rate,
              {}};
    for (const auto& option : rule.activities)
      line.options.push_back(ledger.records().activity.find(option));
    lines.push_back(line);
    for (std::size_t p = 0; p < rule.parts.size(); ++p) {
      const yanxiu::QuotaPart& part = rule.parts[p];
      lines.push_back({static_cast<yanxiu::RuleIndex>(r),
                       static_cast<std::int16_t>(p),
                       rule.id + "/" + part.id,
                       rule.kind,
                       rule.period,
                       part.categories,
                       part.min.hundredths(),
                       rule.pro_rate,
                       {}});
    }
  }
  return lines;
}

struct Verdicts {
  std::vector<std::int32_t> teacher;
  std::vector<std::int32_t> line;
  std::vector<std::int32_t> period;
  std::vector<std::int64_t> required, credited;
  std::vector<Status> status;
};

class PlainAudit {
 public:
  PlainAudit(const yanxiu::Policy& policy, const yanxiu::Ledger& ledger)
      : policy_(policy),
        ledger_(ledger),
        calendar_(policy.calendar()),
        lines_(lines_of(policy, ledger)),
        semesters_(calendar_.periods(yanxiu::PeriodKind::semester)) {
    const auto& records = ledger.records();
    for (const auto status : policy.certification().credited)
      credited_status_[static_cast<int>(status)] = true;
    for (const auto& gate : policy.gates()) {
      if (gate.kind != yanxiu::GateKind::certificate)
        throw std::invalid_argument("the plain loop judges certificate gates only");
      gated_categories_ |= gate.categories;
    }
    // [outcome id][level id + 1] -> (conversion, rate) of the ledger's interned names.
    rate_.assign(records.outcome.names.size(),
                 std::vector<std::pair<int, int>>(records.level.names.size() + 1, {-1, -1}));
    for (std::size_t o = 0; o < records.outcome.names.size(); ++o) {
      for (std::size_t c = 0; c < policy.conversions().size(); ++c) {
        const auto& conversion = policy.conversions()[c];
        if (conversion.outcome != records.outcome.names[o]) continue;
        if (conversion.item_cap || !conversion.applies_to.matches_everyone())
          throw std::invalid_argument("the plain loop does not judge item caps or applies_to");
        for (std::size_t k = 0; k < conversion.rates.size(); ++k) {
          const auto level = conversion.rates[k].level.empty()
                                 ? -1
                                 : records.level.find(conversion.rates[k].level);
          if (level >= 0 || conversion.rates[k].level.empty())
            rate_[o][static_cast<std::size_t>(level + 1)] = {static_cast<int>(c),
                                                             static_cast<int>(k)};
        }
      }
    }
  }

  const std::vector<Line>& lines() const { return lines_; }

  void run(Verdicts& out) {
    const auto& teachers = ledger_.teachers();
    for (std::size_t t = 0; t < teachers.size(); ++t)
      judge(static_cast<yanxiu::TeacherIndex>(t), out);
  }

 private:
  static constexpr std::size_t max_semesters = 128;
  static constexpr std::size_t max_categories = 64;

  void judge(yanxiu::TeacherIndex teacher, Verdicts& out) {
    const auto& records = ledger_.records();
    const auto& teachers = ledger_.teachers();
    const std::size_t semester_count = semesters_.size();
    const std::size_t category_count = policy_.categories().size();
    std::fill(sums_.begin(), sums_.begin() + semester_count * max_categories, 0);
    converted_.clear();
    chosen_.assign(lines_.size() * (semester_count + 1), 0);

    for (auto r = ledger_.record_begin(teacher); r < ledger_.record_begin(teacher + 1); ++r) {
      if (records.intake[r] != yanxiu::Disposition::credited ||
          !credited_status_[static_cast<int>(records.status[r])])
        continue;
      const DayNumber day = records.day[r];
      yanxiu::CategoryIndex category = records.category[r];
      std::int64_t hours = records.hours[r];
      int conversion = -1;
      if (const auto outcome = records.outcome.ids[r]; outcome >= 0) {
        const auto [c, k] = rate_[static_cast<std::size_t>(outcome)]
                                 [static_cast<std::size_t>(records.level.ids[r] + 1)];
        if (c < 0) continue;  // not convertible: gated
        const auto& rate =
            policy_.conversions()[static_cast<std::size_t>(c)].rates[static_cast<std::size_t>(k)];
        const std::int64_t count = records.count[r];
        hours = std::clamp<std::int64_t>(hours, rate.min.hundredths() * count,
                                         rate.max.hundredths() * count);
        category = policy_.conversions()[static_cast<std::size_t>(c)].category;
        conversion = c;
      }
      if (hours > 0 && (gated_categories_ >> category & 1) &&
          records.certificate[static_cast<std::size_t>(r)].empty())
        continue;
      if (conversion >= 0) {
        converted_.push_back({day, r, static_cast<std::int16_t>(conversion), category, hours});
      } else {
        sums_[static_cast<std::size_t>(calendar_.semester_of(day)) * max_categories +
              static_cast<std::size_t>(category)] += hours;
      }
      const auto activity = records.activity.ids[r];
      if (activity < 0) continue;
      for (std::size_t l = 0; l < lines_.size(); ++l) {
        const auto& options = lines_[l].options;
        for (std::size_t k = 0; k < options.size(); ++k) {
          if (options[k] == activity) {
            const auto period = calendar_.period_of(lines_[l].period, day);
            chosen_[l * (semester_count + 1) + static_cast<std::size_t>(period)] |= 1u << k;
          }
        }
      }
    }

    // Conversion caps credit the earliest records first.
    std::sort(converted_.begin(), converted_.end(), [](const Converted& a, const Converted& b) {
      return a.day != b.day ? a.day < b.day : a.order < b.order;
    });
    for (std::size_t c = 0; c < policy_.conversions().size(); ++c) {
      for (const auto& cap : policy_.conversions()[c].caps) {
        used_.assign(calendar_.periods(cap.per).size(), 0);
        for (auto& item : converted_) {
          if (item.conversion != static_cast<std::int16_t>(c)) continue;
          auto& used = used_[static_cast<std::size_t>(calendar_.period_of(cap.per, item.day))];
          item.hours =
              std::min(item.hours, std::max<std::int64_t>(0, cap.hours.hundredths() - used));
          used += item.hours;
        }
      }
    }
    for (const auto& item : converted_) {
      sums_[static_cast<std::size_t>(calendar_.semester_of(item.day)) * max_categories +
            static_cast<std::size_t>(item.category)] += item.hours;
    }

    // Semesters served: employed (less leave of absence) on at least half of their days.
    const DayNumber join = teachers.join_day[static_cast<std::size_t>(teacher)];
    const DayNumber leave = teachers.leave_day[static_cast<std::size_t>(teacher)];
    for (std::size_t s = 0; s < semester_count; ++s) {
      const auto& semester = semesters_[s];
      const DayNumber first =
          join == yanxiu::no_day ? semester.first_day : std::max(semester.first_day, join);
      const DayNumber last =
          leave == yanxiu::no_day ? semester.last_day : std::min(semester.last_day, leave);
      std::int64_t employed = std::max(0, last - first + 1);
      for (auto a = teachers.absence_begin[static_cast<std::size_t>(teacher)];
           a < teachers.absence_begin[static_cast<std::size_t>(teacher) + 1]; ++a) {
        const auto from = std::max(first, teachers.absence_first_day[static_cast<std::size_t>(a)]);
        const auto to = std::min(last, teachers.absence_last_day[static_cast<std::size_t>(a)]);
        employed -= std::max(0, to - from + 1);
      }
      served_[s] = 2 * employed >= semester.day_count() ? 1 : 0;
    }

    for (std::size_t l = 0; l < lines_.size(); ++l) {
      const Line& line = lines_[l];
      const auto& periods = calendar_.periods(line.period);
      for (const auto& period : periods) {
        int served = 0;
        std::int64_t credited = 0;
        for (int s = period.first_semester; s < period.end_semester; ++s) {
          served += served_[static_cast<std::size_t>(s)];
          for (std::size_t c = 0; c < category_count; ++c) {
            if (line.categories >> c & 1)
              credited += sums_[static_cast<std::size_t>(s) * max_categories + c];
          }
        }
        const int whole = period.end_semester - period.first_semester;
        std::int64_t required = served == 0 ? 0 : line.min;
        if (served > 0 && line.pro_rate && line.kind == yanxiu::RuleKind::quota &&
            line.period != yanxiu::PeriodKind::semester)
          required = (line.min * served + whole - 1) / whole;
        Status status = credited >= required ? Status::met : Status::short_;
        if (line.kind == yanxiu::RuleKind::choice) {
          const auto chosen =
              chosen_[l * (semester_count + 1) + static_cast<std::size_t>(period.index)];
          credited = 100 * __builtin_popcount(chosen);
          status = credited == 0     ? Status::short_
                   : credited == 100 ? Status::met
                                     : Status::conflict;
        }
        if (served == 0) status = Status::not_applicable;
        out.teacher.push_back(teacher);
        out.line.push_back(static_cast<std::int32_t>(l));
        out.period.push_back(period.index);
        out.required.push_back(required);
        out.credited.push_back(credited);
        out.status.push_back(status);
      }
    }
  }

  const yanxiu::Policy& policy_;
  const yanxiu::Ledger& ledger_;
  const yanxiu::Calendar& calendar_;
  std::vector<Line> lines_;
  const std::vector<yanxiu::Period>& semesters_;
  bool credited_status_[yanxiu::record_status_count] = {};
  yanxiu::CategoryMask gated_categories_ = 0;
  std::vector<std::vector<std::pair<int, int>>> rate_;
  std::vector<std::int64_t> sums_ = std::vector<std::int64_t>(max_semesters * max_categories);
  std::vector<std::uint8_t> served_ = std::vector<std::uint8_t>(max_semesters);
  std::vector<Converted> converted_;
  std::vector<std::uint32_t> chosen_;
  std::vector<std::int64_t> used_;
};

}  // namespace

int main(int argc, char** argv) {
  const peers::Flags flags(argc, argv,
                           "peers_plain_loop --policy P --teachers T.csv --records R.csv "
                           "[--repeat 3] [--out audit.csv]");
  const yanxiu::Policy policy = yanxiu::load_policy(flags.required("policy"));
  const yanxiu::Ledger ledger =
      peers::read_county(policy, flags.required("teachers"), flags.required("records"));
  if (policy.calendar().periods(yanxiu::PeriodKind::semester).size() > 127) {
    std::fprintf(stderr, "peers_plain_loop: too many semesters\n");
    return 2;
  }

  PlainAudit plain(policy, ledger);
  Verdicts verdicts;
  double best = std::numeric_limits<double>::infinity();
  for (int run = 0; run < std::max(1, flags.number("repeat", 3)); ++run) {
    Verdicts fresh;
    const auto start = peers::Clock::now();
    plain.run(fresh);
    best = std::min(best, peers::seconds_since(start));
    verdicts = std::move(fresh);
  }

  peers::Checksum checksum;
  for (std::size_t i = 0; i < verdicts.status.size(); ++i)
    checksum.add(verdicts.status[i], verdicts.required[i], verdicts.credited[i]);
  if (const auto out = flags.optional("out"); !out.empty()) {
    std::ofstream file(out, std::ios::binary);
    file << "teacher_id,rule_id,period,required_x100,credited_x100,shortfall_x100,status\n";
    for (std::size_t i = 0; i < verdicts.status.size(); ++i) {
      const Line& line = plain.lines()[static_cast<std::size_t>(verdicts.line[i])];
      const auto shortfall =
          verdicts.status[i] == Status::short_ ? verdicts.required[i] - verdicts.credited[i] : 0;
      file << ledger.teachers().id[static_cast<std::size_t>(verdicts.teacher[i])] << ',' << line.id
           << ','
           << policy.calendar()
                  .periods(line.period)[static_cast<std::size_t>(verdicts.period[i])]
                  .label
           << ',' << verdicts.required[i] << ',' << verdicts.credited[i] << ',' << shortfall << ','
           << yanxiu::to_string(verdicts.status[i]) << '\n';
    }
  }
  std::printf(
      "{\"peer\": \"plain-loop\", \"threads\": 1, \"compute_seconds\": %.6f, \"rows\": %zu, "
      "\"records\": %zu, \"checksum\": %s}\n",
      best, verdicts.status.size(), ledger.records().size(), checksum.json().c_str());
  return 0;
}
