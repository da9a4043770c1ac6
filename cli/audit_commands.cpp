// The commands that judge a county's records: audit, explain, plan and diff.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include <yanxiu/audit_batches.hpp>

#include "cli.hpp"

namespace yanxiu::cli {

namespace fs = std::filesystem;

namespace {

struct AuditOutput {
  bool csv = true;
  bool inline_record = false;          ///< the decision record as # lines heading the CSV
  std::string out;                     ///< "-": standard output
  std::optional<std::string> sidecar;  ///< OUT.meta.json
};

AuditOutput audit_output(const Arguments& args) {
  const auto format = args.get("format").value_or("csv");
  if (format != "csv" && format != "json") throw UsageError{"--format is csv or json"};
  const auto record = args.get("record").value_or("sidecar");
  if (record != "sidecar" && record != "inline") throw UsageError{"--record is sidecar or inline"};
  AuditOutput output;
  output.csv = format == "csv";
  output.inline_record = output.csv && record == "inline";
  output.out = args.get("out").value_or("-");
  // A record beside a file only: not beside standard output, /dev/null or a pipe.
  std::error_code ignored;
  const bool device = fs::exists(output.out, ignored) && !fs::is_regular_file(output.out, ignored);
  if (output.csv && !output.inline_record && output.out != "-" && !device)
    output.sidecar = output.out + ".meta.json";
  return output;
}

// The progress of writing the table: none between its rows when it goes to the terminal.
Progress table_progress(const Arguments& args, const AuditOutput& output) {
  return output.out == "-" && isatty(STDOUT_FILENO) ? Progress() : progress_sink(args);
}

/// Writes the table (and its record beside it) through temporary files, then renames both into
/// place: a reader never finds a new record beside an old table or a cut one. A single policy's
/// is written as its plain audit (report.hpp). `beside`, written already (the decisions table),
/// is renamed into place with them.
void write_audit(const Arguments& args, const AuditOutput& output, const SetAudit& audit,
                 std::unique_ptr<OutputFile> beside) {
  const auto table = open_output(args, output.out, output.csv);
  std::ostream& out = table->stream();
  if (output.inline_record) {
    for (const auto& line : decision_record_lines(audit))
      out << "# " << line << '\n';
  }
  const Progress progress = table_progress(args, output);
  output.csv ? write_set_audit_csv(out, audit, progress)
             : write_set_audit_json(out, audit, progress);
  std::unique_ptr<OutputFile> record;
  if (output.sidecar) {
    record = std::make_unique<OutputFile>(*output.sidecar);
    write_audit_record_json(record->stream(), audit, fs::path(output.out).filename().string());
  }
  table->commit();
  if (record) record->commit();
  if (beside) beside->commit();
}

// `--decisions F`: the named decisions of a single policy, a row per teacher and decision,
// written but not yet renamed into place; none without the option.
std::unique_ptr<OutputFile> decisions_output(const Arguments& args, const SetAudit& audit) {
  const auto path = args.get("decisions");
  if (!path) return nullptr;
  if (!audit.policy_set().is_single_policy())
    throw UsageError{"--decisions takes a policy file, not a policy set"};
  const Audit& single = audit.audit(0);
  if (single.policy().decisions().empty())
    throw UsageError{"--decisions: the policy " + single.policy().id() + " declares no decisions"};
  auto file = open_output(args, *path, true);
  write_decisions_csv(file->stream(), single, decide(single));
  return file;
}

// Teachers judged and written at a time by stream_audit: a few megabytes of verdicts.
constexpr TeacherIndex stream_batch = 8192;

// A single policy's CSV table, judged and written a batch of teachers at a time into the same
// columns: the verdicts of the whole county are never held. Still whole or not at all: the
// table goes to a temporary renamed into place once the last batch is written.
int stream_audit(const Arguments& args, const AuditOutput& output, const Policy& policy,
                 const AuditOptions& options) {
  const Ledger ledger = read_county(args, policy);
  // Only intake rejects a row: the counts that decide are known before judging.
  const bool refused = too_many_rejected(args, ledger);
  print_diagnostics(ledger.diagnostics(), max_warnings(args));
  std::unique_ptr<OutputFile> table;
  if (!refused) {
    table = open_output(args, output.out, true);
    if (output.inline_record)
      table->stream() << "# " << decision_record(policy, options).to_string() << '\n';
    write_audit_csv_header(table->stream(), policy);
  }
  std::vector<Disposition> dispositions(ledger.records().size());
  AuditColumns rows;
  std::size_t row_count = 0;
  const auto teachers = static_cast<TeacherIndex>(ledger.teachers().size());
  // One phase over the county, the teachers judged and written, rather than a judging and a
  // writing phase for each batch.
  const Progress progress = table_progress(args, output);
  AuditOptions batch_options = options;
  batch_options.progress = {};
  const auto total = static_cast<std::uint64_t>(teachers);
  if (progress && teachers > 0) progress({Phase::judging, 0, total});
  for (TeacherIndex first = 0; first < teachers; first += stream_batch) {
    const TeacherIndex last = std::min(teachers, first + stream_batch);
    evaluate_teachers(policy, ledger, batch_options, first, last, rows, dispositions);
    row_count += rows.size();
    if (table) write_audit_csv_rows(table->stream(), policy, ledger, rows, options.threads);
    if (progress) progress({Phase::judging, static_cast<std::uint64_t>(last), total});
  }
  const DispositionCounts counts = count_dispositions(ledger, dispositions);
  if (table) {
    std::unique_ptr<OutputFile> record;
    if (output.sidecar) {
      record = std::make_unique<OutputFile>(*output.sidecar);
      write_audit_record_json(record->stream(), policy, options, counts,
                              fs::path(output.out).filename().string(), row_count);
    }
    table->commit();
    if (record) record->commit();
  }
  std::cerr << summary_line(counts) << '\n';
  return refused ? refused_status() : rejected_status(ledger);
}

}  // namespace

// A single policy and a policy set take the same path (a policy is a set of one version), but
// a single policy's CSV table without --decisions is streamed (stream_audit).
int run_audit(const Arguments& args) {
  const AuditOutput output = audit_output(args);
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));
  options.basis = basis_option(args);
  options.progress = progress_sink(args);
  const PolicySet set = load_set(args.required("policy"));
  if (set.is_single_policy() && output.csv && !args.get("decisions"))
    return stream_audit(args, output, set.versions().front().policy, options);
  const SetAudit audit = evaluate_set(args, set, options);
  const bool refused = too_many_rejected(args, audit.audit(0).ledger(), audit.disposition_counts());
  print_diagnostics(audit.diagnostics(), max_warnings(args));
  if (!refused) write_audit(args, output, audit, decisions_output(args, audit));
  std::cerr << summary_line(audit.disposition_counts()) << '\n';
  return refused ? refused_status() : rejected_status(audit);
}

