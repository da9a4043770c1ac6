// Rubrics: items, groups, levels, evaluators, bands, vetoes and awards
// (include/yanxiu/rubric_rules.hpp). The declared total must be the sum of the weights and each
// group's subtotal the sum of its items': a mismatch names both numbers at the declared one's line.

#include <algorithm>
#include <limits>
#include <set>

#include "policy/policy_reader.hpp"
#include "policy/words.hpp"

namespace yanxiu::detail {

namespace {

// A million points: far beyond any rubric, and sums of such amounts stay far from overflow.
constexpr Hundredths max_points = 100'000'000;
constexpr Hundredths full_percent = 10'000;
constexpr Hundredths max_metric = std::numeric_limits<Hundredths>::max();
constexpr std::size_t max_awards = 64;

std::vector<std::string_view> ids_of(const auto& entries) {
  std::vector<std::string_view> ids;
  for (const auto& entry : entries)
    ids.push_back(entry.id);
  return ids;
}

/// "6, 7, 8, 9"
std::string item_list(const Rubric& rubric, int group) {
  std::string text;
  for (const auto& item : rubric.items) {
    if (item.group != group) continue;
    text += (text.empty() ? "" : ", ") + item.id;
  }
  return text;
}

}  // namespace

std::optional<Hundredths> PolicyReader::amount(const JsonValue& value, Hundredths low,
                                               Hundredths high) {
  if (!expect(value, JsonKind::number)) return std::nullopt;
  Hundredths parsed = 0;
  if (auto problem = parse_hundredths(value.text(), parsed)) {
    error(value, value.text() + " " + *problem);
    return std::nullopt;
  }
  if (parsed < 0 && low >= 0) {
    error(value, value.text() + " is negative");
    return std::nullopt;
  }
  if (parsed < low || parsed > high) {
    error(value, value.text() + " is out of range: expected " + format_decimal(low) + " to " +
                     format_decimal(high));
    return std::nullopt;
  }
  return parsed;
}

std::optional<int> PolicyReader::reference(const JsonValue& value, std::string_view what,
                                           const std::vector<std::string_view>& known) {
  auto name = string_value(value);
  if (!name) return std::nullopt;
  const auto found = std::find(known.begin(), known.end(), *name);
  if (found != known.end()) return static_cast<int>(found - known.begin());
  std::string hint = did_you_mean(*name, known);
  if (hint.empty() && !known.empty() && known.size() <= 8) {
    for (auto name_known : known)
      hint += (hint.empty() ? "; expected " : ", ") + in_quotes(name_known);
  }
  error(value, "unknown " + std::string(what) + " " + in_quotes(*name) + hint);
  return std::nullopt;
}

void PolicyReader::read_rubrics(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    auto rubric = read_rubric(entry);
    if (!rubric) continue;
    if (!ids.insert(rubric->id).second) {
      error(entry, "duplicate rubric id " + in_quotes(rubric->id));
      continue;
    }
    policy_.rubrics.push_back(std::move(*rubric));
  }
}

