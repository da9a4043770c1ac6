// teachers.csv and records.csv into a LedgerBuilder: the header picks the columns, each cell is
// checked, and a bad row becomes a diagnostic naming the file, line and column.

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>

#include <yanxiu/ledger.hpp>

#include "csv.hpp"
#include "ledger_data.hpp"

namespace yanxiu {

namespace {

using detail::CsvReader;
using detail::trim;

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw InputError({{Severity::error, path.string(), 0, "", "cannot open the file"}});
  }
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

/// The header row: column names to positions. Throws InputError for an empty file, an empty or
/// repeated name, or a missing required column.
struct Header {
  std::vector<std::string> names;

  int find(std::string_view name) const {
    const auto found = std::find(names.begin(), names.end(), name);
    return found == names.end() ? -1 : static_cast<int>(found - names.begin());
  }
};

Header read_header(CsvReader& reader, std::string_view file,
                   std::initializer_list<std::string_view> required) {
  std::vector<std::string_view> fields;
  auto fail = [&](int line, std::string message) {
    throw InputError({{Severity::error, std::string(file), line, "", std::move(message)}});
  };
  if (!reader.next_row(fields)) fail(0, "the file is empty; expected a header row");
  Header header;
  for (auto field : fields) {
    const std::string name(trim(field));
    if (name.empty())
      fail(reader.line(), "column " + std::to_string(header.names.size() + 1) + " has no name");
    if (header.find(name) >= 0) fail(reader.line(), "column " + in_quotes(name) + " appears twice");
    header.names.push_back(name);
  }
  for (auto name : required) {
    if (header.find(name) < 0) {
      std::vector<std::string_view> present(header.names.begin(), header.names.end());
      const auto close = closest_match(name, present);
      fail(reader.line(), "missing required column " + in_quotes(name) +
                              (close.empty() ? "" : "; is " + in_quotes(close) + " meant?"));
    }
  }
  return header;
}

std::optional<DayNumber> date_cell(std::string_view text) {
  if (text.empty()) return no_day;
  return parse_day(text);
}

std::string bad_date(std::string_view text) {
  return in_quotes(text) + " is not a date (YYYY-MM-DD, years 1900..2200)";
}

}  // namespace

void LedgerBuilder::read_teachers(const std::filesystem::path& path) {
  read_teachers_text(read_file(path), path.string());
}

