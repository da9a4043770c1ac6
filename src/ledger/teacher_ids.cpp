// What a record is told when its teacher id finds no teacher: the clerk's next step depends on
// why (fix the teacher's row, or retype the id), so the message names the cause.

#include <string>

#include "ledger/ledger_data.hpp"
#include "util/utf8.hpp"

namespace yanxiu::detail {

std::string unknown_teacher(const LedgerData& data, std::string_view id) {
  const std::string quoted = "\"" + std::string(id) + "\"";
  // The teacher's row was read and rejected: that row's error says why, once.
  if (const auto rejected = data.rejected_teachers.find(id);
      rejected != data.rejected_teachers.end()) {
    return "teacher " + quoted + " is not counted: their row was rejected (" +
           data.files[static_cast<std::size_t>(rejected->second.file)] + ":" +
           std::to_string(rejected->second.line) + ", see the error there)";
  }
  const std::string folded = fold_lookalikes(id);
  if (folded != id && data.teacher_by_id.contains(folded)) {
    return "unknown teacher " + quoted + " (not in the teachers file); \"" + folded +
           "\" is, and this id differs from it only by invisible spaces or full-width "
           "characters: retype it";
  }
  return "unknown teacher " + quoted + " (not in the teachers file)";
}

}  // namespace yanxiu::detail