std::optional<Rubric> PolicyReader::read_rubric(const JsonValue& entry) {
  const auto members =
      object(entry, {"id", "label", "source", "subject", "total", "missing", "levels", "groups",
                     "evaluators", "spread", "items", "bands", "vetoes", "awards"});
  if (!members) return std::nullopt;
  Rubric rubric;
  rubric.position = position(entry);
  bool ok = true;
  if (auto id = identifier(*members, entry))
    rubric.id = *id;
  else
    ok = false;
  if (auto label = optional_string(*members, "label")) rubric.label = *label;
  if (auto source = read_source(*members)) rubric.source = *source;
  if (auto subject_value = required(*members, entry, "subject")) {
    if (auto subject = reference(*subject_value, "subject", {"school", "teacher", "group"}))
      rubric.subject = static_cast<RubricSubject>(*subject);
    else
      ok = false;
  } else {
    ok = false;
  }
  const auto total_value = required(*members, entry, "total");
  const auto total = total_value ? amount(*total_value, 1, max_points) : std::nullopt;
  if (total)
    rubric.total = *total;
  else
    ok = false;
  if (auto missing = members->get("missing")) {
    if (auto choice = reference(*missing, "setting", {"report", "zero"}))
      rubric.missing_as_zero = *choice == 1;
    else
      ok = false;
  }
  if (auto levels_value = members->get("levels")) {
    if (auto levels = read_levels(*levels_value))
      rubric.levels = std::move(*levels);
    else
      ok = false;
  }
  if (auto groups_value = members->get("groups")) {
    if (auto groups = named_amounts(*groups_value, "group", "subtotal", 0, max_points)) {
      for (auto& named : *groups) {
        rubric.groups.push_back(
            {std::move(named.id), std::move(named.label), named.amount, named.position});
      }
    } else {
      ok = false;
    }
  }
  if (auto evaluators_value = members->get("evaluators")) {
    if (auto evaluators =
            named_amounts(*evaluators_value, "evaluator", "weight", 1, max_points,
                          "no evaluators; omit the key when one evaluator scores everything")) {
      for (auto& named : *evaluators)
        rubric.evaluators.push_back({std::move(named.id), std::move(named.label), named.amount});
    } else {
      ok = false;
    }
  }
  if (auto spread = members->get("spread")) {
    if (rubric.evaluators.size() < 2) {
      error(*spread, "a spread compares evaluators; the rubric needs at least two");
      ok = false;
    } else if (auto percent = amount(*spread, 0, full_percent)) {
      rubric.spread = *percent;
    } else {
      ok = false;
    }
  }
  const auto items = required(*members, entry, "items");
  const bool items_ok = items && read_items(*items, rubric);
  ok = items_ok && ok;
  // The weights are compared only when every one of them was read.
  if (items_ok && total) ok = check_weights(*members, entry, rubric) && ok;
  if (auto bands_value = members->get("bands")) {
    auto bands = named_amounts(*bands_value, "band", "min", 0, total.value_or(max_points));
    for (std::size_t b = 0; bands && b < bands->size(); ++b) {
      const NamedAmount& band = (*bands)[b];
      for (std::size_t other = 0; other < b; ++other) {
        if ((*bands)[other].amount != band.amount) continue;
        error(*Members(bands_value->elements()[b].members()).get("min"),
              "band " + in_quotes((*bands)[other].id) + " has min " + format_decimal(band.amount) +
                  " too");
        ok = false;
      }
      rubric.bands.push_back({band.id, band.label, band.amount});
    }
    if (!bands) ok = false;
    // The total takes the highest band it reaches.
    std::sort(rubric.bands.begin(), rubric.bands.end(),
              [](const Band& a, const Band& b) { return a.min > b.min; });
  }
  if (auto vetoes = members->get("vetoes"); vetoes && items_ok)
    ok = read_vetoes(*vetoes, rubric) && ok;
  if (auto awards = members->get("awards")) ok = read_awards(*awards, rubric) && ok;
  if (!ok) return std::nullopt;
  return rubric;
}

std::optional<std::vector<PolicyReader::NamedAmount>> PolicyReader::named_amounts(
    const JsonValue& value, std::string_view what, std::string_view key, Hundredths low,
    Hundredths high, std::string_view if_empty) {
  auto entries = array(value);
  if (!entries) return std::nullopt;
  if (entries->empty() && !if_empty.empty()) {
    error(value, std::string(if_empty));
    return std::nullopt;
  }
  std::vector<NamedAmount> list;
  std::set<std::string> ids;
  bool ok = true;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", key});
    if (!members) {
      ok = false;
      continue;
    }
    NamedAmount named;
    named.position = position(entry);
    auto id = identifier(*members, entry);
    if (id && !ids.insert(*id).second) {
      error(*members->get("id"), "duplicate " + std::string(what) + " " + in_quotes(*id));
      id.reset();
    }
    if (auto label = optional_string(*members, "label")) named.label = *label;
    const auto amount_value = required(*members, entry, key);
    const auto parsed = amount_value ? amount(*amount_value, low, high) : std::nullopt;
    if (!id || !parsed) {
      ok = false;
      continue;
    }
    named.id = *id;
    named.amount = *parsed;
    list.push_back(std::move(named));
  }
  if (!ok) return std::nullopt;
  return list;
}

std::optional<std::vector<RubricLevel>> PolicyReader::read_levels(const JsonValue& value) {
  auto list = named_amounts(value, "level", "percent", 0, full_percent, "no levels");
  if (!list) return std::nullopt;
  std::vector<RubricLevel> levels;
  for (auto& named : *list)
    levels.push_back({std::move(named.id), std::move(named.label), named.amount});
  return levels;
}

bool PolicyReader::read_items(const JsonValue& value, Rubric& rubric) {
  auto entries = array(value);
  if (!entries) return false;
  if (entries->empty()) {
    error(value, "a rubric needs at least one item");
    return false;
  }
  bool ok = true;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    auto item = read_item(entry, rubric);
    if (!item) {
      ok = false;
      continue;
    }
    if (!ids.insert(item->id).second) {
      error(entry, "duplicate item id " + in_quotes(item->id));
      ok = false;
      continue;
    }
    rubric.items.push_back(std::move(*item));
  }
  return ok;
}

