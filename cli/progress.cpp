// The progress lines of long commands on standard error: one line per phase, redrawn in place
// on a terminal, nothing in a pipe or with --quiet.

#include <array>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <streambuf>
#include <unistd.h>

#include "cli.hpp"

namespace yanxiu::cli {

const Option progress_option{"progress", "",
                             "show each phase (reading, grouping, judging, writing) with its "
                             "progress, "
                             "rate and time left on standard error even when it is not a "
                             "terminal (on a terminal it is shown unless --quiet)"};
const Option quiet_option{"quiet", "", "no progress lines on standard error (warnings stay)"};

namespace {

using Clock = std::chrono::steady_clock;

// "3,120,000".
std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "269 MB", "310 kB", "38 bytes".
std::string in_bytes(double bytes) {
  char text[32];
  if (bytes >= 1e6) {
    std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  } else if (bytes >= 1e3) {
    std::snprintf(text, sizeof text, "%.0f kB", bytes / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.0f bytes", bytes);
  }
  return text;
}

// One phase's line: what is done (of what total), the rate, and the time left or taken.
std::string line_text(const ProgressReport& report, double seconds) {
  const bool bytes =
      report.phase == Phase::reading_teachers || report.phase == Phase::reading_records;
  const char* unit = report.phase == Phase::judging    ? " teachers"
                     : report.phase == Phase::grouping ? " records"
                                                       : " rows";
  const auto amount = [&](std::uint64_t n) {
    return bytes ? in_bytes(static_cast<double>(n)) : grouped(n);
  };
  std::string text(to_string(report.phase));
  text += "  " + amount(report.done);
  if (report.total > 0 && report.done < report.total) text += " of " + amount(report.total);
  if (!bytes) text += unit;
  if (seconds < 0.2 || report.done == 0) return text;
  const double rate = static_cast<double>(report.done) / seconds;
  text += "  " + (bytes ? in_bytes(rate) : grouped(static_cast<std::uint64_t>(rate))) + "/s";
  char time[32];
  if (report.total > 0 && report.done < report.total) {
    std::snprintf(time, sizeof time, "  %.0f s left",
                  static_cast<double>(report.total - report.done) / rate + 0.5);
  } else {
    std::snprintf(time, sizeof time, "  %.1f s", seconds);
  }
  return text + time;
}

// Standard error's buffer while progress is shown: ends the open progress line before anything
// else is written, so that a warning or an error never lands in the middle of one.
class ProgressLine : public std::streambuf {
 public:
  ProgressLine() : original_(std::cerr.rdbuf(this)) {}
  ~ProgressLine() override {
    end();
    original_->pubsync();
    std::cerr.rdbuf(original_);
  }

  void show(const ProgressReport& report) {
    const auto now = Clock::now();
    if (!open_ || report.phase != phase_ || report.done == 0) {
      end();
      phase_ = report.phase;
      start_ = now;
    }
    const std::string text =
        "\r" + line_text(report, std::chrono::duration<double>(now - start_).count()) + "\x1b[K";
    original_->sputn(text.data(), static_cast<std::streamsize>(text.size()));
    open_ = true;
    if (report.done == report.total) end();  // the phase's last report: its line stays
    original_->pubsync();
  }

  void end() {
    if (!open_) return;
    open_ = false;
    original_->sputc('\n');
  }

 protected:
  int_type overflow(int_type c) override {
    end();
    return traits_type::eq_int_type(c, traits_type::eof()) ? traits_type::not_eof(c)
                                                           : original_->sputc(static_cast<char>(c));
  }
  std::streamsize xsputn(const char* text, std::streamsize count) override {
    end();
    return original_->sputn(text, count);
  }
  int sync() override { return original_->pubsync(); }

 private:
  std::streambuf* original_;
  bool open_ = false;
  Phase phase_ = Phase::judging;
  Clock::time_point start_;
};

}  // namespace

Progress progress_sink(const Arguments& args) {
  if (args.flag("quiet") || (!args.flag("progress") && !isatty(STDERR_FILENO))) return {};
  static ProgressLine line;  // standard error's buffer until exit
  return [](const ProgressReport& report) { line.show(report); };
}

}  // namespace yanxiu::cli
