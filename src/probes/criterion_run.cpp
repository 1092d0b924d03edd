#include "probes/criterion_run.hpp"

#include <cctype>

namespace gc {

std::vector<std::string> parse_criterion_list(std::string_view out) {
    return parse_listed_ids(out, ": bench");
}

std::vector<std::string> parse_listed_ids(std::string_view out, std::string_view suffix) {
    std::vector<std::string> ids;
    while (!out.empty()) {
        const auto nl = out.find('\n');
        auto line = out.substr(0, nl);
        out = nl == std::string_view::npos ? std::string_view{} : out.substr(nl + 1);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.size() > suffix.size() && line.ends_with(suffix)) {
            ids.emplace_back(line.substr(0, line.size() - suffix.size()));
        }
    }
    return ids;
}

std::string exact_filter(std::string_view id) {
    std::string out = "^";
    for (const char c : id) {
        if (std::string_view(R"(\.+*?()|[]{}^$#&-~)").find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out + "$";
}

std::string bench_slug(std::string_view package, std::string_view target, std::string_view id) {
    std::string out;
    for (const std::string_view part : {package, target, id}) {
        if (!out.empty()) {
            out += '.';
        }
        for (const char c : part) {
            const bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
            out += keep ? c : '_';
        }
    }
    return out;
}

}  // namespace gc
