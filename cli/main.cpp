// The yanxiu command: check a policy, audit a county's CSV exports, explain one teacher, run
// policy tests, or show all of it on a synthetic county. An adapter only: every rule lives in
// the library. This file holds the table of commands, the help made from it, and main.

#include <cerrno>
#include <iostream>
#include <optional>

#include "cli.hpp"

namespace yanxiu::cli {

namespace {

const Option format_option{"format", "csv|json", "the audit as CSV (the default) or JSON"};
const Option record_option{
    "record", "sidecar|inline",
    "where the CSV's decision record goes: a file beside --out, OUT.meta.json (the default; "
    "to standard output: nowhere), or a # line heading the table"};
const Option teacher_option{"teacher", "ID", "the teacher's id"};
const Option explain_format_option{
    "format", "text|json",
    "the report a county officer reads (the default), or one JSON object for a program or a web "
    "page (schema yanxiu-explanation/1, docs/explanation-schema.md)"};
const Option lang_option{"lang", "en|zh-CN",
                         "the language of the framing words (the default en); the policy's own "
                         "labels stay as written"};

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"check",
       "POLICY.json...",
       "validate policies (or policy sets); errors as FILE:LINE: error: PATH: ...",
       {{"teachers", "T.csv", "warn of group pools too small for this roster"},
        {"choices", "",
         "list the numbers marked as the county's choice (县定), not the document's"}},
       run_check},
      {"audit",
       "--policy P --teachers T.csv --records R.csv",
       "one row per teacher x rule x period; under a policy set, each period judged by the "
       "version in force",
       {{"policy", "P", "the policy file, or a policy set"},
        teachers_option,
        records_option,
        as_of_option_spec,
        basis_option_spec,
        format_option,
        out_option,
        record_option,
        {"decisions", "F.csv",
         "also write each teacher's named decisions (the policy's \"decisions\") to F.csv: "
         "teacher_id,decision,status,verdicts,blocking,detail"},
        threads_option,
        max_warnings_option,
        encoding_option,
        raw_csv_option,
        allow_rejected_option,
        max_rejected_option,
        progress_option,
        quiet_option},
       run_audit},
      {"explain",
       "--policy P --teachers T.csv --records R.csv --teacher ID [--format text|json] [--lang "
       "en|zh-CN]",
       "one teacher's verdicts with the records behind them, and what closes the gap when "
       "something is short",
       {{"policy", "P", "the policy file, or a policy set"},
        teachers_option,
        records_option,
        teacher_option,
        explain_format_option,
        lang_option,
        as_of_option_spec,
        basis_option_spec,
        max_warnings_option,
        encoding_option,
        allow_rejected_option,
        max_rejected_option,
        progress_option,
        quiet_option},
       run_explain},
      {"subjects",
       "--policy P --teachers T.csv [--group-records G.csv] [--schools S.csv]",
       "the duties of groups of teachers and of schools: a row per group or school x rule x "
       "period (subject_kind,subject_id,...), or one group's or school's explanation",
       {policy_option,
        teachers_option,
        {"group-records", "G.csv",
         "the groups' records: a records file whose `group` column "
         "names the group (the value its members share)"},
        {"schools", "S.csv",
         "one row per school (and `year`): `school` and the figures the "
         "policy's school rules read, in yuan"},
        {"group", "ID", "explain this group instead"},
        {"school", "ID", "explain this school instead"},
        as_of_option_spec,
        out_option,
        max_warnings_option,
        encoding_option,
        raw_csv_option},
       run_subjects},
      {"score",
       "--policy P --rubric ID [--scores S.csv] [--metrics M.csv]",
       "score a rubric: item, group:<id> and total rows a subject",
       {policy_option,
        {"rubric", "ID", "the rubric of the policy"},
        {"scores", "S.csv", "the scores file"},
        {"metrics", "M.csv", "the metrics file"},
        out_option,
        max_warnings_option,
        encoding_option,
        raw_csv_option},
       run_score},
      {"tiers",
       "--policy P --teachers T.csv --records R.csv",
       "star and backbone tiers: a row per teacher x ladder, one teacher's criteria, or the "
       "county's counts",
       {policy_option,
        teachers_option,
        records_option,
        {"teacher", "ID", "one teacher's criteria, as text"},
        {"view", "table|county", "the table (CSV, the default) or the county's counts (text)"},
        as_of_option_spec,
        basis_option_spec,
        out_option,
        max_warnings_option,
        encoding_option,
        raw_csv_option,
        allow_rejected_option,
        max_rejected_option,
        progress_option,
        quiet_option},
       run_tiers},
      {"groups",
       "assign|audit|assess --policy P --teachers T.csv",
       "place teachers in workshops and clusters, check an assignment, or sum up each group for "
       "its leader",
       {policy_option,
        teachers_option,
        {"assignment", "A.csv", "the current assignment (audit and assess need it)"},
        {"records", "R.csv", "the records file (assess needs it)"},
        out_option,
        {"unplaced", "F", "assign: write the teachers left unplaced to F"},
        max_warnings_option,
        encoding_option,
        raw_csv_option,
        allow_rejected_option,
        max_rejected_option},
       run_groups},
      {"test",
       "PATH...",
       "run policy tests (*.test.json files, or directories of them)",
       {{"coverage", "", "list the rules and rubrics no case checks"}},
       run_test},
      {"plan",
       "--policy P --teachers T.csv --records R.csv",
       "the county's missing hours by month and category: every short teacher's gap plan, "
       "summed (CSV)",
       {policy_option, teachers_option, records_option, as_of_option_spec, basis_option_spec,
        out_option, threads_option, max_warnings_option, encoding_option, raw_csv_option,
        allow_rejected_option, max_rejected_option, progress_option, quiet_option},
       run_plan},
      {"diff",
       "--policy A --policy B --teachers T.csv --records R.csv",
       "impact of policy B against A: the teachers who flip, per rule and per school",
       {{"policy", "P", "the policies A and B: give it twice"},
        teachers_option,
        records_option,
        {"by", "ATTRIBUTE", "the teacher attribute to group by (default school)"},
        as_of_option_spec,
        basis_option_spec,
        {"out", "DIR", "write rules.csv, groups.csv and flips.csv into DIR"},
        {"max-flips", "N", "teachers listed (default 50)"},
        max_warnings_option,
        encoding_option,
        raw_csv_option,
        allow_rejected_option,
        max_rejected_option,
        progress_option,
        quiet_option},
       run_diff},
      {"demo",
       "",
       "audit a synthetic county with the Dali policy",
       {{"teachers", "N", "teachers in the county (default 3000)"},
        {"seed", "S", "the generator's seed (default 2017)"},
        threads_option,
        {"policy", "P", "a policy of your own instead of Dali's"},
        {"out", "DIR", "write teachers.csv, records.csv and audit.csv into DIR"},
        raw_csv_option},
       run_demo},
  };
  return table;
}

