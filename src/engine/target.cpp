#include "engine/target.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gc {

namespace fs = std::filesystem;

Result<fs::path> resolve_manifest(const std::string& path) {
    std::error_code ec;
    const fs::path p(path);
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
        return make_error(ErrorKind::input, fmt::format("{}: no such file or directory", path));
    }
    fs::path manifest;
    if (fs::is_directory(st)) {
        manifest = p / "Cargo.toml";
        if (!fs::is_regular_file(manifest)) {
            return make_error(ErrorKind::input,
                              fmt::format("{} is not a Rust crate or workspace: it has no Cargo.toml", path));
        }
    } else if (p.filename() == "Cargo.toml") {
        manifest = p;
    } else {
        return make_error(ErrorKind::input,
                          fmt::format("{} is neither a Cargo.toml nor a directory holding one", path));
    }
    auto canonical = fs::canonical(manifest, ec);
    if (ec) {
        return make_error(ErrorKind::input, fmt::format("{}: {}", manifest.string(), ec.message()));
    }
    return canonical;
}

Status select_packages(Workspace& ws, const fs::path& manifest, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        const auto it =
            std::find_if(ws.members.begin(), ws.members.end(), [&](const Package& p) { return p.name == name; });
        if (it == ws.members.end()) {
            std::string known;
            for (const auto& p : ws.members) {
                known += (known.empty() ? "" : ", ") + p.name;
            }
            return make_error(ErrorKind::usage,
                              fmt::format("-p {}: no such package in the workspace (members: {})", name, known));
        }
        const auto index = static_cast<std::size_t>(it - ws.members.begin());
        if (std::find(ws.selected.begin(), ws.selected.end(), index) == ws.selected.end()) {
            ws.selected.push_back(index);
        }
    }
    if (!names.empty()) {
        return Ok{};
    }
    for (std::size_t i = 0; i < ws.members.size(); ++i) {
        std::error_code ec;  // a member's manifest that is gone is simply not this one
        if (fs::equivalent(ws.members[i].manifest_path, manifest, ec) && manifest.parent_path() != ws.root) {
            ws.selected = {i};
            return Ok{};
        }
    }
    for (std::size_t i = 0; i < ws.members.size(); ++i) {
        ws.selected.push_back(i);
    }
    if (ws.selected.empty()) {
        return make_error(ErrorKind::input, fmt::format("{} defines no packages to check", manifest.string()));
    }
    return Ok{};
}

namespace {

// Every target of the workspace as exclude_targets names it ("bench:parse"), each once.
std::vector<std::string> target_names(const Workspace& ws) {
    std::vector<std::string> names;
    for (const auto& pkg : ws.members) {
        for (const auto& t : pkg.targets) {
            const auto name = t.kind() + ":" + t.name;
            if (t.kind() != "custom-build" && std::find(names.begin(), names.end(), name) == names.end()) {
                names.push_back(name);
            }
        }
    }
    return names;
}

}  // namespace

Status check_exclusions(const ScopeConfig& scope, const Workspace& ws) {
    const auto names = target_names(ws);
    for (const auto& e : scope.exclude_targets) {
        if (std::find(names.begin(), names.end(), e.kind + ":" + e.name) == names.end()) {
            return make_error(ErrorKind::config,
                              fmt::format("{}: exclude_targets: the workspace has no target '{}:{}' (targets: {})",
                                          e.where, e.kind, e.name, fmt::join(names, ", ")));
        }
    }
    return Ok{};
}

Result<Config> load_dir_config(const std::filesystem::path& dir, const GateList& gates) {
    const auto schemas = gate_schemas(gates);
    Config config = default_config(schemas);
    if (auto st = apply_config_dir(config, dir, schemas); !st) {
        return st.error();
    }
    return config;
}

Result<Config> load_config(const Workspace& ws, const GateList& gates, std::vector<std::string>& notes) {
    const auto schemas = gate_schemas(gates);
    Config config = default_config(schemas);
    if (auto st = apply_config_dir(config, ws.root, schemas); !st) {
        return st.error();
    }
    const bool single = ws.selected.size() == 1;
    for (const auto* pkg : ws.selected_packages()) {
        if (pkg->root() == ws.root) {
            continue;
        }
        Config member = single ? config : default_config(schemas);
        if (auto st = apply_config_dir(member, pkg->root(), schemas); !st) {
            return st.error();
        }
        if (single) {
            config = std::move(member);
        } else if (!member.sources.empty()) {
            notes.push_back(fmt::format(
                "{}'s own gatecheck settings ({}) apply only when it is checked alone (-p {}); the workspace's "
                "settings apply to this run",
                pkg->name, member.sources.front(), pkg->name));
        }
    }
    if (auto st = check_exclusions(config.scope, ws); !st) {
        return st.error();
    }
    return config;
}

}  // namespace gc
