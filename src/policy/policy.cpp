#include <yanxiu/policy.hpp>

#include "policy/policy_data.hpp"

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
const std::string& Policy::digest() const {
  return data_->digest;
}
const std::string& Policy::canonical_json() const {
  return data_->canonical_json;
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
std::span<const CountyChoice> Policy::county_choices() const {
  return data_->county_choices;
}
std::span<const Diagnostic> Policy::warnings() const {
  return data_->warnings;
}
std::span<const AttributeSpec> Policy::attributes() const {
  return data_->attributes;
}
std::span<const Conversion> Policy::conversions() const {
  return data_->conversions;
}
std::span<const Gate> Policy::gates() const {
  return data_->gates;
}
std::span<const CategoryCap> Policy::category_caps() const {
  return data_->category_caps;
}
const CreditBank& Policy::credit_bank() const {
  return data_->credit_bank;
}
const Certification& Policy::certification() const {
  return data_->certification;
}
const CreditUnit& Policy::unit() const {
  return data_->unit;
}
std::span<const Exemption> Policy::exemptions() const {
  return data_->exemptions;
}
std::span<const Decision> Policy::decisions() const {
  return data_->decisions;
}
std::span<const Rubric> Policy::rubrics() const {
  return data_->rubrics;
}
std::span<const Ladder> Policy::ladders() const {
  return data_->ladders;
}

std::span<const GroupKind> Policy::group_kinds() const {
  return data_->group_kinds;
}

const GroupKind* Policy::find_group_kind(std::string_view id) const {
  for (const auto& kind : data_->group_kinds) {
    if (kind.id == id) return &kind;
  }
  return nullptr;
}

std::optional<RuleIndex> Policy::find_rule(std::string_view id) const {
  for (std::size_t i = 0; i < data_->rules.size(); ++i) {
    if (data_->rules[i].id == id) return static_cast<RuleIndex>(i);
  }
  return std::nullopt;
}

const Conversion* Policy::find_conversion(std::string_view outcome) const {
  for (const auto& conversion : data_->conversions) {
    if (conversion.outcome == outcome) return &conversion;
  }
  return nullptr;
}

const Rubric* Policy::find_rubric(std::string_view id) const {
  for (const auto& rubric : data_->rubrics) {
    if (rubric.id == id) return &rubric;
  }
  return nullptr;
}

const Ladder* Policy::find_ladder(std::string_view id) const {
  for (const auto& ladder : data_->ladders) {
    if (ladder.id == id) return &ladder;
  }
  return nullptr;
}

std::string_view to_string(AttributeType type) {
  switch (type) {
    case AttributeType::text:
      return "text";
    case AttributeType::number:
      return "number";
    case AttributeType::date:
      return "date";
    case AttributeType::list:
      return "list";
  }
  return "?";
}

std::string_view to_string(RuleKind kind) {
  switch (kind) {
    case RuleKind::quota:
      return "quota";
    case RuleKind::count:
      return "count";
    case RuleKind::choice:
      return "choice";
  }
  return "?";
}

std::string_view to_string(GateKind kind) {
  switch (kind) {
    case GateKind::attendance:
      return "attendance";
    case GateKind::assessment:
      return "assessment";
    case GateKind::certificate:
      return "certificate";
    case GateKind::evidence:
      return "evidence";
  }
  return "?";
}

std::string_view to_string(RecordStatus status) {
  switch (status) {
    case RecordStatus::certified:
      return "certified";
    case RecordStatus::pending:
      return "pending";
    case RecordStatus::rejected:
      return "rejected";
    case RecordStatus::group_certified:
      return "group_certified";
  }
  return "?";
}

std::optional<RecordStatus> parse_record_status(std::string_view text) {
  for (auto status : {RecordStatus::certified, RecordStatus::pending, RecordStatus::rejected,
                      RecordStatus::group_certified}) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
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

std::size_t verdicts_per_teacher(const Calendar& calendar, std::span<const Rule> rules) {
  std::size_t verdicts = 0;
  for (const Rule& rule : rules)
    verdicts += calendar.periods(rule.period).size() * (1 + rule.parts.size());
  return verdicts;
}

}  // namespace yanxiu
