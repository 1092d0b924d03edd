#include "evidence/test_location.hpp"
#include "core/text.hpp"

#include <charconv>
#include <regex>

namespace gc {
namespace {}  // namespace

std::optional<SourceLocation> panic_location(std::string_view output) {
    static const std::regex re(R"((?:panicked at|as expected at) ([^\s:]+):(\d+):(\d+))");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(output.begin(), output.end(), m, re)) {
        return std::nullopt;
    }
    const auto line = to_int(m[2].str());
    const auto column = to_int(m[3].str());
    if (!line || !column) {
        return std::nullopt;
    }
    return SourceLocation{m[1].str(), *line, *column};
}

std::optional<SourceLocation> doctest_location(std::string_view name) {
    static const std::regex re(R"(^(.+?) - .*\(line (\d+)\)$)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(name.begin(), name.end(), m, re)) {
        return std::nullopt;
    }
    const auto line = to_int(m[2].str());
    if (!line) {
        return std::nullopt;
    }
    return SourceLocation{m[1].str(), *line, 1};
}

}  // namespace gc
