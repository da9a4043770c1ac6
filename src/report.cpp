#include <cstdio>
#include <ostream>

#include <yanxiu/report.hpp>
#include <yanxiu/version.hpp>

namespace yanxiu {

namespace {

// Rows are formatted into a buffer flushed in large pieces: a county audit has millions.
constexpr std::size_t flush_at = 1 << 16;

void flush(std::ostream& out, std::string& buffer) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", c);
          out += escape;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void write_audit_csv(std::ostream& out, const Audit& audit) {
  std::string buffer;
  buffer.reserve(flush_at + 512);
  buffer.append(audit_csv_header);
  buffer.push_back('\n');
  const auto& teachers = audit.ledger().teachers();
  for (std::size_t i = 0; i < audit.size(); ++i) {
    const AuditRow row = audit.row(i);
    const Period& period = audit.period(row);
    const RuleKind kind = audit.policy().rules()[static_cast<std::size_t>(row.rule)].kind;
    append_csv_field(buffer, teachers.id[static_cast<std::size_t>(row.teacher)]);
    buffer.push_back(',');
    append_csv_field(buffer, audit.rule_id(row));
    buffer.push_back(',');
    append_csv_field(buffer, period.label);
    buffer.push_back(',');
    append_iso(buffer, period.first_day);
    buffer.push_back(',');
    append_iso(buffer, period.last_day);
    buffer.push_back(',');
    append_amount(buffer, kind, row.required);
    buffer.push_back(',');
    append_amount(buffer, kind, row.credited);
    buffer.push_back(',');
    append_amount(buffer, kind, row.shortfall());
    buffer.push_back(',');
    buffer += to_string(row.status);
    buffer.push_back('\n');
    if (buffer.size() >= flush_at) flush(out, buffer);
  }
  flush(out, buffer);
}

void write_audit_json(std::ostream& out, const Audit& audit) {
  std::string buffer;
  buffer.reserve(flush_at + 512);
  buffer += "{\"format\": \"yanxiu-audit/1\", \"engine\": ";
  append_json_string(buffer, version_string);
  buffer += ", \"policy\": {\"id\": ";
  append_json_string(buffer, audit.policy().id());
  buffer += ", \"title\": ";
  append_json_string(buffer, audit.policy().title());
  buffer += ", \"sha256\": ";
  append_json_string(buffer, audit.policy().digest());
  buffer += "}, \"as_of\": ";
  if (audit.options().as_of)
    append_json_string(buffer, to_iso(*audit.options().as_of));
  else
    buffer += "null";
  buffer += ", \"basis\": ";
  append_json_string(buffer, to_string(audit.options().basis));
  buffer += ",\n \"dispositions\": {";
  for (int d = 0; d < disposition_count; ++d) {
    if (d) buffer += ", ";
    append_json_string(buffer, to_string(static_cast<Disposition>(d)));
    buffer += ": " + std::to_string(audit.disposition_counts().counts[d]);
  }
  buffer += "},\n \"rows\": [";
  const auto& teachers = audit.ledger().teachers();
  for (std::size_t i = 0; i < audit.size(); ++i) {
    const AuditRow row = audit.row(i);
    const Period& period = audit.period(row);
    const RuleKind kind = audit.policy().rules()[static_cast<std::size_t>(row.rule)].kind;
    buffer += i ? ",\n  {\"teacher_id\": " : "\n  {\"teacher_id\": ";
    append_json_string(buffer, teachers.id[static_cast<std::size_t>(row.teacher)]);
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
    buffer += "\"}";
    if (buffer.size() >= flush_at) flush(out, buffer);
  }
  buffer += "\n ]}\n";
  flush(out, buffer);
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
