#pragma once

// Rubrics (评估表): weighted evaluation of schools, teachers and leaders (S1.7, S1.8, S4.8,
// S4.9, S0.13). A rubric is data in the policy (`rubrics`); a ScoreSheet holds the scores and
// metrics given for one rubric, every input row accounted for; score_rubric() turns the sheet
// into item scores, group subtotals, totals, bands, ranks, vetoes and awards.
//
// Every amount — a weight, a score, a level's percentage, a metric — is an exact decimal with
// at most two places, held as whole hundredths in an int64: 2.5 points is 250, 80 % is 8000.
// An item's score is worked out exactly (as a fraction of integers) and rounded once, half up,
// to the hundredth of a point; subtotals and totals add up the rounded item scores, so the rows
// a subject prints always add up. No floating point is used anywhere.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/categories.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/enum_counts.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/rubric_rules.hpp>

namespace yanxiu {

// --- Input ----------------------------------------------------------------------------------

class RubricResult;
class ScoreSheet;
RubricResult score_rubric(const ScoreSheet& sheet);

/// Where a score or metric row ends up; each row read gets exactly one.
enum class ScoreDisposition : std::uint8_t {
  used,       ///< counted
  unused,     ///< a metric that no item or veto of the rubric reads
  duplicate,  ///< the same subject, item and evaluator (or subject and metric) read before
  invalid,    ///< the row could not be used; a diagnostic says why
};
inline constexpr int score_disposition_count = 4;
std::string_view to_string(ScoreDisposition disposition);

using ScoreDispositionCounts = EnumCounts<ScoreDisposition, score_disposition_count>;

/// One evaluator's score of one item of one subject, given as values.
struct ScoreRow {
  std::string_view subject_id;
  std::string_view item_id;
  std::string_view evaluator;       ///< empty when the rubric has no evaluators
  std::optional<Hundredths> score;  ///< score items
  std::string_view level;           ///< level items
};

/// A figure about a subject (uploads, members trained, a flag), given as values.
struct MetricRow {
  std::string_view subject_id;
  std::string_view metric;
  Hundredths value = 0;
};

/// The scores and metrics given for one rubric, checked row by row: a bad row becomes a
/// diagnostic naming its file, line and column, and every row gets a disposition. Subjects are
/// numbered in the order they first appear in a used row. Not thread-safe while rows are added.
class ScoreSheet {
 public:
  /// Throws std::invalid_argument when the policy has no such rubric (naming the closest).
  /// `limits` bounds the CSV files read (line length, columns).
  ScoreSheet(Policy policy, std::string_view rubric_id, const InputLimits& limits = {});
  ~ScoreSheet();
  ScoreSheet(ScoreSheet&&) noexcept;
  ScoreSheet& operator=(ScoreSheet&&) noexcept;

  const Policy& policy() const;
  const Rubric& rubric() const;

  /// Reads `subject_id,item_id,score` or `subject_id,item_id,level` (both columns when the
  /// rubric has both kinds), with an `evaluator` column when the rubric has evaluators. Throws
  /// InputError when the file cannot be read or lacks a required column.
  void read_scores(const std::filesystem::path& path);
  void read_scores_text(std::string_view csv, std::string_view name);
  /// Reads `subject_id,metric,value`; values are decimals, or yes/no for flags.
  void read_metrics(const std::filesystem::path& path);
  void read_metrics_text(std::string_view csv, std::string_view name);

  /// A name for messages about rows added by value; returns the file index for RowOrigin.
  int add_source(std::string_view name);
  /// Each returns false, with a diagnostic, when the row is not used.
  bool add_score(const ScoreRow& row, RowOrigin origin);
  bool add_metric(const MetricRow& row, RowOrigin origin);
  /// Count a row that could not even be parsed into a row value, with the reason.
  void reject_score(RowOrigin origin, std::string field, std::string message);
  void reject_metric(RowOrigin origin, std::string field, std::string message);

