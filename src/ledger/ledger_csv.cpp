// teachers.csv and records.csv into a LedgerBuilder: the header picks the columns, each cell is
// checked, and a bad row becomes a diagnostic naming the file, line and column.

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstring>
#include <numeric>
#include <thread>

#include <yanxiu/columns.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/sys/intake.hpp>

#include "ledger/ledger_data.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"

namespace yanxiu {

namespace {

using detail::CsvHeader;
using detail::CsvReader;
using detail::CsvText;
using detail::read_csv_header;
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
  const detail::InputFile file(path, data_->limits.csv_bytes);
  read_teachers_text(file.bytes(), path.string());
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

/// Where a reading of records.csv's rows starts or ended: an offset into the rows' text (after
/// the header) and the line there.
struct RowPlace {
  std::size_t offset = 0;
  int line = 0;
  bool operator==(const RowPlace&) const = default;
};

/// One stretch of records.csv read into a batch: where its reading began and ended (the place
/// of the next row, at or past the stretch's end), and the row past its invalid rows' budget
/// that stopped it, if one did.
struct StretchRead {
  RowPlace begin, end;
  std::int64_t budget = 0;
  int stopped_at = 0;
};

/// Reads the rows of `rows` (records.csv after its header) that start in [from.offset, stop)
/// into `batch`, the first on line `from.line`. Stops at the first row past `budget` invalid
/// rows of its own.
StretchRead read_record_rows(const detail::LedgerData& data,
                             const std::vector<std::string_view>& category_ids,
                             const RecordLayout& layout, const CsvText& rows, RowPlace from,
                             std::size_t stop, std::int64_t budget, int file,
                             detail::RecordBatch& batch, ReadMeter read_meter) {
  StretchRead read{from, from, budget, 0};
  batch = detail::RecordBatch();
  CsvReader reader(rows.text.substr(from.offset), from.line, data.limits, false, rows.delimiter);
  reader.stop_at(stop > from.offset ? stop - from.offset : 0);
  batch.diagnostics.keep_at_most(data.limits.kept_diagnostics);
  // Text csv_text found all UTF-8 needs no check of each cell; otherwise the intake checks every
  // text cell, and a bad byte is named with its column.
  batch.texts_utf8 = !rows.check_rows;
  // Export rows run 40 to 60 bytes: reserve for the most rows the stretch could hold at 40 -
  // the first stretch for the whole file, since the others are appended to it (room reserved
  // and never written costs no memory, a column that has to move costs a copy).
  const std::size_t end = from.offset == 0 ? rows.text.size() : std::min(stop, rows.text.size());
  detail::reserve(batch.records, (end - std::min(end, from.offset)) / 40 + 1);
  std::vector<SplitPortion> portions;
  std::vector<std::string_view> fields;
  RecordCells cells;
  RecordRow row;
  while (reader.next_row(fields)) {
    const RowOrigin origin{file, reader.line()};
    if (batch.invalid > budget) {
      read.stopped_at = origin.line;
      return read;
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
  read_meter.to(reader.position());
  read.end = {from.offset + reader.position(), reader.next_line()};
  return read;
}

// Runs work(k) for k in [0, count) on up to `threads` threads, each taking the next k.
template <typename Work>
void for_each_stretch(std::size_t count, unsigned threads, const Work& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  detail::on_threads(
      static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, count)),
      [&] {
        for (std::size_t k; !failed && (k = next++) < count;)
          work(k);
      },
      [&] { failed = true; });
}

}  // namespace

detail::CsvStretching& detail::csv_stretching() {
  static CsvStretching stretching;
  return stretching;
}

void LedgerBuilder::read_records(const std::filesystem::path& path) {
  const detail::InputFile file(path, data_->limits.csv_bytes);
  read_records_text(file.bytes(), path.string());
}

// The rows are read in stretches cut at line feeds, as many at once as there are threads. A cut
// may fall inside a quoted field that holds a line feed, so each stretch's reading is checked
// against where the one before it ended (offset and line), in file order, and read again from
// there when they differ: the rows, messages and line numbers are those of one reading of the
// whole file, however it was cut.
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

