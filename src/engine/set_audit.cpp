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

// A record's disposition comes from the version in force on its date (the first version for a
// record dated before it, or unreadable in every version); a row that version could not read
// is invalid, with that version's message. Records are matched across the versions' ledgers by
// file and line, since each version reads the same rows but may reject other ones.
void settle_records(detail::SetAuditData& data) {
  const std::size_t versions = data.audits.size();
  // One version speaks for every row: its counts and words as they are, as its plain audit
  // gives them (merging below would also drop the count of warnings past those kept).
  if (versions == 1) {
    data.counts = data.audits.front().disposition_counts();
    data.diagnostics = data.audits.front().ledger().diagnostics();
    return;
  }
  std::map<std::string, std::size_t> file_ids;
  auto file_id = [&](const std::string& name) {
    return file_ids.emplace(name, file_ids.size()).first->second;
  };
  // at[v][file][line]: the record of version v's ledger read from that line, or -1.
  std::vector<std::vector<std::vector<RecordIndex>>> at(versions);
  for (std::size_t v = 0; v < versions; ++v) {
    const Ledger& ledger = data.audits[v].ledger();
    std::vector<std::size_t> ids;
    for (const auto& name : ledger.files())
      ids.push_back(file_id(name));
    const RecordColumns& records = ledger.records();
    std::vector<std::size_t> lines(ledger.files().size());
    for (std::size_t r = 0; r < records.size(); ++r)
      lines[records.file[r]] = std::max(lines[records.file[r]], std::size_t(records.line[r]) + 1);
    at[v].resize(file_ids.size());
    for (std::size_t f = 0; f < ids.size(); ++f)
      at[v][ids[f]].assign(lines[f], -1);
    for (std::size_t r = 0; r < records.size(); ++r)
      at[v][ids[records.file[r]]][static_cast<std::size_t>(records.line[r])] =
          static_cast<RecordIndex>(r);
  }
  auto record_at = [&](std::size_t v, std::size_t file, std::size_t line) -> RecordIndex {
    if (file >= at[v].size() || line >= at[v][file].size()) return -1;
    return at[v][file][line];
  };

  // judge[file][line]: the version that speaks for a line some version read; -1 for the others.
  std::vector<std::vector<std::int16_t>> judge(file_ids.size());
  std::int64_t lines_read = 0;
  for (std::size_t file = 0; file < file_ids.size(); ++file) {
    std::size_t lines = 0;
    for (std::size_t v = 0; v < versions; ++v)
      if (file < at[v].size()) lines = std::max(lines, at[v][file].size());
    judge[file].assign(lines, -1);
    for (std::size_t line = 0; line < lines; ++line) {
      std::size_t reader = versions;
      for (std::size_t v = 0; v < versions && reader == versions; ++v)
        if (record_at(v, file, line) >= 0) reader = v;
      if (reader == versions) continue;
      const DayNumber date =
          data.audits[reader].ledger().records().start_day[static_cast<std::size_t>(
              record_at(reader, file, line))];
      const std::size_t v = data.set.in_force(date).value_or(0);
      const RecordIndex record = record_at(v, file, line);
      ++data.counts[record < 0 ? Disposition::invalid
                               : data.audits[v].dispositions()[static_cast<std::size_t>(record)]];
      judge[file][line] = static_cast<std::int16_t>(v);
      ++lines_read;
    }
  }
  // Rows no version could read.
  data.counts[Disposition::invalid] +=
      data.audits.front().disposition_counts().total() - lines_read;

  // Diagnostics: a readable line's from its judge, with a warning where the judge rejects what
  // other versions read and count; any other line's (teachers, rows no version read, whole-file
  // findings) from the first version that has one there.
  auto judge_of = [&](std::size_t file, int line) -> int {
    const auto l = static_cast<std::size_t>(line);
    return line < 0 || l >= judge[file].size() ? -1 : judge[file][l];
  };
  const auto all = data.set.versions();
  std::map<std::pair<std::size_t, int>, std::size_t> first_speaker;
  std::vector<std::pair<std::pair<std::size_t, int>, Diagnostic>> kept;
  for (std::size_t v = 0; v < versions; ++v) {
    const std::string* last_file = nullptr;
    std::size_t last_id = 0;
    for (const Diagnostic& d : data.audits[v].ledger().diagnostics().items()) {
      // Diagnostics come a file at a time: its id is looked up once.
      if (!last_file || *last_file != d.file) {
        last_file = &d.file;
        last_id = file_id(d.file);
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
      for (std::size_t r = 0; r < versions; ++r) {
        if (record_at(r, key.first, static_cast<std::size_t>(d.line)) >= 0)
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
  for (auto& entry : kept)
    data.diagnostics.add(std::move(entry.second));
}

}  // namespace

SetAudit evaluate(const PolicySet& set, std::span<const Ledger> ledgers,
                  const AuditOptions& options) {
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

std::vector<Explanation> explain(const SetAudit& audit, std::string_view teacher_id) {
  std::vector<Explanation> explanations;
  const PolicySet& set = audit.policy_set();
  for (std::size_t v = 0; v < set.versions().size(); ++v) {
    const Audit& version_audit = audit.audit(v);
    const auto teacher = version_audit.ledger().find_teacher(teacher_id);
    if (!teacher) continue;
    Explanation explanation =
        explain(version_audit.policy(), version_audit.ledger(), *teacher, audit.options());
    std::erase_if(explanation.verdicts, [&](const Verdict& verdict) {
      return set.judging(version_audit.period(verdict.row), audit.options().as_of) != v;
    });
    // A single policy explains every teacher it has, as explain of its audit does.
    if (!explanation.verdicts.empty() || set.is_single_policy())
      explanations.push_back(std::move(explanation));
  }
  return explanations;
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
