// The test pipeline, one class for every flavour: build the test binaries once
// (`cargo build --tests --keep-going`, so one broken target does not stop the others),
// then run each binary ourselves with libtest JSON (or, for `harness = false`, plainly),
// with cargo test's environment, killed with its process group at the timeout.
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "probes/cargo_command.hpp"
#include "probes/flavour.hpp"
#include "probes/host_target.hpp"
#include "probes/probe.hpp"
#include "probes/sanitizer_report.hpp"
#include "probes/test_runs.hpp"
#include "probes/tsan_report.hpp"

namespace gc::probes {
namespace {

// What the run tasks learn once the toolchain has been located (rustc-libdir).
struct Located {
    std::vector<std::string> libdirs;  // the toolchain's library dirs, for LD_LIBRARY_PATH
    std::string cargo;                 // the real cargo behind rustup's proxy, for $CARGO
};

std::string target_kind(const std::vector<std::string>& kinds) {
    for (const auto& k : kinds) {
        if (k == "bin" || k == "test" || k == "bench" || k == "example") {
            return k;
        }
    }
    return "lib";
}

bool harness_of(const Package& pkg, const std::string& kind, const std::string& name) {
    for (const auto& t : pkg.targets) {
        if (t.name == name && (target_kind(t.kinds) == kind)) {
            return t.harness;
        }
    }
    return true;
}

class TestPipeline final : public Probe {
public:
    explicit TestPipeline(Flavour flavour)
        : flavour_(std::move(flavour)),
          info_{"test-pipeline(" + flavour_.name + ")",
                {flavour_.family("test-build"), flavour_.family("unit-test"), flavour_.family("integration-test")},
                tools::cargo} {}
    [[nodiscard]] const ProbeInfo& info() const override { return info_; }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        auto located = std::make_shared<Located>();
        if (flavour_.host_target) {
            return {host_task(ctx, located), libdir_task(ctx, located)};
        }
        return {build_task(ctx, located, {}), libdir_task(ctx, located)};
    }

private:
    [[nodiscard]] std::string libdir_id() const { return flavour_.family("rustc-libdir"); }

    // Test binaries of proc-macro crates (and dylib deps) load the toolchain's libstd at
    // run time: like cargo test, put its library dirs on LD_LIBRARY_PATH.
    [[nodiscard]] Task libdir_task(const PlanContext& ctx, const std::shared_ptr<Located>& located) const {
        Task t;
        t.id = libdir_id();
        t.command.argv = {"rustc", "--print", "sysroot", "--print", "target-libdir"};
        t.command.cwd = ctx.ws.root;
        t.command.timeout = std::chrono::seconds(60);
        t.on_done = [located](const process::Completed& res) {
            if (res.succeeded()) {
                std::istringstream lines(res.out);
                std::string sysroot;
                std::string target_libdir;
                std::getline(lines, sysroot);
                std::getline(lines, target_libdir);
                located->libdirs = {target_libdir, sysroot + "/lib"};
                if (std::filesystem::exists(sysroot + "/bin/cargo")) {
                    located->cargo = sysroot + "/bin/cargo";
                }
            }
            return std::vector<Task>{};
        };
        return t;
    }

    // rustc with the flavour's flags: the host to build for (`--print host-tuple`, rustc 1.84+)
    // and whether the flags take effect there (`required_cfg`). Then the build, as a follow-up.
    [[nodiscard]] Task host_task(const PlanContext& ctx, const std::shared_ptr<Located>& located) const {
        Task t;
        t.id = flavour_.family("rustc-host");
        t.command.argv = {"rustc"};
        t.command.argv.insert(t.command.argv.end(), flavour_.rustflags.begin(), flavour_.rustflags.end());
        t.command.argv.insert(t.command.argv.end(), {"--print", "host-tuple", "--print", "cfg"});
        t.command.cwd = ctx.ws.root;
        t.command.env = flavour_.env;
        t.command.timeout = std::chrono::seconds(60);
        t.on_done = [this, ctx, located, cmd = t.command](const process::Completed& res) {
            auto host = judge_host(res, cmd, flavour_);
            if (host.problem() != nullptr) {
                ctx.evidence.put(flavour_.build_key(), Probed<TestBuildEvidence>(*host.problem()));
                return std::vector<Task>{};
            }
            return std::vector<Task>{build_task(ctx, located, {"--target", *host.get()})};
        };
        return t;
    }

