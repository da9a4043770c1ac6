// Teachers and records into a Ledger: CSV files through the core's reader, or columns of a
// DataFrame (numpy arrays) cell by cell. Each row's cells go to the core's read_record_cells /
// read_teacher_cells (sys/intake.hpp), as the CSV reader's do, so a bad row reads the same, in
// the same words, from either source; this file only turns numpy columns into cells.
// tests/python/test_ledger.py reads one table with a bad cell in each column both ways and
// compares the messages.

#include "ledger_input.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <mutex>
#include <optional>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <utility>
#include <vector>

#include <yanxiu/ledger.hpp>
#include <yanxiu/sys/intake.hpp>

#include "columns.hpp"
#include "progress_callback.hpp"

namespace yanxiu::python {

namespace {

// Rows copied out of Python objects at a time: the GIL is released between chunks, and the copy
// stays small however large the frame.
constexpr std::size_t chunk_rows = std::size_t{1} << 16;

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

[[noreturn]] void missing_column(std::string_view source, std::string_view name) {
  throw InputError({{Severity::error, std::string(source), 0, "",
                     "missing required column " + in_quotes(name)}});
}

std::size_t row_count(const py::dict& columns) {
  for (const auto item : columns) {
    if (py::isinstance<py::tuple>(item.second)) {
      return py::len(py::reinterpret_borrow<py::tuple>(item.second)[0]);
    }
    return py::len(item.second);
  }
  return 0;
}

/// What a column may hold besides text, and what its numbers are to the core's cells.
enum class Kind {
  text,        ///< text only
  days,        ///< int32 day numbers (values), as from datetime64
  number,      ///< whole numbers or floats, read as their text (hours, count, attended)
  index,       ///< whole numbers: category indices (values); -1 is an empty cell
  flag,        ///< whole numbers (1 and 0, as from booleans), read as their text
  hundredths,  ///< whole numbers only: hours in hundredths (values)
};

/// One column of a table, read as the core's cells (sys/intake.hpp): text as the CSV reader
/// holds it, numbers either as values or as the text a CSV file would hold, so a cell is judged
/// by read_record_cells / read_teacher_cells in the reader's words.
class Column {
 public:
  Column() = default;
  Column(py::handle column, const std::string& name, std::size_t rows, Kind kind,
         const MissingMarkers& missing)
      : kind_(kind) {
    const Form form = form_of(column, name);
    if (form == Form::text && kind != Kind::hundredths) {
      text_.emplace(column, name, rows, missing);
      return;
    }
    if (kind == Kind::days) {
      const auto dtype = py::reinterpret_borrow<py::array>(column).dtype();
      if (dtype.kind() != 'i' || dtype.itemsize() != 4) {
        throw py::type_error("column " + name + " must be int32 day numbers, datetime64 or text");
      }
      integers_.emplace(column, name, rows);
      return;
    }
    const bool whole = form == Form::integer;
    if (kind == Kind::text) throw py::type_error("column " + name + " must hold text");
    if (kind == Kind::index && !whole)
      throw py::type_error("column " + name + " must hold text or category indices");
    if (kind == Kind::flag && !whole)
      throw py::type_error("column " + name + " must hold text, booleans or whole numbers");
    if (kind == Kind::hundredths && !whole) {
      throw py::type_error("column " + name + " must hold whole numbers (hundredths of an hour)");
    }
    if (whole) integers_.emplace(column, name, rows);
    if (!whole) reals_.emplace(column, name, rows);
  }

  void load(std::size_t begin, std::size_t end) {
    if (text_) text_->load(begin, end);
  }

  /// Row `row` as a cell, valid until the next call (a number's text is held here).
  Cell cell(std::size_t row) {
    if (text_) return Cell::of_text(trim_cell((*text_)[row]));
    if (reals_) {
      scratch_ = shortest_text((*reals_)[row]);
      return Cell::of_text(scratch_);
    }
    if (!integers_) return {};
    const std::int64_t value = (*integers_)[row];
    switch (kind_) {
      case Kind::days:
      case Kind::hundredths:
        return Cell::of_value(value);
      case Kind::index:
        return value == -1 ? Cell() : Cell::of_value(value);
      default:
        scratch_ = std::to_string(value);
        return Cell::of_text(scratch_);
    }
  }