  const CsvText rows{input.text.substr(reader.position()), input.check_rows, input.delimiter};
  const detail::CsvStretching& how = detail::csv_stretching();
  const unsigned threads =
      how.threads ? how.threads : std::max(1u, std::thread::hardware_concurrency());
  // A stretch a thread (every stretch but the first is copied when the ledger is built), of a
  // megabyte at least: below that a thread costs more than it saves.
  const std::size_t size = rows.text.size();
  const std::size_t parts = how.stretch_bytes ? size / how.stretch_bytes + 1
                                              : std::clamp<std::size_t>(size >> 20, 1, threads);
  const std::size_t block = size / parts + 1;
  // The line feeds and quotes of equal blocks, counted at once, place the stretches: each
  // begins after the first line feed past its block's start that is outside quotes.
  std::vector<detail::CsvCounts> counts(parts);
  if (parts > 1) {
    for_each_stretch(parts, threads, [&](std::size_t k) {
      counts[k] = detail::count_line_feeds_and_quotes(rows.text.substr(k * block, block));
    });
  }
  std::vector<std::size_t> starts{0};
  std::vector<int> lines{reader.next_line()};
  detail::CsvCounts before;
  for (std::size_t k = 1; k < parts; ++k) {
    before.line_feeds += counts[k - 1].line_feeds;
    before.quotes += counts[k - 1].quotes;
    if (k * block < starts.back()) continue;  // the stretch before ran past this block
    std::size_t feeds = before.line_feeds;
    const std::size_t start =
        detail::next_row_start(rows.text, k * block, before.quotes % 2 == 1, feeds);
    if (start >= size) break;
    starts.push_back(start);
    lines.push_back(lines.front() + static_cast<int>(feeds));
  }
  const std::size_t count = starts.size();
  starts.push_back(size);

  const std::size_t first_batch = index_->batches.size();
  index_->batches.resize(first_batch + count);
  auto batch = [&](std::size_t k) -> detail::RecordBatch& {
    return index_->batches[first_batch + k];
  };
  auto read_stretch = [&](std::size_t k, RowPlace from, std::int64_t budget) {
    return read_record_rows(*data_, index_->category_ids, layout, rows, from, starts[k + 1], budget,
                            file, batch(k), ReadMeter(meter, csv.size(), input.text.size()));
  };
  std::vector<StretchRead> reads(count);
  for_each_stretch(count, threads, [&](std::size_t k) {
    reads[k] = read_stretch(k, {starts[k], lines[k]}, limits.invalid_rows);
  });

  std::int64_t invalid = 0;
  Diagnostics kept;
  kept.keep_at_most(limits.kept_diagnostics);
  RowPlace place{0, reader.next_line()};
  for (std::size_t k = 0; k < count; ++k) {
    StretchRead& read = reads[k];
    if (read.begin != place) read = read_stretch(k, place, limits.invalid_rows);
    if (invalid + batch(k).invalid > limits.invalid_rows) {
      // Stopped where one reading of the file stops: at the row past the file's budget.
      if (read.budget != limits.invalid_rows - invalid || !read.stopped_at) {
        read = read_record_rows(*data_, index_->category_ids, layout, rows, place,
                                std::string_view::npos, limits.invalid_rows - invalid, file,
                                batch(k), ReadMeter(meter, csv.size(), input.text.size()));
      }
      kept.add_all(batch(k).diagnostics);
      index_->batches.resize(first_batch);  // the builder is left as it was before the file
      detail::too_many_invalid_rows(kept, limits, name,
                                    read.stopped_at ? read.stopped_at : lines[0]);
    }
    invalid += batch(k).invalid;
    kept.add_all(batch(k).diagnostics);
    place = read.end;
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
