#include "engine/evaluator.hpp"

#include <algorithm>
#include <stdexcept>

namespace yanxiu::detail {

namespace {

bool same_calendar(const CalendarSpec& a, const CalendarSpec& b) {
  if (a.cycle_start != b.cycle_start || a.years != b.years || a.assign_by != b.assign_by ||
      a.semesters.size() != b.semesters.size() || a.phases.size() != b.phases.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.semesters.size(); ++i) {
    const auto &x = a.semesters[i], &y = b.semesters[i];
    if (x.name != y.name || x.month != y.month || x.day != y.day) return false;
  }
  for (std::size_t i = 0; i < a.phases.size(); ++i) {
    const auto &x = a.phases[i], &y = b.phases[i];
    if (x.id != y.id || x.first_day != y.first_day || x.last_day != y.last_day) return false;
  }
  return true;
}

std::int64_t ceil_share(std::int64_t amount, int part, int whole) {
  return (amount * part + whole - 1) / whole;
}

int cap_rank(PeriodKind per) {
  return per == PeriodKind::semester ? 0 : per == PeriodKind::academic_year ? 1 : 2;
}

bool semester_based(PeriodKind kind) {
  return kind == PeriodKind::semester || kind == PeriodKind::academic_year ||
         kind == PeriodKind::cycle;
}

}  // namespace

void check_compatible(const Policy& policy, const Ledger& ledger) {
  const Policy& own = ledger.policy();
  bool same = policy.categories().size() == own.categories().size() &&
              same_calendar(policy.calendar().spec(), own.calendar().spec());
  for (std::size_t i = 0; same && i < policy.categories().size(); ++i) {
    same = policy.categories()[i].id == own.categories()[i].id;
  }
  if (!same) {
    throw std::invalid_argument("policy \"" + policy.id() + "\" cannot judge a ledger read for \"" +
                                own.id() + "\": their categories or calendars differ");
  }
}

TeacherEvaluator::TeacherEvaluator(const Policy& policy, const Ledger& ledger,
                                   const AuditOptions& options)
    : policy_(policy),
      rules_(policy.rules()),
      ledger_(ledger),
      selectors_(ledger),
      calendar_(policy.calendar()),
      options_(options),
      as_of_day_(options.as_of ? to_day_number(*options.as_of) : INT32_MAX),
      category_count_(policy.categories().size()) {
  check_compatible(policy, ledger);
  const RecordColumns& records = ledger.records();

  for (RecordStatus status : policy.certification().credited) {
    credited_status_[static_cast<int>(status)] = 1;
  }
  if (options.basis == Basis::submitted) {
    credited_status_[static_cast<int>(RecordStatus::pending)] = 1;
    credited_status_[static_cast<int>(RecordStatus::group_certified)] = 1;
  }

  // Names resolved once to the ledger's interned ids, so the loops compare integers.
  for (const Rule& rule : policy.rules()) {
    rule_selectors_.push_back(selectors_.bind(rule.applies_to));
    std::vector<std::int32_t> ids;
    // An activity no record has matches nothing (not the records without an activity, -1).
    for (const auto& activity : rule.activities) {
      if (const auto id = records.activity.find(activity); id >= 0) ids.push_back(id);
    }
    rule_activities_.push_back(std::move(ids));
    // The periods judged: begun by the as-of date and, with phases, a week when most of its days
    // lie in one of the rule's phases.
    std::vector<const Period*> judged;
    for (const Period& period : calendar_.periods(rule.period)) {
      if (period.first_day > as_of_day_) continue;
      const bool in_phase =
          std::any_of(rule.phases.begin(), rule.phases.end(), [&](int phase_index) {
            const Period& phase =
                calendar_.periods(PeriodKind::phase)[static_cast<std::size_t>(phase_index)];
            const DayNumber overlap = std::min(period.last_day, phase.last_day) -
                                      std::max(period.first_day, phase.first_day) + 1;
            return period.kind == PeriodKind::phase ? period.index == phase_index
                                                    : 2 * overlap > period.day_count();
          });
      if (rule.phases.empty() || in_phase) judged.push_back(&period);
    }
    rule_periods_.push_back(std::move(judged));
    rule_caps_ = rule_caps_ || rule.max.has_value();
    // Quota hours come from per-semester sums of each distinct mask a rule or part counts.
    auto mask_id = [&](CategoryMask mask) {
      const auto found = std::find(masks_.begin(), masks_.end(), mask);
      if (found != masks_.end()) return static_cast<int>(found - masks_.begin());
      masks_.push_back(mask);
      return static_cast<int>(masks_.size() - 1);
    };
    rule_mask_.push_back(mask_id(rule.categories));
    std::vector<int> parts;
    for (const QuotaPart& part : rule.parts)
      parts.push_back(mask_id(part.categories));
    part_masks_.push_back(std::move(parts));
  }
  for (const Conversion& conversion : policy.conversions()) {
    conversion_selectors_.push_back(selectors_.bind(conversion.applies_to));
    std::vector<std::int16_t> rates(records.level.names.size() + 1, -1);
    for (std::size_t r = 0; r < conversion.rates.size(); ++r) {
      const auto& level = conversion.rates[r].level;
      const auto id = level.empty() ? -1 : records.level.find(level);
      if (level.empty() || id >= 0)
        rates[static_cast<std::size_t>(id + 1)] = static_cast<std::int16_t>(r);
    }
    rate_of_level_.push_back(std::move(rates));
  }
  conversion_of_outcome_.assign(records.outcome.names.size(), -1);
  for (std::size_t o = 0; o < records.outcome.names.size(); ++o) {
    for (std::size_t c = 0; c < policy.conversions().size(); ++c) {
      if (policy.conversions()[c].outcome == records.outcome.names[o]) {
        conversion_of_outcome_[o] = static_cast<std::int16_t>(c);
      }
    }
  }
  for (const Gate& gate : policy.gates()) {
    gate_activity_.push_back(gate.kind == GateKind::evidence ? records.activity.find(gate.activity)
                                                             : -1);
    std::vector<std::uint8_t> passes(records.assessment.names.size(), 0);
    for (std::size_t a = 0; a < records.assessment.names.size(); ++a) {
      passes[a] = std::find(gate.passing.begin(), gate.passing.end(),
                            records.assessment.names[a]) != gate.passing.end();
    }
    gate_passes_.push_back(std::move(passes));
  }
  date_order_matters_ = !policy.category_caps().empty() || rule_caps_;
  for (const Gate& gate : policy.gates())
    gated_categories_ |= gate.categories;
  for (const Exemption& exemption : policy.exemptions())
    exemption_selectors_.push_back(selectors_.bind(exemption.when));
  has_exemptions_ = !policy.exemptions().empty();
  has_evidence_gates_ =
      std::any_of(policy.gates().begin(), policy.gates().end(),
                  [](const Gate& gate) { return gate.kind == GateKind::evidence; });
  bind_unit();
  const bool has_windows = bind_windows(ledger);
  // Caps of shorter periods first: a year's cap, then the cycle's, counts what the years left.
  for (std::size_t k = 0; k < policy.category_caps().size(); ++k)
    cap_order_.push_back(k);
  std::stable_sort(cap_order_.begin(), cap_order_.end(), [&](std::size_t a, std::size_t b) {
    return cap_rank(policy.category_caps()[a].per) < cap_rank(policy.category_caps()[b].per);
  });
  plain_records_direct_ =
      !date_order_matters_ && !has_exemptions_ && !unit_terms_ && !has_windows &&
      std::all_of(policy.rules().begin(), policy.rules().end(), [](const Rule& rule) {
        // A min_block rule walks the items, which summing the records directly never makes.
        return rule.kind != RuleKind::quota || (semester_based(rule.period) && !rule.min_block);
      });
  conversion_items_.resize(policy.conversions().size());

  for (const Rule& rule : policy.rules()) {
    summed_rule_.push_back(rule.kind == RuleKind::quota && semester_based(rule.period) &&
                           !rule.max && !rule.carry_over && !rule.fill_deficits &&
                           !rule.min_block && !rule.window);
  }
  const std::size_t semesters = calendar_.periods(PeriodKind::semester).size();
  served_before_.resize(semesters + 1);
  semester_sums_.resize(semesters * category_count_);
  mask_prefix_.resize(masks_.size() * (semesters + 1));
  semester_covered_.resize(semesters);
  evidence_.resize(policy.gates().size());
  evidence_ready_.resize(policy.gates().size());
}

// --- employment ----------------------------------------------------------------------------

void TeacherEvaluator::find_served(TeacherIndex teacher) {
  find_apart(teacher);
  const TeacherColumns& teachers = ledger_.teachers();
  const auto t = static_cast<std::size_t>(teacher);
  join_ = teachers.join_day[t];
  leave_ = teachers.leave_day[t];
  absence_begin_ = static_cast<std::size_t>(teachers.absence_begin[t]);
  absence_end_ = static_cast<std::size_t>(teachers.absence_begin[t + 1]);
  const auto& semesters = calendar_.periods(PeriodKind::semester);
  for (std::size_t s = 0; s < semesters.size(); ++s)
    served_before_[s + 1] = served_before_[s] + (served(semesters[s]) ? 1 : 0);
}

// Served: employed, and not on leave, on at least half of the period's days.
bool TeacherEvaluator::served(const Period& period) const {
  const TeacherColumns& teachers = ledger_.teachers();
  const DayNumber first = std::max(period.first_day, join_ == no_day ? period.first_day : join_);
  const DayNumber last = std::min(period.last_day, leave_ == no_day ? period.last_day : leave_);
  std::int64_t employed = std::max(0, last - first + 1);
  for (std::size_t a = absence_begin_; a < absence_end_; ++a) {
    const DayNumber from = std::max(first, teachers.absence_first_day[a]);
    const DayNumber to = std::min(last, teachers.absence_last_day[a]);
    employed -= std::max(0, to - from + 1);
  }
  if (apart_first_ != no_day)  // a window kept apart is served by its own rule only
    employed -= std::max(0, std::min(last, apart_last_) - std::max(first, apart_first_) + 1);
  return 2 * employed >= period.day_count();
}

// --- the credit pipeline -------------------------------------------------------------------

void TeacherEvaluator::add_step(const Trace* trace, RecordIndex record,
                                const CreditStep& step) const {
  if (trace && trace->records)
    (*trace->records)[static_cast<std::size_t>(record - begin_)].steps.push_back(step);
}

void TeacherEvaluator::build_items(TeacherIndex teacher, Disposition* dispositions,
                                   const Trace* trace) {
  const RecordColumns& records = ledger_.records();
  items_.clear();
  std::fill(conversion_items_.begin(), conversion_items_.end(), 0);
  std::fill(semester_sums_.begin(), semester_sums_.end(), 0);
  // What every record is read from and written to, in locals: a store to a byte-sized flag may
  // alias anything, and would have each vector's pointer reloaded at every record.
  const Disposition* const intake = records.intake.data();
  const DayNumber* const known_day = records.known_day.data();
  const RecordStatus* const status = records.status.data();
  const DayNumber* const day_of = records.day.data();
  const CategoryIndex* const category_of = records.category.data();
  const std::int32_t* const outcome_of = records.outcome.ids.data();
  const std::int16_t* const split_count = records.split_count.data();
  const CategoryIndex* const counts_as = records.counts_as.data();
  const std::int32_t* const hours_of = records.hours.data();
  std::uint8_t* const eligible = eligible_.data();
  std::int64_t* const semester_sums = semester_sums_.data();
  const DayNumber as_of_day = as_of_day_;
  const CategoryMask gated_categories = gated_categories_;
  const std::size_t category_count = category_count_;
  const bool judged_first = has_evidence_gates_;
  const bool direct = plain_records_direct_ && !trace;
  auto judge_intake = [&](RecordIndex r, std::size_t i) {
    Disposition disposition = intake[r];
    if (disposition == Disposition::credited) {
      if (known_day[r] > as_of_day) {
        disposition = Disposition::outside;
      } else if (!credited_status_[static_cast<int>(status[r])]) {
        disposition = Disposition::uncertified;
      }
    }
    dispositions[i] = disposition;
    eligible[i] = disposition == Disposition::credited ? 1 : 0;
  };
  if (judged_first) {
    for (RecordIndex r = begin_; r < end_; ++r)
      judge_intake(r, static_cast<std::size_t>(r - begin_));
  }
  for (RecordIndex r = begin_; r < end_; ++r) {
    const auto i = static_cast<std::size_t>(r - begin_);
    if (!judged_first) judge_intake(r, i);
    if (!eligible[i]) continue;
    const DayNumber day = day_of[r];
    const CategoryIndex category = category_of[r];
    if (direct && outcome_of[r] < 0 && split_count[r] == 0 && counts_as[r] == no_category &&
        !(gated_categories >> category & 1)) {
      semester_sums[static_cast<std::size_t>(calendar_.semester_of(day)) * category_count +
                    static_cast<std::size_t>(category)] += hours_of[r];
      continue;
    }
    const std::size_t first_item = items_.size();
    auto gate_out = [&](CreditStep step) {
      items_.resize(first_item);
      gated_[i] = 1;
      dispositions[i] = Disposition::gated;
      add_step(trace, r, step);
    };

    // Convert, offset or split: which categories the record's hours go to.
    if (const std::int32_t outcome = records.outcome.ids[r]; outcome >= 0) {
      const std::int16_t c = conversion_of_outcome_[static_cast<std::size_t>(outcome)];
      const std::int16_t rate_index =
          c < 0 ? -1
                : rate_of_level_[static_cast<std::size_t>(c)]
                                [static_cast<std::size_t>(records.level.ids[r] + 1)];
      if (rate_index < 0 ||
          !selectors_.applies(conversion_selectors_[static_cast<std::size_t>(c)], teacher, day)) {
        gate_out({CreditStep::Kind::not_convertible, c, PeriodKind::cycle, no_category,
                  Hours::from_hundredths(records.hours[r]), Hours()});
        continue;
      }
      const Conversion& conversion = policy_.conversions()[static_cast<std::size_t>(c)];
      const ConversionRate& rate = conversion.rates[static_cast<std::size_t>(rate_index)];
      const std::int64_t count = records.count[r];
      const std::int64_t hours =
          rate.min == rate.max
              ? rate.min.hundredths() * count
              : std::clamp<std::int64_t>(records.hours[r], rate.min.hundredths() * count,
                                         rate.max.hundredths() * count);
      add_step(trace, r,
               {CreditStep::Kind::converted, c, PeriodKind::cycle, conversion.category,
                Hours::from_hundredths(records.hours[r]), Hours::from_hundredths(hours)});
      items_.push_back({r, day, conversion.category, c, hours});
      conversion_items_[static_cast<std::size_t>(c)] = 1;
    } else if (const auto portions = records.split_count[r]; portions > 0) {
      const auto first = static_cast<std::size_t>(records.split_first[r]);
      for (std::size_t p = first; p < first + static_cast<std::size_t>(portions); ++p) {
        items_.push_back({r, day, records.split_category[p], -1, records.split_hours[p]});
        add_step(trace, r,
                 {CreditStep::Kind::split, -1, PeriodKind::cycle, records.split_category[p],
                  Hours::from_hundredths(records.hours[r]),
                  Hours::from_hundredths(records.split_hours[p])});
      }
    } else {
      const CategoryIndex offset = records.counts_as[r];
      if (offset != no_category) {
        add_step(
            trace, r,
            {CreditStep::Kind::offset, -1, PeriodKind::cycle, offset,
             Hours::from_hundredths(records.hours[r]), Hours::from_hundredths(records.hours[r])});
      }
      items_.push_back(
          {r, day, offset != no_category ? offset : records.category[r], -1, records.hours[r]});
    }
    if (records.exempted[r]) {
      add_step(
          trace, r,
          {CreditStep::Kind::exempted, -1, PeriodKind::cycle, records.category[r],
           Hours::from_hundredths(records.hours[r]), Hours::from_hundredths(records.hours[r])});
    }

    // Gates guard hours: a record of an activity alone (an observed lesson) passes none.
    std::int64_t base = 0;
    CategoryMask categories = 0;
    for (std::size_t k = first_item; k < items_.size(); ++k) {
      base += items_[k].hours;
      categories |= CategoryMask{1} << items_[k].category;
    }
    if (const int gate =
            base > 0 && (categories & gated_categories_) ? failed_gate(r, categories) : -1;
        gate >= 0) {
      gate_out({CreditStep::Kind::gated, gate, PeriodKind::cycle, no_category,
                Hours::from_hundredths(base), Hours()});
      continue;
    }
    capped_to_zero_[i] = base > 0 ? 1 : 0;  // cleared below once hours survive the caps

    // A conversion's cap per item.
    Item& first = items_[first_item];
    if (first.conversion >= 0) {
      const Conversion& conversion =
          policy_.conversions()[static_cast<std::size_t>(first.conversion)];
      const std::int64_t cap =
          conversion.item_cap ? conversion.item_cap->hundredths() * records.count[r] : INT64_MAX;
      if (first.hours > cap) {
        add_step(trace, r,
                 {CreditStep::Kind::item_cap, first.conversion, PeriodKind::cycle, first.category,
                  Hours::from_hundredths(first.hours), Hours::from_hundredths(cap)});
        first.hours = cap;
      }
    }
    if (unit_terms_) to_unit(first_item, r, trace);
  }
  // The ledger keeps a teacher's records in input order; caps and explanations go by date.
  if (date_order_matters_ || trace) {
    // A teacher's few dozen items, mostly in date order already, take an insertion sort: stable
    // and with no allocation. Past a few hundred it would be quadratic (400 000 records of one
    // teacher took 36 s to explain): those take a merge sort.
    constexpr std::size_t insertion_sort_items = 256;
    if (items_.size() > insertion_sort_items) {
      std::stable_sort(items_.begin(), items_.end(),
                       [](const Item& a, const Item& b) { return a.day < b.day; });
    } else {
      for (std::size_t k = 1; k < items_.size(); ++k) {
        const Item item = items_[k];
        std::size_t j = k;
        for (; j > 0 && items_[j - 1].day > item.day; --j)
          items_[j] = items_[j - 1];
        items_[j] = item;
      }
    }
  }
  apply_period_caps(trace);

  for (const Item& item : items_) {
    const auto i = static_cast<std::size_t>(item.record - begin_);
    if (item.hours > 0) capped_to_zero_[i] = 0;
    const auto semester = static_cast<std::size_t>(calendar_.semester_of(item.day));
    semester_sums_[semester * category_count_ + static_cast<std::size_t>(item.category)] +=
        item.hours;
    if (trace && trace->records)
      (*trace->records)[i].credited += Hours::from_hundredths(item.hours);
  }
}

// The first gate the record, whose items are of `categories`, fails; or -1.
int TeacherEvaluator::failed_gate(RecordIndex r, CategoryMask categories) {
  const RecordColumns& records = ledger_.records();
  const auto& gates = policy_.gates();
  for (std::size_t g = 0; g < gates.size(); ++g) {
    const Gate& gate = gates[g];
    if (!(gate.categories & categories)) continue;
    bool passed = true;
    switch (gate.kind) {
      case GateKind::attendance:
        // An exempted course (免修) is credited without attending.
        passed = records.exempted[r] || attended_enough(gate, r);
        break;
      case GateKind::assessment: {
        // A session's ledger may name results after the evaluator was bound; none passes.
        const auto result = static_cast<std::size_t>(records.assessment.ids[r]);
        passed =
            records.exempted[r] || (result < gate_passes_[g].size() && gate_passes_[g][result]);
        break;
      }
      case GateKind::certificate:
        passed = !records.certificate[static_cast<std::size_t>(r)].empty();
        break;
      case GateKind::evidence:
        passed = evidence_count(g, records.day[r]) * 100 >= gate.min_count.hundredths();
        break;
    }
    if (!passed) return static_cast<int>(g);
  }
  return -1;
}

// The teacher's eligible records of the gate's activity in the period holding `day`.
std::int64_t TeacherEvaluator::evidence_count(std::size_t g, DayNumber day) {
  if (gate_activity_[g] < 0) return 0;  // no record has the activity
  const Gate& gate = policy_.gates()[g];
  auto& counts = evidence_[g];
  if (!evidence_ready_[g]) {
    const RecordColumns& records = ledger_.records();
    counts.assign(calendar_.periods(gate.per).size(), 0);
    for (RecordIndex r = begin_; r < end_; ++r) {
      if (!eligible_[static_cast<std::size_t>(r - begin_)] ||
          records.activity.ids[r] != gate_activity_[g])
        continue;
      counts[static_cast<std::size_t>(calendar_.period_of(gate.per, records.day[r]))] +=
          records.count[r];
    }
    evidence_ready_[g] = 1;
  }
  return counts[static_cast<std::size_t>(calendar_.period_of(gate.per, day))];
}

void TeacherEvaluator::apply_period_caps(const Trace* trace) {
  std::vector<std::size_t>& selected = selected_;
  const auto& conversions = policy_.conversions();
  for (std::size_t c = 0; c < conversions.size(); ++c) {
    if (conversions[c].caps.empty() || !conversion_items_[c]) continue;
    selected.clear();
    for (std::size_t k = 0; k < items_.size(); ++k) {
      if (items_[k].conversion == static_cast<std::int16_t>(c)) selected.push_back(k);
    }
    // In date order, as all items are when other caps need it; stable, so one day's items stay
    // in input order.
    if (!date_order_matters_) {
      std::stable_sort(selected.begin(), selected.end(),
                       [&](std::size_t a, std::size_t b) { return items_[a].day < items_[b].day; });
    }
    for (const PeriodCap& cap : conversions[c].caps) {
      cap_items(selected, cap.per, cap.hours.hundredths() * unit_scale_,
                CreditStep::Kind::conversion_cap, static_cast<int>(c), trace);
    }
  }
  const auto& caps = policy_.category_caps();
  for (const std::size_t k : cap_order_) {
    selected.clear();
    for (std::size_t item = 0; item < items_.size(); ++item) {
      if (caps[k].categories >> items_[item].category & 1) selected.push_back(item);
    }
    cap_items(selected, caps[k].per, caps[k].max.hundredths() * unit_scale_,
              CreditStep::Kind::category_cap, static_cast<int>(k), trace);
  }
}

// Credits the items in date order up to `limit` per period; the latest ones lose what is over.
void TeacherEvaluator::cap_items(const std::vector<std::size_t>& selected, PeriodKind per,
                                 std::int64_t limit, CreditStep::Kind kind, int ref,
                                 const Trace* trace) {
  std::vector<std::int64_t>& used = used_;
  used.assign(calendar_.periods(per).size(), 0);
  for (std::size_t k : selected) {
    Item& item = items_[k];
    std::int64_t& total = used[static_cast<std::size_t>(calendar_.period_of(per, item.day))];
    const std::int64_t take = std::min(item.hours, std::max<std::int64_t>(0, limit - total));
    if (take < item.hours) {
      add_step(trace, item.record,
               {kind, ref, per, item.category, unit_row(Hours::from_hundredths(item.hours)),
                unit_row(Hours::from_hundredths(take))});
      item.hours = take;
    }
    total += take;
  }
}

// --- rules ---------------------------------------------------------------------------------

// Per mask, a running total over the semesters: any semester-based period's hours of the mask
// are then one subtraction.
void TeacherEvaluator::sum_masks() {
  const std::size_t semesters = served_before_.size() - 1;
  for (std::size_t m = 0; m < masks_.size(); ++m) {
    std::int64_t* prefix = &mask_prefix_[m * (semesters + 1)];
    prefix[0] = 0;
    for (std::size_t s = 0; s < semesters; ++s) {
      const std::int64_t* sums = &semester_sums_[s * category_count_];
      std::int64_t sum = 0;
      for (CategoryMask rest = masks_[m]; rest; rest &= rest - 1)
        sum += sums[std::countr_zero(rest)];
      prefix[s + 1] = prefix[s] + sum;
    }
  }
}

// A verdict slot for the next period of the current rule, reusing what earlier teachers left,
// so that judging a teacher allocates nothing.
TeacherEvaluator::PeriodVerdict& TeacherEvaluator::next_verdict(std::size_t parts) {
  if (verdict_count_ == verdicts_.size()) verdicts_.emplace_back();
  PeriodVerdict& verdict = verdicts_[verdict_count_++];
  verdict.period = nullptr;
  verdict.served = 0;
  verdict.whole = 1;
  verdict.required = verdict.credited = verdict.carried_in = verdict.moved_back = verdict.filled =
      Hours();
  if (verdict.part_required.size() < parts) {  // only the first `parts` are used
    verdict.part_required.resize(parts);
    verdict.part_credited.resize(parts);
  }
  verdict.contributions.clear();
  return verdict;
}

Hours TeacherEvaluator::walk(CategoryMask categories, const std::optional<Hours>& max,
                             const Period& period, std::int64_t min_block) {
  std::int64_t credited = 0;
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
    if (take > 0) counted_[i] = 1;
    if (item.hours > take) rule_cut_[i] = 1;
  }
  return Hours::from_hundredths(credited);
}

