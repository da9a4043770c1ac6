#include "util/progress.hpp"

namespace yanxiu {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::reading_teachers:
      return "reading teachers";
    case Phase::reading_records:
      return "reading records";
    case Phase::grouping:
      return "grouping records";
    case Phase::judging:
      return "judging";
    case Phase::writing:
      return "writing";
  }
  return "?";
}

namespace detail {

namespace {
// Ten reports a second: enough for a line on a terminal, nothing for a host to handle.
constexpr auto report_every = std::chrono::milliseconds(100);
}  // namespace

ProgressMeter::ProgressMeter(const Progress& progress, Phase phase, std::uint64_t total)
    : progress_(progress ? &progress : nullptr), phase_(phase), total_(total) {
  if (!progress_) return;
  owner_ = std::this_thread::get_id();
  if (total_ > 0) report(0);
}

// Only the last report has done == total: a host may end its line on it.
void ProgressMeter::poll() {
  if (!progress_ || std::chrono::steady_clock::now() - last_ < report_every) return;
  const std::uint64_t done = done_.load(std::memory_order_relaxed);
  if (done < total_) report(done);
}

void ProgressMeter::finish() {
  if (progress_) report(total_);
}

void ProgressMeter::report(std::uint64_t done) {
  last_ = std::chrono::steady_clock::now();
  (*progress_)({phase_, done, total_});
}

}  // namespace detail

}  // namespace yanxiu
