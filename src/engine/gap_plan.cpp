#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include <yanxiu/gap_plan.hpp>
#include <yanxiu/sys/fields.hpp>

#include "engine/explain_words.hpp"
#include "util/parallel.hpp"

namespace yanxiu {

namespace {

// Shorter periods are planned first: hours given to a week or a semester also count toward the
// year and the cycle, so these only ask for what is still missing afterwards.
int length_rank(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::week:
    case PeriodKind::fortnight:
    case PeriodKind::phase:
      return 0;
    case PeriodKind::semester:
      return 1;
    case PeriodKind::academic_year:
      return 2;
    case PeriodKind::cycle:
      return 3;
  }
  return 3;
}

// The record a step proposes: hours of its category, or its activities (a count of whole ones).
RecordRow proposed_record(const GapStep& step, std::string_view id) {
  RecordRow row;
  row.id = id;
  row.start_day = step.day;
  row.category_index = step.category;
  if (step.activity.empty()) {
    row.hours = step.amount;
  } else {
    row.activity = step.activity;
    row.count = static_cast<std::int32_t>((step.amount.hundredths() + 99) / 100);
  }
  return row;
}

// A proposed record, and whether a later round found its verdict still short (then it may
// have counted for nothing, and the final pass tries the plan without it).
struct Proposal {
  GapStep step;
  bool suspect = false;
};

class Planner {
 public:
  Planner(const Policy& policy, const Ledger& ledger, TeacherIndex teacher,
          const AuditOptions& options)
      : policy_(policy), ledger_(ledger), teacher_(teacher), options_(options) {
    options_.threads = 1;
  }

  GapPlan plan() {
    // Each round proposes for the short verdicts of one kind of period and one level (parts,
    // then whole rules); a verdict still short after its proposal tries its next category. The
    // rounds are bounded: every round either closes a level or moves some verdict on to a next
    // candidate, of which there are finitely many.
    const std::size_t max_rounds = 8 + 4 * policy_.categories().size() * policy_.rules().size();
    for (std::size_t round = 0; round < max_rounds; ++round) {
      const Audit audit = judge(proposals_);
      const auto open = short_rows(audit);
      if (open.empty()) break;
      propose(audit, open);
    }
    prune();
    return finish();
  }

 private:
  Audit judge(const std::vector<Proposal>& proposals) const {
    std::vector<std::string> storage;
    const auto rows = records_of(proposals, storage);
    return evaluate(policy_, teacher_with_records(ledger_, teacher_, rows, "gap plan"), options_);
  }

  static std::vector<RecordRow> records_of(const std::vector<Proposal>& proposals,
                                           std::vector<std::string>& storage) {
    storage.clear();
    storage.reserve(proposals.size());
    std::vector<RecordRow> rows;
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      storage.push_back("gap-" + std::to_string(i + 1));
      rows.push_back(proposed_record(proposals[i].step, storage.back()));
    }
    return rows;
  }

  // The short rows still to plan; a conflict (a choice rule with two options) no added record
  // can resolve, so it is noted once and left.
  std::vector<std::size_t> short_rows(const Audit& audit) {
    std::vector<std::size_t> open;
    for (std::size_t r = 0; r < audit.size(); ++r) {
      const AuditRow row = audit.row(r);
      if (row.status == Status::conflict) {
        note_unclosable(audit, row, GapPlan::Unclosable::Why::conflict);
      } else if (row.status == Status::short_ && !closed_off_.count(key(audit, row))) {
        open.push_back(r);
      }
    }
    return open;
  }

  // The hours of a category that earn `units` of the policy's unit whatever its rounding: the
  // units up to a whole step, then hours at the category's rate, up to the hundredth.
  Hours hours_earning(Hours units, CategoryIndex category) const {
    const CreditUnit& unit = policy_.unit();
    if (!unit.credits()) return units;
    const Fraction rate = policy_.categories()[static_cast<std::size_t>(category)].rate;
    const std::int64_t step = unit.step.hundredths();
    const std::int64_t stepped = (units.hundredths() + step - 1) / step * step;
    return Hours::from_hundredths((stepped * rate.den + rate.num - 1) / rate.num);
  }

