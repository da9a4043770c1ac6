// Reads a yanxiu-policy/1 document into PolicyData, checking every key, type and reference and
// reporting each problem at its line and JSON path. Loading never evaluates anything.

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include <yanxiu/policy.hpp>

#include "json_reader.hpp"
#include "policy_data.hpp"

namespace yanxiu {

namespace {

using detail::in_quotes;
using detail::JsonKind;
using detail::JsonReader;
using detail::JsonValue;
using detail::Members;
using detail::one_of;

class PolicyReader : public JsonReader {
 public:
  using JsonReader::JsonReader;

  void read(const JsonValue& root, detail::PolicyData& policy) {
    policy.file_name = file();
    const auto top =
        object(root, {"format", "id", "title", "source", "calendar", "categories", "rules"});
    if (!top) return;
    read_format(*top, root);
    if (auto id = required_string(*top, root, "id")) policy.id = *id;
    if (auto title = optional_string(*top, "title")) policy.title = *title;
    if (auto source = optional_string(*top, "source")) policy.source = *source;

    if (auto calendar = required(*top, root, "calendar")) read_calendar(*calendar, policy);
    if (auto categories = required(*top, root, "categories")) {
      read_categories(*categories, policy);
    }
    if (auto rules = required(*top, root, "rules")) read_rules(*rules, policy);
  }

 private:
  /// An identifier others refer to: no spaces, no '/', no '@' at the start.
  std::optional<std::string> identifier(const Members& members, const JsonValue& owner,
                                        std::string_view key = "id") {
    auto id = required_string(members, owner, key);
    if (!id) return std::nullopt;
    const bool bad = id->front() == '@' || id->find_first_of(" \t\r\n/,;") != std::string::npos;
    if (bad) {
      error(*members.get(key), "id " + in_quotes(*id) +
                                   " may not contain spaces, '/', ',' or ';', nor start with '@'");
      return std::nullopt;
    }
    return id;
  }

  // --- sections ----------------------------------------------------------------------------

  void read_format(const Members& top, const JsonValue& root) {
    auto format = required_string(top, root, "format");
    if (format && *format != policy_format) {
      error(*top.get("format"), "unsupported format " + in_quotes(*format) +
                                    "; this yanxiu reads " + in_quotes(policy_format));
    }
  }

  void read_calendar(const JsonValue& value, detail::PolicyData& policy) {
    const auto calendar = object(value, {"cycle", "semesters", "assign_by"});
    if (!calendar) return;
    CalendarSpec spec;
    bool complete = true;

    if (auto cycle_value = required(*calendar, value, "cycle")) {
      if (auto cycle = object(*cycle_value, {"start", "years"})) {
        auto start = required(*cycle, *cycle_value, "start");
        auto start_text = start ? string_value(*start) : std::nullopt;
        auto date = start_text ? parse_date(*start_text) : std::nullopt;
        if (start_text && !date)
          error(*start, in_quotes(*start_text) + " is not a date (YYYY-MM-DD)");
        if (date) spec.cycle_start = *date;
        auto years_value = required(*cycle, *cycle_value, "years");
        auto years = years_value ? integer(*years_value, 1, 50) : std::nullopt;
        if (years) spec.years = static_cast<int>(*years);
        complete = complete && date && years;
      } else {
        complete = false;
      }
    } else {
      complete = false;
    }

    std::optional<JsonValue> semesters_value = required(*calendar, value, "semesters");
    if (auto semesters = semesters_value ? array(*semesters_value) : std::nullopt) {
      if (semesters->empty()) {
        error(*semesters_value, "a calendar needs at least one semester");
        complete = false;
      }
      std::set<std::string> names;
      for (const auto& entry : *semesters) {
        const auto semester = object(entry, {"name", "start"});
        if (!semester) {
          complete = false;
          continue;
        }
        SemesterSpec spec_entry;
        auto name = required_string(*semester, entry, "name");
        if (name && !names.insert(*name).second) {
          error(*semester->get("name"), "duplicate semester name " + in_quotes(*name));
        }
        if (name && name->find('/') != std::string::npos) {
          error(*semester->get("name"), "a semester name may not contain '/'");
          name.reset();
        }
        auto start = required_string(*semester, entry, "start");
        const bool start_ok = start && parse_month_day(*start, spec_entry);
        if (start && !start_ok) {
          error(*semester->get("start"), in_quotes(*start) + " is not a month-day (MM-DD)");
        }
        if (!name || !start_ok) {
          complete = false;
          continue;
        }
        spec_entry.name = *name;
        spec.semesters.push_back(std::move(spec_entry));
      }
    } else {
      complete = false;
    }

    if (auto assign_by = calendar->get("assign_by")) {
      if (auto text = string_value(*assign_by)) {
        if (*text == "start")
          spec.assign_by = AssignBy::start;
        else if (*text == "end")
          spec.assign_by = AssignBy::end;
        else
          error(*assign_by, "expected \"start\" or \"end\", found " + in_quotes(*text));
      }
    }

    if (!complete) return;
    try {
      policy.calendar.emplace(std::move(spec));
    } catch (const std::invalid_argument& problem) {
      error(value, problem.what());
    }
  }

