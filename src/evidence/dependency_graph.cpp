#include "evidence/dependency_graph.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gc {

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
