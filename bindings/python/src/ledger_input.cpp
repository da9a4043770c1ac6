// Teachers and records into a Ledger: CSV files through the core's reader, or columns of a
// DataFrame (numpy arrays) cell by cell. A cell is judged as the CSV reader judges the same text
// (src/ledger_csv.cpp), with the same messages, so a bad row reads the same from either source.
//
// What the core offers for one cell is used as is: parse_day, parse_hours and describe,
// parse_record_status, parse_split, parse_ranges (a teacher's `leave`), parse_flag. What it keeps
// private to its CSV reader is repeated here, with the reader's words: the order of the checks and
// the messages of a bad date, count or status.
// tests/python/test_ledger.py reads one table with a bad cell in each of those columns both
// ways and compares the messages, so a change on either side shows.

#include "ledger_input.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <utility>
#include <vector>

#include <yanxiu/ledger.hpp>

#include "columns.hpp"

namespace yanxiu::python {

namespace {

// Rows copied out of Python objects at a time: the GIL is released between chunks, and the copy
// stays small however large the frame.
constexpr std::size_t chunk_rows = std::size_t{1} << 16;

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// As the CSV reader trims its cells: old exports pad them with spaces and tabs.
std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string bad_date(std::string_view text) {
  return in_quotes(text) + " is not a date (YYYY-MM-DD, years 1900..2200)";
}

/// A rejected cell: the column and what is wrong with it.
using Rejection = std::optional<std::pair<std::string, std::string>>;

Rejection reject(std::string column, std::string message) {
  return std::pair{std::move(column), std::move(message)};
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

/// A date column: int32 day numbers (no_day when empty), or text as in a CSV file.
class DayCells {
 public:
  DayCells(const py::dict& columns, const char* name, std::size_t rows,
           const MissingMarkers& missing) {
    if (!columns.contains(name)) return;
    const py::handle column = columns[name];
    if (form_of(column, name) == Form::text) {
      text_.emplace(column, name, rows, missing);
      return;
    }
    const auto dtype = py::reinterpret_borrow<py::array>(column).dtype();
    if (dtype.kind() != 'i' || dtype.itemsize() != 4) {
      throw py::type_error(std::string("column ") + name +
                           " must be int32 day numbers, datetime64 or text");
    }
    days_.emplace(column, name, rows);
  }

  void load(std::size_t begin, std::size_t end) {
    if (text_) text_->load(begin, end);
  }
  std::string_view text(std::size_t row) const { return text_ ? trim((*text_)[row]) : ""; }
  /// The day of `row`, no_day when empty; nullopt when its text is not a date.
  std::optional<DayNumber> operator[](std::size_t row) const {
    if (days_) return (*days_)[row];
    const auto cell = text(row);
    return cell.empty() ? std::optional<DayNumber>(no_day) : parse_day(cell);
  }

 private:
  std::optional<TextCells> text_;
  std::optional<NumberCells<DayNumber>> days_;
};

/// An optional text column: empty cells when absent.
class OptionalText {
 public:
  OptionalText(const py::dict& columns, const char* name, std::size_t rows,
               const MissingMarkers& missing) {
    if (!columns.contains(name)) return;
    if (form_of(columns[name], name) != Form::text) {
      throw py::type_error(std::string("column ") + name + " must hold text");
    }
    text_.emplace(columns[name], name, rows, missing);
  }
  void load(std::size_t begin, std::size_t end) {
    if (text_) text_->load(begin, end);
  }
  std::string_view operator[](std::size_t row) const { return text_ ? trim((*text_)[row]) : ""; }

 private:
  std::optional<TextCells> text_;
};

OptionalText required_text(const py::dict& columns, const char* name, std::size_t rows,
                           const MissingMarkers& missing, std::string_view source) {
  if (!columns.contains(name)) missing_column(source, name);
  return OptionalText(columns, name, rows, missing);
}

/// A numeric or text column read as the text a CSV file would hold (count, hours as floats).
class NumberOrText {
 public:
  NumberOrText(const py::dict& columns, const char* name, std::size_t rows,
               const MissingMarkers& missing) {
    if (!columns.contains(name)) return;
    const py::handle column = columns[name];
    form_ = form_of(column, name);
    if (form_ == Form::text) text_.emplace(column, name, rows, missing);
    if (form_ == Form::integer) integers_.emplace(column, name, rows);
    if (form_ == Form::real) reals_.emplace(column, name, rows);
  }
  bool present() const { return text_ || integers_ || reals_; }
  Form form() const { return form_; }
  void load(std::size_t begin, std::size_t end) {
    if (text_) text_->load(begin, end);
  }
  std::int64_t integer(std::size_t row) const { return (*integers_)[row]; }
  /// Whole hours (integer form) as Hours, or the rejection parse_hours would give for them.
  std::optional<Hours> whole_hours(std::size_t row, std::string& problem) const {
    // Beyond twelve digits is what parse_hours calls too large.
    const std::int64_t whole = integer(row);
    if (whole > 999'999'999'999 || whole < -999'999'999'999) {
      problem =
          in_quotes(std::to_string(whole)) + " " + std::string(describe(HoursSyntax::too_large));
      return std::nullopt;
    }
    return Hours::whole(whole);
  }
  /// The cell as text: floats in their shortest exact form; `scratch` holds that text.
  std::string_view text(std::size_t row, std::string& scratch) const {
    if (text_) return trim((*text_)[row]);
    scratch = reals_ ? shortest_text((*reals_)[row]) : std::to_string((*integers_)[row]);
    return scratch;
  }

 private:
  Form form_ = Form::text;
  std::optional<TextCells> text_;
  std::optional<NumberCells<std::int64_t>> integers_;
  std::optional<NumberCells<double>> reals_;
};

/// The columns of a records table, named as in records.csv. Hours come as `hours` (text or
/// Decimal, exact; whole numbers; floats whose shortest text has at most two decimals) or as
/// `hours_h100` (integer hundredths); the category as text or as an index into the policy's;
/// `attended` as hours; `exempted` as text or whole numbers (1 and 0, as from booleans).
class RecordCells {
 public:
  RecordCells(const py::dict& columns, std::string_view source, const MissingMarkers& missing)
      : rows_(row_count(columns)),
        id_(required_text(columns, "id", rows_, missing, source)),
        teacher_(required_text(columns, "teacher_id", rows_, missing, source)),
        date_(columns, "date", rows_, missing),
        end_date_(columns, "end_date", rows_, missing),
        recorded_at_(columns, "recorded_at", rows_, missing),
        hours_(columns, "hours", rows_, missing),
        hours_h100_(columns, "hours_h100", rows_, missing),
        category_(columns, "category", rows_, missing),
        activity_(columns, "activity", rows_, missing),
        outcome_(columns, "outcome", rows_, missing),
        level_(columns, "level", rows_, missing),
        count_(columns, "count", rows_, missing),
        certificate_(columns, "certificate", rows_, missing),
        status_(columns, "status", rows_, missing),
        attended_(columns, "attended", rows_, missing),
        assessment_(columns, "assessment", rows_, missing),
        counts_as_(columns, "counts_as", rows_, missing),
        exempted_(columns, "exempted", rows_, missing),
        split_(columns, "split", rows_, missing) {
    // In the order the CSV reader checks them.
    if (!columns.contains("date")) missing_column(source, "date");
    if (!hours_.present() && !hours_h100_.present()) missing_column(source, "hours");
    if (!category_.present()) missing_column(source, "category");
    if (hours_.present() && hours_h100_.present()) {
      throw py::value_error("give hours or hours_h100, not both");
    }
    if (hours_h100_.present() && hours_h100_.form() != Form::integer) {
      throw py::type_error("column hours_h100 must hold whole numbers (hundredths of an hour)");
    }
    if (category_.form() == Form::real) {
      throw py::type_error("column category must hold text or category indices");
    }
    if (exempted_.form() == Form::real) {
      throw py::type_error("column exempted must hold text, booleans or whole numbers");
    }
  }

  std::size_t rows() const { return rows_; }

  void load(std::size_t begin, std::size_t end) {
    for (auto* text : {&id_, &teacher_, &activity_, &outcome_, &level_, &certificate_, &status_,
                       &assessment_, &counts_as_, &split_})
      text->load(begin, end);
    for (auto* days : {&date_, &end_date_, &recorded_at_})
      days->load(begin, end);
    for (auto* cells : {&hours_, &category_, &count_, &attended_, &exempted_})
      cells->load(begin, end);
  }

  /// Row `index` into `row`, or the cell that keeps it out; the cells are checked in the
  /// order of the CSV reader.
  Rejection read(std::size_t index, RecordRow& row) {
    row.id = id_[index];
    row.teacher_id = teacher_[index];
    row.activity = activity_[index];
    row.outcome = outcome_[index];
    row.level = level_[index];
    row.certificate = certificate_[index];
    row.assessment = assessment_[index];
    row.counts_as = counts_as_[index];

    const auto start = date_[index];
    if (!start) return reject("date", bad_date(date_.text(index)));
    row.start_day = *start;
    const auto end = end_date_[index];
    if (!end) return reject("end_date", bad_date(end_date_.text(index)));
    row.end_day = *end;
    const auto recorded = recorded_at_[index];
    if (!recorded) return reject("recorded_at", bad_date(recorded_at_.text(index)));
    row.recorded_day = *recorded;

    if (auto rejected = read_hours(index, row)) return rejected;

    if (category_.form() == Form::integer) {
      // -1 is "no category" (a missing cell); other indices are checked by the builder.
      row.category_index = static_cast<CategoryIndex>(std::clamp<std::int64_t>(
          category_.integer(index), std::numeric_limits<CategoryIndex>::min(),
          std::numeric_limits<CategoryIndex>::max()));
    } else {
      row.category = category_.text(index, scratch_);
    }

    if (count_.present()) {
      const auto text = count_.text(index, scratch_);
      if (!text.empty()) {
        const auto result = std::from_chars(text.data(), text.data() + text.size(), row.count);
        if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
          return reject("count", in_quotes(text) + " is not a whole number");
        }
      }
    }
    const auto status = status_[index];
    if (!status.empty()) {
      const auto parsed = parse_record_status(status);
      if (!parsed) {
        return reject("status", "unknown status " + in_quotes(status) +
                                    "; expected \"certified\", \"group_certified\", "
                                    "\"pending\" or \"rejected\"");
      }
      row.status = *parsed;
    }
    if (attended_.present()) {
      if (attended_.form() == Form::integer) {
        std::string problem;
        row.attended = attended_.whole_hours(index, problem);
        if (!row.attended) return reject("attended", problem);
      } else if (const auto text = attended_.text(index, scratch_); !text.empty()) {
        HoursSyntax why = HoursSyntax::ok;
        row.attended = parse_hours(text, &why);
        if (!row.attended) {
          return reject("attended", in_quotes(text) + " " + std::string(describe(why)));
        }
      }
    }
    if (exempted_.present()) {
      if (const auto text = exempted_.text(index, scratch_); !text.empty()) {
        const auto flag = parse_flag(text);
        if (!flag) return reject("exempted", in_quotes(text) + " is not yes or no");
        row.exempted = *flag;
      }
    }
    portions_.clear();
    if (const auto text = split_[index]; !text.empty()) {
      // The portions' categories are views into the chunk's text, alive until the next load.
      if (auto problem = parse_split(text, portions_)) return reject("split", *problem);
    }
    row.split = portions_;
    return std::nullopt;
  }

 private:
  Rejection read_hours(std::size_t index, RecordRow& row) {
    if (hours_h100_.present()) {
      row.hours = Hours::from_hundredths(hours_h100_.integer(index));
      return std::nullopt;
    }
    if (hours_.form() == Form::integer) {
      std::string problem;
      const auto whole = hours_.whole_hours(index, problem);
      if (!whole) return reject("hours", problem);
      row.hours = *whole;
      return std::nullopt;
    }
    const auto text = hours_.text(index, hours_scratch_);
    if (text.empty() && (!row.activity.empty() || !row.outcome.empty())) {
      row.hours = Hours();  // an activity or outcome record need not carry hours
      return std::nullopt;
    }
    HoursSyntax why = HoursSyntax::ok;
    const auto parsed = parse_hours(text, &why);
    if (!parsed) {
      return reject("hours",
                    text.empty() ? "is empty" : in_quotes(text) + " " + std::string(describe(why)));
    }
    row.hours = *parsed;
    return std::nullopt;
  }

  std::size_t rows_;
  OptionalText id_, teacher_;
  DayCells date_, end_date_, recorded_at_;
  NumberOrText hours_, hours_h100_, category_;
  OptionalText activity_, outcome_, level_;
  NumberOrText count_;
  OptionalText certificate_, status_;
  NumberOrText attended_;
  OptionalText assessment_, counts_as_;
  NumberOrText exempted_;
  OptionalText split_;
  std::vector<SplitPortion> portions_;
  std::string scratch_, hours_scratch_;
};

constexpr const char* teacher_dates[] = {"birth_date", "join_date", "leave_date"};

/// The columns of a teachers table: `id`, the three dates, `leave` (periods of leave of
/// absence, as text), and any others as attributes.
class TeacherCells {
 public:
  TeacherCells(const py::dict& columns, std::string_view source, const MissingMarkers& missing)
      : rows_(row_count(columns)),
        id_(required_text(columns, "id", rows_, missing, source)),
        dates_{DayCells(columns, teacher_dates[0], rows_, missing),
               DayCells(columns, teacher_dates[1], rows_, missing),
               DayCells(columns, teacher_dates[2], rows_, missing)},
        absences_(columns, "leave", rows_, missing) {
    for (const auto item : columns) {
      const auto name = item.first.cast<std::string>();
      if (name == "id" || name == "leave" ||
          std::find(std::begin(teacher_dates), std::end(teacher_dates), name) !=
              std::end(teacher_dates)) {
        continue;
      }
      attribute_names_.push_back(name);
      attributes_.emplace_back(columns, attribute_names_.back().c_str(), rows_, missing);
    }
    values_.resize(attributes_.size());
  }

