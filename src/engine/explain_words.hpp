#pragma once

// An explanation's facts in words, shared by its text (explain_text.cpp) and its JSON
// (io/explanation_json.cpp), so that both say the same thing in the same language.

#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/explain.hpp>
#include <yanxiu/gap_plan.hpp>

#include "engine/phrases.hpp"

namespace yanxiu::detail {

/// One remark on a verdict or a record: a stable code a program tests, words a person reads.
struct Note {
  std::string_view code;
  std::string message;
};

/// The policy's words for a verdict's rule or part: its label, or for a part without one over a
/// single category, that category's label; empty when the policy gives none.
std::string verdict_label(const Policy& policy, const AuditRow& row);
/// "27.67 of 30.00"'s remarks: the shortfall, pro-rating, carry-over, a rule's max, an
/// exemption; in the order the text prints them.
std::vector<Note> verdict_notes(const Explanation& e, const Verdict& verdict, Language language);
/// The notes' messages joined as the text prints them ("2.00 short; 30.00 pro-rated ...").
std::string joined(const std::vector<Note>& notes, Language language);
/// Why a record that did not count did not (its disposition said in full).
Note not_counted_reason(const Explanation& e, const RecordTrace& trace, Language language);
/// What one step of the credit pipeline did to a record; empty for gated and not_convertible
/// steps, which not_counted_reason says.
std::string step_message(const Explanation& e, const RecordTrace& trace, const CreditStep& step,
                         Language language);
/// The hours behind a verdict in credits (its row's AuditColumns::hours), and how many records
/// with hours it counted: what the verdict was earned from.
std::pair<Hours, std::size_t> hours_behind(const Explanation& e, const Verdict& verdict);
/// The hours a rule's max left uncredited over the verdict's records.
Hours over_max(const Verdict& verdict);
/// "2.00 h 校本研修" or "2 × 听课": one step of a gap plan.
std::string gap_amount(const Policy& policy, const GapStep& step, Language language);
/// Why no added record closes the verdict.
std::string_view unclosable_reason(GapPlan::Unclosable::Why why, Language language);

}  // namespace yanxiu::detail
