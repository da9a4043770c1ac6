// The structured explanation (docs/explanation-schema.md) against numbers worked by hand, and
// the phrase table that gives its words and the text's in every language.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <regex>
#include <set>

#include <yanxiu/explanation_json.hpp>

#include "engine/phrases.hpp"
#include "test_support.hpp"
#include "util/json_source.hpp"
#include "util/utf8.hpp"

namespace yanxiu {
namespace {

using detail::JsonKind;
using detail::JsonValue;
using ::testing::HasSubstr;

// One semester rule of 20 hours; online hours capped at 10 a semester; courses need more than
// 4/5 of their hours attended.
const char* const web_policy = R"({"format": "yanxiu-policy/1", "id": "web", "title": "网页测试",
  "source": "某县中小学教师继续教育办法",
  "calendar": {"cycle": {"start": "2024-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
  "categories": [{"id": "school", "label": "校本研修"}, {"id": "online", "label": "网络研修"},
                 {"id": "course", "label": "集中培训"}],
  "gates": [{"id": "absence", "label": "缺课达1/5及以上者不计学时", "kind": "attendance",
             "categories": ["course"], "more_than": "4/5"}],
  "caps": [{"id": "online-cap", "label": "网络研修每学期至多10学时", "categories": ["online"],
            "per": "semester", "max": 10}],
  "rules": [{"id": "term", "label": "每学期不少于20学时", "source": "三.1", "period": "semester",
             "min": 20}]})";

// Semester 1: R1 8 h school, R2 12 h online capped to 10, R3 a 5 h course with 4 attended
// (exactly 4/5, not more: gated). 8 + 10 = 18 of 20, 2 short: the plan asks 2 school hours (the
// rule's first category) by the semester's last day. Semester 2: R4 25 of 20, met.
const char* const web_teachers = "id,school\n张老师01,第一中学\n";
const char* const web_records =
    "id,teacher_id,date,hours,category,attended\n"
    "R1,张老师01,2024-10-01,8,school,8\n"
    "R2,张老师01,2024-10-02,12,online,\n"
    "R3,张老师01,2024-10-03,5,course,4\n"
    "R4,张老师01,2025-03-01,25,school,25\n";

Explanation web_explanation() {
  const Policy policy = parse_policy(web_policy, "web.json");
  const Ledger ledger = testing::make_ledger(policy, web_teachers, web_records);
  return explain(policy, ledger, 0);
}

JsonValue at(const JsonValue& value, std::string_view name) {
  for (auto& [key, member] : value.members()) {
    if (key == name) return member;
  }
  ADD_FAILURE() << "no member " << name << " in " << value.path();
  return value;
}

JsonValue at(const JsonValue& value, std::size_t index) {
  const auto elements = value.elements();
  EXPECT_LT(index, elements.size()) << value.path();
  return index < elements.size() ? elements[index] : value;
}

// An amount: an exact decimal string, never a JSON number.
std::string amount(const JsonValue& value) {
  EXPECT_EQ(value.kind(), JsonKind::string) << value.path();
  return value.text();
}

TEST(ExplanationJson, GivesTheHandWorkedVerdictsRecordsAndPlan) {
  const std::string json = explanation_json(web_explanation(), Language::zh_cn);
  EXPECT_EQ(detail::first_invalid_utf8(json), std::string::npos);
  const detail::JsonDocument document(json);
  ASSERT_TRUE(document.ok()) << json;
  const JsonValue root = document.root();
  EXPECT_EQ(at(root, "schema").text(), "yanxiu-explanation/1");
  EXPECT_EQ(at(root, "lang").text(), "zh-CN");
  EXPECT_EQ(at(at(root, "policy"), "id").text(), "web");
  EXPECT_EQ(at(at(root, "unit"), "label").text(), "学时");

  const JsonValue teacher = at(root, "teacher");
  EXPECT_EQ(at(teacher, "id").text(), "张老师01");
  EXPECT_EQ(at(at(teacher, "attributes"), "school").text(), "第一中学");
  EXPECT_EQ(at(teacher, "status").text(), "short");
  EXPECT_EQ(at(teacher, "message").text(), "1 项未达标");
  EXPECT_EQ(at(at(teacher, "dispositions"), "gated").text(), "1");

  const JsonValue verdicts = at(root, "verdicts");
  ASSERT_EQ(verdicts.elements().size(), 2U);
  const JsonValue first = at(verdicts, 0);
  EXPECT_EQ(at(first, "rule_id").text(), "term");
  EXPECT_EQ(at(at(first, "period"), "label").text(), "2024-2025/1");
  EXPECT_EQ(at(at(first, "period"), "kind_label").text(), "学期");
  EXPECT_EQ(amount(at(first, "required")), "20.00");
  EXPECT_EQ(amount(at(first, "credited")), "18.00");
  EXPECT_EQ(amount(at(first, "shortfall")), "2.00");
  EXPECT_EQ(at(first, "status").text(), "short");
  EXPECT_EQ(at(first, "status_label").text(), "未达标");
  EXPECT_EQ(at(first, "unit").text(), "hours");
  EXPECT_EQ(at(first, "message").text(), "缺口 2.00");
  EXPECT_EQ(at(at(first, "source"), "section").text(), "三.1");
  EXPECT_EQ(at(at(first, "source"), "document").text(), "某县中小学教师继续教育办法");
  const JsonValue counted = at(first, "records");
  ASSERT_EQ(counted.elements().size(), 2U);
  EXPECT_EQ(at(at(counted, 0), "record_id").text(), "R1");
  EXPECT_EQ(amount(at(at(counted, 0), "counted")), "8.00");
  EXPECT_EQ(at(at(counted, 1), "record_id").text(), "R2");
  EXPECT_EQ(amount(at(at(counted, 1), "counted")), "10.00");
  const JsonValue second = at(verdicts, 1);
  EXPECT_EQ(amount(at(second, "credited")), "25.00");
  EXPECT_EQ(at(second, "status_label").text(), "已达标");

  const JsonValue records = at(root, "records");
  ASSERT_EQ(records.elements().size(), 4U);
  const JsonValue capped = at(records, 1);
  EXPECT_EQ(at(capped, "record_id").text(), "R2");
  EXPECT_EQ(amount(at(capped, "hours")), "12.00");
  EXPECT_EQ(amount(at(capped, "credited")), "10.00");
  const JsonValue step = at(at(capped, "steps"), 0);
  EXPECT_EQ(at(step, "kind").text(), "category_cap");
  EXPECT_EQ(at(step, "ref").text(), "online-cap");
  EXPECT_EQ(amount(at(step, "before")), "12.00");
  EXPECT_EQ(amount(at(step, "after")), "10.00");
  EXPECT_EQ(at(step, "message").text(), "上限 online-cap（每学期）：12.00 → 计入 10.00");
  const JsonValue gated = at(records, 2);
  EXPECT_EQ(at(gated, "disposition").text(), "gated");
  EXPECT_EQ(at(gated, "disposition_label").text(), "未满足条件");
  EXPECT_EQ(at(at(gated, "reason"), "code").text(), "gate_attendance");
  EXPECT_EQ(at(at(gated, "reason"), "message").text(),
            "未满足 absence 缺课达1/5及以上者不计学时：出勤 4.00/5.00 学时，未超过 4/5");
  EXPECT_EQ(at(at(records, 0), "reason").kind(), JsonKind::null);

  EXPECT_EQ(at(at(at(root, "caps"), 0), "id").text(), "online-cap");
  EXPECT_EQ(amount(at(at(at(root, "caps"), 0), "max")), "10.00");
  EXPECT_EQ(at(at(at(root, "gates"), 0), "id").text(), "absence");

  const JsonValue plan = at(root, "gap_plan");
  EXPECT_EQ(at(plan, "closes_every_gap").text(), "true");
  ASSERT_EQ(at(plan, "steps").elements().size(), 1U);
  const JsonValue need = at(at(plan, "steps"), 0);
  EXPECT_EQ(amount(at(need, "amount")), "2.00");
  EXPECT_EQ(at(need, "deadline").text(), "2025-01-31");
  EXPECT_EQ(at(need, "category").text(), "school");
  EXPECT_EQ(at(need, "message").text(), "校本研修 2.00 学时");
}

TEST(ExplanationJson, EnglishHasTheSameFactsInEnglishWords) {
  const std::string json = explanation_json(web_explanation());
  const detail::JsonDocument document(json);
  ASSERT_TRUE(document.ok()) << json;
  const JsonValue first = at(at(document.root(), "verdicts"), 0);
  EXPECT_EQ(at(document.root(), "lang").text(), "en");
  EXPECT_EQ(amount(at(first, "credited")), "18.00");
  EXPECT_EQ(at(first, "status_label").text(), "short");
  EXPECT_EQ(at(first, "message").text(), "2.00 short");
}

// Every phrase in every language, with the same placeholders; the Chinese without a Latin
// letter, so no English framing word is left in it.
TEST(ExplanationJson, EveryPhraseHasEveryLanguage) {
  const std::regex placeholder(R"(\{[1-9]\})");
  for (int p = 0; p < detail::phrase_count; ++p) {
    const auto phrase = static_cast<detail::Phrase>(p);
    const std::string en(detail::phrase(phrase, Language::en));
    const std::string zh(detail::phrase(phrase, Language::zh_cn));
    EXPECT_FALSE(en.empty()) << p;
    EXPECT_FALSE(zh.empty()) << p << " " << en;
    std::multiset<std::string> en_slots, zh_slots;
    for (std::sregex_iterator i(en.begin(), en.end(), placeholder), end; i != end; ++i)
      en_slots.insert(i->str());
    for (std::sregex_iterator i(zh.begin(), zh.end(), placeholder), end; i != end; ++i)
      zh_slots.insert(i->str());
    EXPECT_EQ(en_slots, zh_slots) << en << " / " << zh;
    EXPECT_FALSE(std::regex_search(zh, std::regex("[A-Za-z]"))) << zh;
  }
}

// The zh-CN report and JSON messages carry no English word of the table: only the policy's ids.
TEST(ExplanationJson, ChineseOutputLeavesNoEnglishFramingWord) {
  const Explanation explanation = web_explanation();
  const std::string text = explanation_report(explanation, Language::zh_cn);
  const std::string json = explanation_json(explanation, Language::zh_cn);
  const std::set<std::string> ids = {"school",  "online",  "course",   "term",
                                     "absence", "records", "teachers", "cap"};
  std::set<std::string> words;
  const std::regex word("[A-Za-z]{3,}");
  for (int p = 0; p < detail::phrase_count; ++p) {
    const std::string en(detail::phrase(static_cast<detail::Phrase>(p), Language::en));
    for (std::sregex_iterator i(en.begin(), en.end(), word), end; i != end; ++i) {
      if (!ids.count(i->str())) words.insert(i->str());
    }
  }
  // Codes are English on purpose; labels and messages are what a person reads.
  std::string messages;
  const std::regex human(
      R"re("(?:label|message|kind_label|status_label|disposition_label|state_label|per_label|unit_label)": ("(?:[^"\\]|\\.)*"))re");
  for (std::sregex_iterator i(json.begin(), json.end(), human), end; i != end; ++i)
    messages += (*i)[1].str() + "\n";
  ASSERT_THAT(messages, HasSubstr("未达标"));
  ASSERT_THAT(text, HasSubstr("补足缺口所需"));
  for (const auto& english : words) {
    const std::regex whole("\\b" + english + "\\b");
    EXPECT_FALSE(std::regex_search(text, whole)) << english << "\n" << text;
    EXPECT_FALSE(std::regex_search(messages, whole)) << english << "\n" << messages;
  }
}

TEST(ExplanationJson, LanguagesByTag) {
  EXPECT_EQ(parse_language("zh-CN"), Language::zh_cn);
  EXPECT_EQ(parse_language("zh_cn"), Language::zh_cn);
  EXPECT_EQ(parse_language("EN"), Language::en);
  EXPECT_EQ(parse_language("fr"), std::nullopt);
  EXPECT_EQ(to_string(Language::zh_cn), "zh-CN");
}

}  // namespace
}  // namespace yanxiu
