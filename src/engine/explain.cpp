#include <algorithm>
#include <map>
#include <numeric>

#include <yanxiu/explain.hpp>

#include "engine/evaluator.hpp"

namespace yanxiu {

namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string pad_left(std::string text, std::size_t width) {
  if (text.size() < width) text.insert(0, width - text.size(), ' ');
  return text;
}

std::string span_text(DayNumber first, DayNumber last) {
  return first == last ? day_to_iso(first) : day_to_iso(first) + ".." + day_to_iso(last);
}

// "year" in "cap 20.00/year".
std::string_view per_word(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::academic_year:
      return "year";
    default:
      return to_string(kind);
  }
}

bool counted(Disposition d) {
  return d == Disposition::credited || d == Disposition::capped;
}

class ExplanationWriter {
 public:
  explicit ExplanationWriter(const Explanation& explanation)
      : e_(explanation),
        policy_(explanation.policy),
        records_(explanation.ledger.records()),
        calendar_(explanation.policy.calendar()) {}

  std::string write() {
    // The ledger keeps input order; a county officer reads records by date.
    for (const auto& record : e_.records)
      by_date_.push_back(&record);
    std::stable_sort(by_date_.begin(), by_date_.end(),
                     [&](const RecordTrace* a, const RecordTrace* b) {
                       return records_.day[static_cast<std::size_t>(a->record)] <
                              records_.day[static_cast<std::size_t>(b->record)];
                     });
    measure();
    header();
    blocks();
    not_counted();
    return out_;
  }

 private:
  void line(const std::string& text) {
    out_ += text;
    out_ += '\n';
  }

  const Rule& rule_of(const AuditRow& row) const {
    return policy_.rules()[static_cast<std::size_t>(row.rule)];
  }
  const std::string& category_id(CategoryIndex c) const {
    return policy_.categories()[static_cast<std::size_t>(c)].id;
  }
  std::string amount(const AuditRow& row, Hours hours) const {
    return format_amount(rule_of(row).kind, hours);
  }

  // "semester-offline" or "  /school": the id column, ASCII so that it aligns.
  std::string rule_name(const AuditRow& row) const {
    const Rule& rule = rule_of(row);
    if (row.part == whole_rule) return rule.id;
    return "  /" + rule.parts[static_cast<std::size_t>(row.part)].id;
  }

  // The words at the end of a verdict line: the policy's label and the document's section.
  std::string rule_label(const AuditRow& row) const {
    const Rule& rule = rule_of(row);
    if (row.part != whole_rule) {
      const QuotaPart& part = rule.parts[static_cast<std::size_t>(row.part)];
      if (!part.label.empty()) return part.label;
      // A part over one category reads best by that category's label.
      for (std::size_t c = 0; c < policy_.categories().size(); ++c) {
        if (part.categories == CategoryMask{1} << c)
          return policy_.display_name(static_cast<CategoryIndex>(c));
      }
      return "";
    }
    std::string label = rule.label;
    if (!rule.source.empty()) label += (label.empty() ? "[" : " [") + rule.source + "]";
    return label;
  }

  // Column widths from what will be printed, so ids of any length line up.
  void measure() {
    for (const auto& verdict : e_.verdicts) {
      rule_width_ = std::max(rule_width_, rule_name(verdict.row).size());
      if (verdict.row.status == Status::short_)
        notes_width_ = std::max<std::size_t>(notes_width_, 12);
    }
    for (const auto& record : e_.records) {
      id_width_ = std::max(id_width_, records_.id[static_cast<std::size_t>(record.record)].size());
    }
    for (const auto& category : policy_.categories())
      category_width_ = std::max(category_width_, category.id.size() + 1);
  }

