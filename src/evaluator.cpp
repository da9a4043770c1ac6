#include "evaluator.hpp"

#include <algorithm>
#include <stdexcept>

namespace yanxiu::detail {

namespace {

bool same_calendar(const CalendarSpec& a, const CalendarSpec& b) {
  if (a.cycle_start != b.cycle_start || a.years != b.years || a.assign_by != b.assign_by ||
      a.semesters.size() != b.semesters.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.semesters.size(); ++i) {
    const auto &x = a.semesters[i], &y = b.semesters[i];
    if (x.name != y.name || x.month != y.month || x.day != y.day) return false;
  }
  return true;
}

// Whole years from `birth` to `on`.
int age_on(DayNumber birth, DayNumber on) {
  const Date b = from_day_number(birth), d = from_day_number(on);
  const bool before_birthday =
      d.month() < b.month() || (d.month() == b.month() && d.day() < b.day());
  return d.year() - b.year() - (before_birthday ? 1 : 0);
}

std::int64_t ceil_share(std::int64_t amount, int part, int whole) {
  return (amount * part + whole - 1) / whole;
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
      ledger_(ledger),
      calendar_(policy.calendar()),
      as_of_day_(options.as_of ? to_day_number(*options.as_of) : INT32_MAX),
      category_count_(policy.categories().size()) {
  check_compatible(policy, ledger);
  const TeacherColumns& teachers = ledger.teachers();
  for (const Rule& rule : policy.rules()) {
    BoundRule bound;
    bound.rule = &rule;
    for (const SelectorNode& node : rule.applies_to.nodes) {
      BoundAttribute attribute;
      using Source = BoundAttribute::Source;
      if (node.attribute.empty()) {
      } else if (node.attribute == age_attribute) {
        attribute.source = Source::age;
        bound.uses_age = true;
      } else if (node.attribute == "id") {
        attribute.source = Source::id;
      } else if (node.attribute == "birth_date") {
        attribute = {Source::day, nullptr, &teachers.birth_day};
      } else if (node.attribute == "join_date") {
        attribute = {Source::day, nullptr, &teachers.join_day};
      } else if (node.attribute == "leave_date") {
        attribute = {Source::day, nullptr, &teachers.leave_day};
      } else if (const StringColumn* column = teachers.attribute(node.attribute)) {
        attribute = {Source::text, column, nullptr};
      }
      bound.attributes.push_back(attribute);
    }
    has_week_rules_ = has_week_rules_ || rule.period == PeriodKind::week;
    has_caps_ = has_caps_ || rule.max.has_value();
    rules_.push_back(std::move(bound));
  }
  const std::size_t semesters = calendar_.periods(PeriodKind::semester).size();
  const std::size_t weeks = has_week_rules_ ? calendar_.periods(PeriodKind::week).size() : 0;
  semester_served_.resize(semesters);
  week_served_.resize(weeks);
  semester_sums_.resize(semesters * category_count_);
  week_sums_.resize(weeks * category_count_);
  semester_covered_.resize(semesters);
  week_covered_.resize(weeks);
}

bool TeacherEvaluator::matches(const BoundRule& bound, int index, TeacherIndex teacher,
                               DayNumber on) const {
  const SelectorNode& node = bound.rule->applies_to.nodes[static_cast<std::size_t>(index)];
  switch (node.op) {
    case SelectorOp::always:
      return true;
    case SelectorOp::all:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](int child) { return matches(bound, child, teacher, on); });
    case SelectorOp::any:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](int child) { return matches(bound, child, teacher, on); });
    case SelectorOp::not_:
      return !matches(bound, node.children.front(), teacher, on);
    default:
      break;
  }

  // The teacher's value, as text and, for numeric operands, as hundredths.
  const BoundAttribute& attribute = bound.attributes[static_cast<std::size_t>(index)];
  using Source = BoundAttribute::Source;
  const auto row = static_cast<std::size_t>(teacher);
  std::string day_text;
  std::string_view text;
  std::optional<std::int64_t> number;
  switch (attribute.source) {
    case Source::none:
      return false;
    case Source::id:
      text = ledger_.teachers().id[row];
      break;
    case Source::text:
      text = (*attribute.text)[row];
      break;
    case Source::day: {
      const DayNumber day = (*attribute.days)[row];
      if (day == no_day) return false;
      day_text = day_to_iso(day);
      text = day_text;
      break;
    }
    case Source::age: {
      const DayNumber birth = ledger_.teachers().birth_day[row];
      if (birth == no_day) return false;
      number = std::int64_t{age_on(birth, on)} * 100;
      day_text = std::to_string(*number / 100);
      text = day_text;
      break;
    }
  }
  if (text.empty()) return false;

  auto compare = [&](const SelectorValue& operand) -> std::optional<int> {
    if (operand.hundredths) {
      if (!number) {
        const auto parsed = parse_hours(text);
        if (!parsed) return std::nullopt;
        number = parsed->hundredths();
      }
      return *number < *operand.hundredths ? -1 : *number > *operand.hundredths ? 1 : 0;
    }
    const int order = text.compare(operand.text);
    return order < 0 ? -1 : order > 0 ? 1 : 0;
  };
  const SelectorValue& first = node.values.front();
  switch (node.op) {
    case SelectorOp::in:
      return std::any_of(node.values.begin(), node.values.end(),
                         [&](const SelectorValue& value) { return compare(value) == 0; });
    case SelectorOp::has: {
      // A ;-separated list holds any of the values.
      std::string_view rest = text;
      while (!rest.empty()) {
        const auto separator = rest.find(';');
        std::string_view item = rest.substr(0, separator);
        while (!item.empty() && item.front() == ' ')
          item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
          item.remove_suffix(1);
        for (const auto& value : node.values) {
          if (item == value.text) return true;
        }
        if (separator == std::string_view::npos) break;
        rest.remove_prefix(separator + 1);
      }
      return false;
    }
    default:
      break;
  }
  const auto order = compare(first);
  if (!order) return false;
  switch (node.op) {
    case SelectorOp::eq:
      return *order == 0;
    case SelectorOp::ne:
      return *order != 0;
    case SelectorOp::lt:
      return *order < 0;
    case SelectorOp::le:
      return *order <= 0;
    case SelectorOp::gt:
      return *order > 0;
    case SelectorOp::ge:
      return *order >= 0;
    default:
      return false;
  }
}

