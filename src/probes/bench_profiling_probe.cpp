// bench-profiling: the bench executables (probes/bench_build.hpp), then, for each criterion
// bench target, its benchmark ids (`--bench --list`) and each benchmark run alone under
// - valgrind's DHAT in criterion's `--test` mode (one iteration of the measured loop), for the
//   `allocations` gate (family `dhat`);
// - `perf record --call-graph dwarf` in criterion's `--profile-time N` mode, then `perf script`,
//   for the `profile` gate (family `perf`; folded stacks written next to the data).
// Outputs go to <target-dir>/gatecheck/profile/. docs/PROFILING.md explains the choices.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "probes/bench_build.hpp"
#include "probes/catalog.hpp"
#include "probes/criterion_run.hpp"
#include "probes/keys.hpp"

namespace gc::probes {
namespace {

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

Probed<AllocationsRun> judge_dhat(const process::Completed& res, const process::Command& cmd, const std::string& id,
                                  const std::filesystem::path& file) {
    if (auto p = missing_tool(res, cmd, kInstallValgrind)) {
        return *p;
    }
    if (res.exit_code != 0) {
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err)));
    }
    if (res.out.find("Testing " + id + "\n") == std::string::npos) {
        return error_problem(
            fmt::format("`{}` did not run benchmark {} (no `Testing {}` line)", cmd.display(), id, id));
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

struct BenchRun {
    BenchExecutable bench;
    std::string id;
    std::string slug;
};

Probed<CpuProfileRun> judge_perf_script(const process::Completed& res, const process::Command& cmd,
                                        PerfScriptParser& parser, const BenchRun& run,
                                        const std::filesystem::path& data) {
    if (auto p = missing_tool(res, cmd, kInstallPerf)) {
        return *p;
    }
    if (res.exit_code != 0) {
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err)));
    }
    CpuProfileRun out{run.id, parser.finish(), "", data.string()};
    if (out.profile.samples == 0) {
        return error_problem(fmt::format("`{}` printed no samples for benchmark {}", cmd.display(), run.id));
    }
    if (out.profile.unparsed_lines > 0) {
        return error_problem(fmt::format("`{}` printed {} lines that are neither a sample nor a stack frame",
                                         cmd.display(), out.profile.unparsed_lines));
    }
    const auto folded = data.parent_path() / (run.slug + ".folded");
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
        static const ProbeInfo info{"bench-profiling",
                                    {keys::bench_list.family, keys::allocations.family, keys::cpu_profile.family},
                                    "cargo"};  // and valgrind (dhat), perf (perf): cli/list_command.cpp
        return info;
    }
    // Its tasks follow the bench build (bench_profiling_tasks): nothing to plan before it.
    [[nodiscard]] std::vector<Task> plan(const PlanContext& /*ctx*/) const override { return {}; }

    // Per criterion executable, its benchmark list, then each benchmark under DHAT and perf.
    [[nodiscard]] static std::vector<Task> follow_build(const PlanContext& ctx,
                                                        const std::vector<BenchExecutable>& executables) {
        std::vector<Task> out;
        if (!ctx.needs.wants(keys::allocations.family) && !ctx.needs.wants(keys::cpu_profile.family)) {
            return out;
        }
        for (const auto& b : executables) {
            if (b.harness == "criterion") {
                out.push_back(list_task(ctx, b));
            }
        }
        return out;
    }

