// The document, its calendar and categories, the pieces the other sections share, and the
// entry points load_policy / parse_policy.

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <stdexcept>

#include <yanxiu/policy.hpp>

#include "policy/policy_document.hpp"
#include "policy/policy_reader.hpp"
#include "util/json_source.hpp"
#include "util/make.hpp"
#include "util/sha256.hpp"

namespace yanxiu {

namespace detail {

void PolicyReader::read(const JsonValue& root) {
  policy_.file_name = file();
  const auto top =
      object(root, {"format", "id", "title", "source", "calendar", "categories", "attributes",
                    "rules", "conversions", "gates", "caps", "credit_bank", "certification",
                    "exemptions", "rubrics", "tiers", "groups", "unit", "decisions",
                    "subjects"});
  if (!top) return;
  read_format(*top, root);
  if (auto id = required_string(*top, root, "id")) policy_.id = *id;
  if (auto title = optional_string(*top, "title")) policy_.title = *title;
  if (auto source = read_source(*top)) policy_.source = *source;

  // Later sections refer to earlier ones: categories before everything that counts them,
  // attributes before selectors, rules before the exemptions that waive them. Rubrics refer to
  // nothing else; they come before the rules, which a policy of rubrics alone may leave empty.
  if (auto calendar = required(*top, root, "calendar")) read_calendar(*calendar);
  if (auto unit = top->get("unit")) read_unit(*unit);
  if (auto categories_value = required(*top, root, "categories")) {
    read_categories(*categories_value);
    finish_unit(*categories_value);
  }
  if (auto attributes = top->get("attributes")) read_attributes(*attributes);
  if (auto conversions = top->get("conversions")) read_conversions(*conversions);
  if (auto gates = top->get("gates")) read_gates(*gates);
  if (auto caps = top->get("caps")) read_category_caps(*caps);
  if (auto bank = top->get("credit_bank")) read_credit_bank(*bank);
  if (auto certification = top->get("certification")) read_certification(*certification);
  if (auto rubrics = top->get("rubrics")) read_rubrics(*rubrics);
  // Subjects (groups of teachers, schools) come before the rules that name them.
  if (auto subjects = top->get("subjects")) read_subjects(*subjects);
  if (auto rules = required(*top, root, "rules")) read_rules(*rules);
  finish_subjects();
  if (auto exemptions = top->get("exemptions")) read_exemptions(*exemptions);
  if (auto decisions = top->get("decisions")) read_decisions(*decisions);
  // Group kinds (groups.hpp), not the categories' "groups" of category groups read above.
  if (auto group_kinds = top->get("groups")) read_group_kinds(*group_kinds);
  // Tiers count categories and outcomes, read rubrics and use selectors: they come last.
  if (auto tiers = top->get("tiers")) read_tiers(*tiers);
  check_feasibility();
}

std::optional<std::string> PolicyReader::read_source(const Members& members) {
  const auto value = members.get("source");
  if (!value) return std::nullopt;
  if (value->kind() == JsonKind::string) return string_value(*value);
  const auto source = object(*value, {"section", "choice", "note"});
  if (!source) return std::nullopt;
  const auto section = optional_string(*source, "section");
  const auto choice = required_string(*source, *value, "choice");
  if (!choice) return std::nullopt;
  if (*choice == "document") return section.value_or("");
  if (*choice != "county") {
    error(*source->get("choice"),
          in_quotes(*choice) + " is not a choice; expected " + one_of({"document", "county"}));
    return std::nullopt;
  }
  // A county's choice must say what was chosen: the note is what a reader checks it against.
  const auto note = required_string(*source, *value, "note");
  if (!note) return std::nullopt;
  policy_.county_choices.push_back(
      {section.value_or(""), *note, SourcePosition{value->line(), value->path()}});
  return (section && !section->empty() ? *section + " · " : std::string()) +
         std::string(county_choice_mark) + ": " + *note;
}

void PolicyReader::read_format(const Members& top, const JsonValue& root) {
  auto format = required_string(top, root, "format");
  if (format && *format != policy_format) {
    error(*top.get("format"), "unsupported format " + in_quotes(*format) + "; this yanxiu reads " +
                                  in_quotes(policy_format));
  }
}

namespace {

bool parse_month_day(std::string_view text, SemesterSpec& spec) {
  if (text.size() != 5 || text[2] != '-') return false;
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return false;
  spec.month = (text[0] - '0') * 10 + (text[1] - '0');
  spec.day = (text[3] - '0') * 10 + (text[4] - '0');
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return spec.month >= 1 && spec.month <= 12 && spec.day >= 1 && spec.day <= days[spec.month - 1];
}

}  // namespace

void PolicyReader::read_calendar(const JsonValue& value) {
  const auto calendar = object(value, {"cycle", "semesters", "assign_by", "phases", "source"});
  if (!calendar) return;
  read_source(*calendar);  // a calendar's source is kept only as a county's choice, if one
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
      if (*text == "start") {
        spec.assign_by = AssignBy::start;
      } else if (*text == "end") {
        spec.assign_by = AssignBy::end;
      } else {
        error(*assign_by, "expected \"start\" or \"end\", found " + in_quotes(*text));
      }
    }
  }
  if (auto phases = calendar->get("phases")) spec.phases = read_phases(*phases, complete);

