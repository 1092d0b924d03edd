// The benchmarks, bench-targets and memory gates on the bench-criterion fixture (criterion
// 0.3.6 and bencher 0.1.5 from Debian's registry; a bench behind a required feature; a helper
// module, benches/shared.rs, that cargo also builds as a bench) and on
// `clean` (no bench target). All bench-criterion runs share one target dir, so criterion
// compiles once. Sequence: a first run (targets met, no baseline yet: error with the
// command to save one), `gatecheck bench save`, five unchanged re-runs (never a regression),
// then a deliberate 2x slowdown (GCFX_BENCH_ROUNDS=2) that fails bench-targets.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

const char* kGates[] = {"--gate", "benchmarks", "--gate", "bench-targets", "--gate", "memory"};

Crate bench_crate() {
    auto crate = fixture("bench-criterion", "bench-crit");
    crate.target_dir = crate.target_dir.parent_path() / "bench-shared";  // one criterion build per file
    return crate;
}

std::vector<std::string> gates_args() {
    return {std::begin(kGates), std::end(kGates)};
}

void configure(const Crate& crate, const std::string& toml) {
    write(crate.dir / "gatecheck.toml", toml);
}

std::string config(const std::string& large_target) {
    return fmt::format(R"([gates.benchmarks]
warm_up_time = 1
measurement_time = 1
sample_size = 10

[gates.bench-targets]
max_regression = "25%"

[gates.bench-targets.targets]
"checksum/small" = "1ms"
"checksum/large" = "{}"

[gates.memory]
max_rss = "4GiB"
)",
                       large_target);
}

json slurp_json(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return json::parse(s.str());
}

// criterion's own estimate of a benchmark (found by benchmark.json's full_id: criterion
// sanitizes directory names): its slope when it has one, else its mean.
double criterion_point(const Crate& crate, const std::string& target, const std::string& id) {
    const auto home = crate.target_dir / "gatecheck" / "bench" / "criterion" / "gcfx-bench-criterion" / target;
    for (const auto& e : fs::recursive_directory_iterator(home)) {
        if (e.path().filename() != "benchmark.json" || e.path().parent_path().filename() != "new" ||
            slurp_json(e.path()).at("full_id") != id) {
            continue;
        }
        const auto est = slurp_json(e.path().parent_path() / "estimates.json");
        const auto& s = est.at("slope").is_null() ? est.at("mean") : est.at("slope");
        return s.at("point_estimate").get<double>();
    }
    FAIL("no criterion benchmark " << id << " under " << home);
    return 0;
}