  const Diagnostics& diagnostics() const;
  const ScoreDispositionCounts& score_counts() const;
  const ScoreDispositionCounts& metric_counts() const;

  struct Data;

 private:
  friend RubricResult score_rubric(const ScoreSheet& sheet);
  std::unique_ptr<Data> data_;
};

// --- Results --------------------------------------------------------------------------------

enum class RubricRowKind : std::uint8_t { item, group, total };
std::string_view to_string(RubricRowKind kind);

/// What a result row says. Only ever appended to: the C ABI numbers them.
enum class ScoreStatus : std::uint8_t {
  scored,      ///< item: every score it needs was given
  missing,     ///< item: a score or metric is missing; it has no score and is not counted
  zero,        ///< item: missing, counted as zero as the rubric says
  disagree,    ///< item: evaluators differ by more than the rubric's spread; the score counts
  complete,    ///< group or total: every item has a score
  incomplete,  ///< group or total: an item is missing; no score, band or rank
  vetoed,      ///< total: a veto holds; the note says which and why
};
inline constexpr int score_status_count = 7;
std::string_view to_string(ScoreStatus status);

/// No score: a missing item, an incomplete group or total.
inline constexpr Hundredths no_score = -1;

/// One row of the score table: an item, a group subtotal or the total of one subject.
struct RubricRow {
  std::int32_t subject = 0;  ///< index into RubricResult::subjects()
  RubricRowKind kind = RubricRowKind::item;
  std::int32_t index = -1;  ///< the item's or group's index; -1 for the total
  Hundredths weight = 0;    ///< the item's weight, the group's subtotal, the rubric's total
  Hundredths score = no_score;
  ScoreStatus status = ScoreStatus::scored;
  // Total rows only:
  std::int16_t band = -1;    ///< index into Rubric::bands; -1: none
  std::int32_t rank = 0;     ///< 1 is the best; equal totals share a rank; 0: not ranked
  std::int16_t veto = -1;    ///< index into Rubric::vetoes of the first that holds; -1: none
  std::uint64_t awards = 0;  ///< bit a set: Rubric::awards[a] selects the subject
  std::string note;          ///< why: missing scores, a disagreement, the veto
};

namespace detail {
struct RubricResultData;
struct Make;
}  // namespace detail

/// The scores of every subject of a sheet: for each subject (in sheet order) its item rows in
/// rubric order, its group rows in rubric order, then its total row. Immutable; copies share one
/// instance.
class RubricResult {
 public:
  const Policy& policy() const;
  const Rubric& rubric() const;
  const std::vector<std::string>& subjects() const;
  const std::vector<RubricRow>& rows() const;
  /// Rows of subject s are [row_begin(s), row_begin(s + 1)).
  std::size_t row_begin(std::int32_t subject) const;
  std::optional<std::int32_t> find_subject(std::string_view id) const;
  /// The row's `item_id` column: the item's id, "group:<group id>" or "total".
  std::string item_id(const RubricRow& row) const;
  /// "model-school;advanced": the ids of the awards of a total row.
  std::string award_ids(const RubricRow& row) const;

  /// The sheet's diagnostics and dispositions, carried over.
  const Diagnostics& diagnostics() const;
  const ScoreDispositionCounts& score_counts() const;
  const ScoreDispositionCounts& metric_counts() const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit RubricResult(std::shared_ptr<const detail::RubricResultData> data)
      : data_(std::move(data)) {}
  std::shared_ptr<const detail::RubricResultData> data_;
};

/// Scores every subject of the sheet. A pure function of the sheet.
///
/// Per item: a score item combines its evaluators' points, a level item their levels' shares
/// of the weight, each weighted by the evaluator's weight; a metric item takes metric / of
/// (at most 1) of its weight, or the percent of the highest threshold the metric reaches. Ranks
/// order complete totals, highest first, equal totals sharing a rank (1, 2, 2, 4).
RubricResult score_rubric(const ScoreSheet& sheet);

}  // namespace yanxiu