  if (!complete) return;
  try {
    policy_.calendar.emplace(std::move(spec));
  } catch (const std::invalid_argument& problem) {
    error(value, problem.what());
  }
}

std::vector<PhaseSpec> PolicyReader::read_phases(const JsonValue& value, bool& complete) {
  std::vector<PhaseSpec> phases;
  auto entries = array(value);
  if (!entries) {
    complete = false;
    return phases;
  }
  std::set<std::string> ids;
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "start", "end", "forms"});
    if (!members) {
      complete = false;
      continue;
    }
    PhaseSpec phase;
    auto id = identifier(*members, entry);
    if (id && !ids.insert(*id).second) {
      error(*members->get("id"), "duplicate phase id " + in_quotes(*id));
      id.reset();
    }
    if (auto label = optional_string(*members, "label")) phase.label = *label;
    std::optional<DayNumber> days[2];
    const char* const keys[] = {"start", "end"};
    for (int i = 0; i < 2; ++i) {
      auto text = required_string(*members, entry, keys[i]);
      if (text) days[i] = parse_day(*text);
      if (text && !days[i]) {
        error(*members->get(keys[i]), in_quotes(*text) + " is not a date (YYYY-MM-DD)");
      }
    }
    if (days[0] && days[1] && *days[1] < *days[0]) {
      error(*members->get("end"), "the phase ends before it starts");
      days[1].reset();
    }
    if (auto forms = members->get("forms")) {
      if (auto list = strings(*forms)) phase.forms = *list;
    }
    if (!id || !days[0] || !days[1]) {
      complete = false;
      continue;
    }
    phase.id = *id;
    phase.first_day = *days[0];
    phase.last_day = *days[1];
    phases.push_back(std::move(phase));
  }
  return phases;
}

void PolicyReader::read_categories(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return;
  if (entries->empty()) error(value, "a policy needs at least one category");
  if (entries->size() > static_cast<std::size_t>(max_categories)) {
    error(value, "at most " + std::to_string(max_categories) + " categories, found " +
                     std::to_string(entries->size()));
    categories_refused_ = true;
    return;
  }
  for (const auto& entry : *entries) {
    const auto members = object(entry, {"id", "label", "groups", "rate", "item_max"});
    if (!members) continue;
    Category category;
    auto id = identifier(*members, entry);
    if (!id) continue;
    if (std::any_of(policy_.categories.begin(), policy_.categories.end(),
                    [&](const Category& other) { return other.id == *id; })) {
      error(*members->get("id"), "duplicate category id " + in_quotes(*id));
      continue;
    }
    category.id = *id;
    if (auto label = optional_string(*members, "label")) category.label = *label;
    read_category_terms(*members, entry, category);  // its errors fail the load
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
    const auto index = policy_.categories.size();
    for (const auto& name : category.groups) {
      auto group = std::find_if(policy_.groups.begin(), policy_.groups.end(),
                                [&](const CategoryGroup& g) { return g.id == name; });
      if (group == policy_.groups.end())
        group = policy_.groups.insert(policy_.groups.end(), {name, 0});
      group->members |= CategoryMask{1} << index;
    }
    policy_.categories.push_back(std::move(category));
  }
}

// --- shared pieces -----------------------------------------------------------------------

std::optional<std::string> PolicyReader::identifier(const Members& members, const JsonValue& owner,
                                                    std::string_view key) {
  auto id = required_string(members, owner, key);
  if (!id) return std::nullopt;
  if (id->front() == '@' || id->find_first_of(" \t\r\n/,;") != std::string::npos) {
    error(*members.get(key),
          "id " + in_quotes(*id) + " may not contain spaces, '/', ',' or ';', nor start with '@'");
    return std::nullopt;
  }
  return id;
}