 private:
  Kind kind_ = Kind::text;
  std::optional<TextCells> text_;
  std::optional<NumberCells<std::int64_t>> integers_;
  std::optional<NumberCells<double>> reals_;
  std::string scratch_;
};

Kind record_kind(RecordField field) {
  switch (field) {
    case RecordField::date:
    case RecordField::end_date:
    case RecordField::recorded_at:
      return Kind::days;
    case RecordField::hours:
    case RecordField::count:
    case RecordField::attended:
      return Kind::number;
    case RecordField::category:
      return Kind::index;
    case RecordField::exempted:
      return Kind::flag;
    default:
      return Kind::text;
  }
}

/// The columns of a records table, named as in records.csv. Hours come as `hours` (text or
/// Decimal, exact; whole numbers; floats whose shortest text has at most two decimals) or as
/// `hours_h100` (integer hundredths); the category as text or as an index into the policy's;
/// `attended` as hours; `exempted` as text or whole numbers (1 and 0, as from booleans).
class RecordInput {
 public:
  RecordInput(const py::dict& columns, std::string_view source, const MissingMarkers& missing)
      : rows_(row_count(columns)) {
    // In the order the CSV reader checks them.
    for (const char* required : {"id", "teacher_id"}) {
      if (!columns.contains(required)) missing_column(source, required);
    }
    for (std::size_t f = 0; f < record_field_count; ++f) {
      const std::string name(record_field_names[f]);
      if (!columns.contains(name)) continue;
      columns_[f] =
          Column(columns[name.c_str()], name, rows_, record_kind(RecordField(f)), missing);
    }
    const bool hundredths = columns.contains("hours_h100");
    if (!columns.contains("date")) missing_column(source, "date");
    if (!columns.contains("hours") && !hundredths) missing_column(source, "hours");
    if (!columns.contains("category")) missing_column(source, "category");
    if (hundredths) {
      if (columns.contains("hours")) throw py::value_error("give hours or hours_h100, not both");
      columns_[std::size_t(RecordField::hours)] =
          Column(columns["hours_h100"], "hours_h100", rows_, Kind::hundredths, missing);
    }
  }

  std::size_t rows() const { return rows_; }

  void load(std::size_t begin, std::size_t end) {
    for (Column& column : columns_)
      column.load(begin, end);
  }

  /// Row `index` into `row` (a split's portions are views into the chunk's text, alive until the
  /// next load), or the cell that keeps it out.
  std::optional<CellProblem> read(std::size_t index, std::size_t category_count, RecordRow& row) {
    for (std::size_t f = 0; f < record_field_count; ++f)
      cells_.cells[f] = columns_[f].cell(index);
    return read_record_cells(cells_, category_count, row, portions_);
  }

 private:
  std::size_t rows_;
  std::array<Column, record_field_count> columns_;
  RecordCells cells_;
  std::vector<SplitPortion> portions_;
};

/// The columns of a teachers table: `id`, the three dates, `leave` (periods of leave of
/// absence, as text), and any others as attributes.
class TeacherInput {
 public:
  TeacherInput(const py::dict& columns, std::string_view source, const MissingMarkers& missing)
      : rows_(row_count(columns)) {
    if (!columns.contains("id")) missing_column(source, "id");
    for (const auto item : columns) {
      const auto name = item.first.cast<std::string>();
      const auto fixed = std::find(teacher_field_names.begin(), teacher_field_names.end(), name);
      if (fixed == teacher_field_names.end()) {
        attribute_names_.push_back(name);
        attributes_.emplace_back(item.second, name, rows_, Kind::text, missing);
        continue;
      }
      const auto field = static_cast<std::size_t>(fixed - teacher_field_names.begin());
      const bool date =
          field != std::size_t(TeacherField::id) && field != std::size_t(TeacherField::leave);
      columns_[field] = Column(item.second, name, rows_, date ? Kind::days : Kind::text, missing);
    }
    values_.resize(attributes_.size());
  }

  std::size_t rows() const { return rows_; }
  const std::vector<std::string>& attribute_names() const { return attribute_names_; }

  void load(std::size_t begin, std::size_t end) {
    for (Column& column : columns_)
      column.load(begin, end);
    for (Column& attribute : attributes_)
      attribute.load(begin, end);
  }

  std::optional<CellProblem> read(std::size_t index, TeacherRow& row) {
    TeacherCells cells;
    for (std::size_t f = 0; f < teacher_field_count; ++f)
      cells.cells[f] = columns_[f].cell(index);
    for (std::size_t a = 0; a < attributes_.size(); ++a)
      values_[a] = attributes_[a].cell(index).text;
    cells.attributes = values_;
    return read_teacher_cells(cells, row, ranges_);
  }

 private:
  std::size_t rows_;
  std::array<Column, teacher_field_count> columns_;
  std::vector<std::string> attribute_names_;
  std::vector<Column> attributes_;
  std::vector<std::string_view> values_;
  std::vector<DayRange> ranges_;
};

/// The builder with a guard: its methods run without the GIL, so two Python threads could
/// otherwise reach it at once.
class Builder {
 public:
  explicit Builder(const Policy& policy, std::string_view encoding = "utf-8")
      : builder_(policy, encoding_limits(encoding)), category_count_(policy.categories().size()) {}

  template <typename Work>
  auto with_builder(Work work) {
    const std::unique_lock lock(busy_, std::try_to_lock);
    if (!lock) throw std::runtime_error("this LedgerBuilder is in use by another thread");
    return work(builder_);
  }

