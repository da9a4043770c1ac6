#include "util/encoding.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iconv.h>
#include <memory>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/utf8.hpp"

namespace yanxiu::detail {

namespace {

[[noreturn]] void refuse(std::string_view file, int line, std::string message) {
  throw InputError({{Severity::error, std::string(file), line, "", std::move(message)}});
}

int line_of(std::string_view text, std::size_t offset) {
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// The byte-order mark of UTF-16 or UTF-32 that `bytes` starts with, or empty.
std::string_view unicode_mark(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-32 (little-endian)";
  if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return "UTF-32 (big-endian)";
  if (bytes.starts_with("\xFF\xFE")) return "UTF-16 (little-endian)";
  if (bytes.starts_with("\xFE\xFF")) return "UTF-16 (big-endian)";
  return {};
}

// The iconv name of the UTF-16 that `bytes` declares with its byte-order mark, or null.
const char* utf16_of(std::string_view bytes) {
  const std::string_view mark = unicode_mark(bytes);
  if (mark == "UTF-16 (little-endian)") return "UTF-16LE";
  if (mark == "UTF-16 (big-endian)") return "UTF-16BE";
  return nullptr;
}

// A UTF-32 mark, then a NUL byte: neither is ever in CSV text (UTF-16, which has NUL bytes, is
// converted before this is asked).
void refuse_binary(std::string_view bytes, std::string_view file) {
  if (const auto mark = unicode_mark(bytes); !mark.empty()) {
    refuse(file, 1,
           "the file is " + std::string(mark) +
               " (it starts with that byte-order mark); yanxiu reads UTF-8, UTF-16 or GB18030: "
               "save it as \"CSV UTF-8\"");
  }
  if (const std::size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    refuse(file, line_of(bytes, nul),
           "the line holds a NUL byte; a CSV file is text: is it UTF-16 without a byte-order "
           "mark, or not a CSV file?");
  }
}

// `bytes` from `encoding` into UTF-8 in `out`; the offset of the first byte that cannot be
// converted (`out` then holds what came before it), or npos.
std::size_t convert(const char* encoding, std::string_view bytes, std::string& out) {
  const iconv_t converter = iconv_open("UTF-8", encoding);
  if (converter == reinterpret_cast<iconv_t>(-1)) return 0;
  std::unique_ptr<void, int (*)(iconv_t)> close(converter, iconv_close);
  // A GB18030 character of 2 bytes is at most 3 in UTF-8, one of 4 at most 4; so is a UTF-16
  // unit of 2 bytes, and a surrogate pair of 4.
  out.resize(bytes.size() / 2 * 3 + 4);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* to = out.data();
  std::size_t to_left = out.size();
  const std::size_t result = iconv(converter, &in, &in_left, &to, &to_left);
  out.resize(out.size() - to_left);
  if (result == static_cast<std::size_t>(-1)) return static_cast<std::size_t>(in - bytes.data());
  return std::string_view::npos;
}

// A UTF-16 file (Excel's "Unicode text" is UTF-16LE, tab-separated) as UTF-8 in `storage`.
std::string_view from_utf16(std::string_view bytes, const char* encoding, std::string_view file,
                            std::string& storage, Diagnostics& notices) {
  const std::string_view mark = unicode_mark(bytes);
  if (const std::size_t bad = convert(encoding, bytes.substr(2), storage);
      bad != std::string_view::npos) {
    refuse(file, line_of(storage, storage.size()),
           "the file is " + std::string(mark) + " (it starts with that byte-order mark), but " +
               "its bytes " + std::to_string(bad + 3) + " on are not UTF-16 (a lone surrogate, " +
               "or an odd number of bytes)");
  }
  if (const std::size_t nul = storage.find('\0'); nul != std::string::npos) {
    refuse(file, line_of(storage, nul),
           "the line holds a NUL character (U+0000); a CSV file is text");
  }
  notices.warning(std::string(file), 1, "",
                  "the file is " + std::string(mark) +
                      " (it starts with that byte-order mark, as Excel's \"Unicode text\" "
                      "saves): it is read as such");
  return storage;
}

// The separator of the file's fields: its header's first line has no comma but a tab or a
// semicolon (Excel's "Unicode text", and "CSV" in locales whose decimal mark is a comma) — no
// column name holds either. A notice says which, since a cell may then hold a comma.
char field_separator(std::string_view text, std::string_view file, Diagnostics& notices) {
  const std::string_view header = text.substr(0, text.find('\n'));
  if (header.find(',') != std::string_view::npos) return ',';
  const char separator = header.find('\t') != std::string_view::npos  ? '\t'
                         : header.find(';') != std::string_view::npos ? ';'
                                                                      : ',';
  if (separator != ',') {
    notices.warning(std::string(file), 1, "",
                    std::string("the header has no comma but ") +
                        (separator == '\t' ? "tabs" : "semicolons") + ": the file is read as " +
                        (separator == '\t' ? "tab" : "semicolon") + "-separated");
  }
  return separator;
}

// `bytes` as UTF-8, with the decision of how rows are checked (csv_text without the separator).
CsvText utf8_text(std::string_view bytes, std::string_view file, CsvEncoding encoding,
                  std::string& storage, Diagnostics& notices) {
  if (const char* utf16 = utf16_of(bytes)) {
    return {from_utf16(bytes, utf16, file, storage, notices), false};
  }
  refuse_binary(bytes, file);
  const std::size_t invalid = first_invalid_utf8(bytes);
  if (encoding == CsvEncoding::gb18030 && invalid == std::string_view::npos) {
    // UTF-8 Chinese often reads as GB18030 too, as other characters: never convert it.
    const auto wide = std::find_if(bytes.begin(), bytes.end(), [](char c) { return c & 0x80; });
    if (wide != bytes.end()) {
      refuse(file, line_of(bytes, static_cast<std::size_t>(wide - bytes.begin())),
             "the file is UTF-8, not GB18030 as its encoding was given: read it as UTF-8, or "
             "with the encoding detect (--encoding auto) when files differ");
    }
  }
  if (encoding == CsvEncoding::gb18030) {
    if (const std::size_t bad = convert("GB18030", bytes, storage); bad != std::string_view::npos) {
      refuse(file, line_of(bytes, bad),
             "the file is not GB18030, the encoding it was to be read in: byte " +
                 hex_byte(bytes[bad]) + " cannot be read");
    }
    return {storage, false};
  }
  if (invalid == std::string_view::npos) return {bytes, false};
  // Not UTF-8: when the whole file reads as GB18030 it almost surely is.
  std::string converted;
  const bool gb18030 = convert("GB18030", bytes, converted) == std::string_view::npos;
  const int line = line_of(bytes, invalid);
  if (gb18030 && encoding == CsvEncoding::detect) {
    notices.warning(std::string(file), line, "",
                    not_utf8("the file", bytes, invalid) +
                        " but reads as GB18030 (GBK), as Chinese Excel and WPS save CSV: it "
                        "is read as GB18030");
    storage = std::move(converted);
    return {storage, false};
  }
  if (gb18030) {
    refuse(file, line,
           not_utf8("the file", bytes, invalid) +
               "; it looks like GB18030 (GBK), as Chinese Excel and WPS save CSV: read it with "
               "the encoding gb18030 (--encoding gb18030), or save it as \"CSV UTF-8\"");
  }
  return {bytes, true};
}

// A UTF-16 unit of zero (U+0000): two zero bytes at an even offset of `bytes`.
bool has_zero_unit(std::string_view bytes) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    if (bytes[i] == '\0' && bytes[i + 1] == '\0') return true;
  }
  return false;
}

}  // namespace

