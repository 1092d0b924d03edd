// The bench-run tasks: each bench executable of the bench build, run alone (an exclusive
// task, so that no build or test competes for the two cores it measures on), from its
// package root, with the measurement settings of the benchmarks gate.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/bench_run.hpp"

namespace gc::probes {
namespace {

// What a run's stdout says, kept small: criterion's report count and the bench lines.
class BenchOutputSink final : public process::LineSink {
public:
    void line(std::string_view text) override {
        reports_ += count_criterion_reports(text);
        if (text.rfind("test ", 0) == 0 || text.find("panicked") != std::string_view::npos) {
            kept_.append(text);
            kept_ += '\n';
        }
    }
    [[nodiscard]] std::size_t reports() const { return reports_; }
    [[nodiscard]] const std::string& kept() const { return kept_; }

private:
    std::size_t reports_ = 0;
    std::string kept_;
};

const ProbeSetting<std::int64_t> kWarmUp{"benchmarks", "warm_up_time", 1};
const ProbeSetting<std::int64_t> kMeasurement{"benchmarks", "measurement_time", 1};
const ProbeSetting<std::int64_t> kSampleSize{"benchmarks", "sample_size", 10};
// Empty when bench-targets is not enabled: then no baseline is compared.
const ProbeSetting<std::string> kBaseline{"bench-targets", "baseline", ""};

struct RunSettings {
    std::string warm_up;
    std::string measurement;
    std::string sample_size;
    std::string baseline;
    std::string save;  // `gatecheck bench save NAME`
};

RunSettings run_settings(const PlanContext& ctx) {
    return {std::to_string(ctx.needs.setting(kWarmUp)), std::to_string(ctx.needs.setting(kMeasurement)),
            std::to_string(ctx.needs.setting(kSampleSize)), ctx.needs.setting(kBaseline), ctx.needs.save_baseline};
}

std::filesystem::path criterion_home(const PlanContext& ctx, const BenchExecutable& b) {
    return bench_dir(ctx.ws) / "criterion" / b.package / b.target;
}

// bencher's and libtest's own record of a run is their stdout: its bench lines are kept in
// `<bench dir>/lines/PKG/TARGET.txt`, as criterion keeps its files, so the figures in the
// report can be checked against what the harness printed.
void keep_bench_lines(const PlanContext& ctx, const BenchExecutable& b, const std::string& lines) {
    const auto file = bench_dir(ctx.ws) / "lines" / b.package / (b.target + ".txt");
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::ofstream(file) << lines;
}

process::Command run_command(const PlanContext& ctx, const BenchExecutable& b, const RunSettings& s) {
    process::Command cmd;
    cmd.argv = {b.executable, "--bench"};
    if (b.harness == "criterion") {
        cmd.argv.insert(cmd.argv.end(), {"--warm-up-time", s.warm_up, "--measurement-time", s.measurement,
                                         "--sample-size", s.sample_size, "--noplot"});
        if (!s.save.empty()) {
            cmd.argv.insert(cmd.argv.end(), {"--save-baseline", s.save});
        }
        cmd.env.emplace_back("CRITERION_HOME", criterion_home(ctx, b).string());
    }
    cmd.cwd = b.package_root;
    if (const auto* pkg = ctx.ws.find_by_name(b.package)) {
        cmd.env.insert(cmd.env.end(), pkg->cargo_env.begin(), pkg->cargo_env.end());
    }
    cmd.timeout = ctx.needs.timeout(keys::bench_run.family);
    return cmd;
}

// A panic in a benchmark is the crate's failure: the first "panicked at" line and the next.
std::string panic_message(const std::string& err) {
    const auto pos = err.find("panicked at");
    if (pos == std::string::npos) {
        return "";
    }
    const auto start = err.rfind('\n', pos);
    auto text = err.substr(start == std::string::npos ? 0 : start + 1, 400);
    const auto second = text.find('\n', text.find('\n') + 1);
    text = text.substr(0, second);
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

Probed<BenchRun> judge(const PlanContext& ctx, const BenchExecutable& b, const process::Completed& res,
                       const process::Command& shown, const BenchOutputSink& out,
                       std::filesystem::file_time_type started) {
    if (auto p = tool_problem(res, shown)) {
        return *p;
    }
    BenchRun run;
    run.bench = b;
    run.max_rss_bytes = res.resources.max_rss_bytes;
    run.seconds = static_cast<double>(res.duration.count()) / 1000.0;
    if (res.exit_code != 0) {
        run.panicked = panic_message(res.err + "\n" + out.kept());
        if (run.panicked.empty()) {
            return error_problem(fmt::format("`{}` {} without a panic message: {}", shown.display(),
                                             res.describe(shown), stderr_excerpt(res.err)));
        }
    }
    if (b.harness == "criterion") {
        auto found = read_criterion_dir(criterion_home(ctx, b), started);
        if (!found) {
            return error_problem(found.error().message);
        }
        run.estimates = std::move(*found);
        if (run.panicked.empty() && run.estimates.size() != out.reports()) {
            return error_problem(fmt::format("`{}` reported {} benchmarks on stdout but wrote {} estimates.json",
                                             shown.display(), out.reports(), run.estimates.size()));
        }
    } else {
        run.estimates = parse_bench_lines(out.kept());
        keep_bench_lines(ctx, b, out.kept());
    }
    return run;
}

// The named baseline as saved before this run, then (bench save) this run saved over it.
void baselines(const PlanContext& ctx, BenchRun& run, const RunSettings& s) {
    if (!s.baseline.empty()) {
        run.baseline_name = s.baseline;
        const auto file = baseline_path(ctx.ws, s.baseline, run.bench);
        run.baseline_file = file.string();
        std::ifstream in(file);
        if (in) {
            std::ostringstream text;
            text << in.rdbuf();
            if (auto parsed = parse_baseline_json(text.str())) {
                run.baseline = std::move(*parsed);
            }
        }
    }
    if (!s.save.empty() && run.panicked.empty()) {
        const auto file = baseline_path(ctx.ws, s.save, run.bench);
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        std::ofstream out(file);
        out << baseline_json(run.estimates);
        if (out.good()) {
            run.saved_to = file.string();
        }
    }
}

Task run_task(const PlanContext& ctx, const BenchExecutable& b, const RunSettings& s) {
    const auto instance = b.package + "/" + b.target;
    Task t;
    t.id = probe_id(keys::bench_run.family, instance);
    t.command = run_command(ctx, b, s);
    t.exclusive = true;
    auto sink = std::make_shared<BenchOutputSink>();
    t.sink = sink;
    auto started = std::make_shared<std::filesystem::file_time_type>();
    t.before_start = [started](process::Command& /*cmd*/) {
        // Whole seconds on some file systems: anything written since a second before counts.
        *started = std::filesystem::file_time_type::clock::now() - std::chrono::seconds(1);
    };
    process::Command shown;
    shown.argv = t.command.argv;
    shown.timeout = t.command.timeout;
    ctx.evidence.put(keys::bench_run, instance, Probed<BenchRun>{});
    t.on_done = [ctx, b, s, sink, started, instance, shown](const process::Completed& res) {
        auto judged = judge(ctx, b, res, shown, *sink, *started);
        if (auto* run = judged.get()) {
            baselines(ctx, *run, s);
        }
        ctx.evidence.put(keys::bench_run, instance, std::move(judged));
        return std::vector<Task>{};
    };
    return t;
}

}  // namespace

std::vector<ProbeSettingUse> bench_run_settings() {
    return {ProbeSettingUse::of(kWarmUp), ProbeSettingUse::of(kMeasurement), ProbeSettingUse::of(kSampleSize),
            ProbeSettingUse::of(kBaseline)};
}

std::vector<Task> bench_run_tasks(const PlanContext& ctx, const std::vector<BenchExecutable>& executables) {
    const auto s = run_settings(ctx);
    std::vector<Task> out;
    out.reserve(executables.size());
    for (const auto& b : executables) {
        out.push_back(run_task(ctx, b, s));
    }
    return out;
}

}  // namespace gc::probes
