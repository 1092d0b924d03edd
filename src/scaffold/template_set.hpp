#pragma once
// The template registry: a template directory's templates.toml names the directories
// (parts) each command renders and the crates whose versions `gatecheck new` resolves.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace gc::scaffold {

struct TemplateSet {
    std::filesystem::path dir;
    std::map<std::string, std::vector<std::string>> parts;  // "lib" -> {"crate", "ci"}
    // [versions]: the crates whose versions `new` resolves with cargo add ({{version_NAME}}),
    // each with the version `--pinned` writes instead.
    std::map<std::string, std::string> pinned;
};

// Where the bundled templates are: $GATECHECK_TEMPLATES, else <prefix>/share/gatecheck/templates
// next to the installed binary, else the source tree's templates/ (a build-tree binary).
std::filesystem::path default_template_dir();

// Reads DIR/templates.toml; an input error (exit 2) names the file and what is wrong.
Result<TemplateSet> load_template_set(const std::filesystem::path& dir);

// Each file of the named part's directories, relative to its part directory, in order.
struct TemplateFile {
    std::filesystem::path source;    // absolute
    std::filesystem::path relative;  // as written into the crate (still a template)
};
Result<std::vector<TemplateFile>> part_files(const TemplateSet& set, const std::string& part);

}  // namespace gc::scaffold
