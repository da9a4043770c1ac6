#pragma once

// The one way the library spreads work over threads: the audit's blocks of teachers, the
// county's gap plans.

#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace yanxiu::detail {

// Runs `work` on `threads` threads, the caller's alone when one; rethrows the first exception
// thrown, after telling the others to stop through `stop`.
template <typename Work>
void on_threads(unsigned threads, const Work& work, const std::function<void()>& stop) {
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto guarded = [&] {
    try {
      work();
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      stop();
    }
  };
  if (threads == 1) {
    guarded();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < threads; ++i)
      pool.emplace_back(guarded);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace yanxiu::detail
