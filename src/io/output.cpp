// Output files written whole or not at all (include/yanxiu/output.hpp): a checked stream buffer
// over a file descriptor, the spreadsheet formula guard applied as the text goes out, and the
// temporary file renamed into place on commit.

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iterator>
#include <ostream>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <yanxiu/output.hpp>

namespace yanxiu {

WriteError::WriteError(std::string file, int error_number)
    : std::runtime_error("cannot write " + file + ": " + std::strerror(error_number)),
      file_(std::move(file)),
      error_number_(error_number) {}

namespace {

namespace fs = std::filesystem;

bool is_decimal_number(std::string_view cell) {
  if (!cell.empty() && (cell[0] == '-' || cell[0] == '+')) cell.remove_prefix(1);
  const auto point = cell.find('.');
  const auto digits = [](std::string_view part) {
    return !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (point == std::string_view::npos) return digits(cell);
  return digits(cell.substr(0, point)) && digits(cell.substr(point + 1));
}

bool starts_formula(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/// Rewrites CSV text as it streams by: a cell that starts like a formula and is not a number
/// gets a leading `'` (inside its quotes when quoted). Such a cell is held back until it is
/// known to be a number or not; any other byte passes at once.
class FormulaGuard {
 public:
  void feed(const char* data, std::size_t size, std::string& out) {
    std::size_t i = 0;
    while (i < size) {
      // A cell that starts with neither a quote nor a formula's character is harmless.
      if (state_ == State::cell_start && data[i] != '"' && !starts_formula(data[i]))
        state_ = State::plain;
      if (state_ == State::plain) {
        // Copy at once up to the first cell after it that needs a look: most of a table (an
        // audit's numbers, dates and statuses) goes out in long runs, not a cell at a time.
        std::size_t end = i;
        for (;;) {
          while (end < size && data[end] != ',' && data[end] != '\n')
            ++end;
          if (end == size) break;
          ++end;  // the separator; a cell starts after it
          if (end == size || data[end] == '"' || starts_formula(data[end])) {
            state_ = State::cell_start;
            break;
          }
        }
        out.append(data + i, end - i);
        i = end;
        continue;
      }
      // Inside a quoted cell known to be harmless, copy up to the next byte that matters.
      std::size_t end = i;
      if (state_ == State::quoted) {
        while (end < size && data[end] != '"')
          ++end;
      }
      out.append(data + i, end - i);
      if (end == size) return;
      step(data[end], out);
      i = end + 1;
    }
  }
  /// The end of the text: a held cell goes out.
  void finish(std::string& out) {
    if (state_ == State::held || state_ == State::held_quoted) release(out);
    state_ = State::cell_start;
  }

 private:
  // A number is short: a held cell longer than this is text.
  static constexpr std::size_t longest_number = 40;
  enum class State { cell_start, plain, quoted_start, quoted, quote_in_quoted, held, held_quoted };

  void release(std::string& out) {
    if (!is_decimal_number(held_)) out.push_back('\'');
    out += held_;
    held_.clear();
  }

  void step(char c, std::string& out) {
    switch (state_) {
      case State::cell_start:
        if (c == '"') {
          out.push_back(c);
          state_ = State::quoted_start;
        } else if (starts_formula(c)) {
          held_.push_back(c);
          state_ = State::held;
        } else {
          plain(c, out);
        }
        return;
      case State::plain:
        plain(c, out);
        return;
      case State::quoted_start:
        if (starts_formula(c)) {
          held_.push_back(c);
          state_ = State::held_quoted;
          return;
        }
        [[fallthrough]];
      case State::quoted:
        out.push_back(c);
        state_ = c == '"' ? State::quote_in_quoted : State::quoted;
        return;
      case State::quote_in_quoted:
        // `""` is a quote inside the cell; anything else follows the closing quote.
        if (c == '"') {
          out.push_back(c);
          state_ = State::quoted;
        } else {
          plain(c, out);
        }
        return;
      case State::held:
        if (c == ',' || c == '\n') {
          release(out);
          plain(c, out);
          return;
        }
        hold(c, out, State::plain);
        return;
      case State::held_quoted:
        if (c == '"') {  // the cell ends here or holds a quote: either way it is known now
          release(out);
          out.push_back(c);
          state_ = State::quote_in_quoted;
          return;
        }
        hold(c, out, State::quoted);
        return;
    }
  }

  void plain(char c, std::string& out) {
    out.push_back(c);
    state_ = c == ',' || c == '\n' ? State::cell_start : State::plain;
  }

  void hold(char c, std::string& out, State when_text) {
    held_.push_back(c);
    if (held_.size() > longest_number) {
      release(out);
      state_ = when_text;
    }
  }

  State state_ = State::cell_start;
  std::string held_;
};

/// A stream buffer over a file descriptor: every write checked, WriteError on failure.
class CheckedBuffer : public std::streambuf {
 public:
  CheckedBuffer(int fd, std::string name, bool guard_formulas)
      : fd_(fd), name_(std::move(name)), buffer_(1 << 16) {
    if (guard_formulas) guard_ = std::make_unique<FormulaGuard>();
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

  /// Everything buffered written out, the guard's held cell included.
  void finish() {
    drain();
    if (guard_) {
      guarded_.clear();
      guard_->finish(guarded_);
      write_all(guarded_.data(), guarded_.size());
    }
  }

 protected:
  int_type overflow(int_type c) override {
    drain();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    drain();
    return 0;
  }

 private:
  void drain() {
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    if (!guard_) {
      write_all(buffer_.data(), size);
      return;
    }
    guarded_.clear();
    guard_->feed(buffer_.data(), size, guarded_);
    write_all(guarded_.data(), guarded_.size());
  }

  void write_all(const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t written = ::write(fd_, data, size);
      if (written < 0) {
        if (errno == EINTR) continue;
        throw WriteError(name_, errno);
      }
      data += written;
      size -= static_cast<std::size_t>(written);
    }
  }

  int fd_;
  std::string name_;
  std::vector<char> buffer_;
  std::unique_ptr<FormulaGuard> guard_;
  std::string guarded_;
};

void sync_directory(const fs::path& directory) {
  // Makes the rename durable; a file system that cannot sync a directory is not an error.
  const int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

/// A descriptor above 2: with standard output closed, a file opened as descriptor 1 would take
/// whatever the program writes to std::cout.
int above_standard_streams(int fd) {
  if (fd < 0 || fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  const int error = errno;
  ::close(fd);
  errno = error;
  return moved;
}

}  // namespace

namespace {

// The temporaries being written, for a signal handler to remove: fixed slots of atomics and
// plain characters, since a handler may touch nothing else.
struct TemporarySlot {
  std::atomic<bool> claimed{false};
  std::atomic<bool> ready{false};
  char path[4096] = {};
};
TemporarySlot temporaries[32];

/// The slot holding `path`, or -1 when all are taken or the path is too long (the temporary is
/// then left behind by a signal, never the target cut).
int register_temporary(const std::string& path) {
  if (path.size() >= sizeof temporaries[0].path) return -1;
  for (int i = 0; i < static_cast<int>(std::size(temporaries)); ++i) {
    bool expected = false;
    if (!temporaries[i].claimed.compare_exchange_strong(expected, true)) continue;
    std::memcpy(temporaries[i].path, path.c_str(), path.size() + 1);
    temporaries[i].ready.store(true);
    return i;
  }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot < 0) return;
  temporaries[slot].ready.store(false);
  temporaries[slot].claimed.store(false);
}

extern "C" void remove_temporaries_and_die(int signal_number) {
  for (TemporarySlot& slot : temporaries) {
    if (slot.ready.load()) ::unlink(slot.path);
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

}  // namespace

void remove_temporaries_on_signals() {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction current {};
    // A signal the caller ignores (nohup) stays ignored.
    if (::sigaction(signal_number, nullptr, &current) != 0 || current.sa_handler == SIG_IGN)
      continue;
    struct sigaction action {};
    action.sa_handler = remove_temporaries_and_die;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal_number, &action, nullptr);
  }
}

struct OutputFile::State {
  int slot = -1;  ///< the temporary's place in `temporaries`
  std::string path;
  fs::path target;     ///< the file renamed over (a symlink's destination)
  fs::path temporary;  ///< empty: written in place
  int fd = -1;
  bool owns_fd = false;
  bool committed = false;
  std::unique_ptr<CheckedBuffer> buffer;
  std::unique_ptr<std::ostream> stream;
};

namespace {

fs::path temporary_beside(const fs::path& target, int& fd) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0;; ++attempt) {
    const unsigned number = (static_cast<unsigned>(::getpid()) * 2654435761u) ^
                            (counter.fetch_add(1) * 40503u) ^ static_cast<unsigned>(attempt);
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, ".%06x.tmp", number & 0xffffffu);
    fs::path temporary = target.parent_path() / ("." + target.filename().string() + suffix);
    fd = above_standard_streams(
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
    if (fd >= 0 || errno != EEXIST || attempt > 100) return temporary;
  }
}

}  // namespace

OutputFile::OutputFile(const std::string& path, OutputOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  std::string name = path;
  if (path == "-") {
    s.fd = STDOUT_FILENO;
    name = "standard output";
  } else {
    s.target = path;
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
      std::error_code ignored;
      if (auto resolved = fs::canonical(s.target, ignored); !ignored) s.target = resolved;
    }
    const bool exists = ::stat(s.target.c_str(), &info) == 0;
    if (exists && S_ISDIR(info.st_mode)) throw WriteError(path, EISDIR);
    if (exists && !S_ISREG(info.st_mode)) {
      s.fd = above_standard_streams(::open(s.target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
    } else {
      s.temporary = temporary_beside(s.target, s.fd);
      if (s.fd >= 0) s.slot = register_temporary(s.temporary.string());
      // An existing file keeps its permissions.
      if (s.fd >= 0 && exists) ::fchmod(s.fd, info.st_mode & 07777);
    }
    if (s.fd < 0) throw WriteError(path, errno);
    s.owns_fd = true;
  }
  s.buffer = std::make_unique<CheckedBuffer>(s.fd, name, options.guard_formulas);
  s.stream = std::make_unique<std::ostream>(s.buffer.get());
  s.stream->exceptions(std::ios::badbit);
}

OutputFile::~OutputFile() {
  State& s = *state_;
  if (s.owns_fd && s.fd >= 0) ::close(s.fd);
  if (!s.committed && !s.temporary.empty()) ::unlink(s.temporary.c_str());
  unregister_temporary(s.slot);
}

std::ostream& OutputFile::stream() {
  return *state_->stream;
}

const std::string& OutputFile::path() const {
  return state_->path;
}

void OutputFile::commit() {
  State& s = *state_;
  s.buffer->finish();
  if (s.temporary.empty()) {  // in place: standard output, a device, a pipe
    if (s.owns_fd) {
      const int fd = s.fd;
      s.fd = -1;
      if (::close(fd) != 0) throw WriteError(s.path, errno);
    }
    s.committed = true;
    return;
  }
  if (::fsync(s.fd) != 0) throw WriteError(s.path, errno);
  const int fd = s.fd;
  s.fd = -1;
  if (::close(fd) != 0) throw WriteError(s.path, errno);
  if (::rename(s.temporary.c_str(), s.target.c_str()) != 0) throw WriteError(s.path, errno);
  s.committed = true;
  sync_directory(s.target.parent_path());
}

void write_file_atomically(const std::string& path, std::string_view text, OutputOptions options) {
  OutputFile file(path, options);
  file.stream().write(text.data(), static_cast<std::streamsize>(text.size()));
  file.commit();
}

std::unique_ptr<std::streambuf> checked_standard_output() {
  return std::make_unique<CheckedBuffer>(STDOUT_FILENO, "standard output", false);
}

}  // namespace yanxiu
