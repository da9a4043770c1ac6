// records.csv read in stretches on threads: whatever the thread count and wherever the stretches
// are cut - inside quoted fields that hold line breaks, commas and doubled quotes, between CR and
// LF, after a stray quote - the ledger, its messages and their line numbers are those of one
// reading of the whole file, and every row is accounted for.

#include <gtest/gtest.h>
#include <string>
#include <vector>

#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;

/// Sets how records.csv is cut for the life of the object.
class Stretching {
 public:
  Stretching(unsigned threads, std::size_t bytes) : saved_(detail::csv_stretching()) {
    detail::csv_stretching() = {threads, bytes};
  }
  ~Stretching() { detail::csv_stretching() = saved_; }
  Stretching(const Stretching&) = delete;
  Stretching& operator=(const Stretching&) = delete;

 private:
  detail::CsvStretching saved_;
};

constexpr int teacher_count = 7;

std::string teachers_csv() {
  std::string text = "id,school\n";
  for (int t = 0; t < teacher_count; ++t)
    text += "T" + std::to_string(t) + ",S1\n";
  return text;
}

// `rows` records of every shape a real export has, good and bad, CRLF line ends and a BOM.
// Row i is one logical row (a row spanning lines is one), so that accepted + invalid == rows.
std::string records_csv(int rows) {
  std::string text = "\xEF\xBB\xBFid,teacher_id,date,hours,category,certificate,activity\r\n";
  for (int i = 0; i < rows; ++i) {
    const std::string id = "R" + std::to_string(i);
    const std::string teacher = "T" + std::to_string(i * 5 % teacher_count);
    const std::string date = "2018-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
    const std::string head = id + "," + teacher + "," + date + ",";
    switch (i % 20) {
      case 0:  // a stray quote, every other time; five plain rows follow before the next quote
        text += i % 40 == 0 ? head + "1,school,\"never closed,\r\n" : head + "1,school,,\r\n";
        break;
      case 6:
        text += head + "2,school,\"a, b and c\",\r\n";
        break;
      case 7:
        text += head + "2.5,workshop,\"first line\r\nsecond line\",研讨\r\n";
        break;
      case 8:
        text += head + "3,school,\"the \"\"best\"\" one\",\r\n\r\n";  // and a blank line
        break;
      case 9:
        text += id + "," + teacher + ",2018-13-01,1,school,,\r\n";
        break;
      case 11:
        text += id + "," + teacher + "\r\n";
        break;
      case 12:
        text += id + ",nobody," + date + ",1,school,,\r\n";
        break;
      case 13:
        text += head + " 1.5 , school ,,\r\n";
        break;
      case 14:
        text += "R" + std::to_string(i - 1) + "," + teacher + "," + date + ",1,school,,\r\n";
        break;
      case 15:
        text += head + "4,online,\"one\ntwo\r\nthree\",\"x\"\r\n";
        break;
      case 16:
        text += head + "1,school,, \"padded\" \r\n";
        break;
      default:
        text += head + std::to_string(i % 7) + ".2" + std::to_string(i % 10) + ",self,,\n";
    }
  }
  return text;
}

// Every value of every record, row by row, and every message: what "the same ledger" means.
std::vector<std::string> everything(const Ledger& ledger) {
  std::vector<std::string> out;
  const RecordColumns& r = ledger.records();
  for (std::size_t i = 0; i < r.size(); ++i) {
    out.push_back(std::string(r.id[i]) + "|" + std::to_string(r.teacher[i]) + "|" +
                  std::to_string(r.start_day[i]) + "|" + std::to_string(r.end_day[i]) + "|" +
                  std::to_string(r.hours[i]) + "|" + std::to_string(r.category[i]) + "|" +
                  std::to_string(static_cast<int>(r.intake[i])) + "|" + std::to_string(r.file[i]) +
                  ":" + std::to_string(r.line[i]) + "|" + std::string(r.certificate[i]) + "|" +
                  std::string(r.activity[i]) + "|" + std::to_string(r.activity.ids[i]));
  }
  for (const auto& d : ledger.diagnostics().items())
    out.push_back(to_string(d));
  out.push_back(summary_line(ledger.intake_counts()));
  return out;
}

Ledger read(const std::string& records, const InputLimits& limits = {}) {
  LedgerBuilder builder(dali_policy(), limits);
  builder.read_teachers_text(teachers_csv(), "teachers.csv");
  builder.read_records_text(records, "records.csv");
  return builder.build();
}

TEST(CsvIngest, TheSameOnAnyThreadCountAndStretch) {
  constexpr int rows = 400;
  const std::string records = records_csv(rows);
  std::vector<std::string> expected;
  {
    const Stretching one(1, records.size() + 1);  // one thread, one stretch: the reference
    const Ledger ledger = read(records);
    // Every row accounted for: taken (credited, outside or duplicate) or invalid.
    EXPECT_EQ(ledger.intake_counts().total(), rows);
    expected = everything(ledger);
  }
  // Stretches of 1 byte cut at every line feed, inside quoted fields and between CR and LF;
  // 7 and 61 bytes cut everywhere else; 0 is the default.
  for (const unsigned threads : {1u, 2u, 8u}) {
    for (const std::size_t bytes :
         {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{61}, std::size_t{1000}}) {
      const Stretching how(threads, bytes);
      EXPECT_EQ(everything(read(records)), expected) << threads << " threads, " << bytes;
    }
  }
}

TEST(CsvIngest, TheInvalidRowBoundStopsAtTheSameRowOnAnyThreadCount) {
  const std::string records = records_csv(400);
  InputLimits limits;
  limits.invalid_rows = 30;
  limits.kept_diagnostics = 12;
  auto failure = [&] {
    try {
      read(records, limits);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  std::string expected;
  {
    const Stretching one(1, records.size() + 1);
    expected = failure();
  }
  EXPECT_NE(expected.find("more than 30 invalid rows"), std::string::npos) << expected;
  for (const unsigned threads : {2u, 8u}) {
    for (const std::size_t bytes : {std::size_t{0}, std::size_t{1}, std::size_t{97}}) {
      const Stretching how(threads, bytes);
      EXPECT_EQ(failure(), expected) << threads << " threads, " << bytes;
    }
  }
}

}  // namespace
}  // namespace yanxiu
