#include <gtest/gtest.h>

#include <yanxiu/hours.hpp>

namespace yanxiu {
namespace {

TEST(Hours, ParsesDecimalsExactly) {
  EXPECT_EQ(parse_hours("12")->hundredths(), 1200);
  EXPECT_EQ(parse_hours("1.5")->hundredths(), 150);
  EXPECT_EQ(parse_hours("1.50")->hundredths(), 150);
  EXPECT_EQ(parse_hours("0.01")->hundredths(), 1);
  EXPECT_EQ(parse_hours(".5")->hundredths(), 50);
  EXPECT_EQ(parse_hours("-3")->hundredths(), -300);
  EXPECT_EQ(parse_hours("+3")->hundredths(), 300);
  // 0.1 + 0.2 is exactly 0.3 here, which binary floating point cannot say.
  EXPECT_EQ(*parse_hours("0.1") + *parse_hours("0.2"), *parse_hours("0.3"));
}

TEST(Hours, RejectsWhatIsNotAnExactAmount) {
  HoursSyntax why = HoursSyntax::ok;
  EXPECT_FALSE(parse_hours("1.505", &why));
  EXPECT_EQ(why, HoursSyntax::too_many_decimals);
  EXPECT_FALSE(parse_hours("1e2", &why));
  EXPECT_EQ(why, HoursSyntax::not_a_number);
  EXPECT_FALSE(parse_hours("", &why));
  EXPECT_EQ(why, HoursSyntax::empty);
  EXPECT_FALSE(parse_hours("1.", &why));
  EXPECT_FALSE(parse_hours(".", &why));
  EXPECT_FALSE(parse_hours("1,5", &why));
  EXPECT_FALSE(parse_hours("12 h", &why));
  EXPECT_FALSE(parse_hours("1234567890123", &why));
  EXPECT_EQ(why, HoursSyntax::too_large);
}

TEST(Hours, PrintsTwoDecimals) {
  EXPECT_EQ(to_string(Hours::whole(30)), "30.00");
  EXPECT_EQ(to_string(Hours::from_hundredths(1605)), "16.05");
  EXPECT_EQ(to_string(Hours::from_hundredths(-250)), "-2.50");
  EXPECT_EQ(to_string(Hours()), "0.00");
}

}  // namespace
}  // namespace yanxiu