void TeacherEvaluator::find_served(TeacherIndex teacher) {
  const auto row = static_cast<std::size_t>(teacher);
  const DayNumber join = ledger_.teachers().join_day[row];
  const DayNumber leave = ledger_.teachers().leave_day[row];
  // Served: employed on at least half of the period's days.
  auto served = [&](const Period& period) {
    const DayNumber first = std::max(period.first_day, join == no_day ? period.first_day : join);
    const DayNumber last = std::min(period.last_day, leave == no_day ? period.last_day : leave);
    const std::int64_t employed = std::max(0, last - first + 1);
    return static_cast<std::uint8_t>(2 * employed >= period.day_count());
  };
  const auto& semesters = calendar_.periods(PeriodKind::semester);
  for (std::size_t s = 0; s < semesters.size(); ++s)
    semester_served_[s] = served(semesters[s]);
  if (has_week_rules_) {
    const auto& weeks = calendar_.periods(PeriodKind::week);
    for (std::size_t w = 0; w < weeks.size(); ++w)
      week_served_[w] = served(weeks[w]);
  }
}

Hours TeacherEvaluator::accumulated(CategoryMask categories, const Period& period) const {
  std::int64_t sum = 0;
  auto add_row = [&](const std::int64_t* sums) {
    for (std::size_t c = 0; c < category_count_; ++c) {
      if (categories >> c & 1) sum += sums[c];
    }
  };
  if (period.kind == PeriodKind::week) {
    add_row(&week_sums_[static_cast<std::size_t>(period.index) * category_count_]);
  } else {
    for (int s = period.first_semester; s < period.end_semester; ++s) {
      add_row(&semester_sums_[static_cast<std::size_t>(s) * category_count_]);
    }
  }
  return Hours::from_hundredths(sum);
}

