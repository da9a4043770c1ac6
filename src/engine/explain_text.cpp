// The explanation as the fixed-width report a county officer reads (Explanation::to_text).

#include <algorithm>
#include <map>

#include <yanxiu/explain.hpp>

#include "engine/explain_words.hpp"

namespace yanxiu {

namespace {

using detail::Phrase;

// Columns a text takes in a terminal: CJK characters (three-byte UTF-8) take two.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 || (byte >= 0xC0 && byte < 0xE0))
      width += 1;
    else if (byte >= 0xE0)
      width += 2;
  }
  return width;
}

std::string pad(std::string text, std::size_t width) {
  const std::size_t has = display_width(text);
  if (has < width) text.append(width - has, ' ');
  return text;
}

std::string pad_left(std::string text, std::size_t width) {
  const std::size_t has = display_width(text);
  if (has < width) text.insert(0, width - has, ' ');
  return text;
}

std::string span_text(DayNumber first, DayNumber last) {
  return first == last ? day_to_iso(first) : day_to_iso(first) + ".." + day_to_iso(last);
}

bool counted(Disposition d) {
  return d == Disposition::credited || d == Disposition::capped;
}

class ExplanationWriter {
 public:
  ExplanationWriter(const Explanation& explanation, Language language)
      : e_(explanation),
        language_(language),
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

