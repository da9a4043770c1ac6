#include <array>
#include <cstdint>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/explain.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/session.hpp>
#include <yanxiu/synthetic.hpp>
#include <yanxiu/sys/intake.hpp>

#include "test_support.hpp"

namespace yanxiu {
namespace {

using testing::dali_policy;
using testing::source_path;

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  for (std::size_t begin = 0;;) {
    const std::size_t end = text.find(separator, begin);
    parts.emplace_back(text.substr(begin, end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

// The teacher attributes generate_county writes, after id and before the dates.
const std::vector<std::string_view> attribute_names = {"school", "subject", "stage",    "title",
                                                       "roles",  "star",    "backbone", "flags"};

/// One teacher's rows as text cells, as a platform holds them; turned into row values the way a
/// reader would, and given to a LedgerBuilder or a TeacherSession alike.
struct TeacherInput {
  std::vector<std::string> teacher;  ///< teachers.csv's columns
  /// records.csv's columns, then attended, assessment, counts_as, exempted, split
  std::vector<std::vector<std::string>> records;
};

enum RecordCell {
  id_cell,
  teacher_cell,
  date_cell,
  end_date_cell,
  hours_cell,
  category_cell,
  certificate_cell,
  status_cell,
  activity_cell,
  outcome_cell,
  level_cell,
  count_cell,
  attended_cell,
  assessment_cell,
  counts_as_cell,
  exempted_cell,
  split_cell,
  record_cells
};

std::optional<DayNumber> day_cell(const std::string& text) {
  if (text.empty()) return no_day;
  return parse_day(text);
}

template <typename Sink>
void give_teacher(Sink& sink, const TeacherInput& input) {
  const int teacher_file = sink.add_source("teacher");
  const auto& cells = input.teacher;
  TeacherRow teacher;
  teacher.id = cells[0];
  std::vector<std::string_view> attributes = {cells[1], cells[2], cells[3],  cells[4],
                                              cells[5], cells[9], cells[10], cells[11]};
  teacher.attributes = attributes;
  teacher.birth_day = day_cell(cells[6]).value_or(no_day);
  teacher.join_day = day_cell(cells[7]).value_or(no_day);
  teacher.leave_day = day_cell(cells[8]).value_or(no_day);
  sink.add_teacher(teacher, {teacher_file, 1});
}

template <typename Sink>
void give_rows(Sink& sink, const TeacherInput& input) {
  give_teacher(sink, input);
  const int record_file = sink.add_source("records");
  std::vector<SplitPortion> portions;
  int line = 0;
  for (const auto& record : input.records) {
    const RowOrigin origin{record_file, ++line};
    RecordRow row;
    row.id = record[id_cell];
    row.teacher_id = record[teacher_cell];
    const auto start = day_cell(record[date_cell]);
    const auto end = day_cell(record[end_date_cell]);
    const auto hours = record[hours_cell].empty() ? Hours() : parse_hours(record[hours_cell]);
    const auto status = record[status_cell].empty() ? RecordStatus::certified
                                                    : parse_record_status(record[status_cell]);
    if (!start || !end) {
      sink.reject_record(origin, "date", "not a date");
      continue;
    }
    if (!hours || !status) {
      sink.reject_record(origin, "hours", "not an amount of hours, or no status");
      continue;
    }
    row.start_day = *start;
    row.end_day = *end;
    row.hours = *hours;
    row.category = record[category_cell];
    row.certificate = record[certificate_cell];
    row.status = *status;
    row.activity = record[activity_cell];
    row.outcome = record[outcome_cell];
    row.level = record[level_cell];
    row.count = record[count_cell].empty() ? 0 : std::stoi(record[count_cell]);
    if (!record[attended_cell].empty()) row.attended = parse_hours(record[attended_cell]);
    row.assessment = record[assessment_cell];
    row.counts_as = record[counts_as_cell];
    row.exempted = record[exempted_cell] == "yes";
    portions.clear();
    if (!record[split_cell].empty()) {
      if (auto problem = parse_split(record[split_cell], portions)) {
        sink.reject_record(origin, "split", *problem);
        continue;
      }
    }
    row.split = portions;
    sink.add_record(row, origin);
  }
}

/// The same records as columns, as the C ABI passes them: texts that are not numbers become
/// numbers out of range, or nothing.
struct ArrayInput {
  explicit ArrayInput(const TeacherInput& input, const Policy& policy) {
    auto text = [](const std::string& cell) { return cell.c_str(); };
    for (const auto& record : input.records) {
      id.push_back(text(record[id_cell]));
      teacher_id.push_back(text(record[teacher_cell]));
      start_day.push_back(day_cell(record[date_cell]).value_or(no_day));
      end_day.push_back(day_cell(record[end_date_cell]).value_or(latest_day + 1));
      const auto amount = record[hours_cell].empty() ? Hours() : parse_hours(record[hours_cell]);
      hours.push_back(amount ? amount->hundredths() : -1);
      category_id.push_back(text(record[category_cell]));
      const auto found = policy.find_category(record[category_cell]);
      category.push_back(found ? *found
                               : static_cast<CategoryIndex>(record[category_cell].size() % 3 - 2));
      certificate.push_back(text(record[certificate_cell]));
      status.push_back(
          record[status_cell].empty()
              ? RecordStatus::certified
              : parse_record_status(record[status_cell]).value_or(RecordStatus::rejected));
      activity.push_back(text(record[activity_cell]));
      outcome.push_back(text(record[outcome_cell]));
      level.push_back(text(record[level_cell]));
      count.push_back(record[count_cell].empty() ? 0 : std::stoi(record[count_cell]));
      const auto attended_hours =
          record[attended_cell].empty() ? std::nullopt : parse_hours(record[attended_cell]);
      attended.push_back(attended_hours ? attended_hours->hundredths() : -1);
      assessment.push_back(text(record[assessment_cell]));
      counts_as.push_back(text(record[counts_as_cell]));
      exempted.push_back(record[exempted_cell] == "yes" ? 1 : 0);
      split.push_back(text(record[split_cell]));
    }
  }

  /// `by_index`: categories as indices, else as ids; `own`: the rows' teacher ids given.
  RecordArrays arrays(bool by_index, bool own) const {
    RecordArrays columns;
    columns.count = id.size();
    columns.id = id.data();
    columns.teacher_id = own ? teacher_id.data() : nullptr;
    columns.start_day = start_day.data();
    columns.end_day = end_day.data();
    columns.hours = hours.data();
    columns.category = by_index ? category.data() : nullptr;
    columns.category_id = by_index ? nullptr : category_id.data();
    columns.status = status.data();
    columns.activity = activity.data();
    columns.outcome = outcome.data();
    columns.outcome_count = count.data();
    columns.certificate = certificate.data();
    columns.level = level.data();
    columns.attended = attended.data();
    columns.assessment = assessment.data();
    columns.counts_as = counts_as.data();
    columns.exempted = exempted.data();
    columns.split = split.data();
    return columns;
  }

  std::vector<const char*> id, teacher_id, category_id, certificate, activity, outcome, level,
      assessment, counts_as, split;
  std::vector<DayNumber> start_day, end_day;
  std::vector<std::int64_t> hours, attended;
  std::vector<CategoryIndex> category;
  std::vector<RecordStatus> status;
  std::vector<std::int32_t> count;
  std::vector<std::uint8_t> exempted;
};

Audit arrays_by_ledger(const Policy& policy, const TeacherInput& input, const RecordArrays& records,
                       const AuditOptions& options) {
  LedgerBuilder builder(policy);
  builder.set_attribute_names({attribute_names.begin(), attribute_names.end()});
  give_teacher(builder, input);
  builder.add_records(records, {builder.add_source("records"), 1});
  return evaluate(policy, builder.build(), options);
}

Audit arrays_by_session(TeacherSession& session, const TeacherInput& input,
                        const RecordArrays& records) {
  session.set_attribute_names(attribute_names);
  give_teacher(session, input);
  session.add_records(records, {session.add_source("records"), 1});
  return session.evaluate();
}

Audit by_ledger(const Policy& policy, const TeacherInput& input, const AuditOptions& options) {
  LedgerBuilder builder(policy);
  builder.set_attribute_names({attribute_names.begin(), attribute_names.end()});
  give_rows(builder, input);
  return evaluate(policy, builder.build(), options);
}

Audit by_session(TeacherSession& session, const TeacherInput& input) {
  session.set_attribute_names(attribute_names);
  give_rows(session, input);
  return session.evaluate();
}

std::string audit_csv(const Audit& audit) {
  std::ostringstream out;
  write_audit_csv(out, audit);
  return out.str();
}

std::vector<std::string> messages(const Ledger& ledger) {
  std::vector<std::string> texts;
  for (const Diagnostic& diagnostic : ledger.diagnostics().items())
    texts.push_back(to_string(diagnostic));
  return texts;
}

/// Every row, disposition, count and message of the session's audit equals the ledger path's.
void expect_same(const Audit& expected, const Audit& actual, bool explained) {
  const AuditColumns& want = expected.columns();
  const AuditColumns& got = actual.columns();
  EXPECT_EQ(got.teacher, want.teacher);
  EXPECT_EQ(got.rule, want.rule);
  EXPECT_EQ(got.part, want.part);
  EXPECT_EQ(got.period_kind, want.period_kind);
  EXPECT_EQ(got.period, want.period);
  EXPECT_EQ(got.required, want.required);
  EXPECT_EQ(got.credited, want.credited);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.hours, want.hours);
  EXPECT_EQ(audit_csv(actual), audit_csv(expected));
  const auto want_dispositions = expected.dispositions();
  const auto got_dispositions = actual.dispositions();
  EXPECT_TRUE(std::equal(got_dispositions.begin(), got_dispositions.end(),
                         want_dispositions.begin(), want_dispositions.end()));
  EXPECT_EQ(actual.disposition_counts(), expected.disposition_counts());

  const Ledger& want_ledger = expected.ledger();
  const Ledger& got_ledger = actual.ledger();
  EXPECT_EQ(messages(got_ledger), messages(want_ledger));
  EXPECT_EQ(got_ledger.intake_counts(), expected.ledger().intake_counts());
  EXPECT_EQ(got_ledger.invalid_teacher_rows(), want_ledger.invalid_teacher_rows());
  ASSERT_EQ(got_ledger.teachers().size(), want_ledger.teachers().size());
  ASSERT_EQ(got_ledger.records().size(), want_ledger.records().size());
  const RecordColumns& want_records = want_ledger.records();
  const RecordColumns& got_records = got_ledger.records();
  for (std::size_t r = 0; r < want_records.size(); ++r) {
    EXPECT_EQ(got_records.id[r], want_records.id[r]);
    EXPECT_EQ(got_records.activity[r], want_records.activity[r]);
    EXPECT_EQ(got_records.outcome[r], want_records.outcome[r]);
    EXPECT_EQ(got_records.level[r], want_records.level[r]);
    EXPECT_EQ(got_records.assessment[r], want_records.assessment[r]);
    EXPECT_EQ(got_records.certificate[r], want_records.certificate[r]);
  }
  EXPECT_EQ(got_records.day, want_records.day);
  EXPECT_EQ(got_records.hours, want_records.hours);
  EXPECT_EQ(got_records.intake, want_records.intake);
  EXPECT_EQ(got_records.line, want_records.line);
  if (explained && want_ledger.teachers().size() == 1) {
    EXPECT_EQ(explain(actual.policy(), got_ledger, 0, actual.options()).to_text(),
              explain(expected.policy(), want_ledger, 0, expected.options()).to_text());
  }
}

/// A little randomness that is the same on every platform.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : state_(seed) {}
  std::size_t roll(std::size_t sides) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33) % sides);
  }
  template <typename T>
  const T& pick(const std::vector<T>& options) {
    return options[roll(options.size())];
  }

