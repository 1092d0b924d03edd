// rustdoc-json:PKG: rustdoc's JSON description of each selected library (stable with
// RUSTC_BOOTSTRAP=1 for the -Z flag), distilled to the public items and the error types of
// public functions. It runs in its own target dir, <target>/gatecheck/rustdoc-json, so it
// never replaces the user's HTML docs nor invalidates their build.
#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/evidence_task.hpp"
#include "probes/probe.hpp"
#include "probes/rustdoc_json.hpp"

namespace gc::probes {
namespace {

std::filesystem::path json_dir(const Workspace& ws) {
    return ws.target_dir / "gatecheck" / "rustdoc-json";
}

// rustdoc names the file after the library's crate name: its target name, '-' as '_'.
std::string crate_file_name(const Package& pkg) {
    std::string name = pkg.name;
    for (const auto& t : pkg.targets) {
        if (t.is_library()) {
            name = t.name;
        }
    }
    std::replace(name.begin(), name.end(), '-', '_');
    return name + ".json";
}

Probed<RustdocApi> read_api(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return error_problem(fmt::format("rustdoc succeeded but wrote no {}", file.string()));
    }
    auto api = parse_rustdoc_json(in);
    if (!api) {
        return error_problem(fmt::format("{}: {}", file.string(), api.error().message));
    }
    return std::move(*api);
}

Probed<RustdocApi> judge_json(const process::Completed& res, const process::Command& cmd, const std::string& package,
                              const std::filesystem::path& file) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    if (res.exit_code != 0) {
        if (compile_failed(res.err)) {
            RustdocApi api;
            api.compile_error = fmt::format("{} does not compile, so rustdoc cannot describe its API", package);
            return api;
        }
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_excerpt(res.err)));
    }
    return read_api(file);
}

std::vector<std::string> json_args(const PlanContext& ctx, const Package& pkg) {
    std::vector<std::string> args{"rustdoc", "--manifest-path", (ctx.ws.root / "Cargo.toml").string(),
                                  "-p",      package_spec(pkg), "--lib"};
    const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::none);
    args.insert(args.end(), scope.begin(), scope.end());
    args.insert(args.end(), {"--", "-Z", "unstable-options", "--output-format", "json"});
    return args;
}

class RustdocJsonProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"rustdoc-json", {keys::rustdoc_json.family}, tools::rustdoc};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<Task> tasks;
        const auto dir = json_dir(ctx.ws);
        for (const auto* pkg : ctx.ws.selected_packages()) {
            if (!pkg->has_library()) {
                continue;
            }
            auto cmd = cargo_command(ctx.ws, json_args(ctx, *pkg), ctx.needs.timeout(keys::rustdoc_json.family));
            cmd.env = {{"RUSTC_BOOTSTRAP", "1"}, {"CARGO_TARGET_DIR", dir.string()}};
            ctx.evidence.put(keys::rustdoc_json, pkg->name, Probed<RustdocApi>{});
            auto t = evidence_task(ctx, keys::rustdoc_json, pkg->name, std::move(cmd),
                                   [name = pkg->name, file = dir / "doc" / crate_file_name(*pkg)](
                                       const auto& res, const auto& c) { return judge_json(res, c, name, file); });
            t.lock = dir.string();
            // cargo reruns rustdoc every time: a file left from an earlier run must not stand
            // in for one this run claimed to write and did not.
            t.before_start = [file = dir / "doc" / crate_file_name(*pkg)](process::Command&) {
                std::error_code ec;
                std::filesystem::remove(file, ec);
            };
            tasks.push_back(std::move(t));
        }
        return tasks;
    }
};

}  // namespace

std::unique_ptr<Probe> make_rustdoc_json_probe() {
    return std::make_unique<RustdocJsonProbe>();
}

}  // namespace gc::probes
