#pragma once
// Renderers: one per format, each a function of the report model alone.
#include <string>
#include <vector>

#include "report/model.hpp"

namespace gc {

struct RenderOptions {
    bool color = false;
    int verbosity = 0;  // -1 quiet, 0 normal, 1+ verbose
};

std::string render_human(const Report& report, const RenderOptions& options);
std::string render_json(const Report& report);

using Renderer = std::string (*)(const Report&, const RenderOptions&);
struct Format {
    const char* name;
    Renderer render;
};
// Every format --report accepts; later formats (junit, sarif, markdown, github) add a row.
const std::vector<Format>& report_formats();

}  // namespace gc
