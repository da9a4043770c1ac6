// Binding a policy to a ledger (names to interned ids, periods judged, masks), and a
// teacher's employment: which periods they served.

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

int cap_rank(PeriodKind per) {
  return per == PeriodKind::semester ? 0 : per == PeriodKind::academic_year ? 1 : 2;
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

  bind_rules(records);
  bind_conversions(records);
  bind_gates(records);
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
  hours_behind_ = policy.unit().credits();
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
        return rule.kind != RuleKind::quota ||
               (semester_based(rule.period) && !rule.min_block && !rule.due_week);
      });
  conversion_items_.resize(policy.conversions().size());

  for (const Rule& rule : policy.rules()) {
    summed_rule_.push_back(rule.kind == RuleKind::quota && semester_based(rule.period) &&
                           !rule.max && !rule.carry_over && !rule.fill_deficits &&
                           !rule.min_block && !rule.window && !rule.due_week);
  }
  const std::size_t semesters = calendar_.periods(PeriodKind::semester).size();
  served_before_.resize(semesters + 1);
  semester_sums_.resize(semesters * category_count_);
  mask_prefix_.resize(masks_.size() * (semesters + 1));
  if (hours_behind_) {
    semester_hours_.resize(semester_sums_.size());
    mask_hours_prefix_.resize(mask_prefix_.size());
  }
  semester_covered_.resize(semesters);
  evidence_.resize(policy.gates().size());
  evidence_ready_.resize(policy.gates().size());
}

// Names resolved once to the ledger's interned ids, so the loops compare integers; the periods
// each rule judges; the category masks whose per-semester sums the quotas read.
void TeacherEvaluator::bind_rules(const RecordColumns& records) {
  for (const Rule& rule : policy_.rules()) {
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
}

// Each conversion's rate per record level, and the conversion of each record outcome.
void TeacherEvaluator::bind_conversions(const RecordColumns& records) {
  const Policy& policy = policy_;
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
}

// Each gate's evidence activity and which assessment results pass it.
void TeacherEvaluator::bind_gates(const RecordColumns& records) {
  const Policy& policy = policy_;
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

}  // namespace yanxiu::detail
