// The C ABI's entry points that take caller memory, on any bytes: yx_policy_parse on a buffer,
// and teachers and records as columns (yx_ledger_add_*, yx_evaluate_teacher) drawn from the
// input, with dates, hours, category indices and statuses of any value and strings of any bytes.
// Every call returns a status of the header with a message on failure, and every record row
// appended ends in exactly one disposition.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "yanxiu.h"

namespace {

using yanxiu::fuzz::require;

/// Reads values off the input, front to back; zeros once it is used up.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  template <typename T>
  T number() {
    T value{};
    const std::size_t n = std::min(sizeof value, size_ - pos_);
    if (n > 0) std::memcpy(&value, data_ + pos_, n);
    pos_ += n;
    return value;
  }
  /// Up to 31 bytes of any value (a NUL ends the C string early, as a caller's would).
  std::string text() {
    const std::size_t wanted = byte() % 32;  // read first: it moves pos_
    const std::size_t n = std::min(wanted, size_ - pos_);
    std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }
  std::string_view rest() const {
    return {reinterpret_cast<const char*>(data_ + pos_), size_ - pos_};
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

yx_status checked(yx_status status) {
  require(status >= YX_OK && status <= YX_EINTERNAL, "a status the header names");
  require(status != YX_EINTERNAL, "no internal error");
  if (status != YX_OK) {
    const yx_error* error = yx_last_error();
    require(error != nullptr && error->code == status, "the last error is the status returned");
    require(error->message != nullptr && error->message[0] != '\0', "a failure says why");
  }
  return status;
}

// A day near the Dali cycle, none, or any int32.
std::int32_t day(Bytes& bytes) {
  switch (bytes.byte() % 4) {
    case 0:
      return YX_NO_DAY;
    case 1:
      return bytes.number<std::int32_t>();
    default:
      return 17410 + bytes.number<std::int16_t>();
  }
}

// Hours of any int64, or a plausible few.
std::int64_t hundredths(Bytes& bytes) {
  return bytes.byte() % 4 == 0 ? bytes.number<std::int64_t>() : bytes.number<std::uint16_t>();
}

// Owns the strings that the C columns point into.
struct Strings {
  std::vector<std::string> storage;
  std::vector<const char*> pointers;

  void add(std::string text) { storage.push_back(std::move(text)); }
  const char* const* column() {
    pointers.clear();
    for (const auto& text : storage)
      pointers.push_back(text.c_str());
    return pointers.data();
  }
};

struct Teachers {
  std::vector<Strings> attribute_values;
  Strings ids, attribute_names;
  std::vector<const char* const*> value_columns;
  std::vector<std::int32_t> birth, join, leave;
  yx_teacher_columns columns = YX_TEACHER_COLUMNS_INIT;

  explicit Teachers(Bytes& bytes) {
    const std::size_t count = bytes.byte() % 5;
    const std::size_t attributes = bytes.byte() % 3;
    attribute_values.resize(attributes);
    for (std::size_t a = 0; a < attributes; ++a)
      attribute_names.add(bytes.byte() % 2 ? bytes.text() : "title");
    for (std::size_t i = 0; i < count; ++i) {
      ids.add(bytes.text());
      birth.push_back(day(bytes));
      join.push_back(day(bytes));
      leave.push_back(day(bytes));
      for (auto& values : attribute_values)
        values.add(bytes.text());
    }
    const std::uint8_t present = bytes.byte();
    columns.count = count;
    columns.id = ids.column();
    columns.birth_day = present & 1 ? birth.data() : nullptr;
    columns.join_day = present & 2 ? join.data() : nullptr;
    columns.leave_day = present & 4 ? leave.data() : nullptr;
    columns.attribute_count = attributes;
    columns.attribute_names = attribute_names.column();
    for (auto& values : attribute_values)
      value_columns.push_back(values.column());
    columns.attribute_values = value_columns.data();
  }
};

struct Records {
  Strings ids, teacher_ids, category_ids, activities, outcomes, certificates, levels, assessments,
      counts_as, splits;
  std::vector<std::int32_t> start, end, outcome_counts;
  std::vector<std::int64_t> hours, attended;
  std::vector<std::int16_t> categories;
  // Any int32, as a C caller may store in the enum: held as integers, since a C++ object of the
  // enum type may not hold a value outside its enumerators' range.
  std::vector<std::int32_t> statuses;
  std::vector<std::uint8_t> exempted;
  yx_record_columns columns = YX_RECORD_COLUMNS_INIT;

  Records(Bytes& bytes, const Teachers& teachers) {
    const std::size_t count = bytes.byte() % 17;
    for (std::size_t i = 0; i < count; ++i) {
      ids.add(bytes.text());
      const std::size_t teacher = bytes.byte();
      teacher_ids.add(teacher < teachers.ids.storage.size() ? teachers.ids.storage[teacher]
                                                            : bytes.text());
      start.push_back(day(bytes));
      end.push_back(day(bytes));
      hours.push_back(hundredths(bytes));
      categories.push_back(static_cast<std::int16_t>(
          bytes.byte() % 8 == 0 ? bytes.number<std::int16_t>() : bytes.byte() % 8));
      category_ids.add(bytes.text());
      statuses.push_back(bytes.byte() % 8 == 0 ? bytes.number<std::int32_t>() : bytes.byte() % 4);
      activities.add(bytes.text());
      outcomes.add(bytes.text());
      outcome_counts.push_back(bytes.number<std::int32_t>());
      certificates.add(bytes.text());
      levels.add(bytes.text());
      attended.push_back(bytes.byte() % 2 ? -1 : hundredths(bytes));
      assessments.add(bytes.text());
      counts_as.add(bytes.text());
      exempted.push_back(bytes.byte());
      splits.add(bytes.byte() % 2 ? bytes.text() : "school:1;self:0.5");
    }
    const std::uint16_t present = bytes.number<std::uint16_t>();
    auto optional = [&](int bit, auto* column) { return present >> bit & 1 ? column : nullptr; };
    columns.version = present >> 15 ? 1 : YX_RECORD_COLUMNS_VERSION;
    columns.count = count;
    columns.id = ids.column();
    columns.teacher_id = optional(0, teacher_ids.column());
    columns.start_day = start.data();
    columns.end_day = optional(1, end.data());
    columns.hours = hours.data();
    if (present >> 2 & 1) {
      columns.category_id = category_ids.column();
    } else {
      columns.category = categories.data();
    }
    columns.status = optional(3, reinterpret_cast<const yx_record_status*>(statuses.data()));
    columns.activity = optional(4, activities.column());
    columns.outcome = optional(5, outcomes.column());
    columns.outcome_count = optional(6, outcome_counts.data());
    columns.certificate = optional(7, certificates.column());
    columns.level = optional(8, levels.column());
    columns.attended = optional(9, attended.data());
    columns.assessment = optional(10, assessments.column());
    columns.counts_as = optional(11, counts_as.column());
    columns.exempted = optional(12, exempted.data());
    columns.split = optional(13, splits.column());
  }
};

// Every getter of every row, the writers and an explanation of each teacher.
void read_audit(const yx_audit* audit, const Teachers& teachers) {
  std::size_t rows = 0;
  checked(yx_audit_row_count(&rows, audit));
  for (std::size_t row = 0; row <= rows; ++row) {  // one past the end: YX_ERANGE
    const char* text = nullptr;
    std::int32_t day_number = 0;
    std::int64_t amount = 0;
    yx_verdict verdict{};
    yx_rule_kind kind{};
    const yx_status status = checked(yx_audit_teacher_id(&text, audit, row));
    require((status == YX_OK) == (row < rows), "rows in range, and only those, are read");
    checked(yx_audit_rule_id(&text, audit, row));
    checked(yx_audit_period_label(&text, audit, row));
    checked(yx_audit_period_start(&day_number, audit, row));
    checked(yx_audit_period_end(&day_number, audit, row));
    checked(yx_audit_required(&amount, audit, row));
    checked(yx_audit_credited(&amount, audit, row));
    checked(yx_audit_shortfall(&amount, audit, row));
    checked(yx_audit_status(&verdict, audit, row));
    checked(yx_audit_rule_kind(&kind, audit, row));
  }
  std::size_t diagnostics = 0;
  checked(yx_audit_diagnostic_count(&diagnostics, audit));
  for (std::size_t i = 0; i < diagnostics; ++i) {
    const yx_diagnostic* diagnostic = nullptr;
    checked(yx_audit_diagnostic(&diagnostic, audit, i));
    require(diagnostic->file != nullptr && diagnostic->message != nullptr,
            "a diagnostic has a file and a message");
  }
  yx_buf text = YX_BUF_INIT;
  checked(yx_audit_write_csv(&text, audit));
  yx_buf_dispose(&text);
  checked(yx_audit_write_json(&text, audit));
  yx_buf_dispose(&text);
  for (const std::string& id : teachers.ids.storage) {
    std::size_t begin = 0, end = 0;
    checked(yx_audit_teacher_rows(&begin, &end, audit, id.c_str()));
    checked(yx_audit_explain(&text, audit, id.c_str()));
    yx_buf_dispose(&text);
  }
}

std::int64_t disposition_total(const yx_audit* audit) {
  std::int64_t total = 0;
  for (int d = YX_DISPOSITION_CREDITED; d <= YX_DISPOSITION_INVALID; ++d) {
    std::int64_t count = 0;
    checked(yx_audit_disposition_count(&count, audit, static_cast<yx_disposition>(d)));
    total += count;
  }
  return total;
}

void through_a_ledger(const yx_policy* policy, const Teachers& teachers, const Records& records,
                      const yx_audit_options& options) {
  yx_ledger* ledger = nullptr;
  checked(yx_ledger_new(&ledger, policy));
  std::size_t accepted = 0;
  checked(yx_ledger_add_teachers(&accepted, ledger, &teachers.columns));
  require(accepted <= teachers.columns.count, "no more teachers taken than given");
  const yx_status added = checked(yx_ledger_add_records(&accepted, ledger, &records.columns));
  require(accepted <= records.columns.count, "no more records taken than given");
  yx_audit* audit = nullptr;
  if (checked(yx_evaluate(&audit, policy, ledger, &options)) == YX_OK) {
    const auto appended = static_cast<std::int64_t>(added == YX_OK ? records.columns.count : 0);
    require(disposition_total(audit) == appended, "every record row appended is accounted for");
    read_audit(audit, teachers);
  } else {
    require(audit == nullptr, "a failed evaluation returns no audit");
  }
  checked(yx_audit_free(audit));
  checked(yx_ledger_free(ledger));
}

void one_teacher(const yx_policy* policy, const Teachers& teachers, const Records& records,
                 const yx_audit_options& options) {
  yx_audit* audit = nullptr;
  if (checked(yx_evaluate_teacher(&audit, policy, &teachers.columns, &records.columns, &options)) ==
      YX_OK) {
    require(disposition_total(audit) == static_cast<std::int64_t>(records.columns.count),
            "every record row of the teacher is accounted for");
    read_audit(audit, teachers);
  }
  checked(yx_audit_free(audit));
}

// The shipped policies as handles, loaded once and freed at exit (LeakSanitizer checks).
class ShippedPolicies {
 public:
  ShippedPolicies() {
    for (const auto& file : yanxiu::fuzz::shipped_policy_files()) {
      yx_policy* handle = nullptr;
      require(yx_policy_load(&handle, file.c_str()) == YX_OK, "a shipped policy loads");
      handles_.push_back(handle);
    }
  }
  ~ShippedPolicies() {
    for (yx_policy* handle : handles_)
      yx_policy_free(handle);
  }
  ShippedPolicies(const ShippedPolicies&) = delete;
  ShippedPolicies& operator=(const ShippedPolicies&) = delete;

  const yx_policy* operator[](std::size_t index) const { return handles_[index % handles_.size()]; }

 private:
  std::vector<yx_policy*> handles_;
};

const yx_policy* shipped_policy(std::size_t index) {
  static const ShippedPolicies policies;
  return policies[index];
}

void parse_policy(Bytes& bytes) {
  const bool named = bytes.byte() % 2;
  const std::string_view json = bytes.rest();
  yx_policy* policy = nullptr;
  if (checked(yx_policy_parse(&policy, json.data(), json.size(), named ? "fuzz.json" : nullptr)) !=
      YX_OK) {
    require(policy == nullptr, "a failed parse returns no policy");
    require(std::strcmp(yx_last_error()->file, named ? "fuzz.json" : "<memory>") == 0,
            "a policy error names the buffer");
    return;
  }
  const char* text = nullptr;
  std::size_t count = 0;
  checked(yx_policy_id(&text, policy));
  checked(yx_policy_category_count(&count, policy));
  for (std::size_t i = 0; i < count; ++i)
    checked(yx_policy_category_id(&text, policy, i));
  checked(yx_policy_warning_count(&count, policy));
  for (std::size_t i = 0; i < count; ++i) {
    const yx_diagnostic* warning = nullptr;
    checked(yx_policy_warning(&warning, policy, i));
  }
  checked(yx_policy_free(policy));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes bytes(data, size);
  if (bytes.byte() % 4 == 0) {
    parse_policy(bytes);
    return 0;
  }
  const yx_policy* policy = shipped_policy(bytes.byte());
  yx_audit_options options = YX_AUDIT_OPTIONS_INIT;
  options.threads = 1;
  options.basis = static_cast<yx_basis>(bytes.byte() % 3);
  const std::string as_of = bytes.byte() % 4 == 0 ? bytes.text() : "";
  options.as_of = as_of.empty() ? nullptr : as_of.c_str();
  const Teachers teachers(bytes);
  const Records records(bytes, teachers);
  through_a_ledger(policy, teachers, records, options);
  one_teacher(policy, teachers, records, options);
  return 0;
}
