#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/calendar.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/language.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>

namespace yanxiu {

/// What a short teacher still needs: hours of a category (or activities, for count and choice
/// rules) in a period, by its last day.
struct GapStep {
  PeriodKind period_kind = PeriodKind::semester;
  int period = 0;
  DayNumber deadline = 0;  ///< the last day the hours count for the period
  /// The day a proposed record is dated: the deadline, or the teacher's last day employed or
  /// the as-of day when earlier.
  DayNumber day = 0;
  CategoryIndex category = no_category;
  std::string activity;  ///< for count and choice rules; empty for hours
  Hours amount;          ///< hours, or whole activities times 100
  std::string rule_id;   ///< the verdict that asked for it first ("semester-offline/school")
  /// The most hours one proposed record carries, so that each stays within its category's
  /// `item_max`; zero: the amount is one record. as_records splits the amount by it.
  Hours record_max;
  /// A result an assessment gate of the category passes; empty when none judges it.
  std::string assessment;
};

/// The additional hours that make every verdict of a teacher met.
///
/// Built by proposing and re-judging: the short verdicts of the shortest periods first (parts
/// before their rule), each proposal a record of the shortfall dated on the period's last day
/// (or the teacher's, or the as-of day), then the teacher judged again with the proposals, so
/// that parts, caps, gates and conversions are honoured by the evaluator itself. A proposed
/// record passes every gate (attended in full, a passing result, a certificate, the evidence
/// records an evidence gate wants), is one block of a rule's `min_block` at least, and is split
/// into records within its category's `item_max`; hours a category cap of a shorter period
/// would cut go to the earlier periods under it, then to the verdict's next category. Hours a
/// semester receives also count toward its year and the cycle, so finer periods go first and
/// coarser ones only ask for what is still missing.
struct GapPlan {
  TeacherIndex teacher = 0;
  std::vector<GapStep> steps;  ///< by deadline, then category
  /// A verdict no added record can make met, and why.
  struct Unclosable {
    enum class Why : std::uint8_t {
      conflict,                 ///< a choice rule with more than one option taken
      capped_or_gated,          ///< caps or gates keep added hours of its categories out
      activities_do_not_count,  ///< added activities do not count toward it
    };
    std::string rule_id;
    PeriodKind period_kind = PeriodKind::cycle;
    int period = 0;
    Why why = Why::conflict;
  };
  /// Verdicts no added record can make met ("cycle-choice 2017-2022: a conflict"), with why, in
  /// English; unclosable_verdicts holds the same as facts, for other languages and programs.
  std::vector<std::string> unclosable;
  std::vector<Unclosable> unclosable_verdicts;

  bool closes_every_gap() const { return unclosable.empty(); }
  Hours total_hours() const;
  /// "needs 2.00 h school and 6.00 h holiday in 2019-2020/2, by 2020-08-31", a line per period,
  /// categories by their policy labels; the framing words in `language`.
  std::string to_text(const Policy& policy, Language language = Language::en) const;
  /// The steps as records for teacher_with_records (ids "gap-1", ...): what the plan proposes,
  /// each record made to pass every gate (all its hours attended, a passing assessment, its id
  /// as certificate). The views point into the plan and `storage`, which must outlive them.
  std::vector<RecordRow> as_records(std::vector<std::string>& storage) const;
};

/// The plan of one teacher of `ledger`, judged with `options` as the audit was.
GapPlan plan_gaps(const Policy& policy, const Ledger& ledger, TeacherIndex teacher,
                  const AuditOptions& options = {});

/// The county's missing hours by category and month of the deadline: what a training office plans
/// workshops from. Each short teacher's plan, summed.
struct CountyGap {
  struct Line {
    std::string month;  ///< "2020-08"
    CategoryIndex category = no_category;
    std::string activity;  ///< for activities
    Hours amount;          ///< hours, or whole activities times 100
    std::int64_t teachers = 0;
  };
  std::vector<Line> lines;  ///< by month, then category, then activity
  std::int64_t teachers_short = 0;
  std::int64_t teachers_unclosable = 0;  ///< with a verdict no record can close
};

/// Plans every teacher of the audit with a short verdict (on `audit.options().threads` threads;
/// the sums do not depend on them).
CountyGap plan_county_gaps(const Audit& audit);

/// `month,category,activity,amount,teachers`: hours with two decimals, activities as whole
/// counts; the category by its id.
void write_county_gap_csv(std::ostream& out, const Policy& policy, const CountyGap& gap);

}  // namespace yanxiu
