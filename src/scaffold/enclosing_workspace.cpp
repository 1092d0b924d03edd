#include "scaffold/enclosing_workspace.hpp"

#include <fnmatch.h>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace gc::scaffold {
namespace fs = std::filesystem;
namespace {

bool listed(const toml::table& workspace, const char* key, const std::string& relative) {
    const auto* patterns = workspace[key].as_array();
    if (patterns == nullptr) {
        return false;
    }
    for (const auto& p : *patterns) {
        const auto text = p.value<std::string>();
        if (text &&
            fnmatch(fs::path(*text).lexically_normal().generic_string().c_str(), relative.c_str(), FNM_PATHNAME) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::optional<std::string> unlisted_in_workspace(const fs::path& crate_dir) {
    for (auto dir = crate_dir.parent_path(); !dir.empty(); dir = dir.parent_path()) {
        const auto manifest = dir / "Cargo.toml";
        std::error_code ec;
        if (fs::is_regular_file(manifest, ec)) {
            toml::table doc;
            try {
                doc = toml::parse_file(manifest.string());
            } catch (const toml::parse_error&) {
                return std::nullopt;  // not ours to judge; cargo will say what is wrong with it
            }
            if (const auto* workspace = doc["workspace"].as_table()) {
                const auto rel = crate_dir.lexically_relative(dir).generic_string();
                if (listed(*workspace, "members", rel) || listed(*workspace, "exclude", rel)) {
                    return std::nullopt;
                }
                return fmt::format(
                    "{} is inside the cargo workspace of {}, which does not list it: cargo will not build it until "
                    "\"{}\" is added to [workspace] members (or exclude) there",
                    crate_dir.string(), manifest.string(), rel);
            }
        }
        if (dir == dir.parent_path()) {
            break;
        }
    }
    return std::nullopt;
}

}  // namespace gc::scaffold
