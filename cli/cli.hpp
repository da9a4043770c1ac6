#pragma once

// What the commands of the yanxiu command line share: the table of commands, the arguments, the
// exit statuses, the inputs and the outputs. An adapter only: every rule lives in the library.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/output.hpp>
#include <yanxiu/yanxiu.hpp>

namespace yanxiu::cli {

// The exit statuses (the table in docs/reliability.md).
constexpr int exit_ok = 0;
constexpr int exit_rejected_rows = 1;      ///< finished, some input rows rejected
constexpr int exit_usage = 2;              ///< usage, an unusable input, an output not written
constexpr int exit_too_many_rejected = 3;  ///< most input rows rejected: nothing written

/// A mistake in the command line: reported with a pointer to `yanxiu help`.
struct UsageError {
  std::string message;
};

/// An option of a command: `--name VALUE`, or a flag when `value` is empty.
struct Option {
  std::string_view name;
  std::string_view value;
  std::string_view help;
};

class Arguments;

/// A command of the table that `yanxiu help`, `yanxiu CMD --help` and the "did you mean" of a
/// mistyped command are made from.
struct Command {
  std::string_view name;
  std::string_view synopsis;  ///< positional arguments, after the name
  std::string_view summary;
  std::vector<Option> options;
  int (*run)(const Arguments&);
};

/// Every command, in the order of `yanxiu help`.
const std::vector<Command>& commands();

/// `--name value` options after the command, and the positional arguments.
class Arguments {
 public:
  Arguments(int argc, char** argv, int first, const Command& command);

  /// The last value given for the option.
  std::optional<std::string> get(const std::string& name) const;
  /// Every value given for the option, in order (`diff --policy A --policy B`).
  std::vector<std::string> all(const std::string& name) const;
  std::string required(const std::string& name) const;
  long number(const std::string& name, long fallback, long low, long high) const;
  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }

 private:
  std::map<std::string, std::vector<std::string>> options_;
  std::vector<std::string> positional_;
  std::set<std::string> flags_;
};

// --- options shared by several commands -------------------------------------------------------

extern const Option policy_option, encoding_option, teachers_option, records_option,
    as_of_option_spec, basis_option_spec, out_option, threads_option, max_warnings_option,
    raw_csv_option, allow_rejected_option, max_rejected_option, progress_option, quiet_option;

Basis basis_option(const Arguments& args);
std::optional<Date> as_of_option(const Arguments& args);
/// The input limits: the defaults, and --encoding for CSV files.
InputLimits input_limits(const Arguments& args);
long max_warnings(const Arguments& args);
/// Where the phases of long work are shown: a line each on standard error when it is a
/// terminal or --progress asks, unless --quiet; nowhere otherwise (progress.cpp).
Progress progress_sink(const Arguments& args);

// --- inputs -----------------------------------------------------------------------------------

void print_error(const Error& error);
/// Errors all; warnings up to `max_warnings` (0: all), then how many were not shown.
void print_diagnostics(const Diagnostics& diagnostics, long max_warnings);

// Input files are read by the library, which refuses a directory in the same words for every
// caller ("F: error: is a directory, not a file").

/// A policy file; a policy set is refused by name, for the commands that judge one policy.
Policy load_one_policy(const std::string& path);
/// A policy set or a single policy (a set of one version: the one path of audit, explain and
/// check), its versions' warnings printed.
PolicySet load_set(const std::string& path);

struct Loaded {
  Policy policy;
  Ledger ledger;
};
Loaded load_inputs(const Arguments& args, const std::string& policy_file);
Loaded load_inputs(const Arguments& args);
/// --teachers and --records read with `policy`, within the --max-* limits.
Ledger read_county(const Arguments& args, const Policy& policy);
/// The county read once per version of the policy set, with that version's policy.
std::vector<Ledger> read_set_ledgers(const Arguments& args, const PolicySet& set);
SetAudit evaluate_set(const Arguments& args, const AuditOptions& options);
SetAudit evaluate_set(const Arguments& args, const PolicySet& set, const AuditOptions& options);

int rejected_status(const Ledger& ledger);
int rejected_status(const SetAudit& audit);

/// When more than --max-rejected percent of a file's rows (or all of them) were rejected: says
/// so on standard error, loudly, and returns true unless --allow-rejected asks for the result
/// anyway. Called before the diagnostics are printed, so that it is the first thing said.
bool too_many_rejected(const Arguments& args, const Ledger& ledger);
/// Says again, last, that nothing was written; exit_too_many_rejected.
int refused_status();
/// The same for a policy set's audit: `records`, the dispositions of every version's rows.
bool too_many_rejected(const Arguments& args, const Ledger& ledger,
                       const DispositionCounts& records);
/// The same from the count of rejected record rows and of all record rows.
bool too_many_rejected(const Arguments& args, const Ledger& ledger, std::int64_t rejected_records,
                       std::int64_t record_rows);

// --- outputs ----------------------------------------------------------------------------------

/// --out's file, or standard output: whole or not at all, every write checked. A CSV gets the
/// spreadsheet formula guard unless --raw-csv.
std::unique_ptr<OutputFile> open_output(const Arguments& args, bool csv);
std::unique_ptr<OutputFile> open_output(const Arguments& args, const std::string& path, bool csv);
/// The directory of `diff --out DIR` or `demo --out DIR`, made when missing; WriteError if not.
void create_output_directory(const std::string& path);

// --- the commands -----------------------------------------------------------------------------

int run_check(const Arguments& args);
int run_audit(const Arguments& args);
int run_explain(const Arguments& args);
int run_plan(const Arguments& args);
int run_diff(const Arguments& args);
int run_score(const Arguments& args);
int run_tiers(const Arguments& args);
int run_groups(const Arguments& args);
int run_subjects(const Arguments& args);
int run_test(const Arguments& args);
int run_demo(const Arguments& args);

}  // namespace yanxiu::cli
