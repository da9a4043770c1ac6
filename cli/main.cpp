// The yanxiu command: check a policy, audit a county's CSV exports, explain one teacher, run
// policy tests, or show all of it on a synthetic county. An adapter only: every rule lives in
// the library.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <yanxiu/yanxiu.hpp>

namespace yanxiu::cli {
extern const char demo_policy_json[];
}

namespace {

using namespace yanxiu;
namespace fs = std::filesystem;

constexpr int exit_ok = 0;
constexpr int exit_rejected_rows = 1;
constexpr int exit_usage = 2;

const char* const usage_text = R"(usage: yanxiu COMMAND [OPTIONS]

commands:
  check POLICY.json... [--teachers T.csv]
                                       validate policies (or policy sets); errors as
                                       FILE:LINE: error: PATH: ...; --teachers: warn of groups
                                       too small for the roster
  audit --policy P --teachers T.csv --records R.csv
        [--as-of DATE] [--basis certified|submitted] [--format csv|json] [--out F]
        [--threads N] [--max-warnings N]
                                       one row per teacher x rule x period; P may be a policy
                                       set, each period judged by the version in force; with
                                       --as-of, records entered later (recorded_at) are ignored
  explain --policy P --teachers T.csv --records R.csv --teacher ID [--as-of DATE] [--basis B]
                                       one teacher's verdicts with the records behind them, and
                                       what closes the gap when something is short
  score --policy P --rubric ID [--scores S.csv] [--metrics M.csv] [--out F] [--max-warnings N]
                                       score a rubric: item, group:<id> and total rows a subject
  tiers --policy P --teachers T.csv --records R.csv [--teacher ID | --view table|county]
        [--as-of DATE] [--basis B] [--out F]
                                       star and backbone tiers: a row per teacher x ladder,
                                       one teacher's criteria, or the county's counts
  groups assign|audit|assess --policy P --teachers T.csv [--assignment A.csv]
        [--records R.csv] [--out F] [--unplaced F] [--max-warnings N]
                                       place teachers in workshops and clusters, check an
                                       assignment, or sum up each group for its leader
  test PATH... [--coverage]            run policy tests (*.test.json files, or directories of them);
                                       --coverage lists the rules and rubrics no case checks
  plan --policy P --teachers T.csv --records R.csv [--as-of DATE] [--basis B] [--out F]
                                       the county's missing hours by month and category: every
                                       short teacher's gap plan, summed (CSV)
  diff --policy A --policy B --teachers T.csv --records R.csv [--by ATTRIBUTE] [--as-of DATE]
       [--basis B] [--out DIR] [--max-flips N]
                                       impact of policy B against A: the teachers who flip, per
                                       rule and per school; --out writes rules.csv, groups.csv
                                       and flips.csv
  demo [--teachers N] [--seed S] [--threads N] [--policy P] [--out DIR]
                                       audit a synthetic county with the Dali policy
  version                              print the version

CSV inputs (teachers, records, scores, metrics) are read as UTF-8; --encoding gb18030 reads
GB18030/GBK (what Chinese Excel and WPS save), --encoding auto reads either with a warning.
audit, explain, score, tiers, groups, plan and diff take --encoding.

exit status: 0 ok, 1 finished but input rows were rejected (or a policy test failed),
             2 usage error or a policy or input file that cannot be used
)";

struct UsageError {
  std::string message;
};

