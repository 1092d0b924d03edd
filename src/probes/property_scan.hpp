#pragma once
// Property-based tests found by reading a Rust file: libtest knows a test's name, not which
// framework generated its inputs, so the property-tests gate reads the source for that.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/rust_sources.hpp"

namespace gc::probes {

// The tests of one file that use a property framework: each fn of a `proptest! {}` or
// `quickcheck! {}` block, each fn with a `#[proptest]` or `#[quickcheck]` attribute, and each
// `#[test]` fn whose body uses `TestRunner`, `quickcheck(..)`/`QuickCheck`, `bolero::check!`,
// `proptest!(..)` or `arbitrary::Unstructured`. `prefix` is the file's module path ("" for a
// crate root); inline `mod NAME {}` blocks add to it. Comments and literals are skipped.
// Invocations of the crate's own macros that wrap a framework's (below) count too, resolved
// within the one file; scan_properties and resolve_property_macros do it across a target.
std::vector<PropertyTest> scan_property_tests(std::string_view source, const std::string& prefix = "");

// `NAME! { fn a(..) {..} fn b(..) {..} }` of a macro that is not a framework's: the fns directly
// inside, named as if the invocation were a framework block (its module path prefixed).
struct MacroInvocation {
    std::string macro;
    std::vector<PropertyTest> fns;
};

// What one file says about property tests before the crate's own macros are known.
struct PropertyScan {
    std::vector<PropertyTest> tests;  // found directly (framework blocks, attributes, bodies)
    // A `macro_rules! NAME` whose body invokes a framework's macro or runner: NAME -> framework.
    std::map<std::string, std::string> macros;
    // The other macros each `macro_rules!` body invokes: a macro around a property macro is one.
    std::map<std::string, std::set<std::string>> macro_calls;
    std::vector<MacroInvocation> invocations;  // outside any macro_rules! body
    std::set<std::string> trait_impls;         // frameworks whose `Arbitrary` the file implements or derives
};

PropertyScan scan_properties(std::string_view source, const std::string& prefix = "");

// Adds to each scan's tests the fns of the invocations of property macros that any of `scans`
// (the files of one target) defines, with `via_macro` set, in line order.
void resolve_property_macros(const std::vector<PropertyScan*>& scans);

// The module path of a source file under src/ or tests/<target>/ relative to that root:
// "lib.rs", "main.rs", "mod.rs"-only -> "", "a/b.rs" and "a/b/mod.rs" -> "a::b".
std::string module_path_of(const std::string& relative);

}  // namespace gc::probes
