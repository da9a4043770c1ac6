// OutputFile (include/yanxiu/output.hpp): written whole or not at all, every write checked, and
// the spreadsheet formula guard on CSV text.

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <unistd.h>

#include <yanxiu/output.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("yanxiu-output-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const char* name) const { return (dir_ / name).string(); }
  static std::string read(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  /// The files of the directory, temporaries included.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(OutputFileTest, TheTargetChangesOnlyOnCommit) {
  write_file_atomically(path("a.csv"), "old\n");
  OutputFile file(path("a.csv"));
  file.stream() << "new, and longer than the old\n";
  file.stream().flush();
  EXPECT_EQ(read(path("a.csv")), "old\n");
  EXPECT_EQ(files().size(), 2u);  // the target and the temporary beside it
  file.commit();
  EXPECT_EQ(read(path("a.csv")), "new, and longer than the old\n");
  EXPECT_EQ(files(), std::vector<std::string>{"a.csv"});
}

TEST_F(OutputFileTest, WithoutCommitTheTemporaryIsRemovedAndTheTargetKept) {
  write_file_atomically(path("a.csv"), "old\n");
  {
    OutputFile file(path("a.csv"));
    file.stream() << std::string(200000, 'x');  // past the buffer: on disk already
  }
  EXPECT_EQ(read(path("a.csv")), "old\n");
  EXPECT_EQ(files(), std::vector<std::string>{"a.csv"});
}

TEST_F(OutputFileTest, AFullDiskThrowsTheReasonOutOfTheWriter) {
  OutputFile file("/dev/full");
  try {
    file.stream() << std::string(200000, 'x');
    file.commit();
    ADD_FAILURE() << "no error writing to /dev/full";
  } catch (const WriteError& error) {
    EXPECT_EQ(error.file(), "/dev/full");
    EXPECT_EQ(error.error_number(), ENOSPC);
    EXPECT_STREQ(error.what(), "cannot write /dev/full: No space left on device");
  }
}

TEST_F(OutputFileTest, ANewDirectoryOrADirectoryAsTargetIsAnError) {
  EXPECT_THROW(OutputFile(path("missing/a.csv")), WriteError);
  try {
    OutputFile file(dir_.string());
    ADD_FAILURE() << "a directory taken as the target";
  } catch (const WriteError& error) {
    EXPECT_EQ(error.error_number(), EISDIR);
  }
}

TEST_F(OutputFileTest, ASymlinkedTargetIsReplacedWhereItPoints) {
  write_file_atomically(path("real.csv"), "old\n");
  fs::create_symlink(path("real.csv"), path("link.csv"));
  write_file_atomically(path("link.csv"), "new\n");
  EXPECT_TRUE(fs::is_symlink(path("link.csv")));
  EXPECT_EQ(read(path("real.csv")), "new\n");
}

// The guard: text cells that start like a formula get a leading ', numbers stay numbers, quoted
// cells are guarded inside their quotes, and a cell split across buffer flushes is still seen
// whole.
TEST_F(OutputFileTest, FormulaGuardPrefixesTextCellsOnly) {
  const std::string csv =
      "id,amount,note\n"
      "=1+2,-1.50,@SUM(A1)\n"
      "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+3,-\n"
      "+1+1,-7,\ttab\n"
      "ok,0.00,\"a,b\"\n"
      "\"-2.5\",\"\"\"quoted\"\"\",-x";
  const std::string expected =
      "id,amount,note\n"
      "'=1+2,-1.50,'@SUM(A1)\n"
      "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+3,'-\n"
      "'+1+1,-7,'\ttab\n"
      "ok,0.00,\"a,b\"\n"
      "\"-2.5\",\"\"\"quoted\"\"\",'-x";
  write_file_atomically(path("guarded.csv"), csv, {.guard_formulas = true});
  EXPECT_EQ(read(path("guarded.csv")), expected);
  write_file_atomically(path("raw.csv"), csv);
  EXPECT_EQ(read(path("raw.csv")), csv);

  OutputFile file(path("pieces.csv"), {.guard_formulas = true});
  for (const char c : csv) {
    file.stream() << c;
    file.stream().flush();
  }
  file.commit();
  EXPECT_EQ(read(path("pieces.csv")), expected);
}

}  // namespace
}  // namespace yanxiu
