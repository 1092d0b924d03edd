// The property-tests gate with the real toolchain on the prop-* fixtures (proptest passing,
// a quickcheck property failing with its counterexample, proptest a dependency but unused)
// and the clean fixture (none), and on memchr 2.5.0 from Debian's registry, whose quickcheck
// properties are compared with `cargo test -- --list` restricted to the fns a grep finds in
// its quickcheck! blocks. Fixture copies are tagged "prop-*": no other test file uses them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

const std::vector<std::string> kGates{"--gate",     "property-tests", "--gate",
                                      "unit-tests", "--gate",         "integration-tests"};

// One gatecheck run per fixture for the whole file; prop-unused shares prop-proptest's target
// dir, so proptest's dependency tree is built once.
const Run& run_of(const std::string& name) {
    static std::map<std::string, Run> runs;
    if (const auto it = runs.find(name); it != runs.end()) {
        return it->second;
    }
    Crate crate = fixture(name, name == "clean" ? "prop-clean" : name);
    if (name == "prop-unused") {
        crate.target_dir = fixture("prop-proptest").target_dir;
    }
    return runs[name] = gatecheck(crate, kGates);
}

const json& prop(const Run& r) {
    return gate(r.report, "property-tests");
}

// "quickcheck property test NAME passed (...)": the property tests the gate named.
std::set<std::string> named_tests(const Run& r) {
    static const std::regex named(R"(^\w+ property test (\S+) )");
    std::set<std::string> out;
    for (const auto& f : prop(r).at("findings")) {
        std::smatch m;
        const std::string message = f.at("message");
        if (std::regex_search(message, m, named)) {
            out.insert(m[1].str());
        }
    }
    return out;
}

