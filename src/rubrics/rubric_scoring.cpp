// The scoring engine: a ScoreSheet into item scores, subtotals, totals, bands, ranks, vetoes
// and awards. Integer arithmetic only: each item's score is an exact fraction, rounded once.

#include <algorithm>
#include <numeric>

#include <yanxiu/rubrics.hpp>

#include "rubrics/rubric_data.hpp"
#include "util/make.hpp"

namespace yanxiu {

namespace {

// Products of weights, percentages, evaluator weights and metrics need more than 64 bits before
// they are divided back down to a score no larger than the weight.
__extension__ typedef __int128 Wide;

/// A level's percent of a weight needs four more decimal places than the weight: an evaluator's
/// value of an item is kept in ten-thousandths of a hundredth of a point.
constexpr Hundredths exact_scale = 10'000;

/// numerator / denominator, rounded half up to a whole number; both are positive or zero.
Hundredths round_half_up(Wide numerator, Wide denominator) {
  return static_cast<Hundredths>((2 * numerator + denominator) / (2 * denominator));
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const auto& part : parts)
    text += (text.empty() ? "" : std::string(separator)) + part;
  return text;
}

struct ItemOutcome {
  Hundredths score = no_score;
  ScoreStatus status = ScoreStatus::scored;
  std::string note;
};

class SubjectScorer {
 public:
  SubjectScorer(const ScoreSheet::Data& data, std::int32_t subject)
      : data_(data), rubric_(*data.rubric), subject_(subject) {}

  ItemOutcome item(int index) const {
    const RubricItem& item = rubric_.items[static_cast<std::size_t>(index)];
    return item.kind == ItemKind::metric ? metric_item(item) : evaluated_item(index, item);
  }

  /// The vetoes that hold, each with what triggered it.
  std::vector<std::pair<int, std::string>> vetoes() const {
    std::vector<std::pair<int, std::string>> holding;
    for (std::size_t v = 0; v < rubric_.vetoes.size(); ++v) {
      const Veto& veto = rubric_.vetoes[v];
      if (veto.item < 0) {
        const auto* flag = data_.metric(subject_, veto.flag);
        if (flag && flag->value != 0)
          holding.emplace_back(static_cast<int>(v), "flag " + veto.flag);
        continue;
      }
      const RubricItem& item = rubric_.items[static_cast<std::size_t>(veto.item)];
      for (int evaluator : evaluators_of(item)) {
        const auto* given = score(veto.item, evaluator);
        if (!given) continue;
        const std::string& level = item.levels[static_cast<std::size_t>(given->level)].id;
        if (std::find(veto.levels.begin(), veto.levels.end(), level) == veto.levels.end()) continue;
        holding.emplace_back(static_cast<int>(v),
                             (evaluator < 0 ? "" : evaluator_id(evaluator) + " gave ") + "item " +
                                 item.id + " level " + level);
        break;
      }
    }
    return holding;
  }

 private:
  const ScoreSheet::Data::GivenScore* score(int item, int evaluator) const {
    const auto found = data_.scores.find({subject_, item, evaluator});
    return found == data_.scores.end() ? nullptr : &found->second;
  }

  /// The item's evaluators, or -1 alone in a rubric without evaluators.
  static std::vector<int> evaluators_of(const RubricItem& item) {
    return item.evaluators.empty() ? std::vector<int>{-1} : item.evaluators;
  }

  const std::string& evaluator_id(int evaluator) const {
    return rubric_.evaluators[static_cast<std::size_t>(evaluator)].id;
  }