std::optional<RubricItem> PolicyReader::read_item(const JsonValue& entry, const Rubric& rubric) {
  const auto members =
      object(entry, {"id", "label", "evidence", "source", "group", "weight", "kind", "levels",
                     "evaluators", "metric", "of", "thresholds", "missing"});
  if (!members) return std::nullopt;
  RubricItem item;
  item.position = position(entry);
  bool ok = read_item_id(*members, entry, item);
  if (auto label = optional_string(*members, "label")) item.label = *label;
  if (auto evidence = optional_string(*members, "evidence")) item.evidence = *evidence;
  if (auto source = read_source(*members)) item.source = *source;
  ok = read_item_group(*members, entry, rubric, item) && ok;
  const auto weight_value = required(*members, entry, "weight");
  if (auto weight = weight_value ? amount(*weight_value, 0, max_points) : std::nullopt)
    item.weight = *weight;
  else
    ok = false;

  if (auto kind_value = members->get("kind")) {
    auto kind = reference(*kind_value, "item kind", {"score", "level", "metric"});
    if (!kind) return std::nullopt;
    item.kind = static_cast<ItemKind>(*kind);
  }
  ok = check_item_kind_keys(*members, item.kind) && ok;
  if (item.kind == ItemKind::level) ok = read_item_levels(*members, entry, rubric, item) && ok;
  if (item.kind != ItemKind::metric)
    ok = read_item_evaluators(*members, rubric, item) && ok;
  else
    ok = read_metric_scoring(*members, entry, item) && ok;

  item.missing_as_zero = rubric.missing_as_zero;
  if (auto missing = members->get("missing")) {
    if (auto choice = reference(*missing, "setting", {"report", "zero"}))
      item.missing_as_zero = *choice == 1;
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return item;
}

bool PolicyReader::read_item_id(const Members& members, const JsonValue& entry, RubricItem& item) {
  auto id = identifier(members, entry);
  if (!id) return false;
  item.id = *id;
  // The score table names subtotal rows "group:ID" and the total row "total".
  if (*id == "total" || id->find(':') != std::string::npos) {
    error(*members.get("id"), "item id " + in_quotes(*id) +
                                  " would read as a subtotal or total row; "
                                  "an item id is not \"total\" and has no ':'");
    return false;
  }
  return true;
}

bool PolicyReader::read_item_group(const Members& members, const JsonValue& entry,
                                   const Rubric& rubric, RubricItem& item) {
  const auto group_value = members.get("group");
  if (rubric.groups.empty()) {
    if (!group_value) return true;
    error(*group_value, "the rubric declares no groups");
    return false;
  }
  if (!group_value) {
    error(entry, "missing required key \"group\": the rubric's items are grouped");
    return false;
  }
  auto group = reference(*group_value, "group", ids_of(rubric.groups));
  if (!group) return false;
  item.group = *group;
  return true;
}

// The keys of the other kinds of item, which an item of this kind may not have.
bool PolicyReader::check_item_kind_keys(const Members& members, ItemKind kind) {
  const std::vector<std::string_view> not_for_kind =
      kind == ItemKind::score
          ? std::vector<std::string_view>{"levels", "metric", "of", "thresholds"}
      : kind == ItemKind::level ? std::vector<std::string_view>{"metric", "of", "thresholds"}
                                : std::vector<std::string_view>{"levels", "evaluators"};
  bool ok = true;
  for (auto key : not_for_kind) {
    if (auto misplaced = members.get(key)) {
      error(*misplaced, "a " + std::string(to_string(kind)) + " item has no " + in_quotes(key));
      ok = false;
    }
  }
  return ok;
}

bool PolicyReader::read_item_levels(const Members& members, const JsonValue& entry,
                                    const Rubric& rubric, RubricItem& item) {
  if (auto levels_value = members.get("levels")) {
    auto levels = read_levels(*levels_value);
    if (!levels) return false;
    item.levels = std::move(*levels);
    return true;
  }
  if (rubric.levels.empty()) {
    error(entry, "a level item needs levels: its own \"levels\" or the rubric's");
    return false;
  }
  item.levels = rubric.levels;
  return true;
}

// The evaluators who score the item: those listed, or all of the rubric's.
bool PolicyReader::read_item_evaluators(const Members& members, const Rubric& rubric,
                                        RubricItem& item) {
  const auto evaluators = members.get("evaluators");
  if (!evaluators) {
    for (std::size_t e = 0; e < rubric.evaluators.size(); ++e)
      item.evaluators.push_back(static_cast<int>(e));
    return true;
  }
  if (rubric.evaluators.empty()) {
    error(*evaluators, "the rubric declares no evaluators");
    return false;
  }
  const auto list = array(*evaluators);
  if (!list || list->empty()) {
    if (list) error(*evaluators, "no evaluators; omit the key for all of the rubric's");
    return false;
  }
  bool ok = true;
  for (const auto& name : *list) {
    auto evaluator = reference(name, "evaluator", ids_of(rubric.evaluators));
    if (evaluator && std::find(item.evaluators.begin(), item.evaluators.end(), *evaluator) !=
                         item.evaluators.end()) {
      error(name, "evaluator " + in_quotes(name.text()) + " is listed twice");
      evaluator.reset();
    }
    if (evaluator)
      item.evaluators.push_back(*evaluator);
    else
      ok = false;
  }
  return ok;
}

bool PolicyReader::read_metric_scoring(const Members& members, const JsonValue& entry,
                                       RubricItem& item) {
  bool ok = true;
  if (auto metric = required_string(members, entry, "metric"))
    item.metric = *metric;
  else
    ok = false;
  const auto of = members.get("of");
  const auto thresholds = members.get("thresholds");
  if (of && thresholds) {
    error(*thresholds, "give \"of\" (a share of the weight) or \"thresholds\", not both");
    return false;
  }
  if (of) {
    if (of->kind() == JsonKind::string) {
      if (auto name = string_value(*of); name && !name->empty()) {
        item.of_metric = *name;
      } else {
        error(*of, "must not be empty");
        ok = false;
      }
    } else if (auto whole = amount(*of, 1, max_metric)) {
      item.of_amount = *whole;
    } else {
      ok = false;
    }
    return ok;
  }
  if (!thresholds) {
    error(entry, "a metric item needs \"of\" (the metric's share of it scores) or \"thresholds\"");
    return false;
  }
  auto steps = array(*thresholds);
  if (!steps) return false;
  if (steps->empty()) {
    error(*thresholds, "no thresholds");
    return false;
  }
  for (const auto& step : *steps) {
    const auto fields = object(step, {"min", "percent"});
    if (!fields) {
      ok = false;
      continue;
    }
    const auto min_value = required(*fields, step, "min");
    const auto percent_value = required(*fields, step, "percent");
    const auto min = min_value ? amount(*min_value, 0, max_metric) : std::nullopt;
    const auto percent = percent_value ? amount(*percent_value, 0, full_percent) : std::nullopt;
    if (min && std::any_of(item.thresholds.begin(), item.thresholds.end(),
                           [&](const MetricThreshold& t) { return t.min == *min; })) {
      error(*min_value, "another threshold has min " + format_decimal(*min));
      ok = false;
      continue;
    }
    if (!min || !percent) {
      ok = false;
      continue;
    }
    item.thresholds.push_back({*min, *percent});
  }
  std::sort(item.thresholds.begin(), item.thresholds.end(),
            [](const MetricThreshold& a, const MetricThreshold& b) { return a.min > b.min; });
  return ok;
}

bool PolicyReader::check_weights(const Members& members, const JsonValue& entry,
                                 const Rubric& rubric) {
  bool ok = true;
  Hundredths sum = 0;
  for (const auto& item : rubric.items)
    sum += item.weight;
  if (sum != rubric.total) {
    error(*members.get("total"), "the items' weights add up to " + format_decimal(sum) +
                                     ", not the declared total " + format_decimal(rubric.total));
    ok = false;
  }
  if (rubric.groups.empty()) return ok;
  const auto groups = members.get("groups")->elements();
  for (std::size_t g = 0; g < rubric.groups.size(); ++g) {
    const RubricGroup& group = rubric.groups[g];
    Hundredths group_sum = 0;
    for (const auto& item : rubric.items) {
      if (item.group == static_cast<int>(g)) group_sum += item.weight;
    }
    if (group_sum == group.subtotal) continue;
    const std::string items = item_list(rubric, static_cast<int>(g));
    // The groups that were read are the JSON's, in order, when every group was read.
    const auto at = groups.size() == rubric.groups.size()
                        ? Members(groups[g].members()).get("subtotal")
                        : std::nullopt;
    error(at ? *at : entry, "the items of group " + in_quotes(group.id) +
                                (items.empty() ? " (none)" : " (" + items + ")") + " weigh " +
                                format_decimal(group_sum) + ", not the declared subtotal " +
                                format_decimal(group.subtotal));
    ok = false;
  }
  return ok;
}

bool PolicyReader::read_vetoes(const JsonValue& value, Rubric& rubric) {
  auto entries = array(value);
  if (!entries) return false;
  bool ok = true;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members =
        object(entry, {"id", "label", "source", "effect", "item", "levels", "flag"});
    if (!members) {
      ok = false;
      continue;
    }
    Veto veto;
    veto.position = position(entry);
    bool veto_ok = true;
    auto id = identifier(*members, entry);
    if (id && !ids.insert(*id).second) {
      error(*members->get("id"), "duplicate veto " + in_quotes(*id));
      id.reset();
    }
    if (id)
      veto.id = *id;
    else
      veto_ok = false;
    if (auto label = optional_string(*members, "label")) veto.label = *label;
    if (auto source = read_source(*members)) veto.source = *source;
    if (auto effect_value = required(*members, entry, "effect")) {
      if (auto effect = reference(*effect_value, "effect", {"no_award", "zero"}))
        veto.effect = static_cast<VetoEffect>(*effect);
      else
        veto_ok = false;
    } else {
      veto_ok = false;
    }
    const auto item_value = members->get("item");
    const auto flag_value = members->get("flag");
    const auto levels_value = members->get("levels");
    if (item_value && flag_value) {
      error(*flag_value, "a veto reads an item's level or a flag, not both");
      veto_ok = false;
    } else if (flag_value) {
      if (levels_value) {
        error(*levels_value, "levels belong to a veto on an item");
        veto_ok = false;
      }
      if (auto flag = string_value(*flag_value); flag && !flag->empty())
        veto.flag = *flag;
      else {
        if (flag) error(*flag_value, "must not be empty");
        veto_ok = false;
      }
    } else if (item_value) {
      const auto item = reference(*item_value, "item", ids_of(rubric.items));
      if (item && rubric.items[static_cast<std::size_t>(*item)].kind != ItemKind::level) {
        error(*item_value, "a veto reads an item's level; item " + in_quotes(item_value->text()) +
                               " is a " + std::string(to_string(rubric.items[*item].kind)) +
                               " item");
        veto_ok = false;
      } else if (!item) {
        veto_ok = false;
      } else if (!levels_value) {
        error(entry, "missing required key \"levels\": the item's levels that veto");
        veto_ok = false;
      } else if (auto levels = array(*levels_value); levels && !levels->empty()) {
        veto.item = *item;
        const auto known = ids_of(rubric.items[static_cast<std::size_t>(*item)].levels);
        for (const auto& level : *levels) {
          if (reference(level, "level", known))
            veto.levels.push_back(level.text());
          else
            veto_ok = false;
        }
      } else {
        if (levels) error(*levels_value, "no levels");
        veto_ok = false;
      }
    } else {
      error(entry, "a veto needs \"item\" (with \"levels\") or \"flag\": what triggers it");
      veto_ok = false;
    }
    if (veto_ok)
      rubric.vetoes.push_back(std::move(veto));
    else
      ok = false;
  }
  return ok;
}

