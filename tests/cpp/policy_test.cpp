#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <thread>

#include <yanxiu/policy.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::expect_first_load_error;
using testing::replaced;

using ::testing::HasSubstr;

// A valid policy, one key per line so that each line number below is easy to check.
const std::string base_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "p",
  "calendar": {
    "cycle": {"start": "2017-09-01", "years": 5},
    "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]
  },
  "categories": [
    {"id": "online"},
    {"id": "school", "groups": ["offline"]},
    {"id": "workshop", "groups": ["offline"]}
  ],
  "rules": [
    {"id": "total", "period": "cycle", "min": 300},
    {"id": "offline", "period": "semester", "categories": ["@offline"], "min": 30,
     "parts": [{"id": "school", "categories": ["school"], "min": 12}]}
  ]
})";

TEST(Policy, LoadsTheDaliPolicy) {
  const Policy policy = testing::dali_policy();
  EXPECT_EQ(policy.id(), "dali-2017");
  EXPECT_EQ(policy.title(), "大荔县校本研修培训五年行动方案");
  ASSERT_EQ(policy.categories().size(), 5u);
  EXPECT_EQ(policy.categories()[1].label, "学校研修");
  ASSERT_EQ(policy.rules().size(), 5u);
  // S0.1-S0.4: 300 a cycle, 60 a year, 30 a semester, offline 30 = 12 + 8 + 4 + 6.
  EXPECT_EQ(policy.rules()[0].min, Hours::whole(300));
  EXPECT_EQ(policy.rules()[0].period, PeriodKind::cycle);
  EXPECT_EQ(policy.rules()[1].min, Hours::whole(60));
  EXPECT_EQ(policy.rules()[1].period, PeriodKind::academic_year);
  EXPECT_EQ(policy.rules()[2].min, Hours::whole(30));
  const Rule& offline = policy.rules()[3];
  EXPECT_EQ(offline.min, Hours::whole(30));
  EXPECT_EQ(offline.categories, policy.category_groups()[0].members);
  EXPECT_EQ(policy.describe(offline.categories), "school, workshop, self, holiday");
  ASSERT_EQ(offline.parts.size(), 4u);
  EXPECT_EQ(
      offline.parts[0].min + offline.parts[1].min + offline.parts[2].min + offline.parts[3].min,
      Hours::whole(30));
  EXPECT_EQ(offline.position.line, 83);
  EXPECT_EQ(offline.position.path, "rules[3]");
}

TEST(Policy, TheBaseOfTheseTestsIsValid) {
  const Policy policy = parse_policy(base_policy, "p.json");
  EXPECT_EQ(policy.rules()[1].parts[0].id, "school");
  EXPECT_EQ(policy.all_categories(), 0b111u);
}

TEST(Policy, MisspeltKeySuggestsTheRightOne) {
  expect_first_load_error(replaced(base_policy, R"({"id": "total", "period": "cycle", "min": 300})",
                                   R"({"id": "total", "period": "cycle", "minimun": 300})"),
                          14, "rules[0].minimun", "unknown key; did you mean \"min\"?");
}

TEST(Policy, UnknownTopLevelKeyListsTheKeys) {
  expect_first_load_error(
      replaced(base_policy, "\"id\": \"p\",", "\"id\": \"p\", \"teachers\": 1,"), 3, "teachers",
      "unknown key; expected one of \"format\"");
}

TEST(Policy, WrongTypes) {
  expect_first_load_error(replaced(base_policy, "\"min\": 300", "\"min\": \"300\""), 14,
                          "rules[0].min", "expected a number, found a string");
  expect_first_load_error(replaced(base_policy, "\"years\": 5", "\"years\": 5.5"), 5,
                          "calendar.cycle.years",
                          "expected a whole number from 1 to 50, found 5.5");
  expect_first_load_error(replaced(base_policy, "[\"@offline\"]", "\"@offline\""), 15,
                          "rules[1].categories", "expected an array, found a string");
}

