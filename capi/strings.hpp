#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <yanxiu/ledger.hpp>

namespace yanxiu::capi {

/// NUL-terminated copies of a string column, made once, for getters that return `const char*`:
/// the core packs a column's strings end to end, without terminators.
class NulStrings {
 public:
  NulStrings() = default;
  explicit NulStrings(const StringColumn& column) {
    starts_.reserve(column.size());
    for (std::size_t i = 0; i < column.size(); ++i) {
      starts_.push_back(chars_.size());
      chars_.append(column[i]);
      chars_.push_back('\0');
    }
  }

  const char* operator[](std::size_t index) const { return chars_.c_str() + starts_[index]; }

 private:
  std::string chars_;
  std::vector<std::size_t> starts_;
};

}  // namespace yanxiu::capi
