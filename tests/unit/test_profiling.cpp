// The allocations and profile gates' parsers on recorded real output (tests/data/profiling/:
// valgrind 3.19 DHAT JSON and perf 6.1 `perf script` of the prof-alloc and prof-hotspot
// fixtures' criterion benches and of prof-harness's bencher and libtest benches), and the
// gates over evidence built from them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "evidence/keys.hpp"
#include "gate_result.hpp"
#include "gates/gate.hpp"
#include "gates/hotspot_patterns.hpp"
#include "probes/criterion_run.hpp"
#include "probes/dhat_report.hpp"
#include "probes/perf_profile.hpp"
#include "probes/profiled_harness.hpp"
#include "recorded.hpp"

using Catch::Matchers::Contains;
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

// perf script's output, line by line, as the probe's sink feeds it.
void feed(gc::PerfScriptParser& parser, std::string_view text) {
    while (!text.empty()) {
        const auto nl = text.find('\n');
        parser.line(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
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

TEST_CASE("DHAT: libtest's test mode runs one iteration; its loop is ns_iter_inner") {
    const auto squares = gc::parse_dhat(read_data("profiling/dhat-libtest-squares.json"), 100);
    REQUIRE(squares.ok());
    CHECK(squares->iterations == 1);
    CHECK(squares->loop_blocks == 2);  // the same squares() as prof-alloc's: 512 + 2 bytes
    CHECK(squares->loop_bytes == 514);
    CHECK(squares->loop_blocks + squares->setup_blocks == 642);  // every tbk in the file
    CHECK(squares->loop_bytes + squares->setup_bytes == 78181);
    REQUIRE(!squares->loop_sites.empty());
    CHECK(squares->loop_sites[0].function == "gcfx_prof_harness::squares");
    CHECK(squares->command.find("--exact nightly_squares") != std::string::npos);

    const auto sum = gc::parse_dhat(read_data("profiling/dhat-libtest-sum.json"), 100);
    REQUIRE(sum.ok());
    CHECK(sum->loop_blocks == 0);
    CHECK(sum->setup_blocks == 641);

    CHECK(gc::is_measured_loop_frame("test::bench::ns_iter_inner::<u64, nightly::nightly_sum::{closure#0}>", ""));
    CHECK(gc::is_measured_loop_frame("<test::bench::Bencher>::iter::<u64, x::{closure#0}>", ""));
    CHECK_FALSE(gc::is_measured_loop_frame("test::run_test", ""));
}

TEST_CASE("DHAT: bencher's whole run split by benchmark; its first call is one iteration") {
    const std::vector<std::string> ids{"legacy_squares", "legacy_sum"};
    const auto runs = gc::parse_dhat_bencher_run(read_data("profiling/dhat-bencher-run.json"), 100, ids);
    REQUIRE(runs.ok());
    REQUIRE(runs->size() == 2);
    const auto& squares = runs->at("legacy_squares");
    CHECK(squares.iterations == 1);
    CHECK(squares.loop_blocks == 2);
    CHECK(squares.loop_bytes == 514);
    CHECK(squares.setup_blocks == 1);           // the input vector of its first call, outside b.iter
    CHECK(squares.run_loop_blocks == 1228202);  // 2 per iteration, 614101 iterations in all
    CHECK(squares.run_loop_bytes == 315647914);
    CHECK(squares.unattributed_blocks == 0);
    REQUIRE(!squares.loop_sites.empty());
    CHECK(squares.loop_sites[0].function == "gcfx_prof_harness::squares");
    CHECK(squares.loop_sites[0].location == "lib.rs:22");
    const auto& sum = runs->at("legacy_sum");
    CHECK(sum.iterations == 1);
    CHECK(sum.loop_blocks == 0);
    CHECK(sum.run_loop_blocks == 0);
    CHECK(sum.setup_blocks == 1);
}

TEST_CASE("DHAT: bencher loop allocations of no known benchmark count for every one") {
    // The loop of a benchmark named unlike any printed id (a renamed function): never hidden.
    const auto runs =
        gc::parse_dhat_bencher_run(read_data("profiling/dhat-bencher-run.json"), 100, {"legacy_sum", "other"});
    REQUIRE(runs.ok());
    CHECK(runs->at("legacy_sum").loop_blocks == 1228202);
    CHECK(runs->at("legacy_sum").unattributed_blocks == 1228202);
    CHECK(runs->at("other").loop_blocks == 1228202);

    // Loop allocations only after the first iteration: a total, never "zero".
    const std::string json = R"json({"mode":"heap","cmd":"x","pps":[
        {"tb":64,"tbk":4,"fs":[1,2,3,4,5]},
        {"tb":8,"tbk":1,"fs":[1,3,6,4,5]}],
        "ftbl":["[root]","0x1: malloc (in /lib/vg.so)","0x2: iter<u8, b::grow::{closure_env#0}> (lib.rs:607)",
                "0x3: b::grow (b.rs:4)","0x4: bench_n<bencher::{impl#6}::auto_bench::{closure_env#1}<x>> (lib.rs:628)",
                "0x5: main (in /bin/x)","0x6: bench_n<bencher::{impl#6}::auto_bench::{closure_env#0}<x>> (lib.rs:628)"]})json";
    const auto later = gc::parse_dhat_bencher_run(json, 100, {"grow", "quiet"});
    REQUIRE(later.ok());
    CHECK(later->at("grow").iterations == 0);
    CHECK(later->at("grow").loop_blocks == 4);
    CHECK(later->at("grow").run_loop_blocks == 4);
    // A benchmark that allocated nothing anywhere (no stack names it): zero per iteration.
    CHECK(later->at("quiet").iterations == 1);
    CHECK(later->at("quiet").loop_blocks == 0);
    CHECK(later->at("quiet").run_loop_blocks == 0);
}

