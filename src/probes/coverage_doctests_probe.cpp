// doctests@coverage:PKG: `cargo test --doc` of each library with doc tests, built and run
// with the coverage flavour's flags in its target dir, so the coverage probe can count the
// lines only doc tests reach. rustdoc persists each doc test binary (--persist-doctests)
// for llvm-cov's -object; every run writes its profile into the flavour's profile dir, after
// the test build emptied it and before the coverage probe merges it. Off with
// `[gates.coverage] doctests = false`.
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "probes/cargo_command.hpp"
#include "probes/coverage_report.hpp"
#include "probes/flavour.hpp"
#include "probes/probe.hpp"
#include "probes/test_runs.hpp"

namespace gc::probes {
namespace {

const ProbeSetting<bool> kDoctests{"coverage", "doctests", true};

namespace fs = std::filesystem;

// The doc test crates' own code (rustdoc's generated `main` around each example) maps onto
// the doc comment's lines of the crate's file: it must not count as the crate's lines, so
// rustdoc compiles every doc test crate with `#![coverage(off)]`. The crate's functions it
// calls keep their instrumentation (from the library's own build).
const std::vector<std::string> kDoctestCrateAttrs{"-Zcrate-attr=feature(coverage_attribute)",
                                                  "-Zcrate-attr=coverage(off)"};

std::string encode(const std::vector<std::string>& flags) {
    std::string out;
    for (const auto& f : flags) {
        out += (out.empty() ? "" : "\x1f") + f;
    }
    return out;
}

// The user's RUSTDOCFLAGS, then instrumentation and the persisted binaries' dir.
std::string rustdocflags(const Environment& env, const fs::path& persist) {
    auto flags = user_flags(env, "RUSTDOCFLAGS");
    flags.insert(flags.end(), {"-Cinstrument-coverage", "-Zunstable-options", "--persist-doctests", persist.string()});
    flags.insert(flags.end(), kDoctestCrateAttrs.begin(), kDoctestCrateAttrs.end());
    return encode(flags);
}

process::Command doctest_command(const PlanContext& ctx, const Flavour& flavour, const Package& pkg,
                                 const fs::path& persist) {
    std::vector<std::string> args{"test", "--doc",          "--manifest-path", (ctx.ws.root / "Cargo.toml").string(),
                                  "-p",   package_spec(pkg)};
    const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::none);
    args.insert(args.end(), scope.begin(), scope.end());
    // `--target <host>` goes here once the test build has found the host (before_start).
    args.insert(args.end(), {"--", "-Z", "unstable-options", "--format", "json", "--report-time"});
    auto cmd = cargo_command(ctx.ws, args, ctx.needs.timeout(flavour.doctest_key().family));
    const auto changes = flavour_environment(flavour, ctx.env);
    cmd.env = changes.set;
    cmd.unset_env = changes.unset;
    cmd.unset_env.emplace_back("RUSTDOCFLAGS");
    cmd.env.insert(cmd.env.end(), {{"RUSTC_BOOTSTRAP", "1"},
                                   {"CARGO_TARGET_DIR", flavour.target_dir(ctx.ws).string()},
                                   {"CARGO_ENCODED_RUSTDOCFLAGS", rustdocflags(ctx.env, persist)},
                                   {"LLVM_PROFILE_FILE", (flavour.profile_path(ctx.ws) / "%p-%m.profraw").string()}});
    return cmd;
}

// Right before the run: the host the test build used, and an empty persist dir (a binary
// of an earlier run must never count). Throwing stops the task; on_done says why.
std::function<void(process::Command&)> prepare(const PlanContext& ctx, const Flavour& flavour,
                                               const fs::path& persist) {
    return [ctx, flavour, persist](process::Command& cmd) {
        const auto* build = ctx.evidence.get(flavour.build_key()).get();
        if (build == nullptr || build->target.empty()) {
            throw std::runtime_error("the coverage test build did not run");
        }
        std::error_code ec;
        fs::remove_all(persist, ec);
        if (!ec) {
            fs::create_directories(persist, ec);
        }
        if (ec) {
            throw std::runtime_error(fmt::format("cannot empty {}: {}", persist.string(), ec.message()));
        }
        const auto dashes = std::find(cmd.argv.begin(), cmd.argv.end(), "--");
        cmd.argv.insert(dashes, {"--target", build->target});
    };
}

Task doctest_task(const PlanContext& ctx, const Package& pkg) {
    const Flavour flavour = coverage_flavour();
    const auto persist = persisted_doctests_dir(flavour.target_dir(ctx.ws), pkg.name);
    Task t;
    t.id = probe_id(flavour.doctest_key().family, pkg.name);
    t.command = doctest_command(ctx, flavour, pkg, persist);
    t.lock = flavour.target_dir(ctx.ws).string();
    // The build empties the profile dir when it ends; the coverage merge waits for this task.
    t.after = {flavour.family("rustc-host"), flavour.family("test-build")};
    t.before_start = prepare(ctx, flavour, persist);
    auto sink = std::make_shared<ParserSink<LibtestParser>>();
    t.sink = sink;
    t.on_done = [ctx, flavour, sink, name = pkg.name, root = pkg.root().string(),
                 cmd = t.command](const process::Completed& res) {
        const auto key = flavour.doctest_key();
        if (ctx.evidence.get(flavour.build_key()).get() == nullptr) {
            ctx.evidence.put(key, name, Probed<TestRun>(error_problem("the coverage test build did not run")));
        } else if (auto p = tool_problem(res, cmd); p && p->status == GateStatus::unavailable) {
            ctx.evidence.put(key, name, Probed<TestRun>(*p));
        } else {
            ctx.evidence.put(
                key, name,
                judge_libtest_run(res, cmd, TestBinary{name, root, name, "doctest", "", true}, sink->parser.finish()));
        }
        return std::vector<Task>{};
    };
    return t;
}

class CoverageDoctestsProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"coverage-doctests",
                                    {coverage_flavour().doctest_key().family},
                                    tools::rustdoc,
                                    {ProbeSettingUse::of(kDoctests)}};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        if (!ctx.needs.setting(kDoctests)) {
            return {};
        }
        std::vector<Task> tasks;
        for (const auto* pkg : ctx.ws.selected_packages()) {
            const bool has_doctests = std::any_of(pkg->targets.begin(), pkg->targets.end(),
                                                  [](const CargoTarget& t) { return t.is_library() && t.doctest; });
            if (has_doctests) {
                ctx.evidence.put(coverage_flavour().doctest_key(), pkg->name, Probed<TestRun>{});
                tasks.push_back(doctest_task(ctx, *pkg));
            }
        }
        return tasks;
    }
};

}  // namespace

std::unique_ptr<Probe> make_coverage_doctests_probe() {
    return std::make_unique<CoverageDoctestsProbe>();
}

}  // namespace gc::probes