Hours TeacherEvaluator::taken(CategoryMask categories, const Period& period) const {
  std::int64_t sum = 0;
  for (std::size_t k = 0; k < items_.size(); ++k) {
    if (period.contains(items_[k].day) && (categories >> items_[k].category & 1)) sum += takes_[k];
  }
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
    write_row(out, row++, teacher, rule_index, whole_rule, *period, served > 0,
              required(rule, rule.min, served, whole),
              unit_row(accumulated(rule_mask_[rule_index], *period)), &exemption, &waived,
              &progress);
    for (std::size_t p = 0; p < rule.parts.size(); ++p) {
      write_row(out, row++, teacher, rule_index, static_cast<std::int16_t>(p), *period, served > 0,
                required(rule, rule.parts[p].min, served, whole),
                unit_row(accumulated(part_masks_[rule_index][p], *period)), &exemption, &waived,
                &progress);
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

void TeacherEvaluator::start(TeacherIndex teacher) {
  begin_ = ledger_.record_begin(teacher);
  end_ = ledger_.record_begin(teacher + 1);
  const auto count = static_cast<std::size_t>(end_ - begin_);
  eligible_.assign(count, 0);
  gated_.assign(count, 0);
  counted_.assign(count, 0);
  rule_cut_.assign(count, 0);
  capped_to_zero_.assign(count, 0);
  std::fill(evidence_ready_.begin(), evidence_ready_.end(), 0);
}

TeacherEvaluator::CreditedHours TeacherEvaluator::credit(TeacherIndex teacher) {
  start(teacher);
  dispositions_.assign(static_cast<std::size_t>(end_ - begin_), Disposition::credited);
  find_served(teacher);
  build_items(teacher, dispositions_.data(), nullptr);
  if (apart_first_ != no_day) remove_apart();
  return {semester_sums_, eligible_};
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
      row = write_summed_rows(teacher, rule_index, columns, row);
      continue;
    }

    verdict_count_ = 0;
    for (const Period* judged_period : rule_periods_[rule_index]) {
      const Period& period = *judged_period;
      if (selector.uses_age && !selectors_.applies(selector, teacher, period.last_day)) continue;

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
      switch (rule.kind) {
        case RuleKind::quota: {
          // A window rule counts the days of the teacher's window, reported as its cycle row.
          const Period& days = rule.window ? window_period_ : period;
          const bool walking =
              rule.max || trace || !semester_based(rule.period) || rule.min_block || rule.window;
          verdict.credited = walking ? walk(rule.categories, rule.max, days,
                                            rule.min_block ? rule.min_block->hundredths() : 0)
                                     : accumulated(rule_mask_[rule_index], period);
          if (!walking && rule_caps_) mark_covered(rule, period);
          if (trace) verdict.contributions[0] = item_contributions(rule.categories, days);
          for (std::size_t p = 0; p < rule.parts.size(); ++p) {
            const QuotaPart& part = rule.parts[p];
            verdict.part_required[p] = required_for(part.min);
            verdict.part_credited[p] = walking ? taken(part.categories, days)
                                               : accumulated(part_masks_[rule_index][p], period);
            if (trace) verdict.contributions[p + 1] = item_contributions(part.categories, days);
          }
          if (unit_rows_) round_verdict(verdict, rule.parts.size());
          break;
        }
        case RuleKind::count:
          verdict.credited = count_activities(rule_index, period, counted);
          break;
        case RuleKind::choice:
          verdict.credited = count_choices(rule_index, period, counted);
          break;
      }
    }
    const std::span<PeriodVerdict> judged(verdicts_.data(), verdict_count_);
    if (rule.carry_over || rule.fill_deficits) move_between_periods(rule, judged);

    for (const PeriodVerdict& verdict : judged) {
      const Period& period = *verdict.period;
      auto emit = [&](std::int16_t part, Hours nominal, Hours required, Hours credited) {
        bool waived = false;
        Hours progress;
        int exemption = -1;
        const Status status =
            write_row(columns, row++, teacher, rule_index, part, period, verdict.served > 0,
                      required, credited, &exemption, &waived, &progress);
        if (!trace || !trace->verdicts) return;
        Verdict traced;
        traced.row = {teacher,      static_cast<RuleIndex>(rule_index),
                      part,         rule.period,
                      period.index, required,
                      credited,     status};
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
      emit(whole_rule, rule.min, verdict.required, verdict.credited);
      for (std::size_t p = 0; p < rule.parts.size(); ++p) {
        emit(static_cast<std::int16_t>(p), rule.parts[p].min, verdict.part_required[p],
             verdict.part_credited[p]);
      }
    }
  }
  settle_dispositions(dispositions, trace);
  return row - first_row;
}

// Credited unless caps took everything: before the rules, or in every rule that would count it.
void TeacherEvaluator::settle_dispositions(Disposition* dispositions, const Trace* trace) {
  for (const Item& item : rule_caps_ ? std::span<const Item>(items_) : std::span<const Item>()) {
    const auto i = static_cast<std::size_t>(item.record - begin_);
    if (item.hours > 0 &&
        (semester_covered_[static_cast<std::size_t>(calendar_.semester_of(item.day))] >>
             item.category &
         1)) {
      counted_[i] = 1;
    }
  }
  const std::uint8_t *const eligible = eligible_.data(), *const gated = gated_.data(),
                            *const capped_to_zero = capped_to_zero_.data(),
                            *const rule_cut = rule_cut_.data(), *const counted = counted_.data();
  for (std::size_t i = 0; i < eligible_.size(); ++i) {
    if (!eligible[i] || gated[i]) continue;
    if (capped_to_zero[i] || (rule_cut[i] && !counted[i])) dispositions[i] = Disposition::capped;
  }
  if (trace && trace->records) {
    for (std::size_t i = 0; i < eligible_.size(); ++i)
      (*trace->records)[i].disposition = dispositions[i];
  }
}

}  // namespace yanxiu::detail
