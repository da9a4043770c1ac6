#pragma once

// Words the policy readers and the evaluations built on them share in their messages.

#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/rubric_rules.hpp>

namespace yanxiu {

/// "2.5", "101", "0.25": a decimal without trailing zeros, for messages and notes.
std::string format_decimal(Hundredths amount);

/// `; did you mean "x"?` for a near miss among `known`, or "". Ids of one or two characters and
/// numbers get no hint: "C" is one edit from "A", "23" from "2".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known);

}  // namespace yanxiu
