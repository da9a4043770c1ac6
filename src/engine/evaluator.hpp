#pragma once

// The evaluation of one teacher, shared by evaluate() (every teacher, many threads) and
// explain() (one teacher, with the reasons kept).
//
// A teacher's eligible records become credit items (one per record, or one per portion of a
// split course) that go through the credit pipeline of credits.hpp; the rules then add up the
// items' hours (quotas) or the records' activities (counts and choices) per period.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <yanxiu/audit.hpp>
#include <yanxiu/explain.hpp>

#include "ledger/selector_match.hpp"

namespace yanxiu::detail {

/// Throws std::invalid_argument when `policy` cannot judge `ledger`: the ledger's category
/// indices and period days were computed with its own policy's categories and calendar.
void check_compatible(const Policy& policy, const Ledger& ledger);

/// A period made of whole semesters, whose hours are sums of per-semester sums.
inline bool semester_based(PeriodKind kind) {
  return kind == PeriodKind::semester || kind == PeriodKind::academic_year ||
         kind == PeriodKind::cycle;
}

/// The last day of a window of `months` from `start`: the day before the same date N months on.
DayNumber window_last_day(DayNumber start, int months);

/// The days of `period` a rule counts: the whole period, or with `due` its first weeks.
Period due_days(const Rule& rule, const Period& period);

/// The teacher's window of a rule with one (evaluator_windows.cpp), unclipped by the cycle;
/// false when the rule has none or the teacher lacks the date. For the gap planner.
bool teacher_window(const Rule& rule, const Ledger& ledger, TeacherIndex teacher, DayNumber& first,
                    DayNumber& last);

/// Judges teachers one at a time, reusing its buffers; one instance per thread.
class TeacherEvaluator {
 public:
  TeacherEvaluator(const Policy& policy, const Ledger& ledger, const AuditOptions& options);

  /// What explain() wants kept besides the rows.
  struct Trace {
    std::vector<Verdict>* verdicts = nullptr;
    std::vector<RecordTrace>* records = nullptr;
  };

  /// The selector matcher over the evaluator's ledger (tiers: conditions and vetoes).
  const SelectorMatcher& selectors() const { return selectors_; }

  /// The teacher's hours after the credit pipeline (conversions, gates, caps; no rule's max),
  /// per semester and category, and which of its records passed intake (in the cycle, up to
  /// the as-of day, certified, not a duplicate): what tier criteria count.
  struct CreditedHours {
    std::span<const std::int64_t> by_semester;  ///< [semester * categories + category]
    std::span<const std::uint8_t> eligible;     ///< per record of the teacher, from its first
  };
  CreditedHours credit(TeacherIndex teacher);

  /// How many rows run() writes for the teacher.
  std::size_t row_count(TeacherIndex teacher) const;

  /// Writes the teacher's rows into `out` from `first_row` on (the columns hold row_count() rows
  /// there) and the final disposition of each of its records to `dispositions` (its first record
  /// at [0]). With `trace`, also keeps the reasons. Returns the rows written.
  std::size_t run(TeacherIndex teacher, AuditColumns& out, std::size_t first_row,
                  Disposition* dispositions, const Trace* trace);

 private:
  /// A record's hours of one category on their way through the credit pipeline.
  struct Item {
    RecordIndex record = 0;
    DayNumber day = 0;
    CategoryIndex category = 0;
    std::int16_t conversion = -1;
    /// Hundredths of an hour recorded behind the item, kept through its rate and caps (0 for a
    /// conversion, whose amount is written in the unit): what a credits row reports as hours.
    std::int32_t recorded = 0;
    std::int64_t hours = 0;
  };
  /// The output columns as plain pointers: stores of one-byte enums could alias a vector's own
  /// pointers, so writing through the vectors would reload them at every row.
  struct RowColumns {
    explicit RowColumns(AuditColumns& out)
        : teacher(out.teacher.data()),
          rule(out.rule.data()),
          part(out.part.data()),
          period_kind(out.period_kind.data()),
          period(out.period.data()),
          required(out.required.data()),
          credited(out.credited.data()),
          status(out.status.data()),
          hours(out.hours.data()) {}
    TeacherIndex* teacher;
    RuleIndex* rule;
    std::int16_t* part;
    PeriodKind* period_kind;
    std::int32_t* period;
    std::int64_t* required;
    std::int64_t* credited;
    Status* status;
    std::int64_t* hours;
  };

