// The registry of report formats: one row per renderer.
#include "report/perf_section.hpp"
#include "report/render.hpp"

namespace gc {

const std::vector<Format>& report_formats() {
    static const std::vector<Format> formats{
        {"human", &render_human},
        {"json", [](const Report& r, const RenderOptions& /*options*/) { return render_json(r); }},
        // The spec's "Performance Analysis" block alone, for a README or a PR comment.
        {"perf-md", [](const Report& r,
                       const RenderOptions& /*options*/) { return render_perf_markdown(performance_analysis(r)); }},
    };
    return formats;
}

}  // namespace gc
