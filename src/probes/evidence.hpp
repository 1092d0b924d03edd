#pragma once
// Typed evidence: what probes learn from external commands, and all that gates may read.
// Gates never run anything; adding a gate adds a view over this, not another run.
// Evidence is stored per probe id ("family" or "family:instance") and read through typed
// keys (probes/keys.hpp), so a probe and the gates reading it agree on the type at compile
// time, and a new probe adds a key, not a field here.
#include <any>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "report/model.hpp"

namespace gc {

// Why a probe has no evidence: its tool is missing (`unavailable`, with the install command)
// or it crashed, timed out, was interrupted or printed what we could not parse (`error`).
struct ToolProblem {
    GateStatus status = GateStatus::error;
    std::string reason;
    std::string fix;
};

// Not run yet, the evidence, or the problem that prevented it.
template <class T>
class Probed {
public:
    Probed() = default;
    Probed(T value) : v_(std::move(value)) {}                // NOLINT(google-explicit-constructor)
    Probed(ToolProblem problem) : v_(std::move(problem)) {}  // NOLINT(google-explicit-constructor)
    [[nodiscard]] bool ran() const { return v_.index() != 0; }
    [[nodiscard]] const T* get() const { return std::get_if<T>(&v_); }
    [[nodiscard]] T* get() { return std::get_if<T>(&v_); }
    [[nodiscard]] const ToolProblem* problem() const { return std::get_if<ToolProblem>(&v_); }

private:
    std::variant<std::monostate, T, ToolProblem> v_;
};

// Ends the reason of every clippy.toml entry gatecheck adds (e.g. the async gate's
// disallowed-methods), so that what only gatecheck's configuration reports can be told apart.
inline constexpr std::string_view kGatecheckMark = "[added by gatecheck]";

// Where a lint's level came from, as rustc says in a note on the first diagnostic of each
// lint per compilation: the crate's own attribute ("the lint level is defined here"), the
// command line ("requested on the command line with `-W x`", "`-W x` implied by `-W y`"),
// or the defaults ("`#[warn(x)]` on by default"). Unknown on the diagnostics without the note.
enum class LintSource { unknown, defaults, command_line, crate_attribute };

struct Diagnostic {
    std::string package;  // package name
    std::string level;    // "error", "warning", "note", "help", "failure-note"
    std::string code;     // "clippy::doc_markdown", "dead_code", "E0308", or empty
    std::string message;
    std::string file;  // as rustc printed it: relative to the workspace root for members
    int line = 0;
    int column = 0;
    // rustc's rendered text; past the first few hundred diagnostics of one lint only
    // kGatecheckMark is kept of it (when present): flood output stays bounded in memory.
    std::string rendered;
    std::string snippet{};      // the source line(s) the primary span covers, for fingerprints
    std::string target_kind{};  // the cargo target it was reported for: "lib", "bin", "test", ...
    std::string target_name{};
    LintSource lint_source = LintSource::unknown;
    std::uint64_t rendered_hash = 0;  // of the whole rendered text: tells expansions of one macro apart
};

// One cargo build-like run (check, clippy): diagnostics of the selected packages only.
struct CompileEvidence {
    std::vector<Diagnostic> diagnostics;
    bool success = false;            // cargo's own build-finished verdict and exit code
    std::string args;                // what was built, e.g. "--all-targets --all-features"
    std::vector<std::string> lints;  // clippy: the lint flags of the run, e.g. "-W", "clippy::pedantic"
    // clippy: the clippy.toml keys gatecheck added for its gates (the crate's own keys win).
    std::vector<std::string> config_added;
    // clippy: the lint flags each package sets itself outside its source (Cargo.toml's
    // [lints], the user's RUSTFLAGS), by package name: "-W", "clippy::indexing_slicing", ...
    std::map<std::string, std::vector<std::string>> crate_lint_flags{};
    // A build script that panicked: "build script of `pkg` failed: message (build.rs:3:5)".
    std::vector<std::string> build_script_failures;
};

// `cargo check` as the build gate reads it: with --all-features where the crate has
// features, and then (only when that fails) the default features, so the report can say
// whether the breakage is feature-specific.
struct CheckEvidence {
    Probed<CompileEvidence> all_features;  // not run when the crate has no features or it is off
    Probed<CompileEvidence> default_features;
};

struct FmtFile {
    std::string file;  // relative to the workspace root
    int first_line = 0;
    int hunks = 0;
};

struct FmtEvidence {
    std::vector<FmtFile> files;
};

struct DocCounts {
    long total = 0;
    long with_docs = 0;
    long total_examples = 0;
    long with_examples = 0;
};

struct DocCoverage {
    std::map<std::string, DocCounts> files;  // file as rustdoc printed it
    std::string compile_error;               // set when the crate does not compile
};

// One public item of a library, from rustdoc's JSON (probes/rustdoc_json.hpp says how the
// items are chosen and when each counts, following rustdoc's own --show-coverage).
struct ApiItem {
    std::string path;  // "mycrate::parse::Parser::new"
    std::string kind;  // rustdoc's item kind: "function", "struct", "variant", "struct_field", ...
    std::string file;  // as rustdoc printed it
    int line = 0;
    int column = 0;
    bool documented = false;     // has doc comments (rustdoc's "with_docs")
    bool has_example = false;    // its docs hold a Rust code block that is not `ignore`
    bool counts_docs = true;     // counted in rustdoc's `total`
    bool needs_example = false;  // counted in `total_examples` even without an example
};

// A type of the crate returned as the error of a public function's Result.
struct ErrorType {
    std::string path;
    std::string file;
    int line = 0;
    int column = 0;
    bool implements_error = false;    // impl std::error::Error / core::error::Error
    bool implements_display = false;  // impl std::fmt::Display / core::fmt::Display
    std::string returned_by;          // the first public function (in path order) returning it
    long functions = 0;               // how many public functions return it
};

// rustdoc --output-format json of one library, distilled (never the whole document).
struct RustdocApi {
    int format_version = 0;
    std::string crate_name;
    std::vector<ApiItem> items;
    std::vector<ErrorType> error_types;
    std::string compile_error;  // set when the crate does not compile
};

struct TestBinary {
    std::string package;
    std::string package_root;  // directory of its Cargo.toml (the cwd cargo test would use)
    std::string target;        // target name
    std::string kind;          // "lib", "bin", "test", "bench", "example", "doctest"
    std::string executable;
    bool harness = true;  // false: `harness = false`, run without libtest's flags
};

struct TestCase {
    enum class Result { passed, failed, ignored };
    std::string name;
    Result result = Result::passed;
    std::string output;  // captured stdout of a failed test, or libtest's message
    double seconds = 0;
    std::string message{};   // a failed test's panic message, e.g. "assertion `left == right` failed ..."
    std::string location{};  // where it panicked, "src/lib.rs:83:9", when known
};

// One frame of a sanitizer's stack trace: "#3 0x55fc in krate::f /abs/src/lib.rs:30:20".
struct StackFrame {
    std::string function;
    std::string file;  // as symbolised: absolute, or empty when only the module is known
    int line = 0;
    int column = 0;
};

// One report of AddressSanitizer (or of its LeakSanitizer, one per leaked allocation site)
// from a test binary's stderr.
struct SanitizerReport {
    std::string tool;      // "AddressSanitizer", "LeakSanitizer", "ThreadSanitizer"
    std::string kind;      // "heap-use-after-free", "double-free", "heap-buffer-overflow", "memory-leak", ...
    std::string headline;  // "heap-use-after-free on address 0x... at pc ...", "Direct leak of 32 byte(s) ..."
    std::string access;    // "READ of size 8 at 0x7b9f... thread T2", when the report has one
    std::string summary;   // the SUMMARY line without "SUMMARY: "
    std::vector<StackFrame> frames;  // the first stack: where it happened (for a leak, the allocation)
    std::string test{};              // the test on that stack or running when it aborted, when known
    // ThreadSanitizer: the other access of a data race ("Previous write of size 8 at ... by
    // thread T3") and its stack.
    std::string other_access{};
    std::vector<StackFrame> other_frames{};
};

// The libtest JSON of one test binary (or one package's doctests), with what happened to it.
struct TestRun {
    TestBinary binary;
    std::vector<TestCase> tests;
    long passed = 0;
    long failed = 0;
    long ignored = 0;
    // Set when the binary did not finish normally (hung and killed, crashed, exited early):
    // a failure of the crate's code, not of the tool.
    std::string abnormal;
    std::vector<std::string> unfinished;  // tests started but never reported
    // Instrumented flavours: the sanitizer's reports, and the tests the binary never started
    // because it was aborted (its `--list` minus the tests it reported).
    std::vector<SanitizerReport> sanitizer{};
    std::vector<std::string> not_started{};
    // The binary's peak resident set (wait4's accounting), for the memory gate; 0: not measured.
    std::int64_t max_rss_bytes = 0;
};

struct TestBuildEvidence {
    std::vector<TestBinary> binaries;
    std::vector<Diagnostic> diagnostics;
    bool success = false;
    std::vector<std::string> broken_targets;  // "tests/broken.rs" style names of targets that did not compile
    std::vector<std::string> build_script_failures;
    std::string target{};  // the `--target` it was built for (host_target flavours), else empty
};

struct Toolchain {
    std::string rustc;
    std::string cargo;
};

// A typed name for a probe family's evidence: `EvidenceKey<CompileEvidence>{"clippy"}`.
template <class T>
struct EvidenceKey {
    std::string family;
};

// Every probe's evidence, by probe id. Written on the scheduler's thread while the probes
// run, read by the gates afterwards.
class Evidence {
public:
    // The key alone decides T: a value, a ToolProblem or a Probed<T> all convert.
    template <class T>
    void put(const EvidenceKey<T>& key, const std::string& instance, std::type_identity_t<Probed<T>> value) {
        slots_[key.family][instance] = std::move(value);
    }
    template <class T>
    void put(const EvidenceKey<T>& key, std::type_identity_t<Probed<T>> value) {
        put(key, "", std::move(value));
    }
    // Absent, or stored with another type: "not run", which every gate reads as unknown.
    template <class T>
    [[nodiscard]] const Probed<T>& get(const EvidenceKey<T>& key, const std::string& instance = "") const {
        static const Probed<T> none;
        const auto family = slots_.find(key.family);
        if (family == slots_.end()) {
            return none;
        }
        const auto it = family->second.find(instance);
        const auto* value = it == family->second.end() ? nullptr : std::any_cast<Probed<T>>(&it->second);
        return value != nullptr ? *value : none;
    }
    template <class T>
    [[nodiscard]] Probed<T>* find(const EvidenceKey<T>& key, const std::string& instance = "") {
        const auto family = slots_.find(key.family);
        if (family == slots_.end()) {
            return nullptr;
        }
        const auto it = family->second.find(instance);
        return it == family->second.end() ? nullptr : std::any_cast<Probed<T>>(&it->second);
    }
    // Every instance of a family, in instance order ("doc-coverage:alpha", ":beta").
    template <class T>
    [[nodiscard]] std::vector<std::pair<std::string, const Probed<T>*>> all(const EvidenceKey<T>& key) const {
        std::vector<std::pair<std::string, const Probed<T>*>> out;
        const auto family = slots_.find(key.family);
        if (family == slots_.end()) {
            return out;
        }
        for (const auto& [instance, value] : family->second) {
            if (const auto* typed = std::any_cast<Probed<T>>(&value)) {
                out.emplace_back(instance, typed);
            }
        }
        return out;
    }

    Toolchain toolchain;

private:
    std::map<std::string, std::map<std::string, std::any>> slots_;
};

// "family:instance" or "family": the ids of scheduler tasks and of the report's probes.
std::string probe_id(std::string_view family, std::string_view instance);
std::string_view probe_family(std::string_view id);

}  // namespace gc
