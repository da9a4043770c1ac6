#include <algorithm>
#include <cstdint>
#include <numeric>

#include <yanxiu/diagnostics.hpp>

namespace yanxiu {

std::string to_string(const Diagnostic& diagnostic) {
  std::string out = diagnostic.file;
  if (diagnostic.line > 0) {
    out += ':';
    out += std::to_string(diagnostic.line);
  }
  out += diagnostic.severity == Severity::error ? ": error: " : ": warning: ";
  if (!diagnostic.path.empty()) {
    out += diagnostic.path;
    out += ": ";
  }
  out += diagnostic.message;
  return out;
}

void Diagnostics::add(Diagnostic diagnostic) {
  ++(diagnostic.severity == Severity::error ? error_count_ : warning_count_);
  if (items_.size() < keep_) {
    items_.push_back(std::move(diagnostic));
  } else {
    leave_out(diagnostic.severity, diagnostic.file, diagnostic.path, 1);
  }
}

void Diagnostics::leave_out(Severity severity, const std::string& file, const std::string& path,
                            std::size_t count) {
  // The kinds are few (files times columns): a linear search is enough.
  for (LeftOut& kind : left_out_) {
    if (kind.severity == severity && kind.file == file && kind.path == path) {
      kind.count += count;
      return;
    }
  }
  left_out_.push_back({severity, file, path, count});
}

void Diagnostics::add_all(const Diagnostics& other) {
  for (const Diagnostic& diagnostic : other.items_)
    add(diagnostic);
  for (const LeftOut& kind : other.left_out_) {
    (kind.severity == Severity::error ? error_count_ : warning_count_) += kind.count;
    leave_out(kind.severity, kind.file, kind.path, kind.count);
  }
}

void Diagnostics::list_left_out() {
  for (const LeftOut& kind : left_out_) {
    items_.push_back({kind.severity, kind.file, 0, kind.path,
                      std::to_string(kind.count) + " more " +
                          (kind.severity == Severity::error ? "error" : "warning") +
                          (kind.count == 1 ? "" : "s") +
                          (kind.path.empty() ? "" : " in this column") + " not listed (the first " +
                          std::to_string(keep_) + " findings are kept in full: kept_diagnostics)"});
  }
  left_out_.clear();
}

void Diagnostics::error(std::string file, int line, std::string path, std::string message) {
  add({Severity::error, std::move(file), line, std::move(path), std::move(message)});
}

void Diagnostics::warning(std::string file, int line, std::string path, std::string message) {
  add({Severity::warning, std::move(file), line, std::move(path), std::move(message)});
}

namespace {

std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += to_string(diagnostic);
  }
  return text;
}

std::vector<Diagnostic> at_least_one(std::vector<Diagnostic> diagnostics) {
  if (diagnostics.empty()) diagnostics.push_back({Severity::error, "", 0, "", "unknown error"});
  return diagnostics;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

Error::Error(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_lines(at_least_one(diagnostics))),
      diagnostics_(at_least_one(std::move(diagnostics))) {}

std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates) {
  // A typo changes a few characters (beyond a third of the word it is another word); a
  // spelled-out name ("minimum" for "min") shares the candidate's first letters.
  const std::size_t typo_limit = std::max<std::size_t>(1, (word.size() + 2) / 3);
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    const bool abbreviation = candidate.size() >= 3 && word.size() > candidate.size() &&
                              word.substr(0, candidate.size()) == candidate;
    if ((distance <= typo_limit || abbreviation) && distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace yanxiu
