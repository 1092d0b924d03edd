#pragma once
// Renders a template part with Mustache (kainjow's header-only library): file contents and
// file names. Nothing is HTML-escaped: the output is source code.
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "scaffold/template_set.hpp"

namespace gc::scaffold {

// A template variable: text, or a flag for {{#name}}...{{/name}} sections.
using Value = std::variant<std::string, bool>;
using Variables = std::map<std::string, Value>;

struct GeneratedFile {
    std::filesystem::path relative;  // inside the crate
    std::string content;
};

// Every file of `part`, rendered. A template that does not parse (an unclosed section, a
// bad delimiter) is an input error naming the file and Mustache's message.
Result<std::vector<GeneratedFile>> render_part(const TemplateSet& set, const std::string& part, const Variables& vars);

}  // namespace gc::scaffold
