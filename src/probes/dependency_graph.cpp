#include "probes/dependency_graph.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace gc {
namespace {

using nlohmann::json;

// An edge is dev-only when every kind cargo lists for it is "dev". No list (cargo before
// 1.41) counts as a normal dependency: followed, never silently dropped.
bool dev_only(const json& dep) {
    const auto kinds = dep.find("dep_kinds");
    if (kinds == dep.end() || !kinds->is_array() || kinds->empty()) {
        return false;
    }
    return std::all_of(kinds->begin(), kinds->end(), [](const json& k) {
        const auto kind = k.find("kind");
        return kind != k.end() && kind->is_string() && kind->get<std::string>() == "dev";
    });
}

DependencyPackage read_package(const json& p) {
    DependencyPackage pkg{
        p.at("id").get<std::string>(), p.at("name").get<std::string>(), p.at("version").get<std::string>(), {}};
    if (const auto c = p.find("categories"); c != p.end() && c->is_array()) {
        for (const auto& slug : *c) {
            if (slug.is_string()) {
                pkg.categories.push_back(slug.get<std::string>());
            }
        }
    }
    return pkg;
}

}  // namespace

Result<DependencyGraph> parse_dependency_graph(std::string_view text) {
    const auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(ErrorKind::input, "cargo metadata printed output that is not JSON");
    }
    try {
        const auto resolve = doc.find("resolve");
        if (resolve == doc.end() || !resolve->is_object()) {
            return make_error(ErrorKind::input, "cargo metadata printed no dependency graph (no \"resolve\")");
        }
        DependencyGraph graph;
        for (const auto& p : doc.at("packages")) {
            auto pkg = read_package(p);
            graph.packages.emplace(pkg.id, std::move(pkg));
        }
        for (const auto& node : resolve->at("nodes")) {
            auto& edges = graph.deps[node.at("id").get<std::string>()];
            for (const auto& dep : node.at("deps")) {
                edges.push_back(DependencyEdge{dep.at("pkg").get<std::string>(), dev_only(dep)});
            }
        }
        return graph;
    } catch (const json::exception& e) {
        return make_error(ErrorKind::input, fmt::format("unexpected cargo metadata output: {}", e.what()));
    }
}

}  // namespace gc
