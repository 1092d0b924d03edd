// features: `cargo check` per feature combination of each selected package (cargo-hack's
// --each-feature), in <target-dir>/gatecheck/features so that switching features never
// invalidates the user's own build. The verdict is the library and binaries (`--lib --bins`,
// cargo-hack's default): a test that imports a default-feature module breaks
// `--no-default-features` through the test, not the crate. Then, when they compile, the same
// combination with `--all-targets` as a follow-up, for warnings that name the test, bench or
// example: its lib and bin units are fresh from the first run (unless a dev-dependency turns on
// more features), so it costs about what the test targets cost. At most
// `features.max_combinations` combinations per package; the rest are recorded as not checked.
#include <charconv>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/feature_combinations.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

const ProbeSetting<std::int64_t> kMaxCombinations{"features", "max_combinations", 32};
const ProbeSetting<bool> kOptionalDeps{"features", "optional_deps", false};

long max_combinations(const ProbeNeeds& needs) {
    return static_cast<long>(needs.setting(kMaxCombinations));
}

bool optional_deps(const ProbeNeeds& needs) {
    return needs.setting(kOptionalDeps);
}

// cargo's JSON stream to the compile parser, counting the artifacts cargo had to rebuild
// (a warm re-run must rebuild none).
class FeatureSink final : public process::LineSink {
public:
    explicit FeatureSink(const Workspace& ws) : parser(ws) {}
    void line(std::string_view text) override {
        parser.line(text);
        if (text.find(R"("reason":"compiler-artifact")") != std::string_view::npos &&
            text.find(R"("fresh":false)") != std::string_view::npos) {
            ++rebuilt;
        }
    }
    CargoMessageParser parser;
    long rebuilt = 0;
};

// The workspace with only `package` selected: with excluded targets, scope_args names the
// remaining targets of the selected packages, and `-p PKG` must not be given another's.
Workspace only(const Workspace& ws, const std::string& package) {
    Workspace one = ws;
    one.selected.clear();
    for (std::size_t i = 0; i < ws.members.size(); ++i) {
        if (ws.members[i].name == package) {
            one.selected.push_back(i);
        }
    }
    return one;
}

FeatureCheck* check_of(const PlanContext& ctx, std::size_t index) {
    auto* slot = ctx.evidence.find(keys::features);
    auto* ev = slot != nullptr ? slot->get() : nullptr;
    return ev != nullptr && index < ev->checks.size() ? &ev->checks[index] : nullptr;
}

Task check_task(const PlanContext& ctx, std::size_t index, const FeatureCombination& combination, Targets targets) {
    const auto dir = ctx.ws.target_dir / "gatecheck" / "features";
    std::vector<std::string> args{"check"};
    const auto one = only(ctx.ws, combination.package);
    const auto scope = scope_args(one, feature_scope(combination, ctx.needs.scope), targets);
    auto expected = expected_targets(one, feature_scope(combination, ctx.needs.scope), targets);
    args.insert(args.end(), scope.begin(), scope.end());
    args.insert(args.end(), {"--keep-going", "--message-format=json", "--manifest-path",
                             (ctx.ws.root / "Cargo.toml").string(), "-p", combination.package_spec});
    Task t;
    const bool all = targets == Targets::all;
    t.id = probe_id(keys::features.family,
                    combination.package + " " + combination.display() + (all ? " --all-targets" : ""));
    t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::features.family));
    t.command.env = {{"CARGO_TARGET_DIR", dir.string()}};
    t.lock = dir.string();
    auto sink = std::make_shared<FeatureSink>(ctx.ws);
    t.sink = sink;
    t.on_done = [ctx, index, sink, all, cmd = t.command,
                 expected = std::move(expected)](const process::Completed& res) {
        std::vector<Task> next;
        auto* check = check_of(ctx, index);
        if (check == nullptr) {
            return next;
        }
        auto& slot = all ? check->targets : check->result;
        slot = judge_compile(res, cmd, sink->parser.result(), expected);
        auto* compiled = slot.get();
        if (compiled != nullptr) {
            compiled->args = check->combination.display() + (all ? " --all-targets" : "");
        }
        check->rebuilt += sink->rebuilt;
        if (!all && compiled != nullptr && compiled->success && compiled->build_script_failures.empty()) {
            check->targets_planned = true;
            next.push_back(check_task(ctx, index, check->combination, Targets::all));
        }
        return next;
    };
    return t;
}

class FeaturesProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"features",
                                    {keys::features.family},
                                    tools::cargo,
                                    {ProbeSettingUse::of(kMaxCombinations), ProbeSettingUse::of(kOptionalDeps)}};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        FeaturesEvidence ev;
        ev.max_combinations = max_combinations(ctx.needs);
        for (const auto* pkg : ctx.ws.selected_packages()) {
            auto combinations = feature_combinations(*pkg, optional_deps(ctx.needs));
            if (combinations.empty()) {
                ev.featureless.push_back(pkg->name);
            }
            for (std::size_t i = 0; i < combinations.size(); ++i) {
                if (static_cast<long>(i) < ev.max_combinations) {
                    ev.checks.push_back(FeatureCheck{std::move(combinations[i])});
                } else {
                    ev.not_checked.push_back(std::move(combinations[i]));
                }
            }
        }
        std::vector<Task> tasks;
        for (std::size_t i = 0; i < ev.checks.size(); ++i) {
            tasks.push_back(check_task(ctx, i, ev.checks[i].combination, Targets::lib_bins));
        }
        ctx.evidence.put(keys::features, std::move(ev));
        return tasks;
    }
};

}  // namespace

std::unique_ptr<Probe> make_features_probe() {
    return std::make_unique<FeaturesProbe>();
}

}  // namespace gc::probes
