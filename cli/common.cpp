// The arguments, inputs and outputs every command of the yanxiu command line shares.

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli.hpp"

namespace yanxiu::cli {

namespace fs = std::filesystem;

const Option policy_option{"policy", "P", "the policy file"};
const Option teachers_option{"teachers", "T.csv", "the teachers file"};
const Option records_option{"records", "R.csv", "the records file"};
const Option as_of_option_spec{"as-of", "DATE",
                               "judge as on this day: records entered later (recorded_at) are "
                               "ignored"};
const Option basis_option_spec{"basis", "certified|submitted",
                               "what counts: certified records (the default), or also what "
                               "awaits review"};
const Option out_option{"out", "F",
                        "write to F instead of standard output: whole or not at all (a "
                        "temporary file beside F, renamed into place when complete)"};
const Option threads_option{"threads", "N", "worker threads (0, the default: one per core)"};
const Option max_warnings_option{"max-warnings", "N", "warnings shown (default 20; 0: all)"};
const Option encoding_option{"encoding", "utf-8|gb18030|auto",
                             "how CSV inputs are encoded: UTF-8 (the default), GB18030/GBK (what "
                             "Chinese Excel and WPS save), or either, with a warning; a file with "
                             "a UTF-16 byte-order mark is read as UTF-16, and tab- or "
                             "semicolon-separated files as such, with a warning"};
const Option raw_csv_option{"raw-csv", "",
                            "write CSV cells as they are: no ' before a text cell that starts "
                            "with = + - @, a tab or a CR (a formula to a spreadsheet)"};
const Option allow_rejected_option{"allow-rejected", "",
                                   "write the result even when too many input rows are rejected "
                                   "(see --max-rejected); the exit status is then 1"};
const Option max_rejected_option{"max-rejected", "PCT",
                                 "refuse to write a result when more than PCT % of the rows of "
                                 "an input file (always: all of them) are rejected; default 50"};

Arguments::Arguments(int argc, char** argv, int first, const Command& command) {
  std::vector<std::string_view> known;
  for (const Option& option : command.options)
    known.push_back(option.name);
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      positional_.push_back(arg);
      continue;
    }
    const std::string name = arg.substr(2);
    const Option* option = nullptr;
    for (const Option& candidate : command.options)
      if (candidate.name == name) option = &candidate;
    if (!option) {
      const auto close = closest_match(name, known);
      throw UsageError{"unknown option --" + name +
                       (close.empty() ? "" : "; did you mean --" + std::string(close) + "?")};
    }
    if (option->value.empty()) {
      flags_.insert(name);
      continue;
    }
    if (i + 1 >= argc) throw UsageError{"option --" + name + " needs a value"};
    options_[name].push_back(argv[++i]);
  }
}

