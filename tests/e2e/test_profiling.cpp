// The allocations (valgrind DHAT) and profile (perf) gates on the prof-* fixtures' criterion
// benches, with Debian's criterion 0.3.6. Both fixtures share ONE cargo target dir, so
// criterion and its dependencies compile once (the bench build, <target>/gatecheck/bench,
// is shared too). Each gatecheck run selects only these two gates; each run is read by many
// assertions. Fixture copies are tagged "prof-*": no other test file uses them.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

// Both fixtures build in the first one's target dir.
Crate prof_fixture(const std::string& name) {
    auto crate = fixture(name, "prof-" + name);
    crate.target_dir = crate.target_dir.parent_path() / "prof-shared";
    return crate;
}

const json* finding_with(const json& report, const std::string& gate_id, const std::string& rule,
                         const std::string& text = "") {
    for (const auto& f : gate(report, gate_id).at("findings")) {
        if (f.at("rule") == rule && contains(f.at("message").get<std::string>(), text)) {
            return &f;
        }
    }
    return nullptr;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const json& checklist_item(const json& report, const std::string& text) {
    for (const auto& item : report.at("checklist")) {
        if (item.at("item") == text) {
            return item;
        }
    }
    FAIL("no checklist item " << text);
    static const json none;
    return none;
}

// DHAT's summary line on stderr: "Total:     406,061 bytes in 569 blocks".
std::string fmt_blocks(double blocks) {
    auto digits = std::to_string(static_cast<long long>(blocks));
    for (auto i = static_cast<long long>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return " bytes in " + digits + " blocks";
}

}  // namespace

TEST_CASE("allocations: zero in one loop, two per iteration in the other, limits; profile with expected paths") {
    const auto crate = prof_fixture("prof-alloc");
    write(crate.dir / "gatecheck.toml",
          "[gates.allocations.max_per_iter]\n\"alloc/sum\" = 0\n\"alloc/squares\" = 1\n\n"
          "[gates.profile]\nexpected = [\"^gcfx_prof_alloc::\"]\n");
    const auto r = gatecheck(crate, {"--gate", "allocations", "--gate", "profile"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    const auto& rep = r.report;

    CHECK(status(rep, "allocations") == "fail");
    CHECK(r.exit_code == 1);
    CHECK(metric(rep, "allocations", "benchmarks") == 2);
    CHECK(metric(rep, "allocations", "alloc/sum.allocs_per_iter") == 0);
    CHECK(metric(rep, "allocations", "alloc/sum.bytes_per_iter") == 0);
    // squares(): a Vec of 64 u64 and the String "64"; the set-up's clone of the input is not counted.
    CHECK(metric(rep, "allocations", "alloc/squares.allocs_per_iter") == 2);
    CHECK(metric(rep, "allocations", "alloc/squares.bytes_per_iter") == 514);
    CHECK(metric(rep, "allocations", "zero_allocation_benchmarks") == 1);
    CHECK(metric(rep, "allocations", "over_limit") == 1);
    CHECK(finding_with(rep, "allocations", "allocations::zero", "alloc/sum: zero allocations in the measured loop"));
    const auto* over = finding_with(rep, "allocations", "allocations::over-limit", "alloc/squares");
    REQUIRE(over != nullptr);
    CHECK(contains(over->at("message").get<std::string>(), "gcfx_prof_alloc::squares (lib.rs:22)"));
    // The human report says it in the gate's summary; the per-benchmark notes wait for -v.
    CHECK(contains(r.out, "1 of 2 benchmarks allocate nothing in the measured loop"));
    CHECK(checklist_item(rep, "Memory profiling shows minimal allocations").at("status") == "fail");

    // The loop plus the rest is everything DHAT saw: its own total, from a raw run.
    const auto profile_dir = crate.target_dir / "gatecheck" / "profile";
    const auto dhat_json = read_text(profile_dir / "gcfx-prof-alloc.alloc.alloc_squares.dhat.json");
    CHECK(contains(dhat_json, "\"dhatFileVersion\":2"));
    std::string exe;
    for (const auto& e : fs::directory_iterator(crate.target_dir / "gatecheck" / "bench" / "release" / "deps")) {
        const auto name = e.path().filename().string();
        if (name.rfind("alloc-", 0) == 0 && !e.path().has_extension()) {
            exe = e.path().string();
        }
    }
    REQUIRE(!exe.empty());
    const auto raw = run_program(
        {"valgrind", "--tool=dhat", "--dhat-out-file=/dev/null", exe, "--bench", "--test", "^alloc/squares$"},
        crate.dir, {{"CRITERION_HOME", (crate.target_dir / "gatecheck" / "bench" / "criterion-profile").string()}});
    const auto total = metric(rep, "allocations", "alloc/squares.allocs_per_iter") +
                       metric(rep, "allocations", "alloc/squares.setup_allocs");
    CHECK(contains(raw.err, fmt_blocks(total)));

    CHECK(status(rep, "profile") == "pass");
    CHECK(metric(rep, "profile", "benchmarks") == 2);
    CHECK(metric(rep, "profile", "unexpected_hotspots") == 0);
    CHECK(metric(rep, "profile", "alloc/squares.samples") > 0);
    CHECK(finding_with(rep, "profile", "profile::top", "alloc/sum: top functions by self time"));
    CHECK(contains(read_text(profile_dir / "gcfx-prof-alloc.alloc.alloc_squares.folded"), "gcfx_prof_alloc::squares"));
}

TEST_CASE(
    "profile: time in formatting is an unexpected hotspot until listed; folded stacks saved; the attestation kept") {
    // The crate's own slow_checksum calls format! in a loop: the time is in core's float
    // formatting, a suspect kind, not in the crate's code, which is never a hotspot.
    const auto crate = prof_fixture("prof-hotspot");
    auto r = gatecheck(crate, {"--gate", "profile", "--gate", "cpu-profile"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(status(r.report, "profile") == "fail");
    CHECK(r.exit_code == 1);
    CHECK(metric(r.report, "profile", "unexpected_hotspots") >= 1);
    CHECK(metric(r.report, "profile", "hot/parse.top1_share") > 30);
    const auto* hot = finding_with(r.report, "profile", "profile::unexpected-hotspot", "hot/parse: formatting takes");
    REQUIRE(hot != nullptr);
    CHECK(contains(hot->at("message").get<std::string>(), "core::num::flt2dec::strategy::dragon::format_exact"));
    CHECK(contains(hot->at("message").get<std::string>(), "above max_share 10%"));
    CHECK(finding_with(r.report, "profile", "profile::unexpected-hotspot", "gcfx_prof_hotspot::") == nullptr);
    const auto folded = crate.target_dir / "gatecheck" / "profile" / "gcfx-prof-hotspot.hot.hot_parse.folded";
    const auto stacks = read_text(folded);
    CHECK(contains(stacks, ";gcfx_prof_hotspot::parse;gcfx_prof_hotspot::slow_checksum;"));
    CHECK(contains(gate(r.report, "profile").at("summary").get<std::string>(), folded.parent_path().string()));
    // The item takes the worse of the profile and the person's review.
    const auto& item = checklist_item(r.report, "CPU profiling shows no unexpected hotspots");
    CHECK(item.at("status") == "fail");
    CHECK(item.at("gates") == json::array({"profile", "cpu-profile"}));

    // The crate says where its time should go: formatting by pattern, the allocator by leaving
    // it out of the kinds.
    write(crate.dir / "gatecheck.toml",
          "[gates.profile]\nexpected = [\"flt2dec|bignum|fmt\"]\nkinds = [\"hashing\", \"locking\", \"panicking\"]\n");
    r = gatecheck(crate, {"--gate", "profile", "--gate", "cpu-profile"});
    REQUIRE(!r.report.is_null());
    CHECK(status(r.report, "profile") == "pass");
    CHECK(status(r.report, "cpu-profile") == "manual");
    CHECK(checklist_item(r.report, "CPU profiling shows no unexpected hotspots").at("status") == "manual");
}

TEST_CASE("no valgrind and no perf: unavailable with the install command, never pass") {
    const auto crate = prof_fixture("prof-alloc");
    const auto toolchain = partial_toolchain("prof-rust", {"cargo", "rustc", "rustdoc"});
    const auto usr = usr_bin_without("prof-no-valgrind-perf", {"valgrind", "perf"});
    const auto r = gatecheck(crate, {"--gate", "allocations", "--gate", "profile"},
                             {{"PATH", toolchain.string() + ":" + usr.string()}, {"RUSTUP_TOOLCHAIN", "UNSET"}});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(status(r.report, "allocations") == "unavailable");
    CHECK(gate(r.report, "allocations").at("fix") == "apt-get install valgrind");
    CHECK(status(r.report, "profile") == "unavailable");
    CHECK(gate(r.report, "profile").at("fix") == "apt-get install linux-perf");
    CHECK(r.exit_code == 3);
}

TEST_CASE("bencher and libtest #[bench]: allocations per iteration and profiles, as for criterion") {
    const auto crate = prof_fixture("prof-harness");
    write(crate.dir / "gatecheck.toml",
          "[gates.allocations.max_per_iter]\n\"legacy_sum\" = 0\n\"nightly_sum\" = 0\n\"legacy_squares\" = 2\n"
          "\"nightly_squares\" = 1\n");
    const auto r = gatecheck(crate, {"--gate", "allocations", "--gate", "profile"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    const auto& rep = r.report;

    // The same squares() as prof-alloc's: 2 allocations (514 bytes) per iteration, in both harnesses.
    INFO(gate(rep, "allocations").dump());
    CHECK(metric(rep, "allocations", "benchmarks") == 4);
    CHECK(metric(rep, "allocations", "zero_allocation_benchmarks") == 2);
    for (const char* id : {"legacy_squares", "nightly_squares"}) {
        CHECK(metric(rep, "allocations", std::string(id) + ".allocs_per_iter") == 2);
        CHECK(metric(rep, "allocations", std::string(id) + ".bytes_per_iter") == 514);
    }
    CHECK(metric(rep, "allocations", "legacy_squares.setup_allocs") == 1);  // its first call's input, outside b.iter
    for (const char* id : {"legacy_sum", "nightly_sum"}) {
        CHECK(metric(rep, "allocations", std::string(id) + ".allocs_per_iter") == 0);
        CHECK(finding_with(rep, "allocations", "allocations::zero", std::string(id) + ": zero allocations"));
    }
    // bencher's whole run: every iteration of every sample allocated its two blocks, no more.
    const auto run_loop = metric(rep, "allocations", "legacy_squares.run_loop_allocs");
    CHECK(run_loop > 1000);
    CHECK(static_cast<long long>(run_loop) % 2 == 0);
    CHECK(metric(rep, "allocations", "legacy_sum.run_loop_allocs") == 0);
    // nightly_squares is over its limit of 1; legacy_squares is within its 2.
    CHECK(status(rep, "allocations") == "fail");
    CHECK(metric(rep, "allocations", "over_limit") == 1);
    CHECK(finding_with(rep, "allocations", "allocations::over-limit", "nightly_squares"));

    // The loop plus the rest is everything DHAT saw in the gate's run (libtest's own thread
    // hand-off allocates a varying few blocks from run to run, so a second, raw run is no
    // exact reference here, unlike criterion's single-threaded --test above).
    const auto dhat = json::parse(
        read_text(crate.target_dir / "gatecheck" / "profile" / "gcfx-prof-harness.nightly.nightly_squares.dhat.json"));
    long long blocks = 0;
    for (const auto& pp : dhat.at("pps")) {
        blocks += pp.at("tbk").get<long long>();
    }
    CHECK(blocks == static_cast<long long>(metric(rep, "allocations", "nightly_squares.allocs_per_iter") +
                                           metric(rep, "allocations", "nightly_squares.setup_allocs")));
    CHECK(contains(dhat.at("cmd").get<std::string>(), "--exact nightly_squares"));

    // squares() allocates two blocks per call, and neither benchmark is named after allocation
    // (prof-alloc's "alloc/squares" is): malloc, free and their helpers take about a third of
    // each squares benchmark, an unexpected hotspot of kind allocator; the sums have none.
    INFO(gate(rep, "profile").dump());
    CHECK(status(rep, "profile") == "fail");
    CHECK(metric(rep, "profile", "benchmarks") == 4);
    CHECK(metric(rep, "profile", "unexpected_hotspots") == 2);
    const auto profile_dir = crate.target_dir / "gatecheck" / "profile";
    for (const char* id : {"legacy_squares", "legacy_sum", "nightly_squares", "nightly_sum"}) {
        CHECK(metric(rep, "profile", std::string(id) + ".samples") > 0);
        const bool squares = std::string(id).ends_with("squares");
        CHECK(metric(rep, "profile", std::string(id) + ".unexpected_hotspots") == (squares ? 1 : 0));
        if (squares) {
            CHECK(finding_with(rep, "profile", "profile::unexpected-hotspot", std::string(id) + ": allocator takes"));
        }
    }
    // One perf run of the bencher target, split: each benchmark's stacks hold its own function only.
    const auto squares = read_text(profile_dir / "gcfx-prof-harness.legacy.legacy_squares.folded");
    CHECK(contains(squares, "legacy::legacy_squares;gcfx_prof_harness::squares "));
    CHECK_FALSE(contains(squares, "legacy_sum"));
    CHECK(contains(read_text(profile_dir / "gcfx-prof-harness.nightly.nightly_sum.folded"), "nightly_sum"));
    CHECK(finding_with(rep, "profile", "profile::top", "legacy_squares: top functions by self time"));
}

// Issue 25: DHAT and perf share a time budget. With a budget only one benchmark fits, two
// consecutive runs measure different benchmarks (the one measured least recently goes first),
// the report names them, and the other is left for the next run, never judged in its absence.
// Costs two gatecheck runs of one benchmark each under DHAT and perf (about 15 s, warm).
TEST_CASE("profiling budget: one benchmark per run fits, consecutive runs rotate, the report names them") {
    const auto crate = prof_fixture("prof-alloc");
    write(crate.dir / "gatecheck.toml", "[gates.profile]\nbudget_seconds = 1\nexpected = [\"^gcfx_prof_alloc::\"]\n");
    const auto state = crate.target_dir / "gatecheck" / "profile" / "rotation.json";
    std::vector<std::string> measured;
    for (int run = 0; run < 2; ++run) {
        const auto r = gatecheck(crate, {"--gate", "allocations", "--gate", "profile"});
        INFO(r.out << r.err);
        REQUIRE(!r.report.is_null());
        const auto& rep = r.report;
        const auto& profiled = rep.at("profiled");
        CHECK(profiled.at("budget_s") == 1);
        REQUIRE(profiled.at("measured").size() == 1);
        REQUIRE(profiled.at("deferred").size() == 1);
        measured.push_back(profiled.at("measured")[0].get<std::string>());
        const auto deferred = profiled.at("deferred")[0].get<std::string>();
        // Both gates judged the one benchmark measured and name the one left for later.
        CHECK(status(rep, "allocations") == "pass");
        CHECK(status(rep, "profile") == "pass");
        CHECK(r.exit_code == 0);
        CHECK(metric(rep, "allocations", "benchmarks") == 1);
        CHECK(metric(rep, "profile", "benchmarks") == 1);
        CHECK(metric(rep, "profile", "deferred_benchmarks") == 1);
        CHECK(finding_with(rep, "allocations", "bench-budget", "measured 1 of 2 benchmarks within the 1 s budget"));
        CHECK(finding_with(rep, "profile", "bench-budget", "rotate in over the next runs: " + deferred));
        // The human report says it once, naming the benchmark measured.
        const auto note = "DHAT and perf measured 1 of 2 benchmarks within the 1 s budget";
        CHECK(contains(r.out, note));
        CHECK(r.out.find(note) == r.out.rfind(note));
        CHECK(contains(r.out, measured.back()));
        CHECK(fs::exists(state));
    }
    CHECK(measured[0] != measured[1]);
    CHECK(std::set<std::string>(measured.begin(), measured.end()) ==
          std::set<std::string>{"gcfx-prof-alloc/alloc/alloc/squares", "gcfx-prof-alloc/alloc/alloc/sum"});
}
