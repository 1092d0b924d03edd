#pragma once
// What the cargo-based probes share: building cargo commands for the selected packages,
// telling a missing or broken tool from a failing crate, and streaming stdout to parsers.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cargo/workspace.hpp"
#include "evidence/keys.hpp"
#include "probes/parsers.hpp"
#include "process/process.hpp"

namespace gc {

inline constexpr const char* kInstallRust = "install a Rust toolchain (rustup), or put cargo on PATH";

// A target whose root file needs a nightly compiler (`#![feature(test)]`, a libtest `#[bench]`).
struct NightlyTarget {
    std::string kind;  // as CargoTarget::kind(): bench or example
    std::string name;
    std::string file;    // its root file, relative to the workspace root
    std::string reason;  // what needs nightly: "#![feature(test)]", "#[bench]"
};

// What every cargo command of a run builds: the features, and the targets left out.
struct TargetScope {
    std::vector<std::string> features;
    bool no_default_features = false;
    bool all_features = false;
    std::vector<std::pair<std::string, std::string>> excluded;  // (kind, name): ("bench", "parse")
    // Left out of the stable commands too, without configuration: on stable they cannot compile,
    // and one of them would turn every gate that builds all targets into "does not compile". The
    // bench build (RUSTC_BOOTSTRAP=1, its own target dir) still builds them.
    std::vector<NightlyTarget> nightly{};

    // Configured or nightly: what the stable commands leave out.
    [[nodiscard]] bool excludes(const CargoTarget& target) const;
    [[nodiscard]] bool excludes_kind(const std::string& kind) const;
    [[nodiscard]] bool excludes_any() const { return !excluded.empty() || !nightly.empty(); }
    // Only what the configuration leaves out (the bench build's scope).
    [[nodiscard]] bool configured_excludes(const CargoTarget& target) const;
    [[nodiscard]] bool needs_nightly(const CargoTarget& target) const;
};

// The targets a command builds: every target (check, clippy), the test harnesses
// (`cargo build --tests`), none named (rustdoc --lib, test --doc: features only), or the
// library and binaries as they ship (`--lib --bins`: what a plain `cargo check` and cargo-hack
// build, without tests, benches, examples or dev-dependencies).
enum class Targets { all, tests, none, lib_bins };

// The one place cargo's target and feature flags are written. Without exclusions,
// `--all-targets` / `--tests`; with them, the selected packages' remaining targets. A kind
// nothing was taken from keeps its plural flag (`--tests`, `--benches`), because only those
// build the unit-test harness of the library and binaries; naming one test target drops it.
std::vector<std::string> scope_args(const Workspace& ws, const TargetScope& scope, Targets targets);
// Only the feature flags: --features A,B --no-default-features --all-features.
std::vector<std::string> feature_args(const TargetScope& scope);

process::Command cargo_command(const Workspace& ws, std::vector<std::string> args, std::chrono::seconds timeout);
// --manifest-path ROOT/Cargo.toml and the selected packages: --workspace when that is all of
// them, else `-p SPEC` each (package_spec).
std::vector<std::string> package_args(const Workspace& ws);
// What names one member unambiguously to `-p`: its package id when cargo writes ids as package
// id specs (`path+file:///...#1.0.0`); a bare name is ambiguous as soon as a dependency of the
// same name comes from a registry (a member named proc-macro2 whose dev-dependency quote
// pulls the registry's proc-macro2).
std::string package_spec(const Package& pkg);

// `cargo metadata` for the manifest, run before anything else (it decides what to check).
process::Command metadata_command(const std::filesystem::path& manifest, std::chrono::seconds timeout);

// How a missing or broken tool shows in a command's result, if it does.
std::optional<ToolProblem> tool_problem(const process::Completed& result, const process::Command& cmd);
ToolProblem error_problem(std::string reason);
// The lines of a tool's stderr that say what went wrong, on one line: from the first "error" on.
std::string stderr_excerpt(const std::string& err);
bool compile_failed(const std::string& err);

// Feeds stdout, line by line as it arrives, to a parser (any type with `line(string_view)`).
template <class Parser>
class ParserSink final : public process::LineSink {
public:
    template <class... Args>
    explicit ParserSink(Args&&... args) : parser(std::forward<Args>(args)...) {}
    void line(std::string_view text) override { parser.line(text); }
    Parser parser;
};

// Keeps a bounded tail of stdout (for outputs that are only shown, never parsed).
class TailSink final : public process::LineSink {
public:
    explicit TailSink(std::size_t cap = std::size_t{64} << 10U) : cap_(cap) {}
    void line(std::string_view text) override;
    [[nodiscard]] const std::string& text() const { return text_; }

private:
    std::size_t cap_;
    std::string text_;
};

// A target a successful build must report a compiler-artifact for.
struct ExpectedTarget {
    std::string package_id;
    std::string kind;  // as CargoTarget::kind(): lib, bin, test, bench, example
    std::string name;
    bool test_executable = false;  // --tests: the artifact is its test harness, with an executable
};
// What `scope_args(ws, scope, targets)` asks cargo to build, as far as it is sure to be built:
// the selected packages' targets of the kinds the flags name, not excluded, not skipped for
// `test = false` (by --tests) or unmet `required-features`. Targets::none expects nothing.
std::vector<ExpectedTarget> expected_targets(const Workspace& ws, const TargetScope& scope, Targets targets);

// check, clippy, test --no-run: a cargo build that reports in JSON. Compile errors in the
// crate's own code and failing build scripts are evidence against the crate; any other
// failure means there is no evidence. So is a stream with a line that is not JSON, and a
// success without a compiler-artifact for each `expected` target: a success claimed
// without its proof.
Probed<CompileEvidence> judge_compile(const process::Completed& res, const process::Command& cmd,
                                      CargoMessages& messages, const std::vector<ExpectedTarget>& expected);

}  // namespace gc
