#pragma once
// A flavour of the test pipeline: the same steps (build the test binaries, run each with
// libtest JSON, killed with its process group at the timeout) with its own RUSTFLAGS, cargo
// arguments, environment and target dir. `plain` is the user's own build; instrumented
// flavours (coverage, asan, tsan, miri) own `<target-dir>/gatecheck/<name>`, so they never
// invalidate the user's build nor each other's.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cargo/workspace.hpp"
#include "evidence/test_keys.hpp"

namespace gc {

using Environment = std::map<std::string, std::string>;

// Its name and evidence keys are TestKeys: what gates see of it.
struct Flavour : TestKeys {
    std::vector<std::string> rustflags;                    // added after the user's own
    std::vector<std::string> cargo_args;                   // e.g. "--target", "x86_64-unknown-linux-gnu"
    std::vector<std::pair<std::string, std::string>> env;  // for the build and every run
    // Build with `--target <host>`, the host asked of rustc first: cargo then applies the
    // RUSTFLAGS to the crate and its dependencies only, never to build scripts and proc
    // macros (an instrumented proc macro cannot be loaded by the compiler).
    bool host_target = false;
    // A cfg that rustc must report with the flavour's flags (`sanitize="address"`); when it
    // does not (the target has no such support), the flavour's evidence is `unavailable`.
    std::string required_cfg{};
    // Coverage: a dir inside the flavour's target dir that every test process writes its
    // LLVM profile to (LLVM_PROFILE_FILE=<dir>/%p-%m.profraw), emptied before the runs.
    std::string profile_dir{};

    [[nodiscard]] std::filesystem::path target_dir(const Workspace& ws) const;
    [[nodiscard]] std::filesystem::path profile_path(const Workspace& ws) const { return target_dir(ws) / profile_dir; }
};

Flavour plain_flavour();
// The test binaries under AddressSanitizer (the sanitizer gate): stable rustc with
// RUSTC_BOOTSTRAP=1, `--target <host>`, one test at a time so an abort names its test.
Flavour asan_flavour();
// The test binaries built with -C instrument-coverage (the coverage gate), for the host
// like asan so that build scripts and proc macros are not instrumented.
Flavour coverage_flavour();
// The test binaries under ThreadSanitizer (the concurrency-tests gate): like asan, with
// -Cunsafe-allow-abi-mismatch=sanitizer because std is not instrumented (no rust-src here
// for -Zbuild-std), and halt_on_error=0 so every race of a run is reported.
Flavour tsan_flavour();

// The user's RUSTFLAGS as cargo reads them from the environment: CARGO_ENCODED_RUSTFLAGS
// (0x1f-separated) wins over RUSTFLAGS (whitespace-separated) when set, even empty.
std::vector<std::string> user_rustflags(const Environment& env);
// The same for any of cargo's flag variables: `var` is "RUSTFLAGS" or "RUSTDOCFLAGS".
std::vector<std::string> user_flags(const Environment& env, const std::string& var);

// The environment changes a flavour's commands need: its RUSTFLAGS appended to the user's
// and passed as CARGO_ENCODED_RUSTFLAGS (so an inherited one cannot override them), with
// RUSTFLAGS removed; plus the flavour's own variables. Nothing for `plain`.
struct EnvChanges {
    std::vector<std::pair<std::string, std::string>> set;
    std::vector<std::string> unset;
};
EnvChanges flavour_environment(const Flavour& flavour, const Environment& inherited);

}  // namespace gc
