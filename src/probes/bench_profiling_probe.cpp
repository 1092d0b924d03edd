// bench-profiling: the bench executables (probes/bench_build.hpp), then, for each criterion,
// libtest or bencher bench target (probes/profiled_harness.hpp), its benchmarks under
// - valgrind's DHAT with one iteration of the measured loop (criterion's `--test`, libtest's
//   test mode; bencher: its whole run, whose first call of each benchmark is one iteration),
//   for the `allocations` gate (family `dhat`);
// - `perf record --call-graph dwarf` of a measured run (criterion's `--profile-time N`), then
//   `perf script`, for the `profile` gate (family `perf`; folded stacks written next to the data).
// criterion and libtest: `--list`, then each benchmark alone. bencher: one run of the whole
// executable per tool, split per benchmark; its benchmark list is the ids that run printed.
// Outputs go to <target-dir>/gatecheck/profile/. docs/PROFILING.md explains the choices.
#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/bench_build.hpp"
#include "probes/bench_run.hpp"
#include "probes/criterion_run.hpp"
#include "probes/dhat_report.hpp"
#include "probes/perf_profile.hpp"
#include "probes/probe.hpp"
#include "probes/profiled_harness.hpp"
#include "probes/profiling_budget.hpp"
#include "probes/rotation_state.hpp"

namespace gc::probes {
namespace {

const ProbeSetting<std::int64_t> kProfileTime{"profile", "profile_time", 1};
// The profilers' shared budget (docs/PROFILING.md): the profile gate's setting, also when only
// the allocations gate runs DHAT (then its default).
inline constexpr std::int64_t kDefaultBudgetSeconds = 120;
const ProbeSetting<std::int64_t> kBudget{"profile", "budget_seconds", kDefaultBudgetSeconds};
// The benchmarks a configured target names go first, every run.
const ProbeSetting<std::string> kAllocationLimits{"allocations", "max_per_iter", ""};
const ProbeSetting<std::string> kTimeTargets{"bench-targets", "targets", ""};

inline constexpr int kDhatCallers = 100;
inline constexpr const char* kInstallValgrind = "apt-get install valgrind";
inline constexpr const char* kInstallPerf = "apt-get install linux-perf";
inline constexpr std::size_t kTopFunctions = 50;

std::filesystem::path profile_dir(const Workspace& ws) {
    return ws.target_dir / "gatecheck" / "profile";
}

// Valgrind and perf write their own lines to stderr, rarely with "error": the last of it.
std::string stderr_tail(const std::string& err) {
    constexpr std::size_t kTail = 600;
    auto excerpt = stderr_excerpt(err);
    if (!excerpt.empty()) {
        return excerpt;
    }
    std::string tail = err.size() > kTail ? err.substr(err.size() - kTail) : err;
    std::replace(tail.begin(), tail.end(), '\n', ' ');
    return tail;
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string perf_paranoid() {
    auto value = read_text("/proc/sys/kernel/perf_event_paranoid");
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) {
        value.pop_back();
    }
    return value.empty() ? "unknown" : value;
}

// A benchmark process: in its package's directory with cargo bench's run-time variables, and
// criterion's files in gatecheck's own dir, never the user's target/criterion.
process::Command bench_command(const PlanContext& ctx, const BenchExecutable& b, std::vector<std::string> argv,
                               std::chrono::seconds timeout) {
    process::Command cmd;
    cmd.argv = std::move(argv);
    cmd.cwd = b.package_root;
    if (const auto* pkg = ctx.ws.find_by_name(b.package)) {
        cmd.env = pkg->cargo_env;
    }
    cmd.env.emplace_back("CRITERION_HOME", (bench_dir(ctx.ws) / "criterion-profile").string());
    cmd.unset_env = {"RUST_BACKTRACE"};
    cmd.timeout = timeout;
    return cmd;
}

std::function<void(process::Command&)> prepare(const std::filesystem::path& output) {
    return [output](process::Command&) {
        std::error_code ec;  // a directory that cannot be made shows as the tool's failure to write
        std::filesystem::create_directories(output.parent_path(), ec);
        std::filesystem::remove(output, ec);
    };
}

std::optional<ToolProblem> missing_tool(const process::Completed& res, const process::Command& cmd,
                                        const char* install) {
    auto p = tool_problem(res, cmd);
    if (p && p->status == GateStatus::unavailable && p->fix.empty()) {
        p->fix = install;
    }
    return p;
}

// The tool missing, or exiting non-zero.
std::optional<ToolProblem> tool_failed(const process::Completed& res, const process::Command& cmd,
                                       const char* install) {
    if (auto p = missing_tool(res, cmd, install)) {
        return p;
    }
    if (res.exit_code != 0) {
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err)));
    }
    return std::nullopt;
}

