// The allocations and profile gates' parsers on recorded real output (tests/data/profiling/:
// valgrind 3.19 DHAT JSON and perf 6.1 `perf script` of the prof-alloc and prof-hotspot
// fixtures' criterion benches), and the gates over evidence built from them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "gate_result.hpp"
#include "gates/gate.hpp"
#include "gates/hotspot_patterns.hpp"
#include "probes/criterion_run.hpp"
#include "probes/dhat_report.hpp"
#include "probes/keys.hpp"
#include "probes/perf_profile.hpp"
#include "recorded.hpp"

using recorded::read_data;

namespace {

const gc::HotFunction* find_function(const gc::CpuProfile& p, const std::string& name) {
    const auto it = std::find_if(p.functions.begin(), p.functions.end(),
                                 [&](const gc::HotFunction& f) { return f.function == name; });
    return it != p.functions.end() ? &*it : nullptr;
}

bool has_rule(const gc::GateResult& r, const std::string& rule) {
    return std::any_of(r.findings.begin(), r.findings.end(), [&](const gc::Finding& f) { return f.rule == rule; });
}

bool has_finding_text(const gc::GateResult& r, const std::string& text) {
    return std::any_of(r.findings.begin(), r.findings.end(),
                       [&](const gc::Finding& f) { return f.message.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("DHAT: the allocations of the measured loop, set-up left out") {
    const auto squares = gc::parse_dhat(read_data("profiling/dhat-alloc-squares.json"), 100);
    REQUIRE(squares.ok());
    CHECK(squares->iterations == 1);
    // squares(): a Vec of 64 u64 (512 bytes) and a String of "64" (2 bytes).
    CHECK(squares->loop_blocks == 2);
    CHECK(squares->loop_bytes == 514);
    CHECK(squares->loop_blocks + squares->setup_blocks == 569);  // every tbk in the file
    CHECK(squares->setup_bytes + squares->loop_bytes == 406061);
    CHECK(squares->unattributed_blocks == 0);
    REQUIRE(squares->loop_sites.size() == 2);
    CHECK(squares->loop_sites[0].function == "gcfx_prof_alloc::squares");
    CHECK(squares->loop_sites[0].location == "lib.rs:22");
    CHECK(squares->loop_sites[0].bytes == 512);
    CHECK(squares->loop_sites[1].location == "lib.rs:23");
    CHECK(squares->command.find("--test ^alloc/squares$") != std::string::npos);

    const auto sum = gc::parse_dhat(read_data("profiling/dhat-alloc-sum.json"), 100);
    REQUIRE(sum.ok());
    CHECK(sum->loop_blocks == 0);
    CHECK(sum->loop_bytes == 0);
    CHECK(sum->setup_blocks == 564);
    CHECK(sum->loop_sites.empty());
}

TEST_CASE("DHAT: a stack cut short without a loop frame counts in the loop") {
    const std::string json = R"json({"mode":"heap","cmd":"x","pps":[
        {"tb":10,"tbk":1,"fs":[1,2]},
        {"tb":7,"tbk":1,"fs":[1,3]}],
        "ftbl":["[root]","0x1: malloc (in /lib/vg.so)","0x2: deep::helper (lib.rs:3)","0x3: main (in /bin/x)"]})json";
    const auto parsed = gc::parse_dhat(json, 2);
    REQUIRE(parsed.ok());
    CHECK(parsed->loop_blocks == 1);
    CHECK(parsed->unattributed_blocks == 1);
    CHECK(parsed->setup_blocks == 1);  // reached main: set-up
}

TEST_CASE("DHAT: output that does not parse is an error") {
    CHECK_FALSE(gc::parse_dhat("", 100).ok());
    CHECK_FALSE(gc::parse_dhat("valgrind: fatal", 100).ok());
    CHECK_FALSE(gc::parse_dhat(R"({"mode":"heap"})", 100).ok());
    CHECK_FALSE(gc::parse_dhat(R"({"mode":"heap","pps":[{"tb":1,"tbk":1,"fs":[5]}],"ftbl":["[root]"]})", 100).ok());
    CHECK_FALSE(gc::parse_dhat(R"({"mode":"copy","pps":[],"ftbl":[]})", 100).ok());
}

TEST_CASE("criterion's measured loop frames, qualified or inlined") {
    CHECK(gc::is_measured_loop_frame("criterion::bencher::Bencher<M>::iter", "src/bencher.rs"));
    CHECK(gc::is_measured_loop_frame("criterion::bencher::Bencher<M>::iter_batched", ""));
    CHECK(gc::is_measured_loop_frame("iter<criterion::measurement::WallTime, u64>", "src/bencher.rs"));
    CHECK_FALSE(gc::is_measured_loop_frame("iter<u64>", "src/lib.rs"));
    CHECK_FALSE(gc::is_measured_loop_frame("criterion::routine::Routine::profile", ""));
}

TEST_CASE("perf script: self samples per function and folded stacks") {
    const auto hot = gc::parse_perf_script(read_data("profiling/perf-hot-parse.txt"));
    CHECK(hot.samples == 45);
    CHECK(hot.unparsed_lines == 0);
    REQUIRE(!hot.functions.empty());
    CHECK(hot.functions[0].function == "gcfx_prof_hotspot::slow_checksum");
    CHECK(hot.functions[0].share == Approx(100.0));
    // The bench calls parse, and parse calls slow_checksum: the helper is not the subject.
    CHECK_FALSE(hot.functions[0].benchmark_subject);
    CHECK_FALSE(hot.functions[0].measured_loop);
    long long folded = 0;
    for (const auto& [stack, n] : hot.folded) {
        CHECK(stack.rfind("gcfx_prof_hotspot::slow_checksum") == stack.size() - 32);
        folded += n;
    }
    CHECK(folded == 45);
    const auto text = gc::folded_text(hot);
    CHECK(text.find(";gcfx_prof_hotspot::parse;gcfx_prof_hotspot::slow_checksum ") != std::string::npos);

    const auto squares = gc::parse_perf_script(read_data("profiling/perf-alloc-squares.txt"));
    CHECK(squares.samples == 27);
    const auto* f = find_function(squares, "gcfx_prof_alloc::squares");
    REQUIRE(f != nullptr);
    CHECK(f->samples == 13);
    CHECK(f->share == Approx(100.0 * 13 / 27));
    CHECK(f->benchmark_subject);  // `b.iter(|| squares(..))`, the closure inlined into iter
    CHECK_FALSE(f->measured_loop);
    CHECK(find_function(squares, "cfree") != nullptr);  // "cfree@GLIBC_2.2.5"
    const auto* loop = find_function(squares, "criterion::bencher::Bencher<M>::iter");
    REQUIRE(loop != nullptr);
    CHECK(loop->measured_loop);
    CHECK_FALSE(find_function(squares, "malloc")->benchmark_subject);  // called by squares
}

TEST_CASE("perf script: the benchmarked function is found past the routine's closures") {
    const std::string header = "b 1 1\n";
    const std::string tail =
        "\t 3 criterion::bencher::Bencher<M>::iter (/b)\n\t 4 criterion::routine::Routine::profile (/b)\n\n";
    const auto p = gc::parse_perf_script(
        header + "\t 1 krate::Stats::record (/b)\n\t 2 stats::record::{{closure}} (/b)\n" + tail + header +
        "\t 5 krate::helper (/b)\n\t 1 krate::Stats::record (/b)\n\t 2 stats::record::{{closure}} (/b)\n" + tail +
        header + "\t 2 stats::record::{{closure}} (/b)\n" + tail);
    REQUIRE(p.samples == 3);
    CHECK(find_function(p, "krate::Stats::record")->benchmark_subject);
    CHECK_FALSE(find_function(p, "krate::helper")->benchmark_subject);
    CHECK(find_function(p, "stats::record::{{closure}}")->measured_loop);
}

TEST_CASE("perf script: lines that are neither samples nor frames are counted") {
    const auto p = gc::parse_perf_script("\tnot a frame\nbench 1 1\n\t zz f (x)\n\t 1a f (x)\n\n");
    CHECK(p.unparsed_lines == 2);
    CHECK(p.samples == 1);
    CHECK(gc::parse_perf_script("").samples == 0);
}

TEST_CASE("criterion's --list, exact filters and file names") {
    const auto ids = gc::parse_criterion_list(
        "WARNING: HTML report generation will become a non-default optional feature\n\nGnuplot not found, using "
        "plotters backend\nalloc/sum: bench\nalloc/squares: bench\n");
    CHECK(ids == std::vector<std::string>{"alloc/sum", "alloc/squares"});
    CHECK(gc::exact_filter("parse/size(10)") == R"(^parse/size\(10\)$)");
    CHECK(gc::exact_filter("a.b") == R"(^a\.b$)");
    CHECK(gc::bench_slug("gcfx-x", "alloc", "alloc/sum 1") == "gcfx-x.alloc.alloc_sum_1");
}

TEST_CASE("hotspot roles: default expected paths, the harness, the inlined routine") {
    const auto patterns = gc::gates::HotspotPatterns::make({"^gcfx_prof_alloc::"});
    REQUIRE(patterns.ok());
    using gc::gates::HotspotRole;
    for (const char* f : {"malloc", "_int_free", "__rustc::__rust_dealloc", "__memcpy_avx_unaligned_erms",
                          "<usize>::_fmt", "core::fmt::write", "hashbrown::map::HashMap<K,V,S>::insert",
                          "std::sys::sync::mutex::futex::Mutex::lock_contended", "core::panicking::panic_fmt",
                          "gcfx_prof_alloc::squares"}) {
        INFO(f);
        CHECK(patterns->role(f, false) == HotspotRole::expected);
    }
    CHECK(patterns->role("criterion::routine::Routine::profile", false) == HotspotRole::harness);
    CHECK(patterns->role("criterion::bencher::Bencher<M>::iter", true) == HotspotRole::measured_loop);
    CHECK(patterns->role("gcfx_prof_hotspot::slow_checksum", false) == HotspotRole::judged);
    CHECK(patterns->role("gcfx_prof_hotspot::parse", false, true) == HotspotRole::subject);
    CHECK(patterns->role("[unknown]", false) == HotspotRole::unknown);
    CHECK_FALSE(gc::gates::HotspotPatterns::make({"("}).ok());
}

namespace {

gc::probes::BenchExecutable criterion_bench(const std::string& target) {
    return {"gcfx-x", "/tmp/x", target, "/tmp/x/target/" + target, "criterion", {}};
}

struct GateRun {
    gc::Evidence evidence;
    gc::Config config = gc::default_config(gc::gate_schemas());
    gc::Workspace ws;

