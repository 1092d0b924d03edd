// The registry of report formats: one row per renderer.
#include "report/render.hpp"

namespace gc {

const std::vector<Format>& report_formats() {
    static const std::vector<Format> formats{
        {"human", &render_human},
        {"json", [](const Report& r, const RenderOptions& /*options*/) { return render_json(r); }},
    };
    return formats;
}

}  // namespace gc
