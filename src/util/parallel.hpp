#pragma once

// The one way the library spreads work over threads: the audit's blocks of teachers, the
// county's gap plans.

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "util/progress.hpp"

namespace yanxiu::detail {

// Runs `work` on `threads` threads, the caller's alone when one; rethrows the first exception
// thrown, after telling the others to stop through `stop`. With an active `meter` and more
// than one thread, the caller reports progress while it waits (a report that throws stops the
// work too).
template <typename Work>
void on_threads(unsigned threads, const Work& work, const std::function<void()>& stop,
                ProgressMeter* meter = nullptr) {
  std::mutex mutex;
  std::condition_variable finished;
  unsigned running = threads;
  std::exception_ptr failure;
  auto fail = [&] {
    const std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    stop();
  };
  auto guarded = [&] {
    try {
      work();
    } catch (...) {
      fail();
    }
    const std::lock_guard lock(mutex);
    --running;
    finished.notify_one();
  };
  if (threads == 1) {
    guarded();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < threads; ++i)
      pool.emplace_back(guarded);
    bool reporting = meter && meter->active();
    std::unique_lock lock(mutex);  // after the pool: released before it is joined
    while (reporting &&
           !finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; })) {
      lock.unlock();
      try {
        meter->poll();
      } catch (...) {
        reporting = false;
        fail();
      }
      lock.lock();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace yanxiu::detail