    gc::GateResult evaluate(const std::string& id) {
        const gc::GateInput in{evidence, config.gate(id), ws};
        return gc::find_gate(id)->evaluate(in);
    }
    void bench(const gc::probes::BenchExecutable& b, std::vector<std::string> ids) {
        auto* build = evidence.find(gc::keys::bench_build);
        if (build == nullptr) {
            gc::probes::BenchBuildEvidence ev;
            ev.success = true;
            evidence.put(gc::keys::bench_build, ev);
            build = evidence.find(gc::keys::bench_build);
        }
        build->get()->executables.push_back(b);
        evidence.put(gc::keys::bench_list, gc::bench_instance(b), gc::BenchIds{b, std::move(ids)});
    }
};

gc::AllocationsRun dhat_run(const std::string& id, const std::string& file) {
    auto parsed = gc::parse_dhat(read_data("profiling/" + file), 100);
    REQUIRE(parsed.ok());
    return {id, *parsed, "/tmp/" + file};
}

}  // namespace

TEST_CASE("allocations gate: per-iteration metrics, zero shown as such, limits") {
    GateRun g;
    const auto b = criterion_bench("alloc");
    g.bench(b, {"alloc/sum", "alloc/squares"});
    g.evidence.put(gc::keys::allocations, gc::bench_instance(b, "alloc/sum"),
                   dhat_run("alloc/sum", "dhat-alloc-sum.json"));
    g.evidence.put(gc::keys::allocations, gc::bench_instance(b, "alloc/squares"),
                   dhat_run("alloc/squares", "dhat-alloc-squares.json"));
    auto r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "alloc/sum.allocs_per_iter") == 0);
    CHECK(unit::metric(r, "alloc/squares.allocs_per_iter") == 2);
    CHECK(unit::metric(r, "alloc/squares.bytes_per_iter") == 514);
    CHECK(unit::metric(r, "zero_allocation_benchmarks") == 1);
    CHECK(has_rule(r, "allocations::zero"));
    CHECK(r.summary.find("1 of 2 benchmarks allocate nothing") != std::string::npos);

    auto& values = g.config.gates["allocations"].values;  // as the config loader files a table
    values["max_per_iter.alloc/squares"] = std::int64_t{1};
    values["max_per_iter.alloc/sum"] = std::int64_t{0};
    r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(has_rule(r, "allocations::over-limit"));
    CHECK(unit::metric(r, "over_limit") == 1);

    values.erase("max_per_iter.alloc/squares");
    values.erase("max_per_iter.alloc/sum");
    values["max_per_iter.alloc/typo"] = std::int64_t{0};
    r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::warn);
    CHECK(has_rule(r, "allocations::unknown-benchmark"));

    values["max_per_iter.alloc/typo"] = std::string("lots");  // a table may hold strings: not a limit
    r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::error);
    values.erase("max_per_iter.alloc/typo");
    values["max_per_iter.alloc/typo"] = std::int64_t{0};
    r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::warn);
    CHECK(has_rule(r, "allocations::unknown-benchmark"));
}

