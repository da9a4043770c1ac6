// The audit under a policy set (policy_set.hpp): each period judged by the version in force for
// it, each input row counted once.

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <yanxiu/set_audit.hpp>
#include <yanxiu/version.hpp>

#include "policy/json_reader.hpp"
#include "util/make.hpp"

namespace yanxiu {

namespace detail {

struct SetAuditData {
  SetAuditData(PolicySet s, AuditOptions o) : set(std::move(s)), options(std::move(o)) {
    options.progress = nullptr;  // the host's, for the call only
  }

  PolicySet set;
  AuditOptions options;
  std::vector<Audit> audits;  ///< per version
  std::vector<SetAuditRow> rows;
  DispositionCounts counts;
  Diagnostics diagnostics;
};

}  // namespace detail

using detail::in_quotes;

const PolicySet& SetAudit::policy_set() const {
  return data_->set;
}
const AuditOptions& SetAudit::options() const {
  return data_->options;
}
const Audit& SetAudit::audit(std::size_t version) const {
  return data_->audits.at(version);
}
std::span<const SetAuditRow> SetAudit::rows() const {
  return data_->rows;
}
const DispositionCounts& SetAudit::disposition_counts() const {
  return data_->counts;
}
const Diagnostics& SetAudit::diagnostics() const {
  return data_->diagnostics;
}

namespace {

// Each teacher's verdicts from the version in force for their period. Which version judges a
// period is worked out once per period of each version's calendar; teachers are matched by id,
// at the same position in every ledger when the versions read the same teacher rows.
void keep_judged_rows(detail::SetAuditData& data) {
  const std::size_t versions = data.audits.size();
  // judges[v][kind][period]: version v judges that period of its calendar.
  std::vector<std::array<std::vector<std::uint8_t>, period_kind_count>> judges(versions);
  for (std::size_t v = 0; v < versions; ++v) {
    const Calendar& calendar = data.audits[v].policy().calendar();
    for (int kind = 0; kind < period_kind_count; ++kind) {
      for (const Period& period : calendar.periods(static_cast<PeriodKind>(kind)))
        judges[v][static_cast<std::size_t>(kind)].push_back(
            data.set.judging(period, data.options.as_of) == v);
    }
  }
  auto keep = [&](std::size_t v, TeacherIndex teacher) {
    const Audit& audit = data.audits[v];
    const AuditColumns& columns = audit.columns();
    const auto& judged = judges[v];
    for (std::size_t i = audit.row_begin(teacher); i < audit.row_begin(teacher + 1); ++i) {
      if (judged[static_cast<std::size_t>(columns.period_kind[i])]
                [static_cast<std::size_t>(columns.period[i])])
        data.rows.push_back({static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(i)});
    }
  };
  data.rows.reserve(data.audits.front().size());
  const StringColumn& first = data.audits.front().ledger().teachers().id;
  for (std::size_t t = 0; t < first.size(); ++t) {
    const std::string_view id = first[t];
    for (std::size_t v = 0; v < versions; ++v) {
      const Ledger& ledger = data.audits[v].ledger();
      const StringColumn& ids = ledger.teachers().id;
      if (t < ids.size() && ids[t] == id) {
        keep(v, static_cast<TeacherIndex>(t));
      } else if (const auto teacher = ledger.find_teacher(id)) {
        keep(v, *teacher);
      }
    }
  }
  // Teachers a later version read but the first did not (a row it rejected).
  for (std::size_t v = 1; v < versions; ++v) {
    const StringColumn& ids = data.audits[v].ledger().teachers().id;
    for (std::size_t t = 0; t < ids.size(); ++t) {
      bool earlier = false;
      for (std::size_t u = 0; u < v && !earlier; ++u)
        earlier = data.audits[u].ledger().find_teacher(ids[t]).has_value();
      if (earlier) continue;
      for (std::size_t w = v; w < versions; ++w) {
        if (const auto teacher = data.audits[w].ledger().find_teacher(ids[t])) keep(w, *teacher);
      }
    }
  }
}

// The record read from each line of each input file, in every version's ledger. Records are
// matched across the versions' ledgers by file and line, since each version reads the same rows
// but may reject other ones.
class RecordLines {
 public:
  explicit RecordLines(std::span<const Ledger> ledgers) : at_(ledgers.size()) {
    for (std::size_t v = 0; v < ledgers.size(); ++v) {
      const Ledger& ledger = ledgers[v];
      std::vector<std::size_t> ids;
      for (const auto& name : ledger.files())
        ids.push_back(file_id(name));
      const RecordColumns& records = ledger.records();
      std::vector<std::size_t> lines(ledger.files().size());
      for (std::size_t r = 0; r < records.size(); ++r)
        lines[records.file[r]] = std::max(lines[records.file[r]], std::size_t(records.line[r]) + 1);
      at_[v].resize(file_ids_.size());
      for (std::size_t f = 0; f < ids.size(); ++f)
        at_[v][ids[f]].assign(lines[f], -1);
      for (std::size_t r = 0; r < records.size(); ++r)
        at_[v][ids[records.file[r]]][static_cast<std::size_t>(records.line[r])] =
            static_cast<RecordIndex>(r);
    }
  }