TEST_CASE("DHAT: bencher's loop inlined into a helper of the benchmark function is still the loop") {
    // crc32fast's shape: bench_kilobyte calls the bench target's `bench` helper, which holds b.iter.
    const std::string json = R"json({"mode":"heap","cmd":"x","pps":[
        {"tb":64,"tbk":1,"fs":[1,2,3,4,6,7]},
        {"tb":32,"tbk":1,"fs":[1,3,4,6,7]},
        {"tb":64,"tbk":3,"fs":[1,2,3,4,5,7]}],
        "ftbl":["[root]","0x1: malloc (in /lib/vg.so)",
                "0x2: iter<u32, bench::bench::{closure_env#0}> (lib.rs:607)","0x3: bench::bench (bench.rs:9)",
                "0x4: bench::bench_kilobyte (bench.rs:20)",
                "0x5: bench_n<bencher::{impl#6}::auto_bench::{closure_env#1}<x>> (lib.rs:628)",
                "0x6: bench_n<bencher::{impl#6}::auto_bench::{closure_env#0}<x>> (lib.rs:628)","0x7: main (in /bin/x)"]})json";
    const auto runs = gc::parse_dhat_bencher_run(json, 100, {"bench_kilobyte"});
    REQUIRE(runs.ok());
    const auto& a = runs->at("bench_kilobyte");
    CHECK(a.iterations == 1);
    CHECK(a.loop_blocks == 1);
    CHECK(a.loop_bytes == 64);
    CHECK(a.setup_blocks == 1);
    CHECK(a.run_loop_blocks == 4);
}

TEST_CASE("perf script: libtest's and bencher's loop in a helper of the bench target; std-named targets") {
    const std::string sample =
        "bench 1 1\n"
        "\t 1 crc32fast::baseline::update_fast_16 (/b)\n"
        "\t 2 <crc32fast::Hasher>::update (/b)\n"
        "\t 3 bench::bench (/b)\n"
        "\t 4 bench::bench_kilobyte (/b)\n"
        "\t 5 bencher::run_tests_console (/b)\n\n"
        "bench 1 1\n"
        "\t 2 <crc32fast::Hasher>::update (/b)\n"
        "\t 3 bench::bench (/b)\n"
        "\t 4 bench::bench_kilobyte (/b)\n\n"
        "bench 1 1\n"
        "\t 3 bench::bench (/b)\n"
        "\t 4 bench::bench_kilobyte (/b)\n\n";
    gc::PerfScriptParser parser({"bench_kilobyte"}, "bench");
    feed(parser, sample);
    auto parts = parser.finish_by_benchmark();
    const auto& p = parts["bench_kilobyte"];
    CHECK(p.samples == 3);
    CHECK_FALSE(find_function(p, "crc32fast::baseline::update_fast_16")->benchmark_subject);  // below it: judged
    CHECK(find_function(p, "<crc32fast::Hasher>::update")->benchmark_subject);                // what the routine calls
    CHECK(find_function(p, "bench::bench")->measured_loop);  // the helper the loop is inlined into

    // A bench target named `alloc` cannot be told from the standard library's alloc::
    gc::PerfScriptParser std_named({"b"}, "alloc");
    feed(std_named, "x 1 1\n\t 1 alloc::raw_vec::finish_grow (/b)\n\t 2 alloc::b (/b)\n\n");
    const auto q = std_named.finish();
    CHECK(find_function(q, "alloc::raw_vec::finish_grow")->benchmark_subject);
}