    [[nodiscard]] process::Command build_command(const PlanContext& ctx, const std::vector<std::string>& target) const {
        std::vector<std::string> args{"build"};
        const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::tests);
        args.insert(args.end(), scope.begin(), scope.end());
        args.insert(args.end(), {"--keep-going", "--message-format=json"});
        const auto pkgs = package_args(ctx.ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        args.insert(args.end(), flavour_.cargo_args.begin(), flavour_.cargo_args.end());
        args.insert(args.end(), target.begin(), target.end());
        auto cmd = cargo_command(ctx.ws, args, ctx.needs.timeout(flavour_.family("test-build")));
        const auto changes = flavour_environment(flavour_, ctx.env);
        cmd.env = changes.set;
        cmd.unset_env = changes.unset;
        if (!flavour_.is_plain()) {
            cmd.env.emplace_back("CARGO_TARGET_DIR", flavour_.target_dir(ctx.ws).string());
        }
        return cmd;
    }

    [[nodiscard]] Task build_task(const PlanContext& ctx, const std::shared_ptr<Located>& located,
                                  const std::vector<std::string>& target) const {
        Task t;
        t.id = flavour_.family("test-build");
        t.command = build_command(ctx, target);
        t.lock = flavour_.target_dir(ctx.ws).string();
        auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
        t.sink = sink;
        t.on_done = [this, ctx, sink, located, target, cmd = t.command,
                     expected =
                         expected_targets(ctx.ws, ctx.needs.scope, Targets::tests)](const process::Completed& res) {
            auto& messages = sink->parser.result();
            auto judged = judge_compile(res, cmd, messages, expected);
            if (const auto* p = judged.problem()) {
                ctx.evidence.put(flavour_.build_key(), Probed<TestBuildEvidence>(*p));
                return std::vector<Task>{};
            }
            TestBuildEvidence ev;
            ev.success = judged.get()->success;
            ev.diagnostics = std::move(judged.get()->diagnostics);
            ev.build_script_failures = judged.get()->build_script_failures;
            ev.target = target.size() == 2 ? target[1] : "";
            if (auto problem = empty_profile_dir(ctx)) {
                ctx.evidence.put(flavour_.build_key(), Probed<TestBuildEvidence>(std::move(*problem)));
                return std::vector<Task>{};
            }
            auto runs = run_tasks(ctx, messages, located, ev);
            ctx.evidence.put(flavour_.build_key(), std::move(ev));
            return runs;
        };
        return t;
    }

    // Profiles of an earlier run must never count: the runs about to start write new ones.
    [[nodiscard]] std::optional<ToolProblem> empty_profile_dir(const PlanContext& ctx) const {
        if (flavour_.profile_dir.empty()) {
            return std::nullopt;
        }
        const auto dir = flavour_.profile_path(ctx.ws);
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        if (!ec) {
            std::filesystem::create_directories(dir, ec);
        }
        if (ec) {
            return ToolProblem{GateStatus::error,
                               fmt::format("cannot empty the profile dir {}: {}", dir.string(), ec.message()), ""};
        }
        return std::nullopt;
    }

