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
#include <yanxiu/categories.hpp>
#include <yanxiu/credits.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/limits.hpp>
#include <yanxiu/rules.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

/// The policy format this build reads.
inline constexpr std::string_view policy_format = "yanxiu-policy/1";

/// A teacher attribute the policy declares (top-level `attributes`). When a policy declares
/// any, its selectors may use only those (and the built-in ones), and a selector comparing with
/// a value outside `values` is a load error: a typo in "seniro" is caught at its line.
enum class AttributeType : std::uint8_t { text, number, date, list };
std::string_view to_string(AttributeType type);

struct AttributeSpec {
  std::string id;
  std::string label;
  AttributeType type = AttributeType::text;
  std::vector<std::string> values;  ///< the values it may take; empty: any
  SourcePosition position;
};

/// The words a `source` marked as the county's choice carries wherever it is printed.
inline constexpr std::string_view county_choice_mark = "县定 county's choice";

/// A number the source document does not give, marked in the policy as the county's choice
/// (a `source` written as an object with `"choice": "county"`, docs/policy-format.md). The
/// marked `source` reads "SECTION · 县定 county's choice: NOTE" wherever it is shown.
struct CountyChoice {
  std::string section;      ///< the document's section the rule leans on; may be empty
  std::string note;         ///< what the county chose, in its own words
  SourcePosition position;  ///< where in the policy (line and JSON path of the `source`)
};

namespace detail {
struct PolicyData;
struct Make;
}  // namespace detail

struct Rubric;
struct GroupKind;
struct Ladder;

/// A loaded, validated policy. Immutable; copies share one instance, and it is safe to use from
/// any number of threads at once.
class Policy {
 public:
  const std::string& id() const;
  const std::string& title() const;
  const std::string& source() const;     ///< the document it encodes
  const std::string& file_name() const;  ///< where it was loaded from, for messages
  /// The SHA-256 of the policy's canonical form (64 hex digits): the same for the same content
  /// whatever the file's layout or key order, so an audit can name exactly what it applied.
  const std::string& digest() const;
  /// The policy written back out: its JSON in the canonical form digest() hashes (no whitespace,
  /// keys sorted, trailing fractional zeros dropped). parse_policy of it gives the same policy.
  const std::string& canonical_json() const;

  const Calendar& calendar() const;
  std::span<const Category> categories() const;
  std::span<const CategoryGroup> category_groups() const;
  std::span<const Rule> rules() const;
  std::span<const AttributeSpec> attributes() const;
  std::span<const Conversion> conversions() const;
  std::span<const Gate> gates() const;
  std::span<const CategoryCap> category_caps() const;
  const CreditBank& credit_bank() const;
  const Certification& certification() const;
  /// The unit rules are written in (学时 or 学分) and its rounding.
  const CreditUnit& unit() const;
  std::span<const Exemption> exemptions() const;
  /// The named decisions derived from verdicts (`decisions`), in declaration order.
  std::span<const Decision> decisions() const;
  /// The evaluation rubrics (rubrics.hpp), in declaration order.
  std::span<const Rubric> rubrics() const;
  /// The tier ladders (tiers.hpp), in declaration order.
  std::span<const Ladder> ladders() const;
  /// The numbers marked as the county's choice, in document order.
  std::span<const CountyChoice> county_choices() const;
  /// Findings that did not stop the load (a category no rule counts, ...).
  std::span<const Diagnostic> warnings() const;

  std::optional<CategoryIndex> find_category(std::string_view id) const;
  std::optional<RuleIndex> find_rule(std::string_view id) const;
  /// The conversion of an outcome (records' `outcome` column), if the policy has one.
  const Conversion* find_conversion(std::string_view outcome) const;
  /// The rubric of that id, or nullptr.
  const Rubric* find_rubric(std::string_view id) const;
  /// The group kinds (groups.hpp: workshops, clusters), in declaration order; not the category
  /// groups above.
  std::span<const GroupKind> group_kinds() const;
  /// The group kind of that id, or nullptr.
  const GroupKind* find_group_kind(std::string_view id) const;
  /// The ladder of that id, or nullptr.
  const Ladder* find_ladder(std::string_view id) const;
  CategoryMask all_categories() const;
  /// "school, workshop": category ids of a mask, in declaration order.
  std::string describe(CategoryMask categories) const;
  /// The label of a category, or its id when it has none.
  const std::string& display_name(CategoryIndex category) const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit Policy(std::shared_ptr<const detail::PolicyData> data) : data_(std::move(data)) {}
  std::shared_ptr<const detail::PolicyData> data_;
};

/// Loads and validates a policy file. Throws PolicyError listing every problem found, each as
/// `FILE:LINE: error: PATH: what is wrong`. Of `limits`, the policy's are checked: its size,
/// JSON nesting depth and number of rules.
Policy load_policy(const std::filesystem::path& path, const InputLimits& limits = {});

/// The same from text in memory; `name` stands for the file in messages.
Policy parse_policy(std::string_view json, std::string_view name = "<memory>",
                    const InputLimits& limits = {});

}  // namespace yanxiu