// One teacher is judged, not the county: the inputs are read and their rows accounted for as
// the audit does, then the teacher's rows alone are evaluated.
int run_explain(const Arguments& args) {
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  const auto format = args.get("format").value_or("text");
  if (format != "text" && format != "json") throw UsageError{"--format is text or json"};
  const bool json = format == "json";
  const auto language = parse_language(args.get("lang").value_or("en"));
  if (!language) throw UsageError{"--lang is en or zh-CN"};
  const std::string teacher_id = args.required("teacher");
  options.progress = progress_sink(args);
  const PolicySet set = load_set(args.required("policy"));
  const std::vector<Ledger> ledgers = read_set_ledgers(args, set);
  const SetIntake intake = settle_intake(set, ledgers);
  const bool refused =
      too_many_rejected(args, ledgers.front(), intake.invalid_records, intake.record_rows);
  print_diagnostics(intake.diagnostics, max_warnings(args));
  if (refused) return refused_status();
  const auto explanations = explain(set, ledgers, teacher_id, options);
  if (explanations.empty()) {
    std::cerr << "yanxiu: no teacher \"" << teacher_id << "\" "
              << (set.is_single_policy() ? "in " + args.required("teachers")
                                         : "judged by " + args.required("policy"))
              << '\n';
    return exit_usage;
  }
  if (set.is_single_policy()) {
    std::cout << (json ? explanation_json(explanations.front(), *language)
                       : explanation_report(explanations.front(), *language));
  } else {
    std::cout << (json ? set_explanation_json(set, explanations, *language)
                       : set_explanation_text(set, explanations, *language));
  }
  return intake.invalid_records > 0 || ledgers.front().invalid_teacher_rows() > 0
             ? exit_rejected_rows
             : exit_ok;
}

// The county's missing hours by month and category, from every short teacher's gap plan.
int run_plan(const Arguments& args) {
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));
  options.progress = progress_sink(args);
  const Loaded in = load_inputs(args);
  const bool refused = too_many_rejected(args, in.ledger);
  print_diagnostics(in.ledger.diagnostics(), max_warnings(args));
  if (refused) return refused_status();
  const Audit audit = evaluate(in.policy, in.ledger, options);
  const CountyGap gap = plan_county_gaps(audit);
  const auto out = open_output(args, true);
  write_county_gap_csv(out->stream(), in.policy, gap);
  out->commit();
  std::cerr << "plan: " << gap.teachers_short << " teachers short, " << gap.teachers_unclosable
            << " with a verdict no added record closes\n"
            << summary_line(audit.disposition_counts()) << '\n';
  return rejected_status(in.ledger);
}

// The ledgers are read once per policy: the two may differ in categories, attributes or
// calendar, which shape what a row means.
int run_diff(const Arguments& args) {
  const auto policies = args.all("policy");
  if (policies.size() != 2) throw UsageError{"diff needs two policies: --policy A --policy B"};
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  options.progress = progress_sink(args);
  const Loaded before = load_inputs(args, policies[0]);
  const bool refused = too_many_rejected(args, before.ledger);
  print_diagnostics(before.ledger.diagnostics(), max_warnings(args));
  if (refused) return refused_status();
  const Loaded after = load_inputs(args, policies[1]);
  const Audit audit_before = evaluate(before.policy, before.ledger, options);
  const Impact impact = compare_audits(audit_before, evaluate(after.policy, after.ledger, options),
                                       args.get("by").value_or("school"));
  std::cout << "yanxiu diff: " << before.policy.id() << " (" << policies[0] << ") -> "
            << after.policy.id() << " (" << policies[1] << ")\n"
            << impact_to_text(impact, static_cast<std::size_t>(
                                          args.number("max-flips", 50, 0, 1'000'000'000)));
  if (auto out = args.get("out")) {
    create_output_directory(*out);
    // All three complete before any is renamed into place.
    std::vector<std::unique_ptr<OutputFile>> files;
    const auto write = [&](const char* name, void (*writer)(std::ostream&, const Impact&)) {
      files.push_back(open_output(args, (fs::path(*out) / name).string(), true));
      writer(files.back()->stream(), impact);
    };
    write("rules.csv", write_impact_rules_csv);
    write("groups.csv", write_impact_groups_csv);
    write("flips.csv", write_impact_flips_csv);
    for (const auto& file : files)
      file->commit();
  }
  std::cerr << summary_line(audit_before.disposition_counts()) << '\n';
  return rejected_status(before.ledger);
}

}  // namespace yanxiu::cli
