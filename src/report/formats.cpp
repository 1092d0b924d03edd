// The registry of report formats: one row per renderer.
#include "report/perf_section.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

std::string json(const Report& r, const RenderOptions& /*options*/) {
    return render_json(r);
}

std::string sarif(const Report& r, const RenderOptions& /*options*/) {
    return render_sarif(r);
}

std::string junit(const Report& r, const RenderOptions& /*options*/) {
    return render_junit(r);
}

std::string codequality(const Report& r, const RenderOptions& /*options*/) {
    return render_codequality(r);
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
        // SARIF and Code Quality are not written after a usage error: an upload without
        // results would close every open alert. JUnit says why the run stopped.
        {"sarif", "SARIF 2.1.0 for GitHub code scanning (docs/REPORT.md)", "gatecheck.sarif", false, &sarif},
        {"junit", "JUnit XML: one testsuite per gate, for GitLab and Jenkins", "gatecheck-junit.xml", true, &junit},
        {"codequality", "GitLab Code Quality JSON", "gl-code-quality-report.json", false, &codequality},
        {"github", "GitHub Actions annotations, most severe first", "gatecheck-github.txt", true, &render_github},
        {"markdown", "a PR comment or job summary: verdict, what to fix, checklist", "gatecheck.md", false,
         &render_markdown},
        {"perf-md", "the Performance Analysis block (Markdown)", "performance.md", false, &perf_markdown},
    };
    return formats;
}

}  // namespace gc