/// `--name value` options after the command, and the positional arguments.
class Arguments {
 public:
  /// `flags` are options without a value (`--coverage`).
  Arguments(int argc, char** argv, int first, std::set<std::string> allowed,
            std::set<std::string> flags = {}) {
    allowed.insert(flags.begin(), flags.end());
    std::vector<std::string_view> known(allowed.begin(), allowed.end());
    for (int i = first; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg.rfind("--", 0) != 0) {
        positional_.push_back(arg);
        continue;
      }
      const std::string name = arg.substr(2);
      if (!allowed.count(name)) {
        const auto close = closest_match(name, known);
        throw UsageError{"unknown option --" + name +
                         (close.empty() ? "" : "; did you mean --" + std::string(close) + "?")};
      }
      if (flags.count(name)) {
        flags_.insert(name);
        continue;
      }
      if (i + 1 >= argc) throw UsageError{"option --" + name + " needs a value"};
      options_[name].push_back(argv[++i]);
    }
  }

  /// The last value given for the option.
  std::optional<std::string> get(const std::string& name) const {
    const auto found = options_.find(name);
    if (found == options_.end()) return std::nullopt;
    return found->second.back();
  }
  /// Every value given for the option, in order (`diff --policy A --policy B`).
  std::vector<std::string> all(const std::string& name) const {
    const auto found = options_.find(name);
    return found == options_.end() ? std::vector<std::string>() : found->second;
  }
  std::string required(const std::string& name) const {
    if (auto value = get(name)) return *value;
    throw UsageError{"missing --" + name};
  }
  long number(const std::string& name, long fallback, long low, long high) const {
    const auto value = get(name);
    if (!value) return fallback;
    char* end = nullptr;
    const long parsed = std::strtol(value->c_str(), &end, 10);
    if (value->empty() || *end != '\0' || parsed < low || parsed > high) {
      throw UsageError{"--" + name + " expects a whole number from " + std::to_string(low) +
                       " to " + std::to_string(high) + ", not \"" + *value + "\""};
    }
    return parsed;
  }
  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }

 private:
  std::map<std::string, std::vector<std::string>> options_;
  std::vector<std::string> positional_;
  std::set<std::string> flags_;
};

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

void print_error(const Error& error) {
  for (const auto& diagnostic : error.diagnostics())
    std::cerr << to_string(diagnostic) << '\n';
}

/// Errors all; warnings up to `max_warnings` (0: all), then how many were not shown.
void print_diagnostics(const Diagnostics& diagnostics, long max_warnings) {
  long shown = 0, hidden = 0;
  for (const auto& diagnostic : diagnostics.items()) {
    if (diagnostic.severity == Severity::warning && max_warnings > 0 && shown >= max_warnings) {
      ++hidden;
      continue;
    }
    if (diagnostic.severity == Severity::warning) ++shown;
    std::cerr << to_string(diagnostic) << '\n';
  }
  // Past kept_diagnostics warnings are counted, not kept: the count says how many there were.
  hidden = std::max(hidden, static_cast<long>(diagnostics.warning_count()) - shown);
  if (hidden > 0) {
    std::cerr << "... and " << hidden << " more warnings (--max-warnings 0 shows them all)\n";
  }
}

Basis basis_option(const Arguments& args) {
  const auto text = args.get("basis").value_or("certified");
  if (text == "certified") return Basis::certified;
  if (text == "submitted") return Basis::submitted;
  throw UsageError{
      "--basis is certified (what the policy credits) or submitted (also what awaits review)"};
}

std::optional<Date> as_of_option(const Arguments& args) {
  const auto text = args.get("as-of");
  if (!text) return std::nullopt;
  const auto date = parse_date(*text);
  if (!date) throw UsageError{"--as-of expects a date YYYY-MM-DD, not \"" + *text + "\""};
  return date;
}

/// Rows one teacher gets when every rule applies: a measure of a policy's size.
std::size_t rows_per_teacher(const Policy& policy) {
  std::size_t rows = 0;
  for (const Rule& rule : policy.rules()) {
    rows += policy.calendar().periods(rule.period).size() * (1 + rule.parts.size());
  }
  return rows;
}

/// A policy file; a policy set is refused by name, for the commands that judge one policy.
Policy load_one_policy(const std::string& path) {
  if (is_policy_set_file(path)) {
    throw UsageError{path +
                     " is a policy set: audit, explain and check take sets; this command takes "
                     "one of its policies"};
  }
  return load_policy(path);
}

