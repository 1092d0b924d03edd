#include "scaffold/render.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

namespace gc::scaffold {
namespace fs = std::filesystem;
namespace {

kainjow::mustache::data to_data(const Variables& vars) {
    kainjow::mustache::data data;
    for (const auto& [key, value] : vars) {
        if (const auto* text = std::get_if<std::string>(&value)) {
            data.set(key, *text);
        } else {
            data.set(key, std::get<bool>(value) ? kainjow::mustache::data::type::bool_true
                                                : kainjow::mustache::data::type::bool_false);
        }
    }
    return data;
}

Result<std::string> render_text(const std::string& text, const kainjow::mustache::data& data,
                                const std::string& where) {
    kainjow::mustache::mustache tmpl{text};
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    if (!tmpl.is_valid()) {
        return make_error(ErrorKind::input, fmt::format("broken template {}: {}", where, tmpl.error_message()));
    }
    auto out = tmpl.render(data);
    if (!tmpl.is_valid()) {
        return make_error(ErrorKind::input, fmt::format("broken template {}: {}", where, tmpl.error_message()));
    }
    return out;
}

Result<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorKind::input, fmt::format("cannot read template {}", path.string()));
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Mustache leaves the newline of a section tag on its own line where the section is off:
// at most one blank line in a row, and one newline at the end, as rustfmt would have it.
std::string tidy_blank_lines(const std::string& text) {
    std::string out;
    std::size_t newlines = 0;
    for (const char c : text) {
        newlines = c == '\n' ? newlines + 1 : 0;
        if (newlines <= 2) {
            out += c;
        }
    }
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
        out.pop_back();
    }
    return out;
}

}  // namespace

Result<std::vector<GeneratedFile>> render_part(const TemplateSet& set, const std::string& part, const Variables& vars) {
    auto files = part_files(set, part);
    if (!files) {
        return files.error();
    }
    const auto data = to_data(vars);
    std::vector<GeneratedFile> out;
    for (const auto& file : *files) {
        auto text = read_file(file.source);
        if (!text) {
            return text.error();
        }
        auto content = render_text(*text, data, file.source.string());
        auto name = render_text(file.relative.string(), data, file.source.string() + " (its file name)");
        if (!content || !name) {
            return content ? name.error() : content.error();
        }
        fs::path relative = *name;
        if (relative.extension() == ".mustache") {
            relative.replace_extension();
        }
        out.push_back({relative, tidy_blank_lines(*content)});
    }
    return out;
}

}  // namespace gc::scaffold
