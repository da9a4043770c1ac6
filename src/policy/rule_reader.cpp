// Rules (quota, count, choice), their parts, and the exemptions that waive them.

#include <algorithm>
#include <set>

#include "policy/policy_reader.hpp"

namespace yanxiu::detail {

void PolicyReader::read_rules(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  if (entries->empty() && policy_.rubrics.empty())
    warning(value, "the policy has no rules; its audit will be empty");
  // RuleIndex is 16 bits: no bound goes past 32767.
  const std::size_t max_rules = std::min<std::size_t>(max_rules_, 32767);
  if (entries->size() > max_rules) {
    error(value, std::to_string(entries->size()) + " rules, more than the limit of " +
                     std::to_string(max_rules) + " (rules)");
    return;
  }
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    if (auto subject = rule_subject(entry)) {
      read_subject_rule(entry, *subject);
      continue;
    }
    auto rule = read_rule(entry);
    if (!rule) continue;
    if (!ids.insert(rule->id).second) {
      error(entry, "duplicate rule id " + in_quotes(rule->id));
      continue;
    }
    policy_.rules.push_back(std::move(*rule));
  }
  // A weekly rule over a five-year cycle is 260 verdicts a teacher; a thousand of them would
  // hold gigabytes for a small county. Refused here, before any audit starts.
  if (policy_.calendar && max_verdicts_ > 0) {
    const std::size_t verdicts = verdicts_per_teacher(*policy_.calendar, policy_.rules);
    if (verdicts > max_verdicts_) {
      error(value, "the rules make " + std::to_string(verdicts) +
                       " verdicts per teacher, more than the limit of " +
                       std::to_string(max_verdicts_) + " (verdicts_per_teacher)");
    }
  }
}

std::optional<Rule> PolicyReader::read_rule(const JsonValue& entry) {
  // Keys a rule may have, whatever its kind; the kind's own are checked below.
  const auto members = object(
      entry,
      {"id",         "label",       "source",     "kind",          "period",     "categories",
       "min",        "max",         "pro_rate",   "parts",         "applies_to", "activity",
       "activities", "exactly_one", "carry_over", "fill_deficits", "phases",     "min_block",
       "window",     "subject",     "due"});
  if (!members) return std::nullopt;
  Rule rule;
  rule.position = position(entry);
  bool ok = true;
  if (auto id = identifier(*members, entry))
    rule.id = *id;
  else
    ok = false;
  if (auto label = optional_string(*members, "label")) rule.label = *label;
  if (auto source = read_source(*members)) rule.source = *source;
  if (!read_rule_kind(*members, rule)) return std::nullopt;

  ok = check_kind_keys(*members, rule.kind) && ok;

  if (auto period_value = required(*members, entry, "period")) {
    if (auto kind = period(*period_value))
      rule.period = *kind;
    else
      ok = false;
  } else {
    ok = false;
  }
  rule.categories = all_categories();
  if (auto value = members->get("categories")) {
    if (auto mask = categories(*value))
      rule.categories = *mask;
    else
      ok = false;
  }

  ok = read_rule_amount(*members, entry, rule) && ok;

  if (auto pro_rate = members->get("pro_rate")) {
    if (auto flag = boolean(*pro_rate))
      rule.pro_rate = *flag;
    else
      ok = false;
  }
  if (auto parts = members->get("parts")) ok = read_parts(*parts, rule) && ok;
  ok = read_moves(*members, rule, ok);
  if (auto phases = members->get("phases")) ok = read_rule_phases(*phases, rule) && ok;
  if (auto due = members->get("due")) ok = read_due(*due, rule, ok);
  if (auto block_value = members->get("min_block")) {
    // Hours as recorded, whatever the policy's unit: a block is a length of training.
    if (auto block = hours(*block_value); block && *block > Hours())
      rule.min_block = *block;
    else {
      if (block) error(*block_value, "a min_block of 0 asks for nothing; omit it");
      ok = false;
    }
  }
  if (auto window = members->get("window")) ok = read_window(*window, rule) && ok;
  if (auto applies_to = members->get("applies_to"))
    ok = read_selector(*applies_to, rule.applies_to) && ok;
  if (!ok) return std::nullopt;
  return rule;
}