CsvText csv_text(std::string_view bytes, std::string_view file, CsvEncoding encoding,
                 std::string& storage, Diagnostics& notices) {
  CsvText text = utf8_text(bytes, file, encoding, storage, notices);
  text.delimiter = field_separator(text.text, file, notices);
  return text;
}

std::string read_input_file(const std::filesystem::path& path, std::size_t max_bytes) {
  const std::string name = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) refuse(name, 0, "is a directory, not a file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(name.c_str(), "rb"), std::fclose);
  if (!file) refuse(name, 0, "cannot open the file: " + std::string(std::strerror(errno)));
  std::string text;
  constexpr std::size_t chunk = 1 << 20;
  while (true) {
    const std::size_t size = text.size();
    text.resize(size + chunk);
    const std::size_t got = std::fread(text.data() + size, 1, chunk, file.get());
    text.resize(size + got);
    // A NUL ends the reading at once: /dev/zero would otherwise fill memory to the bound. In
    // UTF-16 (chunks are of an even size) it is a unit of two zero bytes.
    if (!utf16_of(text)) {
      if (std::memchr(text.data() + size, '\0', got)) refuse_binary(text, name);
    } else if (has_zero_unit(std::string_view(text).substr(size))) {
      refuse(name, 0, "the file is UTF-16 and holds a NUL character (U+0000): is it a CSV file?");
    }
    if (text.size() > max_bytes) {
      refuse(name, 0, "the file is more than " + std::to_string(max_bytes) + " bytes (csv_bytes)");
    }
    if (got < chunk) break;
  }
  if (std::ferror(file.get())) {
    refuse(name, 0, "cannot read the file: " + std::string(std::strerror(errno)));
  }
  return text;
}

InputFile::InputFile(const std::filesystem::path& path, std::size_t max_bytes) {
  const std::string name = path.string();
  const int descriptor = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat status {};
  // Only a regular file of a size within the bound is mapped; the rest takes the reading path,
  // whose checks (and messages) come in the order they always did.
  if (descriptor >= 0 && ::fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode) &&
      status.st_size > 0 && static_cast<std::size_t>(status.st_size) <= max_bytes) {
    const auto size = static_cast<std::size_t>(status.st_size);
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0);
    ::close(descriptor);
    if (mapped != MAP_FAILED) {
      mapped_ = mapped;
      bytes_ = std::string_view(static_cast<const char*>(mapped), size);
      // read_input_file's checks of what it reads, on the whole file at once.
      try {
        if (!utf16_of(bytes_)) {
          if (std::memchr(bytes_.data(), '\0', bytes_.size())) refuse_binary(bytes_, name);
        } else if (has_zero_unit(bytes_)) {
          refuse(name, 0,
                 "the file is UTF-16 and holds a NUL character (U+0000): is it a CSV file?");
        }
      } catch (...) {
        ::munmap(mapped_, bytes_.size());
        throw;
      }
      return;
    }
  } else if (descriptor >= 0) {
    ::close(descriptor);
  }
  read_ = read_input_file(path, max_bytes);
  bytes_ = read_;
}

InputFile::~InputFile() {
  if (mapped_) ::munmap(mapped_, bytes_.size());
}

}  // namespace yanxiu::detail
