#pragma once
// Pure parsers from the raw output of cargo, rustc, rustdoc, libtest and rustfmt to
// evidence. No I/O: unit-tested on recorded real output (tests/data/) and on garbage.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cargo/workspace.hpp"
#include "core/result.hpp"
#include "probes/evidence.hpp"

namespace gc {

struct CargoArtifact {
    std::string package_id;
    std::string target_name;
    std::vector<std::string> kinds;
    bool test_profile = false;
    std::string executable;  // empty when none
};

struct CargoMessages {
    std::vector<Diagnostic> diagnostics;  // selected workspace packages only, as emitted
    std::vector<CargoArtifact> artifacts;
    std::optional<bool> build_finished;  // absent: the stream was cut short
    std::size_t unparsed_lines = 0;
};

// `cargo ... --message-format=json` on stdout. Lines that are not JSON objects are counted
// (build scripts may print to stdout), never fatal on their own.
CargoMessages parse_cargo_messages(std::string_view out, const Workspace& ws);

// Diagnostics as a user sees them once: --all-targets reports a lib's diagnostics for both
// the lib and its test harness, so keep one per (level, code, file, line, column, message).
std::vector<Diagnostic> distinct(std::vector<Diagnostic> diagnostics);

struct LibtestOutput {
    std::vector<TestCase> tests;
    std::vector<std::string> unfinished;  // started, never reported
    int suites_started = 0;
    int suites_finished = 0;
    long reported_passed = 0;  // sums of the suite summaries
    long reported_failed = 0;
    long reported_ignored = 0;
    std::size_t unparsed_lines = 0;
};

// libtest's `--format json` event stream (one JSON object per line).
LibtestOutput parse_libtest(std::string_view out);

// Where a failed test's output says it panicked ("panicked at src/lib.rs:83:9:").
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};
std::optional<SourceLocation> panic_location(std::string_view output);
// Where a doc test's example is, from its name: "src/lib.rs - Stack<T>::len (line 88)".
std::optional<SourceLocation> doctest_location(std::string_view name);

// rustdoc `--show-coverage --output-format json`: {"src/lib.rs":{"total":..,...}}.
Result<DocCoverage> parse_doc_coverage(std::string_view out);

// `cargo fmt --check` diff output ("Diff in /abs/src/lib.rs:4:" or "... at line 4:").
Result<FmtEvidence> parse_fmt_check(std::string_view out, const Workspace& ws);

// "cargo 1.95.0 (f2d3ce0bd 2026-03-21)" -> itself, trimmed; empty when unrecognised.
std::string parse_version_line(std::string_view out, std::string_view program);

std::string strip_ansi(std::string_view text);

}  // namespace gc
