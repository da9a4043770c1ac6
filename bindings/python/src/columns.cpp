#include "columns.hpp"

#include <charconv>
#include <cmath>

namespace yanxiu::python {

py::array read_only_view(const py::dtype& dtype, const void* data, std::size_t size,
                         std::size_t item_size, py::handle base) {
  // An empty vector may have no data pointer, and given none numpy allocates an array of its
  // own; a static address keeps the view a view.
  static const std::int64_t no_rows = 0;
  py::array array(dtype, {size}, {item_size}, size == 0 ? &no_rows : data, base);
  array.attr("setflags")(py::arg("write") = false);
  return array;
}

py::list to_list(const StringColumn& column) {
  py::list list(column.size());
  for (std::size_t i = 0; i < column.size(); ++i) {
    const std::string_view text = column[i];
    list[i] = py::str(text.data(), text.size());
  }
  return list;
}

Form form_of(py::handle column, std::string_view name) {
  if (py::isinstance<py::tuple>(column)) return Form::text;  // (codes, categories)
  if (!py::isinstance<py::array>(column)) {
    throw py::type_error("column " + std::string(name) + " must be a numpy array");
  }
  switch (py::reinterpret_borrow<py::array>(column).dtype().kind()) {
    case 'O':
      return Form::text;
    case 'i':
    case 'u':
      return Form::integer;
    case 'f':
      return Form::real;
    default:
      throw py::type_error("column " + std::string(name) +
                           " must hold text, whole numbers or floats");
  }
}

TextCells::TextCells(py::handle column, std::string_view name, std::size_t rows,
                     const MissingMarkers& missing)
    : missing_(missing) {
  auto check_rows = [&](const py::array& array) {
    if (array.ndim() != 1 || static_cast<std::size_t>(array.shape(0)) != rows) {
      throw py::value_error("column " + std::string(name) + " must have " + std::to_string(rows) +
                            " rows");
    }
  };
  if (py::isinstance<py::tuple>(column)) {
    const auto pair = py::reinterpret_borrow<py::tuple>(column);
    if (pair.size() != 2) throw py::value_error("a categorical column is (codes, categories)");
    categorical_ = true;
    codes_ = decltype(codes_)::ensure(pair[0]);
    if (!codes_ || !py::isinstance<py::array>(pair[1]) ||
        py::reinterpret_borrow<py::array>(pair[1]).dtype().kind() != 'O') {
      throw py::type_error("column " + std::string(name) +
                           ": categorical codes must be integers and categories objects");
    }
    const auto categories = py::reinterpret_borrow<py::array>(pair[1]);
    check_rows(codes_);
    pack(categories_, 0, static_cast<std::size_t>(categories.shape(0)), categories);
    const auto count = static_cast<std::int32_t>(categories_.size());
    const std::int32_t* codes = codes_.data();
    for (std::size_t row = 0; row < rows; ++row) {
      if (codes[row] < -1 || codes[row] >= count) {
        throw py::value_error("column " + std::string(name) + ": category code out of range");
      }
    }
    return;
  }
  objects_ = py::reinterpret_borrow<py::array>(column);
  check_rows(objects_);
}

void TextCells::pack(StringColumn& into, std::size_t begin, std::size_t end,
                     const py::array& objects) {
  const auto* base = static_cast<const char*>(objects.data());
  const auto stride = objects.strides(0);
  for (std::size_t row = begin; row < end; ++row) {
    PyObject* cell =
        *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(row) * stride);
    if (PyUnicode_Check(cell)) {
      Py_ssize_t size = 0;
      const char* text = PyUnicode_AsUTF8AndSize(cell, &size);
      if (!text) throw py::error_already_set();
      into.push_back(std::string_view(text, static_cast<std::size_t>(size)));
      continue;
    }
    bool empty = cell == Py_None || (PyFloat_Check(cell) && std::isnan(PyFloat_AS_DOUBLE(cell)));
    for (const auto marker : missing_.objects)
      empty = empty || cell == marker.ptr();
    if (empty) {
      into.push_back({});
      continue;
    }
    scratch_ = py::str(cell).cast<std::string>();  // Decimal, int, date: as print() shows them
    into.push_back(scratch_);
  }
}

void TextCells::load(std::size_t begin, std::size_t end) {
  if (categorical_) return;  // a categorical's text is its categories, packed once
  chunk_ = StringColumn();
  chunk_begin_ = begin;
  pack(chunk_, begin, end, objects_);
}

std::string_view TextCells::operator[](std::size_t row) const {
  if (categorical_) {
    const std::int32_t code = codes_.data()[row];
    return code < 0 ? std::string_view() : categories_[static_cast<std::size_t>(code)];
  }
  return chunk_[row - chunk_begin_];
}

std::string shortest_text(double value) {
  if (std::isnan(value)) return {};
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

InputLimits encoding_limits(std::string_view encoding) {
  InputLimits limits;
  if (encoding == "utf-8" || encoding == "utf8") return limits;
  if (encoding == "gb18030" || encoding == "gbk") {
    limits.csv_encoding = CsvEncoding::gb18030;
  } else if (encoding == "auto") {
    limits.csv_encoding = CsvEncoding::detect;
  } else {
    throw py::value_error("encoding is \"utf-8\", \"gb18030\" or \"auto\", not \"" +
                          std::string(encoding) + "\"");
  }
  return limits;
}

}  // namespace yanxiu::python