TEST(Policy, HoursMustBeExact) {
  expect_first_load_error(replaced(base_policy, "\"min\": 300", "\"min\": 30.005"), 14,
                          "rules[0].min", "more than two decimal places");
  expect_first_load_error(replaced(base_policy, "\"min\": 300", "\"min\": 3e2"), 14, "rules[0].min",
                          "not a decimal number");
  expect_first_load_error(replaced(base_policy, "\"min\": 300", "\"min\": -1"), 14, "rules[0].min",
                          "negative");
}

TEST(Policy, BadDates) {
  expect_first_load_error(replaced(base_policy, "2017-09-01", "2017-09-31"), 5,
                          "calendar.cycle.start", "\"2017-09-31\" is not a date");
  expect_first_load_error(replaced(base_policy, "\"start\": \"02-01\"", "\"start\": \"2-1\""), 6,
                          "calendar.semesters[1].start", "is not a month-day (MM-DD)");
  expect_first_load_error(replaced(base_policy, "2017-09-01", "2017-09-02"), 4, "calendar",
                          "not on the first semester's start (09-01)");
}

TEST(Policy, DuplicateIds) {
  expect_first_load_error(replaced(base_policy, "{\"id\": \"workshop\"", "{\"id\": \"school\""), 11,
                          "categories[2].id", "duplicate category id \"school\"");
  expect_first_load_error(replaced(base_policy, "{\"id\": \"offline\"", "{\"id\": \"total\""), 15,
                          "rules[1]", "duplicate rule id \"total\"");
  expect_first_load_error(replaced(base_policy, "\"id\": \"p\",", "\"id\": \"p\", \"id\": \"q\","),
                          3, "id", "duplicate key");
}

TEST(Policy, UnknownCategoriesAndGroups) {
  expect_first_load_error(replaced(base_policy, "[\"school\"]", "[\"shcool\"]"), 16,
                          "rules[1].parts[0].categories[0]",
                          "unknown category \"shcool\"; did you mean \"school\"?");
  expect_first_load_error(replaced(base_policy, "[\"@offline\"]", "[\"@ofline\"]"), 15,
                          "rules[1].categories[0]",
                          "unknown category group \"@ofline\"; did you mean \"@offline\"?");
  expect_first_load_error(replaced(base_policy, "[\"@offline\"]", "[\"@teachers\"]"), 15,
                          "rules[1].categories[0]", "no category lists it");
  expect_first_load_error(replaced(base_policy, "[\"@offline\"]", "[]"), 15, "rules[1].categories",
                          "an empty list counts nothing");
}

TEST(Policy, MinAboveMax) {
  expect_first_load_error(replaced(base_policy, "\"min\": 300", "\"min\": 300, \"max\": 200"), 14,
                          "rules[0].max", "max 200.00 is below min 300.00");
}

TEST(Policy, PartsInsideTheirRule) {
  expect_first_load_error(replaced(base_policy, "\"min\": 12", "\"min\": 31"), 16, "rules[1].parts",
                          "the parts' minimums add up to 31.00, more than the rule's min 30.00");
  expect_first_load_error(replaced(base_policy, "[\"school\"]", "[\"online\"]"), 16,
                          "rules[1].parts[0].categories",
                          "the part counts \"online\", which the rule itself does not count");
}

TEST(Policy, UnknownPeriodAndFormat) {
  expect_first_load_error(replaced(base_policy, "\"period\": \"cycle\"", "\"period\": \"semster\""),
                          14, "rules[0].period",
                          "unknown period \"semster\"; did you mean \"semester\"?");
  expect_first_load_error(replaced(base_policy, "yanxiu-policy/1", "yanxiu-policy/2"), 2, "format",
                          "unsupported format \"yanxiu-policy/2\"");
  expect_first_load_error(replaced(base_policy, "\"format\": \"yanxiu-policy/1\",\n", ""), 1, "",
                          "missing required key \"format\"");
}

TEST(Policy, SyntaxErrorsHaveTheirLine) {
  expect_first_load_error(replaced(base_policy, "\"min\": 300}", "\"min\": 300,}"), 14, "",
                          "invalid JSON");
}

