// The tier table (CSV) and the county view (text) of `yanxiu tiers`.

#include <ostream>

#include <yanxiu/report.hpp>
#include <yanxiu/sys/fields.hpp>
#include <yanxiu/tiers.hpp>

namespace yanxiu {

namespace {

std::string tier_label(const Ladder& ladder, std::int16_t tier) {
  if (tier < 0) return "(no tier)";
  const Tier& named = ladder.tiers[static_cast<std::size_t>(tier)];
  return named.label.empty() ? named.id : named.id + " " + named.label;
}

}  // namespace

void write_tier_csv(std::ostream& out, const TierResult& result) {
  const auto ladders = result.policy().ladders();
  const TeacherColumns& teachers = result.ledger().teachers();
  const StringColumn* school = teachers.attribute("school");
  std::string line;
  out << tier_csv_header << '\n';
  for (const TierRow& row : result.rows()) {
    const auto t = static_cast<std::size_t>(row.teacher);
    line.clear();
    append_csv_field(line, teachers.id[t]);
    line += ',';
    if (school) append_csv_field(line, (*school)[t]);
    line += ',';
    append_csv_field(line, ladders[static_cast<std::size_t>(row.ladder)].id);
    line += ',';
    append_csv_field(line, result.tier_id(row, row.tier));
    line += ',';
    if (row.since != no_day) append_iso(line, row.since);
    line += ',';
    append_csv_field(line, result.tier_id(row, row.next));
    line += ',';
    line += to_string(row.status);
    line += ',';
    append_csv_field(line, result.tier_id(row, row.result_tier));
    line += ',';
    append_csv_field(line, result.missing(row));
    out << line << '\n';
  }
}

void write_tier_county(std::ostream& out, const TierResult& result) {
  const auto ladders = result.policy().ladders();
  const auto counts = result.counts();
  const auto targets = result.targets();
  const TeacherColumns& teachers = result.ledger().teachers();
  for (std::size_t l = 0; l < ladders.size(); ++l) {
    const Ladder& ladder = ladders[l];
    const auto ladder_index = static_cast<std::int16_t>(l);
    out << (l == 0 ? "" : "\n") << ladder.id << (ladder.label.empty() ? "" : " " + ladder.label)
        << ", as of " << day_to_iso(result.as_of()) << "\n";
    for (const bool county : {true, false}) {
      out << (county ? "teachers per tier (eligible for the next):\n" : "per school:\n");
      for (const TierCount& count : counts) {
        if (count.ladder != ladder_index || count.school.empty() != county) continue;
        out << "  " << (county ? "" : count.school + ": ") << tier_label(ladder, count.tier) << ": "
            << count.teachers << " (" << count.eligible << " eligible)\n";
      }
    }
    std::string eligible;
    std::size_t eligible_count = 0;
    for (const TierRow& row : result.rows()) {
      if (row.ladder != ladder_index || row.status != TierStatus::eligible) continue;
      eligible += (eligible_count++ == 0 ? " " : ", ");
      eligible += teachers.id[static_cast<std::size_t>(row.teacher)];
      eligible += " → " + result.tier_id(row, row.next);
    }
    out << "eligible for promotion (" << eligible_count
        << "):" << (eligible_count == 0 ? " none" : eligible) << "\n";
    for (const TargetProgress& target : targets) {
      if (target.ladder != ladder_index) continue;
      const LadderTarget& goal = *ladder.target;
      out << "target" << (goal.label.empty() ? "" : " " + goal.label) << ": " << target.target
          << " at " << tier_label(ladder, static_cast<std::int16_t>(goal.from)) << " or above; "
          << target.current << " now, " << target.projected << " after the promotions — "
          << (target.gap() == 0 ? "reached" : std::to_string(target.gap()) + " short") << "\n";
    }
  }
}

}  // namespace yanxiu
