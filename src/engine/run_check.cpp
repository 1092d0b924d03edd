// The check run: one pass from the crate's path down to the verdict and the reports.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "config/attestation_table.hpp"
#include "core/exit_codes.hpp"
#include "core/version.hpp"
#include "engine/evaluate.hpp"
#include "engine/outputs.hpp"
#include "engine/plan.hpp"
#include "engine/progress.hpp"
#include "engine/target.hpp"
#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/nightly_targets.hpp"
#include "report/checklist.hpp"
#include "report/fingerprint.hpp"
#include "report/line_hash.hpp"
#include "report/perf_section.hpp"
#include "report/verdict.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in a C++ header

namespace gc {
namespace {

using Clock = std::chrono::steady_clock;

// gatecheck's own peak memory, from the kernel (children are accounted separately).
std::int64_t own_peak_rss() {
    struct rusage usage {};
    return ::getrusage(RUSAGE_SELF, &usage) == 0 ? static_cast<std::int64_t>(usage.ru_maxrss) * 1024 : 0;
}

Environment inherited_environment() {
    Environment env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string::npos) {
            env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
        }
    }
    return env;
}

ProbeRecord metadata_record(const process::Command& cmd, const process::Completed& res) {
    ProbeRecord p;
    p.id = "metadata";
    p.command = cmd.display();
    p.outcome = res.outcome == process::Outcome::exited ? "exit " + std::to_string(res.exit_code) : res.describe(cmd);
    p.duration = res.duration;
    p.max_rss_bytes = res.resources.max_rss_bytes;
    p.user_ms = res.resources.user_ms;
    p.sys_ms = res.resources.sys_ms;
    return p;
}

std::vector<std::pair<std::string, std::vector<std::string>>> gate_items(const GateList& gates) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto* g : gates) {
        out.emplace_back(g->info().id, g->info().checklist);
    }
    return out;
}

// The nearest directory at or above dir holding .git (a directory, or a file for a worktree
// or submodule): code scanning resolves SARIF's URIs against the repository's root.
std::string repository_root(const std::filesystem::path& dir) {
    std::error_code ec;
    for (auto d = dir; !d.empty(); d = d.parent_path()) {
        if (std::filesystem::exists(d / ".git", ec)) {
            return d.string();
        }
        if (d == d.parent_path()) {
            break;
        }
    }
    return "";
}

// Carries a run from its start to its reports: every way out (a full run, cargo missing,
// an interrupt, an error that stops it) ends in finish() or fail().
class CheckRun {
public:
    CheckRun(const CheckOptions& o, const Registries& reg, process::Runner& runner, std::vector<Output> outputs)
        : o_(o), reg_(reg), runner_(runner), outputs_(std::move(outputs)) {
        report_.tool_version = kGatecheckVersion;
        report_.target_path = std::filesystem::absolute(o.path).lexically_normal().string();
    }