std::optional<std::string> Arguments::get(const std::string& name) const {
  const auto found = options_.find(name);
  if (found == options_.end()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string> Arguments::all(const std::string& name) const {
  const auto found = options_.find(name);
  return found == options_.end() ? std::vector<std::string>() : found->second;
}

std::string Arguments::required(const std::string& name) const {
  if (auto value = get(name)) return *value;
  throw UsageError{"missing --" + name};
}

long Arguments::number(const std::string& name, long fallback, long low, long high) const {
  const auto value = get(name);
  if (!value) return fallback;
  char* end = nullptr;
  const long parsed = std::strtol(value->c_str(), &end, 10);
  if (value->empty() || *end != '\0' || parsed < low || parsed > high) {
    throw UsageError{"--" + name + " expects a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high) + ", not \"" + *value + "\""};
  }
  return parsed;
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

long max_warnings(const Arguments& args) {
  return args.number("max-warnings", 20, 0, 1'000'000'000);
}

void print_error(const Error& error) {
  for (const auto& diagnostic : error.diagnostics())
    std::cerr << to_string(diagnostic) << '\n';
}

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

Policy load_one_policy(const std::string& path) {
  const PolicySet loaded = load_policy_or_set(path);
  if (!loaded.is_single_policy()) {
    throw UsageError{path +
                     " is a policy set: audit, explain and check take sets; this command takes "
                     "one of its policies"};
  }
  return loaded.versions().front().policy;
}

PolicySet load_set(const std::string& path) {
  PolicySet set = load_policy_or_set(path);
  for (const PolicyVersion& version : set.versions()) {
    for (const auto& warning : version.policy.warnings())
      std::cerr << to_string(warning) << '\n';
  }
  return set;
}

Loaded load_inputs(const Arguments& args, const std::string& policy_file) {
  Policy policy = load_one_policy(policy_file);
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  return {policy, read_county(args, policy)};
}

Loaded load_inputs(const Arguments& args) {
  return load_inputs(args, args.required("policy"));
}

Ledger read_county(const Arguments& args, const Policy& policy) {
  LedgerBuilder builder(policy, input_limits(args));
  builder.set_progress(progress_sink(args));
  builder.read_teachers(args.required("teachers"));
  builder.read_records(args.required("records"));
  return builder.build();
}

std::vector<Ledger> read_set_ledgers(const Arguments& args, const PolicySet& set) {
  std::vector<Ledger> ledgers;
  for (const PolicyVersion& version : set.versions())
    ledgers.push_back(read_county(args, version.policy));
  return ledgers;
}

SetAudit evaluate_set(const Arguments& args, const PolicySet& set, const AuditOptions& options) {
  return evaluate(set, read_set_ledgers(args, set), options);
}

SetAudit evaluate_set(const Arguments& args, const AuditOptions& options) {
  return evaluate_set(args, load_set(args.required("policy")), options);
}

int rejected_status(const Ledger& ledger) {
  return ledger.intake_counts()[Disposition::invalid] > 0 || ledger.invalid_teacher_rows() > 0
             ? exit_rejected_rows
             : exit_ok;
}

int rejected_status(const SetAudit& audit) {
  return audit.disposition_counts()[Disposition::invalid] > 0 ||
                 audit.audit(0).ledger().invalid_teacher_rows() > 0
             ? exit_rejected_rows
             : exit_ok;
}

bool too_many_rejected(const Arguments& args, const Ledger& ledger,
                       const DispositionCounts& records) {
  return too_many_rejected(args, ledger, records[Disposition::invalid], records.total());
}

bool too_many_rejected(const Arguments& args, const Ledger& ledger, std::int64_t rejected_records,
                       std::int64_t record_rows) {
  const long share = args.number("max-rejected", 50, 0, 100);
  struct File {
    const char* what;
    std::string name;
    std::int64_t rejected, rows;
  };
  const std::int64_t teacher_rows =
      static_cast<std::int64_t>(ledger.teachers().size()) + ledger.invalid_teacher_rows();
  const File files[] = {
      {"teacher", args.get("teachers").value_or("teachers"), ledger.invalid_teacher_rows(),
       teacher_rows},
      {"record", args.get("records").value_or("records"), rejected_records, record_rows}};
  bool too_many = false;
  for (const File& file : files) {
    if (file.rejected == 0 ||
        (file.rejected < file.rows && file.rejected * 100 <= share * file.rows))
      continue;
    too_many = true;
    std::cerr << "yanxiu: REJECTED: " << file.rejected << " of " << file.rows << " " << file.what
              << " rows of " << file.name << " cannot be used ("
              << (file.rejected == file.rows ? "all of them"
                                             : "more than " + std::to_string(share) + "%")
              << "); "
              << (args.flag("allow-rejected") ? "writing the result as asked"
                                              : "nothing written (--allow-rejected "
                                                "writes it anyway)")
              << ". The reasons follow.\n";
  }
  return too_many && !args.flag("allow-rejected");
}

int refused_status() {
  std::cerr << "yanxiu: nothing written: too many input rows rejected (see the first line)\n";
  return exit_too_many_rejected;
}

bool too_many_rejected(const Arguments& args, const Ledger& ledger) {
  return too_many_rejected(args, ledger, ledger.intake_counts());
}

void create_output_directory(const std::string& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) throw WriteError(path, error.value());
}

std::unique_ptr<OutputFile> open_output(const Arguments& args, const std::string& path, bool csv) {
  std::cout.flush();  // what went to standard output before stays before
  return std::make_unique<OutputFile>(
      path, OutputOptions{.guard_formulas = csv && !args.flag("raw-csv")});
}

std::unique_ptr<OutputFile> open_output(const Arguments& args, bool csv) {
  return open_output(args, args.get("out").value_or("-"), csv);
}

}  // namespace yanxiu::cli
