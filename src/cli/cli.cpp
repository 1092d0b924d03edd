#include "cli/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/scaffold_cli.hpp"
#include "config/config.hpp"
#include "core/suggest.hpp"
#include "gates/gate.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

constexpr const char* kFooter = R"(
Exit codes:
  0    every required gate passed
  1    a required gate failed
  2    usage, configuration or input error
  3    a required gate could not be evaluated (its tool is unavailable or errored)
  130  interrupted (child processes killed, partial report written)

Configuration: gatecheck.toml or [package.metadata.gatecheck] / [workspace.metadata.gatecheck]
in Cargo.toml; the command line overrides both. Reference: docs/CONFIG.md.)";

// --jobs, --timeout and --color reach CLI11 as plain text and are converted here: CLI11's
// own checks print its internals ("Value 0 not in range 0.000000 to 1797...", "Check
// sometimes value in {always->1,...} FAILED") instead of what the option accepts.
struct OptionTexts {
    std::string jobs;
    std::string timeout;
    std::string color;
};

Error bad_value(const std::string& option, const std::string& text, const std::string& expected) {
    return make_error(ErrorKind::usage, fmt::format("{} {}: expected {}", option, text, expected));
}

Result<std::int64_t> at_least_one(const std::string& option, const std::string& text, const std::string& expected,
                                  std::int64_t most = std::numeric_limits<std::int64_t>::max()) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < 1 || value > most) {
        return bad_value(option, text, expected);
    }
    return value;
}

Result<ColorChoice> parse_color(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "auto") {
        return ColorChoice::automatic;
    }
    if (lower == "always") {
        return ColorChoice::always;
    }
    if (lower == "never") {
        return ColorChoice::never;
    }
    return bad_value("--color", text, "auto, always or never");
}

CLI::Option* add_color(CLI::App& app, std::string& text) {
    return app.add_option("--color", text, "When to use colour: auto (a terminal, and NO_COLOR unset), always, never")
        ->option_text("WHEN");
}

Status convert_color(const CLI::Option* option, const std::string& text, CommonOptions& common) {
    if (option->count() == 0) {
        return Ok{};
    }
    auto color = parse_color(text);
    if (!color) {
        return color.error();
    }
    common.color = *color;
    return Ok{};
}

struct CheckFlags {
    CLI::Option* jobs = nullptr;
    CLI::Option* timeout = nullptr;
    CLI::Option* color = nullptr;
    CLI::Option* quiet = nullptr;
    CLI::Option* verbose = nullptr;
};

Status convert_check(const CheckFlags& flags, const OptionTexts& texts, CheckOptions& check) {
    if (flags.quiet->count() > 0 && flags.verbose->count() > 0) {
        return make_error(ErrorKind::usage, "-q and -v cannot be used together");
    }
    if (flags.jobs->count() > 0) {
        auto jobs = at_least_one("--jobs", texts.jobs, "a whole number of at least 1");
        if (!jobs) {
            return jobs.error();
        }
        check.jobs = static_cast<std::size_t>(*jobs);
    }
    if (flags.timeout->count() > 0) {
        auto seconds = at_least_one("--timeout", texts.timeout,
                                    fmt::format("a whole number of seconds from 1 to {} (7 days)", kMaxTimeoutSeconds),
                                    kMaxTimeoutSeconds);
        if (!seconds) {
            return seconds.error();
        }
        check.timeout_s = *seconds;
    }
    return convert_color(flags.color, texts.color, check.common);
}

// Every report format of the registry, with the file name `--report FORMAT=DIR/` writes.
std::string formats_footer() {
    std::string text =
        "\nReport formats (--report FORMAT[=FILE]; FILE - is stdout; a DIR/ gets the file name shown):\n";
    std::size_t name_width = 0;
    std::size_t file_width = 0;
    for (const auto& f : report_formats()) {
        name_width = std::max(name_width, std::string_view(f.name).size());
        file_width = std::max(file_width, std::string_view(f.default_file).size());
    }
    for (const auto& f : report_formats()) {
        text += fmt::format("  {:<{}}  {:<{}}  {}\n", f.name, name_width, f.default_file, file_width, f.description);
    }
    return text;
}

// Every gate of the catalogue, wrapped the way CLI11 prints the rest of the help.
std::string gates_footer() {
    std::string text = "\nGates (details: `gatecheck list`):";
    std::size_t column = text.size() - 1;
    const auto& gates = gate_catalogue();
    for (std::size_t i = 0; i < gates.size(); ++i) {
        const std::string word = " " + gates[i]->info().id + (i + 1 < gates.size() ? "," : ".");
        if (column + word.size() > 90) {
            text += "\n ";
            column = 1;
        }
        text += word;
        column += word.size();
    }
    return text + "\n" + formats_footer() + kFooter;
}

