// clippy: `cargo clippy --all-targets --keep-going -- <lints>` (or the configured scope), run once with the union of
// the lints every selected gate asked for; each gate then reads its own view of it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/flavour.hpp"
#include "probes/lint_catalog.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

namespace fs = std::filesystem;

// The clippy.toml clippy itself would read for a package in `dir`: in $CLIPPY_CONF_DIR when
// set, else in `dir` or its nearest parent that has one (`.clippy.toml` before `clippy.toml`).
std::optional<fs::path> clippy_toml_for(const fs::path& dir, const Environment& env) {
    std::vector<fs::path> dirs;
    if (const auto it = env.find("CLIPPY_CONF_DIR"); it != env.end() && !it->second.empty()) {
        dirs.emplace_back(it->second);
    } else {
        for (auto d = dir; !d.empty(); d = d.parent_path()) {
            dirs.push_back(d);
            if (d == d.parent_path()) {
                break;
            }
        }
    }
    for (const auto& d : dirs) {
        for (const char* name : {".clippy.toml", "clippy.toml"}) {
            std::error_code ec;
            if (fs::is_regular_file(d / name, ec)) {
                return d / name;
            }
        }
    }
    return std::nullopt;
}

// The crate's own clippy.toml with the gates' keys added (a key the crate sets keeps its
// value), or nothing when the selected packages would read different files (then only one
// CLIPPY_CONF_DIR could not stand for them all, and the crate's configuration wins).
struct MergedConfig {
    std::string text;
    std::vector<std::string> added;  // the gates' keys the crate does not set itself
};

std::optional<MergedConfig> merged_clippy_config(const Workspace& ws, const Environment& env,
                                                 const std::map<std::string, std::string>& keys) {
    std::optional<std::optional<fs::path>> common;
    for (const auto* pkg : ws.selected_packages()) {
        const auto own = clippy_toml_for(pkg->root(), env);
        if (common && *common != own) {
            return std::nullopt;
        }
        common = own;
    }
    std::string text;
    if (common && *common) {
        std::ifstream in(**common);
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    MergedConfig merged;
    std::string added;
    for (const auto& [key, value] : keys) {
        const std::string& dashed = key;
        std::string underscored = key;
        std::replace(underscored.begin(), underscored.end(), '-', '_');
        const std::regex set_here(fmt::format(R"re(^[ \t]*"?({}|{})"?[ \t]*=)re", dashed, underscored),
                                  std::regex::multiline);
        if (!std::regex_search(text, set_here)) {
            added += fmt::format("{} = {}\n", key, value);
            merged.added.push_back(key);
        }
    }
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    merged.text = text + (added.empty() ? "" : "# added by gatecheck for its gates\n" + added);
    return merged;
}

// The lint each clippy.toml key that gatecheck may add feeds. When gatecheck added the key,
// only its own entries can fire the lint, so the run forces it to warn: a crate-level
// `#![deny(clippy::all)]` must not turn gatecheck's additions into compile errors.
void force_warn_added(std::vector<std::string>& argv, std::vector<std::string>& flags,
                      const std::vector<std::string>& added) {
    static const std::map<std::string, std::string> feeds{{"disallowed-methods", "clippy::disallowed_methods"}};
    for (const auto& key : added) {
        const auto it = feeds.find(key);
        if (it == feeds.end()) {
            continue;
        }
        for (auto* list : {&argv, &flags}) {
            for (std::size_t i = 0; i + 1 < list->size(); ++i) {
                if ((*list)[i] == "-W" && (*list)[i + 1] == it->second) {
                    (*list)[i] = "--force-warn";
                }
            }
        }
    }
}

// The lints each selected package turns on outside its source, which `cargo clippy` applies
// like the gates' own flags: its [lints] table, then the user's RUSTFLAGS.
std::map<std::string, std::vector<std::string>> crate_lint_flags(const PlanContext& ctx) {
    const auto from_env = lint_flags(lint_requests(user_rustflags(ctx.env)));
    std::map<std::string, std::vector<std::string>> out;
    for (const auto* pkg : ctx.ws.selected_packages()) {
        auto flags = pkg->lint_flags;
        flags.insert(flags.end(), from_env.begin(), from_env.end());
        if (!flags.empty()) {
            out[pkg->name] = lint_flags(lint_requests(flags));
        }
    }
    return out;
}

// The selected packages whose library the scope keeps.
std::vector<const Package*> packages_with_library(const Workspace& ws, const TargetScope& scope) {
    std::vector<const Package*> out;
    for (const auto* pkg : ws.selected_packages()) {
        if (std::any_of(pkg->targets.begin(), pkg->targets.end(),
                        [&](const CargoTarget& t) { return t.is_library() && !scope.excludes(t); })) {
            out.push_back(pkg);
        }
    }
    return out;
}

// The unsafe inventory is the code that ships: what `cargo rustc --lib -- --force-warn
// unsafe_code` says. The shared run also compiles each library as its unit-test harness
// (`--all-targets`), whose messages cargo labels with the same target, so the two cannot be
// told apart there. This run, the shared one's command with `--lib` for the targets, reads the
// library alone: its unit has the shared run's fingerprint, so cargo replays the messages it
// cached instead of compiling again (unless dev-dependencies changed a dependency's
// features, which the raw `--lib` command would not see either). Run only when a gate asks
// for its family, clippy-lib.
process::Command library_command(const PlanContext& ctx, const std::vector<const Package*>& libs,
                                 const std::vector<std::string>& flags, const process::Command& shared) {
    std::vector<std::string> args{"clippy", "--lib"};
    const auto features = feature_args(ctx.needs.scope);
    args.insert(args.end(), features.begin(), features.end());
    args.insert(args.end(), {"--keep-going", "--message-format=json"});
    if (libs.size() == ctx.ws.selected_packages().size()) {
        const auto pkgs = package_args(ctx.ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
    } else {
        args.insert(args.end(), {"--manifest-path", (ctx.ws.root / "Cargo.toml").string()});
        for (const auto* pkg : libs) {
            args.emplace_back("-p");
            args.push_back(package_spec(*pkg));
        }
    }
    args.emplace_back("--");
    args.insert(args.end(), flags.begin(), flags.end());
    args.insert(args.end(), {"--cap-lints", "warn"});
    auto cmd = shared;  // the same environment (CLIPPY_CONF_DIR), directory and timeout
    cmd.argv = cargo_command(ctx.ws, args, std::chrono::seconds{0}).argv;
    return cmd;
}

class ClippyProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"clippy", {keys::clippy.family, keys::clippy_lib.family}, tools::clippy};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<std::string> args{"clippy"};
        const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::all);
        args.insert(args.end(), scope.begin(), scope.end());
        args.insert(args.end(), {"--keep-going", "--message-format=json"});
        const auto pkgs = package_args(ctx.ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        args.emplace_back("--");
        auto flags = lint_flags(ctx.needs.lints);
        args.insert(args.end(), flags.begin(), flags.end());
        // A crate's `#![deny(warnings)]` would turn the lints other gates add into errors that
        // stop its library, and with it every target that depends on it: capped at warn, every
        // target is linted. The gates take deny-by-default lints back to errors from clippy's
        // own table (evidence/lint_view.hpp), so a real deny-by-default lint still fails as one.
        args.insert(args.end(), {"--cap-lints", "warn"});
        Task t;
        t.id = keys::clippy.family;
        t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::clippy.family));
        t.lock = ctx.ws.target_dir.string();
        std::vector<std::string> added;
        if (!ctx.needs.clippy_config.empty()) {
            if (auto conf = merged_clippy_config(ctx.ws, ctx.env, ctx.needs.clippy_config)) {
                const auto dir = ctx.ws.target_dir / "gatecheck" / "clippy-conf";
                t.command.env.emplace_back("CLIPPY_CONF_DIR", dir.string());
                added = conf->added;
                t.before_start = [dir, text = std::move(conf->text)](process::Command&) {
                    // Rewritten only when it changes: clippy re-checks when its file's mtime moves.
                    std::ifstream old(dir / "clippy.toml");
                    std::ostringstream current;
                    current << old.rdbuf();
                    if (old && current.str() == text) {
                        return;
                    }
                    fs::create_directories(dir);
                    std::ofstream out(dir / "clippy.toml", std::ios::trunc);
                    out << text;
                    if (!out) {
                        throw std::runtime_error("cannot write " + (dir / "clippy.toml").string());
                    }
                };
            }
        }
        force_warn_added(t.command.argv, flags, added);
        auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
        t.sink = sink;
        const bool library_run = ctx.needs.wants(keys::clippy_lib.family);
        t.on_done = [ctx, sink, flags, added, library_run, own = crate_lint_flags(ctx), cmd = t.command,
                     expected =
                         expected_targets(ctx.ws, ctx.needs.scope, Targets::all)](const process::Completed& res) {
            auto judged = judge_compile(res, cmd, sink->parser.result(), expected);
            std::vector<Task> more;
            if (auto* ev = judged.get()) {
                ev->lints = flags;
                ev->config_added = added;
                ev->crate_lint_flags = own;
                if (library_run) {
                    more = library_task(ctx, flags, added, cmd);
                }
            }
            ctx.evidence.put(keys::clippy, std::move(judged));
            return more;
        };
        return {std::move(t)};
    }

