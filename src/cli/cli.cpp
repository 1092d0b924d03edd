#include "cli/cli.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace gc {
namespace {

constexpr const char* kFooter = R"(
Gates (see `gatecheck list`): build, clippy, docs, unit-tests, integration-tests, fmt, doctests.

Exit codes:
  0    every required gate passed
  1    a required gate failed
  2    usage, configuration or input error
  3    a required gate could not be evaluated (its tool is unavailable or errored)
  130  interrupted (child processes killed, partial report written)

Configuration: gatecheck.toml or [package.metadata.gatecheck] / [workspace.metadata.gatecheck]
in Cargo.toml; the command line overrides both. Reference: docs/CONFIG.md.)";

void add_common(CLI::App& app, CommonOptions& common) {
    static const std::map<std::string, ColorChoice> colors{
        {"auto", ColorChoice::automatic}, {"always", ColorChoice::always}, {"never", ColorChoice::never}};
    app.add_option("--color", common.color, "When to use colour: auto (a terminal, and NO_COLOR unset), always, never")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case))
        ->option_text("WHEN");
}

}  // namespace

bool use_color(ColorChoice choice, int fd) {
    switch (choice) {
        case ColorChoice::always:
            return true;
        case ColorChoice::never:
            return false;
        case ColorChoice::automatic: {
            const char* no_color = std::getenv("NO_COLOR");
            if (no_color != nullptr && *no_color != '\0') {
                return false;
            }
            const char* term = std::getenv("TERM");
            return ::isatty(fd) != 0 && (term == nullptr || std::string(term) != "dumb");
        }
    }
    return false;
}

Result<ParsedCommand> parse_command_line(int argc, const char* const* argv) {
    // `gatecheck [check] [PATH]`: without a subcommand name, the arguments are check's.
    std::vector<std::string> args(argv + 1, argv + argc);
    static const std::vector<std::string> passthrough{"check", "list", "help", "-h", "--help", "-V", "--version"};
    if (args.empty() || std::find(passthrough.begin(), passthrough.end(), args.front()) == passthrough.end()) {
        args.insert(args.begin(), "check");
    }
    if (args.front() == "help") {
        args.front() = "--help";
    }

    CLI::App app{
        "gatecheck: hold a Rust crate to a release-quality checklist (clippy pedantic, docs with "
        "examples, unit/integration/doc tests, formatting) and exit non-zero when a required gate fails.",
        "gatecheck"};
    app.footer(kFooter);
    app.set_version_flag("-V,--version", std::string("gatecheck ") + kVersion);
    app.require_subcommand(1, 1);

    CheckOptions check;
    auto* check_cmd = app.add_subcommand("check", "Run the quality gates on a crate or workspace (the default)");
    check_cmd->add_option("path", check.path, "Crate directory, workspace root or Cargo.toml (default: .)")
        ->option_text("PATH");
    check_cmd->add_option("-p,--package", check.packages, "Check only this workspace member (repeatable)")
        ->option_text("NAME")
        ->allow_extra_args(false);
    check_cmd->add_option("--gate", check.gates, "Run only this gate (repeatable)")
        ->option_text("ID")
        ->allow_extra_args(false);
    check_cmd->add_option("--skip", check.skips, "Do not run this gate (repeatable)")
        ->option_text("ID")
        ->allow_extra_args(false);
    check_cmd
        ->add_option("--report", check.reports,
                     "Write a report: human or json, to stdout or =FILE (repeatable; default: human on stdout)")
        ->option_text("FORMAT[=FILE]")
        ->allow_extra_args(false);
    check_cmd->add_option("-j,--jobs", check.jobs, "Commands to run at once (default: the number of CPUs)")
        ->check(CLI::PositiveNumber)
        ->option_text("N");
    check_cmd
        ->add_option("--timeout", check.timeout_s,
                     "Kill any external command (and its process group) after this many seconds")
        ->check(CLI::PositiveNumber)
        ->option_text("SECONDS");
    add_common(*check_cmd, check.common);
    check_cmd->add_flag_function(
        "-q,--quiet", [&](std::int64_t) { check.common.verbosity = -1; }, "Print only the verdict line");
    check_cmd->add_flag_function(
        "-v,--verbose", [&](std::int64_t n) { check.common.verbosity = static_cast<int>(n); },
        "Show every command as it runs and every finding");
    check_cmd->footer(kFooter);

    ListOptions list;
    auto* list_cmd = app.add_subcommand("list", "List every gate: id, phase, checklist items, tools available here");
    list_cmd->add_option("path", list.path, "Where to look up the toolchain (default: .)")->option_text("PATH");
    add_common(*list_cmd, list.common);

    std::vector<const char*> cargv{argv[0]};
    for (const auto& a : args) {
        cargv.push_back(a.c_str());
    }
    try {
        app.parse(static_cast<int>(cargv.size()), cargv.data());
    } catch (const CLI::CallForHelp& e) {
        if (app.got_subcommand(check_cmd)) {
            std::cout << check_cmd->help();
        } else if (app.got_subcommand(list_cmd)) {
            std::cout << list_cmd->help();
        } else {
            // `check` is the default command: its options belong on the first help page.
            app.footer("");
            std::cout << app.help() << "\nOptions of `gatecheck [check]` (the default command):\n"
                      << check_cmd->help("", CLI::AppFormatMode::Sub) << kFooter << "\n";
        }
        return ParsedCommand{ExitNow{0}};
    } catch (const CLI::CallForAllHelp& e) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return ParsedCommand{ExitNow{0}};
    } catch (const CLI::Success&) {
        std::cout << "gatecheck " << kVersion << "\n";
        return ParsedCommand{ExitNow{0}};
    } catch (const CLI::ParseError& e) {
        return make_error(ErrorKind::usage, e.what());
    }
    if (app.got_subcommand(list_cmd)) {
        return ParsedCommand{list};
    }
    return ParsedCommand{check};
}

}  // namespace gc
