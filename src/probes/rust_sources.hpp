#pragma once
// The walk behind the rust-sources probe: the selected packages' .rs files, each read once
// and scanned for what the source-reading gates ask (evidence/rust_sources.hpp).
#include "cargo/workspace.hpp"
#include "evidence/keys.hpp"
#include "evidence/rust_sources.hpp"
#include "probes/cargo_command.hpp"

namespace gc::probes {

// Below each selected package's directory: every .rs file of src/ and tests/ (all depths),
// and of the rest of the directory except target/ and hidden directories; its Cargo.toml and
// its library roots. A file or directory that cannot be read is an `error`: a gate must never
// pass on sources it did not see. `scope` gives the features the run enables, against which the
// scans judge `#[cfg(feature = "..")]` (default features when not given).
Probed<RustSources> read_rust_sources(const Workspace& ws, const TargetScope& scope = {});

// The per-file facts of one source text (async scopes, unsafe regions, `// SAFETY:` lines).
RustSource scan_rust_source(std::string_view text);

}  // namespace gc::probes
