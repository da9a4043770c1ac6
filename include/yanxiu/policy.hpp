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
#include <yanxiu/hours.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

/// The policy format this build reads.
inline constexpr std::string_view policy_format = "yanxiu-policy/1";

using CategoryIndex = std::int16_t;
/// A set of categories, one bit per category index; a policy declares at most 64 categories.
using CategoryMask = std::uint64_t;
inline constexpr int max_categories = 64;
inline constexpr CategoryIndex no_category = -1;

/// A kind of training hours: school (学校研修), workshop, online, self-study, holiday...
struct Category {
  std::string id;
  std::string label;                ///< as the document says it, often Chinese; may be empty
  std::vector<std::string> groups;  ///< names usable as "@group" in rules
};

/// A named set of categories ("offline"), declared by the categories that list it.
struct CategoryGroup {
  std::string id;
  CategoryMask members = 0;
};

/// Where a policy element was written, for messages.
struct SourcePosition {
  int line = 0;
  std::string path;  ///< "rules[2]"
};

enum class RuleKind : std::uint8_t { quota };

/// A minimum inside a rule, over some of its categories (S0.4: "school 12 of the 30").
/// Reported on its own audit row as "RULE/PART".
struct QuotaPart {
  std::string id;  ///< the policy's id, or the 1-based index when it gives none
  std::string label;
  CategoryMask categories = 0;
  Hours min;
  SourcePosition position;
};

/// A rule of the policy. A quota owes at least `min` hours of `categories` in every period of
/// its kind; hours above `max` are not credited.
struct Rule {
  std::string id;
  std::string label;
  std::string source;  ///< the section of the source document ("三.1")
  RuleKind kind = RuleKind::quota;
  PeriodKind period = PeriodKind::cycle;
  CategoryMask categories = 0;  ///< all categories unless the rule names some
  Hours min;
  std::optional<Hours> max;
  /// Pro-rate academic-year and cycle minimums by the semesters a teacher served.
  bool pro_rate = true;
  std::vector<QuotaPart> parts;
  Selector applies_to;
  SourcePosition position;
};

namespace detail {
struct PolicyData;
}

/// A loaded, validated policy. Immutable; copies share one instance, and it is safe to use from
/// any number of threads at once.
class Policy {
 public:
  const std::string& id() const;
  const std::string& title() const;
  const std::string& source() const;     ///< the document it encodes
  const std::string& file_name() const;  ///< where it was loaded from, for messages

  const Calendar& calendar() const;
  std::span<const Category> categories() const;
  std::span<const CategoryGroup> category_groups() const;
  std::span<const Rule> rules() const;
  /// Findings that did not stop the load (a category no rule counts, ...).
  std::span<const Diagnostic> warnings() const;

  std::optional<CategoryIndex> find_category(std::string_view id) const;
  CategoryMask all_categories() const;
  /// "school, workshop": category ids of a mask, in declaration order.
  std::string describe(CategoryMask categories) const;
  /// The label of a category, or its id when it has none.
  const std::string& display_name(CategoryIndex category) const;

  explicit Policy(std::shared_ptr<const detail::PolicyData> data) : data_(std::move(data)) {}

 private:
  std::shared_ptr<const detail::PolicyData> data_;
};

/// Loads and validates a policy file. Throws PolicyError listing every problem found, each as
/// `FILE:LINE: error: PATH: what is wrong`.
Policy load_policy(const std::filesystem::path& path);

/// The same from text in memory; `name` stands for the file in messages.
Policy parse_policy(std::string_view json, std::string_view name = "<memory>");

}  // namespace yanxiu
