#include "probes/cargo_command.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gc {

using process::Command;
using process::Completed;
using process::Outcome;

ToolProblem error_problem(std::string reason) {
    return ToolProblem{GateStatus::error, std::move(reason), ""};
}

std::string stderr_excerpt(const std::string& err) {
    const auto plain = strip_ansi(err);
    auto pos = plain.find("error");
    if (pos == std::string::npos) {
        pos = plain.size() > 600 ? plain.size() - 600 : 0;
    }
    auto excerpt = plain.substr(pos, 600);
    std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
    while (!excerpt.empty() && excerpt.back() == ' ') {
        excerpt.pop_back();
    }
    return excerpt;
}

bool compile_failed(const std::string& err) {
    return err.find("could not compile `") != std::string::npos;
}

Command cargo_command(const Workspace& ws, std::vector<std::string> args, std::chrono::seconds timeout) {
    Command c;
    c.argv = {"cargo"};
    c.argv.insert(c.argv.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
    c.cwd = ws.root;
    c.timeout = timeout;
    return c;
}

bool TargetScope::excludes(const CargoTarget& target) const {
    return std::find(excluded.begin(), excluded.end(), std::pair(target.kind(), target.name)) != excluded.end();
}

bool TargetScope::excludes_kind(const std::string& kind) const {
    return std::any_of(excluded.begin(), excluded.end(), [&](const auto& e) { return e.first == kind; });
}

std::vector<std::string> feature_args(const TargetScope& scope) {
    std::vector<std::string> args;
    if (!scope.features.empty()) {
        args.emplace_back("--features");
        args.push_back(fmt::format("{}", fmt::join(scope.features, ",")));
    }
    if (scope.no_default_features) {
        args.emplace_back("--no-default-features");
    }
    if (scope.all_features) {
        args.emplace_back("--all-features");
    }
    return args;
}

namespace {

// The selected packages' targets of one kind that are not excluded, each name once.
std::vector<std::string> remaining(const Workspace& ws, const TargetScope& scope, const std::string& kind) {
    std::vector<std::string> names;
    for (const auto* pkg : ws.selected_packages()) {
        for (const auto& t : pkg->targets) {
            if (t.kind() == kind && !scope.excludes(t) &&
                std::find(names.begin(), names.end(), t.name) == names.end()) {
                names.push_back(t.name);
            }
        }
    }
    return names;
}

// `--KIND NAME` for each remaining target of the kind, or the plural flag when none is
// excluded and `also_built` (the kinds the plural flag also builds) lost nothing.
void add_kind(std::vector<std::string>& args, const Workspace& ws, const TargetScope& scope, const std::string& kind,
              const std::vector<std::string>& also_built) {
    const bool untouched = std::none_of(also_built.begin(), also_built.end(),
                                        [&](const std::string& k) { return scope.excludes_kind(k); });
    if (untouched && !scope.excludes_kind(kind)) {
        args.push_back(kind == "test" ? "--tests" : "--" + kind + (kind == "bench" ? "es" : "s"));
        return;
    }
    for (const auto& name : remaining(ws, scope, kind)) {
        args.push_back("--" + kind);
        args.push_back(name);
    }
}

std::vector<std::string> target_args(const Workspace& ws, const TargetScope& scope, Targets targets) {
    if (targets == Targets::none) {
        return {};
    }
    if (scope.excluded.empty()) {
        return {targets == Targets::all ? "--all-targets" : "--tests"};
    }
    std::vector<std::string> args;
    // `--tests` and `--benches` also build the library's and binaries' harnesses.
    const std::vector<std::string> harnessed{"lib", "bin"};
    if (targets == Targets::all) {
        // cargo rejects --lib when no selected package has a library left.
        if (!remaining(ws, scope, "lib").empty()) {
            args.emplace_back("--lib");
        }
        add_kind(args, ws, scope, "bin", {});
    }
    add_kind(args, ws, scope, "test", harnessed);
    if (targets == Targets::all) {
        add_kind(args, ws, scope, "bench", harnessed);
        add_kind(args, ws, scope, "example", {});
    }
    return args;
}

}  // namespace

std::vector<std::string> scope_args(const Workspace& ws, const TargetScope& scope, Targets targets) {
    auto args = target_args(ws, scope, targets);
    const auto features = feature_args(scope);
    args.insert(args.end(), features.begin(), features.end());
    return args;
}

std::vector<std::string> package_args(const Workspace& ws) {
    std::vector<std::string> args{"--manifest-path", (ws.root / "Cargo.toml").string()};
    if (ws.selected.size() == ws.members.size()) {
        args.emplace_back("--workspace");
        return args;
    }
    for (const auto* p : ws.selected_packages()) {
        args.emplace_back("-p");
        args.push_back(package_spec(*p));
    }
    return args;
}

std::string package_spec(const Package& pkg) {
    // Older cargo wrote ids as "name 1.0.0 (path+file:///...)", which -p does not accept.
    const bool spec = pkg.id.find("://") != std::string::npos && pkg.id.find('#') != std::string::npos &&
                      pkg.id.find(' ') == std::string::npos;
    return spec ? pkg.id : pkg.name;
}

Command metadata_command(const std::filesystem::path& manifest, std::chrono::seconds timeout) {
    Command c;
    c.argv = {"cargo", "metadata", "--format-version", "1", "--no-deps", "--manifest-path", manifest.string()};
    c.cwd = manifest.parent_path();
    c.timeout = timeout;
    return c;
}

std::optional<ToolProblem> tool_problem(const Completed& res, const Command& cmd) {
    const std::string tool = cmd.argv.empty() ? std::string("command") : cmd.argv.front();
    switch (res.outcome) {
        case Outcome::spawn_failed:
            if (res.message.find("command not found") != std::string::npos) {
                return ToolProblem{GateStatus::unavailable,
                                   fmt::format("{} is not installed (not found in PATH)", tool),
                                   tool == "cargo" || tool == "rustc" ? kInstallRust : ""};
            }
            return error_problem(res.message);
        case Outcome::exited:
            break;
        default:
            return error_problem(fmt::format("`{}`: {}", cmd.display(), res.describe(cmd)));
    }
    if (res.exit_code == 0 || cmd.argv.size() < 2 || tool != "cargo") {
        return std::nullopt;
    }
    // A cargo subcommand that is not installed: rustup's proxy or cargo itself says so.
    const std::string& sub = cmd.argv[1];
    const bool missing = res.err.find("no such command: `" + sub + "`") != std::string::npos ||
                         res.err.find("'cargo-" + sub + "' is not installed") != std::string::npos;
    if (missing) {
        const std::string component = sub == "fmt" ? "rustfmt" : sub;
        return ToolProblem{GateStatus::unavailable, fmt::format("cargo {} is not installed", sub),
                           fmt::format("rustup component add {}", component)};
    }
    return std::nullopt;
}

void TailSink::line(std::string_view text) {
    text_.append(text);
    text_ += '\n';
    if (text_.size() > cap_) {
        text_.erase(0, text_.size() - cap_);
    }
}

Probed<CompileEvidence> judge_compile(const Completed& res, const Command& cmd, CargoMessages& messages) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    CompileEvidence ev;
    ev.build_script_failures = build_script_failures(res.err);
    const bool member_errors = std::any_of(messages.diagnostics.begin(), messages.diagnostics.end(),
                                           [](const Diagnostic& d) { return d.level == "error"; });
    const bool ok_exit = res.exit_code == 0;
    if (ok_exit && messages.build_finished != std::optional<bool>(true)) {
        return error_problem(
            fmt::format("`{}` exited 0 but its JSON output did not end with a successful "
                        "build-finished message",
                        cmd.display()));
    }
    if (!ok_exit && !member_errors && ev.build_script_failures.empty()) {
        return error_problem(fmt::format("`{}` failed without a compiler error in the crate: {}", cmd.display(),
                                         stderr_excerpt(res.err)));
    }
    ev.success = ok_exit;
    ev.diagnostics = std::move(messages.diagnostics);
    return ev;
}

}  // namespace gc
