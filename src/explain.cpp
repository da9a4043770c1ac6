#include <algorithm>
#include <map>

#include <yanxiu/explain.hpp>

#include "evaluator.hpp"

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

class ExplanationWriter {
 public:
  explicit ExplanationWriter(const Explanation& explanation)
      : e_(explanation),
        policy_(explanation.policy),
        records_(explanation.ledger.records()),
        calendar_(explanation.policy.calendar()),
        begin_(explanation.ledger.record_begin(explanation.teacher)) {}

  std::string write() {
    measure();
    header();
    blocks();
    not_counted();
    return out_;
  }

 private:
  // Column widths from what will be printed, so ids of any length line up.
  void measure() {
    for (const auto& verdict : e_.verdicts) {
      rule_width_ = std::max(rule_width_, rule_name(verdict.row).size());
      if (verdict.row.status == Status::short_)
        notes_width_ = std::max<std::size_t>(notes_width_, 12);
    }
    for (RecordIndex r = begin_; r < begin_ + static_cast<RecordIndex>(e_.dispositions.size());
         ++r) {
      id_width_ = std::max(id_width_, records_.id[static_cast<std::size_t>(r)].size());
    }
    for (const auto& category : policy_.categories())
      category_width_ = std::max(category_width_, category.id.size() + 1);
  }

  void line(const std::string& text) {
    out_ += text;
    out_ += '\n';
  }

  // "semester-offline" or "  /school": the id column, ASCII so that it aligns.
  std::string rule_name(const AuditRow& row) const {
    const Rule& rule = policy_.rules()[static_cast<std::size_t>(row.rule)];
    if (row.part == whole_rule) return rule.id;
    return "  /" + rule.parts[static_cast<std::size_t>(row.part)].id;
  }

  // The words at the end of a verdict line: the policy's label and the document's section.
  std::string rule_label(const AuditRow& row) const {
    const Rule& rule = policy_.rules()[static_cast<std::size_t>(row.rule)];
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

  std::string record_line(RecordIndex r) const {
    const auto category = records_.category[static_cast<std::size_t>(r)];
    return pad(std::string(records_.id[static_cast<std::size_t>(r)]), id_width_) + "  " +
           pad(span_text(records_.start_day[r], records_.end_day[r]), 22) + "  " +
           pad(policy_.categories()[static_cast<std::size_t>(category)].id, category_width_) +
           pad_left(to_string(Hours::from_hundredths(records_.hours[r])), 9);
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
    line(policy);

    const DayNumber join = teachers.join_day[t], leave = teachers.leave_day[t];
    std::string employed = "Employed ";
    employed += join == no_day ? "since before the cycle" : "from " + day_to_iso(join);
    employed += leave == no_day ? "" : " to " + day_to_iso(leave);
    for (const auto& verdict : e_.verdicts) {
      if (verdict.row.period_kind == PeriodKind::cycle && verdict.row.part == whole_rule) {
        employed += " · served " + std::to_string(verdict.served_semesters) + " of " +
                    std::to_string(verdict.period_semesters) + " semesters";
        break;
      }
    }
    line(employed);
    DispositionCounts counts;
    for (auto d : e_.dispositions)
      ++counts[d];
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
    std::string text = "  " + pad(rule_name(row), rule_width_) + "  " + pad(status, 7) +
                       pad_left(to_string(row.credited), 8) + " of " +
                       pad_left(to_string(row.required), 7);
    std::string notes;
    auto note = [&](const std::string& words) { notes += (notes.empty() ? "" : "; ") + words; };
    if (row.status == Status::short_) note(to_string(row.shortfall()) + " short");
    if (row.status == Status::not_applicable) note("not served: employed on under half its days");
    if (row.required != verdict.nominal_min && row.status != Status::not_applicable) {
      note(to_string(verdict.nominal_min) + " pro-rated for " +
           std::to_string(verdict.served_semesters) + " of " +
           std::to_string(verdict.period_semesters) + " semesters served");
    }
    Hours over;
    for (const auto& c : verdict.contributions)
      over += c.over_cap;
    const Rule& rule = policy_.rules()[static_cast<std::size_t>(row.rule)];
    if (over > Hours() && row.part == whole_rule) {
      note("capped at max " + to_string(*rule.max) + ": " + to_string(over) + " not credited");
    }
    text += "  " + pad(notes, notes_width_);
    const std::string label = rule_label(row);
    if (!label.empty()) text += "  " + label;
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    return text;
  }

  // Subtotals of a year or cycle verdict by the smaller periods inside it.
  std::string breakdown(const Verdict& verdict) const {
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
      text += calendar_.periods(by)[static_cast<std::size_t>(index)].label + " " + to_string(hours);
    }
    return text;
  }

