// The subject audit (subjects.hpp): group kinds judged through the teacher evaluator, each
// group standing as a teacher of a ledger of the kind's own policy, and the schools' shares.

#include <algorithm>
#include <map>
#include <set>

#include <yanxiu/explain.hpp>
#include <yanxiu/rubric_rules.hpp>
#include <yanxiu/subjects.hpp>
#include <yanxiu/sys/fields.hpp>

#include "policy/json_reader.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"

namespace yanxiu {

namespace {

using detail::CsvReader;
using detail::in_quotes;

/// A CSV file's text and its header: where a group records or schools file starts being read.
struct CsvInput {
  std::string storage;  ///< the text converted to UTF-8, when it was not
  detail::CsvText text;
  std::optional<CsvReader> reader;
  detail::CsvHeader header;
};

void open_csv(CsvInput& input, const std::string& content, const std::string& name,
              const InputLimits& limits, Diagnostics& diagnostics) {
  input.text = detail::csv_text(content, name, limits.csv_encoding, input.storage, diagnostics);
  input.reader.emplace(input.text.text, 1, limits, input.text.check_rows, input.text.delimiter);
  input.header = detail::read_csv_header(*input.reader, name, {}, limits.csv_columns);
}

[[noreturn]] void input_error(std::string file, int line, std::string field, std::string message) {
  throw InputError(
      {{Severity::error, std::move(file), line, std::move(field), std::move(message)}});
}

/// A header cell that names the column `names` lists (ASCII case ignored).
int find_column(const detail::CsvHeader& header, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    std::string cell(detail::trim(header.names[i]));
    std::transform(cell.begin(), cell.end(), cell.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (auto name : names)
      if (!name.empty() && cell == name) return static_cast<int>(i);
  }
  return -1;
}

struct GroupKinds {
  /// Group id -> (kind, index of the group in the kind's ledger).
  std::map<std::string, std::pair<std::size_t, TeacherIndex>, std::less<>> by_id;
  std::vector<std::vector<std::vector<std::string>>> members;  ///< kind -> group -> teacher ids
  std::vector<std::vector<std::string>> ids;                   ///< kind -> group ids
  std::vector<std::vector<int>> lines;                         ///< kind -> first member's line
};

GroupKinds collect_groups(const Policy& policy, const Ledger& ledger) {
  const SubjectRules& subjects = subject_rules(policy);
  const TeacherColumns& teachers = ledger.teachers();
  GroupKinds kinds;
  for (const GroupSubject& subject : subjects.groups) {
    const std::size_t k = kinds.ids.size();
    kinds.ids.emplace_back();
    kinds.members.emplace_back();
    kinds.lines.emplace_back();
    const StringColumn* column = teachers.attribute(subject.by);
    if (!column) {
      const std::string file = ledger.files().empty() ? "teachers.csv" : ledger.files().front();
      input_error(file, 1, subject.by,
                  "no column " + in_quotes(subject.by) +
                      ", by which the policy groups teachers into " +
                      (subject.label.empty() ? subject.id : subject.label));
    }
    for (std::size_t t = 0; t < teachers.size(); ++t) {
      const std::string value(detail::trim((*column)[t]));
      if (value.empty()) continue;
      auto [at, added] =
          kinds.by_id.try_emplace(value, k, static_cast<TeacherIndex>(kinds.ids[k].size()));
      if (added) {
        kinds.ids[k].push_back(value);
        kinds.members[k].emplace_back();
        kinds.lines[k].push_back(teachers.line[t]);
      } else if (at->second.first != k) {
        continue;  // named by two kinds: its records go to the first (documented)
      }
      kinds.members[k][static_cast<std::size_t>(at->second.second)].emplace_back(teachers.id[t]);
    }
  }
  return kinds;
}

/// group_records split by kind, as records files whose teacher_id is the group: each row on its
/// own line as in the file, so messages name the file's lines. A row naming no group is invalid.
std::vector<std::string> split_group_records(const Policy& policy, const GroupKinds& kinds,
                                             const SubjectInputs& inputs, const InputLimits& limits,
                                             SubjectAudit& out) {
  const std::string& name = inputs.group_records_name;
  CsvInput input;
  open_csv(input, *inputs.group_records, name, limits, out.diagnostics);
  CsvReader& reader = *input.reader;
  const detail::CsvHeader& header = input.header;
  std::vector<std::string_view> group_names{"group", "group_id", "小组", "教研组"};
  for (const GroupSubject& subject : subject_rules(policy).groups) {
    group_names.push_back(subject.id);
    group_names.push_back(subject.by);
    group_names.push_back(subject.label);
  }
  int group_column = -1;
  for (auto candidate : group_names) {
    group_column = find_column(header, {candidate});
    if (group_column >= 0) break;
  }
  if (group_column < 0) {
    input_error(name, reader.line(), "group",
                "no \"group\" column: each group record names its group (the value of " +
                    in_quotes(subject_rules(policy).groups.front().by) + " its members share)");
  }
  // The columns the records reader wants that a group's file may leave out.
  const bool add_hours = find_column(header, {"hours", "学时"}) < 0;
  const bool add_category = find_column(header, {"category", "类别"}) < 0;
  const std::string category =
      policy.categories().empty() ? std::string() : policy.categories().front().id;

  std::vector<std::string> texts(kinds.ids.size());
  std::vector<int> lines(kinds.ids.size(), 1);  // the next line of each text
  std::string head;
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    if (i) head += ',';
    append_csv_field(head, static_cast<int>(i) == group_column ? "teacher_id" : header.names[i]);
  }
  if (add_hours) head += ",hours";
  if (add_category) head += ",category";
  for (auto& text : texts)
    text = head;

