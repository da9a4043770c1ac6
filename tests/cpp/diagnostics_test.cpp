#include <gtest/gtest.h>

#include <yanxiu/diagnostics.hpp>

namespace yanxiu {
namespace {

TEST(Diagnostics, FormatsFileLinePathMessage) {
  EXPECT_EQ(to_string({Severity::error, "dali.json", 14, "rules[2].minimun", "unknown key"}),
            "dali.json:14: error: rules[2].minimun: unknown key");
  EXPECT_EQ(to_string({Severity::warning, "records.csv", 3, "", "blank"}),
            "records.csv:3: warning: blank");
  EXPECT_EQ(to_string({Severity::error, "p.json", 0, "", "cannot open"}),
            "p.json: error: cannot open");
}

TEST(Diagnostics, SuggestsTheClosestName) {
  const std::vector<std::string_view> keys = {"id", "period", "categories", "min", "max", "parts"};
  EXPECT_EQ(closest_match("minimun", keys), "min");  // a spelled-out name
  EXPECT_EQ(closest_match("perod", keys), "period");
  EXPECT_EQ(closest_match("categores", keys), "categories");
  EXPECT_EQ(closest_match("teachers", keys), "");  // nothing close
}

TEST(Diagnostics, ErrorCarriesEveryFinding) {
  const PolicyError error({{Severity::error, "a.json", 2, "x", "first"},
                           {Severity::error, "a.json", 5, "y", "second"}});
  EXPECT_EQ(error.line(), 2);
  EXPECT_EQ(error.path(), "x");
  EXPECT_STREQ(error.what(), "a.json:2: error: x: first\na.json:5: error: y: second");
}

TEST(Diagnostics, CountsErrorsAndWarnings) {
  Diagnostics diagnostics;
  diagnostics.error("f", 1, "", "e");
  diagnostics.warning("f", 2, "", "w");
  EXPECT_EQ(diagnostics.error_count(), 1u);
  EXPECT_EQ(diagnostics.warning_count(), 1u);
  EXPECT_TRUE(diagnostics.has_errors());
}

}  // namespace
}  // namespace yanxiu
