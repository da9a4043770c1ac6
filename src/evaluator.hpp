#pragma once

// The evaluation of one teacher, shared by evaluate() (every teacher, many threads) and
// explain() (one teacher, with the reasons kept).
//
// A teacher's eligible records become credit items (one per record, or one per portion of a
// split course) that go through the credit pipeline of credits.hpp; the rules then add up the
// items' hours (quotas) or the records' activities (counts and choices) per period.

#include <cstdint>
#include <span>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/explain.hpp>

namespace yanxiu::detail {

/// Throws std::invalid_argument when `policy` cannot judge `ledger`: the ledger's category
/// indices and period days were computed with its own policy's categories and calendar.
void check_compatible(const Policy& policy, const Ledger& ledger);

/// Judges teachers one at a time, reusing its buffers; one instance per thread.
class TeacherEvaluator {
 public:
  TeacherEvaluator(const Policy& policy, const Ledger& ledger, const AuditOptions& options);

  /// What explain() wants kept besides the rows.
  struct Trace {
    std::vector<Verdict>* verdicts = nullptr;
    std::vector<RecordTrace>* records = nullptr;
  };

  /// Appends the teacher's rows to `out` and writes the final disposition of each of its records
  /// to `dispositions` (its first record at [0]). With `trace`, also keeps the reasons.
  void run(TeacherIndex teacher, AuditColumns& out, Disposition* dispositions, const Trace* trace);

 private:
  /// Where a selector node finds its attribute in the ledger.
  struct BoundAttribute {
    enum class Source { none, text, day, age, id } source = Source::none;
    const StringColumn* text = nullptr;
    const std::vector<DayNumber>* days = nullptr;
  };
  struct BoundSelector {
    const Selector* selector = nullptr;
    std::vector<BoundAttribute> attributes;  ///< one per node
    bool uses_age = false;
  };
  /// A record's hours of one category on their way through the credit pipeline.
  struct Item {
    RecordIndex record = 0;
    DayNumber day = 0;
    CategoryIndex category = 0;
    std::int16_t conversion = -1;
    std::int64_t hours = 0;
  };
  /// One period's verdict of a rule before it is written (carry-over may still move hours).
  struct PeriodVerdict {
    const Period* period = nullptr;
    int served = 0, whole = 1;
    Hours required, credited;
    std::vector<Hours> part_required, part_credited;
    Hours carried_in, moved_back, filled;
    std::vector<std::vector<Contribution>>
        contributions;  ///< [0]: the rule, then its parts (traced only)
  };

  BoundSelector bind(const Selector& selector) const;
  bool matches(const BoundSelector& bound, int node, TeacherIndex teacher, DayNumber on) const;
  bool applies(const BoundSelector& bound, TeacherIndex teacher, DayNumber on) const;

  void find_served(TeacherIndex teacher);
  bool served(const Period& period) const;
  Disposition intake(RecordIndex record) const;
  void build_items(TeacherIndex teacher, Disposition* dispositions, const Trace* trace);
  int failed_gate(RecordIndex record, CategoryMask categories);
  std::int64_t evidence_count(std::size_t gate, DayNumber day);
  void apply_period_caps(const Trace* trace);
  void cap_items(const std::vector<std::size_t>& items, PeriodKind per, std::int64_t limit,
                 CreditStep::Kind kind, int ref, const Trace* trace);
  void add_step(const Trace* trace, RecordIndex record, const CreditStep& step) const;