std::optional<CategoryMask> PolicyReader::categories(const JsonValue& value) {
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
    if (!name->empty() && name->front() == '@' && categories_refused_) {
      ok = false;
      continue;
    }
    if (!name->empty() && name->front() == '@') {
      const std::string group_id = name->substr(1);
      auto group = std::find_if(policy_.groups.begin(), policy_.groups.end(),
                                [&](const CategoryGroup& g) { return g.id == group_id; });
      if (group != policy_.groups.end()) {
        mask |= group->members;
        continue;
      }
      std::vector<std::string_view> known;
      for (const auto& g : policy_.groups)
        known.push_back(g.id);
      const auto close = closest_match(group_id, known);
      error(entry,
            "unknown category group " + in_quotes(*name) +
                (close.empty() ? "; no category lists it in its \"groups\""
                               : "; did you mean " + in_quotes("@" + std::string(close)) + "?"));
      ok = false;
      continue;
    }
    if (auto index = category(entry)) {
      mask |= CategoryMask{1} << *index;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return mask;
}

std::optional<CategoryIndex> PolicyReader::category(const JsonValue& value) {
  auto name = string_value(value);
  if (!name) return std::nullopt;
  // Once the categories are refused, every reference to one would be a second, false error.
  if (categories_refused_) return std::nullopt;
  for (std::size_t i = 0; i < policy_.categories.size(); ++i) {
    if (policy_.categories[i].id == *name) return static_cast<CategoryIndex>(i);
  }
  std::vector<std::string_view> known;
  for (const auto& c : policy_.categories)
    known.push_back(c.id);
  const auto close = closest_match(*name, known);
  error(value, "unknown category " + in_quotes(*name) +
                   (close.empty() ? "" : "; did you mean " + in_quotes(close) + "?"));
  return std::nullopt;
}

std::optional<PeriodKind> PolicyReader::period(const JsonValue& value,
                                               std::initializer_list<PeriodKind> allowed) {
  auto text = string_value(value);
  if (!text) return std::nullopt;
  std::vector<PeriodKind> kinds(allowed);
  if (kinds.empty()) {
    kinds = {PeriodKind::semester, PeriodKind::academic_year, PeriodKind::cycle,
             PeriodKind::week,     PeriodKind::fortnight,     PeriodKind::phase};
  }
  std::vector<std::string_view> names;
  for (auto kind : kinds)
    names.push_back(to_string(kind));
  const auto kind = parse_period_kind(*text);
  if (kind && std::find(kinds.begin(), kinds.end(), *kind) != kinds.end()) {
    if (*kind == PeriodKind::phase && policy_.calendar &&
        policy_.calendar->periods(PeriodKind::phase).empty()) {
      error(value, "the calendar declares no phases");
      return std::nullopt;
    }
    return kind;
  }
  std::string expected;
  for (auto name : names)
    expected += (expected.empty() ? "" : ", ") + in_quotes(name);
  const auto close = closest_match(*text, names);
  error(value, (kind ? "period " + in_quotes(*text) + " does not apply here"
                     : "unknown period " + in_quotes(*text)) +
                   (close.empty() || kind ? "; expected one of " + expected
                                          : "; did you mean " + in_quotes(close) + "?"));
  return std::nullopt;
}

std::optional<Hours> PolicyReader::count(const JsonValue& value) {
  if (auto whole = integer(value, 0, 100'000'000)) return Hours::whole(*whole);
  return std::nullopt;
}

std::optional<std::vector<std::string>> PolicyReader::strings(const JsonValue& value) {
  auto entries = array(value);
  if (!entries) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& entry : *entries) {
    auto text = string_value(entry);
    if (text && text->empty()) {
      error(entry, "must not be empty");
      text.reset();
    }
    if (text)
      out.push_back(*text);
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string PolicyReader::describe_mask(CategoryMask mask) const {
  std::string text;
  for (std::size_t i = 0; i < policy_.categories.size(); ++i) {
    if (!(mask >> i & 1)) continue;
    if (!text.empty()) text += ", ";
    text += in_quotes(policy_.categories[i].id);
  }
  return text;
}

CategoryMask PolicyReader::all_categories() const {
  const auto count = policy_.categories.size();
  return count >= 64 ? ~CategoryMask{0} : (CategoryMask{1} << count) - 1;
}

}  // namespace detail

Policy detail::read_policy_document(const JsonDocument& document, std::string name,
                                    const InputLimits& limits) {
  Diagnostics diagnostics;
  for (const auto& problem : document.problems()) {
    diagnostics.error(name, problem.line, problem.path, problem.message);
  }
  auto data = std::make_shared<detail::PolicyData>();
  if (document.ok()) {
    detail::PolicyReader(name, diagnostics, *data, limits).read(document.root());
  }
  if (diagnostics.has_errors()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : diagnostics.items()) {
      if (d.severity == Severity::error) errors.push_back(d);
    }
    throw PolicyError(std::move(errors));
  }
  data->warnings = diagnostics.items();
  data->canonical_json = detail::canonical_json(document.root());
  data->digest = detail::sha256_hex(data->canonical_json);
  detail::make_group_policies(*data);
  return detail::Make::from<Policy>(std::move(data));
}

Policy parse_policy(std::string_view json, std::string_view name, const InputLimits& limits) {
  const detail::JsonDocument document(json,
                                      {limits.policy_bytes, limits.json_depth, "policy_bytes"});
  return detail::read_policy_document(document, std::string(name), limits);
}

Policy load_policy(const std::filesystem::path& path, const InputLimits& limits) {
  const auto text = detail::read_bounded(path, limits.policy_bytes);
  if (!text) {
    throw PolicyError({{Severity::error, path.string(), 0, "", "cannot open the policy file"}});
  }
  const detail::JsonDocument document(
      *text, detail::policy_file_limits(path, *text, limits.policy_bytes, limits.json_depth,
                                        "policy_bytes"));
  return detail::read_policy_document(document, path.string(), limits);
}

}  // namespace yanxiu