 private:
  std::uint64_t state_;
};

/// The county generate_county makes for `policy`, teacher by teacher, with what it leaves out
/// sprinkled in: the credit pipeline's columns, activities the policy counts and others,
/// attribute values its selectors test, bad rows and repeated ids.
std::vector<TeacherInput> county_inputs(const Policy& policy, std::int64_t teachers,
                                        std::uint64_t seed) {
  SyntheticCountyOptions options;
  options.teachers = teachers;
  options.seed = seed;
  options.duplicates_per_10k = 300;
  options.invalid_per_10k = 200;
  options.uncertified_per_10k = 300;
  options.outside_per_10k = 200;
  const SyntheticCounty county = generate_county(policy, options);

  Dice dice(seed);
  std::vector<std::string> activities = {"",
                                         "",
                                         "",
                                         "lesson_observation",
                                         "research_activity",
                                         "multimedia_lesson",
                                         "an_activity_no_policy_counts"};
  std::vector<std::string> assessments = {"", "fail", "a_result_no_gate_knows"};
  std::vector<std::string> categories = {"", "not_a_category"};
  for (const Rule& rule : policy.rules())
    activities.insert(activities.end(), rule.activities.begin(), rule.activities.end());
  for (const Gate& gate : policy.gates())
    assessments.insert(assessments.end(), gate.passing.begin(), gate.passing.end());
  for (const Category& category : policy.categories())
    categories.push_back(category.id);
  const std::vector<std::string> roles = {
      "",        "class_teacher", "principal",    "dean",
      "trainer", "support_staff", "school_cadre", "new_middle_manager;class_teacher"};
  const std::vector<std::string> flags = {"", "", "provincial_training_2024"};

  std::vector<TeacherInput> inputs;
  const auto teacher_lines = split(county.teachers_csv, '\n');
  for (std::size_t t = 1; t < teacher_lines.size(); ++t) {
    if (teacher_lines[t].empty()) continue;
    TeacherInput& input = inputs.emplace_back();
    input.teacher = split(teacher_lines[t], ',');
    input.teacher[5] = dice.pick(roles);
    input.teacher[11] = dice.pick(flags);
  }
  const auto record_lines = split(county.records_csv, '\n');
  std::size_t teacher = 0;
  for (std::size_t r = 1; r < record_lines.size(); ++r) {
    if (record_lines[r].empty()) continue;
    std::vector<std::string> cells = split(record_lines[r], ',');
    cells.resize(record_cells);
    while (cells[teacher_cell] != inputs[teacher].teacher[0])
      ++teacher;
    if (dice.roll(4) == 0) cells[activity_cell] = dice.pick(activities);
    if (dice.roll(10) == 0) cells[certificate_cell].clear();
    if (!policy.conversions().empty() && dice.roll(6) == 0) {
      const Conversion& conversion = policy.conversions()[dice.roll(policy.conversions().size())];
      const ConversionRate& rate = conversion.rates[dice.roll(conversion.rates.size())];
      cells[outcome_cell] = conversion.outcome;
      cells[level_cell] = rate.level;
      cells[hours_cell] = rate.min == rate.max ? "" : to_string(rate.max);
    }
    if (dice.roll(6) == 0) cells[assessment_cell] = dice.pick(assessments);
    if (dice.roll(8) == 0) cells[attended_cell] = dice.roll(2) ? "1" : "0.5";
    if (dice.roll(20) == 0) cells[counts_as_cell] = dice.pick(categories);
    if (dice.roll(20) == 0) cells[exempted_cell] = "yes";
    if (dice.roll(30) == 0) cells[split_cell] = dice.pick(categories) + ":0.5;school:0.5";
    if (dice.roll(15) == 0) cells[count_cell] = std::to_string(dice.roll(4));
    inputs[teacher].records.push_back(std::move(cells));
  }
  // A teacher whose exports repeat a record's id on a record of its own.
  for (std::size_t t = 0; t < inputs.size(); t += 7) {
    auto& records = inputs[t].records;
    if (records.size() > 2) records[records.size() - 1][id_cell] = records[1][id_cell];
  }
  return inputs;
}