  /// A file's index by name; a name not seen before gets the next one.
  std::size_t file_id(const std::string& name) {
    return file_ids_.emplace(name, file_ids_.size()).first->second;
  }
  std::size_t files() const { return file_ids_.size(); }
  /// The lines of the file some version read a record from, and beyond.
  std::size_t lines(std::size_t file) const {
    std::size_t lines = 0;
    for (const auto& version : at_)
      if (file < version.size()) lines = std::max(lines, version[file].size());
    return lines;
  }
  /// The record of version v's ledger read from that line, or -1.
  RecordIndex record_at(std::size_t v, std::size_t file, std::size_t line) const {
    if (file >= at_[v].size() || line >= at_[v][file].size()) return -1;
    return at_[v][file][line];
  }

 private:
  std::map<std::string, std::size_t> file_ids_;
  std::vector<std::vector<std::vector<RecordIndex>>> at_;  ///< [version][file][line]
};

// The version that speaks for each line some version read ([file][line]; -1 for the others):
// the version in force on the record's date, the first version for a record dated before it.
// `count(v, record)` is called for each such line with that version's record, -1 where that
// version could not read the row. Returns the lines some version read.
template <typename Count>
std::int64_t judge_lines(const PolicySet& set, std::span<const Ledger> ledgers,
                         const RecordLines& lines, std::vector<std::vector<std::int16_t>>& judge,
                         Count count) {
  std::int64_t lines_read = 0;
  judge.assign(lines.files(), {});
  for (std::size_t file = 0; file < lines.files(); ++file) {
    judge[file].assign(lines.lines(file), -1);
    for (std::size_t line = 0; line < judge[file].size(); ++line) {
      std::size_t reader = ledgers.size();
      for (std::size_t v = 0; v < ledgers.size() && reader == ledgers.size(); ++v)
        if (lines.record_at(v, file, line) >= 0) reader = v;
      if (reader == ledgers.size()) continue;
      const DayNumber date = ledgers[reader].records().start_day[static_cast<std::size_t>(
          lines.record_at(reader, file, line))];
      const std::size_t v = set.in_force(date).value_or(0);
      count(v, lines.record_at(v, file, line));
      judge[file][line] = static_cast<std::int16_t>(v);
      ++lines_read;
    }
  }
  return lines_read;
}

// Diagnostics: a readable line's from its judge, with a warning where the judge rejects what
// other versions read and count; any other line's (teachers, rows no version read, whole-file
// findings) from the first version that has one there.
Diagnostics merge_diagnostics(const PolicySet& set, std::span<const Ledger> ledgers,
                              RecordLines& lines, std::vector<std::vector<std::int16_t>>& judge) {
  auto judge_of = [&](std::size_t file, int line) -> int {
    const auto l = static_cast<std::size_t>(line);
    return line < 0 || l >= judge[file].size() ? -1 : judge[file][l];
  };
  const auto all = set.versions();
  std::map<std::pair<std::size_t, int>, std::size_t> first_speaker;
  std::vector<std::pair<std::pair<std::size_t, int>, Diagnostic>> kept;
  for (std::size_t v = 0; v < ledgers.size(); ++v) {
    const std::string* last_file = nullptr;
    std::size_t last_id = 0;
    for (const Diagnostic& d : ledgers[v].diagnostics().items()) {
      // Diagnostics come a file at a time: its id is looked up once.
      if (!last_file || *last_file != d.file) {
        last_file = &d.file;
        last_id = lines.file_id(d.file);
        if (last_id >= judge.size()) judge.resize(last_id + 1);
      }
      const auto key = std::pair{last_id, d.line};
      const int line_judge = judge_of(key.first, d.line);
      if (line_judge >= 0 ? static_cast<std::size_t>(line_judge) != v
                          : first_speaker.emplace(key, v).first->second != v)
        continue;
      kept.emplace_back(key, d);
      if (line_judge < 0 || d.severity != Severity::error) continue;
      std::vector<std::string> readers;
      for (std::size_t r = 0; r < ledgers.size(); ++r) {
        if (lines.record_at(r, key.first, static_cast<std::size_t>(d.line)) >= 0)
          readers.push_back(all[r].policy.id());
      }
      std::string names;
      for (const auto& name : readers)
        names += (names.empty() ? "" : ", ") + name;
      const bool one = readers.size() == 1;
      kept.emplace_back(
          key, Diagnostic{Severity::warning, d.file, d.line, d.path,
                          names + (one ? " reads" : " read") + " the row and " +
                              (one ? "counts it in its" : "count it in their") + " verdicts"});
    }
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Diagnostics diagnostics;
  for (auto& entry : kept)
    diagnostics.add(std::move(entry.second));
  return diagnostics;
}

// A record's disposition comes from the version in force on its date (the first version for a
// record dated before it, or unreadable in every version); a row that version could not read
// is invalid, with that version's message. `dispositions(v, record)` is the disposition version
// v gave a record it read; without it, every row read is counted `credited`, the rows none could
// read `invalid` (the intake alone, as settle_intake reports it).
template <typename Dispositions>
void settle_records(const PolicySet& set, std::span<const Ledger> ledgers,
                    Dispositions dispositions, DispositionCounts& counts,
                    Diagnostics& diagnostics) {
  RecordLines lines(ledgers);
  std::vector<std::vector<std::int16_t>> judge;
  const std::int64_t lines_read =
      judge_lines(set, ledgers, lines, judge, [&](std::size_t v, RecordIndex record) {
        ++counts[record < 0 ? Disposition::invalid : dispositions(v, record)];
      });
  // Rows no version could read.
  counts[Disposition::invalid] += ledgers.front().intake_counts().total() - lines_read;
  diagnostics = merge_diagnostics(set, ledgers, lines, judge);
}

std::vector<Ledger> ledgers_of(const detail::SetAuditData& data) {
  std::vector<Ledger> ledgers;
  for (const Audit& audit : data.audits)
    ledgers.push_back(audit.ledger());
  return ledgers;
}

void settle_records(detail::SetAuditData& data) {
  // One version speaks for every row: its counts and words as they are, as its plain audit
  // gives them (merging would also drop the count of warnings past those kept).
  if (data.audits.size() == 1) {
    data.counts = data.audits.front().disposition_counts();
    data.diagnostics = data.audits.front().ledger().diagnostics();
    return;
  }
  settle_records(
      data.set, ledgers_of(data),
      [&](std::size_t v, RecordIndex record) {
        return data.audits[v].dispositions()[static_cast<std::size_t>(record)];
      },
      data.counts, data.diagnostics);
}

// Throws std::invalid_argument unless ledgers[v] was read with version v's policy, for each v.
void check_ledgers(const PolicySet& set, std::span<const Ledger> ledgers) {
  const auto versions = set.versions();
  if (ledgers.size() != versions.size()) {
    throw std::invalid_argument("a policy set of " + std::to_string(versions.size()) +
                                " versions needs as many ledgers, not " +
                                std::to_string(ledgers.size()));
  }
  for (std::size_t v = 0; v < versions.size(); ++v) {
    if (ledgers[v].policy().digest() != versions[v].policy.digest()) {
      throw std::invalid_argument("ledger " + std::to_string(v) + " was read with policy " +
                                  in_quotes(ledgers[v].policy().id()) + ", not with version " +
                                  std::to_string(v) + ", " + in_quotes(versions[v].policy.id()));
    }
  }
}

}  // namespace

SetAudit evaluate(const PolicySet& set, std::span<const Ledger> ledgers,
                  const AuditOptions& options) {
  check_ledgers(set, ledgers);
  const auto versions = set.versions();
  auto data = std::make_shared<detail::SetAuditData>(set, options);
  for (std::size_t v = 0; v < versions.size(); ++v)
    data->audits.push_back(evaluate(versions[v].policy, ledgers[v], options));
  keep_judged_rows(*data);
  settle_records(*data);
  return detail::Make::from<SetAudit>(std::move(data));
}

SetAudit evaluate(const PolicySet& set, const LedgerReader& read, const AuditOptions& options) {
  std::vector<Ledger> ledgers;
  for (const PolicyVersion& version : set.versions())
    ledgers.push_back(read(version.policy));
  return evaluate(set, ledgers, options);
}

SetAudit evaluate(const PolicySet& set, const std::filesystem::path& teachers,
                  const std::filesystem::path& records, const AuditOptions& options) {
  return evaluate(
      set, [&](const Policy& policy) { return read_ledger(policy, teachers, records); }, options);
}

std::vector<Explanation> explain(const PolicySet& set, std::span<const Ledger> ledgers,
                                 std::string_view teacher_id, const AuditOptions& options) {
  check_ledgers(set, ledgers);
  std::vector<Explanation> explanations;
  const auto versions = set.versions();
  for (std::size_t v = 0; v < versions.size(); ++v) {
    const Ledger& ledger = ledgers[v];
    const auto teacher = ledger.find_teacher(teacher_id);
    if (!teacher) continue;
    const Policy& policy = versions[v].policy;
    Explanation explanation = explain(policy, ledger, *teacher, options);
    std::erase_if(explanation.verdicts, [&](const Verdict& verdict) {
      const Period& period = policy.calendar().periods(
          verdict.row.period_kind)[static_cast<std::size_t>(verdict.row.period)];
      return set.judging(period, options.as_of) != v;
    });
    // A single policy explains every teacher it has, as explain of its audit does.
    if (!explanation.verdicts.empty() || set.is_single_policy())
      explanations.push_back(std::move(explanation));
  }
  return explanations;
}

std::vector<Explanation> explain(const SetAudit& audit, std::string_view teacher_id) {
  std::vector<Ledger> ledgers;
  for (std::size_t v = 0; v < audit.policy_set().versions().size(); ++v)
    ledgers.push_back(audit.audit(v).ledger());
  return explain(audit.policy_set(), ledgers, teacher_id, audit.options());
}

SetIntake settle_intake(const PolicySet& set, std::span<const Ledger> ledgers) {
  check_ledgers(set, ledgers);
  SetIntake intake;
  if (ledgers.size() == 1) {
    intake.record_rows = ledgers.front().intake_counts().total();
    intake.invalid_records = ledgers.front().intake_counts()[Disposition::invalid];
    intake.diagnostics = ledgers.front().diagnostics();
    return intake;
  }
  DispositionCounts counts;
  settle_records(
      set, ledgers, [](std::size_t, RecordIndex) { return Disposition::credited; }, counts,
      intake.diagnostics);
  intake.record_rows = counts.total();
  intake.invalid_records = counts[Disposition::invalid];
  return intake;
}

std::vector<std::string> decision_record_lines(const SetAudit& audit) {
  const PolicySet& set = audit.policy_set();
  if (set.is_single_policy()) return {decision_record(audit.audit(0)).to_string()};
  const auto& as_of = audit.options().as_of;
  std::vector<std::string> lines{"yanxiu-audit/1 engine " + std::string(version_string) +
                                 " policy-set " + set.id() + " sha256 " + set.digest() + " as_of " +
                                 (as_of ? to_iso(*as_of) : std::string("-")) + " basis " +
                                 std::string(to_string(audit.options().basis))};
  for (const PolicyVersion& version : set.versions()) {
    lines.push_back("version " + version.policy.id() + " sha256 " + version.policy.digest() +
                    " effective " + to_iso(version.effective));
  }
  return lines;
}

}  // namespace yanxiu
