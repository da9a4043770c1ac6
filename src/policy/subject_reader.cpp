// The `subjects` section and the rules that name a subject other than a teacher: groups of
// teachers (by an attribute) and schools (by the figures of schools.csv).

#include <algorithm>
#include <set>

#include <yanxiu/policy.hpp>
#include <yanxiu/subject_rules.hpp>

#include "policy/policy_reader.hpp"
#include "policy/words.hpp"
#include "util/make.hpp"

namespace yanxiu {

std::size_t SubjectRules::group_rule_count() const {
  std::size_t count = 0;
  for (const GroupSubject& group : groups)
    count += group.rules.size();
  return count;
}

const SubjectRules& subject_rules(const Policy& policy) {
  return detail::Make::data(policy).subjects;
}

namespace detail {

void PolicyReader::read_subjects(const JsonValue& value) {
  const auto members = object(value, {"groups", "school"});
  if (!members) return;
  std::set<std::string> ids;
  if (auto groups = members->get("groups")) {
    for (const auto& entry : array(*groups).value_or(std::vector<JsonValue>{})) {
      const auto group = object(entry, {"id", "label", "by"});
      if (!group) continue;
      GroupSubject subject;
      subject.position = position(entry);
      auto id = identifier(*group, entry);
      auto by = required_string(*group, entry, "by");
      if (!id || !by) continue;
      if (*id == "teacher" || *id == "school") {
        error(*group->get("id"), in_quotes(*id) + " is a subject of its own; name the group kind");
        continue;
      }
      if (!ids.insert(*id).second) {
        error(entry, "duplicate group kind " + in_quotes(*id));
        continue;
      }
      // Groups are named by a teachers.csv column the policy declares: a misspelt column would
      // otherwise leave every teacher without a group and every group duty unjudged.
      std::vector<std::string_view> declared;
      for (const AttributeSpec& attribute : policy_.attributes)
        declared.push_back(attribute.id);
      if (std::find(declared.begin(), declared.end(), *by) == declared.end()) {
        const auto close = closest_match(*by, declared);
        error(*group->get("by"),
              "unknown attribute " + in_quotes(*by) +
                  (close.empty() ? "; declare the teachers.csv column in \"attributes\""
                                 : "; did you mean " + in_quotes(close) + "?"));
        continue;
      }
      subject.id = *id;
      subject.by = *by;
      if (auto label = optional_string(*group, "label")) subject.label = *label;
      policy_.subjects.groups.push_back(std::move(subject));
    }
  }
  if (auto school = members->get("school")) {
    const auto school_members = object(*school, {"figures"});
    if (!school_members) return;
    const auto figures = required(*school_members, *school, "figures");
    for (const auto& entry :
         figures ? array(*figures).value_or(std::vector<JsonValue>{}) : std::vector<JsonValue>{}) {
      const auto figure = object(entry, {"id", "label"});
      if (!figure) continue;
      auto id = identifier(*figure, entry);
      if (!id) continue;
      if (*id == "school" || *id == "year" ||
          std::any_of(policy_.subjects.figures.begin(), policy_.subjects.figures.end(),
                      [&](const SchoolFigure& f) { return f.id == *id; })) {
        error(*figure->get("id"), "duplicate school figure " + in_quotes(*id) +
                                      " (\"school\" and \"year\" are schools.csv's own columns)");
        continue;
      }
      SchoolFigure read{*id, optional_string(*figure, "label").value_or(""), position(entry)};
      policy_.subjects.figures.push_back(std::move(read));
    }
  }
}

std::optional<std::string> PolicyReader::rule_subject(const JsonValue& entry) {
  if (entry.kind() != JsonKind::object) return std::nullopt;
  for (const auto& [key, value] : entry.members()) {
    if (key != "subject") continue;
    auto subject = string_value(value);
    if (!subject || *subject == "teacher") return std::nullopt;
    return subject;
  }
  return std::nullopt;
}

void PolicyReader::read_subject_rule(const JsonValue& entry, const std::string& subject) {
  const JsonValue at = *Members(entry.members()).get("subject");
  if (subject == "school") {
    read_share_rule(entry);
    return;
  }
  auto group = std::find_if(policy_.subjects.groups.begin(), policy_.subjects.groups.end(),
                            [&](const GroupSubject& g) { return g.id == subject; });
  if (group == policy_.subjects.groups.end()) {
    std::vector<std::string_view> known{"teacher", "school"};
    for (const GroupSubject& g : policy_.subjects.groups)
      known.push_back(g.id);
    const auto close = closest_match(subject, known);
    error(at, "unknown subject " + in_quotes(subject) +
                  (close.empty() ? "; a group kind is declared in \"subjects\": {\"groups\": ...}"
                                 : "; did you mean " + in_quotes(close) + "?"));
    return;
  }
  auto rule = read_rule(entry);
  if (!rule) return;
  // A group has no birth date, roles or join date: what selects teachers cannot select it.
  for (std::string_view key : {"applies_to", "window"}) {
    if (auto misplaced = Members(entry.members()).get(key)) {
      error(*misplaced, "a group rule has no " + in_quotes(key) + "; its subject is every " +
                            (group->label.empty() ? group->id : group->label));
      return;
    }
  }
  if (subject_rule_ids_.count(rule->id) != 0) {
    error(entry, "duplicate rule id " + in_quotes(rule->id));
    return;
  }
  subject_rule_ids_.insert(rule->id);
  group->rules.push_back(std::move(*rule));
}

void PolicyReader::read_share_rule(const JsonValue& entry) {
  const auto members =
      object(entry, {"id", "label", "source", "subject", "kind", "figure", "of", "min_percent"});
  if (!members) return;
  ShareRule rule;
  rule.position = position(entry);
  auto id = identifier(*members, entry);
  auto kind = required_string(*members, entry, "kind");
  if (kind && *kind != "share") {
    error(*members->get("kind"),
          "a school rule is of kind \"share\" (a figure at least a "
          "percentage of another), not " +
              in_quotes(*kind));
    return;
  }
  std::vector<std::string_view> known;
  for (const SchoolFigure& figure : policy_.subjects.figures)
    known.push_back(figure.id);
  auto figure_value = required(*members, entry, "figure");
  auto of_value = required(*members, entry, "of");
  auto percent_value = required(*members, entry, "min_percent");
  if (known.empty() && (figure_value || of_value)) {
    error(entry,
          "a school rule reads figures of schools.csv; declare them in \"subjects\": "
          "{\"school\": {\"figures\": [...]}}");
    return;
  }
  auto figure = figure_value ? reference(*figure_value, "school figure", known) : std::nullopt;
  auto of = of_value ? reference(*of_value, "school figure", known) : std::nullopt;
  auto percent = percent_value ? amount(*percent_value, 1, 100 * 100) : std::nullopt;
  if (!id || !kind || !figure || !of || !percent) return;
  if (*figure == *of) {
    error(*of_value, "a figure compared with itself is always met");
    return;
  }
  if (subject_rule_ids_.count(*id) != 0) {
    error(entry, "duplicate rule id " + in_quotes(*id));
    return;
  }
  subject_rule_ids_.insert(*id);
  rule.id = *id;
  rule.figure = *figure;
  rule.of = *of;
  rule.min_percent = *percent;
  if (auto label = optional_string(*members, "label")) rule.label = *label;
  if (auto source = read_source(*members)) rule.source = *source;
  policy_.subjects.school_rules.push_back(std::move(rule));
}

void PolicyReader::finish_subjects() {
  for (const Rule& rule : policy_.rules) {
    if (subject_rule_ids_.count(rule.id) != 0)
      error(rule.position, "duplicate rule id " + in_quotes(rule.id) +
                               " (a teacher rule and a group or school rule)");
  }
  for (const GroupSubject& group : policy_.subjects.groups) {
    if (group.rules.empty())
      warning(group.position, "no rule names the subject " + in_quotes(group.id));
  }
}

void make_group_policies(PolicyData& policy) {
  // Each group kind is judged as a policy of its own rules: the calendar, categories and
  // decision record (id, digest) are the policy's; nothing that reads a teacher's attributes
  // comes along.
  for (const GroupSubject& group : policy.subjects.groups) {
    auto data = std::make_shared<PolicyData>();
    data->id = policy.id;
    data->title = policy.title;
    data->source = policy.source;
    data->file_name = policy.file_name;
    data->canonical_json = policy.canonical_json;
    data->digest = policy.digest;
    data->calendar = policy.calendar;
    data->categories = policy.categories;
    data->groups = policy.groups;
    data->unit = policy.unit;
    data->rules = group.rules;
    policy.subjects.group_policies.push_back(
        std::make_shared<const Policy>(Make::from<Policy>(std::move(data))));
  }
}

}  // namespace detail
}  // namespace yanxiu