bool has_finding(const json& report, const std::string& gate_id, const std::string& rule, const std::string& text) {
    for (const auto& f : gate(report, gate_id).at("findings")) {
        if (f.at("rule") == rule && contains(f.at("message").get<std::string>(), text)) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("benchmarks: criterion, bencher and required-features benches; targets, baseline, 2x slowdown") {
    const auto crate = bench_crate();
    fs::remove_all(crate.target_dir / "gatecheck" / "bench" / "baselines");
    configure(crate, config("1ms"));

    // 1. Every bench measured; targets met; no baseline saved yet: error, never a pass.
    auto r = gatecheck(crate, gates_args());
    INFO(r.out << r.err);
    REQUIRE(status(r.report, "benchmarks") == "pass");
    CHECK(metric(r.report, "benchmarks", "benchmarks") == 4);
    // benches/shared.rs, a module of `checksum` that cargo also builds as a bench target: no
    // benchmark in it, and that is no failure (issue 25), but a note naming the module's user.
    CHECK(metric(r.report, "benchmarks", "bench_targets") == 4);
    CHECK(has_finding(r.report, "benchmarks", "bench-helper-module",
                      "bench gcfx-bench-criterion/shared has no benchmark: its file is a module of bench `checksum`"));
    CHECK_FALSE(has_finding(r.report, "benchmarks", "bench-empty", ""));
    CHECK_FALSE(contains(gate(r.report, "benchmarks").at("summary").get<std::string>(), "RUSTC_BOOTSTRAP"));
    for (const auto& id : {"checksum/small", "checksum/large", "extra/checksum", "legacy_checksum"}) {
        INFO(id);
        const auto point = metric(r.report, "benchmarks", std::string(id) + ":ns");
        CHECK(point > 0);
        CHECK(metric(r.report, "benchmarks", std::string(id) + ":ns_lower") <= point);
        CHECK(metric(r.report, "benchmarks", std::string(id) + ":ns_upper") >= point);
    }
    // The estimates are criterion's own, from gatecheck's criterion home (never target/criterion).
    CHECK(metric(r.report, "benchmarks", "checksum/small:ns") ==
          Approx(criterion_point(crate, "checksum", "checksum/small")));
    CHECK(metric(r.report, "benchmarks", "extra/checksum:ns") ==
          Approx(criterion_point(crate, "extra", "extra/checksum")));
    CHECK_FALSE(fs::exists(crate.target_dir / "criterion"));
    CHECK_FALSE(fs::exists(crate.dir / "target"));
    // 64 times the data: the large input is clearly slower.
    CHECK(metric(r.report, "benchmarks", "checksum/large:ns") >
          8 * metric(r.report, "benchmarks", "checksum/small:ns"));
    CHECK(status(r.report, "bench-targets") == "error");
    CHECK(contains(gate(r.report, "bench-targets").at("fix").get<std::string>(), "gatecheck bench save gatecheck"));
    CHECK(status(r.report, "memory") == "pass");
    CHECK(metric(r.report, "memory", "gcfx-bench-criterion/checksum:max_rss_bytes") > 0);
    CHECK(metric(r.report, "memory", "gcfx-bench-criterion/legacy:max_rss_bytes") > 0);

    // 2. gatecheck bench save: the baseline, where it said.
    auto saved = gatecheck(crate, {"bench", "save"});
    INFO(saved.out << saved.err);
    REQUIRE(saved.exit_code == 0);
    const auto baseline = crate.target_dir / "gatecheck/bench/baselines/gatecheck/gcfx-bench-criterion/checksum.json";
    CHECK(fs::exists(baseline));
    CHECK(contains(saved.err, baseline.string()));

    // 3. Five unchanged re-runs in a row: never a regression.
    for (int i = 0; i < 5; ++i) {
        auto again = gatecheck(crate, gates_args());
        INFO("re-run " << i << ": " << again.out << again.err);
        CHECK(status(again.report, "bench-targets") == "pass");
        CHECK(metric(again.report, "bench-targets", "failed") == 0);
        // 2 targets, 4 baselines (bencher's when its spread stays above 0: a note otherwise)
        CHECK(metric(again.report, "bench-targets", "checked") >= 5);
        // What the noise was (shown, not asserted): the change and its lower bound.
        WARN("re-run " << i << ": checksum/small change "
                       << metric(again.report, "bench-targets", "checksum/small:change") << " (lower "
                       << metric(again.report, "bench-targets", "checksum/small:change_lower") << ")");
    }

    // 4. A deliberate 2x slowdown fails, against a baseline saved just before it (on a shared
    // machine the load drifts: adjacent runs see the same load).
    REQUIRE(gatecheck(crate, {"bench", "save"}).exit_code == 0);
    auto slow = gatecheck(crate, gates_args(), {{"GCFX_BENCH_ROUNDS", "2"}});
    INFO(slow.out << slow.err);
    CHECK(slow.exit_code == 1);
    CHECK(status(slow.report, "bench-targets") == "fail");
    CHECK(has_finding(slow.report, "bench-targets", "bench-regression", "checksum/large"));
    CHECK(has_finding(slow.report, "bench-targets", "bench-regression", "checksum/small"));
    CHECK_FALSE(has_finding(slow.report, "bench-targets", "bench-target-missed", "checksum/"));
    CHECK(metric(slow.report, "bench-targets", "checksum/large:change_lower") > 0.25);
    WARN("2x slowdown: checksum/large change "
         << metric(slow.report, "bench-targets", "checksum/large:change") << " (lower "
         << metric(slow.report, "bench-targets", "checksum/large:change_lower") << ")");

    // 5. A target the benchmark cannot meet fails, naming it; the one it meets does not.
    configure(crate, config("1ns"));
    auto missed = gatecheck(crate, gates_args());
    INFO(missed.out << missed.err);
    CHECK(status(missed.report, "bench-targets") == "fail");
    CHECK(has_finding(missed.report, "bench-targets", "bench-target-missed", "checksum/large"));
    CHECK_FALSE(has_finding(missed.report, "bench-targets", "bench-target-missed", "checksum/small"));
}

TEST_CASE("benchmarks: a crate without bench targets fails with 'no benchmarks'; memory still measures tests") {
    const auto crate = fixture("clean", "bench-none");
    auto r = gatecheck(crate, gates_args());
    INFO(r.out << r.err);
    CHECK(status(r.report, "benchmarks") == "fail");
    CHECK(contains(gate(r.report, "benchmarks").at("summary").get<std::string>(), "no benchmarks"));
    CHECK(status(r.report, "bench-targets") == "skip");
    CHECK(status(r.report, "memory") == "skip");  // nothing configured: measured, not judged
    CHECK(metric(r.report, "memory", "max_rss_bytes") > 0);
}
