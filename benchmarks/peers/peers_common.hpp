#pragma once

// What the C++ programs of benchmarks/peers share: their flags, a clock, and the checksum every
// peer prints so that large audits can be compared without writing their tables.

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include <yanxiu/audit.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/policy.hpp>

namespace peers {

/// `--name value` pairs; a missing required flag ends the program with a usage line.
class Flags {
 public:
  Flags(int argc, char** argv, std::string_view usage) : usage_(usage) {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string_view name = argv[i];
      if (!name.starts_with("--")) fail("unexpected argument " + std::string(name));
      values_[std::string(name.substr(2))] = argv[i + 1];
    }
    if (argc % 2 == 0) fail("every flag needs a value");
  }

  std::string required(const std::string& name) const {
    const auto found = values_.find(name);
    if (found == values_.end()) fail("missing --" + name);
    return found->second;
  }
  std::string optional(const std::string& name) const {
    const auto found = values_.find(name);
    return found == values_.end() ? std::string() : found->second;
  }
  int number(const std::string& name, int fallback) const {
    const auto found = values_.find(name);
    return found == values_.end() ? fallback : std::atoi(found->second.c_str());
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    std::cerr << message << "\nusage: " << usage_ << '\n';
    std::exit(2);
  }
  std::string usage_;
  std::map<std::string, std::string> values_;
};

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Per status: rows, and the sums of required, credited and shortfall in hundredths. Exact
/// integers, so two engines agree on it exactly or not at all.
class Checksum {
 public:
  void add(yanxiu::Status status, std::int64_t required, std::int64_t credited) {
    auto& line = lines_[static_cast<std::size_t>(status)];
    line[0] += 1;
    line[1] += required;
    line[2] += credited;
    line[3] += status == yanxiu::Status::short_ ? required - credited : 0;
  }

  static Checksum of(const yanxiu::AuditColumns& columns) {
    Checksum sum;
    for (std::size_t i = 0; i < columns.size(); ++i)
      sum.add(columns.status[i], columns.required[i], columns.credited[i]);
    return sum;
  }

  /// {"met": [rows, required, credited, shortfall], ...}
  std::string json() const {
    std::string out = "{";
    for (int s = 0; s < yanxiu::status_count; ++s) {
      const auto& line = lines_[static_cast<std::size_t>(s)];
      out += s ? ", \"" : "\"";
      out += yanxiu::to_string(static_cast<yanxiu::Status>(s));
      out += "\": [" + std::to_string(line[0]) + ", " + std::to_string(line[1]) + ", " +
             std::to_string(line[2]) + ", " + std::to_string(line[3]) + "]";
    }
    return out + "}";
  }

 private:
  std::array<std::array<std::int64_t, 4>, yanxiu::status_count> lines_{};
};

/// teachers.csv and records.csv into a ledger, the way every program here reads them.
inline yanxiu::Ledger read_county(const yanxiu::Policy& policy, const std::string& teachers,
                                  const std::string& records) {
  yanxiu::LedgerBuilder builder(policy);
  builder.read_teachers(teachers);
  builder.read_records(records);
  return builder.build();
}

}  // namespace peers
