#pragma once

// Field writers the library's own writers use, for adapters that write the same formats
// (the command line, the C ABI, the Python package). Not part of the host API (yanxiu.hpp).

#include <string>
#include <string_view>

namespace yanxiu {

/// Appends `text` as a JSON string literal, quotes and escapes included.
void append_json_string(std::string& out, std::string_view text);

/// Appends `text` as a CSV field, quoted when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view text);

}  // namespace yanxiu