    Result<int> run() {
        auto manifest = resolve_manifest(o_.path);
        if (!manifest) {
            return fail(manifest.error());
        }
        report_.target_path = manifest->parent_path().string();
        const auto meta_cmd =
            metadata_command(*manifest, std::chrono::seconds(o_.timeout_s.value_or(kDefaultTimeoutSeconds)));
        const auto meta = runner_.run(meta_cmd, nullptr);
        report_.probes.push_back(metadata_record(meta_cmd, meta));
        if (process::cancel_requested()) {
            return interrupted();
        }
        // cargo missing, killed, hung, or exiting without a word: the tool failed, not the input.
        if (auto problem = tool_problem(meta, meta_cmd)) {
            return without_workspace(*problem, manifest->parent_path());
        }
        if (!meta.succeeded() && strip_ansi(meta.err).find_first_not_of(" \t\r\n") == std::string::npos) {
            return without_workspace(error_problem(fmt::format("`{}` failed without a message ({})", meta_cmd.display(),
                                                               meta.describe(meta_cmd))),
                                     manifest->parent_path());
        }
        if (!meta.succeeded()) {
            return fail(make_error(ErrorKind::input,
                                   fmt::format("cargo cannot read {}: {}", manifest->string(), strip_ansi(meta.err))));
        }
        auto ws = parse_cargo_metadata(meta.out);
        if (!ws) {
            return without_workspace(
                error_problem(fmt::format("`{}` exited 0: {}", meta_cmd.display(), ws.error().message)),
                manifest->parent_path());
        }
        read_manifests(*ws);
        if (auto st = select_packages(*ws, *manifest, o_.packages); !st) {
            return fail(st.error());
        }
        return check(*ws);
    }

private:
    Result<int> check(const Workspace& ws) {
        std::vector<std::string> notes;
        auto config = load_config(ws, reg_.gates, notes);
        if (!config) {
            return fail(config.error());
        }
        if (!o_.save_baseline.empty() && config->gates.count("benchmarks") != 0) {
            config->gates["benchmarks"].required = true;  // bench save fails when the benches do
        }
        if (auto st = check_attestation_dates(*config, today_); !st) {
            return fail(st.error());
        }
        for (const auto& note : notes) {
            fmt::print(stderr, "gatecheck: note: {}\n", note);
        }
        if (o_.common.verbosity > 0) {
            std::string sources;
            for (const auto& src : config->sources) {
                sources += (sources.empty() ? "" : ", ") + src;
            }
            fmt::print(stderr, "gatecheck: configuration: {}\n", sources.empty() ? "defaults" : sources);
        }
        auto choices = choose_gates(o_, *config, reg_.gates);
        if (!choices) {
            return fail(choices.error());
        }
        report_.workspace_root = ws.root.string();
        report_.repo_root = repository_root(ws.root);
        for (const auto* p : ws.selected_packages()) {
            report_.packages.push_back(PackageRef{p->name, p->version, p->manifest_path.string()});
        }
        if (ws.selected.size() == 1) {
            report_.target_path = ws.selected_packages().front()->root().string();
        }
        auto needs = collect_needs(*choices, *config, o_);
        const auto env = inherited_environment();
        leave_out_nightly(ws, env, needs.scope);
        Evidence evidence;
        const auto records = schedule(plan_tasks(reg_.probes, PlanContext{ws, needs, evidence, env}));
        report_.interrupted = process::cancel_requested();
        report_.rustc_version = evidence.toolchain.rustc;
        report_.cargo_version = evidence.toolchain.cargo;
        note_profiled(evidence);
        report_.gates = evaluate_gates(*choices, *config, ws, evidence, records, today_);
        if (!o_.save_baseline.empty()) {
            say_saved(evidence);
        }
        return finish();
    }

    // Targets that need nightly leave every stable command, with one note. With RUSTC_BOOTSTRAP=1
    // in gatecheck's environment every command compiles them, as the user's own cargo does.
    void leave_out_nightly(const Workspace& ws, const Environment& env, TargetScope& scope) {
        const auto bootstrap = env.find("RUSTC_BOOTSTRAP");
        if (bootstrap != env.end() && bootstrap->second == "1") {
            return;
        }
        scope.nightly = probes::nightly_targets(ws, scope);
        if (!scope.nightly.empty()) {
            report_.notes.push_back(probes::nightly_note(scope.nightly));
        }
    }

    // The profilers' budget: the report carries which benchmarks were measured; when it left
    // some for later runs, the report says so once.
    void note_profiled(const Evidence& evidence) {
        const auto* round = evidence.get(keys::profiling_round).get();
        if (round == nullptr) {
            return;
        }
        report_.profiled = ProfiledBenchmarks{round->budget_s, round->spent_s, round->measured, round->deferred};
        if (!round->deferred.empty()) {
            const auto total = round->measured.size() + round->deferred.size();
            report_.notes.push_back(fmt::format(
                "DHAT and perf measured {} of {} benchmarks within the {} s budget ([gates.profile] budget_seconds): "
                "{}; the other {} rotate in over the next runs",
                round->measured.size(), total, round->budget_s, fmt::join(round->measured, ", "),
                round->deferred.size()));
        }
    }

