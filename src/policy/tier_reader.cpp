// Tiers: ladders, their tiers in order, promotion and upkeep criteria, vetoes and targets
// (include/yanxiu/tier_rules.hpp). A tier names the tier below it (`from`); the ladder must climb
// from one entry tier through every tier, so a cycle of `from`s is a load error at its first tier.

#include <algorithm>
#include <set>

#include "policy/policy_reader.hpp"
#include "policy/words.hpp"

namespace yanxiu::detail {

namespace {

constexpr std::int64_t max_amount = 100'000'000'00;  // a hundred million, in hundredths

struct KindName {
  std::string_view name;
  CriterionKind kind;
  std::vector<std::string_view> own_keys;  ///< keys only this kind has
};

const std::vector<KindName>& criterion_kinds() {
  static const std::vector<KindName> kinds = {
      {"hours", CriterionKind::hours, {"categories", "years", "min"}},
      {"outcomes", CriterionKind::outcomes, {"outcomes", "levels", "years", "min"}},
      {"years_at_tier", CriterionKind::years_at_tier, {"min"}},
      {"score", CriterionKind::score, {"attribute", "rubric", "min"}},
      {"condition", CriterionKind::condition, {"when"}},
  };
  return kinds;
}

}  // namespace

void PolicyReader::read_tiers(const JsonValue& value) {
  const auto members = object(value, {"ladders"});
  if (!members) return;
  const auto ladders_value = required(*members, value, "ladders");
  const auto entries = ladders_value ? array(*ladders_value) : std::nullopt;
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    auto ladder = read_ladder(entry);
    if (!ladder) continue;
    if (!ids.insert(ladder->id).second) {
      error(entry, "duplicate ladder id " + in_quotes(ladder->id));
      continue;
    }
    policy_.ladders.push_back(std::move(*ladder));
  }
}

std::optional<Ladder> PolicyReader::read_ladder(const JsonValue& entry) {
  const auto members = object(entry, {"id", "label", "source", "attribute", "since", "demotion",
                                      "vetoes", "target", "tiers"});
  if (!members) return std::nullopt;
  Ladder ladder;
  ladder.position = position(entry);
  bool ok = true;
  if (auto id = identifier(*members, entry)) {
    ladder.id = *id;
  } else {
    ok = false;
  }
  if (auto label = optional_string(*members, "label")) ladder.label = *label;
  if (auto source = read_source(*members)) ladder.source = *source;
  if (auto attribute = required_string(*members, entry, "attribute")) {
    ladder.attribute = *attribute;
  } else {
    ok = false;
  }
  if (auto since = optional_string(*members, "since")) ladder.since_attribute = *since;
  if (auto demotion = members->get("demotion")) {
    auto flag = boolean(*demotion);
    ok = flag.has_value() && ok;
    ladder.demotion = flag.value_or(false);
  }

  std::vector<std::string> from;  // per tier as declared: the tier below, "" for the entry
  const auto tiers_value = required(*members, entry, "tiers");
  const auto tier_entries = tiers_value ? array(*tiers_value) : std::nullopt;
  if (!tier_entries) return std::nullopt;
  if (tier_entries->empty()) {
    error(*tiers_value, "a ladder needs at least one tier");
    return std::nullopt;
  }
  for (const JsonValue& tier_entry : *tier_entries)
    ok = read_tier(tier_entry, ladder, from) && ok;
  // A cycle is reported even when some criterion is wrong; a tier that could not be read at
  // all would make one up.
  if (ladder.tiers.size() < tier_entries->size() || !order_tiers(*tiers_value, ladder, from) || !ok)
    return std::nullopt;

  if (auto vetoes = members->get("vetoes")) {
    if (!read_tier_vetoes(*vetoes, ladder)) return std::nullopt;
  }
  if (auto target_value = members->get("target")) {
    auto target = read_ladder_target(*target_value, ladder);
    if (!target) return std::nullopt;
    ladder.target = std::move(*target);
  }
  return ladder;
}

