#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yanxiu/policy.hpp>

namespace yanxiu::detail {

/// What a Policy shares between its copies; written once by the loader, then only read.
struct PolicyData {
  std::string id;
  std::string title;
  std::string source;
  std::string file_name;
  std::optional<Calendar> calendar;
  std::vector<Category> categories;
  std::vector<CategoryGroup> groups;
  std::vector<Rule> rules;
  std::vector<Diagnostic> warnings;
};

}  // namespace yanxiu::detail
