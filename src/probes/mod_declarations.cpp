#include "probes/mod_declarations.hpp"

#include <cctype>
#include <regex>

#include "probes/cfg_features.hpp"
#include "probes/concurrency_scan.hpp"

namespace gc::probes {
namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// The `#[path = "P"]` among the attributes between the previous item's end and the `mod`.
std::string path_attribute(std::string_view attributes) {
    static const std::regex path(R"re(#\[\s*path\s*=\s*"([^"]*)"\s*\])re");
    std::match_results<std::string_view::const_iterator> m;
    std::string out;
    auto from = attributes.begin();
    while (std::regex_search(from, attributes.end(), m, path)) {
        out = m[1].str();
        from = m[0].second;
    }
    return out;
}

}  // namespace

std::vector<ModDeclaration> mod_declarations(std::string_view source) {
    const std::string code = code_only(source);  // same length: positions match `source`
    std::vector<ModDeclaration> out;
    int depth = 0;
    std::size_t item_start = 0;  // where the current top-level item's attributes may begin
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '{') {
            ++depth;
        } else if (c == '}') {
            depth = depth > 0 ? depth - 1 : 0;
            if (depth == 0) {
                item_start = i + 1;
            }
        } else if (c == ';' && depth == 0) {
            item_start = i + 1;
        }
        if (depth != 0 || code.compare(i, 3, "mod") != 0 || (i > 0 && ident_char(code[i - 1])) ||
            i + 3 >= code.size() || std::isspace(static_cast<unsigned char>(code[i + 3])) == 0) {
            continue;
        }
        std::size_t k = i + 3;
        while (k < code.size() && std::isspace(static_cast<unsigned char>(code[k])) != 0) {
            ++k;
        }
        const std::size_t name_start = k;
        while (k < code.size() && ident_char(code[k])) {
            ++k;
        }
        const std::size_t name_end = k;
        while (k < code.size() && std::isspace(static_cast<unsigned char>(code[k])) != 0) {
            ++k;
        }
        if (name_end == name_start || k >= code.size() || code[k] != ';') {
            continue;  // `mod x { .. }`: inline, its body is this file's
        }
        out.push_back({code.substr(name_start, name_end - name_start),
                       path_attribute(source.substr(item_start, i - item_start)),
                       cfg_predicates(source.substr(item_start, i - item_start),
                                      std::string_view(code).substr(item_start, i - item_start))});
        ;
        i = k - 1;  // the `;` ends the item on the next turn
    }
    return out;
}

std::vector<std::filesystem::path> module_candidates(const std::filesystem::path& file, bool owns_dir,
                                                     const ModDeclaration& decl) {
    const auto dir = file.parent_path();
    if (!decl.path.empty()) {
        return {dir / decl.path};
    }
    const auto base = owns_dir ? dir : dir / file.stem();
    return {base / (decl.name + ".rs"), base / decl.name / "mod.rs"};
}

}  // namespace gc::probes
