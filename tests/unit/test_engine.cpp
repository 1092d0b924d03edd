// The planner and the probes' judgement driven end to end through the scheduler, with a
// fake runner that answers each command with real recorded output (tests/data/). The
// real commands, run for real, are the e2e tests' business; here every way a tool's
// answer can be judged is covered, including answers real tools rarely give.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>

#include <nlohmann/json.hpp>

#include "engine/engine.hpp"
#include "engine/evaluate.hpp"
#include "engine/plan.hpp"
#include "evidence/keys.hpp"
#include "probes/flavour.hpp"
#include "recorded.hpp"
#include "recorded_runner.hpp"

namespace {

using recorded::read_data;
using recorded::workspace_of;

using recorded::Answer;
using recorded::answer;
using recorded::has;
using recorded::RecordedRunner;

// Runs the probes the named gates need over `ws` with `runner`, and evaluates those gates.
struct Outcome {
    std::vector<gc::GateResult> results;
    std::vector<gc::TaskRecord> records;
    [[nodiscard]] const gc::GateResult& gate(const std::string& id) const {
        for (const auto& r : results) {
            if (r.id == id) {
                return r;
            }
        }
        throw std::runtime_error("no gate " + id);
    }
};

Outcome run_gates(const gc::Workspace& ws, const std::vector<std::string>& gate_ids, RecordedRunner& runner,
                  const std::string& config_text = "") {
    const auto& gates = gc::gate_catalogue();
    auto config = gc::default_config(gc::gate_schemas(gates));
    if (!config_text.empty()) {
        REQUIRE(gc::apply_config_text(config, config_text, "gatecheck.toml", "", gc::gate_schemas(gates)));
    }
    gc::CheckOptions options;
    options.gates = gate_ids;
    auto choices = gc::choose_gates(options, config, gates);
    REQUIRE(choices);
    const auto needs = gc::collect_needs(*choices, config, options);
    gc::Evidence evidence;
    const gc::Environment env;
    auto tasks = gc::plan_tasks(gc::probe_registry(), gc::PlanContext{ws, needs, evidence, env});
    Outcome out;
    out.records = gc::run_tasks(std::move(tasks), runner, 2);
    out.results = gc::evaluate_gates(*choices, config, ws, evidence, out.records, gc::today_utc());
    return out;
}

const auto is_cargo = [](const char* sub) {
    return
        [sub](const std::vector<std::string>& argv) { return argv.size() > 1 && argv[0] == "cargo" && argv[1] == sub; };
};
const auto binary_named = [](const char* fragment) {
    return [fragment](const std::vector<std::string>& argv) { return argv[0].find(fragment) != std::string::npos; };
};
const Answer rustc_libdir{[](const std::vector<std::string>& a) { return a[0] == "rustc" && has(a, "sysroot"); }, 0,
                          "/opt/rust\n/opt/rust/lib/rustlib/x86_64-unknown-linux-gnu/lib\n", ""};

std::vector<Answer> failing_unit_answers(int lib_exit, std::string lib_out) {
    return {rustc_libdir,
            answer([](const auto& a) { return a[0] == "cargo" && has(a, "--tests"); }, "failing-unit", "test-no-run"),
            Answer{binary_named("deps/gcfx_failing_unit-"), lib_exit, std::move(lib_out), ""},
            answer(binary_named("deps/gcfx_failing_unit-"), "failing-unit", "test-lib-gcfx_failing_unit"),
            answer(binary_named("deps/gcfx-failing-unit-"), "failing-unit", "test-bin-gcfx-failing-unit"),
            answer(binary_named("deps/rpn-"), "failing-unit", "test-test-rpn")};
}

// What a successful `cargo check --all-targets` of `ws` prints: a compiler-artifact for each
// target (as cargo writes them: tests/data/clean/test-no-run.stdout), then build-finished.
std::string successful_check(const gc::Workspace& ws) {
    std::string out;
    for (const auto& pkg : ws.members) {
        for (const auto& t : pkg.targets) {
            const nlohmann::json target{{"kind", t.kinds}, {"name", t.name}, {"src_path", t.src_path}};
            out += nlohmann::json{{"reason", "compiler-artifact"}, {"package_id", pkg.id},  {"target", target},
                                  {"profile", {{"test", false}}},  {"executable", nullptr}, {"fresh", true}}
                       .dump() +
                   "\n";
        }
    }
    return out + R"({"reason":"build-finished","success":true})" + "\n";
}

}  // namespace

