// Reading what `cargo metadata` leaves out of a member's own Cargo.toml: `harness = false` and [lints].
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include <toml++/toml.h>

#include "cargo/workspace.hpp"

namespace gc {
namespace {

void mark_harnessless(Package& pkg, const std::string& kind, const toml::table& target) {
    const auto harness = target["harness"].value<bool>();
    if (!harness || *harness) {
        return;
    }
    std::string name = target["name"].value_or(std::string());
    if (name.empty() && kind == "lib") {
        name = pkg.name;
    }
    std::replace(name.begin(), name.end(), '-', '_');
    for (auto& t : pkg.targets) {
        std::string target_name = t.name;
        std::replace(target_name.begin(), target_name.end(), '-', '_');
        const bool kind_matches =
            std::find(t.kinds.begin(), t.kinds.end(), kind) != t.kinds.end() || (kind == "lib" && t.is_library());
        if (kind_matches && target_name == name) {
            t.harness = false;
        }
    }
}

std::optional<toml::table> parse_manifest(const std::filesystem::path& path) {
    try {
        return toml::parse_file(path.string());
    } catch (const toml::parse_error&) {
        return std::nullopt;  // cargo metadata read it; whatever it makes of it stands
    }
}

// A [lints] table as the flags cargo gives rustc for it: ordered by priority, then name;
// rustdoc's own lints are not rustc's.
std::vector<std::string> lint_table_flags(const toml::table& lints) {
    static const std::map<std::string, std::string> flag_of{
        {"allow", "-A"}, {"warn", "-W"}, {"deny", "-D"}, {"forbid", "-F"}, {"force-warn", "--force-warn"}};
    std::vector<std::tuple<std::int64_t, std::string, std::string>> entries;
    for (const auto& [tool, table] : lints) {
        const auto* t = table.as_table();
        if (t == nullptr || (tool.str() != "rust" && tool.str() != "clippy")) {
            continue;
        }
        for (const auto& [name, spec] : *t) {
            std::string level = spec.value_or(std::string());
            std::int64_t priority = 0;
            if (const auto* detailed = spec.as_table()) {
                level = (*detailed)["level"].value_or(std::string());
                priority = (*detailed)["priority"].value_or(std::int64_t{0});
            }
            const auto flag = flag_of.find(level);
            if (flag != flag_of.end()) {
                const std::string lint =
                    tool.str() == "clippy" ? "clippy::" + std::string(name.str()) : std::string(name.str());
                entries.emplace_back(priority, lint, flag->second);
            }
        }
    }
    std::sort(entries.begin(), entries.end());
    std::vector<std::string> flags;
    for (const auto& [priority, lint, flag] : entries) {
        flags.push_back(flag);
        flags.push_back(lint);
    }
    return flags;
}

}  // namespace

void read_manifests(Workspace& ws) {
    const auto root = parse_manifest(ws.root / "Cargo.toml");
    for (auto& pkg : ws.members) {
        const auto parsed = parse_manifest(pkg.manifest_path);
        if (!parsed) {
            continue;
        }
        const auto& manifest = *parsed;
        if (const auto* lints = manifest["lints"].as_table()) {
            if ((*lints)["workspace"].value_or(false)) {
                if (const auto* inherited = root ? (*root)["workspace"]["lints"].as_table() : nullptr) {
                    pkg.lint_flags = lint_table_flags(*inherited);
                }
            } else {
                pkg.lint_flags = lint_table_flags(*lints);
            }
        }
        if (const auto* lib = manifest["lib"].as_table()) {
            mark_harnessless(pkg, "lib", *lib);
        }
        for (const auto* kind : {"bin", "test", "bench", "example"}) {
            if (const auto* list = manifest[kind].as_array()) {
                for (const auto& entry : *list) {
                    if (const auto* t = entry.as_table()) {
                        mark_harnessless(pkg, kind, *t);
                    }
                }
            }
        }
    }
}

}  // namespace gc