    [[nodiscard]] std::vector<Task> run_tasks(const PlanContext& ctx, const CargoMessages& messages,
                                              const std::shared_ptr<Located>& located, TestBuildEvidence& ev) const {
        std::vector<Task> runs;
        for (const auto& a : messages.artifacts) {
            const auto* pkg = ctx.ws.find_by_id(a.package_id);
            if (!a.test_profile || a.executable.empty() || pkg == nullptr || !ctx.ws.is_selected_id(a.package_id)) {
                continue;
            }
            const auto kind = target_kind(a.kinds);
            if (kind == "bench" || kind == "example") {
                continue;
            }
            TestBinary bin{pkg->name, pkg->root().string(), a.target_name,
                           kind,      a.executable,         harness_of(*pkg, kind, a.target_name)};
            const bool integration = kind == "test";
            if (!ctx.needs.wants(integration ? flavour_.family("integration-test") : flavour_.family("unit-test"))) {
                continue;
            }
            ev.binaries.push_back(bin);
            runs.push_back(run_task(ctx, messages, *pkg, bin, located));
        }
        return runs;
    }

    // What cargo test gives each binary at run time, and no more (CARGO_CRATE_NAME,
    // CARGO_BIN_EXE_* and the like are compile-time only): the package's CARGO_PKG_* and
    // manifest variables, OUT_DIR where it has a build script; CARGO and the library path
    // are added once the toolchain is located.
    static std::vector<std::pair<std::string, std::string>> cargo_env(const CargoMessages& messages,
                                                                      const Package& pkg) {
        auto env = pkg.cargo_env;
        if (const auto out_dir = messages.out_dirs.find(pkg.id); out_dir != messages.out_dirs.end()) {
            env.emplace_back("OUT_DIR", out_dir->second);
        }
        return env;
    }

    // The toolchain's library dirs on LD_LIBRARY_PATH and the real cargo as $CARGO, once known.
    static std::function<void(process::Command&)> locate(const std::shared_ptr<Located>& located) {
        return [located](process::Command& cmd) {
            const auto deps = std::filesystem::path(cmd.argv.front()).parent_path();
            std::string path = deps.string() + ":" + deps.parent_path().string();
            for (const auto& d : located->libdirs) {
                path += ":" + d;
            }
            if (const char* inherited = std::getenv("LD_LIBRARY_PATH"); inherited != nullptr && *inherited != '\0') {
                path += std::string(":") + inherited;
            }
            cmd.env.emplace_back("LD_LIBRARY_PATH", path);
            if (!located->cargo.empty()) {
                cmd.env.emplace_back("CARGO", located->cargo);
            }
        };
    }

    [[nodiscard]] Task run_task(const PlanContext& ctx, const CargoMessages& messages, const Package& pkg,
                                const TestBinary& bin, const std::shared_ptr<Located>& located) const {
        const bool integration = bin.kind == "test";
        const auto key = integration ? flavour_.integration_key() : flavour_.unit_key();
        const auto instance = fmt::format("{}/{}:{}", bin.package, bin.kind, bin.target);
        Task run;
        run.id = probe_id(key.family, instance);
        run.command.argv = {bin.executable};
        if (bin.harness) {
            run.command.argv.insert(run.command.argv.end(),
                                    {"--format", "json", "-Z", "unstable-options", "--report-time"});
        }
        run.command.cwd = bin.package_root;
        const auto changes = flavour_environment(flavour_, ctx.env);
        run.command.env = changes.set;
        run.command.env.emplace_back("RUSTC_BOOTSTRAP", "1");
        if (!flavour_.profile_dir.empty()) {
            run.command.env.emplace_back("LLVM_PROFILE_FILE",
                                         (flavour_.profile_path(ctx.ws) / "%p-%m.profraw").string());
        }
        const auto cargo = cargo_env(messages, pkg);
        run.command.env.insert(run.command.env.end(), cargo.begin(), cargo.end());
        run.command.timeout = ctx.needs.timeout(key.family);
        run.after = {libdir_id()};
        run.before_start = locate(located);
        ctx.evidence.put(key, instance, Probed<TestRun>{});
        std::shared_ptr<ParserSink<LibtestParser>> libtest;
        std::shared_ptr<TailSink> tail;
        if (bin.harness) {
            libtest = std::make_shared<ParserSink<LibtestParser>>();
            run.sink = libtest;
        } else {
            tail = std::make_shared<TailSink>();
            run.sink = tail;
        }
        // Messages name the binary and its flags, not the dozen variables of its environment.
        process::Command shown;
        shown.argv = run.command.argv;
        shown.timeout = run.command.timeout;
        run.on_done = [this, ctx, key, instance, bin, libtest, tail, shown, located,
                       env = run.command.env](const process::Completed& res) {
            auto judged = libtest ? judge_libtest_run(res, shown, bin, libtest->parser.finish())
                                  : judge_harnessless_run(res, shown, bin, tail->text());
            if (auto* r = judged.get()) {
                r->max_rss_bytes = res.resources.max_rss_bytes;
            }
            std::vector<Task> next;
            if (!flavour_.is_plain()) {
                add_sanitizer_reports(judged, res, bin);
                // An aborted binary lost the tests it never started: its --list names them.
                if (const auto* r = judged.get(); r != nullptr && bin.harness && !r->abnormal.empty()) {
                    next.push_back(list_task(ctx, key, instance, bin, located, env));
                }
            }
            ctx.evidence.put(key, instance, std::move(judged));
            return next;
        };
        return run;
    }