  std::vector<std::string_view> fields;
  while (reader.next_row(fields)) {
    const int line = reader.line();
    ++out.group_record_counts.counts[static_cast<std::size_t>(Disposition::invalid)];
    if (!reader.problem().empty()) {
      out.diagnostics.error(name, line, "", reader.problem());
      continue;
    }
    const std::string_view group =
        static_cast<std::size_t>(group_column) < fields.size()
            ? detail::trim(fields[static_cast<std::size_t>(group_column)])
            : std::string_view();
    const auto found = kinds.by_id.find(group);
    if (found == kinds.by_id.end()) {
      out.diagnostics.error(name, line, "group",
                            group.empty() ? std::string("no group")
                                          : "unknown group " + in_quotes(group) +
                                                " (no teacher in the teachers file belongs to it)");
      continue;
    }
    // Read by the records reader below, which counts it.
    --out.group_record_counts.counts[static_cast<std::size_t>(Disposition::invalid)];
    const std::size_t k = found->second.first;
    std::string& text = texts[k];
    for (; lines[k] < line; ++lines[k])
      text += '\n';
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) row += ',';
      append_csv_field(row, fields[i]);
    }
    if (add_hours) row += ",";
    if (add_category) row += "," + category;
    text += row;
    for (char c : row)
      lines[k] += c == '\n';
  }
  return texts;
}

void group_rows(const GroupAudit& group, SubjectAudit& out) {
  const Audit& audit = group.audit;
  for (std::size_t i = 0; i < audit.size(); ++i) {
    const AuditRow row = audit.row(i);
    const Rule& rule = audit.policy().rules()[static_cast<std::size_t>(row.rule)];
    const Period& period = audit.period(row);
    SubjectRow result;
    result.subject_kind = group.subject->id;
    result.subject_id = audit.ledger().teachers().id[static_cast<std::size_t>(row.teacher)];
    result.rule_id = audit.rule_id(row);
    result.period = period.label;
    result.period_start = from_day_number(period.first_day);
    result.period_end = from_day_number(period.last_day);
    result.required = format_amount(rule.kind, row.required);
    result.credited = format_amount(rule.kind, row.credited);
    result.shortfall = format_amount(rule.kind, row.shortfall());
    result.status = row.status;
    out.rows.push_back(std::move(result));
  }
}

/// At least `percent` hundredths of a percent of `of` cents, rounded up to the cent: a figure in
/// cents meets the share exactly when it reaches this.
std::int64_t share_of(std::int64_t of, std::int64_t percent) {
  // of <= 10^13 cents (read_schools) and percent <= 10^4: the product fits in 64 bits.
  return (of * percent + 9999) / 10000;
}

