// The audit table as CSV (report.hpp), formatted on every thread and written in order. What a
// row repeats is formatted once: a rule's id, a period's label and days, a teacher's id; the
// amounts are the only numbers formatted per row.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <ostream>
#include <thread>

#include <yanxiu/report.hpp>
#include <yanxiu/sys/fields.hpp>

#include "io/ordered_writer.hpp"
#include "util/progress.hpp"

namespace yanxiu {

namespace {

// Rows per chunk formatted by one thread: about a megabyte of text.
constexpr std::size_t chunk_rows = 1 << 14;

unsigned writer_threads(unsigned threads) {
  return threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
}

/// The fixed text of the rows of one policy judging one ledger.
class RowFormat {
 public:
  /// `hours`: the hours column (hours_column) follows `status`.
  RowFormat(const Policy& policy, const Ledger& ledger, bool hours, std::string_view policy_column)
      : ledger_(ledger), hours_(hours) {
    for (const Rule& rule : policy.rules()) {
      std::vector<std::string> texts(rule.parts.size() + 1);
      append_csv_field(texts[0], rule.id);
      for (std::size_t p = 0; p < rule.parts.size(); ++p)
        append_csv_field(texts[p + 1], rule.id + "/" + rule.parts[p].id);
      rule_texts_.push_back(std::move(texts));
      quota_.push_back(rule.kind == RuleKind::quota);
    }
    for (int kind = 0; kind < period_kind_count; ++kind) {
      for (const Period& period : policy.calendar().periods(static_cast<PeriodKind>(kind))) {
        std::string text;
        append_csv_field(text, period.label);
        text.push_back(',');
        append_iso(text, period.first_day);
        text.push_back(',');
        append_iso(text, period.last_day);
        period_texts_[static_cast<std::size_t>(kind)].push_back(std::move(text));
      }
    }
    if (!policy_column.empty()) {
      policy_text_ = ",";
      append_csv_field(policy_text_, policy_column);
    }
  }

  /// Writes row i of `rows` and its line end into `text` at `used`, growing it as needed (the
  /// caller trims it to `used` at the end), and moves `used` past them.
  void append(std::string& text, std::size_t& used, const AuditColumns& rows, std::size_t i) {
    const TeacherIndex teacher = rows.teacher[i];
    if (teacher != teacher_) {
      teacher_ = teacher;
      teacher_text_.clear();
      append_csv_field(teacher_text_, ledger_.teachers().id[static_cast<std::size_t>(teacher)]);
    }
    const auto rule = static_cast<std::size_t>(rows.rule[i]);
    const std::string& rule_text = rule_texts_[rule][static_cast<std::size_t>(rows.part[i] + 1)];
    const std::string& period_text = period_texts_[static_cast<std::size_t>(rows.period_kind[i])]
                                                  [static_cast<std::size_t>(rows.period[i])];
    const Status status = rows.status[i];
    const std::string_view status_text = to_string(status);
    // Four amounts of at most 21 characters each, seven commas and the line's end.
    const std::size_t most = teacher_text_.size() + rule_text.size() + period_text.size() +
                             status_text.size() + policy_text_.size() + 4 * 21 + 8;
    if (text.size() < used + most) text.resize(std::max(2 * text.size(), used + most + 4096));
    char* out = text.data() + used;
    auto put = [&out](std::string_view piece) {
      std::memcpy(out, piece.data(), piece.size());
      out += piece.size();
    };
    put(teacher_text_);
    *out++ = ',';
    put(rule_text);
    *out++ = ',';
    put(period_text);
    const std::int64_t required = rows.required[i], credited = rows.credited[i];
    const bool quota = quota_[rule];
    *out++ = ',';
    out = amount(out, quota, required);
    *out++ = ',';
    out = amount(out, quota, credited);
    *out++ = ',';
    out = amount(out, quota, status == Status::short_ ? required - credited : 0);
    *out++ = ',';
    put(status_text);
    if (hours_) {
      *out++ = ',';
      // The hours behind the row; none on count and choice rows.
      if (quota) out = amount(out, true, rows.hours[i]);
    }
    put(policy_text_);
    *out++ = '\n';
    used = static_cast<std::size_t>(out - text.data());
  }

