#pragma once

// The one way the library makes its shared result types (Policy, Ledger, Audit, ...) from their
// data: their constructors are private, so a host cannot build one around data it made up.

#include <memory>
#include <utility>

namespace yanxiu::detail {

struct Make {
  template <class Result, class Data>
  static Result from(std::shared_ptr<Data> data) {
    return Result(std::shared_ptr<const Data>(std::move(data)));
  }
};

}  // namespace yanxiu::detail
