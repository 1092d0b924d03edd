// `gatecheck check`: resolve the crate, load the configuration, run the probes the selected
// gates need, evaluate the gates, write the reports, return the exit code.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "cargo/workspace.hpp"
#include "cli/cli.hpp"
#include "cli/progress.hpp"
#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "gates/gate.hpp"
#include "probes/parsers.hpp"
#include "probes/probes.hpp"
#include "report/checklist.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Output {
    const Format* format = nullptr;
    std::string file;  // empty: stdout
};

Result<std::vector<Output>> parse_reports(const std::vector<std::string>& specs) {
    std::vector<Output> outputs;
    const auto list = specs.empty() ? std::vector<std::string>{"human"} : specs;
    int to_stdout = 0;
    for (const auto& spec : list) {
        const auto eq = spec.find('=');
        const std::string name = spec.substr(0, eq);
        Output o;
        for (const auto& f : report_formats()) {
            if (name == f.name) {
                o.format = &f;
            }
        }
        if (o.format == nullptr) {
            std::string known;
            for (const auto& f : report_formats()) {
                known += (known.empty() ? "" : ", ") + std::string(f.name);
            }
            return make_error(ErrorKind::usage,
                              fmt::format("--report {}: unknown format '{}' (formats: {})", spec, name, known));
        }
        if (eq != std::string::npos) {
            o.file = spec.substr(eq + 1);
            if (o.file.empty()) {
                return make_error(ErrorKind::usage, fmt::format("--report {}: the file name is empty", spec));
            }
        }
        if (o.file.empty() || o.file == "-") {
            o.file.clear();
            ++to_stdout;
        } else {
            // Fail before the run, not after minutes of cargo: the directory must be writable.
            const auto dir = fs::absolute(o.file).parent_path();
            if (!fs::is_directory(dir)) {
                return make_error(ErrorKind::usage,
                                  fmt::format("--report {}: directory {} does not exist", spec, dir.string()));
            }
            if (::access(dir.c_str(), W_OK) != 0) {
                return make_error(ErrorKind::usage,
                                  fmt::format("--report {}: directory {} is not writable", spec, dir.string()));
            }
            if (fs::is_directory(o.file)) {
                return make_error(ErrorKind::usage, fmt::format("--report {}: {} is a directory", spec, o.file));
            }
        }
        outputs.push_back(o);
    }
    if (to_stdout > 1) {
        return make_error(ErrorKind::usage, "only one --report can go to stdout; give the others =FILE");
    }
    if (to_stdout == 0) {  // reports to files only: the terminal still gets the human one
        outputs.push_back(Output{&report_formats().front(), ""});
    }
    return outputs;
}

// Writes next to the destination and renames, so a reader never sees half a report.
Status write_atomically(const std::string& file, const std::string& content) {
    const fs::path dest = fs::absolute(file);
    const fs::path tmp = dest.parent_path() / fmt::format(".{}.tmp{}", dest.filename().string(), ::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        out.close();
        if (!out) {
            std::error_code ignored;
            fs::remove(tmp, ignored);
            return make_error(ErrorKind::io, fmt::format("cannot write report {}", file));
        }
    }
    std::error_code ec;
    fs::rename(tmp, dest, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return make_error(ErrorKind::io, fmt::format("cannot write report {}: {}", file, ec.message()));
    }
    return Ok{};
}

Result<fs::path> resolve_manifest(const std::string& path) {
    std::error_code ec;
    const fs::path p(path);
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
        return make_error(ErrorKind::input, fmt::format("{}: no such file or directory", path));
    }
    fs::path manifest;
    if (fs::is_directory(st)) {
        manifest = p / "Cargo.toml";
        if (!fs::is_regular_file(manifest)) {
            return make_error(ErrorKind::input,
                              fmt::format("{} is not a Rust crate or workspace: it has no Cargo.toml", path));
        }
    } else if (p.filename() == "Cargo.toml") {
        manifest = p;
    } else {
        return make_error(ErrorKind::input,
                          fmt::format("{} is neither a Cargo.toml nor a directory holding one", path));
    }
    return fs::canonical(manifest, ec);
}

Status select_packages(Workspace& ws, const fs::path& manifest, const std::vector<std::string>& names) {
    if (!names.empty()) {
        for (const auto& name : names) {
            const auto it =
                std::find_if(ws.members.begin(), ws.members.end(), [&](const Package& p) { return p.name == name; });
            if (it == ws.members.end()) {
                std::string known;
                for (const auto& p : ws.members) {
                    known += (known.empty() ? "" : ", ") + p.name;
                }
                return make_error(ErrorKind::usage,
                                  fmt::format("-p {}: no such package in the workspace (members: {})", name, known));
            }
            const auto index = static_cast<std::size_t>(it - ws.members.begin());
            if (std::find(ws.selected.begin(), ws.selected.end(), index) == ws.selected.end()) {
                ws.selected.push_back(index);
            }
        }
        return Ok{};
    }
    // A member's own Cargo.toml checks that member, as cargo does; the root checks them all.
    for (std::size_t i = 0; i < ws.members.size(); ++i) {
        if (fs::equivalent(ws.members[i].manifest_path, manifest) && manifest.parent_path() != ws.root) {
            ws.selected = {i};
            return Ok{};
        }
    }
    for (std::size_t i = 0; i < ws.members.size(); ++i) {
        ws.selected.push_back(i);
    }
    if (ws.selected.empty()) {
        return make_error(ErrorKind::input, fmt::format("{} defines no packages to check", manifest.string()));
    }
    return Ok{};
}

