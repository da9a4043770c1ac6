#include <yanxiu/policy.hpp>

#include "policy_data.hpp"

namespace yanxiu {

const std::string& Policy::id() const {
  return data_->id;
}
const std::string& Policy::title() const {
  return data_->title;
}
const std::string& Policy::source() const {
  return data_->source;
}
const std::string& Policy::file_name() const {
  return data_->file_name;
}
const Calendar& Policy::calendar() const {
  return *data_->calendar;
}
std::span<const Category> Policy::categories() const {
  return data_->categories;
}
std::span<const CategoryGroup> Policy::category_groups() const {
  return data_->groups;
}
std::span<const Rule> Policy::rules() const {
  return data_->rules;
}
std::span<const Diagnostic> Policy::warnings() const {
  return data_->warnings;
}

std::optional<CategoryIndex> Policy::find_category(std::string_view id) const {
  for (std::size_t i = 0; i < data_->categories.size(); ++i) {
    if (data_->categories[i].id == id) return static_cast<CategoryIndex>(i);
  }
  return std::nullopt;
}

CategoryMask Policy::all_categories() const {
  const auto count = data_->categories.size();
  return count >= 64 ? ~CategoryMask{0} : (CategoryMask{1} << count) - 1;
}

std::string Policy::describe(CategoryMask categories) const {
  std::string text;
  for (std::size_t i = 0; i < data_->categories.size(); ++i) {
    if (!(categories >> i & 1)) continue;
    if (!text.empty()) text += ", ";
    text += data_->categories[i].id;
  }
  return text;
}

const std::string& Policy::display_name(CategoryIndex category) const {
  const auto& entry = data_->categories[static_cast<std::size_t>(category)];
  return entry.label.empty() ? entry.id : entry.label;
}

}  // namespace yanxiu
