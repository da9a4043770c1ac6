// The commands about a policy itself: check, test and score.

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <yanxiu/subject_rules.hpp>

#include "cli.hpp"

namespace yanxiu::cli {

namespace fs = std::filesystem;

namespace {

/// What check says of a policy that loaded (its warnings printed): its size and, given a roster,
/// the group pools it cannot seat. Returns the exit status.
/// The numbers the policy marks as the county's choice, one line each: "PATH:LINE: 县定 ...".
void print_county_choices(const std::string& path, const Policy& policy) {
  const auto choices = policy.county_choices();
  std::cout << path << ": " << choices.size() << " county's choice"
            << (choices.size() == 1 ? "" : "s") << " (县定)\n";
  for (const auto& choice : choices) {
    std::cout << path << ':' << choice.position.line << ": " << choice.position.path << ": ";
    if (!choice.section.empty()) std::cout << '[' << choice.section << "] ";
    std::cout << choice.note << '\n';
  }
}

int check_loaded(const std::string& path, const Policy& policy,
                 const std::optional<std::string>& roster, bool choices) {
  std::cout << path << ": ok: policy " << policy.id() << ", " << policy.categories().size()
            << " categories, " << policy.rules().size() << " rules, up to "
            << verdicts_per_teacher(policy.calendar(), policy.rules()) << " verdicts per teacher";
  if (const auto rubrics = policy.rubrics().size(); rubrics > 0)
    std::cout << ", " << rubrics << (rubrics == 1 ? " rubric" : " rubrics");
  if (const auto ladders = policy.ladders().size(); ladders > 0)
    std::cout << ", " << ladders << (ladders == 1 ? " tier ladder" : " tier ladders");
  // Rules of groups and schools: judged by `yanxiu subjects`, not in the teacher audit.
  if (const auto groups = subject_rules(policy).group_rule_count(); groups > 0)
    std::cout << ", " << groups << (groups == 1 ? " group rule" : " group rules");
  if (const auto schools = subject_rules(policy).school_rules.size(); schools > 0)
    std::cout << ", " << schools << (schools == 1 ? " school rule" : " school rules");
  std::cout << '\n';
  if (choices) print_county_choices(path, policy);
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

}  // namespace

int run_check(const Arguments& args) {
  if (args.positional().empty()) throw UsageError{"check needs at least one policy file"};
  const std::optional<std::string> roster = args.get("teachers");
  int status = exit_ok;
  for (const auto& path : args.positional()) {
    try {
      int checked = exit_ok;
      const PolicySet set = load_set(path);
      if (set.is_single_policy()) {
        checked = check_loaded(path, set.versions().front().policy, roster, args.flag("choices"));
      } else {
        std::cout << path << ": ok: policy set " << set.id() << ", " << set.versions().size()
                  << (set.versions().size() == 1 ? " version:" : " versions:");
        for (std::size_t v = 0; v < set.versions().size(); ++v) {
          std::cout << (v ? ", " : " ") << set.versions()[v].policy.id() << " from "
                    << to_iso(set.versions()[v].effective);
        }
        std::cout << '\n';
        for (const PolicyVersion& version : set.versions())
          checked = std::max(checked, check_loaded(version.policy.file_name(), version.policy,
                                                   roster, args.flag("choices")));
      }
      if (status == exit_ok) status = checked;
    } catch (const Error& error) {
      print_error(error);
      status = exit_usage;
    }
  }
  return status;
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

int run_score(const Arguments& args) {
  const auto scores = args.get("scores");
  const auto metrics = args.get("metrics");
  if (!scores && !metrics) throw UsageError{"score needs --scores, --metrics or both"};
  const Policy policy = load_one_policy(args.required("policy"));
  for (const auto& warning : policy.warnings())
    std::cerr << to_string(warning) << '\n';
  // An unknown rubric throws, naming the policy's rubrics.
  ScoreSheet sheet(policy, args.required("rubric"), input_limits(args));
  if (scores) sheet.read_scores(args.required("scores"));
  if (metrics) sheet.read_metrics(args.required("metrics"));
  print_diagnostics(sheet.diagnostics(), max_warnings(args));
  const RubricResult result = score_rubric(sheet);

  const auto out = open_output(args, true);
  write_score_csv(out->stream(), result);
  out->commit();
  if (scores) std::cerr << summary_line("scores", sheet.score_counts()) << '\n';
  if (metrics) std::cerr << summary_line("metrics", sheet.metric_counts()) << '\n';
  const bool rejected = sheet.score_counts()[ScoreDisposition::invalid] > 0 ||
                        sheet.metric_counts()[ScoreDisposition::invalid] > 0;
  return rejected ? exit_rejected_rows : exit_ok;
}

}  // namespace yanxiu::cli