/// A policy set and its versions' warnings, printed.
PolicySet load_set(const std::string& path) {
  PolicySet set = load_policy_set(path);
  for (const PolicyVersion& version : set.versions()) {
    for (const auto& warning : version.policy.warnings())
      std::cerr << to_string(warning) << '\n';
  }
  return set;
}

/// What check says of a policy that loaded (its warnings printed): its size and, given a roster,
/// the group pools it cannot seat. Returns the exit status.
int check_loaded(const std::string& path, const Policy& policy,
                 const std::optional<std::string>& roster) {
  std::cout << path << ": ok: policy " << policy.id() << ", " << policy.categories().size()
            << " categories, " << policy.rules().size() << " rules, up to "
            << rows_per_teacher(policy) << " verdicts per teacher";
  if (const auto rubrics = policy.rubrics().size(); rubrics > 0)
    std::cout << ", " << rubrics << (rubrics == 1 ? " rubric" : " rubrics");
  if (const auto ladders = policy.ladders().size(); ladders > 0)
    std::cout << ", " << ladders << (ladders == 1 ? " tier ladder" : " tier ladders");
  std::cout << '\n';
  if (!roster) return exit_ok;
  if (policy.group_kinds().empty()) {
    std::cout << path << ": declares no groups; --teachers " << *roster << " not read\n";
    return exit_ok;
  }
  // The group kinds against a roster: pools with more eligible teachers than seats.
  LedgerBuilder builder(policy);
  builder.read_teachers(*roster);
  const Ledger ledger = builder.build();
  print_diagnostics(ledger.diagnostics(), 20);
  const Diagnostics capacity = check_group_capacity(policy, ledger, *roster);
  print_diagnostics(capacity, 0);
  const auto kinds = policy.group_kinds().size();
  std::cout << path << ": " << ledger.teachers().size() << " teachers of " << *roster << " against "
            << kinds << (kinds == 1 ? " group kind, " : " group kinds, ")
            << capacity.warning_count()
            << (capacity.warning_count() == 1 ? " warning\n" : " warnings\n");
  return ledger.invalid_teacher_rows() > 0 ? exit_rejected_rows : exit_ok;
}

int run_check(const Arguments& args) {
  if (args.positional().empty()) throw UsageError{"check needs at least one policy file"};
  const auto roster = args.get("teachers");
  int status = exit_ok;
  for (const auto& path : args.positional()) {
    try {
      int checked = exit_ok;
      if (is_policy_set_file(path)) {
        const PolicySet set = load_set(path);
        std::cout << path << ": ok: policy set " << set.id() << ", " << set.versions().size()
                  << (set.versions().size() == 1 ? " version:" : " versions:");
        for (std::size_t v = 0; v < set.versions().size(); ++v) {
          std::cout << (v ? ", " : " ") << set.versions()[v].policy.id() << " from "
                    << to_iso(set.versions()[v].effective);
        }
        std::cout << '\n';
        for (const PolicyVersion& version : set.versions())
          checked =
              std::max(checked, check_loaded(version.policy.file_name(), version.policy, roster));
      } else {
        const Policy policy = load_one_policy(path);
        for (const auto& warning : policy.warnings())
          std::cerr << to_string(warning) << '\n';
        checked = check_loaded(path, policy, roster);
      }
      if (status == exit_ok) status = checked;
    } catch (const Error& error) {
      print_error(error);
      status = exit_usage;
    }
  }
  return status;
}

/// The command line's input limits: the defaults, and --encoding for CSV files.
InputLimits input_limits(const Arguments& args) {
  InputLimits limits;
  const auto encoding = args.get("encoding");
  if (!encoding || *encoding == "utf-8" || *encoding == "utf8") return limits;
  if (*encoding == "gb18030" || *encoding == "gbk") {
    limits.csv_encoding = CsvEncoding::gb18030;
  } else if (*encoding == "auto") {
    limits.csv_encoding = CsvEncoding::detect;
  } else {
    throw UsageError{"--encoding is utf-8, gb18030 or auto, not \"" + *encoding + "\""};
  }
  return limits;
}

