#pragma once
// Pure parsers from the raw output of cargo, rustc, rustdoc, libtest and rustfmt to
// evidence. No I/O: unit-tested on recorded real output (tests/data/) and on garbage.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cargo/workspace.hpp"
#include "core/result.hpp"
#include "evidence/keys.hpp"
#include "evidence/test_location.hpp"

namespace gc {

struct CargoArtifact {
    std::string package_id;
    std::string target_name;
    std::string src_path;
    std::vector<std::string> kinds;
    bool test_profile = false;
    std::string executable;  // empty when none
};

struct CargoMessages {
    std::vector<Diagnostic> diagnostics;  // selected workspace packages only, as emitted
    std::vector<CargoArtifact> artifacts;
    std::map<std::string, std::string> out_dirs;  // package id -> OUT_DIR of its build script
    std::optional<bool> build_finished;           // absent: the stream was cut short
    std::size_t unparsed_lines = 0;
    std::map<std::string, std::size_t> per_code{};  // diagnostics kept so far per lint or error code
    std::size_t first_unparsed_line = 0;            // 1-based line number of stdout; 0: none
    std::string first_unparsed_bytes;               // its first bytes, escaped (it may not be UTF-8)
    // Errors of a selected package with neither code nor place ("linking with `cc` failed",
    // "No space left on device"): not findings in its code, but the reason a build failed.
    std::vector<std::string> unlocated_errors;  // first few, rendered text
};
// Diagnostics of one code kept with their whole rendered text; later ones keep its hash only.
inline constexpr std::size_t kRenderedPerCode = 200;

// `cargo ... --message-format=json` on stdout, fed line by line as cargo prints it. Lines
// that are not JSON objects are counted, and the first one kept (number and first bytes):
// the probes' judgement (judge_compile) refuses a verdict from a stream with any of them.
class CargoMessageParser {
public:
    explicit CargoMessageParser(const Workspace& ws) : ws_(ws) {}
    void line(std::string_view line);
    [[nodiscard]] CargoMessages& result() { return result_; }

private:
    void unparsed(std::string_view line);
    const Workspace& ws_;
    CargoMessages result_;
    std::size_t line_number_ = 0;
};

// The first bytes of a line as printable ASCII: other bytes as \xNN, at most `max` of them.
std::string escaped_prefix(std::string_view line, std::size_t max = 80);
CargoMessages parse_cargo_messages(std::string_view out, const Workspace& ws);

// Build scripts that failed, from cargo's stderr ("failed to run custom build command for
// `pkg v0.1.0 (...)`" and the script's panic): "build script of `pkg` failed: MESSAGE (build.rs:3:5)".
std::vector<std::string> build_script_failures(std::string_view err);

struct LibtestOutput {
    std::vector<TestCase> tests;
    std::vector<std::string> unfinished;  // started, never reported
    int suites_started = 0;
    int suites_finished = 0;
    long reported_passed = 0;  // sums of the suite summaries
    long reported_failed = 0;
    long reported_ignored = 0;
    std::size_t unparsed_lines = 0;
    std::size_t foreign_lines = 0;  // JSON that is not part of libtest's own sequence
};

// libtest's `--format json` event stream (one JSON object per line), fed line by line.
// A test's child process may print JSON of its own to the inherited stdout: events that do
// not fit libtest's sequence (a second suite start, a result for a test never started) are
// counted as foreign and ignored, so they can neither hide a failure nor break the run.
class LibtestParser {
public:
    void line(std::string_view line);
    [[nodiscard]] LibtestOutput finish();

private:
    void suite_event(std::string_view event, std::optional<long> passed, std::optional<long> failed,
                     std::optional<long> ignored);
    LibtestOutput result_;
    std::vector<std::string> running_;
    bool in_suite_ = false;
};
LibtestOutput parse_libtest(std::string_view out);

// A failed test's panic message and location from its captured output, without libtest's
// headers ("---- name stdout ----", "stderr:", "note: run with ..."). Both panic formats:
// "panicked at src/lib.rs:3:5:\nMESSAGE" (Rust >= 1.73) and "panicked at 'MESSAGE', src/lib.rs:3:5".
struct PanicInfo {
    std::string message;
    std::string location;  // "src/lib.rs:3:5", empty when not found
};
std::optional<PanicInfo> panic_info(std::string_view output);

// rustdoc `--show-coverage --output-format json`: {"src/lib.rs":{"total":..,...}}.
Result<DocCoverage> parse_doc_coverage(std::string_view out);

// `cargo fmt --check` diff output ("Diff in /abs/src/lib.rs:4:" or "... at line 4:").
Result<FmtEvidence> parse_fmt_check(std::string_view out, const Workspace& ws);

// "cargo 1.95.0 (f2d3ce0bd 2026-03-21)" -> itself, trimmed; empty when unrecognised.
std::string parse_version_line(std::string_view out, std::string_view program);

std::string strip_ansi(std::string_view text);

}  // namespace gc
