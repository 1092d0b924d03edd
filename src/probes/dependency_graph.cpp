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

std::vector<ReachedPackage> shipped_packages(const DependencyGraph& graph, const std::vector<std::string>& roots) {
    std::vector<ReachedPackage> out;
    std::set<std::string> seen;
    std::deque<std::pair<std::string, std::string>> queue;  // (id, parent)
    for (const auto& r : roots) {
        queue.emplace_back(r, "");
    }
    while (!queue.empty()) {
        auto [id, parent] = std::move(queue.front());
        queue.pop_front();
        const auto pkg = graph.packages.find(id);
        if (pkg == graph.packages.end() || !seen.insert(id).second) {
            continue;
        }
        out.push_back(ReachedPackage{&pkg->second, parent});
        if (const auto edges = graph.deps.find(id); edges != graph.deps.end()) {
            for (const auto& e : edges->second) {
                if (!e.dev_only) {
                    queue.emplace_back(e.to, id);
                }
            }
        }
    }
    return out;
}

std::string dependency_path(const DependencyGraph& graph, const std::vector<ReachedPackage>& reached,
                            const std::string& id) {
    std::vector<std::string> names;
    std::string at = id;
    while (!at.empty() && names.size() <= reached.size()) {  // bounded: a path never repeats a package
        const auto it =
            std::find_if(reached.begin(), reached.end(), [&](const ReachedPackage& r) { return r.package->id == at; });
        if (it == reached.end()) {
            break;
        }
        names.push_back(graph.packages.at(at).name);
        at = it->parent;
    }
    std::reverse(names.begin(), names.end());
    return fmt::format("{}", fmt::join(names, " -> "));
}

}  // namespace gc
