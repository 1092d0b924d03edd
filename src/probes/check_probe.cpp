// check: `cargo check --all-targets --keep-going` (or the configured scope), with
// --all-features where the crate has features; when that does not compile, once more with the
// configured (by default, the default) features, so the build gate can say whether the
// breakage is feature-specific.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

// The build gate's extra run replaces the configured features by --all-features, which
// enables them all anyway.
TargetScope scoped(const PlanContext& ctx, bool all_features) {
    auto scope = ctx.needs.scope;
    if (all_features) {
        scope.features.clear();
        scope.no_default_features = false;
        scope.all_features = true;
    }
    return scope;
}

Task check_task(const PlanContext& ctx, bool all_features) {
    const auto expected = expected_targets(ctx.ws, scoped(ctx, all_features), Targets::all);
    const auto scope = scope_args(ctx.ws, scoped(ctx, all_features), Targets::all);
    std::vector<std::string> args{"check"};
    args.insert(args.end(), scope.begin(), scope.end());
    args.insert(args.end(), {"--keep-going", "--message-format=json"});
    const auto pkgs = package_args(ctx.ws);
    args.insert(args.end(), pkgs.begin(), pkgs.end());
    Task t;
    t.id = probe_id(keys::check.family, all_features ? "all-features" : "");
    t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::check.family));
    t.lock = ctx.ws.target_dir.string();
    auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
    t.sink = sink;
    t.on_done = [ctx, all_features, sink, scope, expected,
                 cmd = t.command](const process::Completed& res) -> std::vector<Task> {
        auto judged = judge_compile(res, cmd, sink->parser.result(), expected);
        if (auto* ev = judged.get()) {
            ev->args = fmt::format("{}", fmt::join(scope, " "));
        }
        auto* slot = ctx.evidence.find(keys::check);
        auto* check = slot != nullptr ? slot->get() : nullptr;
        if (check == nullptr) {
            return {};
        }
        const bool broken = judged.get() != nullptr && !judged.get()->success;
        if (all_features) {
            check->all_features = std::move(judged);
            return broken ? std::vector<Task>{check_task(ctx, false)} : std::vector<Task>{};
        }
        check->default_features = std::move(judged);
        return {};
    };
    return t;
}

class CheckProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"check", {keys::check.family}, tools::cargo};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        const auto selected = ctx.ws.selected_packages();
        const bool any_features =
            std::any_of(selected.begin(), selected.end(), [](const Package* p) { return p->has_features; });
        ctx.evidence.put(keys::check, CheckEvidence{});
        return {check_task(ctx, ctx.needs.all_features && any_features)};
    }
};

}  // namespace

std::unique_ptr<Probe> make_check_probe() {
    return std::make_unique<CheckProbe>();
}

}  // namespace gc::probes