    // What the sanitizer printed, each report with the test it belongs to. A binary aborted
    // before libtest said anything is still the crate's failure when ASan explains why.
    static void add_sanitizer_reports(Probed<TestRun>& judged, const process::Completed& res, const TestBinary& bin) {
        auto reports = parse_sanitizer_reports(res.err);
        auto races = parse_tsan_reports(res.err);
        reports.insert(reports.end(), races.begin(), races.end());
        if (reports.empty()) {
            return;
        }
        if (judged.get() == nullptr) {
            TestRun aborted;
            aborted.binary = bin;
            aborted.abnormal = "aborted by " + reports.front().tool + " before any test started";
            judged = std::move(aborted);
        }
        auto& run = *judged.get();
        std::vector<std::string> names = run.unfinished;
        for (const auto& t : run.tests) {
            names.push_back(t.name);
        }
        for (auto& r : reports) {
            r.test = test_on_stack(r, names);
            if (r.test.empty() && !r.other_frames.empty()) {  // a race's other access
                SanitizerReport other;
                other.frames = r.other_frames;
                r.test = test_on_stack(other, names);
            }
            // One test at a time: the one still running is the one ASan stopped in.
            if (r.test.empty() && r.tool == "AddressSanitizer" && run.unfinished.size() == 1) {
                r.test = run.unfinished.front();
            }
        }
        run.sanitizer = std::move(reports);
    }

    [[nodiscard]] Task list_task(const PlanContext& ctx, const EvidenceKey<TestRun>& key, const std::string& instance,
                                 const TestBinary& bin, const std::shared_ptr<Located>& located,
                                 const std::vector<std::pair<std::string, std::string>>& env) const {
        Task t;
        t.id = probe_id(flavour_.family("test-list"), instance);
        t.command.argv = {bin.executable, "--list", "--format", "terse"};
        t.command.cwd = bin.package_root;
        t.command.env = env;
        t.command.timeout = std::chrono::seconds(60);
        t.before_start = locate(located);
        t.on_done = [ctx, key, instance](const process::Completed& res) {
            auto* slot = ctx.evidence.find(key, instance);
            auto* run = slot != nullptr ? slot->get() : nullptr;
            if (run == nullptr) {
                return std::vector<Task>{};
            }
            if (!res.succeeded()) {
                run->abnormal += "; its tests could not be listed, so the ones it never started are unknown";
                return std::vector<Task>{};
            }
            std::set<std::string> seen(run->unfinished.begin(), run->unfinished.end());
            for (const auto& tc : run->tests) {
                seen.insert(tc.name);
            }
            for (auto& name : parse_test_list(res.out)) {
                if (seen.count(name) == 0) {
                    run->not_started.push_back(std::move(name));
                }
            }
            return std::vector<Task>{};
        };
        return t;
    }

    Flavour flavour_;
    ProbeInfo info_;
};

}  // namespace

std::unique_ptr<Probe> make_test_pipeline_probe(Flavour flavour) {
    return std::make_unique<TestPipeline>(std::move(flavour));
}

}  // namespace gc::probes