void read_schools(const Policy& policy, const SubjectInputs& inputs, const InputLimits& limits,
                  SubjectAudit& out) {
  const SubjectRules& subjects = subject_rules(policy);
  const std::string& name = inputs.schools_name;
  CsvInput input;
  open_csv(input, *inputs.schools, name, limits, out.diagnostics);
  CsvReader& reader = *input.reader;
  const detail::CsvHeader& header = input.header;
  const int school_column = find_column(header, {"school", "学校", "学校名称"});
  const int year_column = find_column(header, {"year", "年度", "年份"});
  std::vector<int> figure_columns;
  std::vector<Diagnostic> missing;
  if (school_column < 0)
    missing.push_back(
        Diagnostic{Severity::error, name, reader.line(), "school", "no \"school\" column"});
  for (const SchoolFigure& figure : subjects.figures) {
    figure_columns.push_back(find_column(header, {figure.id, figure.label}));
    if (figure_columns.back() < 0) {
      missing.push_back(Diagnostic{Severity::error, name, reader.line(), figure.id,
                                   "no column " + in_quotes(figure.id) +
                                       (figure.label.empty() ? "" : " (" + figure.label + ")") +
                                       ", a figure the policy's school rules read"});
    }
  }
  if (!missing.empty()) throw InputError(std::move(missing));

  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::string_view> fields;
  while (reader.next_row(fields)) {
    const int line = reader.line();
    auto reject = [&](std::string field, std::string message) {
      out.diagnostics.error(name, line, std::move(field), std::move(message));
      ++out.invalid_school_rows;
    };
    if (!reader.problem().empty()) {
      reject("", reader.problem());
      continue;
    }
    auto cell = [&](int column) {
      return column >= 0 && static_cast<std::size_t>(column) < fields.size()
                 ? detail::trim(fields[static_cast<std::size_t>(column)])
                 : std::string_view();
    };
    SchoolFigures school{
        std::string(cell(school_column)), std::string(cell(year_column)), {}, line};
    if (school.school.empty()) {
      reject("school", "no school");
      continue;
    }
    bool ok = true;
    for (std::size_t f = 0; f < subjects.figures.size() && ok; ++f) {
      const std::string_view text = cell(figure_columns[f]);
      Hundredths cents = 0;
      auto problem =
          text.empty() ? std::optional<std::string>("is empty") : parse_hundredths(text, cents);
      if (!problem && cents < 0) problem = "is negative";
      // A hundred billion yuan bounds the sums below far from overflow.
      if (!problem && cents > 10'000'000'000'000) problem = "is more than 100000000000.00";
      if (problem) {
        reject(subjects.figures[f].id, in_quotes(text) + " " + *problem +
                                           " (an amount in yuan, at most two decimals, no "
                                           "thousands separators)");
        ok = false;
      }
      school.cents.push_back(cents);
    }
    if (!ok) continue;
    if (!seen.emplace(school.school, school.year).second) {
      reject("school", "school " + in_quotes(school.school) +
                           (school.year.empty() ? "" : " in " + school.year) +
                           " is given twice; its figures are taken from the first row");
      continue;
    }
    out.schools.push_back(std::move(school));
  }
}

void school_rows(const Policy& policy, SubjectAudit& out) {
  const SubjectRules& subjects = subject_rules(policy);
  const Period& cycle = policy.calendar().cycle();
  for (const SchoolFigures& school : out.schools) {
    for (const ShareRule& rule : subjects.school_rules) {
      SubjectRow row;
      row.subject_kind = "school";
      row.subject_id = school.school;
      row.rule_id = rule.id;
      row.period = school.year.empty() ? cycle.label : school.year;
      row.period_start = from_day_number(cycle.first_day);
      row.period_end = from_day_number(cycle.last_day);
      if (!school.year.empty()) {
        const auto first = parse_date(school.year + "-01-01");
        const auto last = parse_date(school.year + "-12-31");
        if (first && last) {
          row.period_start = *first;
          row.period_end = *last;
        }
      }
      const std::int64_t required =
          share_of(school.cents[static_cast<std::size_t>(rule.of)], rule.min_percent);
      const std::int64_t credited = school.cents[static_cast<std::size_t>(rule.figure)];
      row.required = format_hundredths(required);
      row.credited = format_hundredths(credited);
      row.shortfall = format_hundredths(credited >= required ? 0 : required - credited);
      row.status = credited >= required ? Status::met : Status::short_;
      out.rows.push_back(std::move(row));
    }
  }
}

}  // namespace