struct Loaded {
  Policy policy;
  Ledger ledger;
};

Loaded load_inputs(const Arguments& args, const std::string& policy_file) {
  Policy policy = load_one_policy(policy_file);
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  LedgerBuilder builder(policy, input_limits(args));
  builder.read_teachers(args.required("teachers"));
  builder.read_records(args.required("records"));
  return {policy, builder.build()};
}

Loaded load_inputs(const Arguments& args) {
  return load_inputs(args, args.required("policy"));
}

int rejected_status(const Ledger& ledger) {
  return ledger.intake_counts()[Disposition::invalid] > 0 || ledger.invalid_teacher_rows() > 0
             ? exit_rejected_rows
             : exit_ok;
}

SetAudit evaluate_set(const Arguments& args, const AuditOptions& options) {
  const std::string teachers = args.required("teachers"), records = args.required("records");
  const InputLimits limits = input_limits(args);
  return evaluate(
      load_set(args.required("policy")),
      [&](const Policy& policy) {
        LedgerBuilder builder(policy, limits);
        builder.read_teachers(teachers);
        builder.read_records(records);
        return builder.build();
      },
      options);
}

int rejected_status(const SetAudit& audit) {
  return audit.disposition_counts()[Disposition::invalid] > 0 ||
                 audit.audit(0).ledger().invalid_teacher_rows() > 0
             ? exit_rejected_rows
             : exit_ok;
}

/// --out's file, or standard output.
std::ostream& output(const Arguments& args, std::ofstream& file) {
  if (auto out = args.get("out")) {
    file.open(*out, std::ios::binary);
    if (!file) throw UsageError{"cannot write " + *out};
  }
  return file.is_open() ? file : std::cout;
}

int run_audit(const Arguments& args) {
  const auto format = args.get("format").value_or("csv");
  if (format != "csv" && format != "json") throw UsageError{"--format is csv or json"};
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));
  options.basis = basis_option(args);
  const long max_warnings = args.number("max-warnings", 20, 0, 1'000'000'000);
  std::ofstream file;
  if (is_policy_set_file(args.required("policy"))) {
    const SetAudit audit = evaluate_set(args, options);
    print_diagnostics(audit.diagnostics(), max_warnings);
    std::ostream& out = output(args, file);
    if (format == "csv") {
      for (const auto& line : decision_record_lines(audit))
        out << "# " << line << '\n';
      write_set_audit_csv(out, audit);
    } else {
      write_set_audit_json(out, audit);
    }
    out.flush();
    std::cerr << summary_line(audit.disposition_counts()) << '\n';
    return rejected_status(audit);
  }
  const Loaded in = load_inputs(args);
  print_diagnostics(in.ledger.diagnostics(), max_warnings);
  const Audit audit = evaluate(in.policy, in.ledger, options);

  std::ostream& out = output(args, file);
  if (format == "csv") {
    // The decision record heads the table as a comment line (pandas: skiprows=1).
    out << "# " << decision_record(audit).to_string() << '\n';
    write_audit_csv(out, audit);
  } else {
    write_audit_json(out, audit);
  }
  out.flush();
  std::cerr << summary_line(audit.disposition_counts()) << '\n';
  return rejected_status(in.ledger);
}

