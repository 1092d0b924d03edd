// The bench parsers on real output recorded from tests/fixtures/bench-criterion (criterion
// 0.3.6's estimates.json / benchmark.json and stdout, bencher 0.1.5's stdout; tests/data/bench/),
// the baseline files, the performance units, and the bench-targets rule on the lower bound.
#include <catch2/catch.hpp>

#include "evidence/keys.hpp"
#include "gate_result.hpp"
#include "gates/gate.hpp"
#include "gates/perf_units.hpp"
#include "probes/bench_run.hpp"
#include "recorded.hpp"
#include "report/perf_section.hpp"

using recorded::read_data;

TEST_CASE("criterion 0.3.6: the slope (linear sampling) or the mean, with the 95% interval and the median") {
    auto e = gc::probes::parse_criterion_estimate(read_data("bench/criterion-estimates.json"),
                                                  read_data("bench/criterion-benchmark.json"));
    REQUIRE(e);
    CHECK(e->id == "checksum/small");
    CHECK(e->statistic == "slope");
    CHECK(e->confidence == Approx(0.95));
    CHECK(e->estimate.lower <= e->estimate.point);
    CHECK(e->estimate.point <= e->estimate.upper);
    REQUIRE(e->median);
    CHECK(e->median->lower <= e->median->point);

    // Without a slope (criterion's flat sampling mode): the mean.
    auto no_slope = gc::probes::parse_criterion_estimate(
        R"({"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":9.0,"upper_bound":11.0},
            "point_estimate":10.0,"standard_error":0.5},"slope":null})",
        read_data("bench/criterion-benchmark.json"));
    REQUIRE(no_slope);
    CHECK(no_slope->statistic == "mean");
    CHECK(no_slope->estimate.point == 10.0);
    CHECK_FALSE(no_slope->median);

    CHECK_FALSE(gc::probes::parse_criterion_estimate("{}", read_data("bench/criterion-benchmark.json")));
    CHECK_FALSE(gc::probes::parse_criterion_estimate("not json", "{}"));
}

TEST_CASE("criterion's stdout: one 'time:' line per benchmark, long ids on their own line") {
    CHECK(gc::probes::count_criterion_reports(read_data("bench/criterion-stdout.txt")) == 2);
    CHECK(gc::probes::count_criterion_reports("a/very/long/benchmark/id/that/wraps\n                        time:   "
                                              "[1.0 ns 1.1 ns 1.2 ns]\n") == 1);
}

TEST_CASE("bencher and libtest: ns/iter (+/- spread) lines, thousands separators") {
    const auto lines = gc::probes::parse_bench_lines(read_data("bench/bencher-stdout.txt"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].id == "legacy_checksum");
    CHECK(lines[0].statistic == "median");
    CHECK(lines[0].confidence == 0);
    // crc32fast's padding and throughput suffix.
    const auto big = gc::probes::parse_bench_lines(
        "test big            ... bench:   1,234,567 ns/iter (+/- 8,910) = 777 MB/s\nnoise\n");
    REQUIRE(big.size() == 1);
    CHECK(big[0].estimate.point == 1234567);
    CHECK(big[0].estimate.lower == 1234567 - 8910);
    CHECK(big[0].estimate.upper == 1234567 + 8910);
}

// tests/fuzz/corpus/bencher/regression-stod-no-number: std::stod threw out of the parser.
TEST_CASE("bencher and libtest: a bench line whose figures are no numbers is no result") {
    CHECK(gc::probes::parse_bench_lines("test leg ... bench:      16,867 ns/iter (+/- ,)206\n").empty());
    CHECK(gc::probes::parse_bench_lines("test a ... bench: 1.2.3 ns/iter (+/- 4)\n").empty());
    CHECK(gc::probes::parse_bench_lines("test a ... bench: , ns/iter (+/- 4)\n").empty());
    const auto kept = gc::probes::parse_bench_lines(
        "test a ... bench: , ns/iter (+/- 4)\n"
        "test b ... bench: 12 ns/iter (+/- 1)\n");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].id == "b");
    CHECK(kept[0].estimate.point == 12);
}

