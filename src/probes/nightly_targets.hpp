#pragma once
// Which targets need a nightly compiler, read from their root files before anything is planned:
// a stable `cargo check --all-targets` cannot compile them, so the stable commands leave them
// out (TargetScope::nightly) while the bench build, with RUSTC_BOOTSTRAP=1, still builds them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cargo/workspace.hpp"
#include "probes/cargo_command.hpp"

namespace gc::probes {

// What in a crate root's source needs nightly: its first `#![feature(...)]` as written without
// spaces ("#![feature(test)]"), else "#[bench]" for a libtest benchmark; nothing when neither
// appears outside comments, strings and char literals. `#![cfg_attr(nightly, feature(x))]`
// does not count: it compiles on stable.
std::optional<std::string> nightly_feature(std::string_view source);

// The selected packages' bench and example targets whose root file needs nightly, each once,
// except those the scope already excludes. Only those: leaving out a test or binary target
// would take the unit-test harnesses with it (scope_args names the other test targets one by
// one), and every target builds on the library. A root file that cannot be read is not one:
// cargo reports it.
std::vector<NightlyTarget> nightly_targets(const Workspace& ws, const TargetScope& scope);

// The report's one note about them: each file, target and reason, and where they still count.
std::string nightly_note(const std::vector<NightlyTarget>& targets);

}  // namespace gc::probes