// `gatecheck bench save [NAME]`: the benchmarks gate's run, saving each bench target's results
// as baseline NAME (the one bench-targets' max_regression compares against).
CLI::App* add_bench_command(CLI::App& app, CheckOptions& save) {
    auto* bench = app.add_subcommand("bench", "Benchmarks: `gatecheck bench save [NAME]` saves a baseline");
    bench->require_subcommand(1, 1);
    auto* cmd =
        bench->add_subcommand("save",
                              "Run the benchmarks (the benchmarks gate) and save their results as baseline NAME, for "
                              "bench-targets' max_regression");
    save.save_baseline = "gatecheck";
    save.gates = {"benchmarks"};
    cmd->add_option("name", save.save_baseline, "Baseline name (default: gatecheck)")->option_text("NAME");
    cmd->add_option("--path", save.path, "Crate directory, workspace root or Cargo.toml (default: .)")
        ->option_text("PATH");
    cmd->add_option("-p,--package", save.packages, "Only this workspace member (repeatable)")
        ->option_text("NAME")
        ->allow_extra_args(false);
    cmd->add_option("--report", save.reports, "Write a report: FORMAT or FORMAT=FILE (repeatable)")
        ->option_text("FORMAT[=FILE]")
        ->allow_extra_args(false);
    return bench;
}

const CLI::App* scaffold_help(const CLI::App& app, const ScaffoldCommands& c) {
    for (const auto* cmd : {c.new_cmd, c.module_cmd, c.init_cmd}) {
        if (app.got_subcommand(cmd)) {
            return cmd;
        }
    }
    return nullptr;
}

std::optional<ParsedCommand> scaffold_command(const CLI::App& app, const ScaffoldCommands& c) {
    if (app.got_subcommand(c.new_cmd)) {
        return ParsedCommand{c.new_options};
    }
    if (app.got_subcommand(c.module_cmd)) {
        return ParsedCommand{c.module_options};
    }
    if (app.got_subcommand(c.init_cmd)) {
        return ParsedCommand{c.init_options};
    }
    return std::nullopt;
}

}  // namespace

// A first word that is no path but nearly a subcommand's name (`gatecheck chek`): a typo, not
// a crate directory that does not exist.
std::optional<Error> mistyped_command(const std::vector<std::string>& args, const std::vector<std::string>& commands) {
    if (args.empty() || args.front().empty() || args.front().front() == '-' ||
        std::find(commands.begin(), commands.end(), args.front()) != commands.end() ||
        args.front().find('/') != std::string::npos || std::filesystem::exists(args.front())) {
        return std::nullopt;
    }
    if (const auto near = nearest(args.front(), commands)) {
        return make_error(
            ErrorKind::usage,
            fmt::format("unknown command '{}'; did you mean '{}'? (gatecheck --help lists them)", args.front(), *near));
    }
    return std::nullopt;
}

// A long option the command does not have, named with the nearest one it has: CLI11's own
// message only says which arguments "were not expected".
// The long options of a command and of the commands under it (`bench save --report`).
void long_options(const CLI::App& command, std::vector<std::string>& known) {
    for (const auto* option : command.get_options()) {
        for (const auto& name : option->get_lnames()) {
            known.push_back("--" + name);
        }
    }
    const std::function<bool(const CLI::App*)> every;
    for (const auto* sub : command.get_subcommands(every)) {
        long_options(*sub, known);
    }
}

std::optional<Error> unknown_option(const CLI::App& command, const std::vector<std::string>& args) {
    std::vector<std::string> known;
    long_options(command, known);
    for (std::size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
        if (args[i].rfind("--", 0) != 0 || args[i].size() == 2) {
            continue;
        }
        const auto name = args[i].substr(0, args[i].find('='));
        if (std::find(known.begin(), known.end(), name) != known.end()) {
            continue;
        }
        const auto near = nearest(name, known);
        return make_error(ErrorKind::usage,
                          near ? fmt::format("unknown option '{}'; did you mean '{}'?", name, *near)
                               : fmt::format("unknown option '{}' (gatecheck {} --help lists the options)", name,
                                             command.get_name()));
    }
    return std::nullopt;
}

