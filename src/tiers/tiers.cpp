// The tier model's small pieces and the result's accessors: names of the enums, look-ups, the
// words a criterion is described in, the county's counts and the explanation of one teacher.

#include <algorithm>
#include <map>

#include <yanxiu/rubrics.hpp>
#include <yanxiu/tiers.hpp>

#include "policy/words.hpp"
#include "tiers/tier_data.hpp"

namespace yanxiu {

std::string_view to_string(TierStatus status) {
  switch (status) {
    case TierStatus::eligible:
      return "eligible";
    case TierStatus::short_:
      return "short";
    case TierStatus::vetoed:
      return "vetoed";
    case TierStatus::top:
      return "top";
    case TierStatus::demoted:
      return "demoted";
    case TierStatus::unknown_tier:
      return "unknown_tier";
  }
  return "unknown";
}

std::string_view to_string(CriterionUse use) {
  switch (use) {
    case CriterionUse::promotion:
      return "promotion";
    case CriterionUse::upkeep:
      return "upkeep";
  }
  return "unknown";
}

namespace {

// An amount of the criterion's unit: hours with two decimals, counts and years whole, scores as
// the rubric prints them.
std::string format_criterion_amount(CriterionKind kind, std::int64_t amount) {
  switch (kind) {
    case CriterionKind::hours:
      return to_string(Hours::from_hundredths(amount));
    case CriterionKind::outcomes:
    case CriterionKind::years_at_tier:
      return std::to_string(amount / 100);
    case CriterionKind::score:
      return format_decimal(amount);
    case CriterionKind::condition:
      return amount > 0 ? "yes" : "no";
  }
  return {};
}

std::string tier_name(const Tier& tier) {
  return tier.label.empty() || tier.label == tier.id ? tier.id : tier.id + " (" + tier.label + ")";
}

}  // namespace

const Policy& TierResult::policy() const {
  return data_->policy;
}
const Ledger& TierResult::ledger() const {
  return data_->ledger;
}
DayNumber TierResult::as_of() const {
  return data_->as_of;
}
const std::vector<TierRow>& TierResult::rows() const {
  return data_->rows;
}
const std::vector<CriterionRow>& TierResult::criteria() const {
  return data_->criteria;
}
std::span<const CriterionRow> TierResult::criteria(const TierRow& row) const {
  return std::span<const CriterionRow>(data_->criteria)
      .subspan(row.criteria_begin, row.criteria_end - row.criteria_begin);
}
std::size_t TierResult::row_begin(TeacherIndex teacher) const {
  return data_->teacher_rows[static_cast<std::size_t>(teacher)];
}

const TierCriterion& TierResult::criterion(const TierRow& row, const CriterionRow& judged) const {
  const Tier& tier = data_->policy.ladders()[static_cast<std::size_t>(row.ladder)]
                         .tiers[static_cast<std::size_t>(judged.tier)];
  const auto& list = judged.use == CriterionUse::promotion ? tier.promotion : tier.upkeep;
  return list[static_cast<std::size_t>(judged.criterion)];
}

std::string TierResult::describe(const TierRow& row, const CriterionRow& judged) const {
  const TierCriterion& c = criterion(row, judged);
  if (c.kind == CriterionKind::condition)
    return c.id + ": " + (judged.met ? "yes — met" : "no — not met");
  std::string text = c.id + ": ";
  if (!judged.known) {
    text += "unknown of " + format_criterion_amount(c.kind, judged.need) + " — ";
    text += c.kind == CriterionKind::score ? "no " + c.attribute + " given" : "no date reached";
    return text;
  }
  text += format_criterion_amount(c.kind, judged.have) + " of " +
          format_criterion_amount(c.kind, judged.need) + " — ";
  text +=
      judged.met ? "met" : format_criterion_amount(c.kind, judged.need - judged.have) + " short";
  return text;
}

std::string TierResult::missing(const TierRow& row) const {
  std::string text;
  if (row.veto >= 0) {
    text = "vetoed: " + data_->policy.ladders()[static_cast<std::size_t>(row.ladder)]
                            .vetoes[static_cast<std::size_t>(row.veto)]
                            .id;
  }
  for (const CriterionRow& judged : criteria(row)) {
    if (judged.met) continue;
    text += (text.empty() ? "" : "; ") + describe(row, judged);
  }
  if (row.status == TierStatus::unknown_tier) text = row.note;
  return text;
}

std::string TierResult::tier_id(const TierRow& row, std::int16_t tier) const {
  if (tier < 0) return {};
  return data_->policy.ladders()[static_cast<std::size_t>(row.ladder)]
      .tiers[static_cast<std::size_t>(tier)]
      .id;
}

std::vector<TierCount> TierResult::counts() const {
  const StringColumn* school = data_->ledger.teachers().attribute("school");
  // (ladder, school, tier) -> count: the county ("") before the schools, no_tier first.
  std::map<std::tuple<std::int16_t, std::string, std::int16_t>, TierCount> counts;
  for (const TierRow& row : data_->rows) {
    if (row.status == TierStatus::unknown_tier) continue;
    const std::string school_id =
        school ? std::string((*school)[static_cast<std::size_t>(row.teacher)]) : "";
    for (const std::string& where : {std::string(), school_id}) {
      TierCount& count = counts[{row.ladder, where, row.tier}];
      count.ladder = row.ladder;
      count.tier = row.tier;
      count.school = where;
      ++count.teachers;
      if (row.status == TierStatus::eligible) ++count.eligible;
      if (!school) break;
    }
  }
  std::vector<TierCount> out;
  for (auto& [key, count] : counts)
    out.push_back(std::move(count));
  return out;
}

std::vector<TargetProgress> TierResult::targets() const {
  std::vector<TargetProgress> out;
  const auto ladders = data_->policy.ladders();
  for (std::size_t l = 0; l < ladders.size(); ++l) {
    if (!ladders[l].target) continue;
    TargetProgress progress;
    progress.ladder = static_cast<std::int16_t>(l);
    progress.target = ladders[l].target->teachers;
    const int from = ladders[l].target->from;
    for (const TierRow& row : data_->rows) {
      if (row.ladder != progress.ladder || row.status == TierStatus::unknown_tier) continue;
      if (row.tier >= from) ++progress.current;
      if (row.result_tier >= from) ++progress.projected;
    }
    out.push_back(progress);
  }
  return out;
}

std::string TierResult::explain(TeacherIndex teacher) const {
  const auto ladders = data_->policy.ladders();
  std::string text = std::string(data_->ledger.teachers().id[static_cast<std::size_t>(teacher)]) +
                     ", as of " + day_to_iso(data_->as_of) + "\n";
  for (std::size_t r = row_begin(teacher); r < row_begin(teacher + 1); ++r) {
    const TierRow& row = data_->rows[r];
    const Ladder& ladder = ladders[static_cast<std::size_t>(row.ladder)];
    text += "\n" + ladder.id + (ladder.label.empty() ? "" : " (" + ladder.label + ")") + ": ";
    if (row.status == TierStatus::unknown_tier) {
      text += row.note + "\n";
      continue;
    }
    text += row.tier < 0 ? "no tier yet"
                         : "tier " + tier_name(ladder.tiers[static_cast<std::size_t>(row.tier)]);
    if (row.since != no_day) text += " since " + day_to_iso(row.since);
    text += "\n";
    auto list = [&](CriterionUse use) {
      for (const CriterionRow& judged : criteria(row)) {
        if (judged.use != use) continue;
        const TierCriterion& c = criterion(row, judged);
        text +=
            "    " + describe(row, judged) + (c.label.empty() ? "" : "  (" + c.label + ")") + "\n";
      }
    };
    if (std::any_of(criteria(row).begin(), criteria(row).end(),
                    [](const CriterionRow& c) { return c.use == CriterionUse::upkeep; })) {
      text += "  to keep the tier:\n";
      list(CriterionUse::upkeep);
    }
    switch (row.status) {
      case TierStatus::top:
        text += "  at the top of the ladder\n";
        break;
      case TierStatus::demoted:
        text += "  demoted to " +
                (row.result_tier < 0
                     ? std::string("no tier")
                     : tier_name(ladder.tiers[static_cast<std::size_t>(row.result_tier)])) +
                ": the upkeep is not met\n";
        break;
      default: {
        const Tier& next = ladder.tiers[static_cast<std::size_t>(row.next)];
        text += "  to be promoted to " + tier_name(next) + ":\n";
        list(CriterionUse::promotion);
        if (row.veto >= 0) {
          const TierVeto& veto = ladder.vetoes[static_cast<std::size_t>(row.veto)];
          text += "  vetoed: " + veto.id + (veto.label.empty() ? "" : " (" + veto.label + ")") +
                  " — no promotion whatever the criteria\n";
        }
        const auto short_count = std::count_if(
            criteria(row).begin(), criteria(row).end(),
            [](const CriterionRow& c) { return c.use == CriterionUse::promotion && !c.met; });
        if (row.status == TierStatus::eligible) {
          text += "  eligible for " + next.id + "\n";
        } else if (row.status == TierStatus::short_) {
          text += "  not eligible: " + std::to_string(short_count) +
                  (short_count == 1 ? " criterion" : " criteria") + " not met\n";
        }
        break;
      }
    }
  }
  return text;
}

}  // namespace yanxiu