    // `gatecheck bench save`: where each bench target's baseline went, or that none did.
    void say_saved(const Evidence& evidence) const {
        std::size_t saved = 0;
        for (const auto& [instance, probed] : evidence.all(keys::bench_run)) {
            if (const auto* run = probed->get(); run != nullptr && !run->saved_to.empty()) {
                ++saved;
                fmt::print(stderr, "gatecheck: saved baseline '{}' of {}: {}\n", o_.save_baseline, instance,
                           run->saved_to);
            }
        }
        if (saved == 0) {
            fmt::print(stderr,
                       "gatecheck: no baseline saved: no benchmark ran to completion (see the benchmarks gate)\n");
        }
    }

    std::vector<TaskRecord> schedule(std::vector<Task> tasks) {
        const bool live = o_.common.verbosity >= 0 && ::isatty(STDERR_FILENO) != 0;
        Progress progress(live, o_.common.verbosity > 0);
        const std::size_t jobs = o_.jobs.value_or(std::max(1U, std::thread::hardware_concurrency()));
        auto records = run_tasks(std::move(tasks), runner_, jobs, &progress);
        progress.clear();
        const auto probes = probe_records(records);
        report_.probes.insert(report_.probes.end(), probes.begin(), probes.end());
        return records;
    }

    // Without a workspace (cargo missing or broken) nothing can be evaluated, but --gate, --skip
    // and the configuration still say which gates were asked for and which are required.
    Result<int> without_workspace(const ToolProblem& problem, const std::filesystem::path& dir) {
        auto config = load_dir_config(dir, reg_.gates);
        if (!config) {
            return fail(config.error());
        }
        auto choices = choose_gates(o_, *config, reg_.gates);
        if (!choices) {
            return fail(choices.error());
        }
        for (const auto& c : *choices) {
            GateResult r;
            r.id = c.gate->info().id;
            r.required = config->gate(r.id).required;
            r.status = c.enabled ? problem.status : GateStatus::skip;
            r.summary = c.enabled ? problem.reason : c.why_not;
            r.fix = c.enabled ? problem.fix : "";
            report_.gates.push_back(std::move(r));
        }
        return finish();
    }

    Result<int> every_gate(const ToolProblem& problem) {
        for (const auto* g : reg_.gates) {
            GateResult r;
            r.id = g->info().id;
            r.status = problem.status;
            r.summary = problem.reason;
            r.fix = problem.fix;
            report_.gates.push_back(std::move(r));
        }
        return finish();
    }

    Result<int> interrupted() {
        report_.interrupted = true;
        return every_gate(ToolProblem{GateStatus::error, "interrupted before it ran", ""});
    }

    Result<int> finish() {
        report_.tool_max_rss_bytes = own_peak_rss();
        report_.checklist = build_checklist(report_.gates, gate_items(reg_.gates));
        decide_verdict(report_);
        assign_fingerprints(report_);
        report_.performance = performance_analysis(report_);
        assign_line_hashes(report_);
        report_.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
        if (auto st = emit(report_, outputs_, o_.common); !st) {
            return st.error();
        }
        return report_.exit_code;
    }

    // An error that stops the run still leaves CI a report file saying so.
    Result<int> fail(const Error& error) {
        if (process::cancel_requested()) {
            return interrupted();
        }
        report_.error = error.message;
        report_.verdict = Verdict::error;
        report_.exit_code = kExitUsage;
        report_.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
        for (const auto& out : outputs_) {
            if (!out.file.empty() && out.format->on_usage_error) {
                (void)emit(report_, {out}, o_.common);
            }
        }
        return error;
    }

    const CheckOptions& o_;
    const Registries& reg_;
    process::Runner& runner_;
    std::vector<Output> outputs_;
    Report report_;
    Clock::time_point started_ = Clock::now();
    Date today_ = o_.today.value_or(today_utc());  // read once: every attestation is judged on one date
};

}  // namespace

Registries default_registries() {
    return Registries{gate_catalogue(), probe_registry()};
}

Result<int> run_check(const CheckOptions& options, const Registries& registries, process::Runner& runner) {
    auto outputs = parse_reports(options.reports);
    if (!outputs) {
        return outputs.error();
    }
    CheckRun run(options, registries, runner, std::move(*outputs));
    return run.run();
}

}  // namespace gc
