// The property-tests gate's source scan, on the fixtures' own files and on a real crate's
// file from Debian's registry (memchr 2.5.0's quickcheck template, copied verbatim in
// tests/data/property/).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "probes/property_scan.hpp"
#include "recorded.hpp"

namespace {

std::vector<std::string> names(const std::vector<gc::PropertyTest>& found) {
    std::vector<std::string> out;
    for (const auto& t : found) {
        out.push_back(t.framework + " " + t.name);
    }
    return out;
}

std::string fixture_file(const std::string& relative) {
    return recorded::read_file(std::string(GATECHECK_SOURCE_DIR) + "/tests/fixtures/" + relative);
}

}  // namespace

TEST_CASE("proptest! blocks in nested modules, a TestRunner, never a comment or a string", "[property]") {
    const auto found = gc::probes::scan_property_tests(fixture_file("prop-proptest/src/lib.rs"));
    CHECK(names(found) == std::vector<std::string>{"proptest tests::reverse_twice",
                                                   "proptest tests::nested::add_commutes",
                                                   "proptest tests::runner_by_hand"});
    REQUIRE(found.size() == 3);
    CHECK(found[0].line == 33);
    CHECK_FALSE(found[0].templated);
}

TEST_CASE("an integration test file's tests have no module prefix", "[property]") {
    const auto found = gc::probes::scan_property_tests(fixture_file("prop-proptest/tests/props.rs"));
    CHECK(names(found) == std::vector<std::string>{"proptest roundtrip"});
}

TEST_CASE("quickcheck!, #[quickcheck] by path and quickcheck(..) in a #[test] fn", "[property]") {
    const auto found = gc::probes::scan_property_tests(fixture_file("prop-quickcheck-fail/src/lib.rs"), "some::module");
    CHECK(names(found) == std::vector<std::string>{"quickcheck some::module::tests::never_above_a",
                                                   "quickcheck some::module::tests::subtracting_zero_is_identity",
                                                   "quickcheck some::module::tests::subtracting_one_lowers",
                                                   "quickcheck some::module::tests::by_hand"});
}

TEST_CASE("a crate without property tests, and one that only depends on proptest", "[property]") {
    CHECK(gc::probes::scan_property_tests(fixture_file("prop-unused/src/lib.rs")).empty());
    CHECK(gc::probes::scan_property_tests(fixture_file("clean/src/lib.rs")).empty());
}

TEST_CASE("bolero, arbitrary, #[proptest], and plain tests that use nothing", "[property]") {
    const std::string src = R"rs(
#[cfg(test)]
mod t {
    #[test]
    fn fuzzed() { bolero::check!().for_each(|b: &[u8]| { let _ = b; }); }
    #[test]
    fn structured() { let mut u = arbitrary::Unstructured::new(&[1, 2]); let _ = u.arbitrary::<u8>(); }
    #[test_strategy::proptest]
    fn attr(x: u8) { let _ = x; }
    #[test]
    fn plain() { let s = r#"TestRunner quickcheck("#; assert!(!s.is_empty()); }
    fn helper() { let _ = proptest::test_runner::TestRunner::default(); }
    #[test]
    fn with_lifetime<'a>() { let c = '{'; let _ = c; }
}
)rs";
    CHECK(names(gc::probes::scan_property_tests(src)) ==
          std::vector<std::string>{"bolero t::fuzzed", "arbitrary t::structured", "proptest t::attr"});
}

TEST_CASE("a quickcheck! block inside macro_rules! is a template, matched by name", "[property]") {
    const auto found = gc::probes::scan_property_tests(recorded::read_data("property/memchr-memmem-mod.rs"), "memmem");
    REQUIRE(found.size() == 6);
    CHECK(found[0].name == "qc_fwd_prefix_is_substring");
    CHECK(found[0].templated);
    CHECK(found[0].framework == "quickcheck");
}

TEST_CASE("a file's module path", "[property]") {
    CHECK(gc::probes::module_path_of("lib.rs").empty());
    CHECK(gc::probes::module_path_of("main.rs").empty());
    CHECK(gc::probes::module_path_of("a/b.rs") == "a::b");
    CHECK(gc::probes::module_path_of("tests/memchr/mod.rs") == "tests::memchr");
    CHECK(gc::probes::module_path_of("tests/memchr/memchr.rs") == "tests::memchr::memchr");
}