struct GateChoice {
    const Gate* gate;
    bool enabled;
    std::string why_not;  // when disabled
};

Result<std::vector<GateChoice>> choose_gates(const CheckOptions& o, const Config& config) {
    for (const auto* list : {&o.gates, &o.skips}) {
        for (const auto& id : *list) {
            if (find_gate(id) == nullptr) {
                std::string known;
                for (const auto& g : gate_catalogue()) {
                    known += (known.empty() ? "" : ", ") + g->info().id;
                }
                return make_error(ErrorKind::usage, fmt::format("{} {}: unknown gate (gates: {})",
                                                                list == &o.gates ? "--gate" : "--skip", id, known));
            }
        }
    }
    std::vector<GateChoice> out;
    for (const auto& g : gate_catalogue()) {
        const auto& id = g->info().id;
        GateChoice c{g.get(), config.gate(id).enabled, ""};
        if (!c.enabled) {
            c.why_not = "disabled in the configuration";
        }
        if (!o.gates.empty()) {
            c.enabled = std::find(o.gates.begin(), o.gates.end(), id) != o.gates.end();
            c.why_not = c.enabled ? "" : "not selected (--gate)";
        }
        if (std::find(o.skips.begin(), o.skips.end(), id) != o.skips.end()) {
            c.enabled = false;
            c.why_not = "skipped (--skip)";
        }
        out.push_back(c);
    }
    return out;
}

ProbePlan make_plan(const std::vector<GateChoice>& gates, const Config& config, const CheckOptions& o) {
    ProbePlan plan;
    plan.all_features = config.gate("build").flag("all_features");
    for (const auto& c : gates) {
        if (!c.enabled) {
            continue;
        }
        const auto& settings = config.gate(c.gate->info().id);
        const auto seconds =
            std::chrono::seconds(o.timeout_s ? *o.timeout_s : settings.timeout_s.value_or(config.timeout_s));
        for (const auto kind : c.gate->info().probes) {
            plan.needed.insert(kind);
            auto& t = plan.timeouts[kind];
            t = std::max(t, seconds);
        }
        const auto flags = c.gate->clippy_flags();
        for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
            bool seen = false;
            for (std::size_t j = 0; j + 1 < plan.clippy_flags.size(); j += 2) {
                seen = seen || (plan.clippy_flags[j] == flags[i] && plan.clippy_flags[j + 1] == flags[i + 1]);
            }
            if (!seen) {
                plan.clippy_flags.push_back(flags[i]);
                plan.clippy_flags.push_back(flags[i + 1]);
            }
        }
    }
    // The test build serves both test gates: it gets the longer of their timeouts.
    for (const auto kind : {ProbeKind::unit_test_runs, ProbeKind::integration_test_runs}) {
        if (plan.needed.count(kind) != 0) {
            auto& t = plan.timeouts[ProbeKind::test_build];
            t = std::max(t, plan.timeouts[kind]);
        }
    }
    return plan;
}

std::chrono::milliseconds gate_duration(const Gate& gate, const Evidence& ev) {
    std::set<std::string> ids;
    for (const auto kind : gate.info().probes) {
        const auto prefix = probe_id_prefix(kind);
        for (const auto& [id, ms] : ev.probe_ms) {
            if (id.rfind(prefix, 0) == 0) {
                ids.insert(id);
            }
        }
    }
    long long total = 0;
    for (const auto& id : ids) {
        total += ev.probe_ms.at(id);
    }
    return std::chrono::milliseconds(total);
}

void decide_verdict(Report& report) {
    bool failed = false;
    bool unevaluated = false;
    for (const auto& g : report.gates) {
        if (g.required) {
            failed = failed || is_failure(g.status);
            unevaluated = unevaluated || is_unevaluated(g.status);
        }
    }
    if (report.interrupted) {
        report.verdict = Verdict::error;
        report.exit_code = kExitInterrupted;
    } else if (failed) {
        report.verdict = Verdict::fail;
        report.exit_code = kExitGateFailed;
    } else if (unevaluated) {
        report.verdict = Verdict::error;
        report.exit_code = kExitUnevaluated;
    } else {
        report.verdict = Verdict::pass;
        report.exit_code = kExitPass;
    }
}

std::vector<std::pair<std::string, std::vector<std::string>>> gate_items() {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& g : gate_catalogue()) {
        out.emplace_back(g->info().id, g->info().checklist);
    }
    return out;
}

Status emit(const Report& report, const std::vector<Output>& outputs, const CheckOptions& o) {
    for (const auto& out : outputs) {
        RenderOptions ro;
        ro.verbosity = o.common.verbosity;
        ro.color = out.file.empty() && use_color(o.common.color, STDOUT_FILENO);
        const auto text = out.format->render(report, ro);
        if (out.file.empty()) {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
        } else if (auto st = write_atomically(out.file, text); !st) {
            return st;
        }
    }
    return Ok{};
}

}  // namespace

