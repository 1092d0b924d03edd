#pragma once
// Renderers: one per format, each a function of the report model alone.
#include <cstddef>
#include <string>
#include <vector>

#include "report/model.hpp"

namespace gc {

struct RenderOptions {
    bool color = false;
    int verbosity = 0;  // -1 quiet, 0 normal, 1+ verbose
    // At most this many bytes (0: no limit): the consumer drops a larger file without a word
    // (GitHub's step summary, 1 MiB). A format that has a limit cuts visibly below it.
    std::size_t max_bytes = 0;
};

std::string render_human(const Report& report, const RenderOptions& options);
std::string render_json(const Report& report);
std::string render_github(const Report& report, const RenderOptions& options);
std::string render_markdown(const Report& report, const RenderOptions& options);
std::string render_sarif(const Report& report);        // report/sarif_renderer.cpp
std::string render_junit(const Report& report);        // report/junit_renderer.cpp
std::string render_codequality(const Report& report);  // report/codequality_renderer.cpp

using Renderer = std::string (*)(const Report&, const RenderOptions&);
// One row of the format registry: what --report FORMAT[=FILE] accepts and --help lists.
struct Format {
    const char* name;
    const char* description;   // one line for --help
    const char* default_file;  // the file `--report FORMAT=DIR/` writes in DIR
    // Whether a run stopped by a usage or configuration error (exit 2) still writes it: a
    // machine-read file that says so, rather than a stale one from the last run.
    bool on_usage_error;
    Renderer render;
};
// Every format --report accepts, in --help's order (report/formats.cpp).
const std::vector<Format>& report_formats();

}  // namespace gc