bool PolicyReader::read_awards(const JsonValue& value, Rubric& rubric) {
  auto entries = array(value);
  if (!entries) return false;
  if (entries->size() > max_awards) {
    error(value, "at most " + std::to_string(max_awards) + " awards, found " +
                     std::to_string(entries->size()));
    return false;
  }
  bool ok = true;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "source", "top", "min"});
    if (!members) {
      ok = false;
      continue;
    }
    Award award;
    bool award_ok = true;
    auto id = identifier(*members, entry);
    if (id && !ids.insert(*id).second) {
      error(*members->get("id"), "duplicate award " + in_quotes(*id));
      id.reset();
    }
    if (id)
      award.id = *id;
    else
      award_ok = false;
    if (auto label = optional_string(*members, "label")) award.label = *label;
    if (auto source = read_source(*members)) award.source = *source;
    const auto top_value = members->get("top");
    const auto min_value = members->get("min");
    if (!top_value && !min_value) {
      error(entry, "an award selects the \"top\" N, those at or above \"min\", or both");
      award_ok = false;
    }
    if (top_value) {
      if (auto top = integer(*top_value, 1, 1'000'000))
        award.top = static_cast<int>(*top);
      else
        award_ok = false;
    }
    if (min_value) {
      if (auto min = amount(*min_value, 0, rubric.total > 0 ? rubric.total : max_points))
        award.min = *min;
      else
        award_ok = false;
    }
    if (award_ok)
      rubric.awards.push_back(std::move(award));
    else
      ok = false;
  }
  return ok;
}

}  // namespace yanxiu::detail