int run_explain(const Arguments& args) {
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  const std::string teacher_id = args.required("teacher");
  if (is_policy_set_file(args.required("policy"))) {
    const SetAudit audit = evaluate_set(args, options);
    print_diagnostics(audit.diagnostics(), args.number("max-warnings", 20, 0, 1'000'000'000));
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
  print_diagnostics(in.ledger.diagnostics(), args.number("max-warnings", 20, 0, 1'000'000'000));
  const auto teacher = in.ledger.find_teacher(teacher_id);
  if (!teacher) {
    std::cerr << "yanxiu: no teacher \"" << teacher_id << "\" in " << args.required("teachers")
              << '\n';
    return exit_usage;
  }
  std::cout << explain(in.policy, in.ledger, *teacher, options).to_text();
  if (const GapPlan plan = plan_gaps(in.policy, in.ledger, *teacher, options);
      !plan.steps.empty() || !plan.closes_every_gap()) {
    std::cout << "\nWhat closes the gap\n";
    std::istringstream lines(plan.to_text(in.policy));
    for (std::string line; std::getline(lines, line);)
      std::cout << "  " << line << '\n';
  }
  return rejected_status(in.ledger);
}

int run_score(const Arguments& args) {
  const auto scores = args.get("scores");
  const auto metrics = args.get("metrics");
  if (!scores && !metrics) throw UsageError{"score needs --scores, --metrics or both"};
  const Policy policy = load_one_policy(args.required("policy"));
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  // An unknown rubric throws, naming the policy's rubrics.
  ScoreSheet sheet(policy, args.required("rubric"), input_limits(args));
  if (scores) sheet.read_scores(*scores);
  if (metrics) sheet.read_metrics(*metrics);
  print_diagnostics(sheet.diagnostics(), args.number("max-warnings", 20, 0, 1'000'000'000));
  const RubricResult result = score_rubric(sheet);

  std::ofstream file;
  if (auto out = args.get("out")) {
    file.open(*out, std::ios::binary);
    if (!file) throw UsageError{"cannot write " + *out};
  }
  std::ostream& out = file.is_open() ? file : std::cout;
  write_score_csv(out, result);
  out.flush();
  if (scores) std::cerr << summary_line("scores", sheet.score_counts()) << '\n';
  if (metrics) std::cerr << summary_line("metrics", sheet.metric_counts()) << '\n';
  const bool rejected = sheet.score_counts()[ScoreDisposition::invalid] > 0 ||
                        sheet.metric_counts()[ScoreDisposition::invalid] > 0;
  return rejected ? exit_rejected_rows : exit_ok;
}

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
  print_diagnostics(in.ledger.diagnostics(), args.number("max-warnings", 20, 0, 1'000'000'000));
  if (in.policy.ladders().empty()) {
    std::cerr << "yanxiu: the policy " << in.policy.id() << " declares no tier ladders\n";
    return exit_usage;
  }
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

  std::ofstream file;
  if (auto out = args.get("out")) {
    file.open(*out, std::ios::binary);
    if (!file) throw UsageError{"cannot write " + *out};
  }
  std::ostream& out = file.is_open() ? file : std::cout;
  if (teacher)
    out << result.explain(*teacher);
  else if (county)
    write_tier_county(out, result);
  else
    write_tier_csv(out, result);
  out.flush();
  return rejected_status(in.ledger);
}

// The county's missing hours by month and category, from every short teacher's gap plan.
int run_plan(const Arguments& args) {
  AuditOptions options;
  options.as_of = as_of_option(args);
  options.basis = basis_option(args);
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));
  const Loaded in = load_inputs(args);
  print_diagnostics(in.ledger.diagnostics(), args.number("max-warnings", 20, 0, 1'000'000'000));
  const Audit audit = evaluate(in.policy, in.ledger, options);
  const CountyGap gap = plan_county_gaps(audit);

  std::ofstream file;
  if (auto out = args.get("out")) {
    file.open(*out, std::ios::binary);
    if (!file) throw UsageError{"cannot write " + *out};
  }
  std::ostream& out = file.is_open() ? file : std::cout;
  write_county_gap_csv(out, in.policy, gap);
  out.flush();
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
  const long max_warnings = args.number("max-warnings", 20, 0, 1'000'000'000);
  const Loaded before = load_inputs(args, policies[0]);
  print_diagnostics(before.ledger.diagnostics(), max_warnings);
  const Loaded after = load_inputs(args, policies[1]);
  const Audit audit_before = evaluate(before.policy, before.ledger, options);
  const Impact impact = compare_audits(audit_before, evaluate(after.policy, after.ledger, options),
                                       args.get("by").value_or("school"));
  std::cout << "yanxiu diff: " << before.policy.id() << " (" << policies[0] << ") -> "
            << after.policy.id() << " (" << policies[1] << ")\n"
            << impact_to_text(impact, static_cast<std::size_t>(
                                          args.number("max-flips", 50, 0, 1'000'000'000)));
  if (auto out = args.get("out")) {
    fs::create_directories(*out);
    const auto write = [&](const char* name, void (*writer)(std::ostream&, const Impact&)) {
      std::ofstream file(fs::path(*out) / name, std::ios::binary);
      if (!file) throw UsageError{"cannot write " + (fs::path(*out) / name).string()};
      writer(file, impact);
    };
    write("rules.csv", write_impact_rules_csv);
    write("groups.csv", write_impact_groups_csv);
    write("flips.csv", write_impact_flips_csv);
  }
  std::cerr << summary_line(audit_before.disposition_counts()) << '\n';
  return rejected_status(before.ledger);
}

// --- groups (groups.hpp) ----------------------------------------------------------------------

int run_groups_assign(const Arguments& args, const Loaded& in, std::ostream& out) {
  std::vector<Membership> current;
  Diagnostics current_diagnostics;
  const auto assignment_file = args.get("assignment");
  if (assignment_file) {
    current =
        read_memberships(*assignment_file, current_diagnostics, input_limits(args).csv_encoding);
  }
  const long max_warnings = args.number("max-warnings", 20, 0, 1'000'000'000);
  print_diagnostics(current_diagnostics, max_warnings);
  const GroupAssignment assignment =
      assign_groups(in.policy, in.ledger, current, assignment_file.value_or("assignment"));
  print_diagnostics(assignment.diagnostics, max_warnings);
  write_assignment_csv(out, in.policy, in.ledger, assignment);
  if (auto unplaced_file = args.get("unplaced")) {
    std::ofstream unplaced(*unplaced_file, std::ios::binary);
    if (!unplaced) throw UsageError{"cannot write " + *unplaced_file};
    write_unplaced_csv(unplaced, in.policy, in.ledger, assignment);
  }
  for (const auto& shortfall : assignment.shortfalls) {
    const GroupKind& kind = in.policy.group_kinds()[static_cast<std::size_t>(shortfall.kind)];
    std::cerr << kind.id << " " << shortfall.pool << ": " << shortfall.teachers << " teachers, "
              << shortfall.placed << " placed; " << shortfall.missing_seats << " seats missing, "
              << shortfall.groups_needed << " more groups"
              << (kind.capacity ? " of " + std::to_string(*kind.capacity) : std::string()) << '\n';
  }
  std::int64_t reasons[4] = {};
  for (const auto& unplaced : assignment.unplaced)
    ++reasons[static_cast<int>(unplaced.reason)];
  std::cerr << "groups: " << assignment.placements.size() << " placed, "
            << assignment.unplaced.size() << " unplaced (" << reasons[3] << " over capacity, "
            << reasons[2] << " no group, " << reasons[1] << " missing value, " << reasons[0]
            << " no kind)\n";
  return current_diagnostics.has_errors() ? exit_rejected_rows : rejected_status(in.ledger);
}

int run_groups(int argc, char** argv) {
  if (argc < 3) throw UsageError{"groups needs assign, audit or assess"};
  const std::string action = argv[2];
  if (action != "assign" && action != "audit" && action != "assess") {
    const auto close = closest_match(action, {"assign", "audit", "assess"});
    throw UsageError{"unknown groups action \"" + action + "\"" +
                     (close.empty() ? "" : "; did you mean \"" + std::string(close) + "\"?")};
  }
  const Arguments args(argc, argv, 3,
                       {"policy", "teachers", "assignment", "records", "out", "unplaced",
                        "max-warnings", "encoding"});
  if (action != "assign" && !args.get("assignment"))
    throw UsageError{"groups " + action + " needs --assignment"};
  if (action == "assess" && !args.get("records")) throw UsageError{"groups assess needs --records"};
  Policy policy = load_one_policy(args.required("policy"));
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  if (policy.group_kinds().empty()) throw UsageError{"the policy declares no \"groups\""};
  LedgerBuilder builder(policy, input_limits(args));
  builder.read_teachers(args.required("teachers"));
  if (auto records = args.get("records")) builder.read_records(*records);
  const Loaded in{policy, builder.build()};
  print_diagnostics(in.ledger.diagnostics(), args.number("max-warnings", 20, 0, 1'000'000'000));

  std::ofstream file;
  if (auto out = args.get("out")) {
    file.open(*out, std::ios::binary);
    if (!file) throw UsageError{"cannot write " + *out};
  }
  std::ostream& out = file.is_open() ? file : std::cout;
  if (action == "assign") return run_groups_assign(args, in, out);

  Diagnostics diagnostics;
  const auto memberships =
      read_memberships(args.required("assignment"), diagnostics, input_limits(args).csv_encoding);
  print_diagnostics(diagnostics, args.number("max-warnings", 20, 0, 1'000'000'000));
  int status = diagnostics.has_errors() ? exit_rejected_rows : rejected_status(in.ledger);
  if (action == "audit") {
    const auto rows = audit_groups(in.policy, in.ledger, memberships);
    write_group_audit_csv(out, rows);
    std::int64_t counts[6] = {};
    for (const auto& row : rows)
      ++counts[static_cast<int>(row.finding)];
    std::cerr << "groups: " << counts[0] << " over capacity, " << counts[1] << " ineligible, "
              << counts[2] << " unassigned, " << counts[3] << " empty, " << counts[4]
              << " unknown, " << counts[5] << " duplicate\n";
    return status;
  }
  const Audit audit = evaluate(in.policy, in.ledger);
  write_group_metrics_csv(out, assess_groups(audit, memberships));
  std::cerr << summary_line(audit.disposition_counts()) << '\n';
  return status;
}

void collect_tests(const fs::path& path, std::vector<fs::path>& files) {
  if (!fs::is_directory(path)) {
    files.push_back(path);
    return;
  }
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 10 && name.ends_with(".test.json"))
      found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

int run_test(const Arguments& args) {
  if (args.positional().empty()) throw UsageError{"test needs a test file or a directory"};
  std::vector<fs::path> files;
  for (const auto& path : args.positional())
    collect_tests(path, files);
  if (files.empty()) throw UsageError{"no *.test.json files found"};
  int status = exit_ok;
  std::size_t cases = 0, failed = 0;
  std::vector<std::string> uncovered;  ///< "POLICY: rule ID", once per test file of the policy
  std::map<std::string, std::size_t> files_per_policy;
  for (const auto& file : files) {
    try {
      const TestFileResult result = run_test_file(file);
      ++files_per_policy[result.policy_file];
      for (const auto& c : result.cases) {
        ++cases;
        std::cout << (c.passed() ? "PASS " : "FAIL ") << result.file << ":" << c.line << ": "
                  << c.name << '\n';
        for (const auto& failure : c.failures)
          std::cout << "    " << failure << '\n';
        if (!c.passed()) ++failed;
      }
      if (args.flag("coverage")) {
        for (const auto& rule : result.uncovered_rules)
          uncovered.push_back(result.policy_file + ": rule " + rule);
        for (const auto& rubric : result.uncovered_rubrics)
          uncovered.push_back(result.policy_file + ": rubric " + rubric);
      }
      if (!result.passed() && status == exit_ok) status = exit_rejected_rows;
    } catch (const Error& error) {
      print_error(error);
      status = exit_usage;
    }
  }
  std::cout << cases << " cases, " << cases - failed << " passed, " << failed << " failed\n";
  if (args.flag("coverage")) {
    // A policy tested by several files is covered by any of them: list what none names.
    std::sort(uncovered.begin(), uncovered.end());
    std::vector<std::string> never;
    for (std::size_t i = 0; i < uncovered.size();) {
      std::size_t same = i;
      while (same < uncovered.size() && uncovered[same] == uncovered[i])
        ++same;
      if (same - i == files_per_policy[uncovered[i].substr(0, uncovered[i].find(": "))])
        never.push_back(uncovered[i]);
      i = same;
    }
    std::cout << "coverage: " << never.size()
              << (never.size() == 1 ? " rule or rubric" : " rules or rubrics")
              << " no case checks\n";
    for (const auto& line : never)
      std::cout << "  " << line << '\n';
  }
  return status;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  if (!file) throw UsageError{"cannot write " + path.string()};
  file << text;
}

int run_demo(const Arguments& args) {
  SyntheticCountyOptions county_options;
  county_options.teachers = args.number("teachers", 3000, 1, 2'000'000);
  county_options.seed = static_cast<std::uint64_t>(args.number("seed", 2017, 0, 2'000'000'000));
  AuditOptions options;
  options.threads = static_cast<unsigned>(args.number("threads", 0, 0, 1024));

  const auto policy_file = args.get("policy");
  const Policy policy = policy_file ? load_one_policy(*policy_file)
                                    : parse_policy(yanxiu::cli::demo_policy_json, "dali-2017.json");

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
    fs::create_directories(*out);
    write_text(fs::path(*out) / "teachers.csv", county.teachers_csv);
    write_text(fs::path(*out) / "records.csv", county.records_csv);
    std::ofstream file(fs::path(*out) / "audit.csv", std::ios::binary);
    write_audit_csv(file, audit);
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

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cerr << usage_text;
    return exit_usage;
  }
  const std::string command = argv[1];
  try {
    if (command == "check") return run_check(Arguments(argc, argv, 2, {"teachers"}));
    if (command == "audit") {
      return run_audit(Arguments(argc, argv, 2,
                                 {"policy", "teachers", "records", "as-of", "basis", "format",
                                  "out", "threads", "max-warnings", "encoding"}));
    }
    if (command == "explain") {
      return run_explain(Arguments(argc, argv, 2,
                                   {"policy", "teachers", "records", "teacher", "as-of", "basis",
                                    "max-warnings", "encoding"}));
    }
    if (command == "score") {
      return run_score(
          Arguments(argc, argv, 2,
                    {"policy", "rubric", "scores", "metrics", "out", "max-warnings", "encoding"}));
    }
    if (command == "tiers") {
      return run_tiers(Arguments(argc, argv, 2,
                                 {"policy", "teachers", "records", "teacher", "view", "as-of",
                                  "basis", "out", "max-warnings", "encoding"}));
    }
    if (command == "groups") return run_groups(argc, argv);
    if (command == "test") return run_test(Arguments(argc, argv, 2, {}, {"coverage"}));
    if (command == "plan") {
      return run_plan(Arguments(argc, argv, 2,
                                {"policy", "teachers", "records", "as-of", "basis", "out",
                                 "threads", "max-warnings", "encoding"}));
    }
    if (command == "diff") {
      return run_diff(Arguments(argc, argv, 2,
                                {"policy", "teachers", "records", "by", "as-of", "basis", "out",
                                 "max-flips", "max-warnings", "encoding"}));
    }
    if (command == "demo") {
      return run_demo(Arguments(argc, argv, 2, {"teachers", "seed", "threads", "policy", "out"}));
    }
    if (command == "version" || command == "--version") {
      std::cout << "yanxiu " << version_string << '\n';
      return exit_ok;
    }
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << usage_text;
      return exit_ok;
    }
    const auto close =
        closest_match(command, {"check", "audit", "explain", "score", "tiers", "groups", "test",
                                "diff", "plan", "demo", "version"});
    throw UsageError{"unknown command \"" + command + "\"" +
                     (close.empty() ? "" : "; did you mean \"" + std::string(close) + "\"?")};
  } catch (const UsageError& error) {
    std::cerr << "yanxiu: " << error.message << "\n(yanxiu help lists the commands)\n";
    return exit_usage;
  } catch (const Error& error) {
    print_error(error);
    return exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "yanxiu: " << error.what() << '\n';
    return exit_usage;
  }
}