  std::size_t rows() const { return rows_; }
  const std::vector<std::string>& attribute_names() const { return attribute_names_; }

  void load(std::size_t begin, std::size_t end) {
    id_.load(begin, end);
    absences_.load(begin, end);
    for (auto& dates : dates_)
      dates.load(begin, end);
    for (auto& attribute : attributes_)
      attribute.load(begin, end);
  }

  Rejection read(std::size_t index, TeacherRow& row) {
    row.id = id_[index];
    DayNumber* targets[] = {&row.birth_day, &row.join_day, &row.leave_day};
    for (std::size_t d = 0; d < std::size(dates_); ++d) {
      const auto day = dates_[d][index];
      if (!day) return reject(teacher_dates[d], bad_date(dates_[d].text(index)));
      *targets[d] = *day;
    }
    ranges_.clear();
    if (auto problem = parse_ranges(absences_[index], ranges_)) return reject("leave", *problem);
    for (std::size_t a = 0; a < attributes_.size(); ++a)
      values_[a] = attributes_[a][index];
    row.attributes = values_;
    row.absences = ranges_;
    return std::nullopt;
  }

 private:
  std::size_t rows_;
  OptionalText id_;
  DayCells dates_[3];
  OptionalText absences_;
  std::vector<DayRange> ranges_;
  std::vector<std::string> attribute_names_;
  std::vector<OptionalText> attributes_;
  std::vector<std::string_view> values_;
};

/// The builder with a guard: its methods run without the GIL, so two Python threads could
/// otherwise reach it at once.
class Builder {
 public:
  explicit Builder(const Policy& policy) : builder_(policy) {}

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
      TeacherCells cells(columns, source, missing);
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
        row = TeacherRow();
        if (auto rejected = cells.read(index, row)) {
          builder.reject_teacher(origin, rejected->first, rejected->second);
        } else {
          builder.add_teacher(row, origin);
        }
      });
    });
  }

  void add_records(const std::string& source, const py::dict& columns,
                   const MissingMarkers& missing) {
    with_builder([&](LedgerBuilder& builder) {
      RecordCells cells(columns, source, missing);
      const int file = builder.add_source(source);
      RecordRow row;
      add_rows(cells, [&](std::size_t index) {
        const RowOrigin origin{file, static_cast<int>(index + 1)};
        row = RecordRow();
        if (auto rejected = cells.read(index, row)) {
          builder.reject_record(origin, rejected->first, rejected->second);
        } else {
          builder.add_record(row, origin);
        }
      });
    });
  }

 private:
  LedgerBuilder builder_;
  std::mutex busy_;
  std::optional<std::vector<std::string>> attribute_names_;
};

}  // namespace

void bind_ledger_builder(py::module_& module) {
  using std::filesystem::path;
  const auto release = py::call_guard<py::gil_scoped_release>();
  py::class_<Builder>(module, "LedgerBuilder",
                      "Teachers and records into a Ledger; each row is checked as it comes.")
      .def(py::init<const Policy&>(), py::arg("policy"))
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
