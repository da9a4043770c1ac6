#pragma once

// Text handed to the caller in a yx_buf, allocated here and released by yx_buf_dispose.

#include <ostream>
#include <streambuf>
#include <string_view>

#include "yanxiu.h"

namespace yanxiu::capi {

/// A stream buffer growing one malloc'd block, so a large report is written once, not copied.
class BufferStream : public std::streambuf {
 public:
  BufferStream() = default;
  BufferStream(const BufferStream&) = delete;
  BufferStream& operator=(const BufferStream&) = delete;
  ~BufferStream() override;

  /// Hands the text, NUL-terminated, to `out`; the stream is empty afterwards.
  void release_into(yx_buf* out);

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* text, std::streamsize count) override;

 private:
  void reserve(std::size_t more);

  char* data_ = nullptr;
  std::size_t capacity_ = 0;  ///< one byte beyond the put area is kept for the NUL
};

/// Throws YX_EINVAL unless `out` is an empty yx_buf.
void check_empty(const yx_buf* out);

/// Fills the empty `out` with what `write(std::ostream&)` writes.
template <typename Write>
void write_buffer(yx_buf* out, Write&& write) {
  check_empty(out);
  BufferStream buffer;
  std::ostream stream(&buffer);
  // An allocation failing inside the stream buffer must propagate, not just set badbit.
  stream.exceptions(std::ios::badbit);
  write(stream);
  buffer.release_into(out);
}

void write_text(yx_buf* out, std::string_view text);

}  // namespace yanxiu::capi
