#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/audit.hpp>

namespace yanxiu {

/// A teacher's verdict on one of the policy's named decisions (Policy::decisions(): 教师资格定期
/// 注册, 职务聘任), and the audit rows it rests on.
struct DecisionVerdict {
  TeacherIndex teacher = 0;
  std::size_t decision = 0;           ///< index into Policy::decisions()
  bool eligible = true;               ///< no row it rests on is short or in conflict
  std::vector<std::size_t> rows;      ///< the audit rows of the rules it requires, in audit order
  std::vector<std::size_t> blocking;  ///< of those, the short and in-conflict ones
};

/// "eligible" or "not_eligible".
std::string_view decision_status(bool eligible);

/// Every teacher's verdict on every decision of the audit's policy: teachers in ledger order,
/// decisions in policy order. Empty when the policy declares none.
std::vector<DecisionVerdict> decide(const Audit& audit);
/// One teacher's verdicts, decisions in policy order.
std::vector<DecisionVerdict> decide(const Audit& audit, TeacherIndex teacher);

/// "cycle-360 cycle: 340.00 of 360.00, short 20.00": the blocking rows, "; " between them;
/// empty for an eligible verdict.
std::string blocking_text(const Audit& audit, const DecisionVerdict& verdict);

/// The decision and the verdicts behind it, a line each:
/// "re-registration (教师资格定期注册): not_eligible" then "  cycle-360 cycle: short 340.00 of
/// 360.00".
std::string explain_decision(const Audit& audit, const DecisionVerdict& verdict);

/// The decisions table's columns (`yanxiu audit --decisions F`).
inline constexpr std::string_view decisions_csv_header =
    "teacher_id,decision,status,verdicts,blocking,detail";

/// Writes the decisions table: the header, then a line per verdict — how many audit rows it
/// rests on, how many of them block it, and the blocking ones (blocking_text).
void write_decisions_csv(std::ostream& out, const Audit& audit,
                         std::span<const DecisionVerdict> verdicts);

}  // namespace yanxiu
