#pragma once
// What cargo's build-like runs (check, clippy, the bench and test builds) say: rustc's and
// clippy's diagnostics, and whether the build succeeded.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/store.hpp"

namespace gc {

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

// Diagnostics as a user sees them once: --all-targets reports a lib's diagnostics for both
// the lib and its test harness, so keep one per (level, code, file, line, column, message).
std::vector<Diagnostic> distinct(std::vector<Diagnostic> diagnostics);

}  // namespace gc