SubjectAudit evaluate_subjects(const Policy& policy, const Ledger& teachers,
                               const SubjectInputs& given, const AuditOptions& options,
                               const InputLimits& limits) {
  const SubjectRules& subjects = subject_rules(policy);
  SubjectAudit out;
  out.diagnostics.keep_at_most(limits.kept_diagnostics);
  SubjectInputs inputs = given;
  if (!inputs.group_records && inputs.group_records_path) {
    inputs.group_records = detail::read_input_file(*inputs.group_records_path, limits.csv_bytes);
    inputs.group_records_name = inputs.group_records_path->string();
  }
  if (!inputs.schools && inputs.schools_path) {
    inputs.schools = detail::read_input_file(*inputs.schools_path, limits.csv_bytes);
    inputs.schools_name = inputs.schools_path->string();
  }
  if (subjects.group_rule_count() > 0) {
    if (!inputs.group_records) {
      input_error(inputs.group_records_name, 0, "",
                  "the policy has group rules; give the groups' records");
    }
    const GroupKinds kinds = collect_groups(policy, teachers);
    const auto texts = split_group_records(policy, kinds, inputs, limits, out);
    for (std::size_t k = 0; k < subjects.groups.size(); ++k) {
      LedgerBuilder builder(*subjects.group_policies[k], limits);
      const int file =
          builder.add_source(teachers.files().empty() ? "teachers.csv" : teachers.files().front());
      for (std::size_t g = 0; g < kinds.ids[k].size(); ++g) {
        TeacherRow row;
        row.id = kinds.ids[k][g];
        builder.add_teacher(row, {file, kinds.lines[k][g]});
      }
      builder.read_records_text(texts[k], inputs.group_records_name);
      const Ledger ledger = builder.build();
      // The records reader knows nothing of the routing above; its rows are the file's.
      for (const Diagnostic& d : ledger.diagnostics().items())
        out.diagnostics.add(d);
      Audit audit = evaluate(*subjects.group_policies[k], ledger, options);
      // Every row the records reader was given, its invalid ones included.
      for (std::size_t d = 0; d < out.group_record_counts.counts.size(); ++d)
        out.group_record_counts.counts[d] += audit.disposition_counts().counts[d];
      out.groups.push_back({&subjects.groups[k], std::move(audit), kinds.members[k]});
      group_rows(out.groups.back(), out);
    }
  }
  if (!subjects.school_rules.empty()) {
    if (!inputs.schools) {
      input_error(inputs.schools_name, 0, "", "the policy has school rules; give schools.csv");
    }
    read_schools(policy, inputs, limits, out);
    school_rows(policy, out);
  }
  out.diagnostics.sort([](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return out;
}

std::string subject_audit_csv(const SubjectAudit& audit) {
  std::string out =
      "subject_kind,subject_id,rule_id,period,period_start,period_end,required,credited,"
      "shortfall,status\n";
  for (const SubjectRow& row : audit.rows) {
    for (std::string_view key : {row.subject_kind, row.subject_id, row.rule_id, row.period}) {
      append_csv_field(out, key);
      out += ',';
    }
    out += to_iso(row.period_start) + "," + to_iso(row.period_end) + "," + row.required + "," +
           row.credited + "," + row.shortfall + "," + std::string(to_string(row.status)) + "\n";
  }
  return out;
}

std::optional<std::string> explain_group(const SubjectAudit& audit, std::string_view group,
                                         const AuditOptions& options) {
  for (const GroupAudit& kind : audit.groups) {
    const auto index = kind.audit.ledger().find_teacher(group);
    if (!index) continue;
    const GroupSubject& subject = *kind.subject;
    std::string text = explain(kind.audit.policy(), kind.audit.ledger(), *index, options).to_text();
    // The teacher explanation's first line names a teacher; this subject is a group.
    std::string who = "Group " + std::string(group) + " · " +
                      (subject.label.empty() ? subject.id : subject.label) + " (teachers whose " +
                      subject.by + " is " + std::string(group) + "):";
    for (const std::string& member : kind.members[static_cast<std::size_t>(*index)])
      who += " " + member;
    return who + text.substr(std::min(text.find('\n'), text.size()));
  }
  return std::nullopt;
}

std::optional<std::string> explain_school(const Policy& policy, const SubjectAudit& audit,
                                          std::string_view school) {
  const SubjectRules& subjects = subject_rules(policy);
  std::string text;
  for (const SchoolFigures& figures : audit.schools) {
    if (figures.school != school) continue;
    text += "School " + figures.school + (figures.year.empty() ? "" : " · year " + figures.year) +
            " (schools.csv line " + std::to_string(figures.line) + ")\n";
    for (std::size_t f = 0; f < subjects.figures.size(); ++f) {
      const SchoolFigure& figure = subjects.figures[f];
      text += "  " + figure.id + (figure.label.empty() ? "" : " " + figure.label) + ": " +
              format_hundredths(figures.cents[f]) + "\n";
    }
    for (const ShareRule& rule : subjects.school_rules) {
      const auto of = figures.cents[static_cast<std::size_t>(rule.of)];
      const auto have = figures.cents[static_cast<std::size_t>(rule.figure)];
      const auto need = share_of(of, rule.min_percent);
      text += "  " + rule.id + (rule.label.empty() ? "" : " " + rule.label) +
              (rule.source.empty() ? "" : " [" + rule.source + "]") + ": " +
              (have >= need ? "met" : "short") + " · " + subjects.figures[rule.figure].id + " " +
              format_hundredths(have) + " against " + format_hundredths(rule.min_percent) +
              " % of " + subjects.figures[rule.of].id + " " + format_hundredths(of) + " = " +
              format_hundredths(need) + " (rounded up to the cent)" +
              (have >= need ? "" : " · short by " + format_hundredths(need - have)) + "\n";
    }
  }
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace yanxiu