namespace {

const char* const exit_statuses =
    "exit status: 0 ok; 1 finished, but input rows were rejected (or a policy test failed);\n"
    "             2 usage error, a policy or input file that cannot be used, or an output\n"
    "             that cannot be written; 3 too many input rows rejected: nothing written\n";

/// `head` padded to `column`, then `text` folded at spaces to lines of at most `width`, the
/// lines after the first indented to `column`.
std::string aligned(std::string head, std::string_view text, std::size_t column) {
  constexpr std::size_t width = 100;
  // A head too long for its column stands on a line of its own.
  if (head.size() + 2 > column) head += '\n' + std::string(column, ' ');
  head.resize(std::max(head.size(), column), ' ');
  std::string out = head;
  std::size_t line = out.size() - (out.rfind('\n') + 1);  // the length of the line being filled
  for (bool first = true; !text.empty(); first = false) {
    const auto space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (!first && line + 1 + word.size() > width) {
      out += '\n';
      out.append(column, ' ');
      line = column;
    } else if (!first) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
  }
  return out + '\n';
}

std::string usage_line(const Command& command) {
  std::string line = "yanxiu " + std::string(command.name);
  if (!command.synopsis.empty()) line += " " + std::string(command.synopsis);
  if (!command.options.empty()) line += " [OPTIONS]";
  return line;
}

void print_help(std::ostream& out) {
  out << "usage: yanxiu COMMAND [OPTIONS]   (yanxiu COMMAND --help: its options)\n\n"
         "commands:\n";
  for (const Command& command : commands()) {
    std::string head = "  " + std::string(command.name);
    if (!command.synopsis.empty()) head += " " + std::string(command.synopsis);
    out << aligned(head, command.summary, 30);
  }
  out << "  version                     print the version\n\n" << exit_statuses;
}

void print_command_help(const Command& command) {
  std::cout << "usage: " << usage_line(command) << "\n\n" << command.summary << "\n";
  if (!command.options.empty()) std::cout << "\noptions:\n";
  for (const Option& option : command.options) {
    std::string head = "  --" + std::string(option.name);
    if (!option.value.empty()) head += " " + std::string(option.value);
    std::cout << aligned(head, option.help, 32);
  }
  std::cout << '\n' << exit_statuses;
}

const Command& find_command(const std::string& name) {
  std::vector<std::string_view> names;
  for (const Command& command : commands()) {
    if (command.name == name) return command;
    names.push_back(command.name);
  }
  names.push_back("version");
  names.push_back("help");
  const auto close = closest_match(name, names);
  throw UsageError{"unknown command \"" + name + "\"" +
                   (close.empty() ? "" : "; did you mean \"" + std::string(close) + "\"?")};
}

int run(int argc, char** argv) {
  const std::string name = argv[1];
  if (name == "version" || name == "--version") {
    std::cout << "yanxiu " << version_string << '\n';
    return exit_ok;
  }
  if (name == "help" || name == "--help" || name == "-h") {
    if (argc > 2) {
      print_command_help(find_command(argv[2]));
    } else {
      print_help(std::cout);
    }
    return exit_ok;
  }
  const Command& command = find_command(name);
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_command_help(command);
      return exit_ok;
    }
  }
  return command.run(Arguments(argc, argv, 2, command));
}

}  // namespace

}  // namespace yanxiu::cli