Probed<AllocationsRun> judge_dhat(const process::Completed& res, const process::Command& cmd, ProfiledHarness h,
                                  const std::string& id, const std::filesystem::path& file) {
    if (auto p = tool_failed(res, cmd, kInstallValgrind)) {
        return *p;
    }
    if (!ran_once(h, res.out, id)) {
        return error_problem(
            fmt::format("`{}` did not run benchmark {} (its output does not name it)", cmd.display(), id));
    }
    auto parsed = parse_dhat(read_text(file), kDhatCallers);
    if (!parsed) {
        return error_problem(fmt::format("{}: {}", file.string(), parsed.error().message));
    }
    return AllocationsRun{id, std::move(*parsed), file.string()};
}

std::optional<ToolProblem> perf_refused(const process::Completed& res) {
    const auto& err = res.err;
    for (const char* denied :
         {"perf_event_paranoid", "No permission", "Permission denied", "Access to performance monitoring"}) {
        if (err.find(denied) != std::string::npos) {
            return ToolProblem{GateStatus::unavailable,
                               fmt::format("perf is not permitted to profile (kernel.perf_event_paranoid = {}): {}",
                                           perf_paranoid(), stderr_tail(err)),
                               "sudo sysctl kernel.perf_event_paranoid=2 (user-space profiling of your own processes)"};
        }
    }
    if (err.find("perf not found for kernel") != std::string::npos) {
        return ToolProblem{GateStatus::unavailable, "perf is not installed for this kernel: " + stderr_tail(err),
                           kInstallPerf};
    }
    return std::nullopt;
}

}  // namespace

namespace {

// The Rust crate name of a bench target: cargo's `-` becomes `_`.
std::string crate_name(std::string target) {
    std::replace(target.begin(), target.end(), '-', '_');
    return target;
}

struct BenchRun {
    BenchExecutable bench;
    ProfiledHarness harness;
    std::string id;  // empty: bencher's run of every benchmark
    std::string slug;
};

// The benchmark's key in the round and the rotation: "PACKAGE/TARGET/ID" (bencher: "PACKAGE/TARGET").
std::string round_key(const BenchRun& run) {
    return bench_instance(run.bench, run.id);
}

// The profiling runs of one gatecheck run, shared by their tasks' callbacks (all on the
// scheduler's thread). Once every benchmark list is known, the benchmarks are ordered
// (probes/profiling_budget.hpp) and measured one at a time, its DHAT and perf runs side by
// side, while the budget lasts.
struct Round {
    std::size_t lists_pending = 0;
    std::vector<BenchRun> runs;
    std::optional<ProfilingRound> round;
    std::size_t tasks_left = 0;  // of the benchmark being measured
    std::filesystem::path state_file;
    RotationState state;
    std::string state_note;
};

// What `perf record` printed that keeps its data from being read.
std::optional<ToolProblem> perf_record_failed(const process::Completed& res, const process::Command& cmd) {
    auto problem = missing_tool(res, cmd, kInstallPerf);
    if (!problem && res.exit_code != 0) {
        problem = perf_refused(res);
        if (!problem) {
            problem = error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err)));
        }
    }
    return problem;
}