  /// One period's verdict of a rule before it is written (carry-over may still move hours).
  struct PeriodVerdict {
    const Period* period = nullptr;
    int served = 0, whole = 1;
    Hours required, credited;
    Hours hours;  ///< behind `credited`, in a credits policy (hours_behind_)
    std::vector<Hours> part_required, part_credited, part_hours;  ///< the first (parts) in use
    Hours carried_in, moved_back, filled;
    std::vector<std::vector<Contribution>>
        contributions;  ///< [0]: the rule, then its parts (traced only)
  };

  /// Points the per-record buffers at the teacher's records, cleared: the start of credit()
  /// and run().
  void start(TeacherIndex teacher);

  // Binding the policy to the ledger (evaluator.cpp), parts of the constructor.
  void bind_rules(const RecordColumns& records);
  void bind_conversions(const RecordColumns& records);
  void bind_gates(const RecordColumns& records);

  void find_served(TeacherIndex teacher);
  bool served(const Period& period) const;
  /// Semesters served of a semester-based period.
  int served_semesters(const Period& period) const {
    return served_before_[static_cast<std::size_t>(period.end_semester)] -
           served_before_[static_cast<std::size_t>(period.first_semester)];
  }
  static Hours required(const Rule& rule, Hours nominal, int served, int whole);
  /// Judges and writes one row but its hours; an exemption that names it is reported through
  /// the last three.
  Status write_row(const RowColumns& out, std::size_t row, TeacherIndex teacher,
                   std::size_t rule_index, std::int16_t part, const Period& period, bool served,
                   Hours required, Hours credited, int* exemption, bool* waived,
                   Hours* progress) const;
  /// The hours behind a row (AuditColumns::hours): in a credits policy, `counted`, what its
  /// items recorded; in an hours policy its credited hours. 0 for count and choice rows.
  Hours row_hours(const Rule& rule, Hours credited, Hours counted) const {
    if (rule.kind != RuleKind::quota) return Hours();
    return hours_behind_ ? counted : credited;
  }
  /// An hours policy's rows [first, end) of `rule` get their hours in one copy once written, so
  /// that the rows' loops, the audit's hottest, carry nothing for it.
  static void copy_credited_hours(const RowColumns& out, const Rule& rule, std::size_t first,
                                  std::size_t end);
  std::size_t write_summed_rows(TeacherIndex teacher, std::size_t rule_index, const RowColumns& out,
                                std::size_t row);
  void build_items(TeacherIndex teacher, Disposition* dispositions, const Trace* trace);
  std::optional<CreditStep> add_record_items(TeacherIndex teacher, RecordIndex record,
                                             DayNumber day, const Trace* trace);
  void cap_conversion_item(Item& first, RecordIndex record, const Trace* trace);
  void sort_items_by_day();
  void sum_items(const Trace* trace);
  int failed_gate(RecordIndex record, CategoryMask categories);
  std::int64_t evidence_count(std::size_t gate, DayNumber day);
  void apply_period_caps(const Trace* trace);
  void cap_items(const std::vector<std::size_t>& items, PeriodKind per, std::int64_t limit,
                 CreditStep::Kind kind, int ref, const Trace* trace);
  void add_step(const Trace* trace, RecordIndex record, const CreditStep& step) const;