Hours TeacherEvaluator::walk(CategoryMask categories, const std::optional<Hours>& max,
                             const Period& period) {
  const RecordColumns& records = ledger_.records();
  std::int64_t credited = 0;
  const std::int64_t limit = max ? max->hundredths() : INT64_MAX;
  for (RecordIndex r = begin_; r < end_; ++r) {
    const auto i = static_cast<std::size_t>(r - begin_);
    takes_[i] = overs_[i] = 0;
    if (!eligible_[i] || !period.contains(records.day[r])) continue;
    if (!(categories >> records.category[r] & 1)) continue;
    const std::int64_t hours = records.hours[r];
    const std::int64_t take = std::min(hours, limit - credited);
    credited += take;
    takes_[i] = take;
    overs_[i] = hours - take;
    if (take > 0) counted_[i] = 1;
    if (hours > take) over_cap_[i] = 1;
  }
  return Hours::from_hundredths(credited);
}

Hours TeacherEvaluator::taken(CategoryMask categories, const Period& period) const {
  const RecordColumns& records = ledger_.records();
  std::int64_t sum = 0;
  for (RecordIndex r = begin_; r < end_; ++r) {
    if (period.contains(records.day[r]) && (categories >> records.category[r] & 1)) {
      sum += takes_[static_cast<std::size_t>(r - begin_)];
    }
  }
  return Hours::from_hundredths(sum);
}

std::vector<Contribution> TeacherEvaluator::contributions(CategoryMask categories,
                                                          const Period& period) const {
  const RecordColumns& records = ledger_.records();
  std::vector<Contribution> out;
  for (RecordIndex r = begin_; r < end_; ++r) {
    const auto i = static_cast<std::size_t>(r - begin_);
    if (!eligible_[i] || !period.contains(records.day[r])) continue;
    if (!(categories >> records.category[r] & 1)) continue;
    out.push_back({r, Hours::from_hundredths(takes_[i]), Hours::from_hundredths(overs_[i])});
  }
  return out;
}