// The rule's kind, quota when none is given; false (and an error) when it names no kind.
bool PolicyReader::read_rule_kind(const Members& members, Rule& rule) {
  if (auto kind = members.get("kind")) {
    auto text = string_value(*kind);
    if (text == "quota")
      rule.kind = RuleKind::quota;
    else if (text == "count")
      rule.kind = RuleKind::count;
    else if (text == "choice")
      rule.kind = RuleKind::choice;
    else {
      if (text) {
        const auto close = closest_match(*text, {"quota", "count", "choice"});
        error(*kind, "unknown rule kind " + in_quotes(*text) +
                         (close.empty() ? "; expected \"quota\", \"count\" or \"choice\""
                                        : "; did you mean " + in_quotes(close) + "?"));
      }
      return false;
    }
  }
  return true;
}

// Keys that belong to other kinds of rule.
bool PolicyReader::check_kind_keys(const Members& members, RuleKind kind) {
  bool ok = true;
  const std::vector<std::string_view> not_for_kind =
      kind == RuleKind::quota
          ? std::vector<std::string_view>{"activity", "activities", "exactly_one"}
      : kind == RuleKind::count
          ? std::vector<std::string_view>{"max",           "parts",     "exactly_one", "carry_over",
                                          "fill_deficits", "min_block", "window"}
          : std::vector<std::string_view>{"min",       "max",        "parts",      "pro_rate",
                                          "activity",  "activities", "carry_over", "fill_deficits",
                                          "min_block", "window"};
  for (auto key : not_for_kind) {
    if (auto misplaced = members.get(key)) {
      error(*misplaced, "a " + std::string(to_string(kind)) + " rule has no " + in_quotes(key));
      ok = false;
    }
  }
  return ok;
}

// What the rule asks for: a quota's min and max hours, the activities a count counts and how
// many, the options of a choice.
bool PolicyReader::read_rule_amount(const Members& members, const JsonValue& entry, Rule& rule) {
  bool ok = true;
  switch (rule.kind) {
    case RuleKind::quota: {
      const auto min_value = required(members, entry, "min");
      if (auto min = min_value ? hours(*min_value) : std::nullopt)
        rule.min = *min;
      else
        ok = false;
      if (auto max_value = members.get("max")) {
        if (auto max = hours(*max_value)) {
          rule.max = *max;
          if (min_value && *max < rule.min) {
            error(*max_value, "max " + to_string(*max) + " is below min " + to_string(rule.min) +
                                  "; the rule could never be met");
            ok = false;
          }
        } else {
          ok = false;
        }
      }
      break;
    }
    case RuleKind::count: {
      const auto activity = members.get("activity");
      const auto activities = members.get("activities");
      if (activity && activities) {
        error(*activities, "give \"activity\" or \"activities\", not both");
        ok = false;
      } else if (activity) {
        if (auto text = string_value(*activity); text && !text->empty())
          rule.activities = {*text};
        else
          ok = false;
      } else if (activities) {
        if (auto list = strings(*activities); list && !list->empty())
          rule.activities = *list;
        else {
          if (list) error(*activities, "an empty list counts nothing");
          ok = false;
        }
      } else {
        error(entry, "a count rule needs \"activity\" (or \"activities\"): what it counts");
        ok = false;
      }
      const auto min_value = required(members, entry, "min");
      if (auto min = min_value ? count(*min_value) : std::nullopt)
        rule.min = *min;
      else
        ok = false;
      break;
    }
    case RuleKind::choice: {
      const auto options = required(members, entry, "exactly_one");
      auto list = options ? strings(*options) : std::nullopt;
      if (list && list->size() < 2) {
        error(*options, "a choice needs at least two activities to choose from");
        list.reset();
      }
      if (list && list->size() > max_choice_options) {
        error(*options, "a choice is among at most " + std::to_string(max_choice_options) +
                            " activities, not " + std::to_string(list->size()));
        list.reset();
      }
      if (list)
        rule.activities = *list;
      else
        ok = false;
      rule.min = Hours::whole(1);
      break;
    }
  }
  return ok;
}

