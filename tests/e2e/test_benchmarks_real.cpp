// The benchmarks gate on real crates from Debian's registry (scripts/setup.sh installs them):
// tinytemplate 1.2.1 (criterion 0.3 benches, one benchmark over six inputs) and crc32fast
// 1.3.2 (bencher). Every benchmark the raw `cargo bench` runs is found; gatecheck's
// estimates are criterion's own files and bencher's own lines of gatecheck's run (exactly;
// the raw run gives the names: its times are another run's, never compared). Both crates share the criterion
// build of test_benchmarks.cpp (the same target dir, `bench-shared`).
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

const std::vector<std::string> kCriterionFlags{"--warm-up-time", "1", "--measurement-time", "1", "--sample-size", "10",
                                               "--noplot"};

Crate real_crate(const std::string& name) {
    const auto registry = fs::path("/usr/share/cargo/registry") / name;
    REQUIRE(fs::is_directory(registry));
    auto crate = copy_crate(registry, "bench-real-" + name);
    crate.target_dir = crate.target_dir.parent_path() / "bench-shared";
    return crate;
}

// The raw `cargo bench` in gatecheck's bench dir (same profile settings: nothing rebuilt),
// criterion's results in a home of its own.
Run raw_bench(const Crate& crate, const std::vector<std::string>& args, const fs::path& criterion_home) {
    std::vector<std::string> argv{"cargo", "bench"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, crate.dir,
                       {{"CARGO_TARGET_DIR", (crate.target_dir / "gatecheck" / "bench").string()},
                        {"CARGO_PROFILE_BENCH_DEBUG", "line-tables-only"},
                        {"CRITERION_HOME", criterion_home.string()}});
}

// criterion's ids from its stdout: the text before "time:", or the line above when the id
// was too long to share its line.
std::set<std::string> criterion_ids(const std::string& out) {
    std::set<std::string> ids;
    std::istringstream in(out);
    std::string previous;
    for (std::string line; std::getline(in, line);) {
        const auto pos = line.find("time:   [");
        if (pos != std::string::npos) {
            auto id = line.substr(0, pos);
            id.erase(id.find_last_not_of(' ') + 1);
            ids.insert(id.empty() ? previous : id);
        }
        if (line.find_first_not_of(' ') != std::string::npos) {
            previous = line.substr(0, line.find_last_not_of(' ') + 1);
        }
    }
    return ids;
}

std::map<std::string, double> bencher_lines(const std::string& out) {
    std::map<std::string, double> found;
    static const std::regex line(R"(test (\S+)\s+\.\.\. bench:\s+([0-9,]+) ns/iter)");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator(); ++it) {
        auto digits = (*it)[2].str();
        digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
        found[(*it)[1].str()] = std::stod(digits);
    }
    return found;
}

// The "<id>:ns" metrics of the benchmarks gate.
std::map<std::string, double> gate_estimates(const json& report) {
    std::map<std::string, double> out;
    for (const auto& [name, value] : gate(report, "benchmarks").at("metrics").items()) {
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ":ns") == 0) {
            out[name.substr(0, name.size() - 3)] = value.get<double>();
        }
    }
    return out;
}

double criterion_file_point(const fs::path& new_dir) {
    std::ifstream in(new_dir / "estimates.json");
    std::stringstream s;
    s << in.rdbuf();
    const auto est = json::parse(s.str());
    const auto& e = est.at("slope").is_null() ? est.at("mean") : est.at("slope");
    return e.at("point_estimate").get<double>();
}

// benchmark.json's full_id -> its new/ dir, under a criterion home.
std::map<std::string, fs::path> criterion_files(const fs::path& home) {
    std::map<std::string, fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(home)) {
        if (e.path().filename() == "benchmark.json" && e.path().parent_path().filename() == "new") {
            std::ifstream in(e.path());
            std::stringstream s;
            s << in.rdbuf();
            out[json::parse(s.str()).at("full_id").get<std::string>()] = e.path().parent_path();
        }
    }
    return out;
}

}  // namespace

