#pragma once

// Reads a yanxiu-policy/1 document into PolicyData, checking every key, type and reference and
// reporting each problem at its line and JSON path. Loading never evaluates anything.
//
// One class, its sections in several files: policy_loader.cpp (the document, calendar,
// categories), rule_reader.cpp (rules, parts, exemptions), credit_reader.cpp (conversions,
// gates, caps, the credit bank, certification), selector_reader.cpp (attributes, selectors),
// rubric_reader.cpp (rubrics), tier_reader.cpp (tiers), group_reader.cpp (group kinds).

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/policy.hpp>

#include "policy/json_reader.hpp"
#include "policy/policy_data.hpp"

namespace yanxiu::detail {

/// One policy per group kind, of its rules alone (SubjectRules::group_policies); once the
/// policy's digest is known.
void make_group_policies(PolicyData& policy);

class PolicyReader : public JsonReader {
 public:
  /// `limits`: the bounds on rules and on the verdicts they make per teacher.
  PolicyReader(std::string file_name, Diagnostics& diagnostics, PolicyData& policy,
               const InputLimits& limits = {})
      : JsonReader(std::move(file_name), diagnostics),
        policy_(policy),
        max_rules_(limits.rules),
        max_verdicts_(limits.verdicts_per_teacher) {}

  void read(const JsonValue& root);

 private:
  // policy_loader.cpp
  void read_format(const Members& top, const JsonValue& root);
  void read_calendar(const JsonValue& value);
  std::vector<PhaseSpec> read_phases(const JsonValue& value, bool& complete);
  void read_categories(const JsonValue& value);
  /// A `source`: a string, or {"section", "choice", "note"}; a county's choice is kept in
  /// county_choices and its text says so.
  std::optional<std::string> read_source(const Members& members);

  // rule_reader.cpp
  void read_rules(const JsonValue& value);
  std::optional<Rule> read_rule(const JsonValue& entry);
  bool read_rule_kind(const Members& members, Rule& rule);
  bool check_kind_keys(const Members& members, RuleKind kind);
  bool read_rule_amount(const Members& members, const JsonValue& entry, Rule& rule);
  bool read_moves(const Members& members, Rule& rule, bool ok);
  bool read_parts(const JsonValue& value, Rule& rule);
  bool read_rule_phases(const JsonValue& value, Rule& rule);
  bool read_due(const JsonValue& value, Rule& rule, bool ok);
  // unit_reader.cpp: a window from a teacher's date.
  bool read_window(const JsonValue& value, Rule& rule);
  void read_exemptions(const JsonValue& value);

  // decision_reader.cpp: named decisions, and the references to rules they share with exemptions.
  void read_decisions(const JsonValue& value);
  /// "RULE" or "RULE/PART" naming a rule of the policy (and a part of it), or an error at
  /// `at` with a "did you mean".
  std::optional<RuleReference> rule_reference(const JsonValue& at, const std::string& name);
  // subject_reader.cpp: `subjects` and the rules that name one (subject_rules.hpp).
  void read_subjects(const JsonValue& value);
  /// The subject a rule entry names when it is not a teacher.
  std::optional<std::string> rule_subject(const JsonValue& entry);
  void read_subject_rule(const JsonValue& entry, const std::string& subject);
  void read_share_rule(const JsonValue& entry);
  /// Once the rules are read: a subject rule's id taken by a teacher rule, a subject no rule names.
  void finish_subjects();

  // policy_checks.cpp: what can be known of the whole policy once it is read.
  void check_feasibility();
  /// Quotas no teacher could meet (a cap below a minimum, more hours than the calendar holds).
  void check_quotas();
  /// Tier ladders: a tier asking for less than the one below it (a warning), an hours criterion
  /// the calendar cannot hold (an error).
  void check_ladders();

  // credit_reader.cpp
  void read_conversions(const JsonValue& value);
  bool read_rate(const JsonValue& value, ConversionRate& rate);
  bool read_period_caps(const JsonValue& value, std::vector<PeriodCap>& caps);
  void read_gates(const JsonValue& value);
  std::optional<GateKind> read_gate_kind(const Members& members, const JsonValue& entry);
  bool read_gate_terms(const Members& members, const JsonValue& entry, Gate& gate);
  bool read_attendance(const Members& members, const JsonValue& entry, Gate& gate);
  void read_category_caps(const JsonValue& value);
  void read_credit_bank(const JsonValue& value);
  void read_certification(const JsonValue& value);

  // unit_reader.cpp
  void read_unit(const JsonValue& value);
  /// A category's "rate" and "item_max"; false when one is wrong.
  bool read_category_terms(const Members& members, const JsonValue& entry, Category& category);
  /// The common denominator of the rates, once every category is read.
  void finish_unit(const JsonValue& at);
  /// Tier hours criteria add per-semester amounts: not of credits rounded per period.
  void check_unit_ladders();
  /// "1/8", "4/5" or a whole number, exact; 0 only when `allow_zero`.
  std::optional<Fraction> fraction(const JsonValue& value, bool allow_zero);

  // selector_reader.cpp
  void read_attributes(const JsonValue& value);
  bool read_selector(const JsonValue& value, Selector& selector);
  bool read_condition(const JsonValue& value, Selector& selector, int node);
  bool read_term(const std::string& key, const JsonValue& value, Selector& selector, int node);
  bool read_comparison(const std::string& attribute, const std::string& op_name,
                       const JsonValue& operand, Selector& selector, int node);
  bool check_attribute(const std::string& attribute, SelectorOp op, const JsonValue& at,
                       const std::vector<SelectorValue>& values);

