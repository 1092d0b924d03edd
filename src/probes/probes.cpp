#include "probes/probes.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "probes/parsers.hpp"

namespace gc {
namespace {

using process::Command;
using process::Completed;
using process::Outcome;

constexpr const char* kInstallRust = "install a Rust toolchain (rustup), or put cargo on PATH";

// The lines of cargo's stderr that say what went wrong: from the first "error" on.
std::string stderr_excerpt(const std::string& err) {
    const auto plain = strip_ansi(err);
    auto pos = plain.find("error");
    if (pos == std::string::npos) {
        pos = plain.size() > 600 ? plain.size() - 600 : 0;
    }
    auto excerpt = plain.substr(pos, 600);
    std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
    while (!excerpt.empty() && excerpt.back() == ' ') {
        excerpt.pop_back();
    }
    return excerpt;
}

ToolProblem error_problem(std::string reason) {
    return ToolProblem{GateStatus::error, std::move(reason), ""};
}

Command cargo(const Workspace& ws, std::vector<std::string> args, std::chrono::seconds timeout) {
    Command c;
    c.argv = {"cargo"};
    c.argv.insert(c.argv.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
    c.cwd = ws.root;
    c.timeout = timeout;
    return c;
}

std::vector<std::string> package_args(const Workspace& ws) {
    std::vector<std::string> args{"--manifest-path", (ws.root / "Cargo.toml").string()};
    for (const auto* p : ws.selected_packages()) {
        args.emplace_back("-p");
        args.push_back(p->name);
    }
    return args;
}

bool compile_failed(const std::string& err) {
    return err.find("could not compile `") != std::string::npos;
}

// check, clippy, test --no-run: a cargo build that reports in JSON. Compile errors in the
// crate's own code are evidence; any other failure means there is no evidence.
Probed<CompileEvidence> compile_evidence(const Completed& res, const Command& cmd, const Workspace& ws,
                                         CargoMessages& messages) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    messages = parse_cargo_messages(res.out, ws);
    CompileEvidence ev;
    const bool member_errors = std::any_of(messages.diagnostics.begin(), messages.diagnostics.end(),
                                           [](const Diagnostic& d) { return d.level == "error"; });
    const bool ok_exit = res.exit_code == 0;
    if (ok_exit && messages.build_finished != std::optional<bool>(true)) {
        return error_problem(
            fmt::format("`{}` exited 0 but its JSON output did not end with a successful "
                        "build-finished message",
                        cmd.display()));
    }
    if (!ok_exit && !member_errors) {
        return error_problem(fmt::format("`{}` failed without a compiler error in the crate: {}", cmd.display(),
                                         stderr_excerpt(res.err)));
    }
    ev.success = ok_exit;
    ev.diagnostics = std::move(messages.diagnostics);
    return ev;
}

std::string crate_name(std::string target) {
    std::replace(target.begin(), target.end(), '-', '_');
    return target;
}

std::string target_kind(const std::vector<std::string>& kinds) {
    for (const auto& k : kinds) {
        if (k == "bin" || k == "test" || k == "bench" || k == "example") {
            return k;
        }
    }
    return "lib";
}

// libtest JSON from one binary (or cargo test --doc), judged together with how it ended.
Probed<TestRun> test_run(const Completed& res, const Command& cmd, TestBinary binary) {
    if (res.outcome == Outcome::spawn_failed) {
        return error_problem(fmt::format("cannot run {}: {}", binary.executable, res.spawn_error));
    }
    if (res.outcome == Outcome::cancelled) {
        return error_problem("interrupted before the tests finished");
    }
    if (res.outcome == Outcome::too_much_output) {
        return error_problem(res.describe(cmd));
    }
    const auto out = parse_libtest(res.out);
    TestRun run;
    run.binary = std::move(binary);
    for (const auto& t : out.tests) {
        switch (t.result) {
            case TestCase::Result::passed:
                ++run.passed;
                break;
            case TestCase::Result::failed:
                ++run.failed;
                break;
            case TestCase::Result::ignored:
                ++run.ignored;
                break;
        }
    }
    run.tests = out.tests;
    run.unfinished = out.unfinished;
    const bool finished = out.suites_started > 0 && out.suites_finished == out.suites_started && out.unfinished.empty();
    if (finished && (out.reported_passed != run.passed || out.reported_failed != run.failed ||
                     out.reported_ignored != run.ignored)) {
        return error_problem(fmt::format(
            "libtest's summary ({} passed, {} failed, {} ignored) disagrees with its "
            "own test events ({} / {} / {})",
            out.reported_passed, out.reported_failed, out.reported_ignored, run.passed, run.failed, run.ignored));
    }
    switch (res.outcome) {
        case Outcome::timed_out:
            run.abnormal = fmt::format("hung: killed after {} s with its process group",
                                       std::chrono::duration_cast<std::chrono::seconds>(cmd.timeout).count());
            return run;
        case Outcome::signaled:
            run.abnormal = res.describe(cmd);
            return run;
        default:
            break;
    }
    if (out.suites_started == 0) {
        if (run.binary.kind == "doctest" && res.exit_code != 0 && compile_failed(res.err)) {
            run.abnormal = "the library does not compile, so its doc tests cannot run";
            return run;
        }
        return error_problem(fmt::format("`{}` printed no libtest JSON ({}){}", cmd.display(), res.describe(cmd),
                                         res.err.empty() ? "" : ": " + stderr_excerpt(res.err)));
    }
    if (!finished) {
        if (res.exit_code == 0) {
            // Exiting 0 halfway (a test calling process::exit) must never read as a pass.
            return error_problem(fmt::format("{} exited 0 before libtest reported every test", run.binary.executable));
        }
        run.abnormal = fmt::format("exited with code {} before its tests finished", res.exit_code);
        return run;
    }
    if (res.exit_code != 0 && run.failed == 0) {
        run.abnormal = fmt::format("exited with code {} although no test failed", res.exit_code);
    }
    if (res.exit_code == 0 && run.failed > 0) {
        return error_problem(fmt::format("{} reported failed tests but exited 0", run.binary.executable));
    }
    return run;
}

// The test binaries may start only once both the test build has listed them and rustc has
// said where its libraries are; whichever of the two finishes second releases them. Both
// callbacks run on the scheduler's thread.
class TestRunJoin {
public:
    std::vector<Task> built(std::vector<Task> runs) {
        waiting_ = std::move(runs);
        return release();
    }
    std::vector<Task> located(std::vector<std::string> dirs) {
        libdirs_ = std::move(dirs);
        located_ = true;
        return release();
    }

private:
    std::vector<Task> release() {
        if (!located_) {
            return {};
        }
        const char* inherited = std::getenv("LD_LIBRARY_PATH");
        for (auto& run : waiting_) {
            const std::filesystem::path deps = std::filesystem::path(run.command.argv.front()).parent_path();
            std::string path = deps.string() + ":" + deps.parent_path().string();
            for (const auto& d : libdirs_) {
                path += ":" + d;
            }
            if (inherited != nullptr && *inherited != '\0') {
                path += std::string(":") + inherited;
            }
            run.command.env.emplace_back("LD_LIBRARY_PATH", path);
        }
        return std::move(waiting_);
    }
    bool located_ = false;
    std::vector<std::string> libdirs_;
    std::vector<Task> waiting_;
};

void record(Evidence& evidence, const std::string& id, const Completed& res) {
    evidence.probe_ms[id] += res.duration.count();
}

// cargo check; with --all-features first where the crate has features, and when that does
// not compile, once more with the default features ("where it builds"), saying so.
Task check_task(const Workspace& ws, Evidence& evidence, std::chrono::seconds timeout, bool all_features,
                bool fallback) {
    std::vector<std::string> args{"check", "--all-targets", "--keep-going", "--message-format=json"};
    if (all_features) {
        args.emplace_back("--all-features");
    }
    const auto pkgs = package_args(ws);
    args.insert(args.end(), pkgs.begin(), pkgs.end());
    Task t;
    t.id = all_features ? "check-all-features" : "check";
    t.command = cargo(ws, args, timeout);
    t.lock = ws.target_dir.string();
    t.on_done = [&evidence, &ws, all_features, fallback, timeout, cmd = t.command,
                 id = t.id](const Completed& res) -> std::vector<Task> {
        record(evidence, id, res);
        CargoMessages messages;
        auto ev = compile_evidence(res, cmd, ws, messages);
        const auto* got = ev.get();
        if (got == nullptr) {
            evidence.check = *ev.problem();
            return {};
        }
        if (all_features && !got->success) {
            return {check_task(ws, evidence, timeout, false, true)};
        }
        auto value = *got;
        value.args = all_features ? "--all-targets --all-features" : "--all-targets";
        if (fallback) {
            value.notes.emplace_back("--all-features does not compile; checked with the default features instead");
        }
        evidence.check = std::move(value);
        return {};
    };
    return t;
}

}  // namespace

std::string probe_id_prefix(ProbeKind kind) {
    switch (kind) {
        case ProbeKind::check:
            return "check";  // also "check-all-features"
        case ProbeKind::clippy:
            return "clippy";
        case ProbeKind::fmt:
            return "fmt";
        case ProbeKind::doc_coverage:
            return "doc-coverage:";
        case ProbeKind::test_build:
            return "test-build";
        case ProbeKind::unit_test_runs:
            return "unit-test:";
        case ProbeKind::integration_test_runs:
            return "integration-test:";
        case ProbeKind::doctests:
            return "doctests:";
    }
    return "?";
}

std::optional<ToolProblem> tool_problem(const Completed& res, const Command& cmd) {
    const std::string tool = cmd.argv.empty() ? std::string("command") : cmd.argv.front();
    switch (res.outcome) {
        case Outcome::spawn_failed:
            if (res.spawn_error.find("command not found") != std::string::npos) {
                return ToolProblem{GateStatus::unavailable,
                                   fmt::format("{} is not installed (not found in PATH)", tool),
                                   tool == "cargo" || tool == "rustc" ? kInstallRust : ""};
            }
            return error_problem(res.spawn_error);
        case Outcome::exited:
            break;
        default:
            return error_problem(fmt::format("`{}`: {}", cmd.display(), res.describe(cmd)));
    }
    if (res.exit_code == 0 || cmd.argv.size() < 2 || tool != "cargo") {
        return std::nullopt;
    }
    // A cargo subcommand that is not installed: rustup's proxy or cargo itself says so.
    const std::string& sub = cmd.argv[1];
    const bool missing = res.err.find("no such command: `" + sub + "`") != std::string::npos ||
                         res.err.find("'cargo-" + sub + "' is not installed") != std::string::npos;
    if (missing) {
        const std::string component = sub == "fmt" ? "rustfmt" : sub;
        return ToolProblem{GateStatus::unavailable, fmt::format("cargo {} is not installed", sub),
                           fmt::format("rustup component add {}", component)};
    }
    return std::nullopt;
}

process::Command metadata_command(const std::filesystem::path& manifest, std::chrono::seconds timeout) {
    Command c;
    c.argv = {"cargo", "metadata", "--format-version", "1", "--no-deps", "--manifest-path", manifest.string()};
    c.cwd = manifest.parent_path();
    c.timeout = timeout;
    return c;
}

std::vector<Task> plan_probes(const ProbePlan& plan, const Workspace& ws, Evidence& evidence) {
    std::vector<Task> tasks;
    const std::string target_lock = ws.target_dir.string();
    const auto needs = [&](ProbeKind k) { return plan.needed.count(k) != 0; };
    const auto timeout = [&](ProbeKind k) {
        const auto it = plan.timeouts.find(k);
        return it != plan.timeouts.end() ? it->second : std::chrono::seconds(kDefaultTimeoutSeconds);
    };
    const auto bootstrap = std::pair<std::string, std::string>{"RUSTC_BOOTSTRAP", "1"};
    const auto record = [&evidence](const std::string& id, const Completed& res) { gc::record(evidence, id, res); };

    // The test build goes first: its binaries then run while clippy and rustdoc work.
    const auto join = std::make_shared<TestRunJoin>();
    const bool run_unit = needs(ProbeKind::unit_test_runs);
    const bool run_integration = needs(ProbeKind::integration_test_runs);
    if (needs(ProbeKind::test_build) || run_unit || run_integration) {
        auto args = std::vector<std::string>{"test", "--no-run", "--no-fail-fast", "--message-format=json"};
        const auto pkgs = package_args(ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        Task t;
        t.id = "test-build";
        t.command = cargo(ws, args, timeout(ProbeKind::test_build));
        t.lock = target_lock;
        const auto run_timeout_unit = timeout(ProbeKind::unit_test_runs);
        const auto run_timeout_integration = timeout(ProbeKind::integration_test_runs);
        t.on_done = [&evidence, &ws, record, run_unit, run_integration, run_timeout_unit, run_timeout_integration,
                     bootstrap, join, cmd = t.command](const Completed& res) {
            record("test-build", res);
            CargoMessages messages;
            auto compiled = compile_evidence(res, cmd, ws, messages);
            if (const auto* p = compiled.problem()) {
                evidence.test_build = *p;
                return std::vector<Task>{};
            }
            TestBuildEvidence ev;
            ev.success = compiled.get()->success;
            ev.diagnostics = compiled.get()->diagnostics;
            std::vector<Task> runs;
            for (const auto& a : messages.artifacts) {
                const auto* pkg = ws.find_by_id(a.package_id);
                if (!a.test_profile || a.executable.empty() || pkg == nullptr || !ws.is_selected_id(a.package_id)) {
                    continue;
                }
                TestBinary bin{pkg->name, pkg->root().string(), a.target_name, target_kind(a.kinds), a.executable};
                const bool integration = bin.kind == "test";
                if ((integration && !run_integration) || (!integration && !run_unit) || bin.kind == "bench" ||
                    bin.kind == "example") {
                    continue;
                }
                ev.binaries.push_back(bin);
                Task run;
                run.id = fmt::format("{}{}/{}:{}", integration ? "integration-test:" : "unit-test:", bin.package,
                                     bin.kind, bin.target);
                run.command.argv = {bin.executable, "--format", "json", "-Z", "unstable-options", "--report-time"};
                run.command.cwd = bin.package_root;
                run.command.env = {bootstrap,
                                   {"CARGO_MANIFEST_DIR", bin.package_root},
                                   {"CARGO_PKG_NAME", pkg->name},
                                   {"CARGO_PKG_VERSION", pkg->version},
                                   {"CARGO_CRATE_NAME", crate_name(bin.target)}};
                run.command.timeout = integration ? run_timeout_integration : run_timeout_unit;
                const std::size_t index = evidence.test_runs.size();
                evidence.test_runs.push_back(BinaryRun{bin, {}});
                run.on_done = [&evidence, record, index, cmd = run.command, id = run.id](const Completed& r) {
                    record(id, r);
                    evidence.test_runs[index].run = test_run(r, cmd, evidence.test_runs[index].binary);
                    return std::vector<Task>{};
                };
                runs.push_back(std::move(run));
            }
            evidence.test_build = std::move(ev);
            return join->built(std::move(runs));
        };
        tasks.push_back(std::move(t));

        // Test binaries of proc-macro crates (and dylib deps) load the toolchain's libstd at
        // run time: like cargo test, put its library dirs on LD_LIBRARY_PATH.
        Task libdir;
        libdir.id = "rustc-libdir";
        libdir.command.argv = {"rustc", "--print", "sysroot", "--print", "target-libdir"};
        libdir.command.cwd = ws.root;
        libdir.command.timeout = std::chrono::seconds(60);
        libdir.on_done = [join](const Completed& res) {
            std::vector<std::string> dirs;
            if (res.succeeded()) {
                std::istringstream lines(res.out);
                std::string sysroot;
                std::string target_libdir;
                std::getline(lines, sysroot);
                std::getline(lines, target_libdir);
                dirs = {target_libdir, sysroot + "/lib"};
            }
            return join->located(std::move(dirs));
        };
        tasks.push_back(std::move(libdir));
    }

    for (const char* tool : {"rustc", "cargo"}) {
        Task t;
        t.id = std::string(tool) + "-version";
        t.command.argv = {tool, "--version"};
        t.command.cwd = ws.root;
        t.command.timeout = std::chrono::seconds(60);
        t.on_done = [&evidence, name = std::string(tool)](const Completed& res) {
            auto& field = name == "rustc" ? evidence.toolchain.rustc : evidence.toolchain.cargo;
            field = res.succeeded() ? parse_version_line(res.out, name) : "";
            return std::vector<Task>{};
        };
        tasks.push_back(std::move(t));
    }

    if (needs(ProbeKind::check)) {
        const auto selected = ws.selected_packages();
        const bool any_features =
            std::any_of(selected.begin(), selected.end(), [](const Package* p) { return p->has_features; });
        tasks.push_back(check_task(ws, evidence, timeout(ProbeKind::check), plan.all_features && any_features, false));
    }

    if (needs(ProbeKind::clippy)) {
        std::vector<std::string> args{"clippy", "--all-targets", "--keep-going", "--message-format=json"};
        const auto pkgs = package_args(ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        args.emplace_back("--");
        args.insert(args.end(), plan.clippy_flags.begin(), plan.clippy_flags.end());
        Task t;
        t.id = "clippy";
        t.command = cargo(ws, args, timeout(ProbeKind::clippy));
        t.lock = target_lock;
        t.on_done = [&evidence, &ws, record, cmd = t.command](const Completed& res) {
            record("clippy", res);
            CargoMessages messages;
            evidence.clippy = compile_evidence(res, cmd, ws, messages);
            return std::vector<Task>{};
        };
        tasks.push_back(std::move(t));
    }

    if (needs(ProbeKind::fmt)) {
        std::vector<std::string> args{"fmt", "--check"};
        const auto pkgs = package_args(ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        Task t;
        t.id = "fmt";
        t.command = cargo(ws, args, timeout(ProbeKind::fmt));
        t.on_done = [&evidence, &ws, record, cmd = t.command](const Completed& res) {
            record("fmt", res);
            if (auto p = tool_problem(res, cmd)) {
                evidence.fmt = *p;
                return std::vector<Task>{};
            }
            auto parsed = parse_fmt_check(res.out, ws);
            if (!parsed) {
                evidence.fmt = error_problem(parsed.error().message);
            } else if ((res.exit_code == 0 && parsed->files.empty()) ||
                       (res.exit_code == 1 && !parsed->files.empty())) {
                evidence.fmt = std::move(*parsed);  // the exit code and the diff agree
            } else {
                evidence.fmt =
                    error_problem(fmt::format("`{}` {} and reported {} unformatted files: {}", cmd.display(),
                                              res.describe(cmd), parsed->files.size(), stderr_excerpt(res.err)));
            }
            return std::vector<Task>{};
        };
        tasks.push_back(std::move(t));
    }

    for (const auto* pkg : ws.selected_packages()) {
        if (!pkg->has_library()) {
            continue;
        }
        if (needs(ProbeKind::doc_coverage)) {
            Task t;
            t.id = "doc-coverage:" + pkg->name;
            t.command = cargo(ws,
                              {"rustdoc", "--manifest-path", (ws.root / "Cargo.toml").string(), "-p", pkg->name,
                               "--lib", "--", "-Z", "unstable-options", "--show-coverage", "--output-format", "json"},
                              timeout(ProbeKind::doc_coverage));
            t.command.env = {bootstrap};
            t.lock = target_lock;
            evidence.doc_coverage[pkg->name] = {};
            t.on_done = [&evidence, record, name = pkg->name, cmd = t.command, id = t.id](const Completed& res) {
                record(id, res);
                auto& slot = evidence.doc_coverage[name];
                if (auto p = tool_problem(res, cmd)) {
                    slot = *p;
                } else if (res.exit_code != 0) {
                    if (compile_failed(res.err)) {
                        DocCoverage cov;
                        cov.compile_error = fmt::format("{} does not compile, so rustdoc cannot measure it", name);
                        slot = std::move(cov);
                    } else {
                        slot = error_problem(
                            fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_excerpt(res.err)));
                    }
                } else if (auto cov = parse_doc_coverage(res.out)) {
                    slot = std::move(*cov);
                } else {
                    slot = error_problem(cov.error().message);
                }
                return std::vector<Task>{};
            };
            tasks.push_back(std::move(t));
        }
        const bool has_doctests = std::any_of(pkg->targets.begin(), pkg->targets.end(),
                                              [](const CargoTarget& t) { return t.is_library() && t.doctest; });
        if (needs(ProbeKind::doctests) && has_doctests) {
            Task t;
            t.id = "doctests:" + pkg->name;
            t.command = cargo(ws,
                              {"test", "--doc", "--manifest-path", (ws.root / "Cargo.toml").string(), "-p", pkg->name,
                               "--", "-Z", "unstable-options", "--format", "json", "--report-time"},
                              timeout(ProbeKind::doctests));
            t.command.env = {bootstrap};
            t.lock = target_lock;
            evidence.doctests[pkg->name] = {};
            t.on_done = [&evidence, record, pkg, cmd = t.command, id = t.id](const Completed& res) {
                record(id, res);
                auto& slot = evidence.doctests[pkg->name];
                if (auto p = tool_problem(res, cmd); p && p->status == GateStatus::unavailable) {
                    slot = *p;
                } else {
                    slot = test_run(res, cmd, TestBinary{pkg->name, pkg->root().string(), pkg->name, "doctest", ""});
                }
                return std::vector<Task>{};
            };
            tasks.push_back(std::move(t));
        }
    }
    return tasks;
}

}  // namespace gc
