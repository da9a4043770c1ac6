// evaluate_tiers(): every teacher on every ladder. Hours come from the same credit pipeline as
// the audit (conversions, gates, caps), outcomes from the records that pass intake, conditions
// and vetoes from the audit's selectors; only the windows and the thresholds are the tiers' own.

#include <algorithm>

#include <yanxiu/rubrics.hpp>
#include <yanxiu/tiers.hpp>

#include "engine/evaluator.hpp"
#include "policy/json_reader.hpp"
#include "policy/words.hpp"
#include "tiers/tier_data.hpp"
#include "util/make.hpp"

namespace yanxiu {

namespace {

// Whole years from `from` to `on`; 0 when `on` comes first.
std::int64_t whole_years(DayNumber from, DayNumber on) {
  if (on < from) return 0;
  const Date a = from_day_number(from), b = from_day_number(on);
  const bool before_anniversary =
      b.month() < a.month() || (b.month() == a.month() && b.day() < a.day());
  return b.year() - a.year() - (before_anniversary ? 1 : 0);
}

/// The semesters [first, end) a criterion counts over.
struct Window {
  int first = 0;
  int end = 0;
};

using detail::TeacherEvaluator;

class TierJudge {
 public:
  TierJudge(const Policy& policy, const Ledger& ledger, const AuditOptions& options,
            DayNumber as_of)
      : policy_(policy),
        ledger_(ledger),
        calendar_(policy.calendar()),
        evaluator_(policy, ledger, options),
        as_of_(as_of) {
    const auto& years = calendar_.periods(PeriodKind::academic_year);
    if (as_of_ > calendar_.cycle().last_day) {
      last_year_ = static_cast<int>(years.size()) - 1;
    } else if (as_of_ >= calendar_.cycle().first_day) {
      last_year_ = calendar_.period_of(PeriodKind::academic_year, as_of_);
    }
  }

  void judge(TeacherIndex teacher, const Ladder& ladder, std::int16_t ladder_index,
             detail::TierResultData& out);

 private:
  Window window(int years) const {
    const auto& all = calendar_.periods(PeriodKind::academic_year);
    if (years == 0) return {0, static_cast<int>(calendar_.periods(PeriodKind::semester).size())};
    if (last_year_ < 0) return {0, 0};
    const int first_year = std::max(0, last_year_ - years + 1);
    return {all[static_cast<std::size_t>(first_year)].first_semester,
            all[static_cast<std::size_t>(last_year_)].end_semester};
  }
  CriterionRow judge_criterion(TeacherIndex teacher, const TierCriterion& criterion,
                               DayNumber since);
  const TeacherEvaluator::CreditedHours& credited(TeacherIndex teacher) {
    if (credited_teacher_ != teacher) {
      credited_ = evaluator_.credit(teacher);
      credited_teacher_ = teacher;
    }
    return credited_;
  }

