#include "engine/plan.hpp"

#include "probes/bench_run.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gc {
namespace {

std::string gate_ids(const GateList& gates) {
    std::string known;
    for (const auto* g : gates) {
        known += (known.empty() ? "" : ", ") + g->info().id;
    }
    return known;
}

bool contains(const std::vector<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
}

void add_lints(ProbeNeeds& needs, const std::vector<LintRequest>& lints) {
    for (const auto& lint : lints) {
        const bool seen = std::any_of(needs.lints.begin(), needs.lints.end(), [&](const LintRequest& l) {
            return l.name == lint.name && l.level == lint.level;
        });
        if (!seen) {
            needs.lints.push_back(lint);
        }
    }
}

}  // namespace

Result<std::vector<GateChoice>> choose_gates(const CheckOptions& o, const Config& config, const GateList& gates) {
    for (const auto* list : {&o.gates, &o.skips}) {
        for (const auto& id : *list) {
            if (find_gate(gates, id) == nullptr) {
                return make_error(ErrorKind::usage,
                                  fmt::format("{} {}: unknown gate (gates: {})", list == &o.gates ? "--gate" : "--skip",
                                              id, gate_ids(gates)));
            }
        }
    }
    // With --gate only the selected gates run: skipping another is a mistake, not a choice.
    for (const auto& id : o.skips) {
        if (!o.gates.empty() && !contains(o.gates, id)) {
            return make_error(ErrorKind::usage,
                              fmt::format("--skip {}: not selected by --gate ({}), so nothing to skip", id,
                                          fmt::join(o.gates, ", ")));
        }
    }
    std::vector<GateChoice> out;
    for (const auto* g : gates) {
        const auto& id = g->info().id;
        GateChoice c{g, config.gate(id).enabled, ""};
        if (!c.enabled) {
            c.why_not = "disabled in the configuration";
        }
        if (!o.gates.empty()) {
            c.enabled = contains(o.gates, id);
            c.why_not = c.enabled ? "" : "not selected (--gate)";
        }
        if (contains(o.skips, id)) {
            c.enabled = false;
            c.why_not = "skipped (--skip)";
        }
        out.push_back(c);
    }
    return out;
}

namespace {

TargetScope target_scope(const ScopeConfig& config) {
    TargetScope scope{config.features, config.no_default_features, config.all_features, {}};
    for (const auto& e : config.exclude_targets) {
        scope.excluded.emplace_back(e.kind, e.name);
    }
    return scope;
}

}  // namespace

ProbeNeeds collect_needs(const std::vector<GateChoice>& choices, const Config& config, const CheckOptions& o) {
    ProbeNeeds needs;
    needs.families = {"rustc-version", "cargo-version"};
    needs.scope = target_scope(config.scope);
    // With the top-level all_features every command already has --all-features: the build
    // gate's extra check would repeat the same one.
    if (config.gates.count("build") != 0) {
        needs.all_features = config.gate("build").flag("all_features") && !config.scope.all_features;
    }
    needs.save_baseline = o.save_baseline;
    std::vector<std::vector<std::string>> lint_sets;
    std::map<std::string, std::chrono::seconds> read_timeouts;
    for (const auto& c : choices) {
        if (!c.enabled) {
            continue;
        }
        const auto& settings = config.gate(c.gate->info().id);
        const auto seconds =
            std::chrono::seconds(o.timeout_s ? *o.timeout_s : settings.timeout_s.value_or(config.timeout_s));
        for (const auto& family : c.gate->info().probes) {
            needs.families.insert(family);
            auto& t = needs.timeouts[family];
            t = std::max(t, seconds);
        }
        for (const auto& family : c.gate->info().reads) {
            needs.families.insert(family);
            read_timeouts[family] = std::max(read_timeouts[family], seconds);
        }
        for (const auto& [key, value] : settings.values) {
            needs.settings[c.gate->info().id + "." + key] = value;
        }
        for (const auto& [key, value] : c.gate->clippy_config()) {
            needs.clippy_config[key] = value;
        }
        const auto lints = c.gate->lints();
        add_lints(needs, lints);
        if (!lints.empty()) {
            lint_sets.push_back(lint_flags(lints));
        }
    }
    // Gates asking for different lints share one run: telling their warnings apart needs
    // clippy's own table of lints and groups. The table is read for every clippy run: the run
    // caps lints at warn, and the table's default levels tell which were errors.
    const bool differ = std::any_of(lint_sets.begin(), lint_sets.end(),
                                    [&](const auto& set) { return set != lint_flags(needs.lints); });
    needs.lint_attribution = differ;
    if (differ || needs.families.count("clippy") != 0) {
        needs.families.insert("clippy-lints");
    }
    // A family only read (its owner gate is off) runs under the readers' longest limit.
    for (const auto& [family, seconds] : read_timeouts) {
        needs.timeouts.try_emplace(family, seconds);
    }
    // The test build serves both test gates: it gets the longer of their timeouts.
    for (const auto& [family, seconds] : needs.timeouts) {
        if (family == "unit-test" || family == "integration-test") {
            auto& t = needs.timeouts["test-build"];
            t = std::max(t, seconds);
        }
    }
    return needs;
}

std::vector<Task> plan_tasks(const ProbeList& probes, const PlanContext& ctx) {
    std::vector<Task> tasks;
    for (const auto* probe : probes) {
        const auto& families = probe->info().families;
        if (std::none_of(families.begin(), families.end(), [&](const std::string& f) { return ctx.needs.wants(f); })) {
            continue;
        }
        auto planned = probe->plan(ctx);
        tasks.insert(tasks.end(), std::make_move_iterator(planned.begin()), std::make_move_iterator(planned.end()));
    }
    return tasks;
}

}  // namespace gc