// Carry-over and deficit filling: hours moved between consecutive periods of a whole rule. `ok`:
// the rule so far read without error, when the moves are checked against its parts and period.
bool PolicyReader::read_moves(const Members& members, Rule& rule, bool ok) {
  if (auto carry = members.get("carry_over")) {
    if (auto fields = object(*carry, {"max"})) {
      const auto max_value = required(*fields, *carry, "max");
      if (auto max = max_value ? hours(*max_value) : std::nullopt)
        rule.carry_over = *max;
      else
        ok = false;
    } else {
      ok = false;
    }
  }
  if (auto fill = members.get("fill_deficits")) {
    if (auto flag = boolean(*fill))
      rule.fill_deficits = *flag;
    else
      ok = false;
  }
  if ((rule.carry_over || rule.fill_deficits) && ok) {
    // A copy: get() returns an optional by value, which a reference would outlive.
    const JsonValue at = *members.get(rule.carry_over ? "carry_over" : "fill_deficits");
    if (!rule.parts.empty()) {
      error(at, "hours move between periods of a whole rule only; this rule has parts");
      ok = false;
    } else if (rule.period == PeriodKind::cycle || rule.period == PeriodKind::phase) {
      error(at, "a " + std::string(to_string(rule.period)) +
                    " rule has no next period to move hours to");
      ok = false;
    }
  }
  return ok;
}

bool PolicyReader::read_parts(const JsonValue& value, Rule& rule) {
  auto entries = array(value);
  if (!entries) return false;
  bool ok = true;
  Hours sum;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "categories", "min"});
    if (!members) {
      ok = false;
      continue;
    }
    QuotaPart part;
    part.position = position(entry);
    part.id = std::to_string(rule.parts.size() + 1);
    if (members->get("id")) {
      auto id = identifier(*members, entry);
      if (!id) {
        ok = false;
        continue;
      }
      part.id = *id;
    }
    if (!ids.insert(part.id).second) {
      error(entry, "duplicate part id " + in_quotes(part.id));
      ok = false;
      continue;
    }
    if (auto label = optional_string(*members, "label")) part.label = *label;
    const auto categories_value = required(*members, entry, "categories");
    const auto min_value = required(*members, entry, "min");
    CategoryMask mask = 0;
    bool have_mask = false;
    if (categories_value) {
      if (auto read = categories(*categories_value)) {
        mask = *read;
        have_mask = true;
      }
    }
    const auto min = min_value ? hours(*min_value) : std::nullopt;
    if (!have_mask || !min) {
      ok = false;
      continue;
    }
    if (const CategoryMask outside = mask & ~rule.categories) {
      error(*categories_value,
            "the part counts " + describe_mask(outside) + ", which the rule itself does not count");
      ok = false;
    }
    part.categories = mask;
    part.min = *min;
    sum += *min;
    rule.parts.push_back(std::move(part));
  }
  if (ok && sum > rule.min) {
    error(value, "the parts' minimums add up to " + to_string(sum) + ", more than the rule's min " +
                     to_string(rule.min));
    ok = false;
  }
  return ok;
}