  // What the credit pipeline did to a record, in words: "paper (provincial) × 2 → 16.00 h self
  // (cap 20.00/year)".
  std::string pipeline(const RecordTrace& trace) const {
    const auto r = static_cast<std::size_t>(trace.record);
    std::string text;
    std::string splits;
    for (const CreditStep& step : trace.steps) {
      switch (step.kind) {
        case CreditStep::Kind::converted: {
          const Conversion& conversion = policy_.conversions()[static_cast<std::size_t>(step.ref)];
          text += "  " + std::string(records_.outcome[r]);
          if (!records_.level[r].empty()) text += " (" + std::string(records_.level[r]) + ")";
          text += " × " + std::to_string(records_.count[r]) + " → " + to_string(step.after) +
                  " h " + category_id(step.category);
          for (const PeriodCap& cap : conversion.caps) {
            text += " (cap " + to_string(cap.hours) + "/" + std::string(per_word(cap.per)) + ")";
          }
          // The rates are numbers too: say when they are not the document's.
          if (conversion.source.find(county_choice_mark) != std::string::npos)
            text += " [" + std::string(county_choice_mark) + "]";
          break;
        }
        case CreditStep::Kind::item_cap:
          text += "  capped at " + to_string(step.after) + " for its items";
          break;
        case CreditStep::Kind::conversion_cap:
        case CreditStep::Kind::category_cap: {
          const std::string what =
              step.kind == CreditStep::Kind::category_cap
                  ? "cap " + policy_.category_caps()[static_cast<std::size_t>(step.ref)].id + " "
                  : "the conversion's cap ";
          text += "  " + what + "per " + std::string(per_word(step.per)) + ": " +
                  to_string(step.before) + " → " + to_string(step.after) + " credited";
          break;
        }
        case CreditStep::Kind::offset:
          text += "  counts as " + category_id(step.category) + " (冲抵)";
          break;
        case CreditStep::Kind::split:
          splits += (splits.empty() ? "  split: " : " + ") + category_id(step.category) + " " +
                    to_string(step.after);
          break;
        case CreditStep::Kind::exempted:
          text += "  exempted (免修)";
          break;
        case CreditStep::Kind::rated:
          text += "  " + rated_text(step);
          break;
        case CreditStep::Kind::gated:
        case CreditStep::Kind::not_convertible:
          break;  // said under "Not counted"
      }
    }
    return splits + text;
  }

  // "12.00 h × 1/8 = 1.5 学分": the exact amount, before any rounding of the policy's unit.
  std::string rated_text(const CreditStep& step) const {
    const Category& category = policy_.categories()[static_cast<std::size_t>(step.category)];
    const CreditUnit& unit = policy_.unit();
    const std::string label = unit.label.empty() ? "credits" : unit.label;
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
    return to_string(step.before) + " h × " + to_string(category.rate) + " = " + exact + " " +
           label;
  }

  std::string record_line(const RecordTrace& trace) const {
    const auto r = static_cast<std::size_t>(trace.record);
    std::string text = pad(std::string(records_.id[r]), id_width_) + "  " +
                       pad(span_text(records_.start_day[r], records_.end_day[r]), 22) + "  " +
                       pad(category_id(records_.category[r]), category_width_) +
                       pad_left(to_string(Hours::from_hundredths(records_.hours[r])), 9);
    if (!records_.activity[r].empty()) {
      text += "  " + std::string(records_.activity[r]);
      if (records_.count[r] != 1) text += " × " + std::to_string(records_.count[r]);
    }
    return text + pipeline(trace);
  }

  void header() {
    const auto& teachers = e_.ledger.teachers();
    const auto t = static_cast<std::size_t>(e_.teacher);
    std::string who = "Teacher " + std::string(teachers.id[t]);
    for (std::size_t a = 0; a < teachers.attribute_names.size(); ++a) {
      const auto value = teachers.attributes[a][t];
      if (!value.empty()) who += " · " + teachers.attribute_names[a] + " " + std::string(value);
    }
    line(who);
    std::string policy = "Policy " + policy_.id();
    if (!policy_.title().empty()) policy += " " + policy_.title();
    policy += " · cycle " + span_text(calendar_.cycle().first_day, calendar_.cycle().last_day);
    if (e_.options.as_of) policy += " · as of " + to_iso(*e_.options.as_of);
    if (e_.options.basis == Basis::submitted) policy += " · as submitted";
    line(policy);

    const DayNumber join = teachers.join_day[t], leave = teachers.leave_day[t];
    std::string employed = "Employed ";
    employed += join == no_day ? "since before the cycle" : "from " + day_to_iso(join);
    employed += leave == no_day ? "" : " to " + day_to_iso(leave);
    for (auto a = teachers.absence_begin[t]; a < teachers.absence_begin[t + 1]; ++a) {
      employed +=
          " · on leave " + span_text(teachers.absence_first_day[static_cast<std::size_t>(a)],
                                     teachers.absence_last_day[static_cast<std::size_t>(a)]);
    }
    for (const auto& verdict : e_.verdicts) {
      if (verdict.row.period_kind == PeriodKind::cycle && verdict.row.part == whole_rule) {
        employed += " · served " + std::to_string(verdict.served_semesters) + " of " +
                    std::to_string(verdict.period_semesters) + " semesters";
        break;
      }
    }
    line(employed);
    DispositionCounts counts;
    for (const auto& record : e_.records)
      ++counts[record.disposition];
    std::string summary = "Records:";
    bool first = true;
    for (int d = 0; d < disposition_count; ++d) {
      if (counts.counts[d] == 0 && d != 0) continue;
      summary += (first ? " " : ", ") + std::to_string(counts.counts[d]) + " " +
                 std::string(to_string(static_cast<Disposition>(d)));
      first = false;
    }
    line(summary);
  }

