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
  /// The data of a result, for the library's functions that read a part of it no accessor
  /// gives (a policy's subject rules: subject_rules.hpp).
  template <class Result>
  static const auto& data(const Result& result) {
    return *result.data_;
  }
};

}  // namespace yanxiu::detail