  void propose(const Audit& audit, const std::vector<std::size_t>& open) {
    auto level = [&](std::size_t r) {
      const AuditRow row = audit.row(r);
      return std::pair{length_rank(row.period_kind), row.part == whole_rule};
    };
    auto first = level(open.front());
    for (auto r : open)
      first = std::min(first, level(r));
    for (auto r : open) {
      if (level(r) != first) continue;
      const AuditRow row = audit.row(r);
      const std::string row_key = key(audit, row);
      const Rule& rule = policy_.rules()[static_cast<std::size_t>(row.rule)];
      // A verdict proposed for before and still short moves on to its next candidate.
      const auto [entry, first_time] = attempts_.try_emplace(row_key, 0);
      int& attempt = entry->second;
      if (!first_time) {
        ++attempt;
        for (auto& proposal : proposals_) {
          if (proposal.step.rule_id == audit.rule_id(row) &&
              proposal.step.period_kind == row.period_kind && proposal.step.period == row.period)
            proposal.suspect = true;
        }
      }

      const Period& period = audit.period(row);
      Proposal proposal;
      proposal.step.day = record_day(period);
      proposal.step.period_kind = row.period_kind;
      proposal.step.period = row.period;
      proposal.step.deadline = period.last_day;
      proposal.step.rule_id = audit.rule_id(row);
      proposal.step.amount = row.required - row.credited;
      if (rule.kind == RuleKind::quota) {
        const CategoryMask mask = row.part == whole_rule
                                      ? rule.categories
                                      : rule.parts[static_cast<std::size_t>(row.part)].categories;
        const auto candidates = categories_of(mask);
        if (static_cast<std::size_t>(attempt) >= candidates.size()) {
          note_unclosable(audit, row, GapPlan::Unclosable::Why::capped_or_gated);
          closed_off_.insert(row_key);
          continue;
        }
        proposal.step.category = candidates[static_cast<std::size_t>(attempt)];
        proposal.step.amount = hours_earning(proposal.step.amount, proposal.step.category);
      } else {
        // Activities: a count rule's first activity (any counts), a choice rule's first option.
        if (static_cast<std::size_t>(attempt) >= rule.activities.size()) {
          note_unclosable(audit, row, GapPlan::Unclosable::Why::activities_do_not_count);
          closed_off_.insert(row_key);
          continue;
        }
        proposal.step.activity = rule.activities[static_cast<std::size_t>(attempt)];
        proposal.step.category = categories_of(rule.categories).front();
        if (rule.kind == RuleKind::choice) proposal.step.amount = Hours::whole(1);
      }
      proposals_.push_back(std::move(proposal));
    }
  }

  // Proposals that a later round found wanting may have counted for nothing (a gated
  // category): each is dropped when the teacher is as well off without it.
  void prune() {
    const auto still_short = [&](const std::vector<Proposal>& proposals) {
      const Audit audit = judge(proposals);
      std::size_t count = 0;
      for (std::size_t r = 0; r < audit.size(); ++r)
        count += audit.row(r).status == Status::short_;
      return count;
    };
    if (std::none_of(proposals_.begin(), proposals_.end(),
                     [](const Proposal& p) { return p.suspect; }))
      return;
    const std::size_t baseline = still_short(proposals_);
    for (std::size_t i = proposals_.size(); i-- > 0;) {
      if (!proposals_[i].suspect) continue;
      auto without = proposals_;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
      if (still_short(without) <= baseline) proposals_ = std::move(without);
    }
  }

  GapPlan finish() const {
    GapPlan plan;
    plan.teacher = teacher_;
    plan.unclosable = unclosable_;
    plan.unclosable_verdicts = unclosable_verdicts_;
    // One step per period, category and activity, amounts summed; the first verdict names it.
    std::map<std::tuple<DayNumber, int, int, CategoryIndex, std::string>, GapStep> merged;
    for (const auto& proposal : proposals_) {
      const GapStep& step = proposal.step;
      const auto [at, fresh] =
          merged.try_emplace({step.deadline, static_cast<int>(step.period_kind), step.period,
                              step.category, step.activity},
                             step);
      if (!fresh) at->second.amount += step.amount;
    }
    for (auto& [key, step] : merged)
      plan.steps.push_back(std::move(step));
    return plan;
  }

  DayNumber record_day(const Period& period) const {
    DayNumber day = period.last_day;
    const DayNumber leave = ledger_.teachers().leave_day[static_cast<std::size_t>(teacher_)];
    if (leave != no_day) day = std::min(day, leave);
    if (options_.as_of) day = std::min(day, to_day_number(*options_.as_of));
    return std::max(day, period.first_day);
  }

  std::vector<CategoryIndex> categories_of(CategoryMask mask) const {
    std::vector<CategoryIndex> categories;
    for (std::size_t c = 0; c < policy_.categories().size(); ++c) {
      if (mask >> c & 1) categories.push_back(static_cast<CategoryIndex>(c));
    }
    if (categories.empty()) categories.push_back(0);
    return categories;
  }

  static std::string key(const Audit& audit, const AuditRow& row) {
    return audit.rule_id(row) + " " + audit.period(row).label;
  }

  void note_unclosable(const Audit& audit, const AuditRow& row, GapPlan::Unclosable::Why why) {
    const std::string text =
        key(audit, row) + ": " + std::string(detail::unclosable_reason(why, Language::en));
    if (std::find(unclosable_.begin(), unclosable_.end(), text) != unclosable_.end()) return;
    unclosable_.push_back(text);
    unclosable_verdicts_.push_back({audit.rule_id(row), row.period_kind, row.period, why});
  }

  const Policy& policy_;
  const Ledger& ledger_;
  TeacherIndex teacher_;
  AuditOptions options_;
  std::vector<Proposal> proposals_;
  std::map<std::string, int> attempts_;  ///< verdicts proposed for: the candidate they are on
  std::set<std::string> closed_off_;     ///< verdicts no candidate closes
  std::vector<std::string> unclosable_;
  std::vector<GapPlan::Unclosable> unclosable_verdicts_;
};

}  // namespace

