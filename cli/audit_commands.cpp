// The commands that judge a county's records: audit, explain, plan and diff.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

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

/// Writes the table (and its record beside it) through temporary files, then renames both into
/// place: a reader never finds a new record beside an old table or a cut one.
/// `beside`, written already (the decisions table), is renamed into place with them.
template <typename AnyAudit>
void write_audit(const Arguments& args, const AuditOutput& output, const AnyAudit& audit,
                 const std::vector<std::string>& record_lines,
                 std::unique_ptr<OutputFile> beside = nullptr) {
  const auto table = open_output(args, output.out, output.csv);
  std::ostream& out = table->stream();
  if (output.inline_record) {
    for (const auto& line : record_lines)
      out << "# " << line << '\n';
  }
  if constexpr (std::is_same_v<AnyAudit, SetAudit>) {
    output.csv ? write_set_audit_csv(out, audit) : write_set_audit_json(out, audit);
  } else {
    output.csv ? write_audit_csv(out, audit) : write_audit_json(out, audit);
  }
  std::unique_ptr<OutputFile> record;
  if (output.sidecar) {
    record = std::make_unique<OutputFile>(*output.sidecar);
    write_audit_record_json(record->stream(), audit, fs::path(output.out).filename().string());
  }
  table->commit();
  if (record) record->commit();
  if (beside) beside->commit();
}

// `--decisions F`: the named decisions of the policy, a row per teacher and decision, written
// but not yet renamed into place; none without the option.
std::unique_ptr<OutputFile> decisions_output(const Arguments& args, const Audit& audit) {
  const auto path = args.get("decisions");
  if (!path) return nullptr;
  auto file = open_output(args, *path, true);
  write_decisions_csv(file->stream(), audit, decide(audit));
  return file;
}

}  // namespace

int run_audit(const Arguments& args) {
  const AuditOutput output = audit_output(args);
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));
  options.basis = basis_option(args);
  if (is_policy_set_file(args.required("policy"))) {
    if (args.get("decisions"))
      throw UsageError{"--decisions takes a policy file, not a policy set"};
    const SetAudit audit = evaluate_set(args, options);
    const bool refused =
        too_many_rejected(args, audit.audit(0).ledger(), audit.disposition_counts());
    print_diagnostics(audit.diagnostics(), max_warnings(args));
    if (!refused) write_audit(args, output, audit, decision_record_lines(audit));
    std::cerr << summary_line(audit.disposition_counts()) << '\n';
    return refused ? refused_status() : rejected_status(audit);
  }
  const Loaded in = load_inputs(args);
  const bool refused = too_many_rejected(args, in.ledger);
  print_diagnostics(in.ledger.diagnostics(), max_warnings(args));
  if (args.get("decisions") && in.policy.decisions().empty())
    throw UsageError{"--decisions: the policy " + in.policy.id() + " declares no decisions"};
  const Audit audit = evaluate(in.policy, in.ledger, options);
  if (!refused)
    write_audit(args, output, audit, {decision_record(audit).to_string()},
                decisions_output(args, audit));
  std::cerr << summary_line(audit.disposition_counts()) << '\n';
  return refused ? refused_status() : rejected_status(in.ledger);
}

int run_explain(const Arguments& args) {
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  const std::string teacher_id = args.required("teacher");
  if (is_policy_set_file(args.required("policy"))) {
    const SetAudit audit = evaluate_set(args, options);
    const bool refused =
        too_many_rejected(args, audit.audit(0).ledger(), audit.disposition_counts());
    print_diagnostics(audit.diagnostics(), max_warnings(args));
    if (refused) return refused_status();
    const auto explanations = explain(audit, teacher_id);
    if (explanations.empty()) {
      std::cerr << "yanxiu: no teacher \"" << teacher_id << "\" judged by "
                << args.required("policy") << '\n';
      return exit_usage;
    }
    for (const Explanation& explanation : explanations) {
      const auto version = std::find_if(
          audit.policy_set().versions().begin(), audit.policy_set().versions().end(),
          [&](const PolicyVersion& v) { return v.policy.id() == explanation.policy.id(); });
      std::cout << "Under " << explanation.policy.id() << ", in force from "
                << to_iso(version->effective) << "\n"
                << explanation.to_text() << '\n';
    }
    return rejected_status(audit);
  }
  const Loaded in = load_inputs(args);
  const bool refused = too_many_rejected(args, in.ledger);
  print_diagnostics(in.ledger.diagnostics(), max_warnings(args));
  if (refused) return refused_status();
  const auto teacher = in.ledger.find_teacher(teacher_id);
  if (!teacher) {
    std::cerr << "yanxiu: no teacher \"" << teacher_id << "\" in " << args.required("teachers")
              << '\n';
    return exit_usage;
  }
  std::cout << explain(in.policy, in.ledger, *teacher, options).to_text();
  if (!in.policy.decisions().empty()) {
    std::cout << "\nDecisions\n";
    const Audit audit = evaluate(in.policy, teacher_with_records(in.ledger, *teacher, {}), options);
    for (const DecisionVerdict& verdict : decide(audit, 0)) {
      std::istringstream lines(explain_decision(audit, verdict));
      for (std::string line; std::getline(lines, line);)
        std::cout << "  " << line << '\n';
    }
  }
  if (const GapPlan plan = plan_gaps(in.policy, in.ledger, *teacher, options);
      !plan.steps.empty() || !plan.closes_every_gap()) {
    std::cout << "\nWhat closes the gap\n";
    std::istringstream lines(plan.to_text(in.policy));
    for (std::string line; std::getline(lines, line);)
      std::cout << "  " << line << '\n';
  }
  return rejected_status(in.ledger);
}

// The county's missing hours by month and category, from every short teacher's gap plan.
int run_plan(const Arguments& args) {
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));
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