namespace {

/// Writes out what the command left in standard output's buffer and hands std::cout back its
/// own buffer, in a state where writing to std::cerr (which flushes std::cout first) cannot
/// throw. Returns why standard output could not be written, if it could not.
std::optional<std::string> settle_standard_output(std::streambuf* original) {
  std::optional<std::string> failure;
  if (std::cout.good()) {
    try {
      std::cout.flush();
    } catch (const std::exception& error) {
      failure = error.what();
    }
  }
  std::cout.exceptions(std::ios::goodbit);
  std::cout.clear();
  std::cout.rdbuf(original);  // what is still buffered is dropped, never written at exit
  return failure;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace yanxiu::cli;
  std::ios::sync_with_stdio(false);
  // Standard output is checked like a file: a closed or full one is an error, not exit 0.
  const auto checked = yanxiu::checked_standard_output();
  std::streambuf* const original = std::cout.rdbuf(checked.get());
  std::cout.exceptions(std::ios::badbit);
  yanxiu::remove_temporaries_on_signals();
  if (argc < 2) {
    settle_standard_output(original);
    print_help(std::cerr);
    return exit_usage;
  }
  int status = exit_usage;
  std::optional<std::string> failure;  // why standard output could not be written
  try {
    status = run(argc, argv);
    failure = settle_standard_output(original);
  } catch (const UsageError& error) {
    failure = settle_standard_output(original);
    std::cerr << "yanxiu: " << error.message << "\n(yanxiu help lists the commands)\n";
  } catch (const yanxiu::WriteError& error) {
    settle_standard_output(original);
    std::cerr << "yanxiu: " << error.what() << '\n';
  } catch (const yanxiu::Error& error) {
    failure = settle_standard_output(original);
    print_error(error);
  } catch (const std::exception& error) {
    failure = settle_standard_output(original);
    std::cerr << "yanxiu: " << error.what() << '\n';
  }
  if (failure) {
    std::cerr << "yanxiu: " << *failure << '\n';
    return exit_usage;
  }
  return status;
}
