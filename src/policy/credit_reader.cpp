// The credit pipeline's sections: conversions, gates, category caps, the credit bank and
// certification (include/yanxiu/credits.hpp).

#include <algorithm>
#include <set>

#include "policy/policy_reader.hpp"

namespace yanxiu::detail {

namespace {

const std::initializer_list<PeriodKind> cap_periods = {
    PeriodKind::semester, PeriodKind::academic_year, PeriodKind::cycle};

}  // namespace

void PolicyReader::read_conversions(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids, outcomes;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "source", "outcome", "category", "hours",
                                        "rates", "item_cap", "cap", "applies_to"});
    if (!members) continue;
    Conversion conversion;
    conversion.position = position(entry);
    bool ok = true;
    if (auto id = identifier(*members, entry); id && ids.insert(*id).second) {
      conversion.id = *id;
    } else {
      if (id) error(*members->get("id"), "duplicate conversion id " + in_quotes(*id));
      ok = false;
    }
    if (auto label = optional_string(*members, "label")) conversion.label = *label;
    if (auto source = read_source(*members)) conversion.source = *source;
    if (auto outcome = required_string(*members, entry, "outcome")) {
      if (outcomes.insert(*outcome).second) {
        conversion.outcome = *outcome;
      } else {
        error(*members->get("outcome"), "outcome " + in_quotes(*outcome) + " is converted twice");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (auto category_value = required(*members, entry, "category")) {
      if (auto index = category(*category_value))
        conversion.category = *index;
      else
        ok = false;
    } else {
      ok = false;
    }

    // One rate for every record ("hours"), or a rate per level ("rates").
    const auto fixed = members->get("hours");
    const auto by_level = members->get("rates");
    if (fixed && by_level) {
      error(*by_level, "give \"hours\" (one rate) or \"rates\" (by level), not both");
      ok = false;
    } else if (fixed) {
      ConversionRate rate;
      if (read_rate(*fixed, rate))
        conversion.rates.push_back(rate);
      else
        ok = false;
    } else if (by_level) {
      // Levels are the policy's own names ("national", "provincial"...), so any key goes.
      if (!expect(*by_level, detail::JsonKind::object)) {
        ok = false;
      } else if (by_level->members().empty()) {
        error(*by_level, "no levels");
        ok = false;
      }
      for (const auto& [level, rate_value] : by_level->members()) {
        ConversionRate rate;
        rate.level = level;
        if (read_rate(rate_value, rate))
          conversion.rates.push_back(rate);
        else
          ok = false;
      }
    } else {
      error(entry, "a conversion needs \"hours\" (a rate) or \"rates\" (a rate per level)");
      ok = false;
    }
    if (auto item_cap = members->get("item_cap")) {
      if (auto cap = hours(*item_cap))
        conversion.item_cap = *cap;
      else
        ok = false;
    }
    if (auto caps = members->get("cap")) ok = read_period_caps(*caps, conversion.caps) && ok;
    if (auto applies_to = members->get("applies_to"))
      ok = read_selector(*applies_to, conversion.applies_to) && ok;
    if (ok) policy_.conversions.push_back(std::move(conversion));
  }
}

bool PolicyReader::read_rate(const JsonValue& value, ConversionRate& rate) {
  if (value.kind() == detail::JsonKind::number) {
    auto fixed = hours(value);
    if (!fixed) return false;
    rate.min = rate.max = *fixed;
    return true;
  }
  const auto range = object(value, {"min", "max"});
  if (!range) return false;
  const auto min_value = required(*range, value, "min");
  const auto max_value = required(*range, value, "max");
  const auto min = min_value ? hours(*min_value) : std::nullopt;
  const auto max = max_value ? hours(*max_value) : std::nullopt;
  if (!min || !max) return false;
  if (*max < *min) {
    error(*max_value, "max " + to_string(*max) + " is below min " + to_string(*min));
    return false;
  }
  rate.min = *min;
  rate.max = *max;
  return true;
}

bool PolicyReader::read_period_caps(const JsonValue& value, std::vector<PeriodCap>& caps) {
  // One cap as an object, or several as an array of them.
  std::vector<JsonValue> entries;
  if (value.kind() == detail::JsonKind::array)
    entries = value.elements();
  else
    entries.push_back(value);
  bool ok = true;
  for (const auto& entry : entries) {
    const auto fields = object(entry, {"per", "hours"});
    if (!fields) {
      ok = false;
      continue;
    }
    const auto per_value = required(*fields, entry, "per");
    const auto hours_value = required(*fields, entry, "hours");
    const auto per = per_value ? period(*per_value, cap_periods) : std::nullopt;
    const auto limit = hours_value ? hours(*hours_value) : std::nullopt;
    if (!per || !limit) {
      ok = false;
      continue;
    }
    caps.push_back({*per, *limit});
  }
  return ok;
}