TEST_CASE("benchmark frames: the id as the function's last path segments") {
    CHECK(gc::is_benchmark_frame("legacy::legacy_sum", "legacy_sum"));
    CHECK(
        gc::is_benchmark_frame("<nightly::nightly_squares::{closure#0} as core::ops::function::FnOnce<(&mut "
                               "test::bench::Bencher,)>>::call_once",
                               "nightly_squares"));
    CHECK(gc::is_benchmark_frame("b::tests::parse_pair", "tests::parse_pair"));
    CHECK_FALSE(gc::is_benchmark_frame("legacy::legacy_sum2", "legacy_sum"));
    CHECK_FALSE(gc::is_benchmark_frame("legacy::my_legacy_sum", "legacy_sum"));
    CHECK_FALSE(gc::is_benchmark_frame("anything", ""));
}

TEST_CASE("harness runs: libtest's list, test-mode and bench lines") {
    const auto h = gc::ProfiledHarness::libtest;
    CHECK(gc::parse_bench_list(h, read_data("profiling/libtest-list.txt")) ==
          std::vector<std::string>{"nightly_squares", "nightly_sum"});
    CHECK(gc::parse_bench_list(h, "a: test\nb: benchmark\n") == std::vector<std::string>{"b"});
    CHECK(gc::ran_once(h, read_data("profiling/libtest-test-mode-out.txt"), "nightly_squares"));
    CHECK_FALSE(gc::ran_once(h, read_data("profiling/libtest-test-mode-out.txt"), "nightly_sum"));
    CHECK(gc::ran_measured(gc::ProfiledHarness::bencher, read_data("profiling/bencher-run-out.txt"), "legacy_sum"));
    CHECK_FALSE(gc::ran_measured(gc::ProfiledHarness::bencher, "test legacy_sum ... ok\n", "legacy_sum"));
    CHECK(gc::one_iteration_args(h, "a::b") == std::vector<std::string>{"--include-ignored", "--exact", "a::b"});
    CHECK(gc::measured_args(gc::ProfiledHarness::bencher, "", 1) == std::vector<std::string>{"--bench"});
    CHECK_FALSE(gc::profiled_harness("custom"));
}

TEST_CASE("perf script: bencher's run split by benchmark, libtest's loop found through its benchmark") {
    gc::PerfScriptParser bencher({"legacy_squares", "legacy_sum"}, "legacy");
    feed(bencher, read_data("profiling/perf-bencher-run.txt"));
    auto parts = bencher.finish_by_benchmark();
    REQUIRE(parts.size() == 2);
    CHECK(parts["legacy_squares"].samples == 201);
    CHECK(parts["legacy_sum"].samples == 29);
    const auto* squares = find_function(parts["legacy_squares"], "gcfx_prof_harness::squares");
    REQUIRE(squares != nullptr);
    CHECK(squares->samples == 108);
    CHECK(squares->benchmark_subject);  // b.iter's closure and the loop are inlined into legacy_squares
    CHECK(find_function(parts["legacy_squares"], "legacy::legacy_squares")->measured_loop);
    CHECK(find_function(parts["legacy_sum"], "gcfx_prof_harness::sum")->benchmark_subject);
    CHECK(find_function(parts["legacy_sum"], "gcfx_prof_harness::squares") == nullptr);

    gc::PerfScriptParser libtest({"nightly_squares"}, "nightly");
    feed(libtest, read_data("profiling/perf-libtest-squares.txt"));
    const auto whole = libtest.finish();
    CHECK(whole.samples == 200);
    CHECK(whole.unparsed_lines == 0);
    CHECK(find_function(whole, "gcfx_prof_harness::squares")->samples == 68);
    CHECK(find_function(whole, "gcfx_prof_harness::squares")->benchmark_subject);
}