const json* finding(const Run& r, const std::string& rule) {
    for (const auto& f : prop(r).at("findings")) {
        if (f.at("rule") == rule) {
            return &f;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("property-tests: proptest blocks, nested modules, a TestRunner and an integration test pass") {
    const auto& r = run_of("prop-proptest");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(status(r.report, "property-tests") == "pass");
    CHECK_FALSE(prop(r).at("required").get<bool>());
    CHECK(metric(r.report, "property-tests", "property_tests") == 4);
    CHECK(metric(r.report, "property-tests", "passed") == 4);
    CHECK(metric(r.report, "property-tests", "failed") == 0);
    CHECK(metric(r.report, "property-tests", "not_run") == 0);
    CHECK(metric(r.report, "property-tests", "proptest") == 4);
    CHECK(named_tests(r) == std::set<std::string>{"tests::reverse_twice", "tests::nested::add_commutes",
                                                  "tests::runner_by_hand", "roundtrip"});
    // The plain unit and integration runs hold 6 tests: the 4 properties and 2 plain ones.
    CHECK(metric(r.report, "unit-tests", "passed") + metric(r.report, "integration-tests", "passed") == 6);
    // No test run of its own: the same crate (warm) without the gate runs the same probes but
    // the dependency graph (`cargo metadata`, which crypto-review reads in a full run anyway).
    const auto without = gatecheck(fixture("prop-proptest"), {"--gate", "unit-tests", "--gate", "integration-tests"});
    std::set<std::string> with_ids;
    std::set<std::string> without_ids;
    for (const auto& p : r.report.at("probes")) {
        with_ids.insert(p.at("id").get<std::string>());
    }
    for (const auto& p : without.report.at("probes")) {
        without_ids.insert(p.at("id").get<std::string>());
    }
    std::set<std::string> added;
    std::set_difference(with_ids.begin(), with_ids.end(), without_ids.begin(), without_ids.end(),
                        std::inserter(added, added.begin()));
    CHECK(added == std::set<std::string>{"dependency-graph"});
    CHECK(without_ids.size() + 1 == with_ids.size());
    const auto* note = finding(r, "property-tests::test");
    REQUIRE(note != nullptr);
    CHECK(note->at("file") == "src/lib.rs");
    CHECK(note->at("line") == 33);
    CHECK(contains(note->at("message"), "proptest property test tests::reverse_twice passed"));
}

TEST_CASE("property-tests: a failing quickcheck property with its minimal counterexample") {
    const auto& r = run_of("prop-quickcheck-fail");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);  // unit-tests fails on the same test
    CHECK(status(r.report, "property-tests") == "fail");
    CHECK(metric(r.report, "property-tests", "property_tests") == 6);
    CHECK(metric(r.report, "property-tests", "passed") == 5);
    CHECK(metric(r.report, "property-tests", "failed") == 1);
    CHECK(metric(r.report, "property-tests", "quickcheck") == 6);
    const auto* failed = finding(r, "property-tests::failed");
    REQUIRE(failed != nullptr);
    CHECK(failed->at("level") == "error");
    CHECK(failed->at("file") == "src/lib.rs");
    CHECK(contains(failed->at("message"), "quickcheck property test tests::subtracting_one_lowers failed"));
    CHECK(contains(failed->at("message"), "minimal counterexample: (101)"));
    // Issue 25 point 6: tests/quick.rs's properties, through the crate's own macro around quickcheck!.
    CHECK(named_tests(r) == std::set<std::string>{"tests::never_above_a", "tests::subtracting_zero_is_identity",
                                                  "tests::subtracting_one_lowers", "tests::by_hand",
                                                  "zero_minus_anything", "small_minus_itself"});
    for (const auto& f : prop(r).at("findings")) {
        const std::string message = f.at("message");
        if (contains(message, "zero_minus_anything")) {
            CHECK(f.at("file") == "tests/quick.rs");
            CHECK(f.at("line") == 21);
            CHECK(
                contains(message, "passed (gcfx-prop-quickcheck-fail (test quick)), through the crate's macro quick!"));
        }
    }
}

TEST_CASE("property-tests: a crate without property tests fails the (optional) gate") {
    const auto& r = run_of("clean");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);  // optional by default: it reports, the required gates decide
    CHECK(status(r.report, "property-tests") == "fail");
    CHECK(prop(r).at("summary") == "no property-based tests");
    CHECK(metric(r.report, "property-tests", "property_tests") == 0);
}

TEST_CASE("property-tests: proptest among the dev-dependencies but never used") {
    const auto& r = run_of("prop-unused");
    INFO(r.out << r.err);
    CHECK(status(r.report, "property-tests") == "fail");
    CHECK(prop(r).at("summary") ==
          "no property-based tests (gcfx-prop-unused depends on proptest but no test uses it)");
    const auto* unused = finding(r, "property-tests::framework-unused");
    REQUIRE(unused != nullptr);
    CHECK(unused->at("file") == "Cargo.toml");
    CHECK(metric(r.report, "property-tests", "unused_frameworks") == 1);
    // Issue 25 point 6: the optional `arbitrary`, only for an `Arbitrary` impl, is no unused test framework.
    const auto* impls = finding(r, "property-tests::trait-impls");
    REQUIRE(impls != nullptr);
    CHECK(impls->at("level") == "note");
    CHECK(impls->at("file") == "src/lib.rs");
    CHECK(contains(impls->at("message"), "gcfx-prop-unused depends on arbitrary to implement its Arbitrary trait"));
}

namespace {

// The fns inside `quickcheck! {` blocks of every .rs file under `dir`, by a line-wise grep
// with brace counting: independent of the gate's scanner.
std::set<std::string> grep_quickcheck_fns(const fs::path& dir) {
    static const std::regex fn(R"(\bfn\s+(\w+))");
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.path().extension() != ".rs") {
            continue;
        }
        std::ifstream in(e.path());
        int depth = 0;
        for (std::string line; std::getline(in, line);) {
            if (depth == 0 && line.find("quickcheck! {") == std::string::npos) {
                continue;
            }
            std::smatch m;
            if (depth > 0 && std::regex_search(line, m, fn)) {
                out.insert(m[1].str());
            }
            for (const char c : line) {
                depth += c == '{' ? 1 : (c == '}' ? -1 : 0);
            }
        }
    }
    return out;
}

}  // namespace

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// memchr 2.5.0 with its five `prefilter_permutations` tests #[ignore]d: they hold no property
// and take 40 s each here (two minutes of every run). Written from a pristine copy only where
// a file changes, so cargo's build stays warm between runs.
Crate memchr_without_slow_tests() {
    const auto pristine = copy_crate("/usr/share/cargo/registry/memchr-2.5.0", "prop-memchr-src");
    const Crate crate{pristine.dir.parent_path() / "prop-memchr", pristine.target_dir.parent_path() / "prop-memchr"};
    for (const auto& e : fs::recursive_directory_iterator(pristine.dir)) {
        const auto dest = crate.dir / fs::relative(e.path(), pristine.dir);
        if (e.is_directory()) {
            fs::create_directories(dest);
            continue;
        }
        auto text = read_text(e.path());
        const std::string slow = "    fn prefilter_permutations() {";
        if (const auto at = text.find(slow); at != std::string::npos) {
            text.insert(at, "    #[ignore = \"gatecheck e2e: slow, no property\"]\n");
        }
        if (!fs::exists(dest) || read_text(dest) != text) {
            write(dest, text);
        }
    }
    fs::create_directories(crate.target_dir);
    return crate;
}

}  // namespace

TEST_CASE("property-tests: memchr's quickcheck properties equal cargo test --list restricted to them") {
    const auto crate = memchr_without_slow_tests();
    // quickcheck's own knob: 10 cases per property instead of 100; which tests are properties
    // does not depend on it.
    const auto r = gatecheck(crate, {"--gate", "property-tests", "--gate", "unit-tests"}, {{"QUICKCHECK_TESTS", "10"}});
    INFO(r.out << r.err);
    const auto fns = grep_quickcheck_fns(crate.dir / "src");
    REQUIRE(fns.size() > 20);
    const auto list = run_program({"cargo", "test", "--lib", "--", "--list", "--format", "terse"}, crate.dir,
                                  {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    REQUIRE(list.exit_code == 0);
    std::set<std::string> expected;
    std::istringstream lines(list.out);
    for (std::string line; std::getline(lines, line);) {
        if (!line.ends_with(": test")) {
            continue;
        }
        const std::string name = line.substr(0, line.size() - 6);
        const auto sep = name.rfind("::");
        if (fns.count(sep == std::string::npos ? name : name.substr(sep + 2)) != 0) {
            expected.insert(name);
        }
    }
    REQUIRE(expected.size() >= 30);
    CHECK(named_tests(r) == expected);
    CHECK(status(r.report, "property-tests") == "pass");
    CHECK(metric(r.report, "property-tests", "quickcheck") == static_cast<double>(expected.size()));
    CHECK(metric(r.report, "property-tests", "passed") == static_cast<double>(expected.size()));
}
