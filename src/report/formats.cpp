// The registry of report formats: one row per renderer.
#include "report/perf_section.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

std::string json(const Report& r, const RenderOptions& /*options*/) {
    return render_json(r);
}

// The spec's "Performance Analysis" block alone, for a README or a PR comment.
std::string perf_markdown(const Report& r, const RenderOptions& /*options*/) {
    return render_perf_markdown(r.performance);
}

}  // namespace

const std::vector<Format>& report_formats() {
    static const std::vector<Format> formats{
        {"human", "the checklist and what failed, for a terminal", "gatecheck.txt", false, &render_human},
        {"json", "every gate, finding, test, metric and command (docs/REPORT.md)", "gatecheck.json", true, &json},
        {"github", "GitHub Actions annotations (workflow commands), most severe first", "gatecheck-github.txt", true,
         &render_github},
        {"markdown", "verdict, what to fix, checklist, Performance Analysis: a PR comment or job summary",
         "gatecheck.md", false, &render_markdown},
        {"perf-md", "the Performance Analysis block (Markdown)", "performance.md", false, &perf_markdown},
    };
    return formats;
}

}  // namespace gc
