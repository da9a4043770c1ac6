// The policy's unit in the evaluation: rates per category (学分), rounding to a step, caps per
// record, and attendance as an exact fraction. Kept apart from the credit pipeline's loop so
// that a policy without these keys never runs them.

#include <algorithm>

#include "engine/evaluator.hpp"

namespace yanxiu::detail {

namespace {

// amount / divisor rounded as the unit says; amount ≥ 0, divisor > 0.
std::int64_t divide(std::int64_t amount, std::int64_t divisor, CreditUnit::Rounding rounding) {
  return rounding == CreditUnit::Rounding::half_up ? (2 * amount + divisor) / (2 * divisor)
                                                   : amount / divisor;
}

}  // namespace

void TeacherEvaluator::bind_unit() {
  const CreditUnit& unit = policy_.unit();
  const bool item_maxes =
      std::any_of(policy_.categories().begin(), policy_.categories().end(),
                  [](const Category& category) { return category.item_max.has_value(); });
  const bool coarse_step = unit.step != Hours::from_hundredths(1);
  unit_terms_ = unit.credits() || coarse_step || item_maxes;
  if (!unit_terms_) return;
  const bool per_period = unit.round_at == CreditUnit::RoundAt::period;
  unit_scale_ = per_period ? unit.denominator : 1;
  unit_rows_ = per_period && (unit_scale_ > 1 || coarse_step);
  for (const Category& category : policy_.categories())
    unit_factor_.push_back(category.rate.num * (unit.denominator / category.rate.den));
}

void TeacherEvaluator::to_unit(std::size_t first_item, RecordIndex record, const Trace* trace) {
  const CreditUnit& unit = policy_.unit();
  const std::int64_t step = unit.step.hundredths();
  for (std::size_t k = first_item; k < items_.size(); ++k) {
    Item& item = items_[k];
    const auto c = static_cast<std::size_t>(item.category);
    if (item.conversion >= 0) {
      item.hours *= unit_scale_;  // a conversion's amounts are written in the unit already
    } else if (unit.credits() || step != 1) {
      const std::int64_t before = item.hours;
      // Exact: hundredths of an hour × rate, in hundredths of the unit × the denominator.
      const std::int64_t exact = item.hours * unit_factor_[c];
      item.hours = unit.round_at == CreditUnit::RoundAt::record
                       ? divide(exact, unit.denominator * step, unit.rounding) * step
                       : exact;
      if (unit.credits()) {
        add_step(trace, record,
                 {CreditStep::Kind::rated, -1, PeriodKind::cycle, item.category,
                  Hours::from_hundredths(before), unit_amount(item.hours)});
      }
    }
    if (const auto& item_max = policy_.categories()[c].item_max) {
      const std::int64_t cap = item_max->hundredths() * unit_scale_;
      if (item.hours > cap) {
        add_step(trace, record,
                 {CreditStep::Kind::item_cap, -1, PeriodKind::cycle, item.category,
                  unit_amount(item.hours), *item_max});
        item.hours = cap;
      }
    }
  }
}

Hours TeacherEvaluator::unit_amount(std::int64_t amount) const {
  if (!unit_rows_) return Hours::from_hundredths(amount);
  const CreditUnit& unit = policy_.unit();
  const std::int64_t step = unit.step.hundredths();
  return Hours::from_hundredths(divide(amount, unit_scale_ * step, unit.rounding) * step);
}

void TeacherEvaluator::round_verdict(PeriodVerdict& verdict, std::size_t parts) const {
  verdict.credited = unit_amount(verdict.credited.hundredths());
  for (std::size_t p = 0; p < parts; ++p)
    verdict.part_credited[p] = unit_amount(verdict.part_credited[p].hundredths());
}

void TeacherEvaluator::round_traced_records(const Trace* trace) const {
  if (!trace || !trace->records) return;
  for (RecordTrace& record : *trace->records)
    record.credited = unit_amount(record.credited.hundredths());
}

// attended / hours reaches the gate's fraction, or exceeds it when strict; exact in integers.
bool TeacherEvaluator::attended_enough(const Gate& gate, RecordIndex r) const {
  const RecordColumns& records = ledger_.records();
  if (records.attended[r] < 0) return false;
  const std::int64_t attended = std::int64_t{records.attended[r]} * gate.attended.den;
  const std::int64_t needed = gate.attended.num * std::int64_t{records.hours[r]};
  return gate.strict ? attended > needed : attended >= needed;
}

}  // namespace yanxiu::detail
