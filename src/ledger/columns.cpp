#include <string>
#include <utility>

#include <yanxiu/columns.hpp>

#include "util/csv.hpp"

namespace yanxiu {

namespace {

// The columns yanxiu reads from teachers.csv and records.csv, and the attributes of the shipped
// policies and the demo county.
constexpr std::string_view known_columns[] = {
    "id",        "teacher_id", "date",    "end_date",    "hours",      "category",  "activity",
    "outcome",   "level",      "count",   "certificate", "status",     "attended",  "assessment",
    "counts_as", "exempted",   "split",   "recorded_at", "birth_date", "join_date", "leave_date",
    "leave",     "school",     "subject", "stage",       "title",      "roles",     "star",
    "backbone",  "flags",      "name"};

// The Chinese names of the columns, as exports of the provincial platforms and clerks' sheets
// write them. Each alias names one column only; docs/policy-format.md lists the table.
constexpr std::pair<std::string_view, std::string_view> aliases[] = {
    {"编号", "id"},
    {"记录编号", "id"},
    {"教师编号", "teacher_id"},
    {"日期", "date"},
    {"开始日期", "date"},
    {"结束日期", "end_date"},
    {"学时", "hours"},
    {"类别", "category"},
    {"学时类别", "category"},
    {"活动", "activity"},
    {"成果", "outcome"},
    {"级别", "level"},
    {"数量", "count"},
    {"证书编号", "certificate"},
    {"状态", "status"},
    {"认证状态", "status"},
    {"出勤学时", "attended"},
    {"考核结果", "assessment"},
    {"计入类别", "counts_as"},
    {"免修", "exempted"},
    {"拆分", "split"},
    {"登记日期", "recorded_at"},
    {"出生日期", "birth_date"},
    {"入职日期", "join_date"},
    {"离职日期", "leave_date"},
    {"假期", "leave"},
    {"学校", "school"},
    {"学科", "subject"},
    {"学段", "stage"},
    {"职称", "title"},
    {"姓名", "name"},
};

}  // namespace

std::optional<std::string_view> canonical_column_name(std::string_view header) {
  return detail::canonical_name(header, aliases, known_columns);
}

}  // namespace yanxiu
