// doc-coverage:PKG: rustdoc's own `--show-coverage` counts for each selected library
// (stable with RUSTC_BOOTSTRAP=1 for the -Z flag).
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/evidence_task.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

Probed<DocCoverage> judge_coverage(const process::Completed& res, const process::Command& cmd,
                                   const std::string& package) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    if (res.exit_code != 0) {
        if (compile_failed(res.err)) {
            DocCoverage cov;
            cov.compile_error = fmt::format("{} does not compile, so rustdoc cannot measure it", package);
            return cov;
        }
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_excerpt(res.err)));
    }
    auto cov = parse_doc_coverage(res.out);
    if (!cov) {
        return error_problem(cov.error().message);
    }
    return std::move(*cov);
}

std::vector<std::string> coverage_args(const PlanContext& ctx, const Package& pkg) {
    std::vector<std::string> args{"rustdoc", "--manifest-path", (ctx.ws.root / "Cargo.toml").string(),
                                  "-p",      package_spec(pkg), "--lib"};
    const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::none);
    args.insert(args.end(), scope.begin(), scope.end());
    args.insert(args.end(), {"--", "-Z", "unstable-options", "--show-coverage", "--output-format", "json"});
    return args;
}

class DocCoverageProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"doc-coverage", {keys::doc_coverage.family}, tools::rustdoc};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<Task> tasks;
        for (const auto* pkg : ctx.ws.selected_packages()) {
            if (!pkg->has_library()) {
                continue;
            }
            auto cmd = cargo_command(ctx.ws, coverage_args(ctx, *pkg), ctx.needs.timeout(keys::doc_coverage.family));
            cmd.env = {{"RUSTC_BOOTSTRAP", "1"}};
            ctx.evidence.put(keys::doc_coverage, pkg->name, Probed<DocCoverage>{});
            auto t = evidence_task(
                ctx, keys::doc_coverage, pkg->name, std::move(cmd),
                [name = pkg->name](const auto& res, const auto& c) { return judge_coverage(res, c, name); });
            t.lock = ctx.ws.target_dir.string();
            tasks.push_back(std::move(t));
        }
        return tasks;
    }
};

}  // namespace

std::unique_ptr<Probe> make_doc_coverage_probe() {
    return std::make_unique<DocCoverageProbe>();
}

}  // namespace gc::probes
