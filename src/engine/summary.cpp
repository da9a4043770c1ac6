#include <algorithm>

#include <yanxiu/summary.hpp>

namespace yanxiu {

AuditSummary summarize(const Audit& audit, std::size_t top) {
  AuditSummary summary;
  const Policy& policy = audit.policy();
  const Calendar& calendar = policy.calendar();
  summary.teachers = static_cast<std::int64_t>(audit.ledger().teachers().size());
  summary.dispositions = audit.disposition_counts();

  // Rule lines: one per rule and part, located by a running offset.
  std::vector<std::size_t> first_line;
  for (std::size_t r = 0; r < policy.rules().size(); ++r) {
    const Rule& rule = policy.rules()[r];
    first_line.push_back(summary.rules.size());
    summary.rules.push_back({static_cast<RuleIndex>(r), whole_rule, rule.id, rule.period, {}, {}});
    for (std::size_t p = 0; p < rule.parts.size(); ++p) {
      summary.rules.push_back({static_cast<RuleIndex>(r),
                               static_cast<std::int16_t>(p),
                               rule.id + "/" + rule.parts[p].id,
                               rule.period,
                               {},
                               {}});
    }
  }

  // Period lines for every period kind the rules use.
  std::array<std::size_t, period_kind_count> period_offset{};
  std::array<bool, period_kind_count> used{};
  for (const Rule& rule : policy.rules())
    used[static_cast<std::size_t>(rule.period)] = true;
  for (int k = 0; k < period_kind_count; ++k) {
    period_offset[static_cast<std::size_t>(k)] = summary.periods.size();
    if (!used[static_cast<std::size_t>(k)]) continue;
    for (const Period& period : calendar.periods(static_cast<PeriodKind>(k))) {
      summary.periods.push_back({period.kind, period.index, period.label, 0, 0});
    }
  }

  // Per teacher: which periods had an applicable verdict, and which of those had one not met.
  std::vector<std::uint8_t> seen(summary.periods.size()), failed(summary.periods.size());
  std::vector<std::size_t> touched;
  std::vector<std::size_t> short_rows;
  for (TeacherIndex t = 0; t < static_cast<TeacherIndex>(summary.teachers); ++t) {
    touched.clear();
    for (std::size_t i = audit.row_begin(t); i < audit.row_begin(t + 1); ++i) {
      const AuditRow row = audit.row(i);
      auto& line = summary.rules[first_line[static_cast<std::size_t>(row.rule)] +
                                 static_cast<std::size_t>(row.part + 1)];
      ++line.statuses[static_cast<std::size_t>(row.status)];
      if (row.status == Status::short_) {
        line.shortfall += row.shortfall();
        // Hours and counts do not compare: the largest shortfalls are in hours.
        if (policy.rules()[static_cast<std::size_t>(row.rule)].kind == RuleKind::quota)
          short_rows.push_back(i);
      }
      if (row.status == Status::not_applicable) continue;
      const std::size_t p = period_offset[static_cast<std::size_t>(row.period_kind)] +
                            static_cast<std::size_t>(row.period);
      if (!seen[p]) {
        seen[p] = 1;
        touched.push_back(p);
      }
      if (row.status == Status::short_ || row.status == Status::conflict) failed[p] = 1;
    }
    for (auto p : touched) {
      ++summary.periods[p].teachers;
      if (!failed[p]) ++summary.periods[p].compliant;
      seen[p] = failed[p] = 0;
    }
  }

  std::sort(summary.periods.begin(), summary.periods.end(), [&](const auto& a, const auto& b) {
    const Period& pa = calendar.periods(a.kind)[static_cast<std::size_t>(a.index)];
    const Period& pb = calendar.periods(b.kind)[static_cast<std::size_t>(b.index)];
    if (pa.last_day != pb.last_day) return pa.last_day < pb.last_day;
    return pa.day_count() < pb.day_count();
  });

  const std::size_t keep = std::min(top, short_rows.size());
  std::partial_sort(short_rows.begin(), short_rows.begin() + static_cast<std::ptrdiff_t>(keep),
                    short_rows.end(), [&](std::size_t a, std::size_t b) {
                      const Hours sa = audit.row(a).shortfall(), sb = audit.row(b).shortfall();
                      return sa != sb ? sa > sb : a < b;
                    });
  short_rows.resize(keep);
  summary.largest_shortfalls = std::move(short_rows);
  return summary;
}

}  // namespace yanxiu
