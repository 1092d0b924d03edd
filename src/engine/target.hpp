#pragma once
// What is being checked: the manifest a path names, the workspace cargo metadata describes,
// the packages selected, and the configuration that applies.
#include <filesystem>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "gates/gate.hpp"

namespace gc {

// PATH (a directory or a Cargo.toml) to the canonical manifest, or an input error.
Result<std::filesystem::path> resolve_manifest(const std::string& path);

// -p names, or what the manifest itself designates (a member's own Cargo.toml checks that
// member, the root all of them).
Status select_packages(Workspace& ws, const std::filesystem::path& manifest, const std::vector<std::string>& names);

// exclude_targets against every target of the workspace (not only the selected packages: the
// same settings serve a run of one member and of all of them).
Status check_exclusions(const ScopeConfig& scope, const Workspace& ws);

// The workspace's configuration, then a single selected member's own. When several members
// are checked, their own settings do not apply, but they are still read, so a typo in one
// is an error instead of being silently ignored. Its exclude_targets are checked against the
// workspace's targets: a name that is not there is an error listing those that are.
Result<Config> load_config(const Workspace& ws, const GateList& gates, std::vector<std::string>& notes);
// The configuration in the manifest's own directory, for a run without cargo (no workspace to
// find members in): still which gates are enabled and required.
Result<Config> load_dir_config(const std::filesystem::path& dir, const GateList& gates);

}  // namespace gc