  static bool parse_month_day(std::string_view text, SemesterSpec& spec) {
    if (text.size() != 5 || text[2] != '-') return false;
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return false;
    spec.month = (text[0] - '0') * 10 + (text[1] - '0');
    spec.day = (text[3] - '0') * 10 + (text[4] - '0');
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return spec.month >= 1 && spec.month <= 12 && spec.day >= 1 && spec.day <= days[spec.month - 1];
  }

  void read_categories(const JsonValue& value, detail::PolicyData& policy) {
    auto entries = array(value);
    if (!entries) return;
    if (entries->empty()) error(value, "a policy needs at least one category");
    if (entries->size() > static_cast<std::size_t>(max_categories)) {
      error(value, "at most " + std::to_string(max_categories) + " categories, found " +
                       std::to_string(entries->size()));
      return;
    }
    for (const auto& entry : *entries) {
      const auto members = object(entry, {"id", "label", "groups"});
      if (!members) continue;
      Category category;
      auto id = identifier(*members, entry);
      if (!id) continue;
      if (std::any_of(policy.categories.begin(), policy.categories.end(),
                      [&](const Category& other) { return other.id == *id; })) {
        error(*members->get("id"), "duplicate category id " + in_quotes(*id));
        continue;
      }
      category.id = *id;
      if (auto label = optional_string(*members, "label")) category.label = *label;
      if (auto groups_value = members->get("groups")) {
        if (auto groups = array(*groups_value)) {
          for (const auto& group : *groups) {
            auto name = string_value(group);
            if (!name) continue;
            if (name->empty() || name->front() == '@') {
              error(group, "a group name is written without '@' here and may not be empty");
              continue;
            }
            category.groups.push_back(*name);
          }
        }
      }
      const auto index = policy.categories.size();
      for (const auto& name : category.groups) {
        auto group = std::find_if(policy.groups.begin(), policy.groups.end(),
                                  [&](const CategoryGroup& g) { return g.id == name; });
        if (group == policy.groups.end())
          group = policy.groups.insert(policy.groups.end(), {name, 0});
        group->members |= CategoryMask{1} << index;
      }
      policy.categories.push_back(std::move(category));
    }
  }

