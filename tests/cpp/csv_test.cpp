#include "util/csv.hpp"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

namespace yanxiu::detail {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string_view> fields;
  while (reader.next_row(fields))
    rows.emplace_back(fields.begin(), fields.end());
  return rows;
}

TEST(Csv, PlainRowsSplitExactlyAtCommas) {
  // Every length around the 8-byte steps, commas anywhere, and the bytes next to ',' in ASCII
  // ('+', '-', '.') that a word-at-a-time search could mistake for it.
  std::mt19937 random(7);
  const std::string alphabet = "ab+-.,,0";
  for (int length = 0; length < 40; ++length) {
    for (int trial = 0; trial < 50; ++trial) {
      std::string row;
      for (int i = 0; i < length; ++i)
        row += alphabet[random() % alphabet.size()];
      std::vector<std::string> expected;
      std::string field;
      for (const char c : row) {
        if (c == ',') {
          expected.push_back(field);
          field.clear();
        } else {
          field += c;
        }
      }
      expected.push_back(field);
      if (row.empty()) continue;  // a blank line holds no row
      const auto rows = read_all(row + "\r\n");
      ASSERT_EQ(rows.size(), 1u) << row;
      EXPECT_EQ(rows[0], expected) << row;
    }
  }
}

TEST(Csv, QuotedFieldsLineEndsAndLineNumbers) {
  CsvReader reader("a,\"b,\"\"c\"\"\"\n\n\"multi\nline\",x\rlast,row");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next_row(fields));
  EXPECT_EQ(reader.line(), 1);
  EXPECT_EQ(fields, (std::vector<std::string_view>{"a", "b,\"c\""}));
  ASSERT_TRUE(reader.next_row(fields));
  EXPECT_EQ(reader.line(), 3);
  EXPECT_EQ(fields, (std::vector<std::string_view>{"multi\nline", "x"}));
  ASSERT_TRUE(reader.next_row(fields));
  EXPECT_EQ(reader.line(), 5);
  EXPECT_EQ(fields, (std::vector<std::string_view>{"last", "row"}));
  EXPECT_FALSE(reader.next_row(fields));
}

TEST(Csv, AStretchStartsAtItsLine) {
  CsvReader reader("p,q\n", 42);
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next_row(fields));
  EXPECT_EQ(reader.line(), 42);
  EXPECT_EQ(reader.next_line(), 43);
}

}  // namespace
}  // namespace yanxiu::detail
