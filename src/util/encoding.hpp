#pragma once

// The bytes of an input file as UTF-8 text: what encoding a file is in, read or refused before
// any row is. Chinese Excel and WPS save "CSV" in GB18030 (GBK) by default, and a file in
// another encoding read as UTF-8 gives wrong names, not an error: it must be found at the door.

#include <filesystem>
#include <string>
#include <string_view>

#include <yanxiu/diagnostics.hpp>
#include <yanxiu/limits.hpp>

namespace yanxiu::detail {

/// CSV text ready for CsvReader.
struct CsvText {
  std::string_view text;  ///< the input, or the storage it was converted into
  /// The text is not all valid UTF-8 (and not GB18030 either): each row is to be checked, and a
  /// row with invalid bytes is an invalid row (CsvReader's check_utf8).
  bool check_rows = false;
  /// What separates fields: ',', or '\t' or ';' when the header has no comma but one of them.
  char delimiter = ',';
};

/// `bytes` as UTF-8, read in `encoding`: converted into `storage` when GB18030 (glibc's iconv),
/// with a warning in `notices` when it was detected; converted from UTF-16 whatever `encoding`
/// says when the bytes start with its byte-order mark, with a warning. The delimiter is found
/// in the header (a warning when it is not a comma). Throws InputError, naming the file and the
/// line, for a UTF-32 file, a NUL byte or character, UTF-16 that cannot be read, a GB18030 file
/// read as UTF-8 (it says which encoding the file looks like and how to read it), or bytes that
/// are not GB18030 when that was asked.
CsvText csv_text(std::string_view bytes, std::string_view file, CsvEncoding encoding,
                 std::string& storage, Diagnostics& notices);

/// The whole of an input file, at most `max_bytes` of it. Throws InputError, naming the file,
/// when it cannot be opened or read (with the system's reason), is a directory, is longer, or
/// holds a NUL byte (as /dev/zero does: the reading stops there) or, in a file with a UTF-16
/// byte-order mark, a NUL character.
std::string read_input_file(const std::filesystem::path& path,
                            std::size_t max_bytes = InputLimits{}.csv_bytes);

/// An input file's bytes, with read_input_file's checks and messages: a regular file is mapped
/// into memory (no copy, and its pages are read in by the kernel at once), anything else - a
/// pipe, stdin, /dev/zero, an empty file - is read as read_input_file reads it. A mapped file
/// must not be cut short while it is read (the reading would fault).
class InputFile {
 public:
  InputFile(const std::filesystem::path& path, std::size_t max_bytes);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::string_view bytes() const { return bytes_; }

 private:
  void* mapped_ = nullptr;
  std::string read_;
  std::string_view bytes_;
};

}  // namespace yanxiu::detail
