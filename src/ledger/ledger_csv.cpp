// teachers.csv and records.csv into a LedgerBuilder: the header picks the columns, each cell is
// checked, and a bad row becomes a diagnostic naming the file, line and column.

#include <algorithm>
#include <charconv>
#include <cstring>
#include <thread>

#include <yanxiu/columns.hpp>
#include <yanxiu/ledger.hpp>

#include "ledger/ledger_data.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"

namespace yanxiu {

namespace {

using detail::CsvHeader;
using detail::CsvReader;
using detail::CsvText;
using detail::read_csv_header;
using detail::read_input_file;
using detail::trim;

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::optional<DayNumber> date_cell(std::string_view text) {
  if (text.empty()) return no_day;
  return parse_day(text);
}

// Every column records.csv may have; others are reported once and ignored.
const std::string_view record_columns[] = {
    "id",       "teacher_id", "date",      "end_date", "hours",       "category",
    "activity", "outcome",    "level",     "count",    "certificate", "status",
    "attended", "assessment", "counts_as", "exempted", "split",       "recorded_at"};

std::string_view next_item(std::string_view& rest) {
  const auto separator = rest.find(';');
  const std::string_view item = trim(rest.substr(0, separator));
  rest = separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 1);
  return item;
}

std::string bad_date(std::string_view text) {
  return in_quotes(text) + " is not a date (YYYY-MM-DD, years 1900..2200)";
}

}  // namespace