  /// Feeds rows in chunks: `cells.load` under the GIL, then `add` for each row without it.
  template <typename Cells, typename Add>
  void add_rows(Cells& cells, Add add) {
    for (std::size_t begin = 0; begin < cells.rows(); begin += chunk_rows) {
      const std::size_t end = std::min(cells.rows(), begin + chunk_rows);
      cells.load(begin, end);
      const py::gil_scoped_release release;
      for (std::size_t index = begin; index < end; ++index)
        add(index);
    }
  }

  void add_teachers(const std::string& source, const py::dict& columns,
                    const MissingMarkers& missing) {
    with_builder([&](LedgerBuilder& builder) {
      TeacherInput cells(columns, source, missing);
      if (!attribute_names_) {
        builder.set_attribute_names(cells.attribute_names());
        attribute_names_ = cells.attribute_names();
      } else if (*attribute_names_ != cells.attribute_names()) {
        throw InputError({{Severity::error, source, 0, "",
                           "a further teachers table must have the same columns as the first"}});
      }
      const int file = builder.add_source(source);
      TeacherRow row;
      add_rows(cells, [&](std::size_t index) {
        const RowOrigin origin{file, static_cast<int>(index + 1)};
        if (auto rejected = cells.read(index, row)) {
          builder.reject_teacher(origin, std::move(rejected->column), std::move(rejected->message));
        } else {
          builder.add_teacher(row, origin);
        }
      });
    });
  }

  void add_records(const std::string& source, const py::dict& columns,
                   const MissingMarkers& missing) {
    with_builder([&](LedgerBuilder& builder) {
      RecordInput cells(columns, source, missing);
      const int file = builder.add_source(source);
      RecordRow row;
      add_rows(cells, [&](std::size_t index) {
        const RowOrigin origin{file, static_cast<int>(index + 1)};
        if (auto rejected = cells.read(index, category_count_, row)) {
          builder.reject_record(origin, std::move(rejected->column), std::move(rejected->message));
        } else {
          builder.add_record(row, origin);
        }
      });
    });
  }

 private:
  LedgerBuilder builder_;
  std::size_t category_count_;
  std::mutex busy_;
  std::optional<std::vector<std::string>> attribute_names_;
};

}  // namespace

void bind_ledger_builder(py::module_& module) {
  using std::filesystem::path;
  const auto release = py::call_guard<py::gil_scoped_release>();
  py::class_<Builder>(module, "LedgerBuilder",
                      "Teachers and records into a Ledger; each row is checked as it comes.")
      .def(py::init<const Policy&, std::string_view>(), py::arg("policy"),
           py::arg("encoding") = "utf-8",
           "`encoding` (\"utf-8\", \"gb18030\", \"auto\") reads the CSV files and texts.")
      .def(
          "read_teachers",
          [](Builder& self, const path& file) {
            self.with_builder([&](LedgerBuilder& b) { b.read_teachers(file); });
          },
          py::arg("path"), release)
      .def(
          "read_teachers_text",
          [](Builder& self, std::string_view csv, std::string_view name) {
            self.with_builder([&](LedgerBuilder& b) { b.read_teachers_text(csv, name); });
          },
          py::arg("csv"), py::arg("name"), release)
      .def(
          "set_progress",
          [](Builder& self, const py::object& progress) {
            self.with_builder([&](LedgerBuilder& b) { b.set_progress(python_progress(progress)); });
          },
          py::arg("progress"),
          "progress(phase, done, total), or None, is told how far each CSV file read from now "
          "on is (bytes).")
      .def(
          "read_records",
          [](Builder& self, const path& file) {
            self.with_builder([&](LedgerBuilder& b) { b.read_records(file); });
          },
          py::arg("path"), release)
      .def(
          "read_records_text",
          [](Builder& self, std::string_view csv, std::string_view name) {
            self.with_builder([&](LedgerBuilder& b) { b.read_records_text(csv, name); });
          },
          py::arg("csv"), py::arg("name"), release)
      .def(
          "add_teachers",
          [](Builder& self, const std::string& source, const py::dict& columns,
             const py::tuple& missing) { self.add_teachers(source, columns, {missing}); },
          py::arg("source"), py::arg("columns"), py::arg("missing"),
          "Teachers from numpy columns named as in teachers.csv; line N is row N - 1.")
      .def(
          "add_records",
          [](Builder& self, const std::string& source, const py::dict& columns,
             const py::tuple& missing) { self.add_records(source, columns, {missing}); },
          py::arg("source"), py::arg("columns"), py::arg("missing"),
          "Records from numpy columns named as in records.csv (or hours_h100); line N is row "
          "N - 1.")
      .def(
          "build",
          [](Builder& self) {
            return self.with_builder([](LedgerBuilder& b) { return b.build(); });
          },
          release);
}

}  // namespace yanxiu::python