void TeacherEvaluator::run(TeacherIndex teacher, AuditColumns& out, Disposition* dispositions,
                           std::vector<Verdict>* trace) {
  const RecordColumns& records = ledger_.records();
  begin_ = ledger_.record_begin(teacher);
  end_ = ledger_.record_begin(teacher + 1);
  const auto count = static_cast<std::size_t>(end_ - begin_);
  eligible_.assign(count, 0);
  counted_.assign(count, 0);
  over_cap_.assign(count, 0);
  takes_.assign(count, 0);
  overs_.assign(count, 0);
  std::fill(semester_sums_.begin(), semester_sums_.end(), 0);
  std::fill(week_sums_.begin(), week_sums_.end(), 0);
  std::fill(semester_covered_.begin(), semester_covered_.end(), 0);
  std::fill(week_covered_.begin(), week_covered_.end(), 0);
  find_served(teacher);

  // One pass over the records into semester (and week) × category sums.
  for (RecordIndex r = begin_; r < end_; ++r) {
    Disposition disposition = records.intake[r];
    if (disposition == Disposition::credited && records.end_day[r] > as_of_day_) {
      disposition = Disposition::outside;
    }
    dispositions[r - begin_] = disposition;
    if (disposition != Disposition::credited) continue;
    eligible_[static_cast<std::size_t>(r - begin_)] = 1;
    const auto category = static_cast<std::size_t>(records.category[r]);
    const auto semester = static_cast<std::size_t>(calendar_.semester_of(records.day[r]));
    semester_sums_[semester * category_count_ + category] += records.hours[r];
    if (has_week_rules_) {
      const auto week = static_cast<std::size_t>(calendar_.week_of(records.day[r]));
      week_sums_[week * category_count_ + category] += records.hours[r];
    }
  }

  for (std::size_t rule_index = 0; rule_index < rules_.size(); ++rule_index) {
    const BoundRule& bound = rules_[rule_index];
    const Rule& rule = *bound.rule;
    const bool applies_always =
        !bound.uses_age && matches(bound, 0, teacher, calendar_.cycle().last_day);
    if (!bound.uses_age && !applies_always) continue;

    for (const Period& period : calendar_.periods(rule.period)) {
      if (period.first_day > as_of_day_) break;
      if (bound.uses_age && !matches(bound, 0, teacher, period.last_day)) continue;

      // How much of the period the teacher served decides not_applicable and pro-rating.
      int served = 0, whole = 1;
      if (rule.period == PeriodKind::week) {
        served = week_served_[static_cast<std::size_t>(period.index)];
      } else {
        whole = period.end_semester - period.first_semester;
        for (int s = period.first_semester; s < period.end_semester; ++s) {
          served += semester_served_[static_cast<std::size_t>(s)];
        }
      }
      const bool applicable = served > 0;
      const bool pro_rated = rule.pro_rate && (rule.period == PeriodKind::academic_year ||
                                               rule.period == PeriodKind::cycle);
      auto required_for = [&](Hours nominal) {
        if (!applicable) return Hours();
        return pro_rated ? Hours::from_hundredths(ceil_share(nominal.hundredths(), served, whole))
                         : nominal;
      };

      const bool walking = rule.max.has_value() || trace != nullptr;
      const Hours credited =
          walking ? walk(rule.categories, rule.max, period) : accumulated(rule.categories, period);
      if (has_caps_ && !rule.max) {
        // Uncapped rows count every record they cover (for the capped/credited disposition).
        if (rule.period == PeriodKind::week) {
          week_covered_[static_cast<std::size_t>(period.index)] |= rule.categories;
        } else {
          for (int s = period.first_semester; s < period.end_semester; ++s) {
            semester_covered_[static_cast<std::size_t>(s)] |= rule.categories;
          }
        }
      }

      auto emit = [&](std::int16_t part, Hours nominal, Hours credited_hours, CategoryMask mask) {
        const Hours required = required_for(nominal);
        const Status status = !applicable                  ? Status::not_applicable
                              : credited_hours >= required ? Status::met
                                                           : Status::short_;
        out.teacher.push_back(teacher);
        out.rule.push_back(static_cast<RuleIndex>(rule_index));
        out.part.push_back(part);
        out.period_kind.push_back(rule.period);
        out.period.push_back(period.index);
        out.required.push_back(required.hundredths());
        out.credited.push_back(credited_hours.hundredths());
        out.status.push_back(status);
        if (trace) {
          Verdict verdict;
          verdict.row = {teacher,        static_cast<RuleIndex>(rule_index),
                         part,           rule.period,
                         period.index,   required,
                         credited_hours, status};
          verdict.nominal_min = nominal;
          verdict.served_semesters = rule.period == PeriodKind::week ? 0 : served;
          verdict.period_semesters = rule.period == PeriodKind::week ? 0 : whole;
          verdict.contributions = contributions(mask, period);
          trace->push_back(std::move(verdict));
        }
      };
      emit(whole_rule, rule.min, credited, rule.categories);
      for (std::size_t p = 0; p < rule.parts.size(); ++p) {
        const QuotaPart& part = rule.parts[p];
        const Hours part_credited =
            walking ? taken(part.categories, period) : accumulated(part.categories, period);
        emit(static_cast<std::int16_t>(p), part.min, part_credited, part.categories);
      }
    }
  }

  if (!has_caps_) return;
  // A record is capped when caps cut it and no row counted any of it.
  for (RecordIndex r = begin_; r < end_; ++r) {
    const auto i = static_cast<std::size_t>(r - begin_);
    if (!eligible_[i] || counted_[i] || !over_cap_[i]) continue;
    const auto category = records.category[r];
    const auto semester = static_cast<std::size_t>(calendar_.semester_of(records.day[r]));
    bool covered = (semester_covered_[semester] >> category & 1) != 0;
    if (has_week_rules_) {
      const auto week = static_cast<std::size_t>(calendar_.week_of(records.day[r]));
      covered = covered || (week_covered_[week] >> category & 1) != 0;
    }
    if (!(covered && records.hours[r] > 0)) dispositions[i] = Disposition::capped;
  }
}

}  // namespace yanxiu::detail