// One tier, appended to the ladder's with the tier it climbs from appended to `from`; false
// when a key is wrong. A tier without a usable id is left out (read_ladder counts them).
bool PolicyReader::read_tier(const JsonValue& tier_entry, Ladder& ladder,
                             std::vector<std::string>& from) {
  const auto tier_members =
      object(tier_entry, {"id", "label", "source", "from", "promotion", "upkeep"});
  if (!tier_members) return true;
  Tier tier;
  tier.position = position(tier_entry);
  auto id = identifier(*tier_members, tier_entry);
  if (id && std::any_of(ladder.tiers.begin(), ladder.tiers.end(),
                        [&](const Tier& other) { return other.id == *id; })) {
    error(*tier_members->get("id"), "duplicate tier id " + in_quotes(*id));
    id.reset();
  }
  if (!id) return true;
  tier.id = *id;
  if (auto label = optional_string(*tier_members, "label")) tier.label = *label;
  if (auto source = read_source(*tier_members)) tier.source = *source;
  bool ok = true;
  // Without `from`, a tier climbs from the one declared before it; the first is the entry.
  std::string below = ladder.tiers.empty() ? "" : ladder.tiers.back().id;
  if (auto from_value = tier_members->get("from")) {
    if (auto text = string_value(*from_value)) {
      below = *text;
    } else {
      ok = false;
    }
  }
  for (auto [key, list] : {std::pair{"promotion", &tier.promotion}, {"upkeep", &tier.upkeep}}) {
    if (auto criteria_value = tier_members->get(key)) {
      if (auto criteria = read_criteria(*criteria_value)) {
        *list = std::move(*criteria);
      } else {
        ok = false;
      }
    }
  }
  from.push_back(std::move(below));
  ladder.tiers.push_back(std::move(tier));
  return ok;
}

std::optional<LadderTarget> PolicyReader::read_ladder_target(const JsonValue& target_value,
                                                             const Ladder& ladder) {
  const auto target = object(target_value, {"label", "source", "teachers", "from"});
  if (!target) return std::nullopt;
  LadderTarget goal;
  if (auto label = optional_string(*target, "label")) goal.label = *label;
  if (auto source = read_source(*target)) goal.source = *source;
  const auto teachers_value = required(*target, target_value, "teachers");
  const auto teachers = teachers_value ? integer(*teachers_value, 1, 100'000'000) : std::nullopt;
  if (!teachers) return std::nullopt;
  goal.teachers = static_cast<std::int32_t>(*teachers);
  if (auto from_value = target->get("from")) {
    std::vector<std::string_view> known;
    for (const auto& tier : ladder.tiers)
      known.push_back(tier.id);
    const auto tier = reference(*from_value, "tier", known);
    if (!tier) return std::nullopt;
    goal.from = *tier;
  }
  return goal;
}

// Puts the tiers bottom first, following `from` up from the one entry tier. Every tier must be
// reached: one that is not lies on a cycle (each tier has one `from`, and none is followed twice).
bool PolicyReader::order_tiers(const JsonValue& tiers_value, Ladder& ladder,
                               std::vector<std::string>& from) {
  const auto entries = *array(tiers_value);
  const auto count = ladder.tiers.size();
  std::vector<int> below(count, -1);
  bool ok = true;
  int entry = -1;
  for (std::size_t t = 0; t < count; ++t) {
    const JsonValue& at = entries[t];
    if (from[t].empty()) {
      if (entry >= 0) {
        error(at, "tier " + in_quotes(ladder.tiers[t].id) +
                      " names no \"from\", and neither does " +
                      in_quotes(ladder.tiers[static_cast<std::size_t>(entry)].id) +
                      ": a ladder has one entry tier");
        ok = false;
      } else {
        entry = static_cast<int>(t);
      }
      continue;
    }
    auto found = std::find_if(ladder.tiers.begin(), ladder.tiers.end(),
                              [&](const Tier& tier) { return tier.id == from[t]; });
    if (found == ladder.tiers.end()) {
      std::vector<std::string_view> known;
      for (const auto& tier : ladder.tiers)
        known.push_back(tier.id);
      error(at, "\"from\": unknown tier " + in_quotes(from[t]) + did_you_mean(from[t], known));
      ok = false;
      continue;
    }
    if (found - ladder.tiers.begin() == static_cast<std::ptrdiff_t>(t)) {
      error(at, "tier " + in_quotes(from[t]) + " cannot be promoted into from itself");
      ok = false;
      continue;
    }
    below[t] = static_cast<int>(found - ladder.tiers.begin());
  }
  if (!ok) return false;
  std::vector<int> above(count, -1);
  for (std::size_t t = 0; t < count; ++t) {
    if (below[t] < 0) continue;
    int& slot = above[static_cast<std::size_t>(below[t])];
    if (slot >= 0) {
      error(entries[t], "tiers " + in_quotes(ladder.tiers[static_cast<std::size_t>(slot)].id) +
                            " and " + in_quotes(ladder.tiers[t].id) + " both climb from " +
                            in_quotes(from[t]) + "; a ladder has one tier above each");
      ok = false;
      continue;
    }
    slot = static_cast<int>(t);
  }
  if (!ok) return false;
  std::vector<int> order;
  for (int t = entry; t >= 0; t = above[static_cast<std::size_t>(t)])
    order.push_back(t);
  if (order.size() < count) {
    // The first tier not reached starts the cycle's description.
    std::size_t first = 0;
    while (std::find(order.begin(), order.end(), static_cast<int>(first)) != order.end())
      ++first;
    std::string path = in_quotes(ladder.tiers[first].id);
    for (int t = below[first]; t >= 0 && t != static_cast<int>(first);
         t = below[static_cast<std::size_t>(t)]) {
      path += " → " + in_quotes(ladder.tiers[static_cast<std::size_t>(t)].id);
      if (path.size() > 400) break;
    }
    path += " → " + in_quotes(ladder.tiers[first].id);
    error(entries[first],
          "the tiers form a cycle through \"from\": " + path +
              (entry < 0 ? "; a ladder climbs from one entry tier without \"from\""
                         : "; they cannot be reached from the entry tier " +
                               in_quotes(ladder.tiers[static_cast<std::size_t>(entry)].id)));
    return false;
  }
  std::vector<Tier> ordered;
  for (int t : order)
    ordered.push_back(std::move(ladder.tiers[static_cast<std::size_t>(t)]));
  ladder.tiers = std::move(ordered);
  return true;
}

