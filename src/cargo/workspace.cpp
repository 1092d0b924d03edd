#include "cargo/workspace.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gc {
namespace {

std::string text_field(const nlohmann::json& pkg, const char* key) {
    const auto it = pkg.find(key);
    return it != pkg.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The variables cargo sets from the manifest (cargo's "Environment variables Cargo sets
// for crates" list, the run-time part of it).
std::vector<std::pair<std::string, std::string>> package_env(const nlohmann::json& pkg, const Package& p) {
    std::vector<std::pair<std::string, std::string>> env{
        {"CARGO_MANIFEST_DIR", p.root().string()},
        {"CARGO_MANIFEST_PATH", p.manifest_path.string()},
        {"CARGO_PKG_NAME", p.name},
        {"CARGO_PKG_VERSION", p.version},
    };
    // 1.2.3-beta.1+build: major, minor, patch, pre (build metadata is not part of any).
    const auto core_end = p.version.find_first_of("-+");
    const std::string core = p.version.substr(0, core_end);
    std::string pre;
    if (core_end != std::string::npos && p.version[core_end] == '-') {
        pre = p.version.substr(core_end + 1, p.version.find('+') == std::string::npos
                                                 ? std::string::npos
                                                 : p.version.find('+') - core_end - 1);
    }
    const auto dot1 = core.find('.');
    const auto dot2 = core.find('.', dot1 == std::string::npos ? dot1 : dot1 + 1);
    env.emplace_back("CARGO_PKG_VERSION_MAJOR", core.substr(0, dot1));
    env.emplace_back("CARGO_PKG_VERSION_MINOR",
                     dot1 == std::string::npos ? "" : core.substr(dot1 + 1, dot2 - dot1 - 1));
    env.emplace_back("CARGO_PKG_VERSION_PATCH", dot2 == std::string::npos ? "" : core.substr(dot2 + 1));
    env.emplace_back("CARGO_PKG_VERSION_PRE", pre);
    std::string authors;
    if (const auto a = pkg.find("authors"); a != pkg.end() && a->is_array()) {
        for (const auto& author : *a) {
            if (author.is_string()) {
                authors += (authors.empty() ? "" : ":") + author.get<std::string>();
            }
        }
    }
    env.emplace_back("CARGO_PKG_AUTHORS", authors);
    for (const auto& [var, key] :
         {std::pair{"CARGO_PKG_DESCRIPTION", "description"}, std::pair{"CARGO_PKG_HOMEPAGE", "homepage"},
          std::pair{"CARGO_PKG_REPOSITORY", "repository"}, std::pair{"CARGO_PKG_LICENSE", "license"},
          std::pair{"CARGO_PKG_LICENSE_FILE", "license_file"}, std::pair{"CARGO_PKG_RUST_VERSION", "rust_version"},
          std::pair{"CARGO_PKG_README", "readme"}}) {
        env.emplace_back(var, text_field(pkg, key));
    }
    return env;
}

}  // namespace

bool CargoTarget::is_library() const {
    return std::any_of(kinds.begin(), kinds.end(), [](const std::string& k) {
        return k == "lib" || k == "rlib" || k == "dylib" || k == "cdylib" || k == "staticlib" || k == "proc-macro";
    });
}

std::string CargoTarget::kind() const {
    if (is_library()) {
        return "lib";
    }
    for (const auto& k : kinds) {
        if (k == "bin" || k == "test" || k == "bench" || k == "example") {
            return k;
        }
    }
    return kinds.empty() ? std::string() : kinds.front();
}

bool Package::has_library() const {
    return std::any_of(targets.begin(), targets.end(), [](const CargoTarget& t) { return t.is_library(); });
}

const Package* Workspace::find_by_id(std::string_view id) const {
    for (const auto& p : members) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

const Package* Workspace::find_by_name(std::string_view name) const {
    for (const auto& p : members) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

bool Workspace::is_selected_id(std::string_view id) const {
    return std::any_of(selected.begin(), selected.end(), [&](std::size_t i) { return members[i].id == id; });
}

std::vector<const Package*> Workspace::selected_packages() const {
    std::vector<const Package*> out;
    out.reserve(selected.size());
    for (const std::size_t i : selected) {
        out.push_back(&members[i]);
    }
    return out;
}

std::string Workspace::relative(const std::string& file) const {
    const std::filesystem::path p(file);
    if (p.is_relative()) {
        return p.lexically_normal().generic_string();
    }
    const auto rel = p.lexically_relative(root);
    if (!rel.empty() && *rel.begin() != "..") {
        return rel.generic_string();
    }
    return p.generic_string();
}

namespace {

// A dependency is named in features by its rename when it has one.
void read_features(const nlohmann::json& pkg, Package& p) {
    if (pkg.contains("features") && pkg.at("features").is_object()) {
        p.features = pkg.at("features").get<std::map<std::string, std::vector<std::string>>>();
    }
    for (const auto& dep : pkg.value("dependencies", nlohmann::json::array())) {
        p.dependency_names.insert(dep.value("name", std::string()));
        if (dep.value("optional", false)) {
            const auto& rename = dep.contains("rename") ? dep.at("rename") : nlohmann::json();
            p.optional_dependencies.insert(rename.is_string() ? rename.get<std::string>()
                                                              : dep.at("name").get<std::string>());
        }
    }
}

}  // namespace

Result<Workspace> parse_cargo_metadata(std::string_view json) {
    const auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(ErrorKind::input, "cargo metadata printed output that is not JSON");
    }
    try {
        Workspace ws;
        ws.root = doc.at("workspace_root").get<std::string>();
        ws.target_dir = doc.at("target_directory").get<std::string>();
        const auto& members = doc.at("workspace_members");
        for (const auto& pkg : doc.at("packages")) {
            const auto id = pkg.at("id").get<std::string>();
            if (std::find(members.begin(), members.end(), id) == members.end()) {
                continue;
            }
            Package p;
            p.id = id;
            p.name = pkg.at("name").get<std::string>();
            p.version = pkg.at("version").get<std::string>();
            p.manifest_path = pkg.at("manifest_path").get<std::string>();
            p.edition = text_field(pkg, "edition");
            p.has_features = pkg.contains("features") && pkg.at("features").is_object() && !pkg.at("features").empty();
            read_features(pkg, p);
            p.cargo_env = package_env(pkg, p);
            for (const auto& t : pkg.at("targets")) {
                CargoTarget target;
                target.name = t.at("name").get<std::string>();
                target.kinds = t.at("kind").get<std::vector<std::string>>();
                target.src_path = t.at("src_path").get<std::string>();
                target.doctest = t.value("doctest", false);
                target.test = t.value("test", true);
                if (t.contains("required-features") && t.at("required-features").is_array()) {
                    target.required_features = t.at("required-features").get<std::vector<std::string>>();
                }
                p.targets.push_back(std::move(target));
            }
            ws.members.push_back(std::move(p));
        }
        // Keep cargo's member order (workspace_members), not the packages array's.
        std::vector<Package> ordered;
        for (const auto& id : members) {
            for (auto& p : ws.members) {
                if (p.id == id.get<std::string>()) {
                    ordered.push_back(std::move(p));
                }
            }
        }
        ws.members = std::move(ordered);
        return ws;
    } catch (const nlohmann::json::exception& e) {
        return make_error(ErrorKind::input, fmt::format("unexpected cargo metadata output: {}", e.what()));
    }
}

}  // namespace gc
