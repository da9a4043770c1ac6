#pragma once

// The one reader of a parsed policy document, for the entry points that load one.

#include <string>

#include <yanxiu/limits.hpp>
#include <yanxiu/policy.hpp>

#include "util/json_source.hpp"

namespace yanxiu::detail {

/// The policy a parsed document holds, `name` the file its messages name: load_policy,
/// parse_policy and load_policy_or_set (which parses a file once to tell a set from a policy)
/// all read through it. Throws PolicyError with the document's problems or the policy's.
Policy read_policy_document(const JsonDocument& document, std::string name,
                            const InputLimits& limits);

}  // namespace yanxiu::detail
