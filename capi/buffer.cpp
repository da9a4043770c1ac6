#include "buffer.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "errors.hpp"

namespace yanxiu::capi {

BufferStream::~BufferStream() {
  std::free(data_);
}

void BufferStream::reserve(std::size_t more) {
  const std::size_t used = data_ ? static_cast<std::size_t>(pptr() - data_) : 0;
  if (data_ && static_cast<std::size_t>(epptr() - pptr()) >= more) return;
  const std::size_t capacity = std::max({capacity_ * 2, used + more + 1, std::size_t{4096}});
  char* grown = static_cast<char*>(std::realloc(data_, capacity));
  if (grown == nullptr) throw std::bad_alloc();
  data_ = grown;
  capacity_ = capacity;
  setp(data_ + used, data_ + capacity_ - 1);
}

BufferStream::int_type BufferStream::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  reserve(1);
  *pptr() = traits_type::to_char_type(ch);
  pbump(1);
  return ch;
}

std::streamsize BufferStream::xsputn(const char* text, std::streamsize count) {
  const auto size = static_cast<std::size_t>(count);
  reserve(size);
  std::memcpy(pptr(), text, size);
  // pbump takes an int: set the put area anew instead, which also suits huge writes.
  setp(pptr() + size, epptr());
  return count;
}

void BufferStream::release_into(yx_buf* out) {
  reserve(0);
  *pptr() = '\0';
  out->size = static_cast<std::size_t>(pptr() - data_);
  out->ptr = data_;
  data_ = nullptr;
  capacity_ = 0;
  setp(nullptr, nullptr);
}

void check_empty(const yx_buf* out) {
  require(out, "out");
  if (out->ptr != nullptr) {
    fail(YX_EINVAL, "out holds text already; start from YX_BUF_INIT or yx_buf_dispose it first",
         "out");
  }
}

void write_text(yx_buf* out, std::string_view text) {
  write_buffer(out, [&](std::ostream& stream) {
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
  });
}

}  // namespace yanxiu::capi

extern "C" void yx_buf_dispose(yx_buf* buf) {
  if (buf == nullptr) return;
  std::free(buf->ptr);
  buf->ptr = nullptr;
  buf->size = 0;
}