  ItemOutcome evaluated_item(int index, const RubricItem& item) const {
    ItemOutcome outcome;
    Wide numerator = 0, denominator = 0;
    std::vector<std::string> missing, shown;
    std::optional<Wide> lowest, highest;
    for (int evaluator : evaluators_of(item)) {
      const Wide weight =
          evaluator < 0 ? 1 : rubric_.evaluators[static_cast<std::size_t>(evaluator)].weight;
      denominator += weight * exact_scale;
      const auto* given = score(index, evaluator);
      if (!given) {
        missing.push_back(evaluator < 0 ? "" : evaluator_id(evaluator));
        continue;
      }
      Wide value = 0;
      std::string text;
      if (item.kind == ItemKind::score) {
        value = Wide{given->points} * exact_scale;
        text = format_decimal(given->points);
      } else {
        const RubricLevel& level = item.levels[static_cast<std::size_t>(given->level)];
        value = Wide{item.weight} * level.percent;
        text = level.id;
      }
      numerator += weight * value;
      lowest = std::min(lowest.value_or(value), value);
      highest = std::max(highest.value_or(value), value);
      shown.push_back(evaluator < 0 ? text : evaluator_id(evaluator) + " " + text);
    }
    if (item.kind == ItemKind::level || shown.size() > 1) outcome.note = joined(shown, ", ");
    if (!missing.empty()) {
      const std::string whose = item.evaluators.empty() ? "" : " from " + joined(missing, ", ");
      if (!item.missing_as_zero) {
        outcome.status = ScoreStatus::missing;
        outcome.note = "no score" + whose + (outcome.note.empty() ? "" : "; " + outcome.note);
        return outcome;
      }
      outcome.status = ScoreStatus::zero;
      outcome.note =
          "no score" + whose + ", counted as 0" + (outcome.note.empty() ? "" : "; " + outcome.note);
    }
    outcome.score = round_half_up(numerator, denominator);
    if (rubric_.spread && shown.size() > 1 &&
        *highest - *lowest > Wide{item.weight} * *rubric_.spread) {
      if (outcome.status == ScoreStatus::scored) outcome.status = ScoreStatus::disagree;
      outcome.note +=
          "; apart by " + format_decimal(round_half_up(*highest - *lowest, exact_scale)) +
          " points, more than " + format_decimal(*rubric_.spread) + "% of the weight (" +
          format_decimal(round_half_up(Wide{item.weight} * *rubric_.spread, exact_scale)) + ")";
    }
    return outcome;
  }

  ItemOutcome metric_item(const RubricItem& item) const {
    ItemOutcome outcome;
    auto absent = [&](std::string why) {
      if (item.missing_as_zero) {
        outcome.score = 0;
        outcome.status = ScoreStatus::zero;
        outcome.note = why + ", counted as 0";
      } else {
        outcome.status = ScoreStatus::missing;
        outcome.note = std::move(why);
      }
      return outcome;
    };
    const auto* given = data_.metric(subject_, item.metric);
    if (!given) return absent("no metric " + item.metric);
    const Hundredths value = given->value;
    if (!item.thresholds.empty()) {
      const auto reached = std::find_if(item.thresholds.begin(), item.thresholds.end(),
                                        [&](const MetricThreshold& t) { return value >= t.min; });
      const Hundredths percent = reached == item.thresholds.end() ? 0 : reached->percent;
      outcome.score = round_half_up(Wide{item.weight} * percent, exact_scale);
      outcome.note =
          item.metric + " " + format_decimal(value) +
          (reached == item.thresholds.end() ? ": below every threshold"
                                            : ": at least " + format_decimal(reached->min)) +
          " → " + format_decimal(percent) + "%";
      return outcome;
    }
    Hundredths of = 0;
    std::string of_text;
    if (item.of_amount) {
      of = *item.of_amount;
      of_text = format_decimal(of);
    } else {
      const auto* whole = data_.metric(subject_, item.of_metric);
      if (!whole) return absent("no metric " + item.of_metric);
      if (whole->value == 0) return absent(item.of_metric + " is 0: no share to take");
      of = whole->value;
      of_text = item.of_metric + " " + format_decimal(of);
    }
    outcome.score = round_half_up(Wide{item.weight} * std::min(value, of), of);
    outcome.note = item.metric + " " + format_decimal(value) + " of " + of_text;
    return outcome;
  }

  const ScoreSheet::Data& data_;
  const Rubric& rubric_;
  std::int32_t subject_;
};

/// Standard competition ranks (1, 2, 2, 4) of `rows`' scores, highest first.
std::vector<std::int32_t> competition_ranks(const std::vector<RubricRow>& rows,
                                            const std::vector<std::size_t>& ranked) {
  std::vector<std::size_t> order(ranked.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return rows[ranked[a]].score > rows[ranked[b]].score;
  });
  std::vector<std::int32_t> ranks(ranked.size());
  for (std::size_t position = 0; position < order.size(); ++position) {
    const bool tied = position > 0 && rows[ranked[order[position]]].score ==
                                          rows[ranked[order[position - 1]]].score;
    ranks[order[position]] =
        tied ? ranks[order[position - 1]] : static_cast<std::int32_t>(position + 1);
  }
  return ranks;
}