TEST(Policy, ReportsEveryProblemAtOnce) {
  std::string json = replaced(base_policy, "\"min\": 300", "\"minimum\": 300");
  json = replaced(json, "[\"school\"]", "[\"shcool\"]");
  try {
    parse_policy(json, "p.json");
    FAIL();
  } catch (const PolicyError& error) {
    ASSERT_EQ(error.diagnostics().size(), 3u)
        << error.what();  // the unknown key, no min, the category
    EXPECT_THAT(
        error.what(),
        HasSubstr("p.json:14: error: rules[0].minimum: unknown key; did you mean \"min\"?"));
    EXPECT_THAT(error.what(),
                HasSubstr("p.json:14: error: rules[0]: missing required key \"min\""));
    EXPECT_THAT(error.what(),
                HasSubstr("p.json:16: error: rules[1].parts[0].categories[0]: unknown category"));
  }
}

TEST(Policy, RefusesDeepNestingBeforeParsing) {
  const std::string deep =
      "{\"format\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  expect_first_load_error(deep, 1, "", "nested deeper than the limit of 64 levels (json_depth)");
}

TEST(Policy, Selectors) {
  const Policy policy = parse_policy(replaced(base_policy, "\"min\": 300}", R"("min": 300,
      "applies_to": {"any": [{"title": {"in": ["senior", "intermediate"]}}, {"age": {"lt": 45}}],
                     "not": {"role": "cadre"}}})"));
  const Selector& selector = policy.rules()[0].applies_to;
  EXPECT_FALSE(selector.matches_everyone());
  EXPECT_EQ(selector.nodes[0].op, SelectorOp::all);
  expect_first_load_error(
      replaced(base_policy, "\"min\": 300}", R"("min": 300, "applies_to": {"age": {"less": 45}}})"),
      14, "rules[0].applies_to.age.less", "unknown comparison \"less\"; did you mean");
  expect_first_load_error(
      replaced(base_policy, "\"min\": 300}", R"("min": 300, "applies_to": {}})"), 14,
      "rules[0].applies_to", "an empty condition");
}

TEST(Policy, MissingFile) {
  try {
    load_policy("/nonexistent/policy.json");
    FAIL();
  } catch (const PolicyError& error) {
    EXPECT_EQ(error.file(), "/nonexistent/policy.json");
    EXPECT_THAT(error.message(), HasSubstr("cannot open"));
  }
}

TEST(Policy, CopiesShareOneImmutableInstance) {
  const Policy policy = testing::dali_policy();
  const Policy copy = policy;
  EXPECT_EQ(&policy.rules()[0], &copy.rules()[0]);
  std::vector<std::thread> readers;
  std::atomic<int> found{0};
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([copy, &found] {
      for (int k = 0; k < 1000; ++k)
        found += copy.find_category("holiday").has_value() ? 1 : 0;
    });
  }
  for (auto& reader : readers)
    reader.join();
  EXPECT_EQ(found, 4000);
}

}  // namespace
}  // namespace yanxiu

namespace yanxiu {
namespace {

// A small valid policy with every section of the credit pipeline, to break one piece at a time.
const std::string credit_policy = R"({
  "format": "yanxiu-policy/1",
  "id": "c",
  "calendar": {"cycle": {"start": "2024-09-01", "years": 1},
               "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}],
               "phases": [{"id": "term", "start": "2024-09-02", "end": "2025-01-12"}]},
  "categories": [{"id": "course"}, {"id": "online"}],
  "attributes": [{"id": "title", "type": "text", "values": ["junior", "senior"]},
                 {"id": "roles", "type": "list"}],
  "conversions": [{"id": "paper", "outcome": "paper", "category": "course",
                   "rates": {"city": 8, "provincial": {"min": 10, "max": 20}},
                   "cap": {"per": "academic_year", "hours": 20}}],
  "gates": [{"id": "cert", "kind": "certificate", "categories": ["online"]}],
  "rules": [{"id": "total", "period": "academic_year", "min": 60, "applies_to": {"title": "senior"}},
            {"id": "watch", "kind": "count", "period": "week", "activity": "observation", "min": 3, "phases": ["term"]}],
  "exemptions": [{"id": "ex", "when": {"roles": {"has": "cadre"}}, "waives": ["total"]}]
})";

