#include "io/ordered_writer.hpp"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

namespace yanxiu::detail {

void write_chunks_in_order(std::ostream& out, std::size_t count, unsigned threads,
                           const std::function<void(std::size_t, std::string&)>& format,
                           const std::function<void(std::size_t)>& written_chunk) {
  if (threads <= 1 || count <= 1) {
    std::string text;
    for (std::size_t k = 0; k < count; ++k) {
      text.clear();
      format(k, text);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      if (written_chunk) written_chunk(k);
    }
    return;
  }
  // Chunk k is formatted into slot k % slots once chunk k - slots has been written.
  const std::size_t slots = 2 * static_cast<std::size_t>(threads);
  std::vector<std::string> texts(slots);
  std::vector<std::uint8_t> ready(slots, 0);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0, written = 0;
  bool stopped = false;
  std::exception_ptr failure;
  auto fail = [&] {
    {
      const std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      stopped = true;
    }
    changed.notify_all();
  };
  auto formatter = [&] {
    for (;;) {
      std::size_t k = 0;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stopped || next >= count || next < written + slots; });
        if (stopped || next >= count) return;
        k = next++;
      }
      std::string& text = texts[k % slots];
      text.clear();
      try {
        format(k, text);
      } catch (...) {
        return fail();
      }
      {
        const std::lock_guard lock(mutex);
        ready[k % slots] = 1;
      }
      changed.notify_all();
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < threads; ++i)
      pool.emplace_back(formatter);
    try {
      for (std::size_t k = 0; k < count; ++k) {
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return stopped || ready[k % slots]; });
          if (stopped) break;
        }
        // No formatter touches the slot until `written` passes k.
        const std::string& text = texts[k % slots];
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        {
          const std::lock_guard lock(mutex);
          ready[k % slots] = 0;
          written = k + 1;
        }
        changed.notify_all();
        if (written_chunk) written_chunk(k);
      }
    } catch (...) {
      fail();
    }
  }  // the formatters joined
  if (failure) std::rethrow_exception(failure);
}

}  // namespace yanxiu::detail
