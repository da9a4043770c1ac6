// Declared teacher attributes, and the selectors (`applies_to`, `when`) that read them.

#include <algorithm>
#include <set>

#include "policy/policy_reader.hpp"

namespace yanxiu::detail {

namespace {

// Attributes every ledger has, whatever the policy declares.
const std::vector<std::pair<std::string_view, AttributeType>> built_in_attributes = {
    {"id", AttributeType::text},
    {"age", AttributeType::number},
    {"birth_date", AttributeType::date},
    {"join_date", AttributeType::date},
    {"leave_date", AttributeType::date}};

}  // namespace

void PolicyReader::read_attributes(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "type", "values"});
    if (!members) continue;
    AttributeSpec spec;
    spec.position = position(entry);
    auto id = identifier(*members, entry);
    if (!id) continue;
    const bool built_in = std::any_of(built_in_attributes.begin(), built_in_attributes.end(),
                                      [&](const auto& a) { return a.first == *id; });
    if (built_in || !ids.insert(*id).second) {
      error(*members->get("id"), built_in ? in_quotes(*id) + " is built in; it need not be declared"
                                          : "duplicate attribute " + in_quotes(*id));
      continue;
    }
    spec.id = *id;
    if (auto label = optional_string(*members, "label")) spec.label = *label;
    if (auto type = members->get("type")) {
      const auto text = string_value(*type);
      const std::vector<std::string_view> types = {"text", "number", "date", "list"};
      const auto found = text ? std::find(types.begin(), types.end(), *text) : types.end();
      if (found == types.end()) {
        if (text)
          error(*type, "unknown type " + in_quotes(*text) +
                           "; expected \"text\", \"number\", \"date\" or \"list\"");
        continue;
      }
      spec.type = static_cast<AttributeType>(found - types.begin());
    } else if (spec.id == "roles" || spec.id == "flags") {
      spec.type = AttributeType::list;
    }
    if (auto values = members->get("values")) {
      auto list = strings(*values);
      if (!list) continue;
      spec.values = *list;
    }
    policy_.attributes.push_back(std::move(spec));
  }
}

bool PolicyReader::read_selector(const JsonValue& value, Selector& selector) {
  selector.nodes.clear();
  selector.nodes.emplace_back();
  return read_condition(value, selector, 0);
}

namespace {

int new_node(Selector& selector) {
  selector.nodes.push_back(SelectorNode{});
  return static_cast<int>(selector.nodes.size() - 1);
}

}  // namespace

// An object: every key is a condition, all of which must hold.
bool PolicyReader::read_condition(const JsonValue& value, Selector& selector, int node) {
  if (!expect(value, JsonKind::object)) return false;
  const auto members = value.members();
  if (members.empty()) {
    error(value, "an empty condition; omit it to apply to every teacher");
    return false;
  }
  if (members.size() == 1)
    return read_term(members.front().first, members.front().second, selector, node);
  selector.nodes[static_cast<std::size_t>(node)].op = SelectorOp::all;
  bool ok = true;
  for (const auto& [key, member] : members) {
    const int child = new_node(selector);
    selector.nodes[static_cast<std::size_t>(node)].children.push_back(child);
    ok = read_term(key, member, selector, child) && ok;
  }
  return ok;
}

bool PolicyReader::read_term(const std::string& key, const JsonValue& value, Selector& selector,
                             int node) {
  auto at = [&](int index) -> SelectorNode& {
    return selector.nodes[static_cast<std::size_t>(index)];
  };
  if (key == "all" || key == "any") {
    at(node).op = key == "all" ? SelectorOp::all : SelectorOp::any;
    auto entries = array(value);
    if (!entries) return false;
    if (entries->empty()) {
      error(value, "\"" + key + "\" needs at least one condition");
      return false;
    }
    bool ok = true;
    for (const auto& entry : *entries) {
      const int child = new_node(selector);
      at(node).children.push_back(child);
      ok = read_condition(entry, selector, child) && ok;
    }
    return ok;
  }
  if (key == "not") {
    at(node).op = SelectorOp::not_;
    const int child = new_node(selector);
    at(node).children.push_back(child);
    return read_condition(value, selector, child);
  }
  // An attribute. "role" and "flag" read as membership in the roles and flags lists.
  std::string attribute = key;
  if (attribute == "role" || attribute == "flag") attribute += 's';
  const auto declared = std::find_if(policy_.attributes.begin(), policy_.attributes.end(),
                                     [&](const AttributeSpec& a) { return a.id == attribute; });
  const bool list = declared != policy_.attributes.end()
                        ? declared->type == AttributeType::list
                        : attribute == "roles" || attribute == "flags";
  if (value.kind() == JsonKind::object) {
    const auto ops = value.members();
    if (ops.empty()) {
      error(value, "an empty comparison; write {\"eq\": value}, {\"in\": [...]}, ...");
      return false;
    }
    if (ops.size() == 1)
      return read_comparison(attribute, ops.front().first, ops.front().second, selector, node);
    at(node).op = SelectorOp::all;
    bool ok = true;
    for (const auto& [op, operand] : ops) {
      const int child = new_node(selector);
      at(node).children.push_back(child);
      ok = read_comparison(attribute, op, operand, selector, child) && ok;
    }
    return ok;
  }
  if (value.kind() == JsonKind::array)
    return read_comparison(attribute, list ? "has" : "in", value, selector, node);
  return read_comparison(attribute, list ? "has" : "eq", value, selector, node);
}

