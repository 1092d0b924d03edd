// The property-tests gate's source scan, on the fixtures' own files and on a real crate's
// file from Debian's registry (memchr 2.5.0's quickcheck template, copied verbatim in
// tests/data/property/).
#include <catch2/catch.hpp>

#include <map>
#include <set>
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

TEST_CASE("properties through the crate's own macro around quickcheck! (indexmap's tests/quick.rs)", "[property]") {
    // indexmap 1.9.2's quickcheck_limit! wraps quickcheck::quickcheck!: its two invocations
    // define 21 properties, which cargo runs as plain #[test]s named after the fns.
    const auto found = gc::probes::scan_property_tests(recorded::read_data("property/indexmap-1.9.2-tests-quick.rs"));
    REQUIRE(found.size() == 21);
    CHECK(found.front().name == "contains");
    CHECK(found.front().line == 77);
    CHECK(found.back().name == "reverse");
    for (const auto& t : found) {
        CHECK(t.framework == "quickcheck");
        CHECK(t.via_macro == "quickcheck_limit");
        CHECK_FALSE(t.templated);
    }
    const auto scan = gc::probes::scan_properties(recorded::read_data("property/indexmap-1.9.2-tests-quick.rs"));
    CHECK(scan.macros == std::map<std::string, std::string>{{"quickcheck_limit", "quickcheck"}});
    CHECK(scan.trait_impls == std::set<std::string>{"quickcheck"});  // impl Arbitrary for Op, Alpha, Large
}

TEST_CASE("a property macro defined in one file and invoked in another, through a second macro", "[property]") {
    auto defs = gc::probes::scan_properties(R"rs(
macro_rules! props {
    ($($(#[$m:meta])* fn $name:ident($($a:ident : $t:ty),*) -> bool $body:block)*) => {
        proptest::proptest! { $( #[test] fn $name($($a in proptest::prelude::any::<$t>()),*) { assert!((|| $body)()); } )* }
    };
}
macro_rules! more_props { ($($t:tt)*) => { props! { $($t)* } }; }
macro_rules! not_props { ($($t:tt)*) => { $($t)* }; }
)rs");
    auto uses = gc::probes::scan_properties(R"rs(
#[cfg(test)]
mod tests {
    more_props! {
        fn commutes(a: u8, b: [u8; 4]) -> bool {
            fn helper() -> bool { true }
            helper() && a == a && b == b
        }
    }
    not_props! {
        fn plain() {}
    }
    unknown_external! {
        fn external(a: u8) -> bool { true }
    }
}
)rs",
                                            "inner");
    CHECK(uses.tests.empty());  // unresolved until the target's macros are known
    gc::probes::resolve_property_macros({&defs, &uses});
    REQUIRE(uses.tests.size() == 1);
    CHECK(uses.tests[0].name == "inner::tests::commutes");
    CHECK(uses.tests[0].framework == "proptest");
    CHECK(uses.tests[0].via_macro == "more_props");
    CHECK(uses.tests[0].line == 5);
}

TEST_CASE("Arbitrary impls name the framework they implement for, tests or not", "[property]") {
    // indexmap 1.9.2's src/arbitrary.rs: `arbitrary` and `quickcheck` impls, each behind its feature.
    const auto scan = gc::probes::scan_properties(recorded::read_data("property/indexmap-1.9.2-src-arbitrary.rs"));
    CHECK(scan.tests.empty());
    CHECK(scan.trait_impls == std::set<std::string>{"arbitrary", "quickcheck"});
    CHECK(gc::probes::scan_properties("impl proptest::arbitrary::Arbitrary for X {}").trait_impls ==
          std::set<std::string>{"proptest"});
    CHECK(
        gc::probes::scan_properties("use arbitrary::Arbitrary;\n#[derive(Debug, Arbitrary)]\nstruct A;").trait_impls ==
        std::set<std::string>{"arbitrary"});
    CHECK(gc::probes::scan_properties("impl Clone for Arbitrary {}\nfn f() {}").trait_impls.empty());
}
