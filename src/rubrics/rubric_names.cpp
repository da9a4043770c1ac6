// Names of the rubric results' enums.

#include <yanxiu/rubrics.hpp>

namespace yanxiu {

std::string_view to_string(ScoreDisposition disposition) {
  switch (disposition) {
    case ScoreDisposition::used:
      return "used";
    case ScoreDisposition::unused:
      return "unused";
    case ScoreDisposition::duplicate:
      return "duplicate";
    case ScoreDisposition::invalid:
      return "invalid";
  }
  return "unknown";
}

std::string_view to_string(RubricRowKind kind) {
  switch (kind) {
    case RubricRowKind::item:
      return "item";
    case RubricRowKind::group:
      return "group";
    case RubricRowKind::total:
      return "total";
  }
  return "unknown";
}

std::string_view to_string(ScoreStatus status) {
  switch (status) {
    case ScoreStatus::scored:
      return "scored";
    case ScoreStatus::missing:
      return "missing";
    case ScoreStatus::zero:
      return "zero";
    case ScoreStatus::disagree:
      return "disagree";
    case ScoreStatus::complete:
      return "complete";
    case ScoreStatus::incomplete:
      return "incomplete";
    case ScoreStatus::vetoed:
      return "vetoed";
  }
  return "unknown";
}

}  // namespace yanxiu
