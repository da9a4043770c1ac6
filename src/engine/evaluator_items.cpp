// The credit pipeline: a teacher's records judged at intake, converted, split or offset into
// credit items, gated, capped per period, and their dispositions settled.

#include <algorithm>

#include "engine/evaluator.hpp"

namespace yanxiu::detail {

void TeacherEvaluator::add_step(const Trace* trace, RecordIndex record,
                                const CreditStep& step) const {
  if (trace && trace->records)
    (*trace->records)[static_cast<std::size_t>(record - begin_)].steps.push_back(step);
}

// The record's items: its hours converted, split or offset into the categories they count for.
// The step that gates the record out when its outcome converts to nothing for the teacher.
inline std::optional<CreditStep> TeacherEvaluator::add_record_items(TeacherIndex teacher,
                                                                    RecordIndex r, DayNumber day,
                                                                    const Trace* trace) {
  const RecordColumns& records = ledger_.records();
  if (const std::int32_t outcome = records.outcome.ids[r]; outcome >= 0) {
    const std::int16_t c = conversion_of_outcome_[static_cast<std::size_t>(outcome)];
    const std::int16_t rate_index =
        c < 0 ? -1
              : rate_of_level_[static_cast<std::size_t>(c)]
                              [static_cast<std::size_t>(records.level.ids[r] + 1)];
    if (rate_index < 0 ||
        !selectors_.applies(conversion_selectors_[static_cast<std::size_t>(c)], teacher, day)) {
      return CreditStep{
          CreditStep::Kind::not_convertible,        c,      PeriodKind::cycle, no_category,
          Hours::from_hundredths(records.hours[r]), Hours()};
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
    items_.push_back({r, day, conversion.category, c, 0, hours});
    conversion_items_[static_cast<std::size_t>(c)] = 1;
  } else if (const auto portions = records.split_count[r]; portions > 0) {
    const auto first = static_cast<std::size_t>(records.split_first[r]);
    for (std::size_t p = first; p < first + static_cast<std::size_t>(portions); ++p) {
      items_.push_back(
          {r, day, records.split_category[p], -1, records.split_hours[p], records.split_hours[p]});
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
    items_.push_back({r, day, offset != no_category ? offset : records.category[r], -1,
                      records.hours[r], records.hours[r]});
  }
  if (records.exempted[r]) {
    add_step(trace, r,
             {CreditStep::Kind::exempted, -1, PeriodKind::cycle, records.category[r],
              Hours::from_hundredths(records.hours[r]), Hours::from_hundredths(records.hours[r])});
  }
  return std::nullopt;
}

// A conversion's cap per item.
inline void TeacherEvaluator::cap_conversion_item(Item& first, RecordIndex r, const Trace* trace) {
  const RecordColumns& records = ledger_.records();
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
}

// The ledger keeps a teacher's records in input order; caps and explanations go by date.
void TeacherEvaluator::sort_items_by_day() {
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

// The items' hours into the per-semester sums the rules read, and into the traced records.
void TeacherEvaluator::sum_items(const Trace* trace) {
  for (const Item& item : items_) {
    const auto i = static_cast<std::size_t>(item.record - begin_);
    if (item.hours > 0) capped_to_zero_[i] = 0;
    const auto semester = static_cast<std::size_t>(calendar_.semester_of(item.day));
    const std::size_t cell = semester * category_count_ + static_cast<std::size_t>(item.category);
    semester_sums_[cell] += item.hours;
    if (hours_behind_ && item.hours > 0) semester_hours_[cell] += item.recorded;
    if (trace && trace->records)
      (*trace->records)[i].credited += Hours::from_hundredths(item.hours);
  }
}

void TeacherEvaluator::build_items(TeacherIndex teacher, Disposition* dispositions,
                                   const Trace* trace) {
  const RecordColumns& records = ledger_.records();
  items_.clear();
  std::fill(conversion_items_.begin(), conversion_items_.end(), 0);
  std::fill(semester_sums_.begin(), semester_sums_.end(), 0);
  std::fill(semester_hours_.begin(), semester_hours_.end(), 0);
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
    if (auto not_convertible = add_record_items(teacher, r, day, trace)) {
      gate_out(*not_convertible);
      continue;
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

    cap_conversion_item(items_[first_item], r, trace);
    if (unit_terms_) to_unit(first_item, r, trace);
  }
  if (date_order_matters_ || trace) sort_items_by_day();
  apply_period_caps(trace);

  sum_items(trace);
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

TeacherEvaluator::CreditedHours TeacherEvaluator::credit(TeacherIndex teacher) {
  start(teacher);
  dispositions_.assign(static_cast<std::size_t>(end_ - begin_), Disposition::credited);
  find_served(teacher);
  build_items(teacher, dispositions_.data(), nullptr);
  if (apart_first_ != no_day) remove_apart();
  return {semester_sums_, eligible_};
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
