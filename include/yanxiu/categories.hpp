#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yanxiu/hours.hpp>

namespace yanxiu {

using CategoryIndex = std::int16_t;
/// A set of categories, one bit per category index; a policy declares at most 64 categories.
using CategoryMask = std::uint64_t;
inline constexpr int max_categories = 64;
inline constexpr CategoryIndex no_category = -1;

/// A kind of training hours: school (学校研修), workshop, online, self-study, holiday...
struct Category {
  std::string id;
  std::string label;                ///< as the document says it, often Chinese; may be empty
  std::vector<std::string> groups;  ///< names usable as "@group" in rules
  /// A policy counted in credits: units one hour of the category earns (1/8: 8 学时折1学分).
  /// Hours policies leave it {1, 1}.
  Fraction rate;
  /// At most this much of one record is credited, in the policy's unit (单项最多计15学分).
  std::optional<Hours> item_max;
};

/// A named set of categories ("offline"), declared by the categories that list it.
struct CategoryGroup {
  std::string id;
  CategoryMask members = 0;
};

/// Where a policy element was written, for messages.
struct SourcePosition {
  int line = 0;
  std::string path;  ///< "rules[2]"
};

}  // namespace yanxiu