  std::string say(Phrase p, std::initializer_list<std::string_view> args = {}) const {
    return detail::say(language_, p, args);
  }
  std::string_view phrase(Phrase p) const { return detail::phrase(p, language_); }

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
    std::string label = detail::verdict_label(policy_, row);
    const std::string& source = rule_of(row).source;
    if (row.part == whole_rule && !source.empty())
      label += (label.empty() ? "[" : " [") + source + "]";
    return label;
  }

  // Column widths from what will be printed, so ids of any length line up.
  void measure() {
    for (const auto& verdict : e_.verdicts) {
      rule_width_ = std::max(rule_width_, display_width(rule_name(verdict.row)));
      if (verdict.row.status == Status::short_)
        notes_width_ = std::max<std::size_t>(notes_width_, 12);
    }
    for (const auto& record : e_.records) {
      id_width_ =
          std::max(id_width_, display_width(records_.id[static_cast<std::size_t>(record.record)]));
    }
    for (const auto& category : policy_.categories())
      category_width_ = std::max(category_width_, display_width(category.id) + 1);
  }

  // What the credit pipeline did to a record, in words: "paper (provincial) × 2 → 16.00 h self
  // (cap 20.00/year)"; the portions of a split course first.
  std::string pipeline(const RecordTrace& trace) const {
    std::string text;
    std::string splits;
    for (const CreditStep& step : trace.steps) {
      const std::string words = detail::step_message(e_, trace, step, language_);
      if (words.empty()) continue;
      if (step.kind == CreditStep::Kind::split)
        splits += (splits.empty() ? "" : " + ") + words;
      else
        text += "  " + words;
    }
    return (splits.empty() ? "" : "  " + say(Phrase::step_split, {splits})) + text;
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
    std::string who = say(Phrase::teacher, {teachers.id[t]});
    for (std::size_t a = 0; a < teachers.attribute_names.size(); ++a) {
      const auto value = teachers.attributes[a][t];
      if (!value.empty()) who += " · " + teachers.attribute_names[a] + " " + std::string(value);
    }
    line(who);
    std::string policy = say(Phrase::policy, {policy_.id()});
    if (!policy_.title().empty()) policy += " " + policy_.title();
    policy += " · " + say(Phrase::cycle_span,
                          {span_text(calendar_.cycle().first_day, calendar_.cycle().last_day)});
    if (e_.options.as_of) policy += " · " + say(Phrase::as_of, {to_iso(*e_.options.as_of)});
    if (e_.options.basis == Basis::submitted)
      policy += " · " + std::string(phrase(Phrase::as_submitted));
    line(policy);

    const DayNumber join = teachers.join_day[t], leave = teachers.leave_day[t];
    std::string employed = join == no_day ? std::string(phrase(Phrase::employed_before_cycle))
                                          : say(Phrase::employed_from, {day_to_iso(join)});
    if (leave != no_day) employed += " " + say(Phrase::employed_to, {day_to_iso(leave)});
    for (auto a = teachers.absence_begin[t]; a < teachers.absence_begin[t + 1]; ++a) {
      employed += " · " + say(Phrase::on_leave,
                              {span_text(teachers.absence_first_day[static_cast<std::size_t>(a)],
                                         teachers.absence_last_day[static_cast<std::size_t>(a)])});
    }
    for (const auto& verdict : e_.verdicts) {
      if (verdict.row.period_kind == PeriodKind::cycle && verdict.row.part == whole_rule) {
        employed +=
            " · " + say(Phrase::served_semesters, {std::to_string(verdict.served_semesters),
                                                   std::to_string(verdict.period_semesters)});
        break;
      }
    }
    line(employed);
    DispositionCounts counts;
    for (const auto& record : e_.records)
      ++counts[record.disposition];
    std::string summary;
    for (int d = 0; d < disposition_count; ++d) {
      if (counts.counts[d] == 0 && d != 0) continue;
      if (!summary.empty()) summary += phrase(Phrase::list_comma);
      summary +=
          say(Phrase::disposition_count, {std::to_string(counts.counts[d]),
                                          detail::label(static_cast<Disposition>(d), language_)});
    }
    summary = say(Phrase::records_summary, {summary});
    line(summary);
  }

  // "  semester-offline  short  27.67 of 30.00  2.33 short  线下学时每学期不低于30学时 [八.2.(1)①]"
  std::string verdict_line(const Verdict& verdict) const {
    const AuditRow& row = verdict.row;
    std::string text = "  " + pad(rule_name(row), rule_width_) + "  " +
                       pad(std::string(detail::label(row.status, language_)), 9) +
                       say(Phrase::amount_of, {pad_left(amount(row, row.credited), 8),
                                               pad_left(amount(row, row.required), 7)});
    const std::string joined =
        detail::joined(detail::verdict_notes(e_, verdict, language_), language_);
    text += "  " + pad(joined, notes_width_);
    const std::string label = rule_label(row);
    if (!label.empty()) text += "  " + label;
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    return text;
  }

  // A verdict in credits: the hours of the records it counted, since subtotals of amounts
  // rounded only once per row would not add up.
  std::string hours_behind(const Verdict& verdict) const {
    const auto [hours, records] = detail::hours_behind(e_, verdict);
    if (records == 0) return "";
    return records == 1 ? say(Phrase::hours_behind_one, {to_string(hours)})
                        : say(Phrase::hours_behind, {to_string(hours), std::to_string(records)});
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
      const std::string span = span_text(period.first_day, period.last_day);
      line(block.kind == PeriodKind::cycle
               ? say(Phrase::cycle_span, {span})
               : say(Phrase::period_heading,
                     {period.label, detail::label(block.kind, language_), span}));
      if (block.kind == PeriodKind::semester || block.kind == PeriodKind::week ||
          block.kind == PeriodKind::fortnight || block.kind == PeriodKind::phase) {
        bool any = false;
        for (const RecordTrace* traced : by_date_) {
          const RecordTrace& record = *traced;
          if (!counted(record.disposition) ||
              !period.contains(records_.day[static_cast<std::size_t>(record.record)]))
            continue;
          if (!any) line("  " + std::string(phrase(Phrase::records_heading)));
          any = true;
          line("    " + record_line(record) +
               (record.disposition == Disposition::capped
                    ? "  " + std::string(phrase(Phrase::capped_record))
                    : ""));
        }
        if (!any) line("  " + std::string(phrase(Phrase::no_records_counted)));
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

  void not_counted() {
    bool any = false;
    for (const RecordTrace* traced : by_date_) {
      const RecordTrace& record = *traced;
      if (counted(record.disposition)) continue;
      if (!any) {
        line("");
        line(std::string(phrase(Phrase::not_counted)));
      }
      any = true;
      const auto r = static_cast<std::size_t>(record.record);
      line("  " + record_line(record) + "  " +
           detail::not_counted_reason(e_, record, language_).message + " (" +
           e_.ledger.files()[records_.file[r]] + ":" + std::to_string(records_.line[r]) + ")");
    }
  }

  const Explanation& e_;
  Language language_;
  const Policy& policy_;
  const RecordColumns& records_;
  const Calendar& calendar_;
  std::size_t rule_width_ = 0, notes_width_ = 0, id_width_ = 0, category_width_ = 0;
  std::vector<const RecordTrace*> by_date_;
  std::string out_;
};

}  // namespace

std::string Explanation::to_text(Language language) const {
  return ExplanationWriter(*this, language).write();
}

}  // namespace yanxiu