  const Policy& policy_;
  const Ledger& ledger_;
  const Calendar& calendar_;
  TeacherEvaluator evaluator_;
  DayNumber as_of_;
  int last_year_ = -1;  ///< the academic year holding the day judged; -1 before the cycle
  TeacherIndex credited_teacher_ = -1;
  TeacherEvaluator::CreditedHours credited_;
};

CriterionRow TierJudge::judge_criterion(TeacherIndex teacher, const TierCriterion& criterion,
                                        DayNumber since) {
  CriterionRow row;
  row.need = criterion.min;
  const auto t = static_cast<std::size_t>(teacher);
  switch (criterion.kind) {
    case CriterionKind::hours: {
      const Window w = window(criterion.years);
      const auto& sums = credited(teacher).by_semester;
      const std::size_t categories = policy_.categories().size();
      for (int s = w.first; s < w.end; ++s) {
        for (std::size_t c = 0; c < categories; ++c) {
          if (criterion.categories >> c & 1)
            row.have += sums[static_cast<std::size_t>(s) * categories + c];
        }
      }
      break;
    }
    case CriterionKind::outcomes: {
      const Window w = window(criterion.years);
      if (w.first >= w.end) break;
      const auto& semesters = calendar_.periods(PeriodKind::semester);
      const DayNumber first_day = semesters[static_cast<std::size_t>(w.first)].first_day;
      const DayNumber last_day = semesters[static_cast<std::size_t>(w.end - 1)].last_day;
      const RecordColumns& records = ledger_.records();
      const auto& eligible = credited(teacher).eligible;
      const RecordIndex begin = ledger_.record_begin(teacher);
      for (RecordIndex r = begin; r < ledger_.record_begin(teacher + 1); ++r) {
        if (!eligible[static_cast<std::size_t>(r - begin)]) continue;
        if (records.day[r] < first_day || records.day[r] > last_day) continue;
        const std::string_view outcome = records.outcome[static_cast<std::size_t>(r)];
        if (std::find(criterion.outcomes.begin(), criterion.outcomes.end(), outcome) ==
            criterion.outcomes.end())
          continue;
        if (!criterion.levels.empty() &&
            std::find(criterion.levels.begin(), criterion.levels.end(),
                      records.level[static_cast<std::size_t>(r)]) == criterion.levels.end())
          continue;
        row.have += std::int64_t{records.count[r]} * 100;
      }
      break;
    }
    case CriterionKind::years_at_tier:
      row.known = since != no_day;
      if (row.known) row.have = whole_years(since, as_of_) * 100;
      break;
    case CriterionKind::score: {
      const StringColumn* column = ledger_.teachers().attribute(criterion.attribute);
      Hundredths score = 0;
      row.known = column && !(*column)[t].empty() && !parse_hundredths((*column)[t], score);
      if (row.known) row.have = score;
      break;
    }
    case CriterionKind::condition:
      row.need = 100;
      row.have = evaluator_.selectors().selects(criterion.when, teacher, as_of_) ? 100 : 0;
      break;
  }
  row.met = row.known && row.have >= row.need;
  return row;
}

void TierJudge::judge(TeacherIndex teacher, const Ladder& ladder, std::int16_t ladder_index,
                      detail::TierResultData& out) {
  const TeacherColumns& teachers = ledger_.teachers();
  const auto t = static_cast<std::size_t>(teacher);
  TierRow row;
  row.teacher = teacher;
  row.ladder = ladder_index;
  row.criteria_begin = row.criteria_end = static_cast<std::uint32_t>(out.criteria.size());
  auto finish = [&] { out.rows.push_back(std::move(row)); };

  const StringColumn* tier_column = teachers.attribute(ladder.attribute);
  const std::string_view tier_text = tier_column ? (*tier_column)[t] : std::string_view();
  if (!tier_text.empty()) {
    const auto tier = ladder.find_tier(tier_text);
    if (!tier) {
      std::vector<std::string_view> known;
      for (const auto& declared : ladder.tiers)
        known.push_back(declared.id);
      row.status = TierStatus::unknown_tier;
      row.note = ladder.attribute + ": " + detail::in_quotes(tier_text) +
                 " is no tier of the ladder " + detail::in_quotes(ladder.id) +
                 did_you_mean(tier_text, known);
      return finish();
    }
    row.tier = static_cast<std::int16_t>(*tier);
  }
  row.result_tier = row.tier;
  if (!ladder.since_attribute.empty() && row.tier != no_tier) {
    const StringColumn* since_column = teachers.attribute(ladder.since_attribute);
    const std::string_view since_text = since_column ? (*since_column)[t] : std::string_view();
    if (!since_text.empty()) {
      const auto day = parse_day(since_text);
      if (!day) {
        row.status = TierStatus::unknown_tier;
        row.note = ladder.since_attribute + ": " + detail::in_quotes(since_text) +
                   " is not a date (YYYY-MM-DD)";
        return finish();
      }
      row.since = *day;
    }
  }
  // Below the entry tier, the years count from joining the school.
  const DayNumber since = row.tier == no_tier ? teachers.join_day[t] : row.since;

  bool upkeep_failed = false;
  if (row.tier != no_tier) {
    const auto& upkeep = ladder.tiers[static_cast<std::size_t>(row.tier)].upkeep;
    for (std::size_t c = 0; c < upkeep.size(); ++c) {
      CriterionRow judged = judge_criterion(teacher, upkeep[c], since);
      judged.use = CriterionUse::upkeep;
      judged.tier = row.tier;
      judged.criterion = static_cast<std::int16_t>(c);
      upkeep_failed = upkeep_failed || !judged.met;
      out.criteria.push_back(judged);
    }
  }
  if (upkeep_failed && ladder.demotion) {
    row.status = TierStatus::demoted;
    row.result_tier = static_cast<std::int16_t>(row.tier - 1);
  } else if (row.tier + 1 >= static_cast<int>(ladder.tiers.size())) {
    row.status = TierStatus::top;
  } else {
    row.next = static_cast<std::int16_t>(row.tier + 1);
    const auto& promotion = ladder.tiers[static_cast<std::size_t>(row.next)].promotion;
    // A teacher failing the upkeep of a tier is not promoted out of it either.
    bool all_met = !upkeep_failed;
    for (std::size_t c = 0; c < promotion.size(); ++c) {
      CriterionRow judged = judge_criterion(teacher, promotion[c], since);
      judged.use = CriterionUse::promotion;
      judged.tier = row.next;
      judged.criterion = static_cast<std::int16_t>(c);
      all_met = all_met && judged.met;
      out.criteria.push_back(judged);
    }
    for (std::size_t v = 0; v < ladder.vetoes.size() && row.veto < 0; ++v) {
      if (evaluator_.selectors().selects(ladder.vetoes[v].when, teacher, as_of_))
        row.veto = static_cast<std::int16_t>(v);
    }
    row.status = row.veto >= 0 ? TierStatus::vetoed
                 : all_met     ? TierStatus::eligible
                               : TierStatus::short_;
    if (row.status == TierStatus::eligible) row.result_tier = row.next;
  }
  row.criteria_end = static_cast<std::uint32_t>(out.criteria.size());
  finish();
}

}  // namespace

TierResult evaluate_tiers(const Policy& policy, const Ledger& ledger, const TierOptions& options) {
  detail::check_compatible(policy, ledger);
  auto data = std::make_shared<detail::TierResultData>(
      detail::TierResultData{policy, ledger, 0, {}, {}, {}});
  const Calendar& calendar = policy.calendar();
  data->as_of = options.as_of ? to_day_number(*options.as_of) : calendar.cycle().last_day;
  AuditOptions audit_options;
  audit_options.as_of = from_day_number(data->as_of);
  audit_options.basis = options.basis;
  audit_options.threads = 1;
  TierJudge judge(policy, ledger, audit_options, data->as_of);
  const auto ladders = policy.ladders();
  const auto teacher_count = static_cast<TeacherIndex>(ledger.teachers().size());
  data->teacher_rows.reserve(static_cast<std::size_t>(teacher_count) + 1);
  for (TeacherIndex teacher = 0; teacher < teacher_count; ++teacher) {
    data->teacher_rows.push_back(data->rows.size());
    for (std::size_t l = 0; l < ladders.size(); ++l)
      judge.judge(teacher, ladders[l], static_cast<std::int16_t>(l), *data);
  }
  data->teacher_rows.push_back(data->rows.size());
  return detail::Make::from<TierResult>(std::move(data));
}

}  // namespace yanxiu