Hours GapPlan::total_hours() const {
  Hours total;
  for (const auto& step : steps) {
    if (step.activity.empty()) total += step.amount;
  }
  return total;
}

std::string GapPlan::to_text(const Policy& policy, Language language) const {
  using detail::Phrase;
  std::string text;
  for (std::size_t i = 0; i < steps.size();) {
    const GapStep& first = steps[i];
    std::string needs;
    std::size_t j = i;
    for (; j < steps.size() && steps[j].period_kind == first.period_kind &&
           steps[j].period == first.period;
         ++j) {
      if (j > i)
        needs += detail::phrase(j + 1 < steps.size() && steps[j + 1].period == first.period &&
                                        steps[j + 1].period_kind == first.period_kind
                                    ? Phrase::list_item_comma
                                    : Phrase::list_and,
                                language);
      needs += detail::gap_amount(policy, steps[j], language);
    }
    const Period& period =
        policy.calendar().periods(first.period_kind)[static_cast<std::size_t>(first.period)];
    text += detail::say(language, Phrase::gap_needs,
                        {needs, period.label, day_to_iso(first.deadline), first.rule_id}) +
            "\n";
    i = j;
  }
  for (const auto& blocked : unclosable_verdicts) {
    const Period& period =
        policy.calendar().periods(blocked.period_kind)[static_cast<std::size_t>(blocked.period)];
    text += detail::say(
                language, Phrase::gap_cannot_close,
                {blocked.rule_id, period.label, detail::unclosable_reason(blocked.why, language)}) +
            "\n";
  }
  if (text.empty()) text = std::string(detail::phrase(Phrase::gap_nothing, language)) + "\n";
  return text;
}

std::vector<RecordRow> GapPlan::as_records(std::vector<std::string>& storage) const {
  storage.clear();
  storage.reserve(steps.size());
  std::vector<RecordRow> rows;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    storage.push_back("gap-" + std::to_string(i + 1));
    rows.push_back(proposed_record(steps[i], storage.back()));
  }
  return rows;
}

GapPlan plan_gaps(const Policy& policy, const Ledger& ledger, TeacherIndex teacher,
                  const AuditOptions& options) {
  return Planner(policy, ledger, teacher, options).plan();
}

CountyGap plan_county_gaps(const Audit& audit) {
  // The teachers with something short or in conflict.
  std::vector<TeacherIndex> short_teachers;
  const auto teacher_count = static_cast<TeacherIndex>(audit.ledger().teachers().size());
  for (TeacherIndex t = 0; t < teacher_count; ++t) {
    for (std::size_t r = audit.row_begin(t); r < audit.row_begin(t + 1); ++r) {
      const Status status = audit.columns().status[r];
      if (status == Status::short_ || status == Status::conflict) {
        short_teachers.push_back(t);
        break;
      }
    }
  }

  // Plans are independent: threads take the next teacher to plan, and the sums are made in
  // teacher order afterwards.
  std::vector<GapPlan> plans(short_teachers.size());
  unsigned threads = audit.options().threads;
  if (threads == 0) threads = std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1,
                                 static_cast<unsigned>(std::max<std::size_t>(1, plans.size())));
  std::atomic<std::size_t> next{0};
  detail::on_threads(
      threads,
      [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < plans.size();)
          plans[i] = plan_gaps(audit.policy(), audit.ledger(), short_teachers[i], audit.options());
      },
      [&] { next = plans.size(); });

  CountyGap county;
  county.teachers_short = static_cast<std::int64_t>(short_teachers.size());
  std::map<std::tuple<std::string, CategoryIndex, std::string>, std::pair<Hours, std::int64_t>>
      sums;
  for (const auto& plan : plans) {
    if (!plan.closes_every_gap()) ++county.teachers_unclosable;
    std::set<std::tuple<std::string, CategoryIndex, std::string>> counted;
    for (const auto& step : plan.steps) {
      const auto month = day_to_iso(step.deadline).substr(0, 7);
      const auto key = std::tuple{month, step.category, step.activity};
      auto& [amount, teachers] = sums[key];
      amount += step.amount;
      if (counted.insert(key).second) ++teachers;
    }
  }
  for (const auto& [key, sum] : sums) {
    county.lines.push_back(
        {std::get<0>(key), std::get<1>(key), std::get<2>(key), sum.first, sum.second});
  }
  return county;
}

void write_county_gap_csv(std::ostream& out, const Policy& policy, const CountyGap& gap) {
  std::string text = "month,category,activity,amount,teachers\n";
  for (const auto& line : gap.lines) {
    text += line.month + ',';
    append_csv_field(text, policy.categories()[static_cast<std::size_t>(line.category)].id);
    text += ',';
    append_csv_field(text, line.activity);
    text += ',';
    if (line.activity.empty()) {
      append_hours(text, line.amount);
    } else {
      text += std::to_string(line.amount.hundredths() / 100);
    }
    text += ',' + std::to_string(line.teachers) + '\n';
  }
  out << text;
}

}  // namespace yanxiu