  // "  semester-offline  short  27.67 of 30.00  2.33 short  线下学时每学期不低于30学时 [八.2.(1)①]"
  std::string verdict_line(const Verdict& verdict) const {
    const AuditRow& row = verdict.row;
    const std::string status(row.status == Status::not_applicable ? "n/a" : to_string(row.status));
    std::string text = "  " + pad(rule_name(row), rule_width_) + "  " + pad(status, 9) +
                       pad_left(amount(row, row.credited), 8) + " of " +
                       pad_left(amount(row, row.required), 7);
    std::vector<std::string> notes;
    if (row.status == Status::short_) notes.push_back(amount(row, row.shortfall()) + " short");
    if (row.status == Status::not_applicable)
      notes.push_back("not served: employed on under half its days");
    if (row.status == Status::conflict)
      notes.push_back("more than one of " + options(rule_of(row)) + "; exactly one is expected");
    if (row.required != verdict.nominal_min && row.status != Status::not_applicable) {
      notes.push_back(amount(row, verdict.nominal_min) + " pro-rated for " +
                      std::to_string(verdict.served_semesters) + " of " +
                      std::to_string(verdict.period_semesters) + " semesters served");
    }
    if (verdict.carried_in > Hours())
      notes.push_back("includes " + to_string(verdict.carried_in) +
                      " carried over from the period before");
    if (verdict.filled > Hours())
      notes.push_back("includes " + to_string(verdict.filled) +
                      " of the next period's hours, filling its shortfall");
    if (verdict.moved_back > Hours())
      notes.push_back(to_string(verdict.moved_back) +
                      " of its hours went to fill the period before");
    Hours over;
    for (const auto& c : verdict.contributions)
      over += c.over_cap;
    const Rule& rule = rule_of(row);
    if (over > Hours() && row.part == whole_rule && rule.max) {
      notes.push_back("capped at max " + to_string(*rule.max) + ": " + to_string(over) +
                      " not credited");
    }
    if (verdict.exemption >= 0 || verdict.exemption_pending >= 0) {
      const Exemption& exemption = policy_.exemptions()[static_cast<std::size_t>(
          verdict.exemption >= 0 ? verdict.exemption : verdict.exemption_pending)];
      const std::string name =
          exemption.label.empty() ? exemption.id : exemption.id + " " + exemption.label;
      const std::string needs = policy_.describe(exemption.requires_categories);
      if (verdict.exemption >= 0) {
        notes.push_back("waived by exemption " + name +
                        (exemption.requires_min > Hours()
                             ? " (" + needs + " " + to_string(verdict.exemption_progress) +
                                   " of the " + to_string(exemption.requires_min) + " it requires)"
                             : ""));
      } else {
        notes.push_back("exemption " + name + " applies once " + to_string(exemption.requires_min) +
                        " h of " + needs + " are credited; " +
                        to_string(verdict.exemption_progress) + " so far");
      }
    }
    std::string joined;
    for (const auto& note : notes)
      joined += (joined.empty() ? "" : "; ") + note;
    text += "  " + pad(joined, notes_width_);
    const std::string label = rule_label(row);
    if (!label.empty()) text += "  " + label;
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    return text;
  }