std::optional<std::vector<TierCriterion>> PolicyReader::read_criteria(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return std::nullopt;
  std::vector<TierCriterion> criteria;
  bool ok = true;
  for (const auto& entry : *entries) {
    auto criterion = read_criterion(entry);
    if (!criterion) {
      ok = false;
      continue;
    }
    if (std::any_of(criteria.begin(), criteria.end(),
                    [&](const TierCriterion& other) { return other.id == criterion->id; })) {
      error(entry, "duplicate criterion id " + in_quotes(criterion->id));
      ok = false;
      continue;
    }
    criteria.push_back(std::move(*criterion));
  }
  if (!ok) return std::nullopt;
  return criteria;
}

std::optional<TierCriterion> PolicyReader::read_criterion(const JsonValue& entry) {
  const auto members = object(entry, {"id", "label", "source", "kind", "min", "years", "categories",
                                      "outcomes", "levels", "attribute", "rubric", "when"});
  if (!members) return std::nullopt;
  TierCriterion criterion;
  criterion.position = position(entry);
  bool ok = true;
  if (auto id = identifier(*members, entry)) {
    criterion.id = *id;
  } else {
    ok = false;
  }
  if (auto label = optional_string(*members, "label")) criterion.label = *label;
  if (auto source = read_source(*members)) criterion.source = *source;

  const auto kind_value = required(*members, entry, "kind");
  const auto kind_text = kind_value ? string_value(*kind_value) : std::nullopt;
  if (!kind_text) return std::nullopt;
  const auto& kinds = criterion_kinds();
  const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                 [&](const KindName& k) { return k.name == *kind_text; });
  if (kind == kinds.end()) {
    std::vector<std::string_view> names;
    for (const auto& k : kinds)
      names.push_back(k.name);
    const auto close = closest_match(*kind_text, names);
    std::string expected;
    for (auto name : names)
      expected += (expected.empty() ? "" : ", ") + in_quotes(name);
    error(*kind_value, "unknown criterion kind " + in_quotes(*kind_text) +
                           (close.empty() ? "; expected one of " + expected
                                          : "; did you mean " + in_quotes(close) + "?"));
    return std::nullopt;
  }
  criterion.kind = kind->kind;
  for (auto key :
       {"min", "years", "categories", "outcomes", "levels", "attribute", "rubric", "when"}) {
    if (auto misplaced = members->get(key);
        misplaced &&
        std::find(kind->own_keys.begin(), kind->own_keys.end(), key) == kind->own_keys.end()) {
      error(*misplaced,
            "a criterion of kind " + in_quotes(kind->name) + " has no " + in_quotes(key));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;

  if (!read_criterion_min(*members, entry, criterion)) return std::nullopt;

  switch (criterion.kind) {
    case CriterionKind::hours:
      criterion.categories = all_categories();
      if (auto categories_value = members->get("categories")) {
        const auto mask = categories(*categories_value);
        if (!mask) return std::nullopt;
        criterion.categories = *mask;
      }
      break;
    case CriterionKind::outcomes:
      if (!read_criterion_outcomes(*members, entry, criterion)) return std::nullopt;
      break;
    case CriterionKind::years_at_tier:
      break;
    case CriterionKind::score:
      if (!read_score_source(*members, entry, criterion)) return std::nullopt;
      break;
    case CriterionKind::condition: {
      const auto when = required(*members, entry, "when");
      if (!when) return std::nullopt;
      ok = read_selector(*when, criterion.when) && ok;
      break;
    }
  }
  if (!ok) return std::nullopt;
  return criterion;
}

// The criterion's minimum (whole for counts and years, two decimals for hours and scores) and
// the years it looks back over.
bool PolicyReader::read_criterion_min(const Members& members, const JsonValue& entry,
                                      TierCriterion& criterion) {
  if (criterion.kind != CriterionKind::condition) {
    const auto min_value = required(members, entry, "min");
    if (!min_value) return false;
    // Counts and years are whole; hours and scores have up to two decimals.
    const bool whole =
        criterion.kind == CriterionKind::outcomes || criterion.kind == CriterionKind::years_at_tier;
    if (whole) {
      const auto min = integer(*min_value, 0, 1'000'000);
      if (!min) return false;
      criterion.min = *min * 100;
    } else {
      const auto min = amount(*min_value, 0, max_amount);
      if (!min) return false;
      criterion.min = *min;
    }
  }
  if (auto years_value = members.get("years")) {
    const auto years = integer(*years_value, 1, 50);
    if (!years) return false;
    criterion.years = static_cast<int>(*years);
  }
  return true;
}

// The outcomes an outcomes criterion counts, each one the policy converts, and their levels.
bool PolicyReader::read_criterion_outcomes(const Members& members, const JsonValue& entry,
                                           TierCriterion& criterion) {
  bool ok = true;
  const auto outcomes_value = required(members, entry, "outcomes");
  const auto outcomes = outcomes_value ? array(*outcomes_value) : std::nullopt;
  if (!outcomes) return false;
  // The ledger takes only outcomes the policy converts: any other could never be counted.
  std::vector<std::string_view> known;
  for (const auto& conversion : policy_.conversions)
    known.push_back(conversion.outcome);
  for (const auto& outcome_value : *outcomes) {
    auto name = string_value(outcome_value);
    if (!name) return false;
    if (std::find(known.begin(), known.end(), *name) == known.end()) {
      // Without categories no conversion could be read: the outcome is not the error.
      if (categories_refused_) return false;
      error(outcome_value, "unknown outcome " + in_quotes(*name) +
                               (known.empty() ? "; the policy converts no outcome"
                                              : "; the policy's conversions name " +
                                                    [&] {
                                                      std::string list;
                                                      for (auto k : known)
                                                        list += (list.empty() ? "" : ", ") +
                                                                in_quotes(k);
                                                      return list;
                                                    }()) +
                               did_you_mean(*name, known));
      ok = false;
      continue;
    }
    criterion.outcomes.push_back(*name);
  }
  if (criterion.outcomes.empty() && ok) {
    error(*outcomes_value, "name at least one outcome");
    ok = false;
  }
  if (auto levels_value = members.get("levels")) {
    if (auto levels = strings(*levels_value)) {
      criterion.levels = *levels;
    } else {
      ok = false;
    }
  }
  return ok;
}

// What a score criterion reads: a rubric's total or a teacher attribute.
bool PolicyReader::read_score_source(const Members& members, const JsonValue& entry,
                                     TierCriterion& criterion) {
  bool ok = true;
  const auto attribute = members.get("attribute");
  const auto rubric_value = members.get("rubric");
  if (rubric_value) {
    // A rubric's total, exported per teacher in the column of the rubric's id.
    std::vector<std::string_view> known;
    for (const auto& rubric : policy_.rubrics)
      known.push_back(rubric.id);
    const auto rubric = reference(*rubric_value, "rubric", known);
    if (!rubric) return false;
    const Rubric& scored = policy_.rubrics[static_cast<std::size_t>(*rubric)];
    criterion.attribute = scored.id;
    if (criterion.min > scored.total) {
      error(*members.get("min"), "the rubric " + in_quotes(scored.id) + " scores at most " +
                                     format_decimal(scored.total));
      ok = false;
    }
  }
  if (attribute) {
    if (auto name = string_value(*attribute)) {
      criterion.attribute = *name;
    } else {
      ok = false;
    }
  } else if (!rubric_value) {
    error(entry, "a score criterion names the teacher \"attribute\" it reads, or a \"rubric\"");
    ok = false;
  }
  return ok;
}

bool PolicyReader::read_tier_vetoes(const JsonValue& value, Ladder& ladder) {
  auto entries = array(value);
  if (!entries) return false;
  bool ok = true;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "source", "when"});
    if (!members) {
      ok = false;
      continue;
    }
    TierVeto veto;
    veto.position = position(entry);
    auto id = identifier(*members, entry);
    if (auto label = optional_string(*members, "label")) veto.label = *label;
    if (auto source = read_source(*members)) veto.source = *source;
    const auto when = required(*members, entry, "when");
    const bool read = when && read_selector(*when, veto.when);
    if (!id || !read) {
      ok = false;
      continue;
    }
    veto.id = *id;
    ladder.vetoes.push_back(std::move(veto));
  }
  return ok;
}

}  // namespace yanxiu::detail