TEST_CASE("baseline files round-trip; anything else is rejected") {
    gc::BenchEstimate e{"g/f", "slope", {10, 9, 11}, 0.95, gc::Interval{10, 9.5, 10.5}};
    auto back = gc::probes::parse_baseline_json(gc::probes::baseline_json({e}));
    REQUIRE(back);
    REQUIRE(back->size() == 1);
    CHECK((*back)[0].id == "g/f");
    CHECK((*back)[0].estimate.upper == 11);
    REQUIRE((*back)[0].median);
    CHECK((*back)[0].median->lower == 9.5);
    CHECK_FALSE(gc::probes::parse_baseline_json(R"({"benchmarks":[]})"));
}

TEST_CASE("units of the performance settings") {
    using namespace gc::gates;
    CHECK(parse_duration_ns("50ns") == 50);
    CHECK(parse_duration_ns("1.5 us") == 1500);
    CHECK(parse_duration_ns("2ms") == 2e6);
    CHECK(parse_duration_ns("1s") == 1e9);
    CHECK_FALSE(parse_duration_ns("50"));
    CHECK_FALSE(parse_duration_ns("fast"));
    CHECK(parse_bytes("512MiB") == 512.0 * 1024 * 1024);
    CHECK(parse_bytes("64MB") == 64e6);
    CHECK(parse_bytes("4096") == 4096);
    CHECK_FALSE(parse_bytes("lots"));
    CHECK(parse_share("5%") == Approx(0.05));
    CHECK_FALSE(parse_share("5"));
    CHECK(format_ns(1234) == "1.234 µs");
    CHECK(format_change(0.044) == "+4.40%");
}

namespace {

// One bench target with one benchmark now and, optionally, in the baseline.
gc::GateResult bench_targets(gc::Interval now, std::optional<gc::Interval> before,
                             std::map<std::string, gc::SettingValue> values) {
    gc::Evidence evidence;
    gc::BenchBuildEvidence build;
    build.success = true;
    build.bench_targets = {"p/b"};
    build.executables = {{"p", "/p", "b", "/p/target/b", "criterion", {}}};
    evidence.put(gc::keys::bench_build, build);
    gc::BenchRun run;
    run.bench = build.executables.front();
    run.estimates = {{"g/f", "slope", now, 0.95, now}};
    run.baseline_name = "gatecheck";
    if (before) {
        run.baseline = std::vector<gc::BenchEstimate>{{"g/f", "slope", *before, 0.95, *before}};
    }
    evidence.put(gc::keys::bench_run, "p/b", run);
    gc::GateSettings settings;
    settings.values = {{"max_regression", std::string{}}, {"baseline", std::string{"gatecheck"}}};
    for (auto& [k, v] : values) {
        settings.values[k] = v;
    }
    gc::Workspace ws;
    return gc::find_gate("bench-targets")->evaluate(gc::GateInput{evidence, settings, ws});
}

}  // namespace

TEST_CASE("bench-targets: a regression fails only when the change's lower bound passes max_regression") {
    const std::map<std::string, gc::SettingValue> five{{"max_regression", std::string{"5%"}}};
    // 10% slower by the point estimates, but the intervals overlap: noise, not a failure.
    auto noisy = bench_targets({110, 100, 120}, gc::Interval{100, 95, 105}, five);
    CHECK(noisy.status == gc::GateStatus::pass);
    CHECK(unit::metric(noisy, "g/f:change") == Approx(0.10));
    CHECK(unit::metric(noisy, "g/f:change_lower") == Approx(100.0 / 105 - 1));
    // Twice as slow, tight intervals: fails.
    auto slow = bench_targets({200, 195, 205}, gc::Interval{100, 98, 102}, five);
    CHECK(slow.status == gc::GateStatus::fail);
    CHECK(unit::metric(slow, "g/f:change_lower") == Approx(195.0 / 102 - 1));
    // No baseline saved: never a pass, and the command that saves one.
    auto none = bench_targets({100, 99, 101}, std::nullopt, five);
    CHECK(none.status == gc::GateStatus::error);
    CHECK(none.fix == "save one: gatecheck bench save gatecheck");
}