TEST_CASE("allocations gate: never a pass without evidence") {
    GateRun none;
    CHECK(none.evaluate("allocations").status == gc::GateStatus::error);  // the build did not run

    GateRun missing;
    const auto b = criterion_bench("alloc");
    missing.bench(b, {"alloc/sum"});
    missing.evidence.put(gc::keys::allocations, gc::bench_instance(b, "alloc/sum"),
                         gc::ToolProblem{gc::GateStatus::unavailable, "valgrind is not installed", ""});
    auto r = missing.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::unavailable);

    GateRun unrun;
    unrun.bench(b, {"alloc/sum"});
    CHECK(unrun.evaluate("allocations").status == gc::GateStatus::error);

    GateRun bencher;
    bencher.bench({"gcfx-x", "/tmp/x", "b", "/tmp/b", "bencher", {}}, {});
    r = bencher.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::skip);
    CHECK(has_rule(r, "bench-not-criterion"));
}

TEST_CASE("profile gate: unexpected hotspots, expected patterns, the inlined routine") {
    GateRun g;
    const auto b = criterion_bench("hot");
    g.bench(b, {"hot/parse"});
    g.evidence.put(gc::keys::cpu_profile, gc::bench_instance(b, "hot/parse"),
                   gc::CpuProfileRun{"hot/parse", gc::parse_perf_script(read_data("profiling/perf-hot-parse.txt")),
                                     "/tmp/hot.folded", "/tmp/hot.data", 1});
    auto r = g.evaluate("profile");
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(unit::metric(r, "unexpected_hotspots") == 1);
    CHECK(unit::metric(r, "hot/parse.top1_share") == Approx(100.0));
    CHECK(has_rule(r, "profile::unexpected-hotspot"));
    CHECK(has_rule(r, "profile::top"));

    g.config.gates["profile"].values["expected"] = gc::StringList{"slow_checksum"};
    r = g.evaluate("profile");
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "unexpected_hotspots") == 0);

    GateRun sq;
    const auto a = criterion_bench("alloc");
    sq.bench(a, {"alloc/squares"});
    sq.evidence.put(
        gc::keys::cpu_profile, gc::bench_instance(a, "alloc/squares"),
        gc::CpuProfileRun{"alloc/squares", gc::parse_perf_script(read_data("profiling/perf-alloc-squares.txt")),
                          "/tmp/sq.folded", "/tmp/sq.data", 1});
    r = sq.evaluate("profile");
    // squares itself, 48 %: the benchmarked function; malloc, free, fmt: expected by default.
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "unexpected_hotspots") == 0);
    CHECK(has_finding_text(r, "gcfx_prof_alloc::squares 48.1% (the benchmarked function)"));
    sq.config.gates["profile"].values["max_share"] = 5.0;  // fmt's share stays expected; nothing else above
    CHECK(sq.evaluate("profile").status == gc::GateStatus::pass);
}
