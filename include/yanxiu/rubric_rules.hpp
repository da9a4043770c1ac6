#pragma once

// The rubrics a policy declares (`rubrics`): the model the policy loader fills and
// score_rubric() (rubrics.hpp) reads. Amounts are exact hundredths (rubrics.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/categories.hpp>
#include <yanxiu/diagnostics.hpp>

namespace yanxiu {

/// A rubric amount in hundredths: points, percentages, metric values.
using Hundredths = std::int64_t;

/// What a rubric evaluates: a school (S1.7), a teacher (S4.9) or a group's leader (S0.13).
enum class RubricSubject : std::uint8_t { school, teacher, group };
std::string_view to_string(RubricSubject subject);

/// How an item gets its score. Only ever appended to: the C ABI numbers them.
enum class ItemKind : std::uint8_t {
  score,   ///< an evaluator gives points, 0 to the weight
  level,   ///< an evaluator gives a level; the item scores the level's percent of its weight
  metric,  ///< computed from a metric: a share of the weight, or a step by thresholds
};
inline constexpr int item_kind_count = 3;
std::string_view to_string(ItemKind kind);

/// A grade an evaluator may give a level item: A → 100 %, B → 80 %, ...
struct RubricLevel {
  std::string id;
  std::string label;
  Hundredths percent = 0;  ///< of the item's weight
};

/// A step of a metric item: a metric value of at least `min` scores `percent` of the weight.
struct MetricThreshold {
  Hundredths min = 0;
  Hundredths percent = 0;
};

struct RubricItem {
  std::string id;  ///< Pucheng's items keep the document's numbers, "1" to "22"
  std::string label;
  std::string evidence;  ///< how it is checked (督查方式): "查看档案", "局室统计"
  std::string source;
  int group = -1;  ///< index into Rubric::groups; -1 when the rubric has no groups
  Hundredths weight = 0;
  ItemKind kind = ItemKind::score;
  /// A missing score counts as zero instead of leaving the subject incomplete.
  bool missing_as_zero = false;
  /// Level items: the levels it takes (its own, or else the rubric's).
  std::vector<RubricLevel> levels;
  /// Score and level items of a rubric with evaluators: who scores it (indices into
  /// Rubric::evaluators), each with their weight; the scores combine in those proportions.
  std::vector<int> evaluators;
  /// Metric items: the metric read, and either the share metric / of (capped at 1) of the
  /// weight — `of` another metric or a fixed amount — or thresholds, highest `min` first.
  std::string metric;
  std::string of_metric;
  std::optional<Hundredths> of_amount;
  std::vector<MetricThreshold> thresholds;
  SourcePosition position;
};

/// A group of items with its declared subtotal (组织管理 10, 研修计划 10, ...).
struct RubricGroup {
  std::string id;
  std::string label;
  Hundredths subtotal = 0;
  SourcePosition position;
};

/// Who scores (S4.9: self, peer, school) and with what weight relative to the others.
struct Evaluator {
  std::string id;
  std::string label;
  Hundredths weight = 0;
};

/// A grade of the total: the highest band whose `min` the total reaches.
struct Band {
  std::string id;
  std::string label;
  Hundredths min = 0;
};

enum class VetoEffect : std::uint8_t {
  no_award,  ///< the subject keeps its score but takes no award (S4.8: 一票否决 in awards)
  zero,      ///< the total becomes 0 (and no award)
};
std::string_view to_string(VetoEffect effect);

/// A condition that overrides the score: an item given one of some levels, or a flag (a
/// metric whose value is not zero, "yes").
struct Veto {
  std::string id;
  std::string label;
  std::string source;
  VetoEffect effect = VetoEffect::no_award;
  int item = -1;                    ///< index into Rubric::items, or -1 for a flag veto
  std::vector<std::string> levels;  ///< item vetoes: any evaluator giving one of these
  std::string flag;                 ///< flag vetoes: the metric
  SourcePosition position;
};

/// A selection over the results (S1.8: 示范学校, 先进个人): the subjects ranked at most `top`
/// among those eligible, and/or with a total of at least `min`. Incomplete and vetoed subjects
/// are not eligible.
struct Award {
  std::string id;
  std::string label;
  std::string source;
  std::optional<int> top;
  std::optional<Hundredths> min;
};

/// A rubric as the policy declares it, validated: the weights add up to the total and each
/// group's items to its subtotal.
struct Rubric {
  std::string id;
  std::string label;
  std::string source;
  RubricSubject subject = RubricSubject::school;
  Hundredths total = 0;
  /// The levels level items take unless they declare their own.
  std::vector<RubricLevel> levels;
  /// `"missing": "zero"`: a missing score counts as zero, unless an item says otherwise.
  bool missing_as_zero = false;
  std::vector<RubricGroup> groups;
  std::vector<RubricItem> items;
  std::vector<Evaluator> evaluators;
  /// Evaluators whose scores of an item differ by more than this percent of its weight are
  /// flagged (the score still counts).
  std::optional<Hundredths> spread;
  std::vector<Band> bands;  ///< highest `min` first
  std::vector<Veto> vetoes;
  std::vector<Award> awards;  ///< at most 64
  SourcePosition position;

  std::optional<int> find_item(std::string_view item_id) const;
  std::optional<int> find_evaluator(std::string_view evaluator_id) const;
  /// Whether an item or a veto of the rubric reads the metric.
  bool reads_metric(std::string_view metric) const;
};

/// Reads an exact decimal with at most two places ("2.5", "80", "0.75") into hundredths;
/// returns what is wrong, in words that complete `score "2.555" ...`, when it cannot.
std::optional<std::string> parse_hundredths(std::string_view text, Hundredths& out);

/// "2.50": two decimals, as the score table prints amounts.
std::string format_hundredths(Hundredths amount);

}  // namespace yanxiu
