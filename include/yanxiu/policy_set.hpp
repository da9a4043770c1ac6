#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/calendar.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/limits.hpp>
#include <yanxiu/policy.hpp>

namespace yanxiu {

/// The format of policy set files: successive versions of a county's policy.
inline constexpr std::string_view policy_set_format = "yanxiu-policy-set/1";

/// Which day of a period picks the version that judges it (the set's `in_force_on`).
enum class InForceOn : std::uint8_t {
  period_end,    ///< the day its hours fall due (or the as-of day, if earlier): the default
  period_start,  ///< the day it begins: a period begun under a version finishes under it
};
std::string_view to_string(InForceOn day);

/// One version of the policy and the day it takes effect; it stays in force until the next's.
struct PolicyVersion {
  Policy policy;
  Date effective;
  SourcePosition position;  ///< its entry in the set file
};

namespace detail {
struct PolicySetData;
struct Make;
}  // namespace detail

/// Successive versions of a county's policy with their effective dates, in date order. Immutable
/// and shareable across threads, like a Policy.
class PolicySet {
 public:
  const std::string& id() const;
  const std::string& title() const;
  const std::string& file_name() const;
  /// The SHA-256 of the set's canonical form, which names each version by its policy's digest
  /// (not by its path): the same for the same versions and dates wherever the files lie.
  const std::string& digest() const;
  InForceOn in_force_on() const;
  std::span<const PolicyVersion> versions() const;
  /// Made from a policy file alone (load_policy_or_set): its one version, effective from its
  /// cycle's start, is in force every day, and its audit is written as that policy's own.
  bool is_single_policy() const;
  /// The version in force on `day`: the last one effective on or before it; none before the
  /// first.
  std::optional<std::size_t> in_force(DayNumber day) const;
  /// The version that judges a period of an audit as of `as_of`: the one in force on the day
  /// in_force_on() picks.
  std::optional<std::size_t> judging(const Period& period, std::optional<Date> as_of) const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit PolicySet(std::shared_ptr<const detail::PolicySetData> data) : data_(std::move(data)) {}
  std::shared_ptr<const detail::PolicySetData> data_;
};

/// Loads a policy set and every policy it names (paths relative to the set file). Throws
/// PolicyError listing every problem, each at its line: the set's own, and its policies'.
PolicySet load_policy_set(const std::filesystem::path& path, const InputLimits& limits = {});

/// Loads a policy set or a single policy, reading the file once: a policy is a set of one version
/// (is_single_policy), so a host, the command line and the bindings take either through one
/// path. Throws PolicyError as load_policy_set or load_policy would.
PolicySet load_policy_or_set(const std::filesystem::path& path, const InputLimits& limits = {});

/// Whether the JSON file at `path` declares the policy set format: how the command line tells a
/// set from a policy. False for anything it cannot read (loading it will say why).
bool is_policy_set_file(const std::filesystem::path& path);

}  // namespace yanxiu
