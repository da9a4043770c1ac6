// The structured explanation (docs/explanation-schema.md): the facts of an Explanation and its
// gap plan as JSON, the words from the same functions as the text (engine/explain_words.hpp).

#include <algorithm>
#include <set>
#include <string_view>

#include <yanxiu/audit.hpp>
#include <yanxiu/decisions.hpp>
#include <yanxiu/explanation_json.hpp>
#include <yanxiu/gap_plan.hpp>
#include <yanxiu/sys/fields.hpp>
#include <yanxiu/version.hpp>

#include "engine/explain_words.hpp"

namespace yanxiu {

namespace {

using detail::Phrase;

class JsonWriter {
 public:
  JsonWriter(const Explanation& e, Language language)
      : e_(e), language_(language), policy_(e.policy), records_(e.ledger.records()) {}

  std::string write() {
    out_ += "{";
    key("schema", true);
    string(explanation_schema);
    key("lang");
    string(to_string(language_));
    key("engine");
    string(version_string);
    head();
    key("labels");
    labels();
    key("teacher");
    teacher();
    key("verdicts");
    verdicts();
    key("records");
    records();
    definitions();
    key("gap_plan");
    gap_plan();
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  // `"name": ` after a comma unless it is the first member.
  void key(std::string_view name, bool first = false) {
    if (!first) out_ += ", ";
    append_json_string(out_, name);
    out_ += ": ";
  }
  void string(std::string_view text) { append_json_string(out_, text); }
  void string_or_null(std::string_view text) { text.empty() ? null() : string(text); }
  void null() { out_ += "null"; }
  void number(std::int64_t value) { out_ += std::to_string(value); }
  void boolean(bool value) { out_ += value ? "true" : "false"; }
  // An exact amount as a decimal string: "27.67" for hours and credits, "10" for counts.
  void amount(RuleKind kind, Hours hours) { string(format_amount(kind, hours)); }
  void hours(Hours value) { string(to_string(value)); }
  void day(DayNumber value) { value == no_day ? null() : string(day_to_iso(value)); }
  void phrase(Phrase p) { string(detail::phrase(p, language_)); }
  template <typename Each>
  void array(std::size_t size, Each each) {
    out_ += "[";
    for (std::size_t i = 0; i < size; ++i) {
      if (i) out_ += ", ";
      each(i);
    }
    out_ += "]";
  }
  void category(CategoryIndex c) {
    c == no_category ? null() : string(policy_.categories()[static_cast<std::size_t>(c)].id);
  }
  void categories(CategoryMask mask) {
    std::vector<CategoryIndex> list;
    for (std::size_t c = 0; c < policy_.categories().size(); ++c) {
      if (mask & (CategoryMask{1} << c)) list.push_back(static_cast<CategoryIndex>(c));
    }
    array(list.size(), [&](std::size_t i) { category(list[i]); });
  }

  // Where a rule, gate, conversion or exemption is written in the policy's document: null when
  // the policy says nothing. The one place sources are written, so a new mark of a source
  // (a county's choice) is added here.
  void source(std::string_view section) {
    if (section.empty() && policy_.source().empty()) return null();
    out_ += "{";
    key("document", true);
    string_or_null(policy_.source());
    key("section");
    string_or_null(section);
    out_ += "}";
  }

  void period(PeriodKind kind, int index) {
    const Period& p = policy_.calendar().periods(kind)[static_cast<std::size_t>(index)];
    out_ += "{";
    key("kind", true);
    string(to_string(kind));
    key("kind_label");
    string(detail::label(kind, language_));
    key("label");
    string(p.label);
    key("start");
    day(p.first_day);
    key("end");
    day(p.last_day);
    out_ += "}";
  }

  void note(const detail::Note& note) {
    out_ += "{";
    key("code", true);
    string(note.code);
    key("message");
    string(note.message);
    out_ += "}";
  }

  void head() {
    key("policy");
    out_ += "{";
    key("id", true);
    string(policy_.id());
    key("title");
    string(policy_.title());
    key("sha256");
    string(policy_.digest());
    key("document");
    string_or_null(policy_.source());
    out_ += "}";
    key("as_of");
    e_.options.as_of ? string(to_iso(*e_.options.as_of)) : null();
    key("basis");
    string(to_string(e_.options.basis));
    key("unit");
    out_ += "{";
    key("kind", true);
    string(policy_.unit().credits() ? "credits" : "hours");
    key("label");
    string(detail::unit_label(policy_, RuleKind::quota, language_));
    out_ += "}";
  }

  // Column headings for a page that shows the verdicts and records as tables.
  void labels() {
    static constexpr std::pair<std::string_view, Phrase> headings[] = {
        {"rule", Phrase::heading_rule},           {"period", Phrase::heading_period},
        {"required", Phrase::heading_required},   {"credited", Phrase::heading_credited},
        {"shortfall", Phrase::heading_shortfall}, {"status", Phrase::heading_status},
        {"record", Phrase::heading_record},       {"date", Phrase::heading_date},
        {"category", Phrase::heading_category},   {"hours", Phrase::heading_hours},
        {"counted", Phrase::heading_counted},     {"notes", Phrase::heading_notes},
        {"not_counted", Phrase::not_counted},     {"gap_plan", Phrase::gap_heading}};
    out_ += "{";
    bool first = true;
    for (const auto& [name, p] : headings) {
      key(name, first);
      first = false;
      std::string_view text = detail::phrase(p, language_);
      while (!text.empty() && (text.back() == ':' || text.ends_with("："))) {
        text.remove_suffix(text.back() == ':' ? 1 : std::string_view("：").size());
      }
      string(text);
    }
    out_ += "}";
  }

  void teacher() {
    const auto& teachers = e_.ledger.teachers();
    const auto t = static_cast<std::size_t>(e_.teacher);
    out_ += "{";
    key("id", true);
    string(teachers.id[t]);
    key("attributes");
    out_ += "{";
    bool first = true;
    for (std::size_t a = 0; a < teachers.attribute_names.size(); ++a) {
      key(teachers.attribute_names[a], first);
      first = false;
      string_or_null(teachers.attributes[a][t]);
    }
    out_ += "}";
    key("join_date");
    day(teachers.join_day[t]);
    key("leave_date");
    day(teachers.leave_day[t]);
    key("leave");
    const auto begin = static_cast<std::size_t>(teachers.absence_begin[t]);
    const auto end = static_cast<std::size_t>(teachers.absence_begin[t + 1]);
    array(end - begin, [&](std::size_t i) {
      out_ += "{";
      key("first", true);
      day(teachers.absence_first_day[begin + i]);
      key("last");
      day(teachers.absence_last_day[begin + i]);
      out_ += "}";
    });
    const auto cycle = std::find_if(e_.verdicts.begin(), e_.verdicts.end(), [](const Verdict& v) {
      return v.row.period_kind == PeriodKind::cycle && v.row.part == whole_rule;
    });
    key("served_semesters");
    cycle == e_.verdicts.end() ? null() : number(cycle->served_semesters);
    key("cycle_semesters");
    cycle == e_.verdicts.end() ? null() : number(cycle->period_semesters);
    const auto failed = static_cast<std::size_t>(
        std::count_if(e_.verdicts.begin(), e_.verdicts.end(), [](const Verdict& v) {
          return v.row.status == Status::short_ || v.row.status == Status::conflict;
        }));
    key("status");
    string(failed ? "short" : "met");
    key("status_label");
    string(detail::label(failed ? Status::short_ : Status::met, language_));
    key("message");
    failed ? string(detail::say(language_, Phrase::teacher_short_in, {std::to_string(failed)}))
           : phrase(Phrase::teacher_meets_all);
    key("dispositions");
    DispositionCounts counts;
    for (const auto& record : e_.records)
      ++counts[record.disposition];
    out_ += "{";
    for (int d = 0; d < disposition_count; ++d) {
      key(to_string(static_cast<Disposition>(d)), d == 0);
      number(counts.counts[d]);
    }
    out_ += "}}";
  }

  void verdicts() {
    array(e_.verdicts.size(), [&](std::size_t i) { verdict(e_.verdicts[i]); });
  }

  void verdict(const Verdict& verdict) {
    const AuditRow& row = verdict.row;
    const Rule& rule = policy_.rules()[static_cast<std::size_t>(row.rule)];
    const QuotaPart* part =
        row.part == whole_rule ? nullptr : &rule.parts[static_cast<std::size_t>(row.part)];
    out_ += "{";
    key("rule_id", true);
    string(part ? rule.id + "/" + part->id : rule.id);
    key("rule");
    string(rule.id);
    key("part");
    part ? string(part->id) : null();
    key("rule_kind");
    string(to_string(rule.kind));
    key("label");
    const std::string label = detail::verdict_label(policy_, row);
    string(label.empty() ? (part ? part->id : rule.id) : label);
    key("source");
    source(rule.source);
    key("period");
    period(row.period_kind, row.period);
    key("unit");
    string(rule.kind != RuleKind::quota ? "count" : policy_.unit().credits() ? "credits" : "hours");
    key("unit_label");
    string(detail::unit_label(policy_, rule.kind, language_));
    key("required");
    amount(rule.kind, row.required);
    key("nominal_required");
    amount(rule.kind, verdict.nominal_min);
    key("credited");
    amount(rule.kind, row.credited);
    key("shortfall");
    amount(rule.kind, row.shortfall());
    key("status");
    string(to_string(row.status));
    key("status_label");
    string(detail::label(row.status, language_));
    key("hours_behind");
    if (rule.kind == RuleKind::quota && policy_.unit().credits())
      hours(detail::hours_behind(e_, verdict).first);
    else
      null();
    key("served_semesters");
    number(verdict.served_semesters);
    key("period_semesters");
    number(verdict.period_semesters);
    key("carried_in");
    hours(verdict.carried_in);
    key("moved_back");
    hours(verdict.moved_back);
    key("filled");
    hours(verdict.filled);
    key("max");
    part == nullptr&& rule.max ? amount(rule.kind, *rule.max) : null();
    key("over_max");
    amount(rule.kind, detail::over_max(verdict));
    key("exemption");
    exemption_state(verdict);
    key("records");
    array(verdict.contributions.size(), [&](std::size_t i) {
      const Contribution& c = verdict.contributions[i];
      out_ += "{";
      key("record_id", true);
      string(records_.id[static_cast<std::size_t>(c.record)]);
      key("category");
      category(c.category);
      key("counted");
      amount(rule.kind, c.counted);
      key("over_cap");
      amount(rule.kind, c.over_cap);
      out_ += "}";
    });
    const auto words = detail::verdict_notes(e_, verdict, language_);
    key("notes");
    array(words.size(), [&](std::size_t i) { note(words[i]); });
    key("message");
    string(detail::joined(words, language_));
    out_ += "}";
  }

  void exemption_state(const Verdict& verdict) {
    const int index = verdict.exemption >= 0 ? verdict.exemption : verdict.exemption_pending;
    if (index < 0) return null();
    exemptions_.insert(index);
    const Exemption& exemption = policy_.exemptions()[static_cast<std::size_t>(index)];
    const bool applied = verdict.exemption >= 0;
    out_ += "{";
    key("id", true);
    string(exemption.id);
    key("state");
    string(applied ? "applied" : "pending");
    key("state_label");
    phrase(applied ? Phrase::exemption_applied : Phrase::exemption_pending);
    key("requires_categories");
    categories(exemption.requires_categories);
    key("requires");
    hours(exemption.requires_min);
    key("progress");
    hours(verdict.exemption_progress);
    out_ += "}";
  }

  void records() {
    array(e_.records.size(), [&](std::size_t i) { record(e_.records[i]); });
  }

  void record(const RecordTrace& trace) {
    const auto r = static_cast<std::size_t>(trace.record);
    const bool counted =
        trace.disposition == Disposition::credited || trace.disposition == Disposition::capped;
    out_ += "{";
    key("record_id", true);
    string(records_.id[r]);
    key("start");
    day(records_.start_day[r]);
    key("end");
    day(records_.end_day[r]);
    key("category");
    category(records_.category[r]);
    key("category_label");
    records_.category[r] == no_category ? null()
                                        : string(policy_.display_name(records_.category[r]));
    key("hours");
    hours(Hours::from_hundredths(records_.hours[r]));
    key("activity");
    string_or_null(records_.activity[r]);
    key("count");
    number(records_.count[r]);
    key("outcome");
    string_or_null(records_.outcome[r]);
    key("level");
    string_or_null(records_.level[r]);
    key("status");
    string(to_string(records_.status[r]));
    key("status_label");
    string(detail::label(records_.status[r], language_));
    key("credited");
    hours(trace.credited);
    key("disposition");
    string(to_string(trace.disposition));
    key("disposition_label");
    string(detail::label(trace.disposition, language_));
    key("counted");
    boolean(counted);
    key("steps");
    array(trace.steps.size(), [&](std::size_t i) { step(trace, trace.steps[i]); });
    key("reason");
    trace.disposition == Disposition::credited
        ? null()
        : note(detail::not_counted_reason(e_, trace, language_));
    key("file");
    string(e_.ledger.files()[records_.file[r]]);
    key("line");
    number(records_.line[r]);
    out_ += "}";
  }

  void step(const RecordTrace& trace, const CreditStep& step) {
    out_ += "{";
    key("kind", true);
    string(to_string(step.kind));
    key("label");
    string(detail::label(step.kind, language_));
    key("ref");
    if (step.ref < 0) {
      null();
    } else {
      const auto i = static_cast<std::size_t>(step.ref);
      switch (step.kind) {
        case CreditStep::Kind::converted:
        case CreditStep::Kind::not_convertible:
        case CreditStep::Kind::item_cap:
        case CreditStep::Kind::conversion_cap:
          conversions_.insert(step.ref);
          string(policy_.conversions()[i].id);
          break;
        case CreditStep::Kind::gated:
          gates_.insert(step.ref);
          string(policy_.gates()[i].id);
          break;
        case CreditStep::Kind::category_cap:
          caps_.insert(step.ref);
          string(policy_.category_caps()[i].id);
          break;
        default:
          null();
      }
    }
    const bool capped = step.kind == CreditStep::Kind::conversion_cap ||
                        step.kind == CreditStep::Kind::category_cap;
    key("per");
    capped ? string(to_string(step.per)) : null();
    key("category");
    category(step.category);
    key("before");
    hours(step.before);
    key("after");
    hours(step.after);
    key("message");
    string_or_null(detail::step_message(e_, trace, step, language_));
    out_ += "}";
  }

  // The caps, gates, conversions and exemptions the steps and verdicts above name by id.
  void definitions() {
    key("caps");
    definitions(caps_, [&](int index) {
      const CategoryCap& cap = policy_.category_caps()[static_cast<std::size_t>(index)];
      key("id", true);
      string(cap.id);
      key("label");
      string(cap.label);
      key("categories");
      categories(cap.categories);
      key("per");
      string(to_string(cap.per));
      key("per_label");
      string(detail::per_label(cap.per, language_));
      key("max");
      hours(cap.max);
    });
    key("gates");
    definitions(gates_, [&](int index) {
      const Gate& gate = policy_.gates()[static_cast<std::size_t>(index)];
      key("id", true);
      string(gate.id);
      key("label");
      string(gate.label);
      key("kind");
      string(to_string(gate.kind));
      key("categories");
      categories(gate.categories);
      key("source");
      source(gate.source);
    });
    key("conversions");
    definitions(conversions_, [&](int index) {
      const Conversion& conversion = policy_.conversions()[static_cast<std::size_t>(index)];
      key("id", true);
      string(conversion.id);
      key("label");
      string(conversion.label);
      key("outcome");
      string(conversion.outcome);
      key("category");
      category(conversion.category);
      key("item_cap");
      conversion.item_cap ? hours(*conversion.item_cap) : null();
      key("caps");
      array(conversion.caps.size(), [&](std::size_t i) {
        out_ += "{";
        key("per", true);
        string(to_string(conversion.caps[i].per));
        key("per_label");
        string(detail::per_label(conversion.caps[i].per, language_));
        key("max");
        hours(conversion.caps[i].hours);
        out_ += "}";
      });
      key("source");
      source(conversion.source);
    });
    key("exemptions");
    definitions(exemptions_, [&](int index) {
      const Exemption& exemption = policy_.exemptions()[static_cast<std::size_t>(index)];
      key("id", true);
      string(exemption.id);
      key("label");
      string(exemption.label);
      key("source");
      source(exemption.source);
    });
  }

  template <typename Each>
  void definitions(const std::set<int>& indices, Each each) {
    const std::vector<int> list(indices.begin(), indices.end());
    array(list.size(), [&](std::size_t i) {
      out_ += "{";
      each(list[i]);
      out_ += "}";
    });
  }

  void gap_plan() {
    const GapPlan plan = plan_gaps(policy_, e_.ledger, e_.teacher, e_.options);
    out_ += "{";
    key("closes_every_gap", true);
    boolean(plan.closes_every_gap());
    key("total_hours");
    hours(plan.total_hours());
    key("steps");
    array(plan.steps.size(), [&](std::size_t i) {
      const GapStep& step = plan.steps[i];
      const bool activities = !step.activity.empty();
      out_ += "{";
      key("rule_id", true);
      string(step.rule_id);
      key("period");
      period(step.period_kind, step.period);
      key("deadline");
      day(step.deadline);
      key("day");
      day(step.day);
      key("category");
      category(step.category);
      key("category_label");
      string(policy_.display_name(step.category));
      key("activity");
      string_or_null(step.activity);
      key("amount");
      amount(activities ? RuleKind::count : RuleKind::quota, step.amount);
      key("unit");
      string(activities ? "count" : "hours");
      key("message");
      string(detail::gap_amount(policy_, step, language_));
      out_ += "}";
    });
    key("unclosable");
    array(plan.unclosable_verdicts.size(), [&](std::size_t i) {
      const GapPlan::Unclosable& blocked = plan.unclosable_verdicts[i];
      out_ += "{";
      key("rule_id", true);
      string(blocked.rule_id);
      key("period");
      period(blocked.period_kind, blocked.period);
      key("reason");
      static constexpr std::string_view codes[] = {"conflict", "capped_or_gated",
                                                   "activities_do_not_count"};
      string(codes[static_cast<int>(blocked.why)]);
      key("message");
      string(detail::unclosable_reason(blocked.why, language_));
      out_ += "}";
    });
    key("message");
    string(plan.to_text(policy_, language_));
    out_ += "}";
  }

  const Explanation& e_;
  Language language_;
  const Policy& policy_;
  const RecordColumns& records_;
  std::set<int> caps_, gates_, conversions_, exemptions_;
  std::string out_;
};

}  // namespace

std::string explanation_json(const Explanation& explanation, Language language) {
  return JsonWriter(explanation, language).write();
}

namespace {

// Each line of `lines` indented by two spaces.
void append_indented(std::string& out, std::string_view lines) {
  for (std::size_t at = 0; at < lines.size();) {
    const std::size_t end = std::min(lines.find('\n', at), lines.size());
    out += "  ";
    out += lines.substr(at, end - at);
    out += "\n";
    at = end + 1;
  }
}

}  // namespace

std::string explanation_report(const Explanation& explanation, Language language) {
  std::string out = explanation.to_text(language);
  // The policy's named decisions (decisions.hpp), each with the verdicts behind it.
  if (!explanation.policy.decisions().empty()) {
    out += "\n" + std::string(detail::phrase(Phrase::decisions_heading, language)) + "\n";
    const Audit audit = evaluate(explanation.policy,
                                 teacher_with_records(explanation.ledger, explanation.teacher, {}),
                                 explanation.options);
    for (const DecisionVerdict& verdict : decide(audit, 0))
      append_indented(out, explain_decision(audit, verdict));
  }
  const GapPlan plan =
      plan_gaps(explanation.policy, explanation.ledger, explanation.teacher, explanation.options);
  if (plan.steps.empty() && plan.closes_every_gap()) return out;
  out += "\n" + std::string(detail::phrase(Phrase::gap_heading, language)) + "\n";
  append_indented(out, plan.to_text(explanation.policy, language));
  return out;
}

namespace {

const PolicyVersion& version_of(const PolicySet& set, const Explanation& explanation) {
  const auto versions = set.versions();
  return *std::find_if(versions.begin(), versions.end(), [&](const PolicyVersion& v) {
    return v.policy.id() == explanation.policy.id();
  });
}

}  // namespace

std::string set_explanation_json(const PolicySet& set, const std::vector<Explanation>& explanations,
                                 Language language) {
  std::string out = "{\"schema\": \"yanxiu-explanation-set/1\", \"set\": {\"id\": ";
  append_json_string(out, set.id());
  out += ", \"title\": ";
  append_json_string(out, set.title());
  out += ", \"sha256\": ";
  append_json_string(out, set.digest());
  out += "}, \"explanations\": [";
  for (std::size_t i = 0; i < explanations.size(); ++i) {
    std::string one = explanation_json(explanations[i], language);
    one.pop_back();  // its line's end
    out += i ? ", " : "";
    out += "{\"in_force_from\": \"" + to_iso(version_of(set, explanations[i]).effective) + "\", " +
           one.substr(1);
  }
  out += "]}\n";
  return out;
}

std::string set_explanation_text(const PolicySet& set, const std::vector<Explanation>& explanations,
                                 Language language) {
  std::string out;
  for (const Explanation& explanation : explanations) {
    out += detail::say(language, Phrase::set_heading,
                       {explanation.policy.id(), to_iso(version_of(set, explanation).effective)}) +
           "\n" + explanation.to_text(language) + "\n";
  }
  return out;
}

}  // namespace yanxiu