private:
    [[nodiscard]] static Task list_task(const PlanContext& ctx, const BenchExecutable& b) {
        Task t;
        t.id = probe_id(keys::bench_list.family, bench_instance(b));
        t.command = bench_command(ctx, b, {b.executable, "--bench", "--list"}, std::chrono::seconds(120));
        t.on_done = [ctx, b, cmd = t.command](const process::Completed& res) {
            std::vector<Task> next;
            if (auto p = tool_problem(res, cmd)) {
                ctx.evidence.put(keys::bench_list, bench_instance(b), *p);
                return next;
            }
            if (res.exit_code != 0) {
                ctx.evidence.put(
                    keys::bench_list, bench_instance(b),
                    error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err))));
                return next;
            }
            BenchIds ids{b, parse_criterion_list(res.out)};
            for (const auto& id : ids.ids) {
                const BenchRun run{b, id, bench_slug(b.package, b.target, id)};
                if (ctx.needs.wants(keys::allocations.family)) {
                    next.push_back(dhat_task(ctx, run));
                }
                if (ctx.needs.wants(keys::cpu_profile.family)) {
                    next.push_back(perf_record_task(ctx, run));
                }
            }
            ctx.evidence.put(keys::bench_list, bench_instance(b), std::move(ids));
            return next;
        };
        return t;
    }

    [[nodiscard]] static Task dhat_task(const PlanContext& ctx, const BenchRun& run) {
        Task t;
        t.id = probe_id(keys::allocations.family, bench_instance(run.bench, run.id));
        const auto file = profile_dir(ctx.ws) / (run.slug + ".dhat.json");
        t.command = bench_command(
            ctx, run.bench,
            {"valgrind", "--tool=dhat", "--read-inline-info=yes", fmt::format("--num-callers={}", kDhatCallers),
             "--dhat-out-file=" + file.string(), run.bench.executable, "--bench", "--test", exact_filter(run.id)},
            ctx.needs.timeout(keys::allocations.family));
        t.before_start = prepare(file);
        t.on_done = [ctx, run, file, cmd = t.command](const process::Completed& res) {
            ctx.evidence.put(keys::allocations, bench_instance(run.bench, run.id), judge_dhat(res, cmd, run.id, file));
            return std::vector<Task>{};
        };
        return t;
    }

    [[nodiscard]] static long long profile_time(const PlanContext& ctx) {
        const auto it = ctx.needs.settings.find("profile.profile_time");
        return it == ctx.needs.settings.end() ? 1 : std::max(1LL, std::stoll(it->second));
    }

    [[nodiscard]] static Task perf_record_task(const PlanContext& ctx, const BenchRun& run) {
        Task t;
        t.id = probe_id(keys::cpu_profile.family, bench_instance(run.bench, run.id));
        const auto data = profile_dir(ctx.ws) / (run.slug + ".perf.data");
        const auto seconds = profile_time(ctx);
        t.command = bench_command(
            ctx, run.bench,
            {"perf", "record", "-e", "cpu-clock:u", "-F", "997", "--call-graph", "dwarf,8192", "-o", data.string(),
             "--", run.bench.executable, "--bench", "--profile-time", std::to_string(seconds), exact_filter(run.id)},
            ctx.needs.timeout(keys::cpu_profile.family));
        t.before_start = prepare(data);
        t.on_done = [ctx, run, data, seconds, cmd = t.command](const process::Completed& res) {
            std::vector<Task> next;
            auto problem = missing_tool(res, cmd, kInstallPerf);
            if (!problem && res.exit_code != 0) {
                problem = perf_refused(res);
                if (!problem) {
                    problem = error_problem(
                        fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_tail(res.err)));
                }
            }
            if (!problem && res.out.find("Benchmarking " + run.id + ": Complete") == std::string::npos) {
                problem = error_problem(fmt::format("`{}` did not profile benchmark {}", cmd.display(), run.id));
            }
            if (problem) {
                ctx.evidence.put(keys::cpu_profile, bench_instance(run.bench, run.id), *problem);
            } else {
                next.push_back(perf_script_task(ctx, run, data, seconds));
            }
            return next;
        };
        return t;
    }

    [[nodiscard]] static Task perf_script_task(const PlanContext& ctx, const BenchRun& run,
                                               const std::filesystem::path& data, long long seconds) {
        Task t;
        t.id = probe_id("perf-script", bench_instance(run.bench, run.id));
        t.command.argv = {"perf", "script", "-i", data.string(), "--no-inline", "-F", "comm,tid,period,ip,sym,dso"};
        t.command.timeout = ctx.needs.timeout(keys::cpu_profile.family);
        auto sink = std::make_shared<ParserSink<PerfScriptParser>>();
        t.sink = sink;
        t.on_done = [ctx, run, data, seconds, sink, cmd = t.command](const process::Completed& res) {
            auto judged = judge_perf_script(res, cmd, sink->parser, run, data);
            if (auto* ok = judged.get()) {
                ok->profile_time_s = seconds;
            }
            ctx.evidence.put(keys::cpu_profile, bench_instance(run.bench, run.id), std::move(judged));
            return std::vector<Task>{};
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