  static std::string options(const Rule& rule) {
    std::string text;
    for (const auto& activity : rule.activities)
      text += (text.empty() ? "" : ", ") + activity;
    return text;
  }

  // A verdict in credits: the hours of the records it counted, since subtotals of amounts
  // rounded only once per row would not add up.
  std::string hours_behind(const Verdict& verdict) const {
    std::int64_t hours = 0;
    std::size_t records = 0;
    RecordIndex last = -1;
    for (const auto& c : verdict.contributions) {
      if (c.counted == Hours() || c.record == last) continue;
      last = c.record;
      ++records;
      hours += records_.hours[static_cast<std::size_t>(c.record)];
    }
    if (records == 0) return "";
    return "from " + to_string(Hours::from_hundredths(hours)) + " h in " + std::to_string(records) +
           (records == 1 ? " record" : " records");
  }

  // Subtotals of a year or cycle verdict by the smaller periods inside it.
  std::string breakdown(const Verdict& verdict) const {
    if (policy_.unit().credits() && rule_of(verdict.row).kind == RuleKind::quota)
      return hours_behind(verdict);
    const PeriodKind by = verdict.row.period_kind == PeriodKind::cycle &&
                                  calendar_.periods(PeriodKind::academic_year).size() > 1
                              ? PeriodKind::academic_year
                              : PeriodKind::semester;
    std::map<int, Hours> sums;
    for (const auto& c : verdict.contributions) {
      sums[calendar_.period_of(by, records_.day[static_cast<std::size_t>(c.record)])] += c.counted;
    }
    std::string text;
    for (const auto& [index, hours] : sums) {
      text += text.empty() ? "" : " + ";
      text += calendar_.periods(by)[static_cast<std::size_t>(index)].label + " " +
              amount(verdict.row, hours);
    }
    return text;
  }

  void blocks() {
    // One block per period with verdicts, and per semester with counted records, in date
    // order; on the same last day, smaller periods first (a semester before its year).
    struct Block {
      PeriodKind kind;
      int index;
    };
    std::vector<Block> order;
    auto add = [&](PeriodKind kind, int index) {
      for (const auto& b : order) {
        if (b.kind == kind && b.index == index) return;
      }
      order.push_back({kind, index});
    };
    for (const auto& verdict : e_.verdicts)
      add(verdict.row.period_kind, verdict.row.period);
    for (const RecordTrace* traced : by_date_) {
      const RecordTrace& record = *traced;
      if (counted(record.disposition))
        add(PeriodKind::semester,
            calendar_.semester_of(records_.day[static_cast<std::size_t>(record.record)]));
    }
    std::sort(order.begin(), order.end(), [&](const Block& a, const Block& b) {
      const Period& pa = calendar_.periods(a.kind)[static_cast<std::size_t>(a.index)];
      const Period& pb = calendar_.periods(b.kind)[static_cast<std::size_t>(b.index)];
      if (pa.last_day != pb.last_day) return pa.last_day < pb.last_day;
      return pa.day_count() < pb.day_count();
    });

    for (const auto& block : order) {
      const Period& period = calendar_.periods(block.kind)[static_cast<std::size_t>(block.index)];
      line("");
      const std::string kind_name = block.kind == PeriodKind::academic_year
                                        ? "academic year"
                                        : std::string(to_string(block.kind));
      line(block.kind == PeriodKind::cycle ? "cycle " + span_text(period.first_day, period.last_day)
                                           : period.label + " · " + kind_name + " " +
                                                 span_text(period.first_day, period.last_day));
      if (block.kind == PeriodKind::semester || block.kind == PeriodKind::week ||
          block.kind == PeriodKind::fortnight || block.kind == PeriodKind::phase) {
        bool any = false;
        for (const RecordTrace* traced : by_date_) {
          const RecordTrace& record = *traced;
          if (!counted(record.disposition) ||
              !period.contains(records_.day[static_cast<std::size_t>(record.record)]))
            continue;
          if (!any) line("  records:");
          any = true;
          line("    " + record_line(record) +
               (record.disposition == Disposition::capped
                    ? "  capped: over every cap that counts it"
                    : ""));
        }
        if (!any) line("  no records counted");
      }
      for (const auto& verdict : e_.verdicts) {
        if (verdict.row.period_kind != block.kind || verdict.row.period != block.index) continue;
        std::string text = verdict_line(verdict);
        if ((block.kind == PeriodKind::academic_year || block.kind == PeriodKind::cycle) &&
            verdict.row.part == whole_rule && !verdict.contributions.empty()) {
          if (const std::string parts = breakdown(verdict); !parts.empty())
            text += "\n    = " + parts;
        }
        line(text);
      }
    }
  }

