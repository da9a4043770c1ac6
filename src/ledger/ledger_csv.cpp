// teachers.csv and records.csv into a LedgerBuilder: the header picks the columns, each cell is
// checked, and a bad row becomes a diagnostic naming the file, line and column.

#include <algorithm>
#include <array>
#include <cstring>
#include <thread>

#include <yanxiu/columns.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/sys/intake.hpp>

#include "ledger/ledger_data.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"
#include "util/progress.hpp"

namespace yanxiu {

namespace {

using detail::CsvHeader;
using detail::CsvReader;
using detail::CsvText;
using detail::read_csv_header;
using detail::read_input_file;
using detail::trim;

// Tells a meter the bytes a reader has read, every few thousand rows (a call per row costs a
// count and a branch). The meter counts bytes of the file as given; the reader's text differs
// from it when it was converted (GB18030, UTF-16), so positions are scaled to the file's.
class ReadMeter {
 public:
  ReadMeter(detail::ProgressMeter& meter, std::size_t file_bytes, std::size_t text_bytes)
      : meter_(meter),
        scale_(text_bytes == 0
                   ? 1.0
                   : static_cast<double>(file_bytes) / static_cast<double>(text_bytes)) {}
  void row(std::size_t position) {
    if (++rows_ % 4096 == 0) to(position);
  }
  void to(std::size_t position) {
    const auto scaled = static_cast<std::uint64_t>(static_cast<double>(position) * scale_);
    meter_.add(scaled - counted_);
    counted_ = scaled;
  }

 private:
  detail::ProgressMeter& meter_;
  double scale_;
  std::uint64_t counted_ = 0;
  unsigned rows_ = 0;
};

}  // namespace

void LedgerBuilder::read_teachers(const std::filesystem::path& path) {
  read_teachers_text(read_input_file(path, data_->limits.csv_bytes), path.string());
}

void LedgerBuilder::read_teachers_text(std::string_view csv, std::string_view name) {
  const InputLimits& limits = data_->limits;
  detail::ProgressMeter meter(index_->progress, Phase::reading_teachers, csv.size());
  std::string converted;
  const CsvText input =
      detail::csv_text(csv, name, limits.csv_encoding, converted, data_->diagnostics);
  ReadMeter read_meter(meter, csv.size(), input.text.size());
  // A teacher row's texts are checked cell by cell (check_teacher), so a bad byte is named with
  // its column; only the header is checked as a row.
  CsvReader reader(input.text, 1, limits, input.check_rows, input.delimiter);
  const CsvHeader header =
      read_csv_header(reader, name, {"id"}, limits.csv_columns, canonical_column_name);
  reader.check_utf8(false);
  const int file = add_source(name);
  // The fixed columns by TeacherField, -1 for those the file lacks; the others are attributes.
  std::array<int, teacher_field_count> fixed{};
  for (std::size_t f = 0; f < teacher_field_count; ++f)
    fixed[f] = header.find(teacher_field_names[f]);
  std::vector<std::string> attribute_names;
  std::vector<int> attribute_columns;
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    const int column = static_cast<int>(i);
    if (std::find(fixed.begin(), fixed.end(), column) != fixed.end()) continue;
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
  TeacherRow row;
  const std::int64_t invalid_before = data_->invalid_teacher_rows;
  while (reader.next_row(fields)) {
    read_meter.row(reader.position());
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
    TeacherCells cells;
    for (std::size_t f = 0; f < teacher_field_count; ++f)
      cells.cells[f] = Cell::of_text(fixed[f] < 0 ? "" : trim(fields[fixed[f]]));
    for (std::size_t i = 0; i < attribute_columns.size(); ++i)
      attributes[i] = trim(fields[attribute_columns[i]]);
    cells.attributes = attributes;
    if (auto problem = read_teacher_cells(cells, row, ranges)) {
      reject(std::move(problem->column), std::move(problem->message));
      // A rejected row with an id: its records will point at it.
      if (const auto id = cells[TeacherField::id].text; !id.empty())
        data_->rejected_teachers.try_emplace(std::string(id), origin);
      continue;
    }
    add_teacher(row, origin);
  }
  read_meter.to(input.text.size());
  meter.finish();
}

namespace {

/// Where each records.csv column is, by RecordField; -1 when the file has none.
struct RecordLayout {
  std::array<int, record_field_count> columns;
  std::size_t width;
};

/// Reads the rows of one stretch of records.csv, starting on line `first_line`, into `batch`.
/// Stops at the first row past InputLimits::invalid_rows of its own (`stopped_at`: its line);
/// the file's total is checked when all stretches are read.
void read_record_rows(const detail::LedgerData& data,
                      const std::vector<std::string_view>& category_ids, const RecordLayout& layout,
                      const CsvText& text, int first_line, int file, detail::RecordBatch& batch,
                      int& stopped_at, ReadMeter read_meter) {
  CsvReader reader(text.text, first_line, data.limits, false, text.delimiter);
  batch.diagnostics.keep_at_most(data.limits.kept_diagnostics);
  // Text csv_text found all UTF-8 needs no check of each cell; otherwise the intake checks every
  // text cell, and a bad byte is named with its column.
  batch.texts_utf8 = !text.check_rows;
  // Export rows run 40 to 60 bytes: reserve for the most rows the stretch could hold at 40.
  detail::reserve(batch.records, text.text.size() / 40 + 1);
  std::vector<SplitPortion> portions;
  std::vector<std::string_view> fields;
  RecordCells cells;
  RecordRow row;
  while (reader.next_row(fields)) {
    read_meter.row(reader.position());
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
    for (std::size_t f = 0; f < record_field_count; ++f) {
      const int column = layout.columns[f];
      cells.cells[f] = Cell::of_text(column < 0 ? std::string_view() : trim(fields[column]));
    }
    if (auto problem = read_record_cells(cells, category_ids.size(), row, portions)) {
      detail::reject_record(data, batch, origin, std::move(problem->column),
                            std::move(problem->message));
      continue;
    }
    detail::append_record(data, category_ids, batch, row, origin);
  }
  read_meter.to(text.text.size());
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
  detail::ProgressMeter meter(index_->progress, Phase::reading_records, csv.size());
  std::string converted;
  const CsvText input =
      detail::csv_text(csv, name, limits.csv_encoding, converted, data_->diagnostics);
  CsvReader reader(input.text, 1, limits, input.check_rows, input.delimiter);
  const CsvHeader header =
      read_csv_header(reader, name, {"id", "teacher_id", "date", "hours", "category"},
                      limits.csv_columns, canonical_column_name);
  ReadMeter(meter, csv.size(), input.text.size()).to(reader.position());
  const int file = add_source(name);
  RecordLayout layout{{}, header.names.size()};
  for (std::size_t f = 0; f < record_field_count; ++f)
    layout.columns[f] = header.find(record_field_names[f]);
  header.warn_unknown(record_field_names, name, "records", data_->diagnostics);

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
    read_record_rows(*data_, index_->category_ids, layout,
                     {stretches[k], input.check_rows, input.delimiter}, first_lines[k], file,
                     index_->batches[first_batch + k], stopped_at[k],
                     ReadMeter(meter, csv.size(), input.text.size()));
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
  meter.finish();
}

Ledger read_ledger(const Policy& policy, const std::filesystem::path& teachers,
                   const std::filesystem::path& records) {
  LedgerBuilder builder(policy);
  builder.read_teachers(teachers);
  builder.read_records(records);
  return builder.build();
}

}  // namespace yanxiu