std::optional<bool> parse_flag(std::string_view text) {
  for (std::string_view yes : {"yes", "true", "1", "是"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"no", "false", "0", "否"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

std::optional<std::string> parse_ranges(std::string_view text, std::vector<DayRange>& ranges) {
  for (std::string_view rest = text; !rest.empty();) {
    const std::string_view item = next_item(rest);
    if (item.empty()) continue;
    const auto dots = item.find("..");
    const auto first =
        dots == std::string_view::npos ? std::nullopt : parse_day(trim(item.substr(0, dots)));
    const auto last =
        dots == std::string_view::npos ? std::nullopt : parse_day(trim(item.substr(dots + 2)));
    if (!first || !last)
      return in_quotes(item) + " is not a period FIRST..LAST of dates YYYY-MM-DD";
    ranges.push_back({*first, *last});
  }
  return std::nullopt;
}

// "school:10;self:5": a course split across categories.
std::optional<std::string> parse_split(std::string_view text, std::vector<SplitPortion>& portions) {
  for (std::string_view rest = text; !rest.empty();) {
    const std::string_view item = next_item(rest);
    if (item.empty()) continue;
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) return in_quotes(item) + " is not CATEGORY:HOURS";
    HoursSyntax why = HoursSyntax::ok;
    const auto hours = parse_hours(trim(item.substr(colon + 1)), &why);
    if (!hours) return in_quotes(item.substr(colon + 1)) + " " + std::string(describe(why));
    portions.push_back({trim(item.substr(0, colon)), *hours});
  }
  return std::nullopt;
}

void LedgerBuilder::read_teachers(const std::filesystem::path& path) {
  read_teachers_text(read_input_file(path, data_->limits.csv_bytes), path.string());
}

void LedgerBuilder::read_teachers_text(std::string_view csv, std::string_view name) {
  const InputLimits& limits = data_->limits;
  std::string converted;
  const CsvText input =
      detail::csv_text(csv, name, limits.csv_encoding, converted, data_->diagnostics);
  CsvReader reader(input.text, 1, limits, input.check_rows);
  const CsvHeader header =
      read_csv_header(reader, name, {"id"}, limits.csv_columns, canonical_column_name);
  const int file = add_source(name);
  const int id = header.find("id"), birth = header.find("birth_date"),
            join = header.find("join_date"), leave = header.find("leave_date"),
            absences = header.find("leave");
  std::vector<std::string> attribute_names;
  std::vector<int> attribute_columns;
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    const int column = static_cast<int>(i);
    if (column == id || column == birth || column == join || column == leave || column == absences)
      continue;
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
  std::vector<DayRange> ranges;
  const std::int64_t invalid_before = data_->invalid_teacher_rows;
  while (reader.next_row(fields)) {
    const RowOrigin origin{file, reader.line()};
    if (data_->invalid_teacher_rows - invalid_before > limits.invalid_rows) {
      detail::too_many_invalid_rows(data_->diagnostics, limits, name, origin.line);
    }
    auto reject = [&](std::string field, std::string message) {
      reject_teacher(origin, std::move(field), std::move(message));
    };
    if (!reader.problem().empty()) {
      reject("", reader.problem());
      continue;
    }
    if (const std::string lines = reader.spans_lines(); !lines.empty()) {
      data_->diagnostics.warning(std::string(name), origin.line, "", lines);
    }
    if (fields.size() != header.names.size()) {
      reject("", "expected " + std::to_string(header.names.size()) + " fields, found " +
                     std::to_string(fields.size()));
      continue;
    }
    TeacherRow row;
    row.id = trim(fields[id]);
    // A row rejected from here on has an id: its records will point at it.
    auto reject_row = [&](std::string field, std::string message) {
      reject(std::move(field), std::move(message));
      if (!row.id.empty()) data_->rejected_teachers.try_emplace(std::string(row.id), origin);
    };
    bool ok = true;
    for (auto [column, target] :
         {std::pair{birth, &row.birth_day}, {join, &row.join_day}, {leave, &row.leave_day}}) {
      if (column < 0) continue;
      const auto text = trim(fields[column]);
      if (auto day = date_cell(text)) {
        *target = *day;
      } else {
        reject_row(header.names[column], bad_date(text));
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    ranges.clear();
    if (absences >= 0) {
      if (auto problem = parse_ranges(trim(fields[absences]), ranges)) {
        reject_row("leave", *problem);
        continue;
      }
    }
    for (std::size_t i = 0; i < attribute_columns.size(); ++i) {
      attributes[i] = trim(fields[attribute_columns[i]]);
    }
    row.attributes = attributes;
    row.absences = ranges;
    add_teacher(row, origin);
  }
}

namespace {

/// Where each records.csv column is; -1 when the file has none.
struct RecordLayout {
  int id, teacher, date, end_date, hours, category, activity, outcome, level, count, certificate,
      status, attended, assessment, counts_as, exempted, split, recorded_at;
  std::size_t width;
};

/// Reads the rows of one stretch of records.csv, starting on line `first_line`, into `batch`.
/// Stops at the first row past InputLimits::invalid_rows of its own (`stopped_at`: its line);
/// the file's total is checked when all stretches are read.
void read_record_rows(const detail::LedgerData& data,
                      const std::vector<std::string_view>& category_ids, const RecordLayout& layout,
                      const CsvText& text, int first_line, int file, detail::RecordBatch& batch,
                      int& stopped_at) {
  CsvReader reader(text.text, first_line, data.limits, text.check_rows);
  batch.diagnostics.keep_at_most(data.limits.kept_diagnostics);
  // Export rows run 40 to 60 bytes: reserve for the most rows the stretch could hold at 40.
  detail::reserve(batch.records, text.text.size() / 40 + 1);
  std::vector<SplitPortion> portions;
  std::vector<std::string_view> fields;
  while (reader.next_row(fields)) {
    const RowOrigin origin{file, reader.line()};
    if (batch.invalid > data.limits.invalid_rows) {
      stopped_at = origin.line;
      return;
    }
    if (!reader.problem().empty()) {
      detail::reject_record(data, batch, origin, "", reader.problem());
      continue;
    }
    if (const std::string lines = reader.spans_lines(); !lines.empty()) {
      batch.diagnostics.warning(data.files[static_cast<std::size_t>(file)], origin.line, "", lines);
    }
    if (fields.size() != layout.width) {
      detail::reject_record(data, batch, origin, "",
                            "expected " + std::to_string(layout.width) + " fields, found " +
                                std::to_string(fields.size()));
      continue;
    }
    auto cell = [&](int column) { return column < 0 ? std::string_view() : trim(fields[column]); };
    RecordRow row;
    row.id = cell(layout.id);
    row.teacher_id = cell(layout.teacher);
    row.category = cell(layout.category);
    row.activity = cell(layout.activity);
    row.outcome = cell(layout.outcome);
    row.level = cell(layout.level);
    row.certificate = cell(layout.certificate);
    row.assessment = cell(layout.assessment);
    row.counts_as = cell(layout.counts_as);

    const auto start_text = cell(layout.date);
    const auto start = date_cell(start_text);
    if (!start) {
      detail::reject_record(data, batch, origin, "date", bad_date(start_text));
      continue;
    }
    row.start_day = *start;
    const auto end_text = cell(layout.end_date);
    const auto end = date_cell(end_text);
    if (!end) {
      detail::reject_record(data, batch, origin, "end_date", bad_date(end_text));
      continue;
    }
    row.end_day = *end;
    const auto recorded_text = cell(layout.recorded_at);
    const auto recorded = date_cell(recorded_text);
    if (!recorded) {
      detail::reject_record(data, batch, origin, "recorded_at", bad_date(recorded_text));
      continue;
    }
    row.recorded_day = *recorded;

    const auto hours_text = cell(layout.hours);
    if (hours_text.empty() && (!row.activity.empty() || !row.outcome.empty())) {
      row.hours = Hours();  // an activity or outcome record need not carry hours
    } else {
      HoursSyntax why = HoursSyntax::ok;
      const auto parsed = parse_hours(hours_text, &why);
      if (!parsed) {
        detail::reject_record(data, batch, origin, "hours",
                              hours_text.empty()
                                  ? "is empty"
                                  : in_quotes(hours_text) + " " + std::string(describe(why)));
        continue;
      }
      row.hours = *parsed;
    }

    const auto count_text = cell(layout.count);
    if (!count_text.empty()) {
      const auto result =
          std::from_chars(count_text.data(), count_text.data() + count_text.size(), row.count);
      if (result.ec != std::errc() || result.ptr != count_text.data() + count_text.size()) {
        detail::reject_record(data, batch, origin, "count",
                              in_quotes(count_text) + " is not a whole number");
        continue;
      }
    }
    const auto status_text = cell(layout.status);
    if (!status_text.empty()) {
      const auto parsed = parse_record_status(status_text);
      if (!parsed) {
        detail::reject_record(
            data, batch, origin, "status",
            "unknown status " + in_quotes(status_text) +
                "; expected \"certified\", \"group_certified\", \"pending\" or \"rejected\"");
        continue;
      }
      row.status = *parsed;
    }
    if (const auto attended_text = cell(layout.attended); !attended_text.empty()) {
      HoursSyntax why = HoursSyntax::ok;
      row.attended = parse_hours(attended_text, &why);
      if (!row.attended) {
        detail::reject_record(data, batch, origin, "attended",
                              in_quotes(attended_text) + " " + std::string(describe(why)));
        continue;
      }
    }
    if (const auto exempted_text = cell(layout.exempted); !exempted_text.empty()) {
      const auto flag = parse_flag(exempted_text);
      if (!flag) {
        detail::reject_record(data, batch, origin, "exempted",
                              in_quotes(exempted_text) + " is not yes or no");
        continue;
      }
      row.exempted = *flag;
    }
    portions.clear();
    if (const auto split_text = cell(layout.split); !split_text.empty()) {
      if (auto problem = parse_split(split_text, portions)) {
        detail::reject_record(data, batch, origin, "split", *problem);
        continue;
      }
    }
    row.split = portions;
    detail::append_record(data, category_ids, batch, row, origin);
  }
}

// Line ends in `text`, found with memchr (a byte-by-byte count costs as much as reading the rows).
int count_lines(std::string_view text) {
  int lines = 0;
  const char* const end = text.data() + text.size();
  for (const char* at = text.data(); at < end; ++at, ++lines) {
    at = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)));
    if (!at) break;
  }
  return lines;
}

// The stretches, cut at line ends, that `parts` threads read at once. One stretch when the text
// has a quote: a quoted field may hold a line end, and a cut there would split its row.
std::vector<std::string_view> split_lines(std::string_view text, unsigned parts) {
  constexpr std::size_t least = 1 << 20;  // below a megabyte a thread costs more than it saves
  parts = static_cast<unsigned>(std::min<std::size_t>(parts, text.size() / least));
  if (parts <= 1 || text.find('"') != std::string_view::npos) return {text};
  std::vector<std::string_view> stretches;
  std::size_t begin = 0;
  for (unsigned k = 1; k < parts; ++k) {
    std::size_t cut = text.find('\n', std::max(begin, text.size() * k / parts));
    if (cut == std::string_view::npos) break;
    stretches.push_back(text.substr(begin, cut + 1 - begin));
    begin = cut + 1;
  }
  stretches.push_back(text.substr(begin));
  return stretches;
}

}  // namespace

void LedgerBuilder::read_records(const std::filesystem::path& path) {
  read_records_text(read_input_file(path, data_->limits.csv_bytes), path.string());
}

void LedgerBuilder::read_records_text(std::string_view csv, std::string_view name) {
  const InputLimits& limits = data_->limits;
  std::string converted;
  const CsvText input =
      detail::csv_text(csv, name, limits.csv_encoding, converted, data_->diagnostics);
  CsvReader reader(input.text, 1, limits, input.check_rows);
  const CsvHeader header =
      read_csv_header(reader, name, {"id", "teacher_id", "date", "hours", "category"},
                      limits.csv_columns, canonical_column_name);
  const int file = add_source(name);
  const RecordLayout layout{
      header.find("id"),       header.find("teacher_id"),  header.find("date"),
      header.find("end_date"), header.find("hours"),       header.find("category"),
      header.find("activity"), header.find("outcome"),     header.find("level"),
      header.find("count"),    header.find("certificate"), header.find("status"),
      header.find("attended"), header.find("assessment"),  header.find("counts_as"),
      header.find("exempted"), header.find("split"),       header.find("recorded_at"),
      header.names.size()};
  header.warn_unknown(record_columns, name, "records", data_->diagnostics);

  // The rows are read in stretches, one batch each, by as many threads as there are cores;
  // the batches are merged in order when the ledger is built.
  const std::string_view body = input.text.substr(reader.position());
  const auto stretches = split_lines(body, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> first_lines{reader.next_line()};
  for (std::size_t k = 0; k + 1 < stretches.size(); ++k) {
    first_lines.push_back(first_lines.back() + count_lines(stretches[k]));
  }
  const std::size_t first_batch = index_->batches.size();
  index_->batches.resize(first_batch + stretches.size());
  std::vector<int> stopped_at(stretches.size(), 0);
  auto read_stretch = [&](std::size_t k) {
    read_record_rows(*data_, index_->category_ids, layout, {stretches[k], input.check_rows},
                     first_lines[k], file, index_->batches[first_batch + k], stopped_at[k]);
  };
  {
    std::vector<std::jthread> threads;
    for (std::size_t k = 1; k < stretches.size(); ++k)
      threads.emplace_back(read_stretch, k);
    read_stretch(0);
  }
  std::int64_t invalid = 0;
  Diagnostics kept;
  kept.keep_at_most(limits.kept_diagnostics);
  for (std::size_t k = 0; k < stretches.size(); ++k) {
    const detail::RecordBatch& batch = index_->batches[first_batch + k];
    invalid += batch.invalid;
    kept.add_all(batch.diagnostics);
    if (invalid > limits.invalid_rows) {
      index_->batches.resize(first_batch);  // the builder is left as it was before the file
      detail::too_many_invalid_rows(kept, limits, name,
                                    stopped_at[k] ? stopped_at[k] : first_lines[k]);
    }
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
