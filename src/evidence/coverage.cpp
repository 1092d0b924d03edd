#include "evidence/coverage.hpp"

#include <fmt/format.h>

namespace gc {

std::string line_ranges(const std::vector<int>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size();) {
        std::size_t j = i;
        while (j + 1 < lines.size() && lines[j + 1] == lines[j] + 1) {
            ++j;
        }
        out +=
            (out.empty() ? "" : ", ") + (i == j ? std::to_string(lines[i]) : fmt::format("{}-{}", lines[i], lines[j]));
        i = j + 1;
    }
    return out;
}

}  // namespace gc