  /// A list of category ids and "@group" names; nothing when any of them is unknown.
  std::optional<CategoryMask> categories(const JsonValue& value, const detail::PolicyData& policy) {
    auto entries = array(value);
    if (!entries) return std::nullopt;
    if (entries->empty()) {
      error(value, "an empty list counts nothing; omit the key to count every category");
      return std::nullopt;
    }
    CategoryMask mask = 0;
    bool ok = true;
    for (const auto& entry : *entries) {
      auto name = string_value(entry);
      if (!name) {
        ok = false;
        continue;
      }
      if (!name->empty() && name->front() == '@') {
        const std::string group_id = name->substr(1);
        auto group = std::find_if(policy.groups.begin(), policy.groups.end(),
                                  [&](const CategoryGroup& g) { return g.id == group_id; });
        if (group != policy.groups.end()) {
          mask |= group->members;
          continue;
        }
        std::vector<std::string_view> known;
        for (const auto& g : policy.groups)
          known.push_back(g.id);
        const auto close = closest_match(group_id, known);
        error(entry,
              "unknown category group " + in_quotes(*name) +
                  (close.empty() ? "; no category lists it in its \"groups\""
                                 : "; did you mean " + in_quotes("@" + std::string(close)) + "?"));
        ok = false;
        continue;
      }
      auto found = std::find_if(policy.categories.begin(), policy.categories.end(),
                                [&](const Category& c) { return c.id == *name; });
      if (found != policy.categories.end()) {
        mask |= CategoryMask{1} << (found - policy.categories.begin());
        continue;
      }
      std::vector<std::string_view> known;
      for (const auto& c : policy.categories)
        known.push_back(c.id);
      const auto close = closest_match(*name, known);
      error(entry, "unknown category " + in_quotes(*name) +
                       (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
      ok = false;
    }
    if (!ok) return std::nullopt;
    return mask;
  }

  void read_rules(const JsonValue& value, detail::PolicyData& policy) {
    auto entries = array(value);
    if (!entries) return;
    if (entries->empty()) warning(value, "the policy has no rules; its audit will be empty");
    if (entries->size() > 32767) {
      error(value, "at most 32767 rules, found " + std::to_string(entries->size()));
      return;
    }
    std::set<std::string> ids;
    for (const auto& entry : *entries) {
      auto rule = read_rule(entry, policy);
      if (!rule) continue;
      if (!ids.insert(rule->id).second) {
        error(entry, "duplicate rule id " + in_quotes(rule->id));
        continue;
      }
      policy.rules.push_back(std::move(*rule));
    }
  }

  std::optional<Rule> read_rule(const JsonValue& entry, const detail::PolicyData& policy) {
    const auto members = object(entry, {"id", "label", "source", "kind", "period", "categories",
                                        "min", "max", "pro_rate", "parts", "applies_to"});
    if (!members) return std::nullopt;
    Rule rule;
    rule.position = {entry.line(), entry.path()};
    bool ok = true;
    if (auto id = identifier(*members, entry))
      rule.id = *id;
    else
      ok = false;
    if (auto label = optional_string(*members, "label")) rule.label = *label;
    if (auto source = optional_string(*members, "source")) rule.source = *source;
    if (auto kind = members->get("kind")) {
      auto text = string_value(*kind);
      if (text && *text != "quota") {
        error(*kind, "unknown rule kind " + in_quotes(*text) + "; expected \"quota\"");
        ok = false;
      }
    }
    if (auto period = required(*members, entry, "period")) {
      auto text = string_value(*period);
      auto kind = text ? parse_period_kind(*text) : std::nullopt;
      if (text && !kind) {
        const auto close = closest_match(*text, {"semester", "academic_year", "cycle", "week"});
        error(*period,
              "unknown period " + in_quotes(*text) +
                  (close.empty() ? "; expected one of " +
                                       one_of({"semester", "academic_year", "cycle", "week"})
                                 : "; did you mean " + in_quotes(close) + "?"));
      }
      if (kind)
        rule.period = *kind;
      else
        ok = false;
    } else {
      ok = false;
    }

    rule.categories = all_categories(policy);
    if (auto value = members->get("categories")) {
      if (auto mask = categories(*value, policy))
        rule.categories = *mask;
      else
        ok = false;
    }

    std::optional<JsonValue> min_value = required(*members, entry, "min");
    if (auto min = min_value ? hours(*min_value) : std::nullopt)
      rule.min = *min;
    else
      ok = false;
    if (auto max_value = members->get("max")) {
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
    if (auto pro_rate = members->get("pro_rate")) {
      if (auto flag = boolean(*pro_rate))
        rule.pro_rate = *flag;
      else
        ok = false;
    }
    if (auto parts = members->get("parts")) {
      ok = read_parts(*parts, policy, rule) && ok;
    }
    if (auto applies_to = members->get("applies_to")) {
      ok = read_selector(*applies_to, rule.applies_to) && ok;
    }
    if (!ok) return std::nullopt;
    return rule;
  }

  static CategoryMask all_categories(const detail::PolicyData& policy) {
    const auto count = policy.categories.size();
    return count >= 64 ? ~CategoryMask{0} : (CategoryMask{1} << count) - 1;
  }

  bool read_parts(const JsonValue& value, const detail::PolicyData& policy, Rule& rule) {
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
      part.position = {entry.line(), entry.path()};
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
        if (auto read = categories(*categories_value, policy)) {
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
        error(*categories_value, "the part counts " + describe_mask(policy, outside) +
                                     ", which the rule itself does not count");
        ok = false;
      }
      part.categories = mask;
      part.min = *min;
      sum += *min;
      rule.parts.push_back(std::move(part));
    }
    if (ok && sum > rule.min) {
      error(value, "the parts' minimums add up to " + to_string(sum) +
                       ", more than the rule's min " + to_string(rule.min));
      ok = false;
    }
    return ok;
  }

  static std::string describe_mask(const detail::PolicyData& policy, CategoryMask mask) {
    std::string text;
    for (std::size_t i = 0; i < policy.categories.size(); ++i) {
      if (!(mask >> i & 1)) continue;
      if (!text.empty()) text += ", ";
      text += in_quotes(policy.categories[i].id);
    }
    return text;
  }

  // --- selectors -------------------------------------------------------------------------

  bool read_selector(const JsonValue& value, Selector& selector) {
    selector.nodes.clear();
    selector.nodes.emplace_back();
    return read_condition(value, selector, 0);
  }

  int new_node(Selector& selector, SelectorOp op) {
    selector.nodes.push_back(SelectorNode{op, {}, {}, {}});
    return static_cast<int>(selector.nodes.size() - 1);
  }

  // An object: every key is a condition, all of which must hold.
  bool read_condition(const JsonValue& value, Selector& selector, int node) {
    if (!expect(value, JsonKind::object)) return false;
    const auto members = value.members();
    if (members.empty()) {
      error(value, "an empty condition; omit \"applies_to\" to apply to every teacher");
      return false;
    }
    if (members.size() == 1)
      return read_term(members.front().first, members.front().second, selector, node);
    selector.nodes[node].op = SelectorOp::all;
    bool ok = true;
    for (const auto& [key, member] : members) {
      const int child = new_node(selector, SelectorOp::always);
      selector.nodes[node].children.push_back(child);
      ok = read_term(key, member, selector, child) && ok;
    }
    return ok;
  }

  bool read_term(const std::string& key, const JsonValue& value, Selector& selector, int node) {
    if (key == "all" || key == "any") {
      selector.nodes[node].op = key == "all" ? SelectorOp::all : SelectorOp::any;
      auto entries = array(value);
      if (!entries) return false;
      if (entries->empty()) {
        error(value, "\"" + key + "\" needs at least one condition");
        return false;
      }
      bool ok = true;
      for (const auto& entry : *entries) {
        const int child = new_node(selector, SelectorOp::always);
        selector.nodes[node].children.push_back(child);
        ok = read_condition(entry, selector, child) && ok;
      }
      return ok;
    }
    if (key == "not") {
      selector.nodes[node].op = SelectorOp::not_;
      const int child = new_node(selector, SelectorOp::always);
      selector.nodes[node].children.push_back(child);
      return read_condition(value, selector, child);
    }
    // An attribute. "role" and "flag" read as membership in the roles and flags lists.
    std::string attribute = key;
    if (attribute == "role" || attribute == "flag") attribute += 's';
    const bool list = attribute == "roles" || attribute == "flags";
    if (value.kind() == JsonKind::object) {
      const auto ops = value.members();
      if (ops.empty()) {
        error(value, "an empty comparison; write {\"eq\": value}, {\"in\": [...]}, ...");
        return false;
      }
      if (ops.size() == 1)
        return read_comparison(attribute, ops.front().first, ops.front().second, selector, node);
      selector.nodes[node].op = SelectorOp::all;
      bool ok = true;
      for (const auto& [op, operand] : ops) {
        const int child = new_node(selector, SelectorOp::always);
        selector.nodes[node].children.push_back(child);
        ok = read_comparison(attribute, op, operand, selector, child) && ok;
      }
      return ok;
    }
    if (value.kind() == JsonKind::array) {
      return read_comparison(attribute, list ? "has" : "in", value, selector, node);
    }
    return read_comparison(attribute, list ? "has" : "eq", value, selector, node);
  }

  bool read_comparison(const std::string& attribute, const std::string& op_name,
                       const JsonValue& operand, Selector& selector, int node) {
    static const std::vector<std::pair<std::string_view, SelectorOp>> ops = {
        {"eq", SelectorOp::eq}, {"ne", SelectorOp::ne},  {"lt", SelectorOp::lt},
        {"le", SelectorOp::le}, {"gt", SelectorOp::gt},  {"ge", SelectorOp::ge},
        {"in", SelectorOp::in}, {"has", SelectorOp::has}};
    auto found =
        std::find_if(ops.begin(), ops.end(), [&](const auto& op) { return op.first == op_name; });
    if (found == ops.end()) {
      std::vector<std::string_view> names;
      for (const auto& op : ops)
        names.push_back(op.first);
      const auto close = closest_match(op_name, names);
      error(operand,
            "unknown comparison " + in_quotes(op_name) +
                (close.empty() ? "; expected one of \"eq\", \"ne\", \"lt\", \"le\", \"gt\", "
                                 "\"ge\", \"in\", \"has\""
                               : "; did you mean " + in_quotes(close) + "?"));
      return false;
    }
    SelectorNode& target = selector.nodes[node];
    target.op = found->second;
    target.attribute = attribute;
    // "in" and "has" take a list (has: any of it); the others one value.
    const bool takes_list = target.op == SelectorOp::in || target.op == SelectorOp::has;
    std::vector<JsonValue> values;
    if (operand.kind() == JsonKind::array && takes_list)
      values = operand.elements();
    else if (operand.kind() != JsonKind::array)
      values.push_back(operand);
    else {
      error(operand, in_quotes(op_name) + " compares with one value, not a list");
      return false;
    }
    if (values.empty()) {
      error(operand, "an empty list matches no teacher");
      return false;
    }
    bool ok = true;
    for (const auto& entry : values) {
      SelectorValue parsed;
      if (entry.kind() == JsonKind::number) {
        auto number = parse_hours(entry.text());
        if (!number) {
          error(entry, entry.text() + " is not a plain decimal with at most two places");
          ok = false;
          continue;
        }
        parsed.hundredths = number->hundredths();
      } else if (entry.kind() != JsonKind::string) {
        error(entry, "expected a string or a number, found " +
                         std::string(detail::describe(entry.kind())));
        ok = false;
        continue;
      }
      parsed.text = entry.text();
      selector.nodes[node].values.push_back(std::move(parsed));
    }
    return ok;
  }
};

Policy parse_named(std::string_view json, std::string name) {
  Diagnostics diagnostics;
  detail::JsonDocument document(json);
  for (const auto& problem : document.problems()) {
    diagnostics.error(name, problem.line, problem.path, problem.message);
  }
  auto data = std::make_shared<detail::PolicyData>();
  if (document.ok()) PolicyReader(name, diagnostics).read(document.root(), *data);
  if (diagnostics.has_errors()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : diagnostics.items()) {
      if (d.severity == Severity::error) errors.push_back(d);
    }
    throw PolicyError(std::move(errors));
  }
  data->warnings = diagnostics.items();
  return Policy(std::move(data));
}

}  // namespace

Policy parse_policy(std::string_view json, std::string_view name) {
  return parse_named(json, std::string(name));
}

Policy load_policy(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw PolicyError({{Severity::error, path.string(), 0, "", "cannot open the policy file"}});
  }
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return parse_named(text, path.string());
}

}  // namespace yanxiu