// One benchmark's profile: checked, its folded stacks written next to perf's data.
Probed<CpuProfileRun> judge_profile(const process::Command& cmd, CpuProfile profile, const std::string& id,
                                    const std::string& slug, const std::filesystem::path& data) {
    CpuProfileRun out{id, std::move(profile), "", data.string()};
    if (out.profile.samples == 0) {
        return error_problem(fmt::format("`{}` printed no samples for benchmark {}", cmd.display(), id));
    }
    if (out.profile.unparsed_lines > 0) {
        return error_problem(fmt::format("`{}` printed {} lines that are neither a sample nor a stack frame",
                                         cmd.display(), out.profile.unparsed_lines));
    }
    const auto folded = data.parent_path() / (slug + ".folded");
    std::ofstream f(folded, std::ios::binary | std::ios::trunc);
    f << folded_text(out.profile);
    if (!f.good()) {
        return error_problem("cannot write the folded stacks to " + folded.string());
    }
    out.folded_file = folded.string();
    out.profile.folded.clear();
    if (out.profile.functions.size() > kTopFunctions) {
        out.profile.functions.resize(kTopFunctions);
    }
    return out;
}

class BenchProfilingProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{
            "bench-profiling",
            {keys::bench_list.family, keys::allocations.family, keys::cpu_profile.family, keys::profiling_round.family},
            tools::cargo,
            {ProbeSettingUse::of(kProfileTime), ProbeSettingUse::of(kBudget), ProbeSettingUse::of(kAllocationLimits),
             ProbeSettingUse::of(kTimeTargets)},
            {{keys::allocations.family, tools::valgrind}, {keys::cpu_profile.family, tools::perf}}};
        return info;
    }
    // Its tasks follow the bench build (bench_profiling_tasks): nothing to plan before it.
    [[nodiscard]] std::vector<Task> plan(const PlanContext& /*ctx*/) const override { return {}; }

    // Per criterion or libtest executable, its benchmark list; once every list is known, the
    // benchmarks one at a time under DHAT and perf (a bencher executable: one run of all).
    [[nodiscard]] static std::vector<Task> follow_build(const PlanContext& ctx,
                                                        const std::vector<BenchExecutable>& executables) {
        std::vector<Task> out;
        const bool dhat = ctx.needs.wants(keys::allocations.family);
        const bool perf = ctx.needs.wants(keys::cpu_profile.family);
        auto round = std::make_shared<Round>();
        round->state_file = profile_dir(ctx.ws) / "rotation.json";
        for (const auto& b : executables) {
            const auto h = profiled_harness(b.harness);
            if (!h || (!dhat && !perf)) {
                continue;
            }
            if (runs_one_benchmark(*h)) {
                out.push_back(list_task(ctx, b, *h, round));
                ++round->lists_pending;
                continue;
            }
            round->runs.push_back(BenchRun{b, *h, "", bench_slug(b.package, b.target, "all")});
        }
        if (round->lists_pending == 0 && !round->runs.empty()) {
            auto first = start_round(ctx, round);
            std::move(first.begin(), first.end(), std::back_inserter(out));
        }
        return out;
    }

