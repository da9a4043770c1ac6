// yanxiu subjects: the verdicts about groups of teachers and schools (subjects.hpp), beside the
// teacher audit of `yanxiu audit`, or one group's or school's explanation.

#include <iostream>

#include <yanxiu/subjects.hpp>

#include "cli.hpp"

namespace yanxiu::cli {

int run_subjects(const Arguments& args) {
  const Policy policy = load_one_policy(args.required("policy"));
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  if (subject_rules(policy).empty()) {
    std::cerr << "yanxiu: " << args.required("policy")
              << " has no group or school rules; its teachers are judged by `yanxiu audit`\n";
    return exit_usage;
  }
  const auto group = args.get("group");
  const auto school = args.get("school");
  if (group && school) throw UsageError{"give --group or --school, not both"};
  const InputLimits limits = input_limits(args);
  LedgerBuilder builder(policy, limits);
  builder.read_teachers(args.required("teachers"));
  const Ledger teachers = builder.build();
  SubjectInputs inputs;
  if (args.get("group-records")) inputs.group_records_path = args.required("group-records");
  if (args.get("schools")) inputs.schools_path = args.required("schools");
  AuditOptions options;
  options.as_of = as_of_option(args);
  const SubjectAudit audit = evaluate_subjects(policy, teachers, inputs, options, limits);
  print_diagnostics(teachers.diagnostics(), max_warnings(args));
  print_diagnostics(audit.diagnostics, max_warnings(args));
  const bool rejected = audit.group_record_counts[Disposition::invalid] > 0 ||
                        audit.invalid_school_rows > 0 || teachers.invalid_teacher_rows() > 0;

  if (group || school) {
    const auto text =
        group ? explain_group(audit, *group, options) : explain_school(policy, audit, *school);
    if (!text) {
      std::cerr << "yanxiu: no " << (group ? "group \"" + *group : "school \"" + *school)
                << "\" judged by " << args.required("policy") << '\n';
      return exit_usage;
    }
    std::cout << *text;
  } else {
    const auto out = open_output(args, true);
    out->stream() << subject_audit_csv(audit);
    out->commit();
  }
  if (subject_rules(policy).group_rule_count() > 0)
    std::cerr << "group " << summary_line(audit.group_record_counts) << '\n';
  if (!subject_rules(policy).school_rules.empty()) {
    std::cerr << "schools: " << audit.schools.size() << " judged, " << audit.invalid_school_rows
              << " invalid\n";
  }
  return rejected ? exit_rejected_rows : exit_ok;
}

}  // namespace yanxiu::cli
