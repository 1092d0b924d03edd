#include "probes/cargo_command.hpp"

#include <algorithm>
#include <set>

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

bool TargetScope::configured_excludes(const CargoTarget& target) const {
    return std::find(excluded.begin(), excluded.end(), std::pair(target.kind(), target.name)) != excluded.end();
}

bool TargetScope::needs_nightly(const CargoTarget& target) const {
    const auto kind = target.kind();
    return std::any_of(nightly.begin(), nightly.end(),
                       [&](const NightlyTarget& n) { return n.kind == kind && n.name == target.name; });
}

bool TargetScope::excludes(const CargoTarget& target) const {
    return configured_excludes(target) || needs_nightly(target);
}

bool TargetScope::excludes_kind(const std::string& kind) const {
    return std::any_of(excluded.begin(), excluded.end(), [&](const auto& e) { return e.first == kind; }) ||
           std::any_of(nightly.begin(), nightly.end(), [&](const NightlyTarget& n) { return n.kind == kind; });
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
    if (targets == Targets::lib_bins) {
        std::vector<std::string> args;
        // cargo rejects --lib when no selected package has a library left.
        if (!remaining(ws, scope, "lib").empty()) {
            args.emplace_back("--lib");
        }
        add_kind(args, ws, scope, "bin", {});
        return args;
    }
    if (!scope.excludes_any()) {
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

namespace {

// The features enabled in `pkg` by the scope: the requested ones, "default" unless turned
// off, and what they enable in turn within the package (`dep:x` and `x/y` name others).
std::set<std::string> enabled_features(const Package& pkg, const TargetScope& scope) {
    std::set<std::string> on;
    std::vector<std::string> todo = scope.features;
    if (!scope.no_default_features) {
        todo.emplace_back("default");
    }
    while (!todo.empty()) {
        auto f = std::move(todo.back());
        todo.pop_back();
        // `--features pkg/feat` in a workspace names a member's feature.
        if (const auto slash = f.find('/'); slash != std::string::npos) {
            if (f.substr(0, slash) != pkg.name) {
                continue;
            }
            f = f.substr(slash + 1);
        }
        const auto entry = pkg.features.find(f);
        if (entry == pkg.features.end() || !on.insert(f).second) {
            continue;
        }
        todo.insert(todo.end(), entry->second.begin(), entry->second.end());
    }
    return on;
}

bool features_met(const Package& pkg, const CargoTarget& t, const TargetScope& scope) {
    if (scope.all_features || t.required_features.empty()) {
        return true;
    }
    const auto on = enabled_features(pkg, scope);
    return std::all_of(t.required_features.begin(), t.required_features.end(),
                       [&](const std::string& f) { return on.count(f) > 0; });
}

bool built_by(const CargoTarget& t, const std::string& kind, Targets targets) {
    if (targets == Targets::lib_bins) {
        return kind == "lib" || kind == "bin";
    }
    if (targets == Targets::all) {
        // --lib, --bins and --examples build their targets whatever `test =` says; --benches
        // skips `bench = false`, which cargo metadata does not show, so benches are not required.
        return kind == "lib" || kind == "bin" || kind == "example" || (kind == "test" && t.test);
    }
    return targets == Targets::tests && t.test && (kind == "lib" || kind == "bin" || kind == "test");
}

std::string artifact_kind(const CargoArtifact& a) {
    CargoTarget t;
    t.kinds = a.kinds;
    return t.kind();
}

}  // namespace

std::vector<ExpectedTarget> expected_targets(const Workspace& ws, const TargetScope& scope, Targets targets) {
    // As target_args: test targets named one by one (`--test NAME`) build no lib or bin harness.
    const bool harnesses = !scope.excludes_any() ||
                           (!scope.excludes_kind("lib") && !scope.excludes_kind("bin") && !scope.excludes_kind("test"));
    std::vector<ExpectedTarget> out;
    for (const auto* pkg : ws.selected_packages()) {
        for (const auto& t : pkg->targets) {
            const auto kind = t.kind();
            const bool harness_only = targets == Targets::tests && (kind == "lib" || kind == "bin");
            if (built_by(t, kind, targets) && !(harness_only && !harnesses) && !scope.excludes(t) &&
                features_met(*pkg, t, scope)) {
                out.push_back({pkg->id, kind, t.name, targets == Targets::tests});
            }
        }
    }
    return out;
}

Probed<CompileEvidence> judge_compile(const Completed& res, const Command& cmd, CargoMessages& messages,
                                      const std::vector<ExpectedTarget>& expected) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    if (messages.unparsed_lines > 0) {
        return error_problem(fmt::format("`{}` printed {} line(s) that are not cargo JSON messages; line {}: {}",
                                         cmd.display(), messages.unparsed_lines, messages.first_unparsed_line,
                                         messages.first_unparsed_bytes));
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
        if (!messages.unlocated_errors.empty()) {
            return error_problem(fmt::format("`{}` failed without an error in the crate's code: rustc said: {}",
                                             cmd.display(), fmt::join(messages.unlocated_errors, " | ")));
        }
        return error_problem(fmt::format("`{}` failed without a compiler error in the crate: {}", cmd.display(),
                                         stderr_excerpt(res.err)));
    }
    if (ok_exit) {
        for (const auto& want : expected) {
            const bool built = std::any_of(messages.artifacts.begin(), messages.artifacts.end(), [&](const auto& a) {
                return a.package_id == want.package_id && a.target_name == want.name && artifact_kind(a) == want.kind &&
                       (!want.test_executable || (a.test_profile && !a.executable.empty()));
            });
            if (!built) {
                return error_problem(fmt::format(
                    "`{}` claimed success without a compiler-artifact message for {} "
                    "target `{}`{}, which it was asked to build",
                    cmd.display(), want.kind, want.name, want.test_executable ? " (its test executable)" : ""));
            }
        }
    }
    ev.success = ok_exit;
    ev.diagnostics = std::move(messages.diagnostics);
    return ev;
}

}  // namespace gc
