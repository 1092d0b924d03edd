#include "report/locations.hpp"

#include <filesystem>

namespace gc {
namespace {

namespace fs = std::filesystem;

// The directory finding.file is relative to; reports written before workspace_root was
// recorded fall back to the target's path.
fs::path workspace_dir(const Report& report) {
    return fs::path(report.workspace_root.empty() ? report.target_path : report.workspace_root);
}

fs::path repo_dir(const Report& report) {
    return report.repo_root.empty() ? workspace_dir(report) : fs::path(report.repo_root);
}

std::string relative_to_repo(const Report& report, const fs::path& absolute) {
    const fs::path base = repo_dir(report);
    if (base.empty() || !absolute.is_absolute()) {
        return absolute.lexically_normal().generic_string();
    }
    const fs::path rel = absolute.lexically_normal().lexically_relative(base.lexically_normal());
    // Outside the repository (a path dependency elsewhere): keep it as the report has it.
    if (rel.empty() || *rel.begin() == "..") {
        return absolute.lexically_normal().generic_string();
    }
    return rel.generic_string();
}

}  // namespace

std::string manifest_location(const Report& report) {
    if (report.packages.size() == 1 && !report.packages.front().manifest_path.empty()) {
        return relative_to_repo(report, fs::path(report.packages.front().manifest_path));
    }
    return relative_to_repo(report, workspace_dir(report) / "Cargo.toml");
}

std::string repo_relative_path(const Report& report, const Finding& finding) {
    if (finding.file.empty()) {
        return manifest_location(report);
    }
    const fs::path file(finding.file);
    if (file.is_absolute()) {
        return relative_to_repo(report, file);
    }
    if (workspace_dir(report).empty()) {
        return file.lexically_normal().generic_string();
    }
    return relative_to_repo(report, workspace_dir(report) / file);
}

std::string packages_label(const Report& report) {
    std::string out;
    for (const auto& p : report.packages) {
        out += (out.empty() ? "" : "+") + p.name;
    }
    return out.empty() ? "workspace" : out;
}

}  // namespace gc
