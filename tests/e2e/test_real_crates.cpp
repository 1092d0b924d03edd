// Real crates written by others, from Debian's registry (installed by scripts/setup.sh):
// gatecheck's numbers must equal what the raw tools themselves print.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "support.hpp"

using namespace e2e;

namespace {

struct Raw {
    long clippy_warnings = 0;
    long items = 0, documented = 0, example_items = 0, with_examples = 0;
    std::map<std::string, std::array<long, 3>> tests;  // unit / integration / doc -> passed, failed, ignored
};

// Counts from the raw commands, parsed here independently of gatecheck's own parsers.
Raw raw_numbers(const Crate& crate) {
    Raw raw;
    const std::map<std::string, std::string> env{{"CARGO_TARGET_DIR", crate.target_dir.string()}};
    raw.clippy_warnings = raw_clippy_warnings(crate);

    const std::map<std::string, std::string> bootstrap{{"CARGO_TARGET_DIR", crate.target_dir.string()},
                                                       {"RUSTC_BOOTSTRAP", "1"}};
    const auto doc = run_program(
        {"cargo", "rustdoc", "--lib", "--", "-Z", "unstable-options", "--show-coverage", "--output-format", "json"},
        crate.dir, bootstrap);
    const auto coverage = json::parse(doc.out);
    for (const auto& [file, c] : coverage.items()) {
        raw.items += c.at("total").get<long>();
        raw.documented += c.at("with_docs").get<long>();
        raw.example_items += c.at("total_examples").get<long>();
        raw.with_examples += c.at("with_examples").get<long>();
    }

    // cargo test's human output: "Running unittests ...", "Running tests/...", "Doc-tests",
    // each followed by "test result: ... N passed; M failed; K ignored".
    const auto test = run_program({"cargo", "test", "--no-fail-fast"}, crate.dir, env);
    const std::string all = test.err + "\n" + test.out;  // sections on stderr, results on stdout
    static const std::regex result_re(R"(test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored)");
    // Pair each section header (stderr, in order) with each result line (stdout, in order).
    std::vector<std::string> sections;
    std::istringstream err_lines(test.err);
    for (std::string line; std::getline(err_lines, line);) {
        if (line.find("Running unittests") != std::string::npos) {
            sections.emplace_back("unit");
        } else if (line.find("Running tests/") != std::string::npos) {
            sections.emplace_back("integration");
        } else if (line.find("Doc-tests") != std::string::npos) {
            sections.emplace_back("doc");
        }
    }
    std::vector<std::array<long, 3>> results;
    for (std::sregex_iterator it(test.out.begin(), test.out.end(), result_re), end; it != end; ++it) {
        results.push_back({std::stol((*it)[1]), std::stol((*it)[2]), std::stol((*it)[3])});
    }
    REQUIRE(sections.size() == results.size());
    for (std::size_t i = 0; i < sections.size(); ++i) {
        auto& t = raw.tests[sections[i]];
        for (std::size_t k = 0; k < 3; ++k) {
            t[k] += results[i][k];
        }
    }
    return raw;
}

void compare(const std::string& name) {
    const auto registry = fs::path("/usr/share/cargo/registry") / name;
    REQUIRE(fs::is_directory(registry));  // scripts/setup.sh installs librust-*-dev
    const auto crate = copy_crate(registry, "real-" + name);
    const auto r = gatecheck(crate);
    INFO(name << "\n" << r.out << r.err);
    REQUIRE(r.report.is_object());
    const auto raw = raw_numbers(crate);

    CHECK(metric(r.report, "clippy", "warnings") == raw.clippy_warnings);
    CHECK(metric(r.report, "docs", "items") == raw.items);
    CHECK(metric(r.report, "docs", "documented") == raw.documented);
    CHECK(metric(r.report, "docs", "example_items") == raw.example_items);
    CHECK(metric(r.report, "docs", "with_examples") == raw.with_examples);
    const std::map<std::string, std::string> gates{
        {"unit", "unit-tests"}, {"integration", "integration-tests"}, {"doc", "doctests"}};
    for (const auto& [section, id] : gates) {
        const auto it = raw.tests.find(section);
        const std::array<long, 3> expected = it == raw.tests.end() ? std::array<long, 3>{0, 0, 0} : it->second;
        INFO(id);
        CHECK(metric(r.report, id, "passed") == expected[0]);
        CHECK(metric(r.report, id, "failed") == expected[1]);
        CHECK(metric(r.report, id, "ignored") == expected[2]);
    }
    // Whatever the crate's state, nothing unevaluated hides as a pass: a passing gate may
    // carry notes (the allocations and profile gates' per-benchmark figures), nothing more.
    for (const auto& g : r.report.at("gates")) {
        if (g.at("status") == "pass") {
            for (const auto& f : g.at("findings")) {
                INFO(g.at("id") << ": " << f.dump());
                CHECK(f.at("level") == "note");
            }
        }
    }
}

}  // namespace

TEST_CASE("real crate strsim 0.10.0: numbers equal the raw tools'") {
    compare("strsim-0.10.0");
}
TEST_CASE("real crate itoa 1.0.1: numbers equal the raw tools'") {
    compare("itoa-1.0.1");
}
TEST_CASE("real crate scopeguard 1.1.0: numbers equal the raw tools'") {
    compare("scopeguard-1.1.0");
}
TEST_CASE("real crate fnv 1.0.7: numbers equal the raw tools'") {
    compare("fnv-1.0.7");
}
// A proc-macro crate: its test binary loads the toolchain's libstd at run time.
TEST_CASE("real crate serde_derive 1.0.152 (proc-macro): numbers equal the raw tools'") {
    compare("serde_derive-1.0.152");
}

namespace {

// The gates that add lints to the one shared clippy run (tests/unit/test_code_gates.cpp checks
// this list against the catalogue): selected together, they give the clippy run of a default
// check, at a fraction of its cost.
const std::vector<std::string> kLintGates{"clippy", "errors", "must-use", "unsafe", "thread-safety", "async", "ffi"};

// Crates that raise lints of their own (tinyvec: clippy::missing_inline_in_public_items and
// missing_docs; iana-time-zone: clippy::cargo, clippy::undocumented_unsafe_blocks, rustc's
// missing_* lints): the clippy gate's count in the shared run equals raw clippy's.
void compare_clippy(const std::string& name) {
    const auto registry = fs::path("/usr/share/cargo/registry") / name;
    REQUIRE(fs::is_directory(registry));  // scripts/setup.sh installs librust-*-dev
    const auto crate = copy_crate(registry, "real-" + name);
    std::vector<std::string> args;
    for (const auto& g : kLintGates) {
        args.insert(args.end(), {"--gate", g});
    }
    const auto r = gatecheck(crate, args);
    INFO(name << "\n" << r.out << r.err);
    REQUIRE(r.report.is_object());
    const auto raw = raw_clippy_warnings(crate);
    CHECK(raw > 0);
    CHECK(metric(r.report, "clippy", "warnings") == raw);
}

}  // namespace

TEST_CASE("real crate tinyvec 1.6.0 (lints of its own): the clippy count equals raw clippy's") {
    compare_clippy("tinyvec-1.6.0");
}
TEST_CASE("real crate iana-time-zone 0.1.53 (lints of its own): the clippy count equals raw clippy's") {
    compare_clippy("iana-time-zone-0.1.53");
}
