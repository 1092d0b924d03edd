#pragma once
// Which code the run's features compile: `#[cfg(..)]` predicates judged against the features a
// package enables with the run's flags. Only `feature = "x"` is known here; any other option
// (target_os, test, a `--cfg` from RUSTFLAGS) is unknown, and code behind an unknown predicate
// stays in the scans: a scan may miss code the run leaves out, never drop code it compiles.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cargo/workspace.hpp"
#include "probes/cargo_command.hpp"

namespace gc::probes {

enum class CfgTruth { yes, no, unknown };

// `feature = "a"`, `all(..)`, `any(..)`, `not(..)`, nested; anything else is unknown, and so is
// a predicate that does not parse.
CfgTruth eval_cfg(std::string_view predicate, const std::set<std::string>& features);

// The predicates of the `#[cfg(..)]` attributes in `source` (found in `code`, the same text with
// comments and literals blanked), whitespace collapsed: `feature = "rayon"`.
std::vector<std::string> cfg_predicates(std::string_view source, std::string_view code);

// The features of `pkg` that the run's flags enable, as cargo resolves them: `default` unless
// --no-default-features, the configured ones (`pkg/feat` for this package too), every one with
// --all-features, and the features each of those enables in turn.
std::set<std::string> enabled_features(const Package& pkg, const TargetScope& scope);

// A stretch of a source left out by a `#[cfg(..)]` that is false with the enabled features:
// the attribute and the item, field, statement or arm it is on; `#![cfg(..)]` the whole file.
struct CfgOff {
    std::size_t from = 0;  // byte offsets into the source, inclusive
    std::size_t to = 0;
    std::string predicate;  // `feature = "rayon"`
    [[nodiscard]] bool contains(std::size_t pos) const { return pos >= from && pos <= to; }
};

// `code` is `source` with comments and literals blanked (code_only): same length, so offsets
// match; the predicates are read from `source`, whose strings are intact.
std::vector<CfgOff> cfg_off_ranges(std::string_view source, std::string_view code,
                                   const std::set<std::string>& features);

// The predicate of the first range holding `pos`, or "".
std::string off_at(const std::vector<CfgOff>& ranges, std::size_t pos);

}  // namespace gc::probes
