#pragma once
// A lexical scan of a crate's Rust sources for the concurrency-tests gate: where its own
// (non-test) code is concurrent, and which of its tests exercise concurrency. Comments,
// strings and char literals never count. Pure functions over source text.
#include <set>
#include <string>
#include <string_view>

#include "evidence/rust_sources.hpp"

namespace gc::probes {

// The source with comments, strings and char literals blanked out (newlines kept).
std::string code_only(std::string_view source);

// Scans one file. `module_path` is the file's module in its crate ("" for lib.rs, main.rs
// and tests/NAME.rs; "mutex::fair" for src/mutex/fair.rs), prefixed to test names.
// Code inside `#[cfg(test)]` items and test functions is test code: it never counts as a use
// (`all_test_code`: the whole file is, as in tests/NAME.rs). A test exercises concurrency when
// its body does, or calls a function of the test code whose body does. With `features` (the
// package's enabled ones), code behind a `#[cfg(..)]` that is false with them is marked
// (`off_by`) rather than dropped: a gate says what the run left out.
SourceScan scan_source(std::string_view source, const std::string& module_path, bool all_test_code = false,
                       const std::set<std::string>* features = nullptr);

// src/lib.rs -> "", src/mutex/fair.rs -> "mutex::fair", src/mutex/mod.rs -> "mutex";
// `relative` is the path below src/ (or below tests/ for an integration test's modules).
std::string module_of(const std::string& relative);

}  // namespace gc::probes