void PolicyReader::read_gates(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members =
        object(entry, {"id", "label", "source", "kind", "categories", "min_percent", "at_least",
                       "more_than", "passing", "activity", "min", "per"});
    if (!members) continue;
    Gate gate;
    gate.position = position(entry);
    bool ok = true;
    if (auto id = identifier(*members, entry); id && ids.insert(*id).second) {
      gate.id = *id;
    } else {
      if (id) error(*members->get("id"), "duplicate gate id " + in_quotes(*id));
      ok = false;
    }
    if (auto label = optional_string(*members, "label")) gate.label = *label;
    if (auto source = read_source(*members)) gate.source = *source;
    gate.categories = all_categories();
    if (auto categories_value = members->get("categories")) {
      if (auto mask = categories(*categories_value))
        gate.categories = *mask;
      else
        ok = false;
    }
    const auto kind = read_gate_kind(*members, entry);
    if (!kind) continue;
    gate.kind = *kind;
    ok = read_gate_terms(*members, entry, gate) && ok;
    if (ok) policy_.gates.push_back(std::move(gate));
  }
}

std::optional<GateKind> PolicyReader::read_gate_kind(const Members& members,
                                                     const JsonValue& entry) {
  const auto kind_value = required(members, entry, "kind");
  const auto kind_text = kind_value ? string_value(*kind_value) : std::nullopt;
  const std::vector<std::string_view> kinds = {"attendance", "assessment", "certificate",
                                               "evidence"};
  const auto found = kind_text ? std::find(kinds.begin(), kinds.end(), *kind_text) : kinds.end();
  if (found != kinds.end()) return static_cast<GateKind>(found - kinds.begin());
  if (kind_text) {
    const auto close = closest_match(*kind_text, kinds);
    error(*kind_value,
          "unknown gate kind " + in_quotes(*kind_text) +
              (close.empty()
                   ? "; expected \"attendance\", \"assessment\", \"certificate\" or \"evidence\""
                   : "; did you mean " + in_quotes(close) + "?"));
  }
  return std::nullopt;
}

// Each kind reads its own keys and refuses the others'.
bool PolicyReader::read_gate_terms(const Members& members, const JsonValue& entry, Gate& gate) {
  bool ok = true;
  const std::vector<std::string_view> own =
      gate.kind == GateKind::attendance
          ? std::vector<std::string_view>{"min_percent", "at_least", "more_than"}
      : gate.kind == GateKind::assessment ? std::vector<std::string_view>{"passing"}
      : gate.kind == GateKind::evidence   ? std::vector<std::string_view>{"activity", "min", "per"}
                                          : std::vector<std::string_view>{};
  for (std::string_view key :
       {"min_percent", "at_least", "more_than", "passing", "activity", "min", "per"}) {
    const auto misplaced = members.get(key);
    if (misplaced && std::find(own.begin(), own.end(), key) == own.end()) {
      error(*misplaced,
            "a gate of kind " + in_quotes(to_string(gate.kind)) + " has no " + in_quotes(key));
      ok = false;
    }
  }
  switch (gate.kind) {
    case GateKind::attendance:
      return read_attendance(members, entry, gate) && ok;
    case GateKind::assessment: {
      const auto passing = required(members, entry, "passing");
      if (!passing) return false;
      auto list = strings(*passing);
      if (list && list->empty()) error(*passing, "no result would pass");
      if (!list || list->empty()) return false;
      gate.passing = *list;
      return ok;
    }
    case GateKind::certificate:
      return ok;
    case GateKind::evidence: {
      const auto activity = required_string(members, entry, "activity");
      const auto min_value = required(members, entry, "min");
      const auto per_value = required(members, entry, "per");
      const auto min = min_value ? count(*min_value) : std::nullopt;
      const auto per = per_value
                           ? period(*per_value, {PeriodKind::semester, PeriodKind::academic_year,
                                                 PeriodKind::cycle, PeriodKind::week})
                           : std::nullopt;
      if (!activity || !min || !per) return false;
      gate.activity = *activity;
      gate.min_count = *min;
      gate.per = *per;
      return ok;
    }
  }
  return ok;
}