TEST_CASE("perf script: self samples per function and folded stacks") {
    const auto hot = gc::parse_perf_script(read_data("profiling/perf-hot-parse.txt"));
    CHECK(hot.samples == 142);
    CHECK(hot.unparsed_lines == 0);
    REQUIRE(!hot.functions.empty());
    CHECK(hot.functions[0].function == "core::num::flt2dec::strategy::dragon::format_exact");
    CHECK(hot.functions[0].samples == 84);
    CHECK(hot.functions[0].share == Approx(100.0 * 84 / 142));
    // The bench calls parse, parse calls slow_checksum, which calls format!: the leaf is far
    // below the subject.
    CHECK_FALSE(hot.functions[0].benchmark_subject);
    CHECK_FALSE(hot.functions[0].measured_loop);
    long long folded = 0;
    for (const auto& [stack, n] : hot.folded) {
        const auto leaf = stack.substr(stack.rfind(';') + 1);
        CHECK(find_function(hot, leaf) != nullptr);
        folded += n;
    }
    CHECK(folded == 142);
    const auto text = gc::folded_text(hot);
    CHECK(text.find(";gcfx_prof_hotspot::parse;gcfx_prof_hotspot::slow_checksum;alloc::fmt::format::format_inner;") !=
          std::string::npos);

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

TEST_CASE("hotspot roles: suspect kinds, the crate's own code, the harness, the benchmark's own kind") {
    using gc::gates::HotspotPatterns;
    using gc::gates::HotspotRole;
    std::vector<std::string> kinds;
    for (const auto& k : HotspotPatterns::defaults()) {
        kinds.push_back(k.name);
    }
    const auto patterns = HotspotPatterns::make(
        {{"^gcfx_prof_alloc::squares$"}, {"^slow_path$"}, kinds, {"gcfx-prof-hotspot", "hashbrown"}});
    REQUIRE(patterns.ok());
    for (const auto& [f, kind] : std::vector<std::pair<std::string, std::string>>{
             {"malloc", "allocator"},
             {"_int_free", "allocator"},
             {"unlink_chunk.constprop.0", "allocator"},
             {"__rustc::__rust_dealloc", "allocator"},
             {"__memcpy_avx_unaligned_erms", "memory copy"},
             {"<usize>::_fmt", "formatting"},
             {"core::fmt::write", "formatting"},
             {"<alloc::string::String as core::fmt::Write>::write_char", "formatting"},
             {"core::num::flt2dec::strategy::dragon::format_exact", "formatting"},
             {"<std::hash::random::DefaultHasher as core::hash::Hasher>::write", "hashing"},
             {"std::sys::sync::mutex::futex::Mutex::lock_contended", "locking"},
             {"__GI___libc_write", "system calls"},
             {"core::panicking::panic_fmt", "panicking"},
             {"_dl_relocate_object", "dynamic linker"},
             {"slow_path", "unexpected"}}) {
        INFO(f);
        CHECK(patterns->role(f, "parse/big", false) == HotspotRole::suspect);
        CHECK(patterns->kind(f) == kind);
    }
    // A benchmark named after a kind expects it; the crate's `expected` wins over every kind.
    CHECK(patterns->role("<std::hash::random::DefaultHasher as core::hash::Hasher>::write", "map/insert", false) ==
          HotspotRole::expected);
    CHECK(patterns->role("core::fmt::write", "log/format_line", false) == HotspotRole::expected);
    CHECK(patterns->role("malloc", "vec/collect", false) == HotspotRole::expected);
    CHECK(patterns->role("gcfx_prof_alloc::squares", "parse/big", false) == HotspotRole::expected);
    // The crate's own code (here a crate named like a hashing library) and everything else the
    // benchmark exists to run: never a hotspot.
    CHECK(patterns->role("gcfx_prof_hotspot::slow_checksum", "parse/big", false) == HotspotRole::own);
    CHECK(patterns->role("hashbrown::raw::RawTable<T>::find", "parse/big", false) == HotspotRole::own);
    CHECK(patterns->role("<hashbrown::map::HashMap<K,V,S> as core::fmt::Debug>::fmt", "parse/big", false) ==
          HotspotRole::own);
    CHECK(patterns->role("core::slice::sort::stable::drift::sort", "sort/big", false) == HotspotRole::work);
    CHECK(patterns->role("__memcmp_evex_movbe", "parse/big", false) == HotspotRole::work);
    CHECK(patterns->role("criterion::routine::Routine::profile", "parse/big", false) == HotspotRole::harness);
    CHECK(patterns->role("criterion::bencher::Bencher<M>::iter", "parse/big", true) == HotspotRole::measured_loop);
    CHECK(patterns->role("alloc::fmt::format::format_inner", "parse/big", false, true) == HotspotRole::subject);
    CHECK(patterns->role("[unknown]", "parse/big", false) == HotspotRole::unknown);

    const auto no_kinds = HotspotPatterns::make({{}, {}, {}, {}});
    REQUIRE(no_kinds.ok());
    CHECK(no_kinds->role("malloc", "parse/big", false) == HotspotRole::work);
    CHECK_FALSE(HotspotPatterns::make({{"("}, {}, {}, {}}).ok());
    CHECK_FALSE(HotspotPatterns::make({{}, {"("}, {}, {}}).ok());
    const auto typo = HotspotPatterns::make({{}, {}, {"alocator"}, {}});
    REQUIRE_FALSE(typo.ok());
    CHECK_THAT(typo.error().message, Contains("\"alocator\" is not one of \"allocator\""));
}

namespace {

gc::BenchExecutable criterion_bench(const std::string& target) {
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
    void bench(const gc::BenchExecutable& b, std::vector<std::string> ids) {
        auto* build = evidence.find(gc::keys::bench_build);
        if (build == nullptr) {
            gc::BenchBuildEvidence ev;
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

    GateRun custom;
    custom.bench({"gcfx-x", "/tmp/x", "b", "/tmp/b", "custom", {}}, {});
    r = custom.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::skip);
    CHECK(has_rule(r, "bench-not-measured"));

    // bencher's whole run failed: its problem stands for every benchmark, never a pass
    GateRun bencher;
    const gc::BenchExecutable legacy{"gcfx-x", "/tmp/x", "legacy", "/tmp/legacy", "bencher", {}};
    bencher.bench(legacy, {});
    bencher.evidence.put(gc::keys::bench_list, gc::bench_list_instance(legacy, false, gc::keys::allocations.family),
                         gc::ToolProblem{gc::GateStatus::error, "valgrind crashed", ""});
    r = bencher.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::error);
    CHECK(r.summary.find("valgrind crashed") != std::string::npos);
}

TEST_CASE("profile gate: a formatting hotspot, expected patterns and kinds, the crate's own code") {
    GateRun g;
    const auto b = criterion_bench("hot");
    g.bench(b, {"hot/parse"});
    g.evidence.put(gc::keys::cpu_profile, gc::bench_instance(b, "hot/parse"),
                   gc::CpuProfileRun{"hot/parse", gc::parse_perf_script(read_data("profiling/perf-hot-parse.txt")),
                                     "/tmp/hot.folded", "/tmp/hot.data", 1});
    auto r = g.evaluate("profile");
    CHECK(r.status == gc::GateStatus::fail);
    // Formatting (dragon::format_exact 84 of 142 samples, and the rest of core::fmt: 112), and
    // the allocator that format! calls for every string (realloc, _int_malloc, ...: 19). Memory
    // copies (8) stay below 10 %.
    CHECK(unit::metric(r, "unexpected_hotspots") == 2);
    CHECK(has_finding_text(r, "hot/parse: allocator takes 13.4% of the samples"));
    CHECK(unit::metric(r, "hot/parse.top1_share") == Approx(59.15).epsilon(0.01));
    CHECK(has_finding_text(r, "hot/parse: formatting takes 78.9%"));
    CHECK(has_finding_text(r,
                           "of the samples (self time), above max_share 10%: "
                           "core::num::flt2dec::strategy::dragon::format_exact 59.2%"));
    CHECK(has_rule(r, "profile::top"));

    g.config.gates["profile"].values["expected"] = gc::StringList{"flt2dec|bignum|fmt", "alloc|realloc|_int_|unlink"};
    r = g.evaluate("profile");
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "unexpected_hotspots") == 0);
    g.config.gates["profile"].values["expected"] = gc::StringList{};
    g.config.gates["profile"].values["kinds"] = gc::StringList{"hashing", "locking"};
    CHECK(g.evaluate("profile").status == gc::GateStatus::pass);
    g.config.gates["profile"].values["kinds"] = gc::StringList{"allocation"};
    r = g.evaluate("profile");
    CHECK(r.status == gc::GateStatus::error);
    CHECK_THAT(r.summary, Contains("\"allocation\" is not one of"));

    GateRun sq;
    const auto a = criterion_bench("alloc");
    sq.bench(a, {"alloc/squares"});
    sq.evidence.put(
        gc::keys::cpu_profile, gc::bench_instance(a, "alloc/squares"),
        gc::CpuProfileRun{"alloc/squares", gc::parse_perf_script(read_data("profiling/perf-alloc-squares.txt")),
                          "/tmp/sq.folded", "/tmp/sq.data", 1});
    r = sq.evaluate("profile");
    // squares itself, 48 %: the benchmarked function; the allocator: a benchmark named "alloc".
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "unexpected_hotspots") == 0);
    CHECK(has_finding_text(r, "gcfx_prof_alloc::squares 48.1% (the benchmarked function)"));
    // At 5 %, the formatting of its result (2 of 27 samples) is above the threshold.
    sq.config.gates["profile"].values["max_share"] = 5.0;
    r = sq.evaluate("profile");
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(has_finding_text(r,
                           "alloc/squares: formatting takes 7.4% of the samples (self time), above max_share "
                           "5%: <usize>::_fmt 7.4%"));
}

