#include "scaffold/template_set.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace gc::scaffold {
namespace fs = std::filesystem;

namespace {

fs::path executable_dir() {
    std::array<char, 4096> buf{};
    const auto n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
    if (n <= 0) {
        return {};
    }
    return fs::path(std::string(buf.data(), static_cast<std::size_t>(n))).parent_path();
}

Error bad_set(const fs::path& file, const std::string& what) {
    return make_error(ErrorKind::input, fmt::format("{}: {}", file.string(), what));
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& node) {
    std::vector<std::string> out;
    if (const auto* array = node.as_array()) {
        for (const auto& item : *array) {
            if (const auto* s = item.as_string()) {
                out.push_back(s->get());
            }
        }
    }
    return out;
}

}  // namespace

fs::path default_template_dir() {
    if (const char* env = std::getenv("GATECHECK_TEMPLATES"); env != nullptr && *env != '\0') {
        return env;
    }
    const auto installed = executable_dir() / ".." / "share" / "gatecheck" / "templates";
    std::error_code ec;
    if (fs::exists(installed / "templates.toml", ec)) {
        return fs::weakly_canonical(installed, ec);
    }
    return GATECHECK_SOURCE_TEMPLATES;
}

Result<TemplateSet> load_template_set(const fs::path& dir) {
    const auto file = dir / "templates.toml";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        return make_error(ErrorKind::input,
                          fmt::format("{} is not a template directory: it has no templates.toml", dir.string()));
    }
    toml::table doc;
    try {
        doc = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        return bad_set(file, fmt::format("{}:{}: {}", e.source().begin.line, e.source().begin.column,
                                         std::string(e.description())));
    }
    TemplateSet set;
    set.dir = dir;
    if (const auto* parts = doc["parts"].as_table()) {
        for (const auto& [key, value] : *parts) {
            set.parts[std::string(key.str())] = strings(toml::node_view<const toml::node>(value));
        }
    }
    if (const auto* versions = doc["versions"].as_table()) {
        for (const auto& [key, value] : *versions) {
            const auto* text = value.as_string();
            if (text == nullptr || text->get().empty()) {
                return bad_set(file, fmt::format("[versions] {} must be a version string", key.str()));
            }
            set.pinned[std::string(key.str())] = text->get();
        }
    }
    return set;
}

Result<std::vector<TemplateFile>> part_files(const TemplateSet& set, const std::string& part) {
    const auto it = set.parts.find(part);
    if (it == set.parts.end()) {
        return bad_set(set.dir / "templates.toml", fmt::format("[parts] has no `{}`", part));
    }
    std::vector<TemplateFile> out;
    for (const auto& sub : it->second) {
        const auto root = set.dir / sub;
        std::error_code ec;
        if (!fs::is_directory(root, ec)) {
            return bad_set(set.dir / "templates.toml",
                           fmt::format("part `{}` names `{}`, which is not a directory there", part, sub));
        }
        std::vector<TemplateFile> files;
        for (auto entry = fs::recursive_directory_iterator(root, ec);
             !ec && entry != fs::recursive_directory_iterator(); entry.increment(ec)) {
            if (entry->is_regular_file()) {
                files.push_back({entry->path(), fs::relative(entry->path(), root)});
            }
        }
        if (ec) {
            return bad_set(root, ec.message());
        }
        std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
        out.insert(out.end(), files.begin(), files.end());
    }
    return out;
}

}  // namespace gc::scaffold