Result<ParsedCommand> parse_command_line(int argc, const char* const* argv) {
    // `gatecheck [check] [PATH]`: without a subcommand name, the arguments are check's.
    std::vector<std::string> args(argv + 1, argv + argc);
    // As `cargo gatecheck ARGS`, cargo runs `cargo-gatecheck gatecheck ARGS`: the subcommand's
    // own name comes first, and is not a path to check.
    const std::string_view program = argc > 0 ? std::string_view(argv[0]) : std::string_view();
    if (program.ends_with("cargo-gatecheck") && !args.empty() && args.front() == "gatecheck") {
        args.erase(args.begin());
    }
    static const std::vector<std::string> passthrough{"check", "list", "bench",  "new", "module",   "init",
                                                      "help",  "-h",   "--help", "-V",  "--version"};
    if (auto typo = mistyped_command(args, {"check", "list", "bench", "new", "module", "init", "help"})) {
        return *typo;
    }
    if (args.empty() || std::find(passthrough.begin(), passthrough.end(), args.front()) == passthrough.end()) {
        args.insert(args.begin(), "check");
    }
    if (args.front() == "help") {
        args.front() = "--help";
    }

    CLI::App app{
        "gatecheck: hold a Rust crate to a release-quality checklist (clippy pedantic, docs and examples, "
        "tests, sanitizers, unsafe code, error handling, advisories, reviews) and exit non-zero when a required "
        "gate fails.",
        "gatecheck"};
    app.footer(gates_footer());
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
                     "Write a report: FORMAT (below) to stdout or =FILE (repeatable; default: human on stdout)")
        ->option_text("FORMAT[=FILE]")
        ->allow_extra_args(false);
    OptionTexts check_texts;
    CheckFlags flags;
    flags.jobs =
        check_cmd->add_option("-j,--jobs", check_texts.jobs, "Commands to run at once (default: the number of CPUs)")
            ->option_text("N");
    flags.timeout = check_cmd
                        ->add_option("--timeout", check_texts.timeout,
                                     "Kill any external command (and its process group) after this many seconds")
                        ->option_text("SECONDS");
    flags.color = add_color(*check_cmd, check_texts.color);
    flags.quiet = check_cmd->add_flag_function(
        "-q,--quiet", [&](std::int64_t) { check.common.verbosity = -1; }, "Print only the verdict line");
    flags.verbose = check_cmd->add_flag_function(
        "-v,--verbose", [&](std::int64_t n) { check.common.verbosity = static_cast<int>(n); },
        "Show every command as it runs, every finding (notes too) and every checklist item not checked yet");
    check_cmd->footer(gates_footer());

    ListOptions list;
    auto* list_cmd = app.add_subcommand("list", "List every gate: id, phase, checklist items, tools available here");
    list_cmd->add_option("path", list.path, "Where to look up the toolchain (default: .)")->option_text("PATH");
    std::string list_color;
    const auto* list_color_opt = add_color(*list_cmd, list_color);

    CheckOptions save;
    auto* bench_cmd = add_bench_command(app, save);
    ScaffoldCommands scaffolds;
    add_scaffold_commands(app, scaffolds);

    const std::function<bool(const CLI::App*)> every;
    for (const auto* command : std::as_const(app).get_subcommands(every)) {
        if (command->get_name() != args.front()) {
            continue;
        }
        if (auto unknown = unknown_option(*command, args)) {
            return *unknown;
        }
    }
    std::vector<const char*> cargv{argv[0]};
    for (const auto& a : args) {
        cargv.push_back(a.c_str());
    }
    try {
        app.parse(static_cast<int>(cargv.size()), cargv.data());
    } catch (const CLI::CallForHelp& e) {
        if (app.got_subcommand(check_cmd)) {
            std::cout << check_cmd->help("gatecheck");  // "Usage: gatecheck check ...", not "check ..."
        } else if (app.got_subcommand(list_cmd)) {
            std::cout << list_cmd->help("gatecheck");
        } else if (const auto* sub = scaffold_help(app, scaffolds)) {
            std::cout << sub->help("gatecheck");
        } else {
            // `check` is the default command: its options belong on the first help page.
            app.footer("");
            std::cout << app.help() << "\nOptions of `gatecheck [check]` (the default command):\n"
                      << check_cmd->help("", CLI::AppFormatMode::Sub) << gates_footer() << "\n";
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
        if (auto st = convert_color(list_color_opt, list_color, list.common); !st) {
            return st.error();
        }
        return ParsedCommand{list};
    }
    if (app.got_subcommand(bench_cmd)) {
        return ParsedCommand{save};
    }
    if (auto scaffold = scaffold_command(app, scaffolds)) {
        return *scaffold;
    }
    if (auto st = convert_check(flags, check_texts, check); !st) {
        return st.error();
    }
    return ParsedCommand{check};
}

}  // namespace gc
