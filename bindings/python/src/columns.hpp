#pragma once

// Columns across the boundary: numpy views of the engine's columns (no copy, kept alive by a
// capsule), and cells read from numpy arrays in chunks so the GIL can be released between them.

#include <cstdint>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <yanxiu/ledger.hpp>

namespace yanxiu::python {

namespace py = pybind11;

/// A capsule owning a copy of a cheap handle (Policy, Ledger, Audit): the base of numpy views
/// into the memory that handle shares.
template <typename Handle>
py::capsule keep_alive(const Handle& handle) {
  return py::capsule(new Handle(handle), [](void* owned) { delete static_cast<Handle*>(owned); });
}

/// The engine's names of an enum's `count` values, read through its own to_string: a value
/// added to the core appears in Python without a change.
template <typename Enum>
py::list enum_names(int count) {
  py::list list;
  for (int i = 0; i < count; ++i)
    list.append(py::str(std::string(to_string(static_cast<Enum>(i)))));
  return list;
}

/// A read-only numpy array over `size` values at `data`, which `base` keeps alive.
py::array read_only_view(const py::dtype& dtype, const void* data, std::size_t size,
                         std::size_t item_size, py::handle base);

template <typename Value>
py::array view(const std::vector<Value>& column, py::handle base) {
  if constexpr (std::is_enum_v<Value>) {
    // The engine's enums are one byte; numpy sees their numbers (int8: pandas category codes).
    static_assert(sizeof(Value) == 1);
    return read_only_view(py::dtype::of<std::int8_t>(), column.data(), column.size(), 1, base);
  } else {
    return read_only_view(py::dtype::of<Value>(), column.data(), column.size(), sizeof(Value),
                          base);
  }
}

/// One str per row: for ids and labels, not for bulk numbers.
py::list to_list(const StringColumn& column);

/// The limits that read CSV files in `encoding`, named as the command line's --encoding names it
/// ("utf-8", "gb18030", "auto"); ValueError for another name.
InputLimits encoding_limits(std::string_view encoding);

/// Python objects counted as an empty cell besides None and NaN (pandas.NA, pandas.NaT).
struct MissingMarkers {
  py::tuple objects;
};

/// The cells of a text column: a 1-D numpy object array (str, None, NaN, or anything str() can
/// print, such as Decimal), or a categorical given as (codes, categories). Cells are copied out of
/// the Python objects a chunk at a time, under the GIL, and read afterwards without it.
class TextCells {
 public:
  TextCells(py::handle column, std::string_view name, std::size_t rows,
            const MissingMarkers& missing);

  /// Copies rows [begin, end) out of their Python objects; needs the GIL.
  void load(std::size_t begin, std::size_t end);
  /// A row of the last chunk loaded; needs no GIL.
  std::string_view operator[](std::size_t row) const;

 private:
  void pack(StringColumn& into, std::size_t begin, std::size_t end, const py::array& objects);

  MissingMarkers missing_;
  bool categorical_ = false;
  py::array objects_;  ///< the cells, unless categorical
  py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> codes_;
  StringColumn categories_;
  StringColumn chunk_;
  std::size_t chunk_begin_ = 0;
  std::string scratch_;
};

/// How a column arrived: text (object array or categorical), whole numbers, or floats.
enum class Form { text, integer, real };
Form form_of(py::handle column, std::string_view name);

/// The values of a numeric column, converted to T only when their type differs (a C-contiguous
/// array of T passes without a copy).
template <typename T>
class NumberCells {
 public:
  NumberCells(py::handle column, std::string_view name, std::size_t rows)
      : array_(py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(column)) {
    if (!array_ || array_.ndim() != 1 || static_cast<std::size_t>(array_.shape(0)) != rows) {
      throw py::value_error("column " + std::string(name) + " must be a 1-D array of " +
                            std::to_string(rows) + " values");
    }
    data_ = array_.data();
  }
  T operator[](std::size_t row) const { return data_[row]; }

 private:
  py::array_t<T, py::array::c_style | py::array::forcecast> array_;
  const T* data_ = nullptr;
};

/// The shortest text that reads back as `value` ("12.5" for 12.5): floats become exact decimals
/// only when that text has at most two decimals, as parse_hours then checks.
std::string shortest_text(double value);

}  // namespace yanxiu::python
