#pragma once
// What rustc and clippy lint by default, and which lints each lint group holds, learnt from
// clippy itself, so that gates can add lints to the one shared clippy run and the `clippy`
// gate can still count only what `cargo clippy -- -W clippy::pedantic` alone would report.
//
// The catalog comes from `clippy-driver --edition <edition> -W help` (the rustup proxy,
// run in the crate's directory so rust-toolchain files and `rustup override` apply; no
// crate is built). Default levels depend on the edition: 2015-2021 print the same table,
// 2024 warns on unsafe_op_in_unsafe_fn and denies static_mut_refs.
//
// The catalog models the command line. A lint the crate enables itself is the crate's own
// either way: its attributes through rustc's note on where a lint's level comes from
// (Diagnostic::lint_source), its [lints] table and the user's RUSTFLAGS as extra requests
// (CompileEvidence::crate_lint_flags); see evidence/lint_view.hpp. Known limit: `--force-warn`
// also reports what the crate `#[allow]`s.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gc {

enum class LintLevel { allow, warn, deny, forbid };

struct LintCatalog {
    // Names as diagnostics spell them (`message.code.code`): rustc lints bare ("dead_code"),
    // clippy lints prefixed ("clippy::unwrap_used"), underscores rather than dashes.
    std::map<std::string, LintLevel> default_level;
    // Real groups only ("unused", "clippy::all", "clippy::pedantic", ...), never "warnings"
    // (which help describes in words, not by its members).
    std::map<std::string, std::set<std::string>> groups;
};

// "clippy::must-use-candidate" -> "clippy::must_use_candidate".
std::string normalize_lint_name(std::string_view name);

// A gate asks for "clippy::pedantic" at warn, or "unsafe_code" at force_warn.
struct LintRequest {
    enum class Level { warn, deny, force_warn, allow };
    std::string name;
    Level level = Level::warn;
};

// argv tokens for the requests, in order: "-W", "name", "--force-warn", "name", ... with
// names normalised. Of identical requests only the last is kept: rustc applies lint flags
// in order, the last touching a lint winning (--force-warn always wins), so dropping an
// earlier duplicate never changes a lint's level, while dropping a later one could.
std::vector<std::string> lint_flags(const std::vector<LintRequest>& requests);

// The lint requests among rustc arguments (RUSTFLAGS, or lint_flags' own output): "-W x",
// "-Wx", "--warn=x", "-A", "-D", "-F" (as deny), "--force-warn"; other arguments are skipped.
std::vector<LintRequest> lint_requests(const std::vector<std::string>& rustc_args);

// Every catalogued lint that is on (warn, deny or forbid) with the defaults plus the
// requests applied in order (groups expanded through the catalog), plus uncatalogued
// names the requests turn on by name.
std::set<std::string> enabled_lints(const LintCatalog& catalog, const std::vector<LintRequest>& requests);

// Whether a diagnostic with this lint code would be reported by the defaults plus
// `requests` alone. A diagnostic without a lint code (a compile error, or a code like
// E0308) always counts, and so does a lint the catalog does not know and no request names
// (only the defaults or the crate itself can have turned it on).
bool reported_by(const LintCatalog& catalog, const std::vector<LintRequest>& requests, const std::string& code);

// Whether a lint is an error (deny or forbid) with the defaults plus `requests` alone: how
// `cargo clippy` with just those flags would report it.
bool denied_by(const LintCatalog& catalog, const std::vector<LintRequest>& requests, const std::string& code);

}  // namespace gc
