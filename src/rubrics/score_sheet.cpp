// Scores and metrics for one rubric, from CSV or by value: every row is checked against the
// rubric and ends in one disposition; a bad row becomes a diagnostic at its file, line and
// column.

#include <algorithm>
#include <functional>
#include <stdexcept>

#include <yanxiu/rubrics.hpp>
#include <yanxiu/sys/intake.hpp>

#include "rubrics/rubric_data.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"

namespace yanxiu {

namespace {

using detail::CsvHeader;
using detail::CsvReader;
using detail::trim;

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

template <typename Entry>
std::vector<std::string_view> ids_of(const std::vector<Entry>& entries) {
  std::vector<std::string_view> ids;
  for (const auto& entry : entries)
    ids.push_back(entry.id);
  return ids;
}

/// "self, peer, school"
std::string evaluator_names(const Rubric& rubric, const std::vector<int>& evaluators) {
  std::string text;
  for (int e : evaluators)
    text += (text.empty() ? "" : ", ") + rubric.evaluators[static_cast<std::size_t>(e)].id;
  return text;
}

/// Why a score row is refused: the column and what is wrong with it.
struct Refusal {
  std::string field, message;
};

/// The evaluator of a score row of `item` (-1 in a rubric without evaluators), or why not.
std::optional<Refusal> read_evaluator(const Rubric& rubric, const RubricItem& item,
                                      std::string_view name, int& evaluator) {
  if (rubric.evaluators.empty()) {
    if (name.empty()) return std::nullopt;
    return Refusal{"evaluator", "rubric " + in_quotes(rubric.id) + " has no evaluators"};
  }
  if (name.empty()) {
    return Refusal{"evaluator", "is empty; item " + in_quotes(item.id) + " is scored by " +
                                    evaluator_names(rubric, item.evaluators)};
  }
  const auto found = rubric.find_evaluator(name);
  if (!found) {
    return Refusal{"evaluator", "unknown evaluator " + in_quotes(name) +
                                    did_you_mean(name, ids_of(rubric.evaluators))};
  }
  if (std::find(item.evaluators.begin(), item.evaluators.end(), *found) == item.evaluators.end()) {
    return Refusal{"evaluator", "item " + in_quotes(item.id) + " is scored by " +
                                    evaluator_names(rubric, item.evaluators) + ", not " +
                                    in_quotes(name)};
  }
  evaluator = *found;
  return std::nullopt;
}

/// The score (a score item) or the level (a level item) a row gives `item`, or why not.
std::optional<Refusal> read_given(const RubricItem& item, const ScoreRow& row,
                                  ScoreSheet::Data::GivenScore& given) {
  if (item.kind == ItemKind::score) {
    if (!row.level.empty())
      return Refusal{"level", "item " + in_quotes(item.id) + " takes a score, not a level"};
    if (!row.score) return Refusal{"score", "is empty; item " + in_quotes(item.id) + " needs one"};
    if (*row.score < 0) return Refusal{"score", format_decimal(*row.score) + " is negative"};
    if (*row.score > item.weight) {
      return Refusal{"score", format_decimal(*row.score) + " is more than item " +
                                  in_quotes(item.id) + "'s weight " + format_decimal(item.weight)};
    }
    given.points = *row.score;
    return std::nullopt;
  }
  if (row.score)
    return Refusal{"score", "item " + in_quotes(item.id) + " takes a level, not a score"};
  const auto levels = ids_of(item.levels);
  std::string names;
  for (auto level : levels)
    names += (names.empty() ? "" : ", ") + std::string(level);
  if (row.level.empty())
    return Refusal{"level", "is empty; item " + in_quotes(item.id) + " takes one of " + names};
  const auto found = std::find(levels.begin(), levels.end(), row.level);
  if (found == levels.end()) {
    std::string hint = did_you_mean(row.level, levels);
    if (hint.empty()) hint = "; its levels are " + names;
    return Refusal{
        "level", "unknown level " + in_quotes(row.level) + " of item " + in_quotes(item.id) + hint};
  }
  given.level = static_cast<int>(found - levels.begin());
  return std::nullopt;
}

/// Calls read(fields, origin) for each row of the header's width; a malformed row or one of
/// another width goes to reject(origin, field, message).
template <typename Reject, typename Read>
void read_rows(CsvReader& reader, std::size_t width, int file, Reject reject, Read read,
               const std::function<void(int)>& check_bound) {
  std::vector<std::string_view> fields;
  while (reader.next_row(fields)) {
    const RowOrigin origin{file, reader.line()};
    check_bound(origin.line);
    if (!reader.problem().empty()) {
      reject(origin, "", reader.problem());
    } else if (fields.size() != width) {
      reject(
          origin, "",
          "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
    } else {
      read(fields, origin);
    }
  }
}

const std::string_view score_columns[] = {"subject_id", "item_id", "evaluator", "score", "level"};
const std::string_view metric_columns[] = {"subject_id", "metric", "value"};
const std::string_view sheet_columns[] = {"subject_id", "item_id", "evaluator", "score",
                                          "level",      "metric",  "value"};

// The Chinese names of the score sheets' columns (docs/policy-format.md, "Scoring"). Each names
// one column of a score or metrics file; "编号" alone is left out, as it could be either id.
constexpr std::pair<std::string_view, std::string_view> sheet_aliases[] = {
    {"对象编号", "subject_id"}, {"评价对象", "subject_id"},
    {"教师编号", "subject_id"}, {"学校编号", "subject_id"},
    {"小组编号", "subject_id"}, {"项目编号", "item_id"},
    {"评价项目", "item_id"},    {"指标编号", "item_id"},
    {"评价人", "evaluator"},    {"评分人", "evaluator"},
    {"得分", "score"},          {"分数", "score"},
    {"等级", "level"},          {"指标", "metric"},
    {"数值", "value"},          {"值", "value"},
};

// A score or metrics header cell as the column it names: an alias, another case, padding.
std::optional<std::string_view> sheet_column_name(std::string_view header) {
  return detail::canonical_name(header, sheet_aliases, sheet_columns);
}

}  // namespace

std::int32_t ScoreSheet::Data::subject(std::string_view id) {
  const auto [found, added] =
      subject_index.emplace(std::string(id), static_cast<std::int32_t>(subjects.size()));
  if (added) subjects.emplace_back(id);
  return found->second;
}

const ScoreSheet::Data::GivenMetric* ScoreSheet::Data::metric(std::int32_t subject_at,
                                                              const std::string& name) const {
  const auto found = metrics.find({subject_at, name});
  return found == metrics.end() ? nullptr : &found->second;
}

ScoreSheet::ScoreSheet(Policy policy, std::string_view rubric_id, const InputLimits& limits) {
  const Rubric* rubric = policy.find_rubric(rubric_id);
  if (!rubric) {
    std::vector<std::string_view> known;
    for (const auto& r : policy.rubrics())
      known.push_back(r.id);
    std::string hint = did_you_mean(rubric_id, known);
    if (hint.empty() && !known.empty()) {
      hint = "; its rubrics: ";
      for (std::size_t r = 0; r < known.size(); ++r)
        hint += (r == 0 ? "" : ", ") + std::string(known[r]);
    }
    throw std::invalid_argument("policy " + policy.id() + " has no rubric " + in_quotes(rubric_id) +
                                hint);
  }
  data_ = std::make_unique<Data>(std::move(policy), *rubric);
  data_->limits = limits;
  data_->diagnostics.keep_at_most(limits.kept_diagnostics);
}

ScoreSheet::~ScoreSheet() = default;
ScoreSheet::ScoreSheet(ScoreSheet&&) noexcept = default;
ScoreSheet& ScoreSheet::operator=(ScoreSheet&&) noexcept = default;

const Policy& ScoreSheet::policy() const {
  return data_->policy;
}
const Rubric& ScoreSheet::rubric() const {
  return *data_->rubric;
}
const Diagnostics& ScoreSheet::diagnostics() const {
  return data_->diagnostics;
}
const ScoreDispositionCounts& ScoreSheet::score_counts() const {
  return data_->score_counts;
}
const ScoreDispositionCounts& ScoreSheet::metric_counts() const {
  return data_->metric_counts;
}

int ScoreSheet::add_source(std::string_view name) {
  data_->files.emplace_back(name);
  return static_cast<int>(data_->files.size() - 1);
}

void ScoreSheet::reject_score(RowOrigin origin, std::string field, std::string message) {
  data_->diagnostics.error(data_->files[static_cast<std::size_t>(origin.file)], origin.line,
                           std::move(field), std::move(message));
  ++data_->score_counts[ScoreDisposition::invalid];
}

void ScoreSheet::reject_metric(RowOrigin origin, std::string field, std::string message) {
  data_->diagnostics.error(data_->files[static_cast<std::size_t>(origin.file)], origin.line,
                           std::move(field), std::move(message));
  ++data_->metric_counts[ScoreDisposition::invalid];
}

bool ScoreSheet::add_score(const ScoreRow& row, RowOrigin origin) {
  Data& data = *data_;
  const Rubric& rubric = *data.rubric;
  auto reject = [&](std::string field, std::string message) {
    reject_score(origin, std::move(field), std::move(message));
    return false;
  };
  if (row.subject_id.empty()) return reject("subject_id", "is empty");
  if (row.item_id.empty()) return reject("item_id", "is empty");
  const auto item_index = rubric.find_item(row.item_id);
  if (!item_index) {
    return reject("item_id", "unknown item " + in_quotes(row.item_id) + " of rubric " +
                                 in_quotes(rubric.id) +
                                 did_you_mean(row.item_id, ids_of(rubric.items)));
  }
  const RubricItem& item = rubric.items[static_cast<std::size_t>(*item_index)];
  if (item.kind == ItemKind::metric) {
    return reject("item_id", "item " + in_quotes(item.id) + " is computed from the metric " +
                                 in_quotes(item.metric) + "; give that in the metrics");
  }

  int evaluator = -1;
  if (auto refused = read_evaluator(rubric, item, row.evaluator, evaluator))
    return reject(std::move(refused->field), std::move(refused->message));
  Data::GivenScore given;
  if (auto refused = read_given(item, row, given))
    return reject(std::move(refused->field), std::move(refused->message));
  given.origin = {origin.file, origin.line};

  // The subject is numbered only once a row of it is used.
  const auto known_subject = data.subject_index.find(std::string(row.subject_id));
  const std::int32_t subject = known_subject == data.subject_index.end()
                                   ? static_cast<std::int32_t>(data.subjects.size())
                                   : known_subject->second;
  const auto [at, added] =
      data.scores.emplace(Data::ScoreKey{subject, *item_index, evaluator}, given);
  if (!added) {
    const auto& first = at->second.origin;
    data.diagnostics.warning(
        data.files[static_cast<std::size_t>(origin.file)], origin.line, "item_id",
        "duplicate score of item " + in_quotes(item.id) + " for " + in_quotes(row.subject_id) +
            (evaluator < 0 ? "" : " by " + in_quotes(row.evaluator)) + ", first on line " +
            std::to_string(first.line) +
            (first.file == origin.file
                 ? ""
                 : " of " + data.files[static_cast<std::size_t>(first.file)]) +
            "; this one is not used");
    ++data.score_counts[ScoreDisposition::duplicate];
    return false;
  }
  data.subject(row.subject_id);
  ++data.score_counts[ScoreDisposition::used];
  return true;
}

bool ScoreSheet::add_metric(const MetricRow& row, RowOrigin origin) {
  Data& data = *data_;
  if (row.subject_id.empty()) {
    reject_metric(origin, "subject_id", "is empty");
    return false;
  }
  if (row.metric.empty()) {
    reject_metric(origin, "metric", "is empty");
    return false;
  }
  if (row.value < 0) {
    reject_metric(origin, "value", format_decimal(row.value) + " is negative");
    return false;
  }
  const std::string& file = data.files[static_cast<std::size_t>(origin.file)];
  if (!data.rubric->reads_metric(row.metric)) {
    // Said once per metric: a file of a group's figures may carry many a rubric does not read.
    if (std::find(data.unused_metrics.begin(), data.unused_metrics.end(), row.metric) ==
        data.unused_metrics.end()) {
      data.unused_metrics.emplace_back(row.metric);
      data.diagnostics.warning(file, origin.line, "metric",
                               "rubric " + in_quotes(data.rubric->id) + " reads no metric " +
                                   in_quotes(row.metric) + "; its rows are not used");
    }
    ++data.metric_counts[ScoreDisposition::unused];
    return false;
  }
  const auto known_subject = data.subject_index.find(std::string(row.subject_id));
  const std::int32_t subject = known_subject == data.subject_index.end()
                                   ? static_cast<std::int32_t>(data.subjects.size())
                                   : known_subject->second;
  const auto [at, added] =
      data.metrics.emplace(std::pair{subject, std::string(row.metric)},
                           Data::GivenMetric{row.value, {origin.file, origin.line}});
  if (!added) {
    data.diagnostics.warning(file, origin.line, "metric",
                             "duplicate metric " + in_quotes(row.metric) + " for " +
                                 in_quotes(row.subject_id) + ", first on line " +
                                 std::to_string(at->second.origin.line) + "; this one is not used");
    ++data.metric_counts[ScoreDisposition::duplicate];
    return false;
  }
  data.subject(row.subject_id);
  ++data.metric_counts[ScoreDisposition::used];
  return true;
}

void ScoreSheet::read_scores(const std::filesystem::path& path) {
  read_scores_text(detail::read_input_file(path, data_->limits.csv_bytes), path.string());
}

void ScoreSheet::read_scores_text(std::string_view csv, std::string_view name) {
  const Rubric& rubric = *data_->rubric;
  std::string converted;
  const detail::CsvText text =
      detail::csv_text(csv, name, data_->limits.csv_encoding, converted, data_->diagnostics);
  CsvReader reader(text.text, 1, data_->limits, text.check_rows, text.delimiter);
  const CsvHeader header = detail::read_csv_header(
      reader, name,
      rubric.evaluators.empty()
          ? std::initializer_list<std::string_view>{"subject_id", "item_id", "score|level"}
          : std::initializer_list<std::string_view>{"subject_id", "item_id", "score|level",
                                                    "evaluator"},
      data_->limits.csv_columns, sheet_column_name);
  const int subject = header.find("subject_id"), item = header.find("item_id"),
            evaluator = header.find("evaluator"), score = header.find("score"),
            level = header.find("level");
  const int file = add_source(name);
  header.warn_unknown(score_columns, name, "scores", data_->diagnostics);

  auto reject = [this](RowOrigin origin, std::string field, std::string message) {
    reject_score(origin, std::move(field), std::move(message));
  };
  const std::int64_t invalid_before = data_->score_counts[ScoreDisposition::invalid];
  auto check_bound = [&](int line) {
    if (data_->score_counts[ScoreDisposition::invalid] - invalid_before >
        data_->limits.invalid_rows)
      detail::too_many_invalid_rows(data_->diagnostics, data_->limits, name, line);
  };
  read_rows(
      reader, header.names.size(), file, reject,
      [&](const auto& fields, RowOrigin origin) {
        auto cell = [&](int column) {
          return column < 0 ? std::string_view() : trim(fields[column]);
        };
        ScoreRow row;
        row.subject_id = cell(subject);
        row.item_id = cell(item);
        row.evaluator = cell(evaluator);
        row.level = cell(level);
        if (const auto score_text = cell(score); !score_text.empty()) {
          Hundredths points = 0;
          if (auto problem = parse_hundredths(score_text, points)) {
            reject_score(origin, "score", in_quotes(score_text) + " " + *problem);
            return;
          }
          row.score = points;
        }
        add_score(row, origin);
      },
      check_bound);
  data_->diagnostics.list_left_out();  // what kept_diagnostics left out of this file
}

void ScoreSheet::read_metrics(const std::filesystem::path& path) {
  read_metrics_text(detail::read_input_file(path, data_->limits.csv_bytes), path.string());
}

void ScoreSheet::read_metrics_text(std::string_view csv, std::string_view name) {
  std::string converted;
  const detail::CsvText text =
      detail::csv_text(csv, name, data_->limits.csv_encoding, converted, data_->diagnostics);
  CsvReader reader(text.text, 1, data_->limits, text.check_rows, text.delimiter);
  const CsvHeader header = detail::read_csv_header(reader, name, {"subject_id", "metric", "value"},
                                                   data_->limits.csv_columns, sheet_column_name);
  const int subject = header.find("subject_id"), metric = header.find("metric"),
            value = header.find("value");
  const int file = add_source(name);
  header.warn_unknown(metric_columns, name, "metrics", data_->diagnostics);

  auto reject = [this](RowOrigin origin, std::string field, std::string message) {
    reject_metric(origin, std::move(field), std::move(message));
  };
  const std::int64_t invalid_before = data_->metric_counts[ScoreDisposition::invalid];
  auto check_bound = [&](int line) {
    if (data_->metric_counts[ScoreDisposition::invalid] - invalid_before >
        data_->limits.invalid_rows)
      detail::too_many_invalid_rows(data_->diagnostics, data_->limits, name, line);
  };
  read_rows(
      reader, header.names.size(), file, reject,
      [&](const auto& fields, RowOrigin origin) {
        MetricRow row;
        row.subject_id = trim(fields[subject]);
        row.metric = trim(fields[metric]);
        // A flag ("yes", "是") reads as 1 or 0, so a veto may read either.
        const std::string_view value_text = trim(fields[value]);
        if (const auto flag = parse_flag(value_text)) {
          row.value = *flag ? 100 : 0;
        } else if (auto problem = parse_hundredths(value_text, row.value)) {
          reject_metric(origin, "value", in_quotes(value_text) + " " + *problem);
          return;
        }
        add_metric(row, origin);
      },
      check_bound);
  data_->diagnostics.list_left_out();
}

}  // namespace yanxiu