class SessionOnShippedPolicies : public ::testing::TestWithParam<const char*> {};

TEST_P(SessionOnShippedPolicies, EqualsTheLedgerPathForEveryTeacher) {
  const Policy policy = load_policy(source_path(GetParam()));
  const std::vector<TeacherInput> inputs = county_inputs(policy, 120, 2017);
  // Also as on a day in the cycle's second year, everything submitted counted.
  const Date second_year = from_day_number(policy.calendar().cycle().first_day + 500);
  for (const AuditOptions& options :
       {AuditOptions{}, AuditOptions{second_year, 1, Basis::submitted}}) {
    TeacherSession session(policy, options);
    // Some results are kept while the session goes on: later teachers must not touch them.
    std::vector<std::pair<Audit, Audit>> kept;
    DispositionCounts seen;
    std::size_t messages_seen = 0;
    for (std::size_t t = 0; t < inputs.size(); ++t) {
      SCOPED_TRACE("teacher " + inputs[t].teacher[0]);
      const Audit expected = by_ledger(policy, inputs[t], options);
      const Audit actual = by_session(session, inputs[t]);
      expect_same(expected, actual, t % 10 == 0);
      if (t % 5 == 0) kept.emplace_back(expected, actual);
      // As columns: categories by index or by id, the rows' teacher given or left to the session.
      const ArrayInput columns(inputs[t], policy);
      const bool by_index = t % 2 == 0;
      const Audit from_arrays =
          arrays_by_ledger(policy, inputs[t], columns.arrays(by_index, true), options);
      const Audit arrays_actual =
          arrays_by_session(session, inputs[t], columns.arrays(by_index, t % 3 != 0));
      expect_same(from_arrays, arrays_actual, t % 10 == 5);
      if (t % 5 == 1) kept.emplace_back(from_arrays, arrays_actual);
      for (int d = 0; d < disposition_count; ++d)
        seen.counts[d] += expected.disposition_counts().counts[d];
      messages_seen += expected.ledger().diagnostics().items().size();
    }
    for (const Disposition d : {Disposition::credited, Disposition::duplicate, Disposition::invalid,
                                Disposition::outside}) {
      EXPECT_GT(seen[d], 0) << to_string(d);
    }
    EXPECT_GT(messages_seen, 0u);
    for (const auto& [expected, actual] : kept)
      expect_same(expected, actual, false);
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, SessionOnShippedPolicies,
                         ::testing::Values("examples/policies/dali-2017.json",
                                           "examples/policies/luoerling-2024.json",
                                           "examples/policies/gaoyou-3year.json",
                                           "examples/policies/baoshan-2011.json",
                                           "examples/policies/school-observation.json"));

RecordRow record(std::string_view id, DayNumber day, std::int64_t hundredths,
                 CategoryIndex category) {
  RecordRow row;
  row.id = id;
  row.teacher_id = "T1";
  row.start_day = day;
  row.hours = Hours::from_hundredths(hundredths);
  row.category_index = category;
  return row;
}

constexpr DayNumber autumn_2017 = 17450;  // 2017-10-11

TEST(TeacherSession, RejectsBadRowsAsTheBuilderDoes) {
  const Policy policy = dali_policy();
  TeacherSession session(policy);
  TeacherRow teacher;
  teacher.id = "T1";
  const std::vector<RecordRow> records = {
      record("R1", autumn_2017, 1200, 1),
      record("R2", autumn_2017, -50, 1),                        // negative hours
      record("R3", to_day_number(Date(1899, 12, 31)), 100, 1),  // before 1900
      record("R4", autumn_2017, 100, 7),                        // no category 7
      record("R5", to_day_number(Date(2030, 1, 1)), 100, 1),    // outside the cycle
      record("R1", autumn_2017, 400, 2),                        // R1 again
      record("R5", autumn_2017, 400, 2),                        // R5 again, inside the cycle
  };
  const Audit audit = session.evaluate(teacher, records);
  const DispositionCounts& counts = audit.disposition_counts();
  EXPECT_EQ(counts[Disposition::credited], 1);
  EXPECT_EQ(counts[Disposition::invalid], 3);
  EXPECT_EQ(counts[Disposition::outside], 1);
  EXPECT_EQ(counts[Disposition::duplicate], 2);
  EXPECT_EQ(counts.total(), 7);
  const std::vector<std::string> expected = {
      "records:2: error: hours: -0.50 is negative",
      "records:3: error: date: date outside the years 1900..2200 (first_year..last_year)",
      "records:4: error: category: category index 7 is out of range: the policy has 5 categories",
      "records:5: warning: date: 2030-01-01 is outside the cycle 2017-09-01..2022-08-31; the "
      "record is not counted",
      "records:6: warning: id: duplicate record id \"R1\", first on line 1; not counted again",
      "records:7: warning: id: duplicate record id \"R5\", first on line 5; not counted again"};
  EXPECT_EQ(messages(audit.ledger()), expected);

  // The builder says the same; and the next teacher starts with no ids seen.
  LedgerBuilder builder(policy);
  EXPECT_EQ(builder.add_source("teacher"), 0);
  EXPECT_EQ(builder.add_source("records"), 1);
  builder.add_teacher(teacher, {0, 1});
  for (std::size_t i = 0; i < records.size(); ++i)
    builder.add_record(records[i], {1, static_cast<int>(i + 1)});
  expect_same(evaluate(policy, builder.build()), audit, true);
  const Audit again = session.evaluate(teacher, std::span(records).first(1));
  EXPECT_EQ(again.disposition_counts()[Disposition::duplicate], 0);
  EXPECT_TRUE(again.ledger().diagnostics().items().empty());
}

TEST(TeacherSession, ScreensColumnsAsTheBuilderChecksRows) {
  const Policy policy = dali_policy();
  const DayNumber in_cycle = autumn_2017, later = to_day_number(Date(2030, 1, 1));
  struct Edge {
    const char* id;
    const char* teacher = "T1";
    DayNumber start = in_cycle;
    DayNumber end = no_day;
    std::int64_t hours = 100;
    CategoryIndex category = 1;
    std::int32_t count = 0;
    RecordStatus status = RecordStatus::certified;
    const char* outcome = nullptr;
    const char* level = nullptr;
    std::int64_t attended = -1;
    std::uint8_t exempted = 0;
    const char* split = nullptr;
  };
  // A row at each edge of every check a plain row passes, and rows that are not plain.
  const std::vector<Edge> edges = {
      {"plain"},
      {"before-1900", "T1", earliest_day - 1},
      {"in-1900", "T1", earliest_day},
      {"in-2200", "T1", latest_day},
      {"after-2200", "T1", latest_day + 1},
      {"ends-before", "T1", in_cycle, in_cycle - 1},
      {"ends-after-2200", "T1", in_cycle, latest_day + 1},
      {"ends-2030", "T1", in_cycle, later},
      {"negative", "T1", in_cycle, no_day, -1},
      {"no-hours", "T1", in_cycle, no_day, 0},
      {"most-hours", "T1", in_cycle, no_day, 1'000'000},
      {"too-many-hours", "T1", in_cycle, no_day, 1'000'001},
      {"category-below", "T1", in_cycle, no_day, 100, -1},
      {"category-above", "T1", in_cycle, no_day, 100, 5},
      {"category-last", "T1", in_cycle, no_day, 100, 4},
      {"count-below", "T1", in_cycle, no_day, 100, 1, -1},
      {"count-three", "T1", in_cycle, no_day, 100, 1, 3},
      {nullptr},
      {""},
      {"other-teacher", "T2"},
      {"no-teacher", nullptr},
      {"pending", "T1", in_cycle, no_day, 100, 1, 0, RecordStatus::pending},
      {"paper", "T1", in_cycle, no_day, 0, 3, 0, RecordStatus::certified, "paper", "city"},
      {"attended", "T1", in_cycle, no_day, 100, 1, 0, RecordStatus::certified, nullptr, nullptr,
       50},
      {"exempted", "T1", in_cycle, no_day, 100, 1, 0, RecordStatus::certified, nullptr, nullptr, -1,
       1},
      {"split", "T1", in_cycle, no_day, 100, 1, 0, RecordStatus::certified, nullptr, nullptr, -1, 0,
       "school:1"},
      {"plain"},
      {"plain-again"},
  };
  std::vector<const char*> ids, teachers, outcomes, levels, splits;
  std::vector<DayNumber> starts, ends;
  std::vector<std::int64_t> hours, attended;
  std::vector<CategoryIndex> categories;
  std::vector<std::int32_t> counts;
  std::vector<RecordStatus> statuses;
  std::vector<std::uint8_t> exempted;
  for (const Edge& edge : edges) {
    ids.push_back(edge.id);
    teachers.push_back(edge.teacher);
    starts.push_back(edge.start);
    ends.push_back(edge.end);
    hours.push_back(edge.hours);
    categories.push_back(edge.category);
    counts.push_back(edge.count);
    statuses.push_back(edge.status);
    outcomes.push_back(edge.outcome);
    levels.push_back(edge.level);
    attended.push_back(edge.attended);
    exempted.push_back(edge.exempted);
    splits.push_back(edge.split);
  }
  RecordArrays records;
  records.count = edges.size();
  records.id = ids.data();
  records.teacher_id = teachers.data();
  records.start_day = starts.data();
  records.end_day = ends.data();
  records.hours = hours.data();
  records.category = categories.data();
  records.outcome_count = counts.data();
  records.status = statuses.data();
  records.outcome = outcomes.data();
  records.level = levels.data();
  records.attended = attended.data();
  records.exempted = exempted.data();
  records.split = splits.data();
  TeacherRow teacher;
  teacher.id = "T1";

  LedgerBuilder builder(policy);
  builder.add_teacher(teacher, {builder.add_source("teacher"), 1});
  EXPECT_EQ(builder.add_records(records, {builder.add_source("records"), 1}), 13u);
  const Audit expected = evaluate(policy, builder.build());
  EXPECT_EQ(expected.disposition_counts()[Disposition::invalid], 15);
  TeacherSession session(policy);
  for (int round = 0; round < 2; ++round) {
    session.add_teacher(teacher, {session.add_source("teacher"), 1});
    EXPECT_EQ(session.add_records(records, {session.add_source("records"), 1}), 13u);
    expect_same(expected, session.evaluate(), true);
  }
}

TEST(TeacherSession, ARejectedTeacherHasNoRowsAndTheNextOneIsJudged) {
  TeacherSession session(dali_policy());
  TeacherRow teacher;
  teacher.id = "T1";
  teacher.join_day = to_day_number(Date(2019, 9, 1));
  teacher.leave_day = to_day_number(Date(2017, 9, 1));
  const std::vector<RecordRow> records = {record("R1", autumn_2017, 1200, 1)};
  const Audit rejected = session.evaluate(teacher, records);
  EXPECT_EQ(rejected.size(), 0u);
  EXPECT_EQ(rejected.ledger().invalid_teacher_rows(), 1);
  EXPECT_EQ(rejected.disposition_counts()[Disposition::invalid], 1);
  ASSERT_EQ(rejected.ledger().diagnostics().items().size(), 2u);
  EXPECT_EQ(to_string(rejected.ledger().diagnostics().items()[1]),
            "records:1: error: teacher_id: unknown teacher \"T1\" (not in the teachers file)");

  teacher.leave_day = no_day;
  const Audit judged = session.evaluate(teacher, records);
  EXPECT_EQ(judged.size(), 67u);
  EXPECT_EQ(judged.disposition_counts()[Disposition::credited], 1);
  EXPECT_TRUE(judged.ledger().find_teacher("T1"));
  // The first result is as it was.
  EXPECT_EQ(rejected.size(), 0u);
  EXPECT_FALSE(rejected.ledger().find_teacher("T1"));
}

TEST(TeacherSession, FollowsAttributeNamesThatChange) {
  const Policy policy = load_policy(source_path("examples/policies/baoshan-2011.json"));
  TeacherSession session(policy);
  TeacherRow teacher;
  teacher.id = "T1";
  const std::array<std::string_view, 2> title_first = {"title", "roles"};
  const std::array<std::string_view, 2> roles_first = {"roles", "title"};
  const std::array<std::string_view, 2> senior_first = {"senior", ""};
  const std::array<std::string_view, 2> senior_second = {"", "senior"};
  auto senior_rows = [&](const Audit& audit) {
    std::size_t rows = 0;
    for (std::size_t i = 0; i < audit.size(); ++i)
      rows += audit.rule_id(audit.row(i)) == "senior-cycle";
    return rows;
  };
  session.set_attribute_names(title_first);
  teacher.attributes = senior_first;
  EXPECT_EQ(senior_rows(session.evaluate(teacher, {})), 1u);
  session.set_attribute_names(roles_first);
  teacher.attributes = senior_second;
  EXPECT_EQ(senior_rows(session.evaluate(teacher, {})), 1u);
  teacher.attributes = senior_first;  // "senior" is now a role
  EXPECT_EQ(senior_rows(session.evaluate(teacher, {})), 0u);
}

TEST(TeacherSession, AResultHeldKeepsItsLedgerWhileTheSessionGoesOn) {
  TeacherSession session(dali_policy());
  TeacherRow first, second;
  first.id = "T1";
  second.id = "T2";
  const std::vector<RecordRow> records = {record("R1", autumn_2017, 1200, 1)};
  std::vector<RecordRow> others = {record("Q1", autumn_2017, 800, 2),
                                   record("Q2", autumn_2017, 400, 3)};
  for (RecordRow& row : others)
    row.teacher_id = "T2";
  const Audit held = session.evaluate(first, records);
  const std::string text = audit_csv(held);
  const Ledger ledger = held.ledger();
  for (int i = 0; i < 3; ++i)
    session.evaluate(second, others);
  EXPECT_EQ(audit_csv(held), text);
  EXPECT_EQ(ledger.records().size(), 1u);
  EXPECT_EQ(ledger.records().id[0], "R1");
  EXPECT_EQ(ledger.teachers().id[0], "T1");
}

}  // namespace
}  // namespace yanxiu