  std::string gate_reason(const RecordTrace& trace) const {
    const auto r = static_cast<std::size_t>(trace.record);
    for (const CreditStep& step : trace.steps) {
      if (step.kind == CreditStep::Kind::not_convertible) {
        if (step.ref < 0)
          return "not convertible: the policy converts no outcome \"" +
                 std::string(records_.outcome[r]) + "\"";
        const Conversion& conversion = policy_.conversions()[static_cast<std::size_t>(step.ref)];
        const bool has_rate = std::any_of(
            conversion.rates.begin(), conversion.rates.end(),
            [&](const ConversionRate& rate) { return rate.level == records_.level[r]; });
        return "not convertible: " +
               (has_rate ? "conversion " + conversion.id + " does not apply to this teacher"
                         : "conversion " + conversion.id + " has no rate for level \"" +
                               std::string(records_.level[r]) + "\"");
      }
      if (step.kind != CreditStep::Kind::gated) continue;
      const Gate& gate = policy_.gates()[static_cast<std::size_t>(step.ref)];
      std::string reason =
          "gated by " + gate.id + (gate.label.empty() ? "" : " " + gate.label) + ": ";
      switch (gate.kind) {
        case GateKind::attendance:
          return reason +
                 (records_.attended[r] < 0
                      ? "no attendance recorded"
                      : "attended " + to_string(Hours::from_hundredths(records_.attended[r])) +
                            " of " + to_string(Hours::from_hundredths(records_.hours[r])) +
                            " hours, " +
                            (gate.min_percent ? "under " + std::to_string(gate.min_percent) + "%"
                             : gate.strict    ? "not more than " + to_string(gate.attended)
                                              : "under " + to_string(gate.attended)));
        case GateKind::assessment:
          return reason + (records_.assessment[r].empty()
                               ? "not assessed"
                               : "\"" + std::string(records_.assessment[r]) + "\" does not pass");
        case GateKind::certificate:
          return reason + "no certificate";
        case GateKind::evidence:
          return reason + "fewer than " + std::to_string(gate.min_count.hundredths() / 100) + " " +
                 gate.activity + " in its " + std::string(per_word(gate.per));
      }
    }
    return "gated";
  }

  void not_counted() {
    bool any = false;
    for (const RecordTrace* traced : by_date_) {
      const RecordTrace& record = *traced;
      if (counted(record.disposition)) continue;
      if (!any) {
        line("");
        line("Not counted:");
      }
      any = true;
      const auto r = static_cast<std::size_t>(record.record);
      std::string why;
      switch (record.disposition) {
        case Disposition::duplicate:
          why = "duplicate: the same record id was read before";
          break;
        case Disposition::outside:
          if (!calendar_.in_cycle(records_.day[r])) {
            why = "outside the cycle";
          } else if (records_.known_day[r] > records_.end_day[r]) {
            why =
                "outside: recorded " + day_to_iso(records_.known_day[r]) + ", after the as-of date";
          } else {
            why = "outside: after the as-of date";
          }
          break;
        case Disposition::uncertified:
          why = "uncertified: status " + std::string(to_string(records_.status[r]));
          break;
        case Disposition::gated:
          why = gate_reason(record);
          break;
        default:
          why = std::string(to_string(record.disposition));
      }
      line("  " + record_line(record) + "  " + why + " (" + e_.ledger.files()[records_.file[r]] +
           ":" + std::to_string(records_.line[r]) + ")");
    }
  }

  const Explanation& e_;
  const Policy& policy_;
  const RecordColumns& records_;
  const Calendar& calendar_;
  std::size_t rule_width_ = 0, notes_width_ = 0, id_width_ = 0, category_width_ = 0;
  std::vector<const RecordTrace*> by_date_;
  std::string out_;
};

}  // namespace

std::string Explanation::to_text() const {
  return ExplanationWriter(*this).write();
}

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

}  // namespace yanxiu