  // The policy's unit (evaluator_units.cpp): only policies with a `unit` or an `item_max` pay.
  void bind_unit();
  /// The record's items from `first_item` on, in the policy's unit, each within its
  /// category's item_max.
  void to_unit(std::size_t first_item, RecordIndex record, const Trace* trace);
  /// An item amount (hundredths of the unit, times unit_scale_) as a row reports it: rounded
  /// to the unit's step when a period's sum is rounded.
  Hours unit_amount(std::int64_t amount) const;
  Hours unit_row(Hours amount) const {
    return unit_rows_ ? unit_amount(amount.hundredths()) : amount;
  }
  /// The rows' unit amounts of a quota verdict, once its items are summed.
  void round_verdict(PeriodVerdict& verdict, std::size_t parts) const;
  /// The records' traced amounts in the unit.
  void round_traced_records(const Trace* trace) const;
  bool attended_enough(const Gate& gate, RecordIndex record) const;

  // Windows from a teacher's date (evaluator_windows.cpp).
  /// Resolves the windows' date columns; true when the policy has a window rule.
  bool bind_windows(const Ledger& ledger);
  /// The teacher's window of the rule inside the cycle, into window_period_; false when the
  /// teacher has no such date or the window misses the cycle.
  bool find_window(std::size_t rule, TeacherIndex teacher);
  /// The window kept apart (`apart`), into apart_first_ / apart_last_; no_day when none.
  void find_apart(TeacherIndex teacher);
  /// Takes the hours of the window kept apart out of the semester sums the other rules read.
  void remove_apart();
  /// The first and last day of the rule's window for the teacher, unclipped; false: no date.
  bool window_days(std::size_t rule, TeacherIndex teacher, DayNumber& first, DayNumber& last) const;

  /// Hours of a semester-based period from the per-semester sums of a mask (its id in masks_).
  Hours accumulated(int mask, const Period& period) const {
    return from_prefix(mask_prefix_, mask, period);
  }
  /// The same of the hours recorded behind them (hours_behind_ only).
  Hours accumulated_hours(int mask, const Period& period) const {
    return from_prefix(mask_hours_prefix_, mask, period);
  }
  Hours from_prefix(const std::vector<std::int64_t>& prefixes, int mask,
                    const Period& period) const {
    const std::int64_t* prefix = &prefixes[static_cast<std::size_t>(mask) * served_before_.size()];
    return Hours::from_hundredths(prefix[period.end_semester] - prefix[period.first_semester]);
  }
  void sum_masks();
  void judge_period(std::size_t rule_index, const Period& period, TeacherIndex teacher,
                    const Trace* trace);
  std::size_t write_verdict_rows(TeacherIndex teacher, std::size_t rule_index,
                                 const PeriodVerdict& verdict, const RowColumns& columns,
                                 std::size_t row, const Trace* trace);
  PeriodVerdict& next_verdict(std::size_t parts);
  /// Credits the period's items of `categories` in date order up to `max`; fills takes_/overs_,
  /// and walked_hours_ with the hours recorded behind what it took (hours_behind_ only).
  /// With `min_block`, records shorter than it (in hours recorded) count nothing.
  Hours walk(CategoryMask categories, const std::optional<Hours>& max, const Period& period,
             std::int64_t min_block = 0);
  /// What the last walk took of `categories` in the period, and the hours recorded behind it.
  Hours taken(CategoryMask categories, const Period& period, Hours* hours) const;
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
  std::span<const Rule> rules_;
  const Ledger& ledger_;
  SelectorMatcher selectors_;
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
  /// An evidence gate counts the teacher's eligible records: all are judged eligible first.
  bool has_evidence_gates_ = false;
  /// Nothing but the semester sums needs a plain record (no outcome, split, offset or gate): it
  /// goes there directly, without an item. True when no cap needs date order, no exemption sums
  /// items, and every quota rule is semester-based; never when tracing.
  bool plain_records_direct_ = false;
  /// Some rule has a max: which records it cut must be settled against the rows that counted them.
  bool rule_caps_ = false;
  /// The distinct category masks of quota rules and parts, and each one's id.
  std::vector<CategoryMask> masks_;
  std::vector<int> rule_mask_;  ///< per rule
  /// Per rule: a semester-based quota without max or carry-over, whose rows are differences of
  /// the masks' running totals.
  std::vector<std::uint8_t> summed_rule_;
  std::vector<std::vector<int>> part_masks_;  ///< per rule, per part
  std::uint8_t credited_status_[4] = {};
  /// The policy's unit: items pass through to_unit() (a rate, a step or an item_max applies).
  bool unit_terms_ = false;
  /// Item amounts are hundredths of the unit times this: the rates' common denominator when a
  /// period's exact sum is rounded, else 1 (hours, or credits rounded per record).
  std::int64_t unit_scale_ = 1;
  /// Rows round their sums (unit_scale_ > 1, or a step coarser than a hundredth per period).
  bool unit_rows_ = false;
  /// The policy counts in credits: rows report the hours recorded behind what they counted,
  /// summed beside the amounts (semester_hours_, mask_hours_prefix_, walked_hours_).
  bool hours_behind_ = false;
  /// Per category: item amount per hundredth of an hour (rate × the rates' denominator).
  std::vector<std::int64_t> unit_factor_;
  /// Per rule with a window: the teacher column of its date (-1: join_date).
  std::vector<std::int32_t> window_column_;
  int apart_rule_ = -1;   ///< the rule whose window is kept apart, or -1
  Period window_period_;  ///< the current window rule's days for the teacher
  DayNumber apart_first_ = no_day, apart_last_ = no_day;
  /// Category caps in the order they apply: shorter periods first, then as declared.
  std::vector<std::size_t> cap_order_;
  using BoundSelector = SelectorMatcher::BoundSelector;
  std::vector<BoundSelector> rule_selectors_, conversion_selectors_, exemption_selectors_;
  std::vector<std::vector<std::int32_t>> rule_activities_;  ///< ledger activity ids per rule
  std::vector<std::vector<const Period*>> rule_periods_;    ///< per rule: the periods judged
  std::vector<std::int16_t> conversion_of_outcome_;         ///< per ledger outcome id
  std::vector<std::vector<std::int16_t>> rate_of_level_;    ///< [conversion][ledger level id + 1]
  std::vector<std::int32_t> gate_activity_;                 ///< ledger activity id, evidence gates
  std::vector<std::vector<std::uint8_t>> gate_passes_;      ///< [gate][ledger assessment id]

