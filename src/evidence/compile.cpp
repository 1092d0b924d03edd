#include "evidence/compile.hpp"

#include <set>
#include <tuple>
#include <utility>

namespace gc {

std::vector<Diagnostic> distinct(std::vector<Diagnostic> diagnostics) {
    std::set<std::tuple<std::string, std::string, std::string, int, int, std::string>> seen;
    std::vector<Diagnostic> out;
    for (auto& d : diagnostics) {
        if (seen.emplace(d.level, d.code, d.file, d.line, d.column, d.message).second) {
            out.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace gc
