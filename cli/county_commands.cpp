// The commands about a county's teachers beyond the audit: tiers, groups, and the demo.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli.hpp"

namespace yanxiu::cli {

extern const char demo_policy_json[];

namespace fs = std::filesystem;

namespace {

std::string with_commas(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "-";
  // Tenths of a percent, rounded half up, in integers.
  const std::int64_t tenths = (part * 2000 + whole) / (2 * whole);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

int run_groups_assign(const Arguments& args, const Loaded& in, OutputFile& out) {
  std::vector<Membership> current;
  Diagnostics current_diagnostics;
  const auto assignment_file = args.get("assignment");
  if (assignment_file)
    current = read_memberships(args.required("assignment"), current_diagnostics,
                               input_limits(args).csv_encoding);
  print_diagnostics(current_diagnostics, max_warnings(args));
  const GroupAssignment assignment =
      assign_groups(in.policy, in.ledger, current, assignment_file.value_or("assignment"));
  print_diagnostics(assignment.diagnostics, max_warnings(args));
  write_assignment_csv(out.stream(), in.policy, in.ledger, assignment);
  std::unique_ptr<OutputFile> unplaced;
  if (auto unplaced_file = args.get("unplaced")) {
    unplaced = open_output(args, *unplaced_file, true);
    write_unplaced_csv(unplaced->stream(), in.policy, in.ledger, assignment);
  }
  out.commit();
  if (unplaced) unplaced->commit();
  for (const auto& shortfall : assignment.shortfalls) {
    const GroupKind& kind = in.policy.group_kinds()[static_cast<std::size_t>(shortfall.kind)];
    std::cerr << kind.id << " " << shortfall.pool << ": " << shortfall.teachers << " teachers, "
              << shortfall.placed << " placed; " << shortfall.missing_seats << " seats missing, "
              << shortfall.groups_needed << " more groups"
              << (kind.capacity ? " of " + std::to_string(*kind.capacity) : std::string()) << '\n';
  }
  std::int64_t reasons[4] = {};
  for (const auto& unplaced_teacher : assignment.unplaced)
    ++reasons[static_cast<int>(unplaced_teacher.reason)];
  std::cerr << "groups: " << assignment.placements.size() << " placed, "
            << assignment.unplaced.size() << " unplaced (" << reasons[3] << " over capacity, "
            << reasons[2] << " no group, " << reasons[1] << " missing value, " << reasons[0]
            << " no kind)\n";
  return current_diagnostics.has_errors() ? exit_rejected_rows : rejected_status(in.ledger);
}

}  // namespace

int run_tiers(const Arguments& args) {
  TierOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  const auto teacher_id = args.get("teacher");
  const auto view = args.get("view").value_or("table");
  if (view != "table" && view != "county") throw UsageError{"--view is table or county"};
  const bool county = view == "county";
  if (teacher_id && county) throw UsageError{"give --teacher or --view county, not both"};
  const Loaded in = load_inputs(args);
  if (in.policy.ladders().empty()) {
    print_diagnostics(in.ledger.diagnostics(), max_warnings(args));
    std::cerr << "yanxiu: the policy " << in.policy.id() << " declares no tier ladders\n";
    return exit_usage;
  }
  const bool refused = too_many_rejected(args, in.ledger);
  print_diagnostics(in.ledger.diagnostics(), max_warnings(args));
  if (refused) return refused_status();
  std::optional<TeacherIndex> teacher;
  if (teacher_id) {
    teacher = in.ledger.find_teacher(*teacher_id);
    if (!teacher) {
      std::cerr << "yanxiu: no teacher \"" << *teacher_id << "\" in " << args.required("teachers")
                << '\n';
      return exit_usage;
    }
  }
  const TierResult result = evaluate_tiers(in.policy, in.ledger, options);
  const auto out = open_output(args, !teacher && !county);
  if (teacher)
    out->stream() << result.explain(*teacher);
  else if (county)
    write_tier_county(out->stream(), result);
  else
    write_tier_csv(out->stream(), result);
  out->commit();
  return rejected_status(in.ledger);
}

int run_groups(const Arguments& args) {
  if (args.positional().empty()) throw UsageError{"groups needs assign, audit or assess"};
  const std::string action = args.positional().front();
  if (action != "assign" && action != "audit" && action != "assess") {
    const auto close = closest_match(action, {"assign", "audit", "assess"});
    throw UsageError{"unknown groups action \"" + action + "\"" +
                     (close.empty() ? "" : "; did you mean \"" + std::string(close) + "\"?")};
  }
  if (action != "assign" && !args.get("assignment"))
    throw UsageError{"groups " + action + " needs --assignment"};
  if (action == "assess" && !args.get("records")) throw UsageError{"groups assess needs --records"};
  Policy policy = load_one_policy(args.required("policy"));
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  if (policy.group_kinds().empty()) throw UsageError{"the policy declares no \"groups\""};
  LedgerBuilder builder(policy, input_limits(args));
  builder.read_teachers(args.required("teachers"));
  if (args.get("records")) builder.read_records(args.required("records"));
  const Loaded in{policy, builder.build()};
  const bool refused = too_many_rejected(args, in.ledger);
  print_diagnostics(in.ledger.diagnostics(), max_warnings(args));
  if (refused) return refused_status();

  const auto out = open_output(args, true);
  if (action == "assign") return run_groups_assign(args, in, *out);

  Diagnostics diagnostics;
  const auto memberships =
      read_memberships(args.required("assignment"), diagnostics, input_limits(args).csv_encoding);
  print_diagnostics(diagnostics, max_warnings(args));
  int status = diagnostics.has_errors() ? exit_rejected_rows : rejected_status(in.ledger);
  if (action == "audit") {
    const auto rows = audit_groups(in.policy, in.ledger, memberships);
    write_group_audit_csv(out->stream(), rows);
    out->commit();
    std::int64_t counts[6] = {};
    for (const auto& row : rows)
      ++counts[static_cast<int>(row.finding)];
    std::cerr << "groups: " << counts[0] << " over capacity, " << counts[1] << " ineligible, "
              << counts[2] << " unassigned, " << counts[3] << " empty, " << counts[4]
              << " unknown, " << counts[5] << " duplicate\n";
    return status;
  }
  const Audit audit = evaluate(in.policy, in.ledger);
  write_group_metrics_csv(out->stream(), assess_groups(audit, memberships));
  out->commit();
  std::cerr << summary_line(audit.disposition_counts()) << '\n';
  return status;
}

int run_demo(const Arguments& args) {
  SyntheticCountyOptions county_options;
  county_options.teachers = args.number("teachers", 3000, 1, 2'000'000);
  county_options.seed = static_cast<std::uint64_t>(args.number("seed", 2017, 0, 2'000'000'000));
  AuditOptions options;
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));

  const auto policy_file = args.get("policy");
  const Policy policy = policy_file ? load_one_policy(*policy_file)
                                    : parse_policy(demo_policy_json, "dali-2017.json");

  auto start = std::chrono::steady_clock::now();
  const SyntheticCounty county = generate_county(policy, county_options);
  const double generated = seconds_since(start);
  start = std::chrono::steady_clock::now();
  LedgerBuilder builder(policy);
  builder.read_teachers_text(county.teachers_csv, "teachers.csv");
  builder.read_records_text(county.records_csv, "records.csv");
  const Ledger ledger = builder.build();
  const double read = seconds_since(start);
  start = std::chrono::steady_clock::now();
  const Audit audit = evaluate(policy, ledger, options);
  const double audited = seconds_since(start);
  const AuditSummary summary = summarize(audit);

  if (auto out = args.get("out")) {
    create_output_directory(*out);
    // The county's inputs are written as they are, to be read back by yanxiu.
    write_file_atomically((fs::path(*out) / "teachers.csv").string(), county.teachers_csv);
    write_file_atomically((fs::path(*out) / "records.csv").string(), county.records_csv);
    const auto file = open_output(args, (fs::path(*out) / "audit.csv").string(), true);
    write_audit_csv(file->stream(), audit);
    file->commit();
  }

  auto& o = std::cout;
  char timing[200];
  o << "yanxiu demo: a synthetic county of " << with_commas(county_options.teachers)
    << " teachers (seed " << county_options.seed << "), policy " << policy.id() << " "
    << policy.title() << "\n";
  std::snprintf(timing, sizeof timing,
                "generated %s record rows in %.2f s, read them in %.2f s, audited %s verdicts in "
                "%.3f s\n",
                with_commas(county.record_rows).c_str(), generated, read,
                with_commas(static_cast<std::int64_t>(audit.size())).c_str(), audited);
  o << timing;

  o << "\nCompliance by rule (share of applicable verdicts met)\n";
  o << "  " << pad("rule", 28) << pad("period", 15) << pad("met", 10) << pad("short", 10)
    << pad("conflict", 10) << pad("n/a", 8) << "missing\n";
  for (const auto& line : summary.rules) {
    const auto met = line.statuses[static_cast<int>(Status::met)];
    const auto short_ = line.statuses[static_cast<int>(Status::short_)];
    const auto conflict = line.statuses[static_cast<int>(Status::conflict)];
    o << "  " << pad(line.rule_id, 28) << pad(std::string(to_string(line.period_kind)), 15)
      << pad(percent(met, met + short_ + conflict), 10) << pad(with_commas(short_), 10)
      << pad(with_commas(conflict), 10)
      << pad(with_commas(line.statuses[static_cast<int>(Status::not_applicable)]), 8)
      << format_amount(policy.rules()[static_cast<std::size_t>(line.rule)].kind, line.shortfall)
      << '\n';
  }

  o << "\nTeachers meeting every rule of the period\n";
  for (const auto& line : summary.periods) {
    o << "  " << pad(line.label, 14)
      << pad(with_commas(line.compliant) + " of " + with_commas(line.teachers), 22)
      << percent(line.compliant, line.teachers) << '\n';
  }

  o << "\nThe ten largest shortfalls\n";
  o << "  " << pad("teacher", 10) << pad("rule", 28) << pad("period", 13) << pad("required", 10)
    << pad("credited", 10) << "short\n";
  for (const auto index : summary.largest_shortfalls) {
    const AuditRow row = audit.row(index);
    o << "  " << pad(std::string(ledger.teachers().id[static_cast<std::size_t>(row.teacher)]), 10)
      << pad(audit.rule_id(row), 28) << pad(audit.period(row).label, 13)
      << pad(to_string(row.required), 10) << pad(to_string(row.credited), 10)
      << to_string(row.shortfall()) << '\n';
  }
  o << '\n' << summary_line(audit.disposition_counts()) << '\n';
  if (!summary.largest_shortfalls.empty()) {
    const AuditRow worst = audit.row(summary.largest_shortfalls.front());
    o << "\nTry: yanxiu demo --out county && yanxiu explain --policy "
         "examples/policies/dali-2017.json "
         "--teachers county/teachers.csv --records county/records.csv --teacher "
      << ledger.teachers().id[static_cast<std::size_t>(worst.teacher)] << '\n';
  }
  return exit_ok;
}

}  // namespace yanxiu::cli
