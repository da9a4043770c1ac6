#pragma once

// Text formatted on many threads and written in order: the audit table of a county is hundreds
// of megabytes, and formatting it costs more than judging it.

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

namespace yanxiu::detail {

/// Writes chunks 0..count-1 to `out` in order, chunk k formatted by format(k, text) into an
/// empty buffer. With more than one thread, `threads` threads format while the calling thread
/// writes; at most 2 × threads chunks are held at once, so memory stays a few chunks whatever
/// the count. The bytes written do not depend on the threads. The first exception (a format or
/// a write that failed) is rethrown once every thread has stopped. `written(k)`, when given, is
/// called on the calling thread once chunk k is written (where a progress meter counts).
void write_chunks_in_order(std::ostream& out, std::size_t count, unsigned threads,
                           const std::function<void(std::size_t, std::string&)>& format,
                           const std::function<void(std::size_t)>& written = {});

}  // namespace yanxiu::detail