// Issue 25: the profilers' budget left benchmarks for later runs. The gates say which were
// measured; a limit on a benchmark that was not measured is not judged (error), never a pass.
TEST_CASE("allocations and profile gates: benchmarks the budget deferred are named, a deferred limit is an error") {
    GateRun g;
    const auto b = criterion_bench("alloc");
    g.bench(b, {"alloc/sum", "alloc/squares"});
    g.evidence.put(gc::keys::allocations, gc::bench_instance(b, "alloc/sum"),
                   dhat_run("alloc/sum", "dhat-alloc-sum.json"));
    gc::ProfilingRoundEvidence round;
    round.budget_s = 1;
    round.spent_s = 3;
    round.measured = {gc::bench_instance(b, "alloc/sum")};
    round.deferred = {gc::bench_instance(b, "alloc/squares")};
    g.evidence.put(gc::keys::profiling_round, round);

    auto r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::pass);  // nothing it measured fails, and no limit was left out
    CHECK(unit::metric(r, "benchmarks") == 1);
    CHECK(unit::metric(r, "deferred_benchmarks") == 1);
    CHECK(has_finding_text(r, "measured 1 of 2 benchmarks within the 1 s budget"));
    CHECK(has_finding_text(r, "the other 1 rotate in over the next runs: gcfx-x/alloc/alloc/squares"));

    g.config.gates["allocations"].values["max_per_iter.alloc/squares"] = std::int64_t{5};
    r = g.evaluate("allocations");
    CHECK(r.status == gc::GateStatus::error);
    CHECK(has_rule(r, "allocations::not-measured"));
    CHECK_THAT(r.summary, Contains("1 benchmark with a max_per_iter limit not measured"));
    CHECK_FALSE(has_rule(r, "allocations::unknown-benchmark"));

    // Without a round's record, a benchmark without evidence is still an error.
    GateRun unrecorded;
    unrecorded.bench(b, {"alloc/sum", "alloc/squares"});
    unrecorded.evidence.put(gc::keys::allocations, gc::bench_instance(b, "alloc/sum"),
                            dhat_run("alloc/sum", "dhat-alloc-sum.json"));
    CHECK(unrecorded.evaluate("allocations").status == gc::GateStatus::error);
}