private:
    [[nodiscard]] static std::vector<Task> list_done(const PlanContext& ctx, const std::shared_ptr<Round>& round) {
        if (--round->lists_pending > 0 || round->runs.empty()) {
            return {};
        }
        return start_round(ctx, round);
    }

    [[nodiscard]] static std::vector<BudgetCandidate> candidates(const PlanContext& ctx, const Round& round) {
        std::set<std::string> targeted;
        for (const auto* table : {&kAllocationLimits, &kTimeTargets}) {
            for (auto& id : ctx.needs.table_keys(*table)) {
                targeted.insert(std::move(id));
            }
        }
        std::vector<BudgetCandidate> out;
        for (const auto& run : round.runs) {
            BudgetCandidate c{round_key(run), targeted.count(run.id) != 0, -1};
            // The benchmark run's times (when the benchmarks gate ran it): bencher's slowest.
            if (const auto* timed = ctx.evidence.get(keys::bench_run, bench_instance(run.bench)).get()) {
                for (const auto& e : timed->estimates) {
                    if (run.id.empty() || e.id == run.id) {
                        c.slowness = std::max(c.slowness, e.estimate.point);
                    }
                }
            }
            out.push_back(std::move(c));
        }
        return out;
    }

    [[nodiscard]] static std::vector<Task> start_round(const PlanContext& ctx, const std::shared_ptr<Round>& round) {
        round->state = read_rotation_state(round->state_file, round->state_note);
        const auto budget = std::max(std::int64_t{0}, ctx.needs.setting(kBudget));
        round->round.emplace(profiling_order(candidates(ctx, *round), round->state), std::chrono::seconds(budget));
        return next_benchmark(ctx, round);
    }

    // The next benchmark's tasks, or none when the round is over: then its record.
    [[nodiscard]] static std::vector<Task> next_benchmark(const PlanContext& ctx, const std::shared_ptr<Round>& round) {
        std::vector<Task> out;
        const auto key = round->round->next(ProfilingRound::Clock::now());
        if (!key) {
            finish_round(ctx, *round);
            return out;
        }
        const auto run = std::find_if(round->runs.begin(), round->runs.end(),
                                      [&](const BenchRun& r) { return round_key(r) == *key; });
        if (ctx.needs.wants(keys::allocations.family)) {
            out.push_back(dhat_task(ctx, *run, round));
        }
        if (ctx.needs.wants(keys::cpu_profile.family)) {
            out.push_back(perf_record_task(ctx, *run, round));
        }
        round->tasks_left = out.size();
        for (auto& t : out) {
            // The budget counts from the first measurement, not from the benchmark runs before it.
            t.before_start = [round, prep = std::move(t.before_start)](process::Command& cmd) {
                round->round->begin(ProfilingRound::Clock::now());
                if (prep) {
                    prep(cmd);
                }
            };
        }
        return out;
    }

    // One of the benchmark's runs is over (DHAT, or perf's record and script): after the last,
    // the next benchmark, unless the run was interrupted.
    [[nodiscard]] static std::vector<Task> measured(const PlanContext& ctx, const std::shared_ptr<Round>& round,
                                                    const process::Completed& res) {
        if (res.outcome == process::Outcome::cancelled) {
            round->round->stop();
        }
        if (--round->tasks_left > 0) {
            return {};
        }
        round->round->finished(ProfilingRound::Clock::now());
        return next_benchmark(ctx, round);
    }

    static void finish_round(const PlanContext& ctx, Round& round) {
        ProfilingRoundEvidence ev;
        ev.budget_s = round.round->budget().count();
        ev.spent_s = round.round->spent_seconds();
        ev.measured = round.round->measured();
        ev.deferred = round.round->deferred();
        ev.state_file = round.state_file.string();
        ev.state_note = round.state_note;
        if (auto st = write_rotation_state(round.state_file, round.round->recorded(round.state)); !st) {
            ev.state_note = st.error().message + ": the next run starts without this run's rotation";
        }
        ctx.evidence.put(keys::profiling_round, std::move(ev));
    }

    [[nodiscard]] static Task list_task(const PlanContext& ctx, const BenchExecutable& b, ProfiledHarness h,
                                        const std::shared_ptr<Round>& round) {
        Task t;
        t.id = probe_id(keys::bench_list.family, bench_instance(b));
        // The order reads the benchmark run's times.
        t.after = {std::string(keys::bench_run.family) + ":*"};
        auto argv = list_args(h);
        argv.insert(argv.begin(), b.executable);
        t.command = bench_command(ctx, b, std::move(argv), std::chrono::seconds(120));
        t.on_done = [ctx, b, h, round, cmd = t.command](const process::Completed& res) {
            if (auto p = tool_problem(res, cmd)) {
                ctx.evidence.put(keys::bench_list, bench_instance(b), *p);
                return list_done(ctx, round);
            }
            if (res.exit_code != 0) {
                ctx.evidence.put(
                    keys::bench_list, bench_instance(b),
                    error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err))));
                return list_done(ctx, round);
            }
            BenchIds ids{b, parse_bench_list(h, res.out)};
            for (const auto& id : ids.ids) {
                round->runs.push_back(BenchRun{b, h, id, bench_slug(b.package, b.target, id)});
            }
            ctx.evidence.put(keys::bench_list, bench_instance(b), std::move(ids));
            return list_done(ctx, round);
        };
        return t;
    }

    [[nodiscard]] static Task dhat_task(const PlanContext& ctx, const BenchRun& run,
                                        const std::shared_ptr<Round>& round) {
        Task t;
        t.id = probe_id(keys::allocations.family, bench_instance(run.bench, run.id));
        const auto file = profile_dir(ctx.ws) / (run.slug + ".dhat.json");
        std::vector<std::string> argv{"valgrind",
                                      "--tool=dhat",
                                      "--read-inline-info=yes",
                                      fmt::format("--num-callers={}", kDhatCallers),
                                      "--dhat-out-file=" + file.string(),
                                      run.bench.executable};
        const auto args = one_iteration_args(run.harness, run.id);
        argv.insert(argv.end(), args.begin(), args.end());
        t.command = bench_command(ctx, run.bench, std::move(argv), ctx.needs.timeout(keys::allocations.family));
        t.before_start = prepare(file);
        t.on_done = [ctx, run, file, round, cmd = t.command](const process::Completed& res) {
            if (run.id.empty()) {
                put_bencher_allocations(ctx, run, res, cmd, file);
            } else {
                ctx.evidence.put(keys::allocations, bench_instance(run.bench, run.id),
                                 judge_dhat(res, cmd, run.harness, run.id, file));
            }
            return measured(ctx, round, res);
        };
        return t;
    }

    // bencher's ids, from the bench lines of its run.
    [[nodiscard]] static std::vector<std::string> printed_ids(const std::string& out) {
        std::vector<std::string> ids;
        for (const auto& e : parse_bench_lines(out)) {
            ids.push_back(e.id);
        }
        return ids;
    }

    static void put_bencher_allocations(const PlanContext& ctx, const BenchRun& run, const process::Completed& res,
                                        const process::Command& cmd, const std::filesystem::path& file) {
        const auto ids = printed_ids(res.out);
        std::optional<ToolProblem> problem = tool_failed(res, cmd, kInstallValgrind);
        if (!problem && ids.empty()) {
            problem = error_problem(fmt::format("`{}` printed no bencher result lines", cmd.display()));
        }
        Result<std::map<std::string, BenchAllocations>> parsed = std::map<std::string, BenchAllocations>{};
        if (!problem) {
            parsed = parse_dhat_bencher_run(read_text(file), kDhatCallers, ids);
            if (!parsed) {
                problem = error_problem(fmt::format("{}: {}", file.string(), parsed.error().message));
            }
        }
        const auto list = bench_list_instance(run.bench, runs_one_benchmark(run.harness), keys::allocations.family);
        if (problem) {
            ctx.evidence.put(keys::bench_list, list, *problem);
            return;
        }
        for (const auto& id : ids) {
            ctx.evidence.put(keys::allocations, bench_instance(run.bench, id),
                             AllocationsRun{id, std::move((*parsed)[id]), file.string()});
        }
        ctx.evidence.put(keys::bench_list, list, BenchIds{run.bench, ids});
    }

    [[nodiscard]] static long long profile_time(const PlanContext& ctx) {
        return std::max(std::int64_t{1}, ctx.needs.setting(kProfileTime));
    }

    [[nodiscard]] static Task perf_record_task(const PlanContext& ctx, const BenchRun& run,
                                               const std::shared_ptr<Round>& round) {
        Task t;
        t.id = probe_id(keys::cpu_profile.family, bench_instance(run.bench, run.id));
        const auto data = profile_dir(ctx.ws) / (run.slug + ".perf.data");
        const auto seconds = profile_time(ctx);
        std::vector<std::string> argv{
            "perf",         "record",     "-e", "cpu-clock:u", "-F", std::to_string(perf_frequency(run.harness)),
            "--call-graph", "dwarf,8192", "-o", data.string(), "--", run.bench.executable};
        const auto args = measured_args(run.harness, run.id, seconds);
        argv.insert(argv.end(), args.begin(), args.end());
        t.command = bench_command(ctx, run.bench, std::move(argv), ctx.needs.timeout(keys::cpu_profile.family));
        t.before_start = prepare(data);
        t.on_done = [ctx, run, data, seconds, round, cmd = t.command](const process::Completed& res) {
            std::vector<Task> next;
            auto problem = perf_record_failed(res, cmd);
            const auto ids = run.id.empty() ? printed_ids(res.out) : std::vector<std::string>{run.id};
            if (!problem && (ids.empty() || (!run.id.empty() && !ran_measured(run.harness, res.out, run.id)))) {
                problem = error_problem(
                    fmt::format("`{}` did not profile benchmark {}", cmd.display(), run.id.empty() ? "any" : run.id));
            }
            const auto list = bench_list_instance(run.bench, runs_one_benchmark(run.harness), keys::cpu_profile.family);
            if (problem) {
                if (run.id.empty()) {
                    ctx.evidence.put(keys::bench_list, list, *problem);
                } else {
                    ctx.evidence.put(keys::cpu_profile, bench_instance(run.bench, run.id), *problem);
                }
                return measured(ctx, round, res);
            }
            if (run.id.empty()) {
                ctx.evidence.put(keys::bench_list, list, BenchIds{run.bench, ids});
            }
            next.push_back(perf_script_task(ctx, run, data, seconds, ids, round));
            return next;
        };
        return t;
    }

    [[nodiscard]] static Task perf_script_task(const PlanContext& ctx, const BenchRun& run,
                                               const std::filesystem::path& data, long long seconds,
                                               const std::vector<std::string>& ids,
                                               const std::shared_ptr<Round>& round) {
        Task t;
        t.id = probe_id("perf-script", bench_instance(run.bench, run.id));
        t.command.argv = {"perf", "script", "-i", data.string(), "--no-inline", "-F", "comm,tid,period,ip,sym,dso"};
        t.command.timeout = ctx.needs.timeout(keys::cpu_profile.family);
        // criterion's loop is a frame of its own; libtest's and bencher's are found through the
        // benchmark function they are inlined into.
        auto sink = run.harness == ProfiledHarness::criterion
                        ? std::make_shared<ParserSink<PerfScriptParser>>()
                        : std::make_shared<ParserSink<PerfScriptParser>>(ids, crate_name(run.bench.target));
        t.sink = sink;
        t.on_done = [ctx, run, data, seconds, sink, ids, round, cmd = t.command](const process::Completed& res) {
            auto failed = tool_failed(res, cmd, kInstallPerf);
            std::map<std::string, CpuProfile> profiles;
            if (run.id.empty()) {
                profiles = sink->parser.finish_by_benchmark();
            } else {
                profiles[run.id] = sink->parser.finish();
            }
            for (const auto& id : ids) {
                const auto slug = bench_slug(run.bench.package, run.bench.target, id);
                auto judged = failed ? Probed<CpuProfileRun>(*failed)
                                     : judge_profile(cmd, std::move(profiles[id]), id, slug, data);
                if (auto* ok = judged.get()) {
                    ok->profile_time_s = run.harness == ProfiledHarness::criterion ? seconds : 0;
                }
                ctx.evidence.put(keys::cpu_profile, bench_instance(run.bench, id), std::move(judged));
            }
            return measured(ctx, round, res);
        };
        return t;
    }
};

}  // namespace

std::vector<Task> bench_profiling_tasks(const PlanContext& ctx, const std::vector<BenchExecutable>& executables) {
    return BenchProfilingProbe::follow_build(ctx, executables);
}

std::unique_ptr<Probe> make_bench_profiling_probe() {
    return std::make_unique<BenchProfilingProbe>();
}

}  // namespace gc::probes
