#include "columns.hpp"

#include <yanxiu/sys/intake.hpp>

#include "enums.hpp"
#include "errors.hpp"

namespace yanxiu::capi {

static_assert(static_cast<int>(RecordStatus::certified) == YX_RECORD_CERTIFIED &&
              static_cast<int>(RecordStatus::pending) == YX_RECORD_PENDING &&
              static_cast<int>(RecordStatus::rejected) == YX_RECORD_REJECTED &&
              static_cast<int>(RecordStatus::group_certified) == YX_RECORD_GROUP_CERTIFIED);

std::string_view cell_text(const char* const* column, std::size_t row) {
  if (column == nullptr || column[row] == nullptr) return {};
  return column[row];
}

// Versions 1..newest are read: an older caller's struct simply ends sooner.
void check_version(unsigned int version, unsigned int newest, const std::string& argument,
                   const char* init) {
  if (version >= 1 && version <= newest) return;
  fail(YX_EINVAL,
       argument + ".version is " + std::to_string(version) + "; this library knows " +
           (newest == 1 ? "version 1" : "versions 1 to " + std::to_string(newest)) +
           " (initialise with " + init + ")",
       argument + ".version");
}

void require_column(const void* column, const std::string& argument, const char* name) {
  if (column == nullptr) {
    fail(YX_EINVAL, argument + "." + name + " is NULL but count is not 0", argument + "." + name);
  }
}

namespace {

int source_file(LedgerBuilder& builder, ArraySource& source) {
  if (source.file < 0) source.file = builder.add_source(source.name);
  return source.file;
}

}  // namespace

void check_columns(const yx_teacher_columns* columns, const char* argument) {
  require(columns, argument);
  const std::string name = argument;
  check_version(columns->version, YX_TEACHER_COLUMNS_VERSION, name,
                "YX_TEACHER_COLUMNS_INIT or yx_teacher_columns_init");
  if (columns->attribute_count > 0) {
    require_column(columns->attribute_names, name, "attribute_names");
    for (std::size_t a = 0; a < columns->attribute_count; ++a) {
      if (columns->attribute_names[a] == nullptr) {
        fail(YX_EINVAL, name + ".attribute_names[" + std::to_string(a) + "] is NULL",
             name + ".attribute_names");
      }
      // The columns teachers.csv reads into fields (the id, the dates, leave) have fields here
      // too: passed as an attribute, such a value would be silently ignored.
      const std::string_view attribute = columns->attribute_names[a];
      for (const auto& [column, field] : {std::pair{"id", "id"},
                                          {"birth_date", "birth_day"},
                                          {"join_date", "join_day"},
                                          {"leave_date", "leave_day"},
                                          {"leave", "leave (version 2)"}}) {
        if (attribute != column) continue;
        fail(YX_EINVAL,
             name + ".attribute_names[" + std::to_string(a) + "] is \"" + column +
                 "\", which is not an attribute: give it in " + name + "." + field,
             name + ".attribute_names");
      }
    }
  }
  if (columns->count == 0) return;
  require_column(columns->id, name, "id");
  if (columns->attribute_count > 0) {
    require_column(columns->attribute_values, name, "attribute_values");
    for (std::size_t a = 0; a < columns->attribute_count; ++a) {
      require_column(columns->attribute_values[a], name,
                     ("attribute_values[" + std::to_string(a) + "]").c_str());
    }
  }
}

void check_columns(const yx_record_columns* columns, const char* argument,
                   bool teacher_id_optional) {
  require(columns, argument);
  const std::string name = argument;
  check_version(columns->version, YX_RECORD_COLUMNS_VERSION, name,
                "YX_RECORD_COLUMNS_INIT or yx_record_columns_init");
  if (columns->count == 0) return;
  require_column(columns->id, name, "id");
  if (!teacher_id_optional) require_column(columns->teacher_id, name, "teacher_id");
  require_column(columns->start_day, name, "start_day");
  require_column(columns->hours, name, "hours");
  if ((columns->category == nullptr) == (columns->category_id == nullptr)) {
    fail(YX_EINVAL, name + ": give exactly one of category (indices) and category_id",
         name + ".category");
  }
}

std::vector<std::string> attribute_names(const yx_teacher_columns& columns) {
  std::vector<std::string> names;
  for (std::size_t a = 0; a < columns.attribute_count; ++a)
    names.emplace_back(columns.attribute_names[a]);
  return names;
}

RecordArrays record_arrays(const yx_record_columns& columns) {
  RecordArrays arrays;
  arrays.count = columns.count;
  arrays.id = columns.id;
  arrays.teacher_id = columns.teacher_id;
  arrays.start_day = columns.start_day;
  arrays.end_day = columns.end_day;
  arrays.hours = columns.hours;
  arrays.category = columns.category;
  arrays.category_id = columns.category_id;
  arrays.activity = columns.activity;
  arrays.outcome = columns.outcome;
  arrays.outcome_count = columns.outcome_count;
  arrays.certificate = columns.certificate;
  if (columns.version >= 2) {
    arrays.level = columns.level;
    arrays.attended = columns.attended;
    arrays.assessment = columns.assessment;
    arrays.counts_as = columns.counts_as;
    arrays.exempted = columns.exempted;
    arrays.split = columns.split;
  }
  if (columns.version >= 3) arrays.recorded_day = columns.recorded_day;
  return arrays;
}

std::string unknown_status(std::int32_t status) {
  return "unknown status " + std::to_string(status) +
         "; expected YX_RECORD_CERTIFIED (0), YX_RECORD_PENDING (1), YX_RECORD_REJECTED (2) or "
         "YX_RECORD_GROUP_CERTIFIED (3)";
}

std::optional<CellProblem> read_teacher_row(const yx_teacher_columns& columns, std::size_t i,
                                            std::vector<std::string_view>& attributes,
                                            std::vector<DayRange>& absences, TeacherRow& row) {
  using enum TeacherField;
  auto day = [&](const std::int32_t* column) {
    return Cell::of_value(column ? column[i] : no_day);
  };
  TeacherCells cells;
  cells[id] = Cell::of_text(cell_text(columns.id, i));
  cells[birth_date] = day(columns.birth_day);
  cells[join_date] = day(columns.join_day);
  cells[leave_date] = day(columns.leave_day);
  // Leave periods came with version 2 of the columns, in the CSV's own syntax.
  cells[leave] = Cell::of_text(columns.version >= 2 ? cell_text(columns.leave, i) : "");
  attributes.resize(columns.attribute_count);
  for (std::size_t a = 0; a < attributes.size(); ++a)
    attributes[a] = cell_text(columns.attribute_values[a], i);
  cells.attributes = attributes;
  return read_teacher_cells(cells, row, absences);
}

std::size_t add_teachers(LedgerBuilder& builder, const yx_teacher_columns& columns,
                         ArraySource& source) {
  const int file = source_file(builder, source);
  std::vector<std::string_view> attributes;
  std::vector<DayRange> absences;
  TeacherRow row;
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < columns.count; ++i) {
    const RowOrigin origin{file, ++source.rows};
    if (auto problem = read_teacher_row(columns, i, attributes, absences, row)) {
      builder.reject_teacher(origin, std::move(problem->column), std::move(problem->message));
    } else if (builder.add_teacher(row, origin)) {
      ++accepted;
    }
  }
  return accepted;
}

std::size_t add_records(LedgerBuilder& builder, const yx_record_columns& columns,
                        ArraySource& source) {
  const int file = source_file(builder, source);
  const int first_line = source.rows + 1;
  source.rows += static_cast<int>(columns.count);
  std::vector<RecordStatus> statuses;
  return add_in_status_runs(
      columns, record_arrays(columns), statuses, first_line,
      [&](const RecordArrays& rows, int line) {
        return builder.add_records(rows, {file, line});
      },
      [&](int line, std::string message) {
        builder.reject_record({file, line}, "status", std::move(message));
      });
}

}  // namespace yanxiu::capi
