// Policy sets (yanxiu-policy-set/1): successive versions of a county's policy with effective
// dates. The audit under a set is engine/set_audit.cpp.

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include <yanxiu/policy_set.hpp>
#include <yanxiu/sys/fields.hpp>

#include "policy/json_reader.hpp"
#include "policy/policy_document.hpp"
#include "util/make.hpp"
#include "util/sha256.hpp"

namespace yanxiu {

namespace detail {

struct PolicySetData {
  std::string id, title, file, digest;
  InForceOn in_force_on = InForceOn::period_end;
  std::vector<PolicyVersion> versions;
  std::vector<DayNumber> effective_days;  ///< per version, ascending
  bool single_policy = false;
};

}  // namespace detail

namespace {

using detail::in_quotes;
using detail::JsonKind;
using detail::JsonValue;

// Members in key order, as canonical JSON has them.
std::string canonical_form(const detail::PolicySetData& set) {
  std::string out = "{\"format\":";
  append_json_string(out, policy_set_format);
  out += ",\"id\":";
  append_json_string(out, set.id);
  out += ",\"in_force_on\":";
  append_json_string(out, to_string(set.in_force_on));
  out += ",\"title\":";
  append_json_string(out, set.title);
  out += ",\"versions\":[";
  for (std::size_t v = 0; v < set.versions.size(); ++v) {
    if (v) out.push_back(',');
    out += "{\"effective\":";
    append_json_string(out, to_iso(set.versions[v].effective));
    out += ",\"sha256\":";
    append_json_string(out, set.versions[v].policy.digest());
    out.push_back('}');
  }
  out += "]}";
  return out;
}

// A county has a handful of versions; the bound keeps a set file from asking for thousands of
// audits of the county.
constexpr std::size_t max_versions = 64;

// Reads the versions of a set: each a policy file beside the set and its effective date,
// strictly later than the one before.
void read_versions(detail::JsonReader& reader, const JsonValue& value,
                   const std::filesystem::path& directory, const InputLimits& limits,
                   Diagnostics& diagnostics, detail::PolicySetData& set) {
  const auto entries = reader.array(value);
  if (!entries) return;
  if (entries->empty()) reader.error(value, "a policy set needs at least one version");
  if (entries->size() > max_versions) {
    reader.error(value, "a policy set holds at most " + std::to_string(max_versions) + " versions");
    return;
  }
  std::set<std::string> ids;
  for (const JsonValue& entry : *entries) {
    const auto members = reader.object(entry, {"policy", "effective"});
    if (!members) continue;
    const auto path = reader.required_string(*members, entry, "policy");
    const auto effective_text = reader.required_string(*members, entry, "effective");
    if (!path || !effective_text) continue;
    const auto effective = parse_date(*effective_text);
    if (!effective) {
      reader.error(*members->get("effective"),
                   in_quotes(*effective_text) + " is not a date (YYYY-MM-DD)");
      continue;
    }
    const DayNumber day = to_day_number(*effective);
    if (!set.effective_days.empty() && day <= set.effective_days.back()) {
      reader.error(*members->get("effective"),
                   *effective_text + " is not after the version before it (" +
                       day_to_iso(set.effective_days.back()) +
                       "): versions are listed in the order they take effect");
      continue;
    }
    const auto file = (directory / *path).lexically_normal();
    try {
      Policy policy = load_policy(file, limits);
      if (!ids.insert(policy.id()).second) {
        reader.error(*members->get("policy"),
                     "a second version with the policy id " + in_quotes(policy.id()) +
                         ": each version needs an id of its own, which the audit rows name");
        continue;
      }
      set.versions.push_back({std::move(policy), *effective, {entry.line(), entry.path()}});
      set.effective_days.push_back(day);
    } catch (const PolicyError& error) {
      for (const Diagnostic& d : error.diagnostics())
        diagnostics.add(d);
    }
  }
}

}  // namespace

std::string_view to_string(InForceOn day) {
  return day == InForceOn::period_start ? "period_start" : "period_end";
}

const std::string& PolicySet::id() const {
  return data_->id;
}
const std::string& PolicySet::title() const {
  return data_->title;
}
const std::string& PolicySet::file_name() const {
  return data_->file;
}
const std::string& PolicySet::digest() const {
  return data_->digest;
}
InForceOn PolicySet::in_force_on() const {
  return data_->in_force_on;
}
std::span<const PolicyVersion> PolicySet::versions() const {
  return data_->versions;
}
bool PolicySet::is_single_policy() const {
  return data_->single_policy;
}

std::optional<std::size_t> PolicySet::in_force(DayNumber day) const {
  const auto& days = data_->effective_days;
  const auto after = std::upper_bound(days.begin(), days.end(), day);
  if (after == days.begin()) return std::nullopt;
  return static_cast<std::size_t>(after - days.begin() - 1);
}

std::optional<std::size_t> PolicySet::judging(const Period& period,
                                              std::optional<Date> as_of) const {
  if (data_->in_force_on == InForceOn::period_start) return in_force(period.first_day);
  return in_force(as_of ? std::min(period.last_day, to_day_number(*as_of)) : period.last_day);
}

namespace {

// A policy alone as a set of one version: in force from before any day, since there is no
// other version to defer to; effective, as the set tells its readers, from its cycle's start.
PolicySet single_policy_set(Policy policy, const std::string& name) {
  auto data = std::make_shared<detail::PolicySetData>();
  data->id = policy.id();
  data->title = policy.title();
  data->file = name;
  data->digest = policy.digest();
  data->single_policy = true;
  const Date start = from_day_number(policy.calendar().cycle().first_day);
  data->versions.push_back({std::move(policy), start, {0, ""}});
  data->effective_days.push_back(std::numeric_limits<DayNumber>::min());
  return detail::Make::from<PolicySet>(std::move(data));
}

PolicySet load_set_or_policy(const std::filesystem::path& path, const InputLimits& limits,
                             bool policy_too) {
  const std::string name = path.string();
  const auto text = detail::read_bounded(path, limits.policy_bytes);
  if (!text) {
    throw PolicyError(
        {{Severity::error, name, 0, "",
          policy_too ? "cannot open the policy file" : "cannot open the policy set file"}});
  }
  const detail::JsonDocument document(
      *text, detail::policy_file_limits(path, *text, limits.policy_bytes, limits.json_depth,
                                        "policy_bytes"));
  // Whatever does not declare the set format is a policy, and its reader says what is wrong.
  bool set = false;
  if (document.ok() && document.root().kind() == JsonKind::object) {
    for (const auto& [key, value] : document.root().members())
      if (key == "format")
        set = value.kind() == JsonKind::string && value.text() == policy_set_format;
  }
  if (policy_too && !set)
    return single_policy_set(detail::read_policy_document(document, name, limits), name);

  Diagnostics diagnostics;
  for (const auto& problem : document.problems())
    diagnostics.error(name, problem.line, problem.path, problem.message);
  if (!document.ok()) throw PolicyError(diagnostics.items());

  const JsonValue root = document.root();
  auto data = std::make_shared<detail::PolicySetData>();
  data->file = name;
  detail::JsonReader reader(name, diagnostics);
  // Another format (a policy given as a set, say) is the one thing to say of the file.
  if (root.kind() == JsonKind::object) {
    for (const auto& [key, value] : root.members()) {
      if (key != "format" || value.kind() != JsonKind::string || value.text() == policy_set_format)
        continue;
      reader.error(value, "unsupported format " + in_quotes(value.text()) + "; expected " +
                              in_quotes(policy_set_format));
      throw PolicyError(diagnostics.items());
    }
  }
  if (const auto top = reader.object(root, {"format", "id", "title", "in_force_on", "versions"})) {
    reader.required_string(*top, root, "format");
    data->id = reader.required_string(*top, root, "id").value_or("");
    data->title = reader.optional_string(*top, "title").value_or("");
    if (auto value = top->get("in_force_on")) {
      const auto day = reader.string_value(*value);
      if (day == "period_start") {
        data->in_force_on = InForceOn::period_start;
      } else if (day && *day != "period_end") {
        reader.error(*value, "unknown value " + in_quotes(*day) +
                                 "; expected \"period_end\" or \"period_start\"");
      }
    }
    if (auto versions = reader.required(*top, root, "versions"))
      read_versions(reader, *versions, path.parent_path(), limits, diagnostics, *data);
  }
  if (diagnostics.has_errors()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : diagnostics.items())
      if (d.severity == Severity::error) errors.push_back(d);
    throw PolicyError(std::move(errors));
  }
  data->digest = detail::sha256_hex(canonical_form(*data));
  return detail::Make::from<PolicySet>(std::move(data));
}

}  // namespace

PolicySet load_policy_set(const std::filesystem::path& path, const InputLimits& limits) {
  return load_set_or_policy(path, limits, false);
}

PolicySet load_policy_or_set(const std::filesystem::path& path, const InputLimits& limits) {
  return load_set_or_policy(path, limits, true);
}

bool is_policy_set_file(const std::filesystem::path& path) {
  const InputLimits limits;
  const auto text = detail::read_bounded(path, limits.policy_bytes);
  if (!text) return false;
  const detail::JsonDocument document(*text, {limits.policy_bytes, limits.json_depth, ""});
  if (!document.ok() || document.root().kind() != JsonKind::object) return false;
  for (const auto& [key, value] : document.root().members()) {
    if (key == "format")
      return value.kind() == JsonKind::string && value.text() == policy_set_format;
  }
  return false;
}

}  // namespace yanxiu