  void blocks() {
    // One block per period with verdicts or records, in date order; within a day, smaller
    // periods first (a semester before the year it closes).
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
    for (std::size_t i = 0; i < e_.dispositions.size(); ++i) {
      if (e_.dispositions[i] != Disposition::credited && e_.dispositions[i] != Disposition::capped)
        continue;
      add(PeriodKind::semester,
          calendar_.semester_of(records_.day[begin_ + static_cast<RecordIndex>(i)]));
    }
    auto rank = [](PeriodKind kind) {
      return kind == PeriodKind::week            ? 0
             : kind == PeriodKind::semester      ? 1
             : kind == PeriodKind::academic_year ? 2
                                                 : 3;
    };
    std::sort(order.begin(), order.end(), [&](const Block& a, const Block& b) {
      const Period& pa = calendar_.periods(a.kind)[static_cast<std::size_t>(a.index)];
      const Period& pb = calendar_.periods(b.kind)[static_cast<std::size_t>(b.index)];
      if (pa.last_day != pb.last_day) return pa.last_day < pb.last_day;
      return rank(a.kind) < rank(b.kind);
    });

    for (const auto& block : order) {
      const Period& period = calendar_.periods(block.kind)[static_cast<std::size_t>(block.index)];
      line("");
      std::string kind_name = block.kind == PeriodKind::academic_year
                                  ? "academic year"
                                  : std::string(to_string(block.kind));
      line(period.label == "cycle" ? "cycle " + span_text(period.first_day, period.last_day)
                                   : period.label + " · " + kind_name + " " +
                                         span_text(period.first_day, period.last_day));
      if (block.kind == PeriodKind::semester || block.kind == PeriodKind::week) {
        bool any = false;
        for (std::size_t i = 0; i < e_.dispositions.size(); ++i) {
          const RecordIndex r = begin_ + static_cast<RecordIndex>(i);
          if ((e_.dispositions[i] != Disposition::credited &&
               e_.dispositions[i] != Disposition::capped) ||
              !period.contains(records_.day[r])) {
            continue;
          }
          if (!any) line("  records:");
          any = true;
          std::string text = "    " + record_line(r);
          if (e_.dispositions[i] == Disposition::capped)
            text += "  capped: over every cap that counts it";
          line(text);
        }
        if (!any) line("  no records counted");
      }
      for (const auto& verdict : e_.verdicts) {
        if (verdict.row.period_kind != block.kind || verdict.row.period != block.index) continue;
        std::string text = verdict_line(verdict);
        if ((block.kind == PeriodKind::academic_year || block.kind == PeriodKind::cycle) &&
            verdict.row.part == whole_rule && !verdict.contributions.empty()) {
          text += "\n    = " + breakdown(verdict);
        }
        line(text);
      }
    }
  }

  void not_counted() {
    bool any = false;
    for (std::size_t i = 0; i < e_.dispositions.size(); ++i) {
      const Disposition d = e_.dispositions[i];
      if (d == Disposition::credited || d == Disposition::capped) continue;
      if (!any) {
        line("");
        line("Not counted:");
      }
      any = true;
      const RecordIndex r = begin_ + static_cast<RecordIndex>(i);
      std::string why;
      switch (d) {
        case Disposition::duplicate:
          why = "duplicate: the same record id was read before";
          break;
        case Disposition::outside:
          why = calendar_.in_cycle(records_.day[r]) ? "outside: after the as-of date"
                                                    : "outside the cycle";
          break;
        case Disposition::uncertified:
          why = "uncertified: status " + std::string(to_string(records_.status[r]));
          break;
        default:
          why = std::string(to_string(d));
      }
      line("  " + record_line(r) + "  " + why + " (" + e_.ledger.files()[records_.file[r]] + ":" +
           std::to_string(records_.line[r]) + ")");
    }
  }

  const Explanation& e_;
  const Policy& policy_;
  const RecordColumns& records_;
  const Calendar& calendar_;
  RecordIndex begin_;
  std::size_t rule_width_ = 0, notes_width_ = 0, id_width_ = 0, category_width_ = 0;
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
  explanation.dispositions.resize(
      static_cast<std::size_t>(ledger.record_begin(teacher + 1) - ledger.record_begin(teacher)));
  evaluator.run(teacher, rows, explanation.dispositions.data(), &explanation.verdicts);
  return explanation;
}

}  // namespace yanxiu