  // Per-teacher scratch.
  RecordIndex begin_ = 0, end_ = 0;
  DayNumber join_ = no_day, leave_ = no_day;
  std::size_t absence_begin_ = 0, absence_end_ = 0;
  std::vector<int> served_before_;  ///< semesters served before each semester, and in all
  std::vector<Item> items_;         ///< in date order
  std::vector<std::uint8_t> eligible_, gated_;  ///< per record of the teacher
  /// Per record: some row counted part of it; a rule's max cut it; caps before the rules left
  /// nothing of hours it had.
  std::vector<std::uint8_t> counted_, rule_cut_, capped_to_zero_;
  std::vector<std::int64_t> semester_sums_;  ///< [semester * categories + category]
  /// The hours recorded behind semester_sums_, of the items that kept an amount (hours_behind_).
  std::vector<std::int64_t> semester_hours_;
  /// Per mask, sums of the semesters before each: [mask * (semesters + 1) + semester].
  std::vector<std::int64_t> mask_prefix_, mask_hours_prefix_;
  std::int64_t walked_hours_ = 0;
  std::vector<CategoryMask> semester_covered_;       ///< counted by uncapped semester-based rows
  std::vector<std::int64_t> takes_, overs_;          ///< per item, from the last walk
  std::vector<std::vector<std::int64_t>> evidence_;  ///< [gate][period]: activity counts
  std::vector<std::uint8_t> evidence_ready_;
  std::vector<std::uint8_t> conversion_items_;  ///< per conversion: the teacher has items of it
  std::vector<PeriodVerdict> verdicts_;         ///< the first verdict_count_ are the current rule's
  std::size_t verdict_count_ = 0;
  std::vector<std::size_t> selected_;
  std::vector<std::int64_t> used_;
  std::vector<Disposition> dispositions_;  ///< credit()'s, which keeps none
};

}  // namespace yanxiu::detail
