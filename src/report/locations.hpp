#pragma once
// Where CI systems look for a finding: paths relative to the repository's root, which is
// what GitHub code scanning and GitLab resolve report paths against.
#include <string>

#include "report/model.hpp"

namespace gc {

// finding.file (relative to the workspace root) made relative to the repository root
// (report.repo_root, or the workspace root without one). A finding without a file points
// at the Cargo.toml of the package checked, or of the workspace when several were.
std::string repo_relative_path(const Report& report, const Finding& finding);

// The Cargo.toml that stands for a finding without a file, relative like the above.
std::string manifest_location(const Report& report);

// The packages checked, "a+b" ("workspace" when none is known): names a run for the CI
// system (SARIF's automationDetails, JUnit's classnames).
std::string packages_label(const Report& report);

}  // namespace gc
