// Reading what `cargo metadata` leaves out of a member's own Cargo.toml.
#include <algorithm>

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

}  // namespace

void read_harness_flags(Workspace& ws) {
    for (auto& pkg : ws.members) {
        toml::table manifest;
        try {
            manifest = toml::parse_file(pkg.manifest_path.string());
        } catch (const toml::parse_error&) {
            continue;  // cargo metadata read it; whatever it makes of it stands
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