bool PolicyReader::read_rule_phases(const JsonValue& value, Rule& rule) {
  if (rule.period == PeriodKind::cycle) {
    error(value, "a cycle rule is judged over the whole cycle; \"phases\" cannot limit it");
    return false;
  }
  auto ids = strings(value);
  if (!ids || !policy_.calendar) return false;
  const auto& spec = policy_.calendar->spec().phases;
  bool ok = true;
  const auto elements = value.elements();
  for (std::size_t i = 0; i < ids->size(); ++i) {
    const auto found = std::find_if(spec.begin(), spec.end(),
                                    [&](const PhaseSpec& p) { return p.id == (*ids)[i]; });
    if (found == spec.end()) {
      std::vector<std::string_view> known;
      for (const auto& phase : spec)
        known.push_back(phase.id);
      const auto close = closest_match((*ids)[i], known);
      error(elements[i], "unknown phase " + in_quotes((*ids)[i]) +
                             (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
      ok = false;
      continue;
    }
    rule.phases.push_back(static_cast<int>(found - spec.begin()));
  }
  return ok;
}

// "due": {"week": N}, a deadline in every period judged: week 1 is the period's first seven
// days (a term starting on a Monday: Monday to Sunday), week N ends on its 7N-th day. Only for
// periods of several weeks, and a week that ends inside each of them. `ok`: the rule so far read
// without error, when its period and phases can be checked.
bool PolicyReader::read_due(const JsonValue& value, Rule& rule, bool ok) {
  const auto members = object(value, {"week"});
  if (!members) return false;
  const auto week_value = required(*members, value, "week");
  const auto week = week_value ? integer(*week_value, 1, 53) : std::nullopt;
  if (!week || !ok) return false;
  if (rule.period != PeriodKind::semester && rule.period != PeriodKind::academic_year &&
      rule.period != PeriodKind::phase) {
    error(value, "\"due\" is a week of a semester, an academic year or a phase; a " +
                     std::string(to_string(rule.period)) + " rule has none");
    return false;
  }
  rule.due_week = static_cast<int>(*week);
  if (!policy_.calendar) return true;
  // The shortest period judged must hold the week: a deadline after a period's end is a slip.
  const auto& periods = policy_.calendar->periods(rule.period);
  for (const Period& period : periods) {
    const bool judged =
        rule.period != PeriodKind::phase || rule.phases.empty() ||
        std::find(rule.phases.begin(), rule.phases.end(), period.index) != rule.phases.end();
    if (!judged || 7 * rule.due_week <= period.day_count()) continue;
    error(*week_value, "week " + std::to_string(rule.due_week) + " ends after " +
                           std::string(to_string(rule.period)) + " " + in_quotes(period.label) +
                           " (" + day_to_iso(period.first_day) + ".." +
                           day_to_iso(period.last_day) + ", " +
                           std::to_string(period.day_count() / 7) + " whole weeks)");
    return false;
  }
  return true;
}

void PolicyReader::read_exemptions(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "source", "when", "requires", "waives"});
    if (!members) continue;
    Exemption exemption;
    exemption.position = position(entry);
    bool ok = true;
    if (auto id = identifier(*members, entry))
      exemption.id = *id;
    else
      ok = false;
    if (ok && !ids.insert(exemption.id).second) {
      error(*members->get("id"), "duplicate exemption id " + in_quotes(exemption.id));
      ok = false;
    }
    if (auto label = optional_string(*members, "label")) exemption.label = *label;
    if (auto source = read_source(*members)) exemption.source = *source;
    if (auto when = required(*members, entry, "when"))
      ok = read_selector(*when, exemption.when) && ok;
    else
      ok = false;
    if (auto requires_value = members->get("requires")) {
      if (auto fields = object(*requires_value, {"categories", "min"})) {
        const auto categories_value = required(*fields, *requires_value, "categories");
        const auto min_value = required(*fields, *requires_value, "min");
        auto mask = categories_value ? categories(*categories_value) : std::nullopt;
        auto min = min_value ? hours(*min_value) : std::nullopt;
        if (mask && min) {
          exemption.requires_categories = *mask;
          exemption.requires_min = *min;
        } else {
          ok = false;
        }
      } else {
        ok = false;
      }
    }
    if (auto waives = required(*members, entry, "waives")) {
      auto names = strings(*waives);
      const auto elements = waives->elements();
      if (names && names->empty()) error(*waives, "an exemption waives at least one rule");
      for (std::size_t i = 0; names && i < names->size(); ++i) {
        if (const auto reference = rule_reference(elements[i], (*names)[i]))
          exemption.waives.push_back({reference->rule, reference->part});
        else
          ok = false;
      }
      if (!names) ok = false;
    } else {
      ok = false;
    }
    if (ok) policy_.exemptions.push_back(std::move(exemption));
  }
}

}  // namespace yanxiu::detail