// A subject's item rows; the ids of the items missing or disagreeing, and the sum of the scores.
struct ItemRowsOutcome {
  std::vector<std::string> missing, disagreeing;
  Hundredths sum = 0;
};

ItemRowsOutcome add_item_rows(const Rubric& rubric, const SubjectScorer& scorer,
                              std::int32_t subject, std::vector<RubricRow>& rows) {
  ItemRowsOutcome items;
  for (std::size_t i = 0; i < rubric.items.size(); ++i) {
    ItemOutcome outcome = scorer.item(static_cast<int>(i));
    const RubricItem& item = rubric.items[i];
    if (outcome.status == ScoreStatus::missing) items.missing.push_back(item.id);
    if (outcome.status == ScoreStatus::disagree) items.disagreeing.push_back(item.id);
    if (outcome.score != no_score) items.sum += outcome.score;
    RubricRow row;
    row.subject = subject;
    row.kind = RubricRowKind::item;
    row.index = static_cast<std::int32_t>(i);
    row.weight = item.weight;
    row.score = outcome.score;
    row.status = outcome.status;
    row.note = std::move(outcome.note);
    rows.push_back(std::move(row));
  }
  return items;
}

// A subtotal row for each group: incomplete as soon as one of its items has no score.
void add_group_rows(const Rubric& rubric, std::int32_t subject, std::size_t first_item,
                    std::vector<RubricRow>& rows) {
  for (std::size_t g = 0; g < rubric.groups.size(); ++g) {
    RubricRow row;
    row.subject = subject;
    row.kind = RubricRowKind::group;
    row.index = static_cast<std::int32_t>(g);
    row.weight = rubric.groups[g].subtotal;
    row.score = 0;
    row.status = ScoreStatus::complete;
    for (std::size_t i = 0; i < rubric.items.size(); ++i) {
      if (rubric.items[i].group != static_cast<int>(g)) continue;
      const RubricRow& item_row = rows[first_item + i];
      if (item_row.score == no_score) {
        row.status = ScoreStatus::incomplete;
        row.score = no_score;
        break;
      }
      row.score += item_row.score;
    }
    rows.push_back(std::move(row));
  }
}

// The total row: the sum, unless an item is missing or a veto holds, and its band.
RubricRow total_row(const Rubric& rubric, const SubjectScorer& scorer, std::int32_t subject,
                    const ItemRowsOutcome& items) {
  RubricRow total;
  total.subject = subject;
  total.kind = RubricRowKind::total;
  total.weight = rubric.total;
  total.status = items.missing.empty() ? ScoreStatus::complete : ScoreStatus::incomplete;
  total.score = items.missing.empty() ? items.sum : no_score;
  std::vector<std::string> notes;
  for (const auto& [veto_index, trigger] : scorer.vetoes()) {
    const Veto& veto = rubric.vetoes[static_cast<std::size_t>(veto_index)];
    if (total.veto < 0) total.veto = static_cast<std::int16_t>(veto_index);
    total.status = ScoreStatus::vetoed;
    if (veto.effect == VetoEffect::zero) total.score = 0;
    notes.push_back("vetoed by " + veto.id + (veto.label.empty() ? "" : " (" + veto.label + ")") +
                    ": " + trigger + "; " +
                    (veto.effect == VetoEffect::zero ? "total set to 0, no award" : "no award"));
  }
  if (!items.missing.empty()) notes.push_back("missing: " + joined(items.missing, ", "));
  if (!items.disagreeing.empty())
    notes.push_back("evaluators disagree: " + joined(items.disagreeing, ", "));
  total.note = joined(notes, "; ");
  if (total.score != no_score) {
    const auto band = std::find_if(rubric.bands.begin(), rubric.bands.end(),
                                   [&](const Band& b) { return total.score >= b.min; });
    if (band != rubric.bands.end())
      total.band = static_cast<std::int16_t>(band - rubric.bands.begin());
  }
  return total;
}

