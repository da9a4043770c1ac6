// Group kinds (top-level `groups`): workshops, quality groups, campus areas, school clusters.
// Not the categories' `groups` field, which names category groups (policy_loader.cpp).

#include <algorithm>
#include <map>
#include <set>

#include <yanxiu/group_rules.hpp>

#include "policy/policy_reader.hpp"

namespace yanxiu::detail {

void PolicyReader::read_group_kinds(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  // Group ids are unique across kinds: an assessment names a group by its id alone.
  std::map<std::string, std::string> group_ids;  // id → the kind declaring it
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "source", "eligible", "capacity", "by",
                                        "units", "clusters", "cluster_size"});
    if (!members) continue;
    GroupKind kind;
    kind.position = position(entry);
    bool ok = true;
    auto id = identifier(*members, entry);
    if (id && std::any_of(policy_.group_kinds.begin(), policy_.group_kinds.end(),
                          [&](const GroupKind& other) { return other.id == *id; })) {
      error(*members->get("id"), "duplicate group kind " + in_quotes(*id));
      id.reset();
    }
    if (!id) ok = false;
    if (id) kind.id = *id;
    if (auto label = optional_string(*members, "label")) kind.label = *label;
    if (auto source = read_source(*members)) kind.source = *source;
    if (auto eligible = members->get("eligible")) {
      kind.eligible_position = position(*eligible);
      ok = read_selector(*eligible, kind.eligible) && ok;
    }
    if (auto capacity = members->get("capacity")) {
      const bool negative = capacity->kind() == JsonKind::number && !capacity->text().empty() &&
                            capacity->text().front() == '-';
      if (capacity->kind() == JsonKind::string && capacity->text() == "none") {
      } else if (negative) {
        error(*capacity,
              "a capacity may not be below zero; give the seats of one group, or "
              "\"none\" for no limit");
        ok = false;
      } else if (capacity->kind() == JsonKind::string) {
        error(*capacity,
              "expected a number of seats or \"none\", found " + in_quotes(capacity->text()));
        ok = false;
      } else if (auto seats = integer(*capacity, 0, 100'000'000)) {
        kind.capacity = *seats;
      } else {
        ok = false;
      }
    }
    if (auto by = members->get("by")) {
      if (auto names = strings(*by)) {
        for (const auto& name : *names) {
          if (std::count(names->begin(), names->end(), name) > 1) {
            error(*by, "attribute " + in_quotes(name) + " is listed twice");
            ok = false;
            break;
          }
          ok = check_attribute(name, SelectorOp::eq, *by, {}) && ok;
        }
        kind.by = *names;
      } else {
        ok = false;
      }
    }
    const auto units = members->get("units");
    const auto clusters = members->get("clusters");
    const auto cluster_size = members->get("cluster_size");
    if (units && clusters) {
      error(*clusters, "a kind declares its groups as \"units\" or as \"clusters\", not both");
      ok = false;
    } else if (units) {
      ok = read_group_units(*units, kind, group_ids) && ok;
    } else if (clusters) {
      if (!kind.by.empty()) {
        error(*members->get("by"), "clusters group by school; \"by\" does not apply");
        ok = false;
      }
      if (!cluster_size) {
        error(*clusters, "clusters need \"cluster_size\": {\"min\": ..., \"max\": ...} schools");
        ok = false;
      } else {
        ok = read_clusters(*clusters, *cluster_size, kind, group_ids) && ok;
      }
    }
    if (cluster_size && !clusters) {
      error(*cluster_size, "\"cluster_size\" applies to \"clusters\" only");
      ok = false;
    }
    if (ok) policy_.group_kinds.push_back(std::move(kind));
  }
}

bool PolicyReader::read_group_units(const JsonValue& value, GroupKind& kind,
                                    std::map<std::string, std::string>& group_ids) {
  auto entries = array(value);
  if (!entries) return false;
  bool ok = true;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "for"});
    if (!members) {
      ok = false;
      continue;
    }
    GroupUnit unit;
    unit.position = position(entry);
    auto id = identifier(*members, entry);
    if (id && !group_ids.emplace(*id, kind.id).second) {
      error(*members->get("id"), "duplicate group id " + in_quotes(*id) + " (also in kind " +
                                     in_quotes(group_ids[*id]) + ")");
      id.reset();
    }
    if (!id) {
      ok = false;
      continue;
    }
    unit.id = *id;
    if (auto label = optional_string(*members, "label")) unit.label = *label;
    // `for` gives the unit's value of each `by` attribute: exactly those keys.
    const auto pool = members->get("for");
    if (kind.by.empty()) {
      if (pool) {
        error(*pool, "the kind has no \"by\" attributes for \"for\" to give values of");
        ok = false;
      }
    } else if (!pool) {
      error(entry,
            "missing key \"for\": the group's value of each of the kind's \"by\" "
            "attributes");
      ok = false;
    } else if (expect(*pool, JsonKind::object)) {
      std::map<std::string, std::string> given;
      for (const auto& [key, member] : pool->members()) {
        if (std::find(kind.by.begin(), kind.by.end(), key) == kind.by.end()) {
          std::vector<std::string_view> known(kind.by.begin(), kind.by.end());
          const auto close = closest_match(key, known);
          error(member, "the kind does not group by " + in_quotes(key) +
                            (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
          ok = false;
        } else if (auto text = string_value(member)) {
          ok = check_attribute(key, SelectorOp::eq, member, {{*text, std::nullopt}}) && ok;
          given[key] = *text;
        } else {
          ok = false;
        }
      }
      for (const auto& attribute : kind.by) {
        const auto found = given.find(attribute);
        if (found == given.end()) {
          error(*pool, "missing the group's value of " + in_quotes(attribute));
          ok = false;
        } else {
          unit.pool.push_back(found->second);
        }
      }
    } else {
      ok = false;
    }
    kind.units.push_back(std::move(unit));
  }
  return ok;
}

