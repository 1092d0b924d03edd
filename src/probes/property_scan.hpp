#pragma once
// Property-based tests found by reading a Rust file: libtest knows a test's name, not which
// framework generated its inputs, so the property-tests gate reads the source for that.
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
std::vector<PropertyTest> scan_property_tests(std::string_view source, const std::string& prefix = "");

// The module path of a source file under src/ or tests/<target>/ relative to that root:
// "lib.rs", "main.rs", "mod.rs"-only -> "", "a/b.rs" and "a/b/mod.rs" -> "a::b".
std::string module_path_of(const std::string& relative);

}  // namespace gc::probes