TEST_CASE("benchmarks on tinytemplate 1.2.1 (criterion): every benchmark of raw cargo bench, criterion's estimates") {
    const auto crate = real_crate("tinytemplate-1.2.1");
    const auto raw_home = crate.dir.parent_path() / "bench-real-tinytemplate.raw-criterion";
    fs::remove_all(raw_home);
    std::vector<std::string> args{"--bench", "benchmarks", "--"};
    args.insert(args.end(), kCriterionFlags.begin(), kCriterionFlags.end());
    const auto raw = raw_bench(crate, args, raw_home);
    INFO(raw.out << raw.err);
    REQUIRE(raw.exit_code == 0);
    const auto raw_ids = criterion_ids(raw.out);
    REQUIRE(raw_ids.size() == 7);  // parse-table, render-table/{1,5,10,50,100,200}

    auto r = gatecheck(crate, {"--gate", "benchmarks"});
    INFO(r.out << r.err);
    REQUIRE(status(r.report, "benchmarks") == "pass");
    const auto estimates = gate_estimates(r.report);
    std::set<std::string> ids;
    for (const auto& [id, ns] : estimates) {
        ids.insert(id);
    }
    CHECK(ids == raw_ids);
    // Exactly criterion's own numbers, from the files of gatecheck's run.
    const auto files = criterion_files(crate.target_dir / "gatecheck/bench/criterion/tinytemplate/benchmarks");
    for (const auto& [id, ns] : estimates) {
        INFO(id);
        REQUIRE(files.count(id) == 1);
        CHECK(ns == Approx(criterion_file_point(files.at(id))));
    }
    // The raw run wrote the same benchmarks. Their times are not compared: two runs of a
    // benchmark on a shared machine differ by more than any bound a test could hold (CI saw
    // 3454 ns against 975 ns); speed is measured in scripts/bench-benchmarks.sh instead.
    std::set<std::string> raw_file_ids;
    for (const auto& [id, dir] : criterion_files(raw_home)) {
        raw_file_ids.insert(id);
    }
    CHECK(raw_file_ids == raw_ids);
}

TEST_CASE("benchmarks on crc32fast 1.3.2 (bencher): every benchmark of raw cargo bench, its ns/iter") {
    const auto crate = real_crate("crc32fast-1.3.2");
    const auto raw = raw_bench(crate, {"--bench", "bench"}, crate.dir.parent_path() / "unused-criterion");
    INFO(raw.out << raw.err);
    REQUIRE(raw.exit_code == 0);
    const auto raw_lines = bencher_lines(raw.out);
    REQUIRE(raw_lines.size() == 4);

    auto r = gatecheck(crate, {"--gate", "benchmarks"});
    INFO(r.out << r.err);
    REQUIRE(status(r.report, "benchmarks") == "pass");
    const auto estimates = gate_estimates(r.report);
    REQUIRE(estimates.size() == raw_lines.size());
    // Exactly bencher's own lines of gatecheck's run, which it keeps next to the bench build.
    const auto kept = crate.target_dir / "gatecheck/bench/lines/crc32fast/bench.txt";
    REQUIRE(fs::exists(kept));
    std::ifstream in(kept);
    const std::string kept_text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto own_lines = bencher_lines(kept_text);
    for (const auto& [name, ns] : raw_lines) {
        INFO(name);
        REQUIRE(estimates.count(name) == 1);
        REQUIRE(own_lines.count(name) == 1);
        CHECK(estimates.at(name) == Approx(own_lines.at(name)));
    }
}

TEST_CASE("allocations and profile on crc32fast 1.3.2 (bencher): every benchmark of raw cargo bench measured") {
    const auto crate = real_crate("crc32fast-1.3.2");
    const auto raw = raw_bench(crate, {"--bench", "bench"}, crate.dir.parent_path() / "unused-criterion");
    REQUIRE(raw.exit_code == 0);
    const auto raw_lines = bencher_lines(raw.out);
    REQUIRE(raw_lines.size() == 4);

    // Hashing is what the crate is for: its own code (its core::hash::Hasher impl among it) is
    // the benchmark's work, and so are the rand crates its set-up fills the input from
    // (bencher's profile cannot tell set-up from loop: docs/PROFILING.md). The default profile
    // needs no `expected` for a crate like this one.
    auto r = gatecheck(crate, {"--gate", "allocations", "--gate", "profile"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO(gate(r.report, "allocations").dump());
    CHECK(status(r.report, "allocations") == "pass");
    CHECK(metric(r.report, "allocations", "benchmarks") == 4);
    INFO(gate(r.report, "profile").dump());
    CHECK(status(r.report, "profile") == "pass");
    CHECK(metric(r.report, "profile", "benchmarks") == 4);
    for (const auto& [name, ns] : raw_lines) {
        INFO(name);
        // Hashing a buffer allocates nothing in the loop: the buffer is the set-up's (a
        // Vec filled from rand, outside b.iter), and the hasher is a value on the stack.
        CHECK(metric(r.report, "allocations", name + ".allocs_per_iter") == 0);
        CHECK(metric(r.report, "allocations", name + ".run_loop_allocs") == 0);
        CHECK(metric(r.report, "allocations", name + ".setup_allocs") >= 1);
        CHECK(metric(r.report, "profile", name + ".samples") > 0);
    }
}
