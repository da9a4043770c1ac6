#pragma once

// The library's side of a Progress: workers count what they did, the calling thread reports.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include <yanxiu/progress.hpp>

namespace yanxiu::detail {

/// One phase of a call. Made on the calling thread, which it reports to at once (done 0);
/// add() may be called from any thread, but only the calling thread's calls report, at most
/// every 100 ms; finish() reports the end. With an empty Progress each call is one branch.
class ProgressMeter {
 public:
  ProgressMeter(const Progress& progress, Phase phase, std::uint64_t total);
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  bool active() const { return progress_ != nullptr; }
  /// Counts `units` more done: a batch of rows or teachers, not each one.
  void add(std::uint64_t units) {
    if (!progress_) return;
    done_.fetch_add(units, std::memory_order_relaxed);
    if (std::this_thread::get_id() == owner_) poll();
  }
  /// Reports when the last report is 100 ms old; on the calling thread only.
  void poll();
  /// The last report of the phase, when it completed (done == total); on the calling thread.
  void finish();

 private:
  void report(std::uint64_t done);

  const Progress* progress_;  ///< null when empty
  Phase phase_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::thread::id owner_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace yanxiu::detail
