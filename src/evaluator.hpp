#pragma once

// The evaluation of one teacher, shared by evaluate() (every teacher, many threads) and
// explain() (one teacher, with the reasons kept).

#include <cstdint>
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

  /// Appends the teacher's rows to `out` and writes the final disposition of each of its records
  /// to `dispositions` (its first record at [0]). With `trace`, also appends each row's reasons.
  void run(TeacherIndex teacher, AuditColumns& out, Disposition* dispositions,
           std::vector<Verdict>* trace);

 private:
  /// Where a selector node finds its attribute in the ledger.
  struct BoundAttribute {
    enum class Source { none, text, day, age, id } source = Source::none;
    const StringColumn* text = nullptr;
    const std::vector<DayNumber>* days = nullptr;
  };
  struct BoundRule {
    const Rule* rule = nullptr;
    std::vector<BoundAttribute> attributes;  ///< one per selector node
    bool uses_age = false;
  };

  bool matches(const BoundRule& bound, int node, TeacherIndex teacher, DayNumber on) const;
  void find_served(TeacherIndex teacher);
  Hours accumulated(CategoryMask categories, const Period& period) const;
  /// Walks the period's records in date order, crediting each up to `max`; fills takes_.
  Hours walk(CategoryMask categories, const std::optional<Hours>& max, const Period& period);
  Hours taken(CategoryMask categories, const Period& period) const;
  std::vector<Contribution> contributions(CategoryMask categories, const Period& period) const;

  const Policy& policy_;
  const Ledger& ledger_;
  const Calendar& calendar_;
  DayNumber as_of_day_;
  std::vector<BoundRule> rules_;
  bool has_week_rules_ = false;
  bool has_caps_ = false;
  std::size_t category_count_ = 0;

  // Per-teacher scratch.
  RecordIndex begin_ = 0, end_ = 0;
  std::vector<std::uint8_t> semester_served_, week_served_;
  std::vector<std::int64_t> semester_sums_, week_sums_;        ///< [period * categories + category]
  std::vector<CategoryMask> semester_covered_, week_covered_;  ///< counted by uncapped rows
  std::vector<std::uint8_t> eligible_, counted_, over_cap_;    ///< per record of the teacher
  std::vector<std::int64_t> takes_, overs_;
};

}  // namespace yanxiu::detail
