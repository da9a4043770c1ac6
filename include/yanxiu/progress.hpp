#pragma once

// How far a long call is: reading a CSV file, judging a county, writing the audit table.

#include <cstdint>
#include <functional>
#include <string_view>

namespace yanxiu {

/// The phases of long work, in the order an audit from CSV files goes through them. Only ever
/// appended to: the C ABI numbers them.
enum class Phase : std::uint8_t {
  reading_teachers,  ///< teachers.csv; done and total in bytes of the file
  reading_records,   ///< records.csv; done and total in bytes of the file
  grouping,          ///< the records read put in teacher order, duplicates found (LedgerBuilder::
                     ///< build); reported as it starts and ends only, in records
  judging,           ///< teachers judged
  writing,           ///< rows of the audit table written
};
inline constexpr int phase_count = 5;
/// "reading teachers", "reading records", "grouping records", "judging", "writing".
std::string_view to_string(Phase phase);

/// `done` of `total` units of a phase (Phase says which units); total 0 when not known.
struct ProgressReport {
  Phase phase = Phase::judging;
  std::uint64_t done = 0;
  std::uint64_t total = 0;
};

/// Told how far a long call is. Called on the thread that made the call (never on a worker
/// thread, never twice at once, never after the call returns): as each phase starts (done 0,
/// unless its total is 0), at most ten times a second while it runs, and as it completes: that
/// last report, and only it, has done == total. `done` never decreases within a phase. A phase
/// cut short by an error has no last report. Empty: nothing is reported, and nothing is spent
/// on reporting. Results are the same with and without it. An exception it throws is thrown by the
/// call, which then has no result (once the threads it started have stopped; a LedgerBuilder
/// reading a file is not to be used further): a way to cancel.
using Progress = std::function<void(const ProgressReport& report)>;

}  // namespace yanxiu
