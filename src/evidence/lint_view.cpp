#include "evidence/lint_view.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "evidence/keys.hpp"

namespace gc {

namespace {

// The lints of "-W", "clippy::x", "--force-warn", "y", ... without their levels.
std::set<std::string> lint_names(const std::vector<std::string>& flags) {
    std::set<std::string> names;
    for (std::size_t i = 1; i < flags.size(); i += 2) {
        names.insert(flags[i]);
    }
    return names;
}

// A diagnostic that only configuration gatecheck added can produce (its reason carries
// kGatecheckMark) is not the crate's own: it counts only for a gate that asked for its lint
// by name.
bool added_for_another_gate(const Diagnostic& d, const std::vector<LintRequest>& mine) {
    if (d.rendered.find(kGatecheckMark) == std::string::npos) {
        return false;
    }
    const auto code = normalize_lint_name(d.code);
    return std::none_of(mine.begin(), mine.end(),
                        [&](const LintRequest& r) { return normalize_lint_name(r.name) == code; });
}

// The shared clippy run caps lints at warn (probes/clippy_probe.cpp): a lint that is an error
// with the defaults and this gate's own flags (clippy::correctness, rustc's deny-by-default
// lints, unless the gate asked for it at warn) is one again here, as `cargo clippy` with those
// flags alone reports it. A crate's own `#![deny]` stays a warning: gatecheck counts it either
// way, and the cap is what lets every target be linted.
void restore_errors(std::vector<Diagnostic>& diagnostics, const LintCatalog& catalog,
                    const std::vector<LintRequest>& mine) {
    for (auto& d : diagnostics) {
        if (d.level == "warning" && !d.code.empty() && denied_by(catalog, mine, d.code)) {
            d.level = "error";
        }
    }
}

// Everything of a run but its diagnostics: a view copies only the diagnostics it keeps.
CompileEvidence without_diagnostics(const CompileEvidence& ev) {
    CompileEvidence out;
    out.success = ev.success;
    out.args = ev.args;
    out.lints = ev.lints;
    out.config_added = ev.config_added;
    out.crate_lint_flags = ev.crate_lint_flags;
    out.build_script_failures = ev.build_script_failures;
    return out;
}

// A lint in one compilation (package and target): rustc says where its level comes from on
// the first of its diagnostics there only.
using LintKey = std::tuple<std::string, std::string, std::string, std::string>;
LintKey lint_key(const Diagnostic& d) {
    return {d.package, d.target_kind, d.target_name, normalize_lint_name(d.code)};
}

// The lints whose level the crate's own attributes set (`#![warn(clippy::unwrap_used)]`):
// `cargo clippy` reports them whatever its flags, so every gate's view keeps them.
std::set<LintKey> crate_raised(const std::vector<Diagnostic>& diagnostics) {
    std::set<LintKey> raised;
    for (const auto& d : diagnostics) {
        if (d.lint_source == LintSource::crate_attribute) {
            raised.insert(lint_key(d));
        }
    }
    return raised;
}

// The crate's own lint flags ([lints], RUSTFLAGS), then the gate's: both reach clippy's
// command line when the user runs it with the gate's flags.
std::vector<LintRequest> with_crate_flags(const CompileEvidence& ev, const std::string& package,
                                          const std::vector<LintRequest>& mine) {
    const auto own = ev.crate_lint_flags.find(package);
    if (own == ev.crate_lint_flags.end()) {
        return mine;
    }
    auto requests = lint_requests(own->second);
    requests.insert(requests.end(), mine.begin(), mine.end());
    return requests;
}

bool has_lint_warning(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.level == "warning" && !d.code.empty(); });
}

ToolProblem lint_table_missing(const Evidence& evidence, const std::string& what) {
    const auto* p = evidence.get(keys::clippy_lints).problem();
    return ToolProblem{GateStatus::error,
                       what + ": " + (p != nullptr ? p->reason : std::string("clippy's lint table was not read")), ""};
}

}  // namespace

Probed<CompileEvidence> lint_view(const Evidence& evidence, const std::vector<LintRequest>& mine) {
    const auto& run = evidence.get(keys::clippy);
    const auto* ev = run.get();
    if (ev == nullptr) {
        return run;
    }
    const auto* catalog = evidence.get(keys::clippy_lints).get();
    // No extra lints, or exactly this gate's: every lint in the run is one it asked for (at
    // whatever level the probe ran it: a lint fed only by gatecheck's clippy.toml is forced).
    const bool all_mine = ev->lints.empty() || lint_names(ev->lints) == lint_names(lint_flags(mine));
    if (!all_mine && catalog == nullptr) {
        return lint_table_missing(evidence, "cannot tell which of the shared clippy run's warnings are this gate's");
    }
    CompileEvidence view = without_diagnostics(*ev);
    const auto raised = crate_raised(ev->diagnostics);
    // Each package's requests once, not once per diagnostic (a run may hold 100,000 of them).
    std::map<std::string, std::vector<LintRequest>> requests;
    for (const auto& d : ev->diagnostics) {
        if (requests.count(d.package) == 0) {
            requests.emplace(d.package, with_crate_flags(*ev, d.package, mine));
        }
    }
    const auto keeps = [&](const Diagnostic& d) {
        const bool reported =
            all_mine || raised.count(lint_key(d)) != 0 || reported_by(*catalog, requests.at(d.package), d.code);
        return reported && !added_for_another_gate(d, mine);
    };
    // Sized once: a view of a large run is one more copy of it, not two while it grows.
    view.diagnostics.reserve(
        static_cast<std::size_t>(std::count_if(ev->diagnostics.begin(), ev->diagnostics.end(), keeps)));
    std::copy_if(ev->diagnostics.begin(), ev->diagnostics.end(), std::back_inserter(view.diagnostics), keeps);
    if (catalog != nullptr) {
        restore_errors(view.diagnostics, *catalog, mine);
    } else if (has_lint_warning(view.diagnostics)) {
        // The run was capped at warn: without the table a deny-by-default lint would pass as
        // a warning.
        return lint_table_missing(evidence, "cannot tell which of the shared clippy run's warnings are errors");
    }
    return view;
}

Probed<CompileEvidence> own_lints(const Evidence& evidence, const std::vector<LintRequest>& mine) {
    auto view = lint_view(evidence, mine);
    auto* ev = view.get();
    if (ev == nullptr) {
        return view;
    }
    std::set<std::string> names;
    const auto* catalog = evidence.get(keys::clippy_lints).get();
    for (const auto& r : mine) {
        if (r.level == LintRequest::Level::allow) {
            continue;
        }
        const auto name = normalize_lint_name(r.name);
        names.insert(name);
        if (catalog != nullptr) {
            if (const auto group = catalog->groups.find(name); group != catalog->groups.end()) {
                names.insert(group->second.begin(), group->second.end());
            }
        }
    }
    auto& diags = ev->diagnostics;
    diags.erase(std::remove_if(diags.begin(), diags.end(),
                               [&](const Diagnostic& d) {
                                   return d.level.rfind("error", 0) != 0 &&
                                          names.count(normalize_lint_name(d.code)) == 0;
                               }),
                diags.end());
    return view;
}

}  // namespace gc