// Ranks the scored totals (rows `totals`) and gives the awards.
void rank_and_award(const Rubric& rubric, const std::vector<std::size_t>& totals,
                    std::vector<RubricRow>& rows) {
  const auto ranks = competition_ranks(rows, totals);
  for (std::size_t t = 0; t < totals.size(); ++t)
    rows[totals[t]].rank = ranks[t];

  // Awards go to complete totals only; a vetoed or incomplete subject gives up its place.
  std::vector<std::size_t> eligible;
  for (std::size_t row : totals) {
    if (rows[row].status == ScoreStatus::complete) eligible.push_back(row);
  }
  const auto eligible_ranks = competition_ranks(rows, eligible);
  for (std::size_t a = 0; a < rubric.awards.size(); ++a) {
    const Award& award = rubric.awards[a];
    for (std::size_t e = 0; e < eligible.size(); ++e) {
      RubricRow& row = rows[eligible[e]];
      if (award.top && eligible_ranks[e] > *award.top) continue;
      if (award.min && row.score < *award.min) continue;
      row.awards |= std::uint64_t{1} << a;
    }
  }
}

}  // namespace

RubricResult score_rubric(const ScoreSheet& sheet) {
  const ScoreSheet::Data& data = *sheet.data_;
  const Rubric& rubric = *data.rubric;
  auto result =
      std::make_shared<detail::RubricResultData>(detail::RubricResultData{data.policy,
                                                                          data.rubric,
                                                                          data.subjects,
                                                                          data.subject_index,
                                                                          {},
                                                                          {},
                                                                          data.diagnostics,
                                                                          data.score_counts,
                                                                          data.metric_counts});
  auto& rows = result->rows;
  std::vector<std::size_t> totals;
  for (std::int32_t subject = 0; subject < static_cast<std::int32_t>(data.subjects.size());
       ++subject) {
    result->subject_rows.push_back(rows.size());
    const SubjectScorer scorer(data, subject);
    const std::size_t first_item = rows.size();
    const ItemRowsOutcome items = add_item_rows(rubric, scorer, subject, rows);
    add_group_rows(rubric, subject, first_item, rows);
    RubricRow total = total_row(rubric, scorer, subject, items);
    if (total.score != no_score) totals.push_back(rows.size());
    rows.push_back(std::move(total));
  }
  result->subject_rows.push_back(rows.size());
  rank_and_award(rubric, totals, rows);
  return detail::Make::from<RubricResult>(std::move(result));
}

const Policy& RubricResult::policy() const {
  return data_->policy;
}
const Rubric& RubricResult::rubric() const {
  return *data_->rubric;
}
const std::vector<std::string>& RubricResult::subjects() const {
  return data_->subjects;
}
const std::vector<RubricRow>& RubricResult::rows() const {
  return data_->rows;
}
std::size_t RubricResult::row_begin(std::int32_t subject) const {
  return data_->subject_rows[static_cast<std::size_t>(subject)];
}
const Diagnostics& RubricResult::diagnostics() const {
  return data_->diagnostics;
}
const ScoreDispositionCounts& RubricResult::score_counts() const {
  return data_->score_counts;
}
const ScoreDispositionCounts& RubricResult::metric_counts() const {
  return data_->metric_counts;
}

std::optional<std::int32_t> RubricResult::find_subject(std::string_view id) const {
  const auto found = data_->subject_index.find(std::string(id));
  if (found == data_->subject_index.end()) return std::nullopt;
  return found->second;
}

std::string RubricResult::item_id(const RubricRow& row) const {
  switch (row.kind) {
    case RubricRowKind::item:
      return data_->rubric->items[static_cast<std::size_t>(row.index)].id;
    case RubricRowKind::group:
      return "group:" + data_->rubric->groups[static_cast<std::size_t>(row.index)].id;
    case RubricRowKind::total:
      break;
  }
  return "total";
}

std::string RubricResult::award_ids(const RubricRow& row) const {
  std::vector<std::string> ids;
  for (std::size_t a = 0; a < data_->rubric->awards.size(); ++a) {
    if (row.awards >> a & 1) ids.push_back(data_->rubric->awards[a].id);
  }
  return joined(ids, ";");
}

}  // namespace yanxiu