private:
    static std::vector<Task> library_task(const PlanContext& ctx, const std::vector<std::string>& flags,
                                          const std::vector<std::string>& added, const process::Command& shared) {
        const auto libs = packages_with_library(ctx.ws, ctx.needs.scope);
        if (libs.empty()) {
            // No library in the scope: nothing ships that an inventory could count.
            CompileEvidence none;
            none.success = true;
            none.lints = flags;
            ctx.evidence.put(keys::clippy_lib, std::move(none));
            return {};
        }
        Task t;
        t.id = keys::clippy_lib.family;
        t.command = library_command(ctx, libs, flags, shared);
        t.lock = ctx.ws.target_dir.string();
        auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
        t.sink = sink;
        // Success means an artifact for each library asked for, as for the shared run.
        std::vector<ExpectedTarget> expected;
        for (const auto* pkg : libs) {
            for (const auto& target : pkg->targets) {
                if (target.is_library() && !ctx.needs.scope.excludes(target)) {
                    expected.push_back({pkg->id, target.kind(), target.name, false});
                }
            }
        }
        t.on_done = [ctx, sink, flags, added, expected, cmd = t.command](const process::Completed& res) {
            auto judged = judge_compile(res, cmd, sink->parser.result(), expected);
            if (auto* ev = judged.get()) {
                ev->args = "--lib";
                ev->lints = flags;
                ev->config_added = added;
            }
            ctx.evidence.put(keys::clippy_lib, std::move(judged));
            return std::vector<Task>{};
        };
        std::vector<Task> out;
        out.push_back(std::move(t));
        return out;
    }
};

}  // namespace

std::unique_ptr<Probe> make_clippy_probe() {
    return std::make_unique<ClippyProbe>();
}

}  // namespace gc::probes