TEST(PolicyCredits, TheBaseOfTheseTestsIsValid) {
  const Policy policy = parse_policy(credit_policy, "c.json");
  ASSERT_EQ(policy.conversions().size(), 1u);
  EXPECT_EQ(policy.conversions()[0].rates[1].level, "provincial");
  EXPECT_EQ(policy.conversions()[0].rates[1].min, Hours::whole(10));
  EXPECT_EQ(policy.conversions()[0].rates[1].max, Hours::whole(20));
  EXPECT_EQ(policy.conversions()[0].caps[0].per, PeriodKind::academic_year);
  EXPECT_EQ(policy.gates()[0].kind, GateKind::certificate);
  EXPECT_EQ(policy.rules()[1].kind, RuleKind::count);
  EXPECT_EQ(policy.rules()[1].min, Hours::whole(3));
  EXPECT_EQ(policy.rules()[1].phases, std::vector<int>{0});
  EXPECT_EQ(policy.exemptions()[0].waives[0].rule, 0);
}

TEST(PolicyCredits, DeclaredAttributesCatchTypos) {
  expect_first_load_error(
      replaced(credit_policy, R"({"title": "senior"})", R"({"titel": "senior"})"), 14,
      "rules[0].applies_to.titel", "unknown attribute \"titel\"; did you mean \"title\"?");
  expect_first_load_error(
      replaced(credit_policy, R"({"title": "senior"})", R"({"title": "seniro"})"), 14,
      "rules[0].applies_to.title",
      "\"seniro\" is not a declared value of \"title\"; did you mean \"senior\"?");
  expect_first_load_error(
      replaced(credit_policy, R"({"title": "senior"})", R"({"title": {"has": "senior"}})"), 14,
      "rules[0].applies_to.title.has", "\"title\" is not a list");
  expect_first_load_error(
      replaced(credit_policy, R"({"title": "senior"})", R"({"age": {"lt": "45"}})"), 14,
      "rules[0].applies_to.age.lt", "\"age\" is a number; compare it with a number");
}

TEST(PolicyCredits, ConversionsAreChecked) {
  expect_first_load_error(
      replaced(credit_policy, R"("min": 10, "max": 20})", R"("min": 20, "max": 10})"), 11,
      "conversions[0].rates.provincial.max", "max 10.00 is below min 20.00");
  expect_first_load_error(
      replaced(credit_policy, R"("category": "course",)", R"("category": "cours",)"), 10,
      "conversions[0].category", "unknown category \"cours\"; did you mean \"course\"?");
  expect_first_load_error(
      replaced(credit_policy, R"("rates": {"city": 8,)", R"("hours": 8, "rates": {"city": 8,)"), 11,
      "conversions[0].rates", "give \"hours\" (one rate) or \"rates\" (by level), not both");
  expect_first_load_error(replaced(credit_policy, R"({"per": "academic_year", "hours": 20})",
                                   R"({"per": "week", "hours": 20})"),
                          12, "conversions[0].cap.per", "period \"week\" does not apply here");
}

TEST(PolicyCredits, GatesAndRuleKindsTakeTheirOwnKeys) {
  expect_first_load_error(replaced(credit_policy, R"("kind": "certificate",)",
                                   R"("kind": "certificate", "min_percent": 80,)"),
                          13, "gates[0].min_percent",
                          "a gate of kind \"certificate\" has no \"min_percent\"");
  expect_first_load_error(
      replaced(credit_policy, R"("kind": "certificate",)", R"("kind": "certificat",)"), 13,
      "gates[0].kind", "unknown gate kind \"certificat\"; did you mean \"certificate\"?");
  expect_first_load_error(
      replaced(credit_policy, R"("activity": "observation", "min": 3,)", R"("min": 3,)"), 15,
      "rules[1]", "a count rule needs \"activity\"");
  expect_first_load_error(replaced(credit_policy, R"("activity": "observation", "min": 3,)",
                                   R"("activity": "observation", "min": 3, "max": 5,)"),
                          15, "rules[1].max", "a count rule has no \"max\"");
  expect_first_load_error(replaced(credit_policy, R"("min": 3, "phases": ["term"])",
                                   R"("min": 2.5, "phases": ["term"])"),
                          15, "rules[1].min", "expected a whole number");
  expect_first_load_error(replaced(credit_policy, R"("phases": ["term"])", R"("phases": ["trem"])"),
                          15, "rules[1].phases[0]",
                          "unknown phase \"trem\"; did you mean \"term\"?");
  std::string many = "\"a0\"";
  for (int k = 1; k <= 64; ++k)
    many += ", \"a" + std::to_string(k) + "\"";
  expect_first_load_error(
      replaced(credit_policy,
               R"("kind": "count", "period": "week", "activity": "observation", "min": 3,)",
               R"("kind": "choice", "period": "week", "exactly_one": [)" + many + "],"),
      15, "rules[1].exactly_one", "a choice is among at most 64 activities, not 65");
}

