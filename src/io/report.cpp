#include <algorithm>
#include <cstdio>
#include <ostream>

#include <yanxiu/audit_batches.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/sys/fields.hpp>
#include <yanxiu/version.hpp>

#include "util/progress.hpp"

namespace yanxiu {

namespace {

// Rows are formatted into a buffer flushed in large pieces: a county audit has millions.
constexpr std::size_t flush_at = 1 << 16;

void flush(std::ostream& out, std::string& buffer) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
}

// The rows written, told to a meter at each flush.
class RowMeter {
 public:
  RowMeter(const Progress& progress, std::size_t rows) : meter_(progress, Phase::writing, rows) {}
  /// `rows` rows are written (flushed) so far.
  void at(std::size_t rows) {
    meter_.add(rows - counted_);
    counted_ = rows;
  }
  void finish(std::size_t rows) {
    at(rows);
    meter_.finish();
  }

 private:
  detail::ProgressMeter meter_;
  std::size_t counted_ = 0;
};

}  // namespace

namespace {

// The same as a JSON member: null on count and choice rows.
void append_json_hours(std::string& buffer, const Audit& audit, std::size_t i) {
  buffer += ", \"hours\": ";
  const auto rule = static_cast<std::size_t>(audit.columns().rule[i]);
  if (audit.policy().rules()[rule].kind == RuleKind::quota)
    append_hours(buffer, Hours::from_hundredths(audit.columns().hours[i]));
  else
    buffer += "null";
}

// Row i of the audit as a JSON object, without its closing brace.
void append_json_row(std::string& buffer, const Audit& audit, std::size_t i) {
  const AuditRow row = audit.row(i);
  const Period& period = audit.period(row);
  const RuleKind kind = audit.policy().rules()[static_cast<std::size_t>(row.rule)].kind;
  buffer += "{\"teacher_id\": ";
  append_json_string(buffer, audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)]);
  buffer += ", \"rule_id\": ";
  append_json_string(buffer, audit.rule_id(row));
  buffer += ", \"period\": ";
  append_json_string(buffer, period.label);
  buffer += ", \"period_start\": \"" + day_to_iso(period.first_day) + "\", \"period_end\": \"" +
            day_to_iso(period.last_day) + "\", \"required\": ";
  append_amount(buffer, kind, row.required);
  buffer += ", \"credited\": ";
  append_amount(buffer, kind, row.credited);
  buffer += ", \"shortfall\": ";
  append_amount(buffer, kind, row.shortfall());
  buffer += ", \"status\": \"";
  buffer += to_string(row.status);
  buffer += "\"";
}

void append_json_counts(std::string& buffer, const DispositionCounts& counts) {
  buffer += "{";
  for (int d = 0; d < disposition_count; ++d) {
    if (d) buffer += ", ";
    append_json_string(buffer, to_string(static_cast<Disposition>(d)));
    buffer += ": " + std::to_string(counts.counts[d]);
  }
  buffer += "}";
}

void append_json_as_of(std::string& buffer, const AuditOptions& options) {
  buffer += ", \"as_of\": ";
  if (options.as_of)
    append_json_string(buffer, to_iso(*options.as_of));
  else
    buffer += "null";
  buffer += ", \"basis\": ";
  append_json_string(buffer, to_string(options.basis));
}

}  // namespace

bool hours_column(const Policy& policy) {
  return policy.unit().credits();
}

bool hours_column(const Audit& audit) {
  return hours_column(audit.policy());
}

bool hours_column(const SetAudit& audit) {
  const auto versions = audit.policy_set().versions();
  return std::any_of(versions.begin(), versions.end(),
                     [](const PolicyVersion& v) { return hours_column(v.policy); });
}

namespace {

// What identifies an audit, up to its dispositions: the head of its JSON and of its record.
void append_audit_head(std::string& buffer, const Policy& policy, const AuditOptions& options,
                       const DispositionCounts& counts) {
  buffer += "{\"format\": \"yanxiu-audit/1\", \"engine\": ";
  append_json_string(buffer, version_string);
  buffer += ", \"policy\": {\"id\": ";
  append_json_string(buffer, policy.id());
  buffer += ", \"title\": ";
  append_json_string(buffer, policy.title());
  buffer += ", \"sha256\": ";
  append_json_string(buffer, policy.digest());
  buffer += "}";
  append_json_as_of(buffer, options);
  buffer += ",\n \"dispositions\": ";
  append_json_counts(buffer, counts);
}

void append_audit_head(std::string& buffer, const Audit& audit) {
  append_audit_head(buffer, audit.policy(), audit.options(), audit.disposition_counts());
}

void append_set_audit_head(std::string& buffer, const SetAudit& audit) {
  const PolicySet& set = audit.policy_set();
  if (set.is_single_policy()) return append_audit_head(buffer, audit.audit(0));
  buffer += "{\"format\": \"yanxiu-audit/1\", \"engine\": ";
  append_json_string(buffer, version_string);
  buffer += ", \"policy_set\": {\"id\": ";
  append_json_string(buffer, set.id());
  buffer += ", \"title\": ";
  append_json_string(buffer, set.title());
  buffer += ", \"sha256\": ";
  append_json_string(buffer, set.digest());
  buffer += ", \"in_force_on\": ";
  append_json_string(buffer, to_string(set.in_force_on()));
  buffer += ", \"versions\": [";
  for (std::size_t v = 0; v < set.versions().size(); ++v) {
    const PolicyVersion& version = set.versions()[v];
    buffer += v ? ", {\"id\": " : "{\"id\": ";
    append_json_string(buffer, version.policy.id());
    buffer += ", \"title\": ";
    append_json_string(buffer, version.policy.title());
    buffer += ", \"sha256\": ";
    append_json_string(buffer, version.policy.digest());
    buffer += ", \"effective\": ";
    append_json_string(buffer, to_iso(version.effective));
    buffer += "}";
  }
  buffer += "]}";
  append_json_as_of(buffer, audit.options());
  buffer += ",\n \"dispositions\": ";
  append_json_counts(buffer, audit.disposition_counts());
}

// The record's tail: the table it describes, its row count and the decision record's lines.
void append_record_tail(std::string& buffer, std::string_view table, std::size_t rows,
                        const std::vector<std::string>& lines) {
  buffer += ",\n \"table\": ";
  append_json_string(buffer, table);
  buffer += ", \"rows\": " + std::to_string(rows) + ",\n \"decision_record\": [";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) buffer += ", ";
    append_json_string(buffer, lines[i]);
  }
  buffer += "]}\n";
}

}  // namespace

