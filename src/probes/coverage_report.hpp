#pragma once
// Source coverage from LLVM's tools (llvm-profdata, llvm-cov 19): what the coverage probe
// publishes, and the pure parsers behind it, unit-tested on output recorded from the cov-*
// fixtures (tests/data/coverage/).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "evidence/coverage.hpp"

namespace gc {

// `llvm-cov export -summary-only` (JSON, "llvm.coverage.json.export"): every file's line and
// region counts, paths made relative to `root`; files outside `root` or under `target_dir`
// are left out and counted in `outside_files`. Anything that is not that format is an error.
Result<CoverageEvidence> parse_coverage_summary(std::string_view json, const std::filesystem::path& root,
                                                const std::filesystem::path& target_dir);

// `llvm-cov export -format=lcov`: adds each file's never-executed lines (DA:LINE,0) to the
// file of the same absolute path in `ev`. An lcov file whose line counts (LF/LH) disagree with
// the summary is an error: both come from the same profile and objects.
Status add_lcov_lines(CoverageEvidence& ev, std::string_view lcov, const std::filesystem::path& root);

// Where `cargo test --doc` of package `pkg` persists its instrumented doc tests
// (`--persist-doctests`): <coverage target dir>/doctests/<pkg>.
std::filesystem::path persisted_doctests_dir(const std::filesystem::path& target_dir, const std::string& pkg);

// What rustdoc (rustc 1.95) left there: one dir per doc test binary (src_lib_rs_5_0/, or
// merged_doctest_2024_0/ for edition 2024's merged doc tests), each with the binary
// `rust_out`; a compile_fail doc test leaves its dir empty.
struct PersistedDoctests {
    std::vector<std::string> binaries{};  // the rust_out files, sorted
    long dirs{};                          // dirs found, with or without a binary
};
PersistedDoctests list_persisted_doctests(const std::filesystem::path& dir);

// llvm-profdata or llvm-cov older than rustc's profile format (Debian's default LLVM 14 on
// rustc 1.95's profraw v10) says so on stderr in one of a few ways.
bool llvm_too_old(std::string_view err);

// The regex for --ignore-filename-regex: the standard library (/rustc/), Debian's registry,
// cargo's registry and git checkouts (under ~/.cargo and `cargo_home`), and the target dir
// (generated code).
std::string coverage_ignore_regex(const std::filesystem::path& target_dir, const std::filesystem::path& cargo_home);

// Where llvm-profdata and llvm-cov are: `configured` (a dir) when set, else
// /usr/lib/llvm-19/bin, else llvm-profdata-19 / llvm-cov-19 on `path` (a PATH value).
struct LlvmTools {
    std::string profdata;
    std::string cov;
    std::string where;
};
Result<LlvmTools> find_llvm_tools(const std::string& configured, const std::string& path,
                                  const std::filesystem::path& debian_dir = "/usr/lib/llvm-19/bin");

}  // namespace gc
