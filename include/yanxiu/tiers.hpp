#pragma once

// Tiers (梯队): star levels (S0.8) and backbone ladders (S0.15, S1.5, S2.1, S2.11). A ladder is
// data in the policy (`tiers.ladders`): its tiers from the bottom up, each with the criteria
// that promote a teacher into it and, optionally, those that keep a teacher in it. A teacher's
// current tier and the day it was reached are teacher attributes the ladder names.
// evaluate_tiers() judges every teacher on every ladder: the next tier, each criterion with what
// the teacher has and what it needs, eligible or not, a veto as the reason, and demotion when
// the ladder allows it.
//
// Every amount is an exact integer in hundredths: hours as in hours.hpp, counts and years as
// whole numbers times 100, scores as rubric amounts (rubrics.hpp). No floating point.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/categories.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/selector.hpp>
#include <yanxiu/tier_rules.hpp>

namespace yanxiu {

// --- Evaluation -----------------------------------------------------------------------------

struct TierOptions {
  /// Judge as on this day: hours and outcomes up to it, years at a tier until it, the last N
  /// academic years ending with the one holding it. Unset: the cycle's last day.
  std::optional<Date> as_of;
  Basis basis = Basis::certified;
};

/// A teacher's standing on a ladder. Only ever appended to: the C ABI numbers them.
enum class TierStatus : std::uint8_t {
  eligible,      ///< every promotion criterion of the next tier and every upkeep criterion of
                 ///< the current one is met, and no veto holds
  short_,        ///< printed "short": some promotion (or upkeep) criterion is not met
  vetoed,        ///< a veto holds; the criteria are still judged and shown
  top,           ///< at the ladder's top tier: nothing to be promoted into
  demoted,       ///< an upkeep criterion failed and the ladder demotes
  unknown_tier,  ///< the attribute names no tier of the ladder (or the date reached is bad)
};
inline constexpr int tier_status_count = 6;
std::string_view to_string(TierStatus status);

/// Whether a criterion row judges the promotion into the next tier or the upkeep of the current.
enum class CriterionUse : std::uint8_t { promotion, upkeep };
std::string_view to_string(CriterionUse use);

/// No tier: a teacher below a ladder's entry tier, or at its top with no next.
inline constexpr std::int16_t no_tier = -1;

/// One criterion judged for one teacher on one ladder.
struct CriterionRow {
  CriterionUse use = CriterionUse::promotion;
  std::int16_t tier = 0;       ///< the tier whose criterion it is
  std::int16_t criterion = 0;  ///< index into that tier's promotion or upkeep list
  std::int64_t have = 0;       ///< hundredths; for a condition 100 (holds) or 0
  std::int64_t need = 0;
  bool known = true;  ///< false: the teacher lacks the value (no score, no date reached)
  bool met = false;
};

/// A teacher's standing on one ladder.
struct TierRow {
  TeacherIndex teacher = 0;
  std::int16_t ladder = 0;
  std::int16_t tier = no_tier;  ///< the current tier
  DayNumber since = no_day;     ///< the day it was reached, when the ladder reads one
  std::int16_t next = no_tier;  ///< the tier promotion leads to
  /// The tier after this evaluation: next when eligible, one down when demoted, else tier.
  std::int16_t result_tier = no_tier;
  TierStatus status = TierStatus::short_;
  std::int16_t veto = -1;  ///< index into Ladder::vetoes of the first that holds
  /// Criteria rows [criteria_begin, criteria_end) of TierResult::criteria().
  std::uint32_t criteria_begin = 0;
  std::uint32_t criteria_end = 0;
  std::string note;  ///< why a tier is unknown
};

/// Teachers of one school at one tier of one ladder.
struct TierCount {
  std::int16_t ladder = 0;
  std::int16_t tier = 0;
  std::string school;  ///< "" for the whole county
  std::int32_t teachers = 0;
  std::int32_t eligible = 0;  ///< of them, eligible for the next tier
};

/// A ladder's target against the county: at tier `from` or above now, and after the eligible
/// promotions.
struct TargetProgress {
  std::int16_t ladder = 0;
  std::int32_t target = 0;
  std::int32_t current = 0;
  std::int32_t projected = 0;
  std::int32_t gap() const { return target > projected ? target - projected : 0; }
};

namespace detail {
struct TierResultData;
struct Make;
}  // namespace detail

/// Every teacher's standing on every ladder: rows ordered by teacher (ledger order), then ladder
/// (policy order). Immutable; copies share one instance.
class TierResult {
 public:
  const Policy& policy() const;
  const Ledger& ledger() const;
  DayNumber as_of() const;
  const std::vector<TierRow>& rows() const;
  const std::vector<CriterionRow>& criteria() const;
  std::span<const CriterionRow> criteria(const TierRow& row) const;
  /// Rows of teacher t are [row_begin(t), row_begin(t + 1)).
  std::size_t row_begin(TeacherIndex teacher) const;

  const TierCriterion& criterion(const TierRow& row, const CriterionRow& judged) const;
  /// "papers: 1 of 2 — 1 short", "hours: 130.00 of 120.00 — met", "class_teacher: no".
  std::string describe(const TierRow& row, const CriterionRow& judged) const;
  /// "vetoed: ethics; papers: 1 of 2 — 1 short": the veto and the criteria not met (upkeep and
  /// promotion), or why the tier is unknown.
  std::string missing(const TierRow& row) const;
  /// "1" or "" for no tier.
  std::string tier_id(const TierRow& row, std::int16_t tier) const;

  /// Teachers per ladder and current tier: for the county (school "") and per school (the
  /// `school` column), in that order, tiers bottom first (no tier before the entry tier).
  /// Teachers whose tier is unknown are not counted.
  std::vector<TierCount> counts() const;
  /// Per ladder with a target.
  std::vector<TargetProgress> targets() const;

  /// For one teacher: each ladder, the tier, what the next one asks and what is missing.
  std::string explain(TeacherIndex teacher) const;

 private:
  friend struct detail::Make;  // the library makes them; hosts get them from its functions
  explicit TierResult(std::shared_ptr<const detail::TierResultData> data)
      : data_(std::move(data)) {}
  std::shared_ptr<const detail::TierResultData> data_;
};

/// Judges every teacher of the ledger on every ladder of the policy. A pure function of its
/// arguments. Throws std::invalid_argument as evaluate() does when the ledger was built for a
/// policy of other categories or calendar.
TierResult evaluate_tiers(const Policy& policy, const Ledger& ledger,
                          const TierOptions& options = {});

// --- Writers (tier_report.cpp) ---------------------------------------------------------------

/// The tier table's columns, in order (`yanxiu tiers`).
inline constexpr std::string_view tier_csv_header =
    "teacher_id,school,ladder,tier,since,next_tier,status,result_tier,missing";

/// Writes one line per teacher and ladder: the tier and the day it was reached, the next tier,
/// the status, the tier after this evaluation, and what is missing ("papers: 1 of 2 — 1 short").
void write_tier_csv(std::ostream& out, const TierResult& result);

/// Writes the county view a training office reads: per ladder the teachers at each tier, in the
/// county and per school, with how many are eligible; the teachers eligible for promotion; and
/// the ladder's target against the teachers at or above its tier, now and after the promotions.
void write_tier_county(std::ostream& out, const TierResult& result);

}  // namespace yanxiu