void write_audit_json(std::ostream& out, const Audit& audit, const Progress& progress) {
  RowMeter meter(progress, audit.size());
  std::string buffer;
  buffer.reserve(flush_at + 512);
  append_audit_head(buffer, audit);
  const bool hours = hours_column(audit);
  buffer += ",\n \"rows\": [";
  for (std::size_t i = 0; i < audit.size(); ++i) {
    buffer += i ? ",\n  " : "\n  ";
    append_json_row(buffer, audit, i);
    if (hours) append_json_hours(buffer, audit, i);
    buffer += "}";
    if (buffer.size() >= flush_at) {
      flush(out, buffer);
      meter.at(i + 1);
    }
  }
  buffer += "\n ]}\n";
  flush(out, buffer);
  meter.finish(audit.size());
}

void write_set_audit_json(std::ostream& out, const SetAudit& audit, const Progress& progress) {
  const PolicySet& set = audit.policy_set();
  RowMeter meter(progress, audit.rows().size());
  std::size_t written = 0;
  std::string buffer;
  buffer.reserve(flush_at + 512);
  append_set_audit_head(buffer, audit);
  const bool hours = hours_column(audit);
  buffer += ",\n \"rows\": [";
  bool first = true;
  for (const SetAuditRow& row : audit.rows()) {
    buffer += first ? "\n  " : ",\n  ";
    first = false;
    append_json_row(buffer, audit.audit(row.version), row.row);
    if (hours) append_json_hours(buffer, audit.audit(row.version), row.row);
    if (!set.is_single_policy()) {
      buffer += ", \"policy\": ";
      append_json_string(buffer, set.versions()[row.version].policy.id());
    }
    buffer += "}";
    ++written;
    if (buffer.size() >= flush_at) {
      flush(out, buffer);
      meter.at(written);
    }
  }
  buffer += "\n ]}\n";
  flush(out, buffer);
  meter.finish(written);
}

void write_audit_record_json(std::ostream& out, const Audit& audit, std::string_view table) {
  write_audit_record_json(out, audit.policy(), audit.options(), audit.disposition_counts(), table,
                          audit.size());
}

void write_audit_record_json(std::ostream& out, const Policy& policy, const AuditOptions& options,
                             const DispositionCounts& counts, std::string_view table,
                             std::size_t rows) {
  std::string buffer;
  append_audit_head(buffer, policy, options, counts);
  append_record_tail(buffer, table, rows, {decision_record(policy, options).to_string()});
  out << buffer;
}

void write_audit_record_json(std::ostream& out, const SetAudit& audit, std::string_view table) {
  std::string buffer;
  append_set_audit_head(buffer, audit);
  append_record_tail(buffer, table, audit.rows().size(), decision_record_lines(audit));
  out << buffer;
}

void write_score_csv(std::ostream& out, const RubricResult& result) {
  std::string buffer(score_csv_header);
  buffer.push_back('\n');
  const Rubric& rubric = result.rubric();
  for (const RubricRow& row : result.rows()) {
    append_csv_field(buffer, result.subjects()[static_cast<std::size_t>(row.subject)]);
    buffer.push_back(',');
    append_csv_field(buffer, result.item_id(row));
    buffer.push_back(',');
    append_hours(buffer, Hours::from_hundredths(row.weight));
    buffer.push_back(',');
    if (row.score != no_score) append_hours(buffer, Hours::from_hundredths(row.score));
    buffer.push_back(',');
    if (row.band >= 0)
      append_csv_field(buffer, rubric.bands[static_cast<std::size_t>(row.band)].id);
    buffer.push_back(',');
    if (row.rank > 0) buffer += std::to_string(row.rank);
    buffer.push_back(',');
    buffer += to_string(row.status);
    buffer.push_back(',');
    append_csv_field(buffer, result.award_ids(row));
    buffer.push_back(',');
    append_csv_field(buffer, row.note);
    buffer.push_back('\n');
    if (buffer.size() >= flush_at) flush(out, buffer);
  }
  flush(out, buffer);
}

}  // namespace yanxiu