TEST_CASE("bench-targets: absolute targets on the interval; unknown ids and nothing configured") {
    auto met = bench_targets({40, 38, 42}, std::nullopt, {{"targets.g/f", std::string{"50ns"}}});
    CHECK(met.status == gc::GateStatus::pass);
    auto uncertain = bench_targets({52, 48, 56}, std::nullopt, {{"targets.g/f", std::string{"50ns"}}});
    CHECK(uncertain.status == gc::GateStatus::warn);
    auto missed = bench_targets({60, 55, 65}, std::nullopt, {{"targets.g/f", std::string{"50ns"}}});
    CHECK(missed.status == gc::GateStatus::fail);
    auto typo = bench_targets({40, 38, 42}, std::nullopt, {{"targets.g/typo", std::string{"50ns"}}});
    CHECK(typo.status == gc::GateStatus::fail);
    auto nothing = bench_targets({40, 38, 42}, std::nullopt, {});
    CHECK(nothing.status == gc::GateStatus::skip);
}

TEST_CASE("Performance Analysis: filled from the performance gates' metrics, rendered as the spec's Markdown block") {
    gc::Report report;
    gc::GateResult bench;
    bench.id = "benchmarks";
    bench.metrics = {{"parse/small:ns", 48.2},   {"parse/small:ns_lower", 47.9},   {"parse/small:ns_upper", 48.6},
                     {"parse/large:ns", 1520.0}, {"parse/large:ns_lower", 1500.0}, {"parse/large:ns_upper", 1544.0}};
    gc::GateResult targets;
    targets.id = "bench-targets";
    targets.metrics = {
        {"parse/small:change", 0.021}, {"parse/small:change_lower", -0.01}, {"parse/small:change_upper", 0.05}};
    gc::GateResult memory;
    memory.id = "memory";
    memory.metrics = {{"max_rss_bytes", 20.0 * 1024 * 1024},
                      {"mycrate/mycrate:max_rss_bytes", 5.0 * 1024 * 1024},
                      {"mycrate/parse:max_rss_bytes", 20.0 * 1024 * 1024}};
    gc::GateResult allocations;  // the allocations gate's names (gates/allocations.cpp)
    allocations.id = "allocations";
    allocations.metrics = {{"parse/small.allocs_per_iter", 0},
                           {"parse/small.bytes_per_iter", 0},
                           {"parse/large.allocs_per_iter", 2},
                           {"parse/large.bytes_per_iter", 514}};
    gc::GateResult profile;  // the profile gate's names (gates/profile.cpp)
    profile.id = "profile";
    profile.metrics = {{"parse/large.top1_share", 61.5},
                       {"hotspot:parse/large: mycrate::tokenize", 61.5},
                       {"hotspot:parse/large: malloc", 12.0}};
    report.gates = {bench, targets, memory, allocations, profile};

    const auto s = gc::performance_analysis(report);
    REQUIRE(s.benchmarks.size() == 2);
    const auto& large = s.benchmarks[0];  // by id
    CHECK(large.id == "parse/large");
    CHECK(large.allocations_per_iter == 2.0);
    CHECK(large.bytes_per_iter == 514.0);
    CHECK_FALSE(large.change);
    const auto& small = s.benchmarks[1];
    CHECK(small.allocations_per_iter == 0.0);
    CHECK(small.change == Approx(0.021));
    CHECK(s.peak_rss_bytes == 20.0 * 1024 * 1024);
    CHECK(s.peak_rss_target == "mycrate/parse");
    REQUIRE(s.hotspots.size() == 2);
    CHECK(s.hotspots[0].function == "parse/large: mycrate::tokenize");

    const auto md = gc::render_perf_markdown(s);
    CHECK(md.rfind("## Benchmarks\n", 0) == 0);
    CHECK(md.find("- parse/small: 48.2 ns (47.9 ns .. 48.6 ns), +2.1% against the baseline (-1.0% .. +5.0%), "
                  "zero allocations\n") != std::string::npos);
    CHECK(md.find("- parse/large: 1.52 µs (1.5 µs .. 1.544 µs), 2 allocations/iter (514 bytes)\n") !=
          std::string::npos);
    CHECK(md.find("- Memory usage: peak RSS 20.0 MiB (mycrate/parse)\n") != std::string::npos);
    CHECK(md.find("- CPU hotspots: parse/large: mycrate::tokenize 61.5%, parse/large: malloc 12.0%\n") !=
          std::string::npos);

    // Nothing measured: said, not left blank.
    CHECK(gc::render_perf_markdown(gc::performance_analysis(gc::Report{})) ==
          "## Benchmarks\n- No benchmark measured\n");
}