Result<int> run_check(const CheckOptions& o) {
    const auto started = Clock::now();
    auto outputs = parse_reports(o.reports);
    if (!outputs) {
        return outputs.error();
    }
    auto manifest = resolve_manifest(o.path);
    if (!manifest) {
        return manifest.error();
    }
    const auto runner = process::make_system_runner();
    const auto metadata_timeout = std::chrono::seconds(o.timeout_s.value_or(kDefaultTimeoutSeconds));
    const auto meta_cmd = metadata_command(*manifest, metadata_timeout);
    const auto meta = runner->run(meta_cmd);

    // Every way out with gate results (cargo missing, interrupted, a full run) ends here.
    auto finish = [&](Report& report) -> Result<int> {
        report.checklist = build_checklist(report.gates, gate_items());
        decide_verdict(report);
        report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        if (auto st = emit(report, *outputs, o); !st) {
            return st.error();
        }
        return report.exit_code;
    };

    Report report;
    report.tool_version = kVersion;
    report.target_path = manifest->parent_path().string();

    if (process::cancel_requested()) {
        report.interrupted = true;
    } else if (auto problem = tool_problem(meta, meta_cmd); problem && problem->status == GateStatus::unavailable) {
        // Without cargo nothing can be evaluated: every gate says so, and the verdict is error.
        for (const auto& g : gate_catalogue()) {
            report.gates.push_back(
                GateResult{g->info().id, problem->status, true, problem->reason, {}, {}, problem->fix, {}});
        }
        return finish(report);
    } else if (!meta.succeeded()) {
        return make_error(ErrorKind::input,
                          fmt::format("cargo cannot read {}: {}", manifest->string(),
                                      strip_ansi(meta.err.empty() ? meta.describe(meta_cmd) : meta.err)));
    }
    Workspace ws;
    Config config = default_config(gate_schemas());
    std::vector<GateChoice> choices;
    if (!report.interrupted) {
        auto parsed = parse_cargo_metadata(meta.out);
        if (!parsed) {
            return parsed.error();
        }
        ws = std::move(*parsed);
        if (auto st = select_packages(ws, *manifest, o.packages); !st) {
            return st.error();
        }
        if (auto st = apply_config_dir(config, ws.root, gate_schemas()); !st) {
            return st.error();
        }
        if (ws.selected.size() == 1) {
            const auto member_dir = ws.members[ws.selected.front()].root();
            if (member_dir != ws.root) {
                if (auto st = apply_config_dir(config, member_dir, gate_schemas()); !st) {
                    return st.error();
                }
            }
        }
        if (o.common.verbosity > 0) {
            std::string sources;
            for (const auto& src : config.sources) {
                sources += (sources.empty() ? "" : ", ") + src;
            }
            fmt::print(stderr, "gatecheck: configuration: {}\n", sources.empty() ? "defaults" : sources);
        }
        auto chosen = choose_gates(o, config);
        if (!chosen) {
            return chosen.error();
        }
        choices = std::move(*chosen);
        for (const auto* p : ws.selected_packages()) {
            report.packages.push_back(PackageRef{p->name, p->version, p->manifest_path.string()});
        }
    }

    Evidence evidence;
    if (!report.interrupted) {
        const auto plan = make_plan(choices, config, o);
        auto tasks = plan_probes(plan, ws, evidence);
        const bool live = o.common.verbosity >= 0 && ::isatty(STDERR_FILENO) != 0;
        Progress progress(live, o.common.verbosity > 0);
        const std::size_t jobs = o.jobs.value_or(std::max(1U, std::thread::hardware_concurrency()));
        const auto records = run_tasks(std::move(tasks), *runner, jobs, &progress);
        progress.clear();
        report.probes.push_back(ProbeRecord{"metadata", meta_cmd.display(), "exit 0", meta.duration});
        for (const auto& r : records) {
            report.probes.push_back(ProbeRecord{r.id, r.command, r.outcome, r.duration});
        }
        report.interrupted = process::cancel_requested();
        report.rustc_version = evidence.toolchain.rustc;
        report.cargo_version = evidence.toolchain.cargo;
    }

    for (const auto& c : choices) {
        const auto& id = c.gate->info().id;
        const auto& settings = config.gate(id);
        if (!c.enabled) {
            report.gates.push_back(GateResult{id, GateStatus::skip, settings.required, c.why_not, {}, {}, "", {}});
            continue;
        }
        GateResult r = c.gate->evaluate(GateInput{evidence, settings, ws});
        r.duration = gate_duration(*c.gate, evidence);
        report.gates.push_back(std::move(r));
    }
    if (report.gates.empty()) {  // interrupted before the gates were even chosen
        for (const auto& g : gate_catalogue()) {
            report.gates.push_back(
                GateResult{g->info().id, GateStatus::error, true, "interrupted before it ran", {}, {}, "", {}});
        }
    }
    return finish(report);
}

}  // namespace gc