// One threshold: "min_percent" (whole percent, at least), "at_least" or "more_than" (fractions).
bool PolicyReader::read_attendance(const Members& members, const JsonValue& entry, Gate& gate) {
  const auto percent_value = members.get("min_percent");
  const auto at_least = members.get("at_least");
  const auto more_than = members.get("more_than");
  const int given = (percent_value ? 1 : 0) + (at_least ? 1 : 0) + (more_than ? 1 : 0);
  if (given != 1) {
    error(given ? *(more_than ? more_than : at_least) : entry,
          "an attendance gate needs one of \"min_percent\", \"at_least\" or \"more_than\"");
    return false;
  }
  if (percent_value) {
    const auto percent = integer(*percent_value, 1, 100);
    if (!percent) return false;
    gate.min_percent = static_cast<int>(*percent);
    gate.attended = {*percent, 100};
    return true;
  }
  const JsonValue& value = at_least ? *at_least : *more_than;
  const auto share = fraction(value, more_than.has_value());
  if (!share) return false;
  if (share->num > share->den || (more_than && share->num == share->den)) {
    error(value, to_string(*share) + " of the hours can never be attended");
    return false;
  }
  gate.attended = *share;
  gate.strict = more_than.has_value();
  return true;
}

void PolicyReader::read_category_caps(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "categories", "per", "max"});
    if (!members) continue;
    CategoryCap cap;
    cap.position = position(entry);
    bool ok = true;
    if (auto id = identifier(*members, entry); id && ids.insert(*id).second) {
      cap.id = *id;
    } else {
      if (id) error(*members->get("id"), "duplicate cap id " + in_quotes(*id));
      ok = false;
    }
    if (auto label = optional_string(*members, "label")) cap.label = *label;
    const auto categories_value = required(*members, entry, "categories");
    const auto per_value = required(*members, entry, "per");
    const auto max_value = required(*members, entry, "max");
    const auto mask = categories_value ? categories(*categories_value) : std::nullopt;
    const auto per = per_value ? period(*per_value, cap_periods) : std::nullopt;
    const auto max = max_value ? hours(*max_value) : std::nullopt;
    if (ok && mask && per && max) {
      cap.categories = *mask;
      cap.per = *per;
      cap.max = *max;
      policy_.category_caps.push_back(std::move(cap));
    }
  }
}

void PolicyReader::read_credit_bank(const JsonValue& value) {
  const auto members = object(value, {"offsets", "exemptible", "split", "source"});
  if (!members) return;
  read_source(*members);  // kept only as a county's choice, if one
  CreditBank& bank = policy_.credit_bank;
  if (auto offsets = members->get("offsets")) {
    for (const auto& entry : array(*offsets).value_or(std::vector<JsonValue>{})) {
      const auto fields = object(entry, {"from", "to"});
      if (!fields) continue;
      const auto from_value = required(*fields, entry, "from");
      const auto to_value = required(*fields, entry, "to");
      const auto from = from_value ? category(*from_value) : std::nullopt;
      const auto to = to_value ? category(*to_value) : std::nullopt;
      if (from && to && *from == *to) {
        error(*to_value, "a category offsets another, not itself");
        continue;
      }
      if (from && to) bank.offsets.push_back({*from, *to});
    }
  }
  if (auto exemptible = members->get("exemptible")) {
    if (auto mask = categories(*exemptible)) bank.exemptible = *mask;
  }
  if (auto split = members->get("split")) {
    if (auto flag = boolean(*split)) bank.split = *flag;
  }
}

void PolicyReader::read_certification(const JsonValue& value) {
  const auto members = object(value, {"credited"});
  if (!members) return;
  const auto credited = required(*members, value, "credited");
  if (!credited) return;
  auto names = strings(*credited);
  if (!names) return;
  const auto elements = credited->elements();
  std::vector<RecordStatus> statuses;
  for (std::size_t i = 0; i < names->size(); ++i) {
    const auto status = parse_record_status((*names)[i]);
    if (!status || *status == RecordStatus::rejected) {
      error(elements[i],
            in_quotes((*names)[i]) +
                " cannot be credited; expected \"certified\", \"group_certified\" or \"pending\"");
      return;
    }
    statuses.push_back(*status);
  }
  if (statuses.empty()) {
    error(*credited, "no status would be credited");
    return;
  }
  policy_.certification.credited = statuses;
}

}  // namespace yanxiu::detail