void LedgerBuilder::read_teachers_text(std::string_view csv, std::string_view name) {
  CsvReader reader(csv);
  const Header header = read_header(reader, name, {"id"});
  const int file = add_source(name);
  const int id = header.find("id"), birth = header.find("birth_date"),
            join = header.find("join_date"), leave = header.find("leave_date");
  std::vector<std::string> attribute_names;
  std::vector<int> attribute_columns;
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    const int column = static_cast<int>(i);
    if (column == id || column == birth || column == join || column == leave) continue;
    attribute_names.push_back(header.names[i]);
    attribute_columns.push_back(column);
  }
  if (!index_->attributes_fixed) {
    set_attribute_names(std::move(attribute_names));
  } else if (attribute_names != data_->teachers.attribute_names) {
    throw InputError({{Severity::error, std::string(name), 1, "",
                       "a further teachers file must have the same columns as the first"}});
  }

  std::vector<std::string_view> fields;
  std::vector<std::string_view> attributes(attribute_columns.size());
  while (reader.next_row(fields)) {
    const RowOrigin origin{file, reader.line()};
    auto reject = [&](std::string field, std::string message) {
      reject_teacher(origin, std::move(field), std::move(message));
    };
    if (reader.malformed()) {
      reject("", "a quoted field is not closed properly");
      continue;
    }
    if (fields.size() != header.names.size()) {
      reject("", "expected " + std::to_string(header.names.size()) + " fields, found " +
                     std::to_string(fields.size()));
      continue;
    }
    TeacherRow row;
    row.id = trim(fields[id]);
    bool ok = true;
    for (auto [column, target] :
         {std::pair{birth, &row.birth_day}, {join, &row.join_day}, {leave, &row.leave_day}}) {
      if (column < 0) continue;
      const auto text = trim(fields[column]);
      if (auto day = date_cell(text)) {
        *target = *day;
      } else {
        reject(header.names[column], bad_date(text));
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (std::size_t i = 0; i < attribute_columns.size(); ++i) {
      attributes[i] = trim(fields[attribute_columns[i]]);
    }
    row.attributes = attributes;
    add_teacher(row, origin);
  }
}

void LedgerBuilder::read_records(const std::filesystem::path& path) {
  read_records_text(read_file(path), path.string());
}

void LedgerBuilder::read_records_text(std::string_view csv, std::string_view name) {
  CsvReader reader(csv);
  const Header header =
      read_header(reader, name, {"id", "teacher_id", "date", "hours", "category"});
  const int file = add_source(name);
  const int id = header.find("id"), teacher = header.find("teacher_id"), date = header.find("date"),
            end_date = header.find("end_date"), hours = header.find("hours"),
            category = header.find("category"), activity = header.find("activity"),
            outcome = header.find("outcome"), count = header.find("count"),
            certificate = header.find("certificate"), status = header.find("status");
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    const int column = static_cast<int>(i);
    if (column == id || column == teacher || column == date || column == end_date ||
        column == hours || column == category || column == activity || column == outcome ||
        column == count || column == certificate || column == status) {
      continue;
    }
    data_->diagnostics.warning(std::string(name), 1, header.names[i],
                               "column is not used by records; it is ignored");
  }

  std::vector<std::string_view> fields;
  while (reader.next_row(fields)) {
    const RowOrigin origin{file, reader.line()};
    if (reader.malformed()) {
      reject_record(origin, "", "a quoted field is not closed properly");
      continue;
    }
    if (fields.size() != header.names.size()) {
      reject_record(origin, "",
                    "expected " + std::to_string(header.names.size()) + " fields, found " +
                        std::to_string(fields.size()));
      continue;
    }
    auto cell = [&](int column) { return column < 0 ? std::string_view() : trim(fields[column]); };
    RecordRow row;
    row.id = cell(id);
    row.teacher_id = cell(teacher);
    row.category = cell(category);
    row.activity = cell(activity);
    row.outcome = cell(outcome);
    row.certificate = cell(certificate);

    const auto start_text = cell(date);
    const auto start = date_cell(start_text);
    if (!start) {
      reject_record(origin, "date", bad_date(start_text));
      continue;
    }
    row.start_day = *start;
    const auto end_text = cell(end_date);
    const auto end = date_cell(end_text);
    if (!end) {
      reject_record(origin, "end_date", bad_date(end_text));
      continue;
    }
    row.end_day = *end;

    const auto hours_text = cell(hours);
    if (hours_text.empty() && (!row.activity.empty() || !row.outcome.empty())) {
      row.hours = Hours();  // an activity or outcome record need not carry hours
    } else {
      HoursSyntax why = HoursSyntax::ok;
      const auto parsed = parse_hours(hours_text, &why);
      if (!parsed) {
        reject_record(origin, "hours",
                      hours_text.empty()
                          ? "is empty"
                          : in_quotes(hours_text) + " " + std::string(describe(why)));
        continue;
      }
      row.hours = *parsed;
    }

    const auto count_text = cell(count);
    if (!count_text.empty()) {
      const auto result =
          std::from_chars(count_text.data(), count_text.data() + count_text.size(), row.count);
      if (result.ec != std::errc() || result.ptr != count_text.data() + count_text.size()) {
        reject_record(origin, "count", in_quotes(count_text) + " is not a whole number");
        continue;
      }
    }
    const auto status_text = cell(status);
    if (!status_text.empty()) {
      const auto parsed = parse_record_status(status_text);
      if (!parsed) {
        reject_record(origin, "status",
                      "unknown status " + in_quotes(status_text) +
                          "; expected \"certified\", \"pending\" or \"rejected\"");
        continue;
      }
      row.status = *parsed;
    }
    add_record(row, origin);
  }
}

Ledger read_ledger(const Policy& policy, const std::filesystem::path& teachers,
                   const std::filesystem::path& records) {
  LedgerBuilder builder(policy);
  builder.read_teachers(teachers);
  builder.read_records(records);
  return builder.build();
}

}  // namespace yanxiu
