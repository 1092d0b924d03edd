#pragma once
// Typed evidence: what probes learn from external commands, and all that gates may read.
// Gates never run anything; adding a gate adds a view over this, not another run.
#include <map>
#include <optional>
#include <string>
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
    [[nodiscard]] const ToolProblem* problem() const { return std::get_if<ToolProblem>(&v_); }

private:
    std::variant<std::monostate, T, ToolProblem> v_;
};

struct Diagnostic {
    std::string package;  // package name
    std::string level;    // "error", "warning", "note", "help", "failure-note"
    std::string code;     // "clippy::doc_markdown", "dead_code", "E0308", or empty
    std::string message;
    std::string file;  // as rustc printed it: relative to the workspace root for members
    int line = 0;
    int column = 0;
    std::string rendered;
};

// One cargo build-like run (check, clippy): diagnostics of the selected packages only.
struct CompileEvidence {
    std::vector<Diagnostic> diagnostics;
    bool success = false;            // cargo's own build-finished verdict and exit code
    std::string args;                // what was built, e.g. "--all-targets --all-features"
    std::vector<std::string> notes;  // e.g. "--all-features does not build; default features checked"
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

struct TestBinary {
    std::string package;
    std::string package_root;  // directory of its Cargo.toml (the cwd cargo test would use)
    std::string target;        // target name
    std::string kind;          // "lib", "bin", "test", "bench", "example", "proc-macro"
    std::string executable;
};

struct TestCase {
    enum class Result { passed, failed, ignored };
    std::string name;
    Result result = Result::passed;
    std::string output;  // captured stdout of a failed test, or libtest's message
    double seconds = 0;
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
};

struct BinaryRun {
    TestBinary binary;
    Probed<TestRun> run;
};

struct TestBuildEvidence {
    std::vector<TestBinary> binaries;
    std::vector<Diagnostic> diagnostics;
    bool success = false;
};

struct Toolchain {
    std::string rustc;
    std::string cargo;
};

struct Evidence {
    Probed<CompileEvidence> check;
    Probed<CompileEvidence> clippy;
    Probed<FmtEvidence> fmt;
    std::map<std::string, Probed<DocCoverage>> doc_coverage;  // by package
    Probed<TestBuildEvidence> test_build;
    std::vector<BinaryRun> test_runs;                 // one per test binary
    std::map<std::string, Probed<TestRun>> doctests;  // by package
    Toolchain toolchain;
    // Per probe id, how long it took: gates report the time of the evidence they read.
    std::map<std::string, long long> probe_ms;
};

}  // namespace gc