bool PolicyReader::read_comparison(const std::string& attribute, const std::string& op_name,
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
    error(operand, "unknown comparison " + in_quotes(op_name) +
                       (close.empty() ? "; expected one of \"eq\", \"ne\", \"lt\", \"le\", \"gt\", "
                                        "\"ge\", \"in\", \"has\""
                                      : "; did you mean " + in_quotes(close) + "?"));
    return false;
  }
  SelectorNode& target = selector.nodes[static_cast<std::size_t>(node)];
  target.op = found->second;
  target.attribute = attribute;
  // "in" and "has" take a list (has: any of it); the others one value.
  const bool takes_list = target.op == SelectorOp::in || target.op == SelectorOp::has;
  std::vector<JsonValue> values;
  if (operand.kind() == JsonKind::array && takes_list) {
    values = operand.elements();
  } else if (operand.kind() != JsonKind::array) {
    values.push_back(operand);
  } else {
    error(operand, in_quotes(op_name) + " compares with one value, not a list");
    return false;
  }
  if (values.empty()) {
    error(operand, "an empty list matches no teacher");
    return false;
  }
  bool ok = true;
  std::vector<SelectorValue> parsed_values;
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
      error(entry, "expected a string or a number, found " + std::string(describe(entry.kind())));
      ok = false;
      continue;
    }
    parsed.text = entry.text();
    parsed_values.push_back(std::move(parsed));
  }
  if (!ok) return false;
  if (!check_attribute(attribute, target.op, operand, parsed_values)) return false;
  selector.nodes[static_cast<std::size_t>(node)].values = std::move(parsed_values);
  return true;
}

// When the policy declares its attributes, a selector may use only those and the built-in
// ones, the way each type allows, and only with declared values.
bool PolicyReader::check_attribute(const std::string& attribute, SelectorOp op, const JsonValue& at,
                                   const std::vector<SelectorValue>& values) {
  if (policy_.attributes.empty()) return true;
  AttributeType type = AttributeType::text;
  const std::vector<std::string>* allowed = nullptr;
  const auto built_in = std::find_if(built_in_attributes.begin(), built_in_attributes.end(),
                                     [&](const auto& a) { return a.first == attribute; });
  const auto declared = std::find_if(policy_.attributes.begin(), policy_.attributes.end(),
                                     [&](const AttributeSpec& a) { return a.id == attribute; });
  if (built_in != built_in_attributes.end()) {
    type = built_in->second;
  } else if (declared != policy_.attributes.end()) {
    type = declared->type;
    if (!declared->values.empty()) allowed = &declared->values;
  } else {
    std::vector<std::string_view> known;
    for (const auto& a : built_in_attributes)
      known.push_back(a.first);
    for (const auto& a : policy_.attributes)
      known.push_back(a.id);
    const auto close = closest_match(attribute, known);
    error(at, "unknown attribute " + in_quotes(attribute) +
                  (close.empty() ? "; the policy declares its attributes in \"attributes\""
                                 : "; did you mean " + in_quotes(close) + "?"));
    return false;
  }
  if ((op == SelectorOp::has) != (type == AttributeType::list)) {
    error(at, op == SelectorOp::has
                  ? in_quotes(attribute) + " is not a list; compare it with \"eq\" or \"in\""
                  : in_quotes(attribute) + " is a list; ask whether it \"has\" a value");
    return false;
  }
  const bool ordered =
      op == SelectorOp::lt || op == SelectorOp::le || op == SelectorOp::gt || op == SelectorOp::ge;
  for (const auto& value : values) {
    if (type == AttributeType::number && !value.hundredths) {
      error(at, in_quotes(attribute) + " is a number; compare it with a number");
      return false;
    }
    if (type == AttributeType::date && !parse_day(value.text)) {
      error(at, in_quotes(value.text) + " is not a date (YYYY-MM-DD) to compare " +
                    in_quotes(attribute) + " with");
      return false;
    }
    if (allowed && !ordered &&
        std::find(allowed->begin(), allowed->end(), value.text) == allowed->end()) {
      std::vector<std::string_view> known(allowed->begin(), allowed->end());
      const auto close = closest_match(value.text, known);
      error(at, in_quotes(value.text) + " is not a declared value of " + in_quotes(attribute) +
                    (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
      return false;
    }
  }
  return true;
}

}  // namespace yanxiu::detail