bool PolicyReader::read_clusters(const JsonValue& value, const JsonValue& size_value,
                                 GroupKind& kind, std::map<std::string, std::string>& group_ids) {
  kind.clustered = true;
  const auto size = read_cluster_size(size_value);
  if (!size) return false;
  auto entries = array(value);
  if (!entries) return false;
  bool ok = true;
  // school → (cluster, line): a school trains in one cluster only (S1.2).
  std::map<std::string, std::pair<std::string, int>> cluster_of;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "centre", "neighbours", "alone"});
    if (!members) {
      ok = false;
      continue;
    }
    GroupUnit unit;
    unit.position = position(entry);
    auto centre = required_string(*members, entry, "centre");
    if (!centre) {
      ok = false;
      continue;
    }
    const auto id = read_cluster_id(*members, entry, *centre, kind, group_ids);
    if (!id) ok = false;
    unit.id = id.value_or("");
    if (auto label = optional_string(*members, "label")) unit.label = *label;

    std::vector<std::pair<std::string, JsonValue>> schools{{*centre, *members->get("centre")}};
    ok = read_cluster_schools(*members, entry, *size, schools) && ok;
    for (const auto& [school, at] : schools) {
      const auto [found, inserted] = cluster_of.emplace(school, std::make_pair(unit.id, at.line()));
      if (!inserted) {
        error(at, "school " + in_quotes(school) + " is already in cluster " +
                      in_quotes(found->second.first) + " (line " +
                      std::to_string(found->second.second) + "); a school trains in one cluster");
        ok = false;
        continue;
      }
      unit.schools.push_back(school);
    }
    kind.units.push_back(std::move(unit));
  }
  return ok;
}

std::optional<std::pair<long, long>> PolicyReader::read_cluster_size(const JsonValue& size_value) {
  auto size = object(size_value, {"min", "max"});
  if (!size) return std::nullopt;
  auto min = required(*size, size_value, "min");
  auto max = required(*size, size_value, "max");
  auto low = min ? integer(*min, 1, 1000) : std::nullopt;
  auto high = max ? integer(*max, 1, 1000) : std::nullopt;
  if (!low || !high) return std::nullopt;
  if (*high < *low) {
    error(*max, "\"max\" is below \"min\"");
    return std::nullopt;
  }
  return std::make_pair(long{*low}, long{*high});
}

// A cluster is known by its centre school unless it says otherwise; its id is new among the
// groups of every kind.
std::optional<std::string> PolicyReader::read_cluster_id(
    const Members& members, const JsonValue& entry, const std::string& centre,
    const GroupKind& kind, std::map<std::string, std::string>& group_ids) {
  std::optional<std::string> id = members.get("id") ? identifier(members, entry) : centre;
  if (id && !members.get("id") && id->find_first_of(" \t\r\n/,;") != std::string::npos) {
    error(*members.get("centre"),
          "a centre named " + in_quotes(*id) + " cannot be a group id; give the cluster an \"id\"");
    id.reset();
  }
  if (id && !group_ids.emplace(*id, kind.id).second) {
    error(*members.get(members.get("id") ? "id" : "centre"),
          "duplicate group id " + in_quotes(*id) + " (also in kind " + in_quotes(group_ids[*id]) +
              ")");
    id.reset();
  }
  return id;
}

// The neighbours after the centre in `schools`, and whether the cluster has an allowed number
// of schools (a centre marked "alone" has none).
bool PolicyReader::read_cluster_schools(const Members& members, const JsonValue& entry,
                                        std::pair<long, long> size_range,
                                        std::vector<std::pair<std::string, JsonValue>>& schools) {
  bool ok = true;
  if (auto neighbours = members.get("neighbours")) {
    if (auto list = array(*neighbours)) {
      for (const auto& school : *list) {
        auto name = string_value(school);
        if (name && name->empty()) error(school, "must not be empty");
        if (name && !name->empty())
          schools.emplace_back(*name, school);
        else
          ok = false;
      }
    } else {
      ok = false;
    }
  }
  bool alone = false;
  if (auto alone_value = members.get("alone")) {
    if (auto flag = boolean(*alone_value)) alone = *flag;
    if (alone && schools.size() > 1) {
      error(*alone_value,
            "\"alone\" marks a centre the document lists without neighbours; "
            "this one has " +
                std::to_string(schools.size() - 1));
      ok = false;
    }
  }
  const auto [min_schools, max_schools] = size_range;
  const auto size = static_cast<long>(schools.size());
  if (!alone && (size < min_schools || size > max_schools)) {
    error(entry,
          "a cluster has " + std::to_string(min_schools) + " to " + std::to_string(max_schools) +
              " schools (the centre and " + std::to_string(min_schools - 1) + " to " +
              std::to_string(max_schools - 1) + " neighbours); this one has " +
              std::to_string(size) +
              (size == 1 ? " (\"alone\": true marks a centre the document lists alone)" : ""));
    ok = false;
  }
  return ok;
}

}  // namespace yanxiu::detail