TEST(PolicyCredits, CarryOverAndExemptionsAreChecked) {
  expect_first_load_error(replaced(credit_policy, R"("min": 3, "phases")",
                                   R"("min": 3, "carry_over": {"max": 5}, "phases")"),
                          15, "rules[1].carry_over", "a count rule has no \"carry_over\"");
  // The key named is read from a value the check keeps (clang's -Wdangling-gsl found it read
  // from a temporary already destroyed).
  expect_first_load_error(replaced(credit_policy, R"("period": "academic_year", "min": 60,)",
                                   R"("period": "cycle", "min": 60, "fill_deficits": true,)"),
                          14, "rules[0].fill_deficits",
                          "a cycle rule has no next period to move hours to");
  expect_first_load_error(
      replaced(credit_policy, R"("waives": ["total"])", R"("waives": ["totl"])"), 16,
      "exemptions[0].waives[0]", "unknown rule \"totl\"; did you mean \"total\"?");
  expect_first_load_error(
      replaced(credit_policy, R"("waives": ["total"])", R"("waives": ["total/part"])"), 16,
      "exemptions[0].waives[0]", "rule \"total\" has no part \"part\"");
}

TEST(Policy, CountysChoiceIsMarkedListedAndChecked) {
  // A plain string is the document's section; an object may say the number is the county's.
  const Policy policy = parse_policy(
      replaced(
          base_policy, R"({"id": "total", "period": "cycle", "min": 300})",
          R"({"id": "total", "period": "cycle", "min": 300, "source": {"section": "三.1", "choice": "county", "note": "the plan's 300 spread over our calendar"}})"),
      "p.json");
  EXPECT_EQ(policy.rules()[0].source,
            "三.1 · 县定 county's choice: the plan's 300 spread over our calendar");
  ASSERT_EQ(policy.county_choices().size(), 1u);
  EXPECT_EQ(policy.county_choices()[0].section, "三.1");
  EXPECT_EQ(policy.county_choices()[0].position.line, 14);
  EXPECT_EQ(policy.county_choices()[0].position.path, "rules[0].source");
  // "document" is the string form; the base policy's sources are strings: nothing listed.
  const Policy document = parse_policy(
      replaced(
          base_policy, R"({"id": "total", "period": "cycle", "min": 300})",
          R"({"id": "total", "period": "cycle", "min": 300, "source": {"section": "三.1", "choice": "document"}})"),
      "p.json");
  EXPECT_EQ(document.rules()[0].source, "三.1");
  EXPECT_TRUE(document.county_choices().empty());
  expect_first_load_error(
      replaced(base_policy, R"({"id": "total", "period": "cycle", "min": 300})",
               R"({"id": "total", "period": "cycle", "min": 300, "source": {"choice": "county"}})"),
      14, "rules[0].source", "missing required key \"note\"");
  expect_first_load_error(
      replaced(
          base_policy, R"({"id": "total", "period": "cycle", "min": 300})",
          R"({"id": "total", "period": "cycle", "min": 300, "source": {"choice": "mine", "note": "x"}})"),
      14, "rules[0].source.choice", "\"mine\" is not a choice");
}

}  // namespace
}  // namespace yanxiu
