#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yanxiu/group_rules.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/rubric_rules.hpp>
#include <yanxiu/subject_rules.hpp>
#include <yanxiu/tier_rules.hpp>

namespace yanxiu::detail {

/// What a Policy shares between its copies; written once by the loader, then only read.
struct PolicyData {
  std::string id;
  std::string title;
  std::string source;
  std::string file_name;
  std::string canonical_json;  ///< the document in canonical form (json_source.hpp)
  std::string digest;          ///< SHA-256 of canonical_json
  std::optional<Calendar> calendar;
  std::vector<Category> categories;
  std::vector<CategoryGroup> groups;  ///< category groups ("@offline")
  std::vector<Rule> rules;
  std::vector<AttributeSpec> attributes;
  std::vector<Conversion> conversions;
  std::vector<Gate> gates;
  std::vector<CategoryCap> category_caps;
  CreditBank credit_bank;
  Certification certification;
  CreditUnit unit;
  std::vector<Exemption> exemptions;
  std::vector<Decision> decisions;
  std::vector<Rubric> rubrics;
  std::vector<GroupKind> group_kinds;  ///< top-level `groups`; not the category groups above
  std::vector<Ladder> ladders;
  SubjectRules subjects;  ///< rules of groups and schools; not in `rules`
  std::vector<CountyChoice> county_choices;
  std::vector<Diagnostic> warnings;
};

}  // namespace yanxiu::detail
