// The rules: a teacher's items and records summed per period into verdicts, carried over,
// exempted, pro-rated, and written as rows (run()).

#include <algorithm>
#include <bit>

#include "engine/evaluator.hpp"

namespace yanxiu::detail {

namespace {

std::int64_t ceil_share(std::int64_t amount, int part, int whole) {
  return (amount * part + whole - 1) / whole;
}

}  // namespace

// Per mask, a running total over the semesters: any semester-based period's hours of the mask
// are then one subtraction.
void TeacherEvaluator::sum_masks() {
  const std::size_t semesters = served_before_.size() - 1;
  auto running_totals = [&](const std::vector<std::int64_t>& by_semester,
                            std::vector<std::int64_t>& prefixes) {
    for (std::size_t m = 0; m < masks_.size(); ++m) {
      std::int64_t* prefix = &prefixes[m * (semesters + 1)];
      prefix[0] = 0;
      for (std::size_t s = 0; s < semesters; ++s) {
        const std::int64_t* sums = &by_semester[s * category_count_];
        std::int64_t sum = 0;
        for (CategoryMask rest = masks_[m]; rest; rest &= rest - 1)
          sum += sums[std::countr_zero(rest)];
        prefix[s + 1] = prefix[s] + sum;
      }
    }
  };
  running_totals(semester_sums_, mask_prefix_);
  if (hours_behind_) running_totals(semester_hours_, mask_hours_prefix_);
}

// A verdict slot for the next period of the current rule, reusing what earlier teachers left,
// so that judging a teacher allocates nothing.
TeacherEvaluator::PeriodVerdict& TeacherEvaluator::next_verdict(std::size_t parts) {
  if (verdict_count_ == verdicts_.size()) verdicts_.emplace_back();
  PeriodVerdict& verdict = verdicts_[verdict_count_++];
  verdict.period = nullptr;
  verdict.served = 0;
  verdict.whole = 1;
  verdict.required = verdict.credited = verdict.hours = verdict.carried_in = verdict.moved_back =
      verdict.filled = Hours();
  if (verdict.part_required.size() < parts) {  // only the first `parts` are used
    verdict.part_required.resize(parts);
    verdict.part_credited.resize(parts);
    verdict.part_hours.resize(parts);
  }
  verdict.contributions.clear();
  return verdict;
}

Hours TeacherEvaluator::walk(CategoryMask categories, const std::optional<Hours>& max,
                             const Period& period, std::int64_t min_block) {
  std::int64_t credited = 0, hours = 0;
  const std::int64_t limit = max ? max->hundredths() * unit_scale_ : INT64_MAX;
  const std::int32_t* const recorded = ledger_.records().hours.data();
  takes_.assign(items_.size(), 0);
  overs_.assign(items_.size(), 0);
  for (std::size_t k = 0; k < items_.size(); ++k) {
    const Item& item = items_[k];
    if (!period.contains(item.day) || !(categories >> item.category & 1)) continue;
    if (min_block > 0 && recorded[item.record] < min_block) continue;  // not one block
    if (apart_first_ != no_day && &period != &window_period_ && apart_first_ <= item.day &&
        item.day <= apart_last_)
      continue;  // a window kept apart counts for its own rule only
    const std::int64_t take = std::min(item.hours, limit - credited);
    credited += take;
    takes_[k] = take;
    overs_[k] = item.hours - take;
    const auto i = static_cast<std::size_t>(item.record - begin_);
    if (take > 0) {
      counted_[i] = 1;
      hours += item.recorded;
    }
    if (item.hours > take) rule_cut_[i] = 1;
  }
  walked_hours_ = hours;
  return Hours::from_hundredths(credited);
}

Hours TeacherEvaluator::taken(CategoryMask categories, const Period& period, Hours* hours) const {
  std::int64_t sum = 0, recorded = 0;
  for (std::size_t k = 0; k < items_.size(); ++k) {
    if (!period.contains(items_[k].day) || !(categories >> items_[k].category & 1)) continue;
    sum += takes_[k];
    if (takes_[k] > 0) recorded += items_[k].recorded;
  }
  *hours = Hours::from_hundredths(recorded);
  return Hours::from_hundredths(sum);
}

std::vector<Contribution> TeacherEvaluator::item_contributions(CategoryMask categories,
                                                               const Period& period) const {
  std::vector<Contribution> out;
  for (std::size_t k = 0; k < items_.size(); ++k) {
    const Item& item = items_[k];
    if (!period.contains(item.day) || !(categories >> item.category & 1)) continue;
    if (unit_rows_)
      out.push_back({item.record, item.category, unit_amount(takes_[k]), unit_amount(overs_[k])});
    else
      out.push_back({item.record, item.category, Hours::from_hundredths(takes_[k]),
                     Hours::from_hundredths(overs_[k])});
  }
  return out;
}

// Activities of a count rule in the period: the records' counts, gated records excluded.
Hours TeacherEvaluator::count_activities(std::size_t rule, const Period& period,
                                         std::vector<Contribution>* counted) const {
  const RecordColumns& records = ledger_.records();
  const Rule& spec = rules_[rule];
  const auto& wanted = rule_activities_[rule];
  std::int64_t total = 0;
  for (RecordIndex r = begin_; r < end_; ++r) {
    const auto i = static_cast<std::size_t>(r - begin_);
    const std::int32_t activity = records.activity.ids[r];
    if (activity < 0 || !eligible_[i] || gated_[i] || !period.contains(records.day[r])) continue;
    if (!(spec.categories >> records.category[r] & 1)) continue;
    if (std::find(wanted.begin(), wanted.end(), activity) == wanted.end()) continue;
    total += records.count[r];
    if (counted)
      counted->push_back({r, records.category[r], Hours::whole(records.count[r]), Hours()});
  }
  return Hours::whole(total);
}

// How many of a choice rule's options the teacher took up in the period.
Hours TeacherEvaluator::count_choices(std::size_t rule, const Period& period,
                                      std::vector<Contribution>* counted) const {
  const RecordColumns& records = ledger_.records();
  const auto& options = rule_activities_[rule];
  std::uint64_t seen = 0;  // at most max_choice_options bits
  for (RecordIndex r = begin_; r < end_; ++r) {
    const auto i = static_cast<std::size_t>(r - begin_);
    const std::int32_t activity = records.activity.ids[r];
    if (activity < 0 || !eligible_[i] || gated_[i] || !period.contains(records.day[r])) continue;
    const auto found = std::find(options.begin(), options.end(), activity);
    if (found == options.end()) continue;
    seen |= std::uint64_t{1} << (found - options.begin());
    if (counted) counted->push_back({r, records.category[r], Hours::whole(1), Hours()});
  }
  return Hours::whole(std::popcount(seen));
}

// Carry-over and deficit filling between consecutive served periods of a whole rule.
void TeacherEvaluator::move_between_periods(const Rule& rule, std::span<PeriodVerdict> verdicts) {
  PeriodVerdict* previous = nullptr;
  for (PeriodVerdict& verdict : verdicts) {
    if (verdict.served == 0) {
      previous = nullptr;  // hours do not cross a period the teacher did not serve
      continue;
    }
    if (previous && rule.fill_deficits && previous->credited < previous->required) {
      const Hours move = std::min(previous->required - previous->credited, verdict.credited);
      previous->credited += move;
      previous->filled = move;
      verdict.credited -= move;
      verdict.moved_back = move;
    }
    if (previous && rule.carry_over && previous->credited > previous->required) {
      const Hours carry = std::min(previous->credited - previous->required, *rule.carry_over);
      verdict.credited += carry;
      verdict.carried_in = carry;
    }
    previous = &verdict;
  }
}

// The exemption waiving (rule, part) for the teacher in the period: `waived` when its
// requirement is met, else the exemption whose requirement is still open (-1: none applies).
int TeacherEvaluator::exemption_for(std::size_t rule, int part, TeacherIndex teacher,
                                    const Period& period, bool& waived, Hours& progress) const {
  const auto& exemptions = policy_.exemptions();
  for (std::size_t e = 0; e < exemptions.size(); ++e) {
    const Exemption& exemption = exemptions[e];
    const bool names_row = std::any_of(
        exemption.waives.begin(), exemption.waives.end(), [&](const Exemption::Waived& w) {
          return static_cast<std::size_t>(w.rule) == rule && w.part == part;
        });
    if (!names_row || !selectors_.applies(exemption_selectors_[e], teacher, period.last_day))
      continue;
    std::int64_t sum = 0;
    for (const Item& item : items_) {
      if (period.contains(item.day) && (exemption.requires_categories >> item.category & 1))
        sum += item.hours;
    }
    progress = unit_rows_ ? unit_amount(sum) : Hours::from_hundredths(sum);
    waived = progress >= exemption.requires_min;
    return static_cast<int>(e);
  }
  return -1;
}

// An uncapped semester-based rule counts every item of its categories in the period.
void TeacherEvaluator::mark_covered(const Rule& rule, const Period& period) {
  for (int s = period.first_semester; s < period.end_semester; ++s) {
    semester_covered_[static_cast<std::size_t>(s)] |= rule.categories;
  }
}

// Pro-rating by semesters served, rounded up: to the hundredth for hours, to a whole activity for
// counts. Nothing is required of a teacher who did not serve the period.
inline Hours TeacherEvaluator::required(const Rule& rule, Hours nominal, int served, int whole) {
  const bool pro_rated =
      rule.pro_rate && rule.kind != RuleKind::choice &&
      (rule.period == PeriodKind::academic_year || rule.period == PeriodKind::cycle);
  if (served == 0) return Hours();
  if (!pro_rated) return nominal;
  if (rule.kind == RuleKind::count)
    return Hours::whole(ceil_share(nominal.hundredths() / 100, served, whole));
  return Hours::from_hundredths(ceil_share(nominal.hundredths(), served, whole));
}

inline Status TeacherEvaluator::write_row(const RowColumns& out, std::size_t row,
                                          TeacherIndex teacher, std::size_t rule_index,
                                          std::int16_t part, const Period& period, bool served,
                                          Hours required, Hours credited, int* exemption,
                                          bool* waived, Hours* progress) const {
  const Rule& rule = rules_[rule_index];
  Status status = Status::short_;
  if (!served) {
    status = Status::not_applicable;
  } else if (rule.kind == RuleKind::choice) {
    status = credited == Hours()           ? Status::short_
             : credited == Hours::whole(1) ? Status::met
                                           : Status::conflict;
  } else if (credited >= required) {
    status = Status::met;
  }
  *exemption = -1;
  *waived = false;
  if (served && has_exemptions_) {
    *exemption = exemption_for(rule_index, part, teacher, period, *waived, *progress);
    if (*waived && status != Status::conflict) status = Status::exempt;
  }
  out.teacher[row] = teacher;
  out.rule[row] = static_cast<RuleIndex>(rule_index);
  out.part[row] = part;
  out.period_kind[row] = rule.period;
  out.period[row] = period.index;
  out.required[row] = required.hundredths();
  out.credited[row] = credited.hundredths();
  out.status[row] = status;
  return status;
}

void TeacherEvaluator::copy_credited_hours(const RowColumns& out, const Rule& rule,
                                           std::size_t first, std::size_t end) {
  if (rule.kind == RuleKind::quota)
    std::copy(out.credited + first, out.credited + end, out.hours + first);
  else
    std::fill(out.hours + first, out.hours + end, 0);
}

// A summed rule's rows need no verdict kept: each amount is a difference of running totals.
std::size_t TeacherEvaluator::write_summed_rows(TeacherIndex teacher, std::size_t rule_index,
                                                const RowColumns& out, std::size_t row) {
  const Rule& rule = rules_[rule_index];
  const BoundSelector& selector = rule_selectors_[rule_index];
  int exemption;  // write_row's reports, not needed here
  bool waived;
  Hours progress;
  for (const Period* period : rule_periods_[rule_index]) {
    if (selector.uses_age && !selectors_.applies(selector, teacher, period->last_day)) continue;
    const int served = served_semesters(*period);
    const int whole = period->end_semester - period->first_semester;
    if (rule_caps_) mark_covered(rule, *period);
    // A summed rule is a quota: its hours are the items' (an hours policy's come at the end).
    write_row(out, row, teacher, rule_index, whole_rule, *period, served > 0,
              required(rule, rule.min, served, whole),
              unit_row(accumulated(rule_mask_[rule_index], *period)), &exemption, &waived,
              &progress);
    if (hours_behind_)
      out.hours[row] = accumulated_hours(rule_mask_[rule_index], *period).hundredths();
    ++row;
    for (std::size_t p = 0; p < rule.parts.size(); ++p) {
      const int mask = part_masks_[rule_index][p];
      write_row(out, row, teacher, rule_index, static_cast<std::int16_t>(p), *period, served > 0,
                required(rule, rule.parts[p].min, served, whole),
                unit_row(accumulated(mask, *period)), &exemption, &waived, &progress);
      if (hours_behind_) out.hours[row] = accumulated_hours(mask, *period).hundredths();
      ++row;
    }
  }
  return row;
}

std::size_t TeacherEvaluator::row_count(TeacherIndex teacher) const {
  std::size_t rows = 0;
  const auto& rules = rules_;
  for (std::size_t rule_index = 0; rule_index < rules.size(); ++rule_index) {
    const BoundSelector& selector = rule_selectors_[rule_index];
    const auto& periods = rule_periods_[rule_index];
    std::size_t judged = periods.size();
    if (selector.uses_age) {
      judged = static_cast<std::size_t>(
          std::count_if(periods.begin(), periods.end(), [&](const Period* period) {
            return selectors_.applies(selector, teacher, period->last_day);
          }));
    } else if (!selectors_.applies(selector, teacher, calendar_.cycle().last_day)) {
      judged = 0;
    }
    rows += judged * (1 + rules[rule_index].parts.size());
  }
  return rows;
}

// The verdict of the rule in one judged period: what is required of the teacher, pro-rated by
// service, and what they are credited.
inline void TeacherEvaluator::judge_period(std::size_t rule_index, const Period& period,
                                           TeacherIndex teacher, const Trace* trace) {
  const Rule& rule = rules_[rule_index];
  PeriodVerdict& verdict = next_verdict(rule.parts.size());
  verdict.period = &period;
  if (rule.window) {
    verdict.served = find_window(rule_index, teacher) ? 1 : 0;
  } else if (semester_based(rule.period)) {
    verdict.whole = period.end_semester - period.first_semester;
    verdict.served = served_semesters(period);
  } else {
    verdict.served = served(period) ? 1 : 0;
  }
  auto required_for = [&](Hours nominal) {
    return required(rule, nominal, verdict.served, verdict.whole);
  };
  verdict.required = required_for(rule.min);
  std::vector<Contribution>* counted = nullptr;
  if (trace) {
    verdict.contributions.resize(1 + rule.parts.size());
    counted = &verdict.contributions[0];
  }
  // A window rule counts the days of the teacher's window, reported as its cycle row; a rule
  // with a deadline the period's days up to it.
  Period due;  // copied only for a rule with a deadline
  if (rule.due_week) due = due_days(rule, period);
  const Period& days = rule.window ? window_period_ : rule.due_week ? due : period;
  switch (rule.kind) {
    case RuleKind::quota: {
      const bool walking = rule.max || trace || !semester_based(rule.period) || rule.min_block ||
                           rule.window || rule.due_week;
      verdict.credited = walking ? walk(rule.categories, rule.max, days,
                                        rule.min_block ? rule.min_block->hundredths() : 0)
                                 : accumulated(rule_mask_[rule_index], period);
      if (hours_behind_) {
        verdict.hours = walking ? Hours::from_hundredths(walked_hours_)
                                : accumulated_hours(rule_mask_[rule_index], period);
      }
      if (!walking && rule_caps_) mark_covered(rule, period);
      if (trace) verdict.contributions[0] = item_contributions(rule.categories, days);
      for (std::size_t p = 0; p < rule.parts.size(); ++p) {
        const QuotaPart& part = rule.parts[p];
        const int mask = part_masks_[rule_index][p];
        verdict.part_required[p] = required_for(part.min);
        if (walking) {
          verdict.part_credited[p] = taken(part.categories, days, &verdict.part_hours[p]);
        } else {
          verdict.part_credited[p] = accumulated(mask, period);
          if (hours_behind_) verdict.part_hours[p] = accumulated_hours(mask, period);
        }
        if (trace) verdict.contributions[p + 1] = item_contributions(part.categories, days);
      }
      if (unit_rows_) round_verdict(verdict, rule.parts.size());
      break;
    }
    case RuleKind::count:
      verdict.credited = count_activities(rule_index, days, counted);
      break;
    case RuleKind::choice:
      verdict.credited = count_choices(rule_index, days, counted);
      break;
  }
}

// The rows of one period's verdict, the whole rule's and then its parts'; the next row.
inline std::size_t TeacherEvaluator::write_verdict_rows(TeacherIndex teacher,
                                                        std::size_t rule_index,
                                                        const PeriodVerdict& verdict,
                                                        const RowColumns& columns, std::size_t row,
                                                        const Trace* trace) {
  const Rule& rule = rules_[rule_index];
  const Period& period = *verdict.period;
  auto emit = [&](std::int16_t part, Hours nominal, Hours required, Hours credited, Hours hours) {
    bool waived = false;
    Hours progress;
    int exemption = -1;
    const std::size_t written = row++;
    const Status status =
        write_row(columns, written, teacher, rule_index, part, period, verdict.served > 0, required,
                  credited, &exemption, &waived, &progress);
    if (hours_behind_) columns.hours[written] = row_hours(rule, credited, hours).hundredths();
    if (!trace || !trace->verdicts) return;
    Verdict traced;
    traced.row = {teacher,
                  static_cast<RuleIndex>(rule_index),
                  part,
                  rule.period,
                  period.index,
                  required,
                  credited,
                  status,
                  row_hours(rule, credited, hours)};
    traced.nominal_min = nominal;
    traced.served_semesters = semester_based(rule.period) ? verdict.served : 0;
    traced.period_semesters = semester_based(rule.period) ? verdict.whole : 0;
    traced.contributions = verdict.contributions[static_cast<std::size_t>(part + 1)];
    if (part == whole_rule) {
      traced.carried_in = verdict.carried_in;
      traced.moved_back = verdict.moved_back;
      traced.filled = verdict.filled;
    }
    traced.exemption = waived ? exemption : -1;
    traced.exemption_pending = waived ? -1 : exemption;
    traced.exemption_progress = progress;
    trace->verdicts->push_back(std::move(traced));
  };
  emit(whole_rule, rule.min, verdict.required, verdict.credited, verdict.hours);
  for (std::size_t p = 0; p < rule.parts.size(); ++p) {
    emit(static_cast<std::int16_t>(p), rule.parts[p].min, verdict.part_required[p],
         verdict.part_credited[p], verdict.part_hours[p]);
  }
  return row;
}

std::size_t TeacherEvaluator::run(TeacherIndex teacher, AuditColumns& out, std::size_t first_row,
                                  Disposition* dispositions, const Trace* trace) {
  start(teacher);
  std::fill(semester_covered_.begin(), semester_covered_.end(), 0);
  if (trace && trace->records) {
    trace->records->clear();
    for (RecordIndex r = begin_; r < end_; ++r)
      trace->records->push_back({r, Disposition::credited, Hours(), {}});
  }
  find_served(teacher);
  build_items(teacher, dispositions, trace);
  if (apart_first_ != no_day) remove_apart();
  if (unit_rows_) round_traced_records(trace);
  sum_masks();
  std::size_t row = first_row;
  const RowColumns columns(out);

  const auto& rules = rules_;
  for (std::size_t rule_index = 0; rule_index < rules.size(); ++rule_index) {
    const Rule& rule = rules[rule_index];
    const BoundSelector& selector = rule_selectors_[rule_index];
    if (!selector.uses_age && !selectors_.applies(selector, teacher, calendar_.cycle().last_day))
      continue;
    if (summed_rule_[rule_index] && !trace) {
      const std::size_t first = row;
      row = write_summed_rows(teacher, rule_index, columns, row);
      if (!hours_behind_) copy_credited_hours(columns, rule, first, row);
      continue;
    }
    const std::size_t first = row;

    verdict_count_ = 0;
    for (const Period* judged_period : rule_periods_[rule_index]) {
      const Period& period = *judged_period;
      if (selector.uses_age && !selectors_.applies(selector, teacher, period.last_day)) continue;

      judge_period(rule_index, period, teacher, trace);
    }
    const std::span<PeriodVerdict> judged(verdicts_.data(), verdict_count_);
    if (rule.carry_over || rule.fill_deficits) move_between_periods(rule, judged);

    for (const PeriodVerdict& verdict : judged)
      row = write_verdict_rows(teacher, rule_index, verdict, columns, row, trace);
    if (!hours_behind_) copy_credited_hours(columns, rule, first, row);
  }
  settle_dispositions(dispositions, trace);
  return row - first_row;
}

}  // namespace yanxiu::detail