  /// Hours of a semester-based period from the per-semester sums of a mask (its id in masks_).
  Hours accumulated(int mask, const Period& period) const;
  void sum_masks();
  PeriodVerdict& next_verdict(std::size_t parts);
  /// Credits the period's items of `categories` in date order up to `max`; fills takes_/overs_.
  Hours walk(CategoryMask categories, const std::optional<Hours>& max, const Period& period);
  Hours taken(CategoryMask categories, const Period& period) const;
  std::vector<Contribution> item_contributions(CategoryMask categories, const Period& period) const;
  Hours count_activities(std::size_t rule, const Period& period,
                         std::vector<Contribution>* counted) const;
  Hours count_choices(std::size_t rule, const Period& period,
                      std::vector<Contribution>* counted) const;
  static void move_between_periods(const Rule& rule, std::span<PeriodVerdict> verdicts);
  int exemption_for(std::size_t rule, int part, TeacherIndex teacher, const Period& period,
                    bool& waived, Hours& progress) const;
  void mark_covered(const Rule& rule, const Period& period);
  void settle_dispositions(Disposition* dispositions, const Trace* trace);

  const Policy& policy_;
  const Ledger& ledger_;
  const Calendar& calendar_;
  const AuditOptions& options_;
  DayNumber as_of_day_;
  std::size_t category_count_ = 0;
  /// Category caps and rules' maximums credit the earliest records first: then items are put in
  /// date order. (A conversion's caps put only its own items in date order.)
  bool date_order_matters_ = false;
  /// The categories some gate guards: a record of no such category needs no gate checked.
  CategoryMask gated_categories_ = 0;
  bool has_exemptions_ = false;
  /// The most rows one teacher can have: every rule applying in every period.
  std::size_t max_rows_ = 0;
  /// Some rule has a max: which records it cut must be settled against the rows that counted them.
  bool rule_caps_ = false;
  /// The distinct category masks of quota rules and parts, and each one's id.
  std::vector<CategoryMask> masks_;
  std::vector<int> rule_mask_;                ///< per rule
  std::vector<std::vector<int>> part_masks_;  ///< per rule, per part
  std::uint8_t credited_status_[4] = {};
  std::vector<BoundSelector> rule_selectors_, conversion_selectors_, exemption_selectors_;
  std::vector<std::vector<std::int32_t>> rule_activities_;  ///< ledger activity ids per rule
  std::vector<std::vector<std::uint8_t>> rule_judges_;      ///< per rule: periods its phases keep
  std::vector<std::int16_t> conversion_of_outcome_;         ///< per ledger outcome id
  std::vector<std::vector<std::int16_t>> rate_of_level_;    ///< [conversion][ledger level id + 1]
  std::vector<std::int32_t> gate_activity_;                 ///< ledger activity id, evidence gates
  std::vector<std::vector<std::uint8_t>> gate_passes_;      ///< [gate][ledger assessment id]

  // Per-teacher scratch.
  RecordIndex begin_ = 0, end_ = 0;
  DayNumber join_ = no_day, leave_ = no_day;
  std::size_t absence_begin_ = 0, absence_end_ = 0;
  std::vector<std::uint8_t> semester_served_;
  std::vector<Item> items_;                     ///< in date order
  std::vector<std::uint8_t> eligible_, gated_;  ///< per record of the teacher
  /// Per record: some row counted part of it; a rule's max cut it; caps before the rules left
  /// nothing of hours it had.
  std::vector<std::uint8_t> counted_, rule_cut_, capped_to_zero_;
  std::vector<std::int64_t> semester_sums_;  ///< [semester * categories + category]
  /// Per mask, sums of the semesters before each: [mask * (semesters + 1) + semester].
  std::vector<std::int64_t> mask_prefix_;
  std::vector<CategoryMask> semester_covered_;       ///< counted by uncapped semester-based rows
  std::vector<std::int64_t> takes_, overs_;          ///< per item, from the last walk
  std::vector<std::vector<std::int64_t>> evidence_;  ///< [gate][period]: activity counts
  std::vector<std::uint8_t> evidence_ready_;
  std::vector<std::uint8_t> conversion_items_;  ///< per conversion: the teacher has items of it
  std::vector<PeriodVerdict> verdicts_;         ///< the first verdict_count_ are the current rule's
  std::size_t verdict_count_ = 0;
  std::vector<std::size_t> selected_;
  std::vector<std::int64_t> used_;
};

}  // namespace yanxiu::detail