 private:
  // An amount as append_amount writes it: hours with two decimals, counts as whole numbers.
  static char* amount(char* out, bool quota, std::int64_t hundredths) {
    if (!quota) return std::to_chars(out, out + 21, hundredths / 100).ptr;
    // Unsigned, so that the magnitude of the most negative value exists too.
    auto magnitude = static_cast<std::uint64_t>(hundredths);
    if (hundredths < 0) {
      *out++ = '-';
      magnitude = 0 - magnitude;
    }
    out = std::to_chars(out, out + 20, magnitude / 100).ptr;
    const auto cents = static_cast<unsigned>(magnitude % 100);
    out[0] = '.';
    out[1] = static_cast<char>('0' + cents / 10);
    out[2] = static_cast<char>('0' + cents % 10);
    return out + 3;
  }

  const Ledger& ledger_;
  bool hours_;
  std::vector<std::vector<std::string>> rule_texts_;  ///< [rule][part + 1]
  std::vector<bool> quota_;
  std::array<std::vector<std::string>, period_kind_count> period_texts_;
  std::string policy_text_;  ///< ",<id>" in a set's table, else empty
  TeacherIndex teacher_ = -1;
  std::string teacher_text_;
};

// The rows in chunks over `threads` threads, each chunk counted by `meter` once written.
void write_rows(std::ostream& out, const Policy& policy, const Ledger& ledger,
                const AuditColumns& rows, unsigned threads, detail::ProgressMeter* meter) {
  const std::size_t count = (rows.size() + chunk_rows - 1) / chunk_rows;
  const bool hours = hours_column(policy);
  detail::write_chunks_in_order(
      out, count, writer_threads(threads),
      [&](std::size_t chunk, std::string& text) {
        RowFormat format(policy, ledger, hours, {});
        const std::size_t end = std::min(rows.size(), (chunk + 1) * chunk_rows);
        std::size_t used = 0;
        for (std::size_t i = chunk * chunk_rows; i < end; ++i)
          format.append(text, used, rows, i);
        text.resize(used);
      },
      [&](std::size_t chunk) {
        if (meter) meter->add(std::min(rows.size(), (chunk + 1) * chunk_rows) - chunk * chunk_rows);
      });
}

// The header line: audit_csv_header, then the hours column and a set's policy column when asked.
void write_header(std::ostream& out, bool hours, bool policy_column) {
  out << audit_csv_header;
  if (hours) out << ',' << audit_csv_hours_column;
  out << (policy_column ? ",policy\n" : "\n");
}

}  // namespace

void write_audit_csv_header(std::ostream& out, const Policy& policy) {
  write_header(out, hours_column(policy), false);
}

void write_audit_csv(std::ostream& out, const Audit& audit, const Progress& progress) {
  detail::ProgressMeter meter(progress, Phase::writing, audit.size());
  write_audit_csv_header(out, audit.policy());
  write_rows(out, audit.policy(), audit.ledger(), audit.columns(), audit.options().threads, &meter);
  meter.finish();
}

void write_audit_csv_rows(std::ostream& out, const Policy& policy, const Ledger& ledger,
                          const AuditColumns& rows, unsigned threads) {
  write_rows(out, policy, ledger, rows, threads, nullptr);
}

// A single policy's set audit is written as its plain audit: no `policy` column.
void write_set_audit_csv(std::ostream& out, const SetAudit& audit, const Progress& progress) {
  const PolicySet& set = audit.policy_set();
  const bool named = !set.is_single_policy();
  const bool hours = hours_column(audit);
  write_header(out, hours, named);
  const auto rows = audit.rows();
  detail::ProgressMeter meter(progress, Phase::writing, rows.size());
  const std::size_t count = (rows.size() + chunk_rows - 1) / chunk_rows;
  detail::write_chunks_in_order(
      out, count, writer_threads(audit.options().threads),
      [&](std::size_t chunk, std::string& text) {
        std::vector<RowFormat> formats;
        for (std::size_t v = 0; v < set.versions().size(); ++v) {
          const Audit& version = audit.audit(v);
          formats.emplace_back(version.policy(), version.ledger(), hours,
                               named ? std::string_view(set.versions()[v].policy.id()) : "");
        }
        const std::size_t end = std::min(rows.size(), (chunk + 1) * chunk_rows);
        std::size_t used = 0;
        for (std::size_t i = chunk * chunk_rows; i < end; ++i)
          formats[rows[i].version].append(text, used, audit.audit(rows[i].version).columns(),
                                          rows[i].row);
        text.resize(used);
      },
      [&](std::size_t chunk) {
        meter.add(std::min(rows.size(), (chunk + 1) * chunk_rows) - chunk * chunk_rows);
      });
  meter.finish();
}

}  // namespace yanxiu