  // rubric_reader.cpp
  void read_rubrics(const JsonValue& value);
  std::optional<Rubric> read_rubric(const JsonValue& entry);
  /// An entry of a list of {"id", "label", KEY: amount}: a level, a group, an evaluator, a band.
  struct NamedAmount {
    std::string id;
    std::string label;
    Hundredths amount = 0;
    SourcePosition position;
  };
  /// Such a list, ids unique, amounts from `low` to `high`; nothing when an entry is wrong.
  /// `what` names an entry in messages; an empty list is an error when `if_empty` says why.
  std::optional<std::vector<NamedAmount>> named_amounts(const JsonValue& value,
                                                        std::string_view what, std::string_view key,
                                                        Hundredths low, Hundredths high,
                                                        std::string_view if_empty = {});
  std::optional<std::vector<RubricLevel>> read_levels(const JsonValue& value);
  bool read_items(const JsonValue& value, Rubric& rubric);
  std::optional<RubricItem> read_item(const JsonValue& entry, const Rubric& rubric);
  bool read_item_id(const Members& members, const JsonValue& entry, RubricItem& item);
  bool read_item_group(const Members& members, const JsonValue& entry, const Rubric& rubric,
                       RubricItem& item);
  bool check_item_kind_keys(const Members& members, ItemKind kind);
  bool read_item_levels(const Members& members, const JsonValue& entry, const Rubric& rubric,
                        RubricItem& item);
  bool read_item_evaluators(const Members& members, const Rubric& rubric, RubricItem& item);
  bool read_metric_scoring(const Members& members, const JsonValue& entry, RubricItem& item);
  bool check_weights(const Members& members, const JsonValue& entry, const Rubric& rubric);
  bool read_vetoes(const JsonValue& value, Rubric& rubric);
  bool read_awards(const JsonValue& value, Rubric& rubric);
  /// An exact decimal amount from `low` to `high` (hundredths), as a JSON number.
  std::optional<Hundredths> amount(const JsonValue& value, Hundredths low, Hundredths high);
  /// A string naming one of `known`; otherwise "unknown WHAT "x"; did you mean "y"?".
  std::optional<int> reference(const JsonValue& value, std::string_view what,
                               const std::vector<std::string_view>& known);

  // group_reader.cpp
  void read_group_kinds(const JsonValue& value);
  bool read_group_units(const JsonValue& value, GroupKind& kind,
                        std::map<std::string, std::string>& group_ids);
  bool read_clusters(const JsonValue& value, const JsonValue& size_value, GroupKind& kind,
                     std::map<std::string, std::string>& group_ids);
  std::optional<std::pair<long, long>> read_cluster_size(const JsonValue& size_value);
  std::optional<std::string> read_cluster_id(const Members& members, const JsonValue& entry,
                                             const std::string& centre, const GroupKind& kind,
                                             std::map<std::string, std::string>& group_ids);
  bool read_cluster_schools(const Members& members, const JsonValue& entry,
                            std::pair<long, long> size_range,
                            std::vector<std::pair<std::string, JsonValue>>& schools);
  // tier_reader.cpp
  void read_tiers(const JsonValue& value);
  std::optional<Ladder> read_ladder(const JsonValue& entry);
  bool read_tier(const JsonValue& tier_entry, Ladder& ladder, std::vector<std::string>& from);
  std::optional<LadderTarget> read_ladder_target(const JsonValue& target_value,
                                                 const Ladder& ladder);
  bool order_tiers(const JsonValue& entry, Ladder& ladder, std::vector<std::string>& from);
  std::optional<std::vector<TierCriterion>> read_criteria(const JsonValue& value);
  std::optional<TierCriterion> read_criterion(const JsonValue& entry);
  bool read_criterion_min(const Members& members, const JsonValue& entry, TierCriterion& criterion);
  bool read_criterion_outcomes(const Members& members, const JsonValue& entry,
                               TierCriterion& criterion);
  bool read_score_source(const Members& members, const JsonValue& entry, TierCriterion& criterion);
  bool read_tier_vetoes(const JsonValue& value, Ladder& ladder);

  // Shared pieces (policy_loader.cpp).
  /// An identifier others refer to: no spaces, no '/', ',' or ';', no '@' at the start.
  std::optional<std::string> identifier(const Members& members, const JsonValue& owner,
                                        std::string_view key = "id");
  /// A list of category ids and "@group" names; nothing when any of them is unknown.
  std::optional<CategoryMask> categories(const JsonValue& value);
  /// One category id.
  std::optional<CategoryIndex> category(const JsonValue& value);
  /// A period name; `allowed` limits it (empty: any).
  std::optional<PeriodKind> period(const JsonValue& value,
                                   std::initializer_list<PeriodKind> allowed = {});
  /// A whole count (lesson observations): a JSON whole number, kept as hundredths.
  std::optional<Hours> count(const JsonValue& value);
  /// A list of non-empty strings.
  std::optional<std::vector<std::string>> strings(const JsonValue& value);
  std::string describe_mask(CategoryMask mask) const;
  CategoryMask all_categories() const;
  static SourcePosition position(const JsonValue& value) { return {value.line(), value.path()}; }

  PolicyData& policy_;
  std::size_t max_rules_;
  std::size_t max_verdicts_;
  std::set<std::string> subject_rule_ids_;
  /// The categories were refused whole (too many): references to them are not errors again.
  bool categories_refused_ = false;
};

}  // namespace yanxiu::detail
