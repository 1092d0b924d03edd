// check: `cargo check --all-targets --keep-going`, with --all-features where the crate has
// features; when that does not compile, once more with the default features, so the build
// gate can say whether the breakage is feature-specific.
#include <algorithm>

#include "probes/cargo_command.hpp"
#include "probes/catalog.hpp"
#include "probes/keys.hpp"

namespace gc::probes {
namespace {

Task check_task(const PlanContext& ctx, bool all_features) {
    std::vector<std::string> args{"check", "--all-targets", "--keep-going", "--message-format=json"};
    if (all_features) {
        args.emplace_back("--all-features");
    }
    const auto pkgs = package_args(ctx.ws);
    args.insert(args.end(), pkgs.begin(), pkgs.end());
    Task t;
    t.id = probe_id(keys::check.family, all_features ? "all-features" : "");
    t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::check.family));
    t.lock = ctx.ws.target_dir.string();
    auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
    t.sink = sink;
    t.on_done = [ctx, all_features, sink, cmd = t.command](const process::Completed& res) -> std::vector<Task> {
        auto judged = judge_compile(res, cmd, sink->parser.result());
        if (auto* ev = judged.get()) {
            ev->args = all_features ? "--all-targets --all-features" : "--all-targets";
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
        static const ProbeInfo info{"check", {keys::check.family}, "cargo"};
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
