#include <algorithm>
#include <numeric>

#include <yanxiu/explain.hpp>

#include "engine/evaluator.hpp"
#include "engine/explain_words.hpp"

namespace yanxiu {

Explanation explain(const Policy& policy, const Ledger& ledger, TeacherIndex teacher,
                    const AuditOptions& options) {
  if (teacher < 0 || static_cast<std::size_t>(teacher) >= ledger.teachers().size()) {
    throw std::out_of_range("no teacher with index " + std::to_string(teacher));
  }
  Explanation explanation{policy, ledger, options, teacher, {}, {}};
  detail::TeacherEvaluator evaluator(policy, ledger, options);
  AuditColumns rows;
  std::vector<Disposition> dispositions(
      static_cast<std::size_t>(ledger.record_begin(teacher + 1) - ledger.record_begin(teacher)));
  const detail::TeacherEvaluator::Trace trace{&explanation.verdicts, &explanation.records};
  rows.resize(evaluator.row_count(teacher));
  evaluator.run(teacher, rows, 0, dispositions.data(), &trace);
  return explanation;
}

std::string_view to_string(CreditStep::Kind kind) {
  switch (kind) {
    case CreditStep::Kind::converted:
      return "converted";
    case CreditStep::Kind::not_convertible:
      return "not_convertible";
    case CreditStep::Kind::gated:
      return "gated";
    case CreditStep::Kind::item_cap:
      return "item_cap";
    case CreditStep::Kind::conversion_cap:
      return "conversion_cap";
    case CreditStep::Kind::category_cap:
      return "category_cap";
    case CreditStep::Kind::offset:
      return "offset";
    case CreditStep::Kind::split:
      return "split";
    case CreditStep::Kind::exempted:
      return "exempted";
    case CreditStep::Kind::rated:
      return "rated";
  }
  return "?";
}

namespace detail {

namespace {

const Rule& rule_of(const Explanation& e, const AuditRow& row) {
  return e.policy.rules()[static_cast<std::size_t>(row.rule)];
}

std::string amount(const Explanation& e, const AuditRow& row, Hours hours) {
  return format_amount(rule_of(e, row).kind, hours);
}

const std::string& category_id(const Policy& policy, CategoryIndex c) {
  return policy.categories()[static_cast<std::size_t>(c)].id;
}

std::string activities_of(const Rule& rule, Language language) {
  std::string text;
  for (const auto& activity : rule.activities)
    text += (text.empty() ? "" : std::string(phrase(Phrase::list_item_comma, language))) + activity;
  return text;
}

// "12.00 h × 1/8 = 1.5 学分": the exact amount, before any rounding of the policy's unit.
std::string rated_text(const Explanation& e, const CreditStep& step, Language language) {
  const Category& category = e.policy.categories()[static_cast<std::size_t>(step.category)];
  std::int64_t num = step.before.hundredths() * category.rate.num;
  std::int64_t den = 100 * category.rate.den;
  const std::int64_t divisor = std::gcd(num, den);
  if (divisor > 1) num /= divisor, den /= divisor;
  std::string exact = std::to_string(num / den);
  std::int64_t rest = num % den;
  // A decimal when it ends within six places, else the fraction.
  std::string decimals;
  for (int place = 0; rest != 0 && place < 6; ++place) {
    rest *= 10;
    decimals += static_cast<char>('0' + rest / den);
    rest %= den;
  }
  if (rest != 0)
    exact = std::to_string(num) + "/" + std::to_string(den);
  else if (!decimals.empty())
    exact += "." + decimals;
  return say(language, Phrase::step_rated,
             {to_string(step.before), to_string(category.rate), exact,
              unit_label(e.policy, RuleKind::quota, language)});
}

std::string gate_reason(const Explanation& e, const Gate& gate, std::size_t r, Language language) {
  const RecordColumns& records = e.ledger.records();
  switch (gate.kind) {
    case GateKind::attendance: {
      if (records.attended[r] < 0) return std::string(phrase(Phrase::why_no_attendance, language));
      const std::string bound =
          gate.min_percent
              ? say(language, Phrase::why_under_percent, {std::to_string(gate.min_percent)})
          : gate.strict ? say(language, Phrase::why_not_more_than, {to_string(gate.attended)})
                        : say(language, Phrase::why_under, {to_string(gate.attended)});
      return say(language, Phrase::why_attended,
                 {to_string(Hours::from_hundredths(records.attended[r])),
                  to_string(Hours::from_hundredths(records.hours[r])), bound});
    }
    case GateKind::assessment:
      return records.assessment[r].empty()
                 ? std::string(phrase(Phrase::why_not_assessed, language))
                 : say(language, Phrase::why_assessment_fails, {records.assessment[r]});
    case GateKind::certificate:
      return std::string(phrase(Phrase::why_no_certificate, language));
    case GateKind::evidence:
      return say(language, Phrase::why_too_little_evidence,
                 {std::to_string(gate.min_count.hundredths() / 100), gate.activity,
                  per_label(gate.per, language)});
  }
  return "";
}

Note gated_reason(const Explanation& e, const RecordTrace& trace, Language language) {
  const RecordColumns& records = e.ledger.records();
  const auto r = static_cast<std::size_t>(trace.record);
  for (const CreditStep& step : trace.steps) {
    if (step.kind == CreditStep::Kind::not_convertible) {
      if (step.ref < 0)
        return {"no_conversion", say(language, Phrase::why_no_conversion, {records.outcome[r]})};
      const Conversion& conversion = e.policy.conversions()[static_cast<std::size_t>(step.ref)];
      const bool has_rate =
          std::any_of(conversion.rates.begin(), conversion.rates.end(),
                      [&](const ConversionRate& rate) { return rate.level == records.level[r]; });
      if (has_rate)
        return {"conversion_not_for_teacher",
                say(language, Phrase::why_conversion_not_for_teacher, {conversion.id})};
      return {"conversion_no_rate",
              say(language, Phrase::why_conversion_no_rate, {conversion.id, records.level[r]})};
    }
    if (step.kind != CreditStep::Kind::gated) continue;
    const Gate& gate = e.policy.gates()[static_cast<std::size_t>(step.ref)];
    static constexpr std::string_view codes[] = {"gate_attendance", "gate_assessment",
                                                 "gate_certificate", "gate_evidence"};
    return {codes[static_cast<int>(gate.kind)],
            say(language, Phrase::why_gated_by,
                {gate.label.empty() ? gate.id : gate.id + " " + gate.label,
                 gate_reason(e, gate, r, language)})};
  }
  return {"gated", std::string(phrase(Phrase::why_gated, language))};
}

}  // namespace

std::string verdict_label(const Policy& policy, const AuditRow& row) {
  const Rule& rule = policy.rules()[static_cast<std::size_t>(row.rule)];
  if (row.part == whole_rule) return rule.label;
  const QuotaPart& part = rule.parts[static_cast<std::size_t>(row.part)];
  if (!part.label.empty()) return part.label;
  // A part over one category reads best by that category's label.
  for (std::size_t c = 0; c < policy.categories().size(); ++c) {
    if (part.categories == CategoryMask{1} << c)
      return policy.display_name(static_cast<CategoryIndex>(c));
  }
  return "";
}

std::vector<Note> verdict_notes(const Explanation& e, const Verdict& verdict, Language language) {
  const AuditRow& row = verdict.row;
  const Rule& rule = rule_of(e, row);
  std::vector<Note> notes;
  if (row.status == Status::short_)
    notes.push_back(
        {"short", say(language, Phrase::note_short, {amount(e, row, row.shortfall())})});
  if (row.status == Status::not_applicable)
    notes.push_back({"not_served", std::string(phrase(Phrase::note_not_served, language))});
  if (row.status == Status::conflict)
    notes.push_back(
        {"conflict", say(language, Phrase::note_conflict, {activities_of(rule, language)})});
  if (row.required != verdict.nominal_min && row.status != Status::not_applicable) {
    notes.push_back({"pro_rated", say(language, Phrase::note_pro_rated,
                                      {amount(e, row, verdict.nominal_min),
                                       std::to_string(verdict.served_semesters),
                                       std::to_string(verdict.period_semesters)})});
  }
  if (rule.due_week > 0) {
    const Period& period =
        e.policy.calendar().periods(row.period_kind)[static_cast<std::size_t>(row.period)];
    notes.push_back(
        {"due", say(language, Phrase::note_due,
                    {std::to_string(rule.due_week), day_to_iso(due_days(rule, period).last_day)})});
  }
  if (verdict.carried_in > Hours())
    notes.push_back(
        {"carried_in", say(language, Phrase::note_carried_in, {to_string(verdict.carried_in)})});
  if (verdict.filled > Hours())
    notes.push_back({"filled", say(language, Phrase::note_filled, {to_string(verdict.filled)})});
  if (verdict.moved_back > Hours())
    notes.push_back(
        {"moved_back", say(language, Phrase::note_moved_back, {to_string(verdict.moved_back)})});
  const Hours over = over_max(verdict);
  if (over > Hours() && row.part == whole_rule && rule.max) {
    notes.push_back({"over_max", say(language, Phrase::note_over_max,
                                     {to_string(*rule.max), to_string(over)})});
  }
  if (verdict.exemption >= 0 || verdict.exemption_pending >= 0) {
    const Exemption& exemption = e.policy.exemptions()[static_cast<std::size_t>(
        verdict.exemption >= 0 ? verdict.exemption : verdict.exemption_pending)];
    const std::string name =
        exemption.label.empty() ? exemption.id : exemption.id + " " + exemption.label;
    const std::string needs = e.policy.describe(exemption.requires_categories);
    if (verdict.exemption >= 0) {
      std::string text = say(language, Phrase::note_exempt, {name});
      if (exemption.requires_min > Hours())
        text += " " + say(language, Phrase::note_exempt_progress,
                          {needs, to_string(verdict.exemption_progress),
                           to_string(exemption.requires_min)});
      notes.push_back({"exempt", text});
    } else {
      notes.push_back({"exemption_pending", say(language, Phrase::note_exempt_pending,
                                                {name, to_string(exemption.requires_min), needs,
                                                 to_string(verdict.exemption_progress)})});
    }
  }
  return notes;
}

std::string joined(const std::vector<Note>& notes, Language language) {
  std::string text;
  for (const auto& note : notes) {
    if (!text.empty()) text += phrase(Phrase::note_separator, language);
    text += note.message;
  }
  return text;
}

Note not_counted_reason(const Explanation& e, const RecordTrace& trace, Language language) {
  const RecordColumns& records = e.ledger.records();
  const auto r = static_cast<std::size_t>(trace.record);
  switch (trace.disposition) {
    case Disposition::duplicate:
      return {"duplicate", std::string(phrase(Phrase::why_duplicate, language))};
    case Disposition::outside:
      if (!e.policy.calendar().in_cycle(records.day[r]))
        return {"outside_cycle", std::string(phrase(Phrase::why_outside_cycle, language))};
      if (records.known_day[r] > records.end_day[r])
        return {"recorded_after_as_of",
                say(language, Phrase::why_recorded_late, {day_to_iso(records.known_day[r])})};
      return {"after_as_of", std::string(phrase(Phrase::why_after_as_of, language))};
    case Disposition::uncertified:
      return {"uncertified",
              say(language, Phrase::why_uncertified, {label(records.status[r], language)})};
    case Disposition::gated:
      return gated_reason(e, trace, language);
    case Disposition::capped:
      return {"capped", std::string(phrase(Phrase::capped_record, language))};
    default:
      return {to_string(trace.disposition), std::string(label(trace.disposition, language))};
  }
}

std::string step_message(const Explanation& e, const RecordTrace& trace, const CreditStep& step,
                         Language language) {
  const RecordColumns& records = e.ledger.records();
  const auto r = static_cast<std::size_t>(trace.record);
  switch (step.kind) {
    case CreditStep::Kind::converted: {
      const Conversion& conversion = e.policy.conversions()[static_cast<std::size_t>(step.ref)];
      std::string outcome(records.outcome[r]);
      if (!records.level[r].empty()) outcome += " (" + std::string(records.level[r]) + ")";
      std::string text = say(language, Phrase::step_converted,
                             {outcome, std::to_string(records.count[r]), to_string(step.after),
                              category_id(e.policy, step.category)});
      for (const PeriodCap& cap : conversion.caps) {
        text += " " + say(language, Phrase::step_conversion_cap_limit,
                          {to_string(cap.hours), per_label(cap.per, language)});
      }
      // The rates are numbers too: say when they are not the document's.
      if (conversion.source.find(county_choice_mark) != std::string::npos)
        text += " [" + std::string(county_choice_mark) + "]";
      return text;
    }
    case CreditStep::Kind::item_cap:
      return say(language, Phrase::step_item_cap, {to_string(step.after)});
    case CreditStep::Kind::category_cap:
      return say(language, Phrase::step_category_cap,
                 {e.policy.category_caps()[static_cast<std::size_t>(step.ref)].id,
                  per_label(step.per, language), to_string(step.before), to_string(step.after)});
    case CreditStep::Kind::conversion_cap:
      return say(language, Phrase::step_conversion_cap,
                 {per_label(step.per, language), to_string(step.before), to_string(step.after)});
    case CreditStep::Kind::offset:
      return say(language, Phrase::step_offset, {category_id(e.policy, step.category)});
    case CreditStep::Kind::split:
      return category_id(e.policy, step.category) + " " + to_string(step.after);
    case CreditStep::Kind::exempted:
      return std::string(phrase(Phrase::step_exempted, language));
    case CreditStep::Kind::rated:
      return rated_text(e, step, language);
    case CreditStep::Kind::gated:
    case CreditStep::Kind::not_convertible:
      return "";
  }
  return "";
}

std::pair<Hours, std::size_t> hours_behind(const Explanation& e, const Verdict& verdict) {
  std::size_t records = 0;
  RecordIndex last = -1;
  for (const auto& c : verdict.contributions) {
    if (c.counted == Hours() || c.record == last) continue;
    last = c.record;
    // A conversion's amount is written in the unit: no hours behind it (AuditColumns::hours).
    if (e.ledger.records().outcome.ids[static_cast<std::size_t>(c.record)] < 0) ++records;
  }
  return {verdict.row.hours, records};
}

Hours over_max(const Verdict& verdict) {
  Hours over;
  for (const auto& c : verdict.contributions)
    over += c.over_cap;
  return over;
}

std::string gap_amount(const Policy& policy, const GapStep& step, Language language) {
  if (!step.activity.empty())
    return say(language, Phrase::gap_activities,
               {std::to_string(step.amount.hundredths() / 100), step.activity});
  return say(language, Phrase::gap_hours,
             {to_string(step.amount), policy.display_name(step.category)});
}

std::string_view unclosable_reason(GapPlan::Unclosable::Why why, Language language) {
  switch (why) {
    case GapPlan::Unclosable::Why::conflict:
      return phrase(Phrase::unclosable_conflict, language);
    case GapPlan::Unclosable::Why::capped_or_gated:
      return phrase(Phrase::unclosable_capped_or_gated, language);
    case GapPlan::Unclosable::Why::activities_do_not_count:
      return phrase(Phrase::unclosable_activities, language);
  }
  return "";
}

}  // namespace detail

}  // namespace yanxiu