TEST_CASE("compile results: crate errors are a failure, a failing cargo without them is an error") {
    const auto ws = workspace_of("no-compile");
    SECTION("E0308 in the crate fails build with the error as a finding") {
        RecordedRunner runner({answer(is_cargo("check"), "no-compile", "check")});
        const auto out = run_gates(ws, {"build"}, runner);
        const auto& build = out.gate("build");
        CHECK(build.status == gc::GateStatus::fail);
        REQUIRE_FALSE(build.findings.empty());
        CHECK(build.findings.front().rule == "E0308");
        CHECK(build.findings.front().file == "src/lib.rs");
        CHECK(build.findings.front().line == 96);
    }
    SECTION("cargo exiting 101 without a compiler error is not evidence") {
        RecordedRunner runner(
            {Answer{is_cargo("check"), 101, "", "error: failed to load manifest for workspace member"}});
        const auto build = run_gates(ws, {"build"}, runner).gate("build");
        CHECK(build.status == gc::GateStatus::error);
        CHECK(build.summary.find("failed to load manifest") != std::string::npos);
    }
    SECTION("exit 0 without a build-finished message is not a pass") {
        RecordedRunner runner({Answer{is_cargo("check"), 0, "", ""}});
        CHECK(run_gates(ws, {"build"}, runner).gate("build").status == gc::GateStatus::error);
    }
    SECTION("success without a compiler-artifact for each target is not a pass") {
        RecordedRunner runner({Answer{is_cargo("check"), 0, R"({"reason":"build-finished","success":true})", ""}});
        const auto build = run_gates(ws, {"build"}, runner).gate("build");
        CHECK(build.status == gc::GateStatus::error);
        CHECK(build.summary.find("without a compiler-artifact message for lib target `gcfx_no_compile`") !=
              std::string::npos);
        RecordedRunner proven({Answer{is_cargo("check"), 0, successful_check(ws), ""}});
        CHECK(run_gates(ws, {"build"}, proven).gate("build").status == gc::GateStatus::pass);
    }
    SECTION("a line that is not JSON is an error naming it, even in a stream that would pass") {
        const auto stream = successful_check(ws);
        const auto second = stream.find('\n') + 1;
        const auto cut = stream.substr(0, second) + stream.substr(second, 20) + "\xff\n" + stream.substr(second);
        RecordedRunner runner({Answer{is_cargo("check"), 0, cut, ""}});
        const auto build = run_gates(ws, {"build"}, runner).gate("build");
        CHECK(build.status == gc::GateStatus::error);
        INFO(build.summary);
        CHECK(build.summary.find("1 line(s) that are not cargo JSON messages; line 2: "
                                 R"({"executable":null,"\xff)") != std::string::npos);
    }
}

TEST_CASE("the configured features and excluded targets reach every cargo command") {
    const auto ws = workspace_of("failing-unit");
    RecordedRunner runner({rustc_libdir});
    (void)run_gates(ws, {"build", "clippy", "docs", "unit-tests", "integration-tests", "doctests"}, runner,
                    "features = [\"x\", \"y\"]\nno_default_features = true\nexclude_targets = [\"test:rpn\"]\n");
    std::vector<std::string> subcommands;
    for (const auto& c : runner.commands) {
        if (c.argv.front() != "cargo" || c.argv[1] == "--version") {
            continue;
        }
        INFO(c.display());
        subcommands.push_back(c.argv[1]);
        CHECK(has(c.argv, "--features"));
        CHECK(has(c.argv, "x,y"));
        CHECK(has(c.argv, "--no-default-features"));
        CHECK_FALSE(has(c.argv, "--all-targets"));
        CHECK_FALSE(has(c.argv, "rpn"));
    }
    std::sort(subcommands.begin(), subcommands.end());
    CHECK(subcommands == std::vector<std::string>{"build", "check", "clippy", "rustdoc", "rustdoc", "test"});
}

TEST_CASE("--all-features that does not build fails the build gate, and says whether the default features do") {
    auto ws = workspace_of("no-compile");
    ws.members.front().has_features = true;
    RecordedRunner runner(
        {answer([](const auto& a) { return a[0] == "cargo" && has(a, "--all-features"); }, "no-compile", "check"),
         Answer{is_cargo("check"), 0, successful_check(ws), ""}});
    const auto out = run_gates(ws, {"build"}, runner);
    const auto& build = out.gate("build");
    CHECK(build.status == gc::GateStatus::fail);
    CHECK(build.summary.find("--all-features") != std::string::npos);
    CHECK(build.summary.find("the default features compile") != std::string::npos);
    CHECK(build.findings.front().rule == "E0308");
    const auto checks = std::count_if(runner.commands.begin(), runner.commands.end(),
                                      [](const auto& c) { return c.argv.size() > 1 && c.argv[1] == "check"; });
    CHECK(checks == 2);  // the fallback ran once

    CHECK_THAT(build.fix, Catch::Contains("all_features = false"));

    SECTION("when the default features do not compile either, the features are not blamed") {
        RecordedRunner both({answer(is_cargo("check"), "no-compile", "check")});
        const auto broken = run_gates(ws, {"build"}, both).gate("build");
        CHECK(broken.status == gc::GateStatus::fail);
        CHECK(broken.summary.find("the default features do not compile either") != std::string::npos);
        CHECK(broken.fix.find("all_features") == std::string::npos);
    }
    SECTION("all_features = false checks only the default features") {
        RecordedRunner plain({Answer{is_cargo("check"), 0, successful_check(ws), ""}});
        const auto off = run_gates(ws, {"build"}, plain, "[gates.build]\nall_features = false\n");
        CHECK(off.gate("build").status == gc::GateStatus::pass);
        CHECK_FALSE(has(plain.commands.front().argv, "--all-features"));
    }
}

TEST_CASE("test binaries: exit codes and libtest's output must agree") {
    const auto ws = workspace_of("failing-unit");
    const auto lib_out = read_data("failing-unit/test-lib-gcfx_failing_unit.stdout");
    SECTION("the recorded failure fails unit-tests with the panic message") {
        RecordedRunner runner(failing_unit_answers(101, lib_out));
        const auto unit = run_gates(ws, {"unit-tests"}, runner).gate("unit-tests");
        CHECK(unit.status == gc::GateStatus::fail);
        CHECK(unit.metrics.size() >= 2);
    }
    SECTION("a binary that exits 0 with failed tests is an error") {
        RecordedRunner runner(failing_unit_answers(0, lib_out));
        CHECK(run_gates(ws, {"unit-tests"}, runner).gate("unit-tests").status == gc::GateStatus::error);
    }
    SECTION("a summary that contradicts the events is an error") {
        auto doctored = lib_out;
        const auto pos = doctored.find("\"failed\": 1");
        REQUIRE(pos != std::string::npos);
        doctored.replace(pos, 11, "\"failed\": 0");
        RecordedRunner runner(failing_unit_answers(101, doctored));
        const auto unit = run_gates(ws, {"unit-tests"}, runner).gate("unit-tests");
        CHECK(unit.status == gc::GateStatus::error);
        CHECK(unit.summary.find("disagrees") != std::string::npos);
    }
    SECTION("an early exit: non-zero is the crate's failure, zero is an error") {
        const auto cut = lib_out.substr(0, lib_out.find("\"type\": \"suite\", \"event\": \"failed\""));
        RecordedRunner failing(failing_unit_answers(3, cut));
        const auto unit = run_gates(ws, {"unit-tests"}, failing).gate("unit-tests");
        CHECK(unit.status == gc::GateStatus::fail);
        RecordedRunner zero(failing_unit_answers(0, cut));
        CHECK(run_gates(ws, {"unit-tests"}, zero).gate("unit-tests").status == gc::GateStatus::error);
    }
}

TEST_CASE("harness = false targets run without libtest's flags and count as one test each") {
    auto ws = workspace_of("failing-unit");
    for (auto& t : ws.members.front().targets) {
        if (t.name == "rpn") {
            t.harness = false;
        }
    }
    auto answers = failing_unit_answers(101, read_data("failing-unit/test-lib-gcfx_failing_unit.stdout"));
    answers.insert(answers.begin(), Answer{binary_named("deps/rpn-"), 1, "custom harness output\n",
                                           "custom harness: 1 of 2 checks failed\n"});
    RecordedRunner runner(answers);
    const auto out = run_gates(ws, {"integration-tests"}, runner);
    const auto& gate = out.gate("integration-tests");
    CHECK(gate.status == gc::GateStatus::fail);
    const auto rpn = std::find_if(runner.commands.begin(), runner.commands.end(),
                                  [](const auto& c) { return c.argv[0].find("deps/rpn-") != std::string::npos; });
    REQUIRE(rpn != runner.commands.end());
    CHECK(rpn->argv.size() == 1);  // no --format json
    REQUIRE_FALSE(gate.findings.empty());
    CHECK(gate.findings.front().message.find("1 of 2 checks failed") != std::string::npos);
}

TEST_CASE("fmt: the exit code must agree with the diff") {
    const auto ws = workspace_of("unformatted");
    const auto diff = read_data("unformatted/fmt.stdout");
    RecordedRunner agree({Answer{is_cargo("fmt"), 1, diff, ""}});
    CHECK(run_gates(ws, {"fmt"}, agree).gate("fmt").status == gc::GateStatus::fail);
    RecordedRunner zero({Answer{is_cargo("fmt"), 0, diff, ""}});
    CHECK(run_gates(ws, {"fmt"}, zero).gate("fmt").status == gc::GateStatus::error);
    RecordedRunner empty({Answer{is_cargo("fmt"), 1, "", "error: rustfmt crashed"}});
    CHECK(run_gates(ws, {"fmt"}, empty).gate("fmt").status == gc::GateStatus::error);
    // -v lists the files rustfmt was given: a silent exit 0 is no proof that it ran.
    RecordedRunner silent({Answer{is_cargo("fmt"), 0, "", ""}});
    CHECK(run_gates(ws, {"fmt"}, silent).gate("fmt").status == gc::GateStatus::error);
    const auto listing = diff.substr(0, diff.find("Diff in"));
    RecordedRunner formatted({Answer{is_cargo("fmt"), 0, listing, ""}});
    CHECK(run_gates(ws, {"fmt"}, formatted).gate("fmt").status == gc::GateStatus::pass);
}

TEST_CASE("doc coverage: rustdoc's counts, and a failing rustdoc is not a measurement") {
    const auto ws = workspace_of("undocumented");
    RecordedRunner runner({answer(is_cargo("rustdoc"), "undocumented", "doc-coverage")});
    const auto docs = run_gates(ws, {"docs"}, runner).gate("docs");
    CHECK(docs.status == gc::GateStatus::fail);
    CHECK(docs.summary.find("(10/14)") != std::string::npos);
    RecordedRunner broken({Answer{is_cargo("rustdoc"), 0, "not json", ""}});
    CHECK(run_gates(ws, {"docs"}, broken).gate("docs").status == gc::GateStatus::error);
}

TEST_CASE("probe durations are matched by exact family, not by prefix") {
    const auto ws = workspace_of("no-compile");
    RecordedRunner runner(
        {answer(is_cargo("check"), "no-compile", "check"), answer(is_cargo("clippy"), "no-compile", "clippy")});
    const auto out = run_gates(ws, {"build", "clippy"}, runner);
    for (const auto& r : out.records) {
        CHECK(gc::probe_family(r.id) != "check-all-features");
    }
    CHECK(gc::probe_family("check:all-features") == "check");
    CHECK(gc::probe_family("unit-test:pkg/lib:x") == "unit-test");
}

// ---- the registries: a probe and a gate added by a test alone ----
namespace {

const gc::EvidenceKey<std::string> kEcho{"echo"};

class EchoProbe final : public gc::Probe {
public:
    [[nodiscard]] const gc::ProbeInfo& info() const override {
        static const gc::ProbeInfo info{"echo", {kEcho.family}, gc::Tool{"echo", {"echo"}, ""}};
        return info;
    }
    [[nodiscard]] std::vector<gc::Task> plan(const gc::PlanContext& ctx) const override {
        gc::Task t;
        t.id = kEcho.family;
        t.command.argv = {"echo-tool", "hello"};
        t.on_done = [ctx](const gc::process::Completed& res) {
            ctx.evidence.put(kEcho, gc::Probed<std::string>(res.out));
            return std::vector<gc::Task>{};
        };
        return {std::move(t)};
    }
};

class EchoGate final : public gc::Gate {
public:
    [[nodiscard]] const gc::GateInfo& info() const override {
        static const gc::GateInfo info{"echo", "Development", {}, "echo-tool's greeting", {kEcho.family}, {}};
        return info;
    }
    [[nodiscard]] gc::GateResult evaluate(const gc::GateInput& in) const override {
        gc::GateResult r;
        r.id = "echo";
        const auto* said = in.evidence.get(kEcho).get();
        r.status = said != nullptr && *said == "hello\n" ? gc::GateStatus::pass : gc::GateStatus::fail;
        r.summary = said != nullptr ? *said : "nothing";
        return r;
    }
};

}  // namespace

TEST_CASE("a test adds a probe and a gate through the registries alone") {
    const EchoProbe probe;
    const EchoGate gate;
    const gc::ProbeList probes{&probe};
    const gc::GateList gates{&gate};
    RecordedRunner runner(
        {Answer{is_cargo("metadata"), 0, read_data("clean/metadata.stdout"), ""},
         Answer{[](const auto& a) { return a[0] == "echo-tool"; }, 0, "hello\n", ""},
         Answer{[](const auto& a) { return a.size() > 1 && a[1] == "--version"; }, 0, "tool 1.0\n", ""}});
    const auto dir = std::filesystem::temp_directory_path() / "gatecheck-test-engine";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "Cargo.toml") << "[package]\nname = \"x\"\nversion = \"0.1.0\"\n";
    gc::CheckOptions options;
    options.path = dir.string();
    options.reports = {"json=" + (dir / "report.json").string()};
    options.common.verbosity = -1;
    const auto exit = gc::run_check(options, gc::Registries{gates, probes}, runner);
    REQUIRE(exit);
    CHECK(*exit == 0);
    const auto report = recorded::read_file((dir / "report.json").string());
    CHECK(report.find("\"id\": \"echo\"") != std::string::npos);
    CHECK(report.find("\"summary\": \"hello\\n\"") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a gate that only reads another gate's test runs does not stretch their timeout") {
    const auto& gates = gc::gate_catalogue();
    auto config = gc::default_config(gc::gate_schemas(gates));
    REQUIRE(gc::apply_config_text(config, "[gates.unit-tests]\ntimeout = 5\n[gates.concurrency-tests]\ntimeout = 20\n",
                                  "gatecheck.toml", "", gc::gate_schemas(gates)));
    gc::CheckOptions options;
    options.gates = {"unit-tests", "concurrency-tests"};
    auto choices = gc::choose_gates(options, config, gates);
    REQUIRE(choices);
    auto needs = gc::collect_needs(*choices, config, options);
    CHECK(needs.timeout("unit-test") == std::chrono::seconds(5));
    CHECK(needs.timeout("unit-test@tsan") == std::chrono::seconds(20));

    // Without its owner, a read family runs under the reader's limit.
    options.gates = {"concurrency-tests"};
    choices = gc::choose_gates(options, config, gates);
    REQUIRE(choices);
    needs = gc::collect_needs(*choices, config, options);
    CHECK(needs.wants("unit-test"));
    CHECK(needs.timeout("unit-test") == std::chrono::seconds(20));
}

// Issue 24: probes read gates' settings through typed declarations, each held here to the
// gate's own SettingSpec: the name exists, and the C++ type is the one the config stores.
TEST_CASE("every gate setting a probe declares exists in that gate, with the same type") {
    std::map<std::string, gc::SettingSpec> specs;
    for (const auto& gate : gc::gate_catalogue()) {
        for (const auto& spec : gate->settings()) {
            specs[gate->info().id + "." + spec.name] = spec;
        }
    }
    std::size_t declared = 0;
    for (const auto* probe : gc::probe_registry()) {
        for (const auto& use : probe->info().settings) {
            INFO(probe->info().name << " reads " << use.name);
            const auto it = specs.find(use.name);
            REQUIRE(it != specs.end());
            CHECK(it->second.default_value.index() == use.type_index);
            ++declared;
        }
    }
    // features (2), coverage (llvm_bin), coverage-doctests, advisories, bench runs (4), bench
    // profiling (profile_time, budget_seconds and the two tables of targets that go first).
    CHECK(declared == 13);
    // The planner passes the enabled gates' values through with their types.
    gc::ProbeNeeds needs;
    const gc::ProbeSetting<std::int64_t> cap{"features", "max_combinations", 32};
    CHECK(needs.setting(cap) == 32);
    needs.settings["features.max_combinations"] = std::int64_t{3};
    CHECK(needs.setting(cap) == 3);
}

TEST_CASE("one root cause is reported once: a gate failing only on errors an earlier gate reported points there") {
    const auto error = [](const char* file, int line) {
        gc::Finding f{
            "E0554", gc::FindingLevel::error, "`#![feature]` may not be used on the stable release channel", file, line,
            1};
        return f;
    };
    const auto result = [](const char* id, std::vector<gc::Finding> findings) {
        gc::GateResult r;
        r.id = id;
        r.status = gc::GateStatus::fail;
        r.summary = "does not compile: 1 error";
        r.findings = std::move(findings);
        return r;
    };
    gc::Finding lint{"clippy::unwrap_used", gc::FindingLevel::warning, "used `unwrap()`", "src/lib.rs", 3, 5};
    gc::Finding other_error = error("benches/other.rs", 1);
    std::vector<gc::GateResult> results{result("build", {error("benches/parse.rs", 1)}),
                                        result("clippy", {error("benches/parse.rs", 1)}),
                                        result("errors", {error("benches/parse.rs", 1), lint}),
                                        result("ffi", {error("benches/parse.rs", 1), other_error}),
                                        result("docs", {}),
                                        result("unit-tests", {error("benches/parse.rs", 1)})};
    results[5].summary = "the tests do not compile (1 error in parse)";
    results[2].fix = "cargo clippy --fix";
    results[4].summary = "rustdoc cannot document the crate";
    gc::point_at_first_report(results);
    CHECK(results[0].summary == "does not compile: 1 error");  // the owner keeps everything
    REQUIRE(results[0].findings.size() == 1);
    for (const auto i : {1, 2}) {
        const auto& r = results[static_cast<std::size_t>(i)];
        INFO(r.id);
        CHECK(r.status == gc::GateStatus::fail);  // could not judge: never a pass
        CHECK(r.summary == "cannot judge: the crate does not compile (1 error, reported by `build`: see there)");
        CHECK(std::none_of(r.findings.begin(), r.findings.end(),
                           [](const gc::Finding& f) { return f.level == gc::FindingLevel::error; }));
        CHECK(r.fix.empty());
    }
    REQUIRE(results[2].findings.size() == 1);  // its own warning stays
    CHECK(results[2].findings[0].rule == "clippy::unwrap_used");
    // An error of its own: a cause nobody reported yet, so ffi reports both.
    CHECK(results[3].summary == "does not compile: 1 error");
    CHECK(results[3].findings.size() == 2);
    CHECK(results[4].summary == "rustdoc cannot document the crate");
    // A test gate that ran the targets that built keeps its own account.
    CHECK(results[5].summary == "the tests do not compile (1 error in parse)");
    CHECK(results[5].findings.size() == 1);
}
